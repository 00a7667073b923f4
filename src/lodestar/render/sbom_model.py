"""What an SBOM is made of, before it is written as CycloneDX or SPDX.

:class:`SbomSubject` is the renderer's input: one repository at one commit, its licence and the
dependencies its manifests declare. :func:`packages` folds those dependency records into one
:class:`SbomPackage` per package URL, because both formats want one element per package while a
package is often declared by several manifests (``pyproject.toml`` and ``uv.lock``, two
services' ``package.json``) — each of those keeps its manifest path, scope and constraint.
A package's ``depends_on`` is the union of the edges its records carry (what the lock files
record it requires, as canonical purls of packages in the same SBOM), or None when no record
knows them.

Identity is deterministic so that the same scan gives a byte-identical SBOM (given a fixed
``now``): the CycloneDX ``serialNumber`` and the SPDX ``documentNamespace`` are derived with
``uuid5`` from :func:`identity`, which names the organisation, the repository, the full commit,
the Lodestar version and whether fixture dependencies were included — everything that changes the
content except the creation time.

The repository location is published only when it is a remote URL (``https://``, ``ssh://``,
``git://`` or scp-like ``git@host:path``); credentials in it are dropped, and local paths never
leave the machine.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit, urlunsplit

from license_expression import (
    ExpressionError,
    LicenseExpression,
    LicenseSymbol,
    get_spdx_licensing,
)
from packageurl import PackageURL

from lodestar.errors import LodestarError
from lodestar.records import Dependency, Scope
from lodestar.records.vulns import VexStatement, Vulnerability

SHORT_COMMIT = 12  # characters of the commit in versions and names; git's own default is 7+
BASE_URL = "https://lodestar.invalid"  # RFC 2606: a namespace that can never resolve or clash
_LICENSING = get_spdx_licensing()
_SCP_LIKE = re.compile(r"^(?P<user>[A-Za-z0-9._-]+)@(?P<host>[A-Za-z0-9.-]+):(?P<path>[^/].*)$")
_REMOTE_SCHEMES = {"http", "https", "ssh", "git", "git+ssh", "git+https"}


@dataclass(frozen=True, slots=True, kw_only=True)
class SbomSubject:
    """One repository at one commit, as an SBOM describes it.

    ``location`` is the repository's path or URL; only a remote URL is published (see the module
    docstring). ``licence`` is an SPDX expression (``MIT OR Apache-2.0``, ``LicenseRef-…``) or
    None when no licence was found. ``committed_at`` is the ISO 8601 committer date.
    """

    repository: str
    commit: str
    committed_at: str
    organisation: str
    tool_version: str
    dependencies: tuple[Dependency, ...] = ()
    licence: str | None = None
    location: str | None = None
    vulnerabilities: tuple[Vulnerability, ...] = ()
    statements: tuple[VexStatement, ...] = ()

    def __post_init__(self) -> None:
        if not self.repository.strip():
            raise ValueError("SbomSubject.repository must not be empty")
        if not self.commit.strip():
            raise ValueError("SbomSubject.commit must not be empty")

    @property
    def short_commit(self) -> str:
        return self.commit[:SHORT_COMMIT]


@dataclass(frozen=True, slots=True)
class SbomPackage:
    """Every declaration of one package URL, folded into one SBOM element.

    ``occurrences`` are sorted by manifest path and line; ``name`` is the first one's name as
    people write it (``@babel/core``, ``org.slf4j:slf4j-api``). ``depends_on`` holds the refs
    of the packages of the same SBOM it requires (sorted); ``()`` when a lock file records that
    it requires nothing, None when no file records its edges.
    """

    purl: PackageURL
    ref: str  # the canonical purl string
    name: str
    occurrences: tuple[Dependency, ...]
    depends_on: tuple[str, ...] | None = None
    scopes: tuple[Scope, ...] = field(init=False)
    direct: bool = field(init=False)
    fixture: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scopes", _ordered(d.scope for d in self.occurrences))
        object.__setattr__(self, "direct", any(d.direct for d in self.occurrences))
        object.__setattr__(self, "fixture", all(d.fixture for d in self.occurrences))

    @property
    def version(self) -> str | None:
        return self.purl.version

    @property
    def manifests(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.manifest for d in self.occurrences))

    @property
    def licence(self) -> str | None:
        """The declared licence a lock file recorded (the first occurrence's that has one)."""
        return next((d.licence for d in self.occurrences if d.licence), None)

    @property
    def constraints(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.constraint for d in self.occurrences if d.constraint))

    def is_direct(self, scope: Scope) -> bool:
        """Whether any declaration in ``scope`` is a direct one."""
        return any(d.direct for d in self.occurrences if d.scope is scope)


_SCOPE_ORDER = {scope: i for i, scope in enumerate(Scope)}


def _ordered(scopes: Iterable[Scope]) -> tuple[Scope, ...]:
    return tuple(sorted(set(scopes), key=_SCOPE_ORDER.__getitem__))


def packages(
    dependencies: Iterable[Dependency], *, include_fixtures: bool = False
) -> tuple[SbomPackage, ...]:
    """One :class:`SbomPackage` per canonical purl, sorted by purl.

    Fixture dependencies (declared under tests/fixtures/examples) are left out unless
    ``include_fixtures``. Raises LodestarError naming the manifest when a purl does not parse.
    """
    grouped: dict[str, tuple[PackageURL, list[Dependency]]] = {}
    canonical: dict[str, tuple[PackageURL, str]] = {}
    for dep in dependencies:
        if dep.fixture and not include_fixtures:
            continue
        parsed = canonical.get(dep.purl)
        if parsed is None:
            try:
                purl = PackageURL.from_string(dep.purl)
            except ValueError as exc:
                where = f"{dep.manifest}:{dep.line}" if dep.line is not None else dep.manifest
                raise LodestarError(f"{where}: {dep.purl!r} is not a package URL: {exc}") from exc
            parsed = canonical[dep.purl] = (purl, purl.to_string())
        purl, ref = parsed
        grouped.setdefault(ref, (purl, []))[1].append(dep)
    out = []
    for ref in sorted(grouped):
        purl, deps = grouped[ref]
        deps.sort(key=lambda d: (d.manifest, d.line or 0, d.scope, d.name, d.constraint or ""))
        known = [d.depends_on for d in deps if d.depends_on is not None]
        edges = (
            tuple(sorted({canonical[t][1] for e in known for t in e if t in canonical} - {ref}))
            if known
            else None
        )
        out.append(
            SbomPackage(
                purl=purl,
                ref=ref,
                name=deps[0].name,
                occurrences=tuple(deps),
                depends_on=edges,
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Licence:
    """The repository's (or a dependency's) licence, normalised for both formats.

    ``expression`` is the normalised SPDX expression (known ids in their canonical case), or None
    when there is no licence or it could not be used; ``refs`` are its ``LicenseRef-…`` ids, which
    SPDX wants explained in the document; ``problem`` says why a given licence was not usable.
    """

    expression: str | None
    refs: tuple[str, ...] = ()
    problem: str | None = None
    single_id: str | None = None  # the SPDX list id when the expression is exactly one known id


def licence(value: str | None) -> Licence:
    """Parse and normalise an SPDX licence expression with the SPDX licence list."""
    if value is None or not value.strip():
        return Licence(None)
    try:
        parsed = _LICENSING.parse(value, validate=False, strict=True)
    except ExpressionError as exc:
        return Licence(None, problem=f"{value!r} is not a valid SPDX expression: {exc}")
    if parsed is None:
        return Licence(None)
    unknown = []
    refs = []
    for symbol in _LICENSING.license_symbols(parsed, unique=True, decompose=True):
        key = str(symbol.key)
        if key.startswith("LicenseRef-"):
            if re.fullmatch(r"LicenseRef-[A-Za-z0-9.-]+", key) is None:
                unknown.append(key)
            else:
                refs.append(key)
        elif not _is_known(symbol):
            unknown.append(key)
    if unknown:
        names = ", ".join(sorted(unknown))
        return Licence(
            None,
            problem=f"{value!r} uses ids neither on the SPDX licence list nor LicenseRef-: {names}",
        )
    expression = str(parsed)
    single = expression if isinstance(parsed, LicenseSymbol) and not refs else None
    return Licence(expression, tuple(sorted(refs)), single_id=single)


def parse(expression: str) -> LicenseExpression:
    """A normalised expression from :func:`licence` as a license-expression object."""
    return _LICENSING.parse(expression, validate=False, strict=True)


def _is_known(symbol: LicenseSymbol) -> bool:
    return not _LICENSING.unknown_license_keys(symbol)


def timestamp(now: datetime | None) -> datetime:
    """``now`` (or the current time) in UTC, to the second; a naive ``now`` is taken as UTC."""
    moment = datetime.now(UTC) if now is None else now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def identity(subject: SbomSubject, *, include_fixtures: bool) -> str:
    """The URL that names this SBOM's content (all it depends on but the creation time)."""
    path = f"{url_path(subject.organisation, subject.repository)}/{quote(subject.commit, safe='')}"
    variant = f"?lodestar={quote(subject.tool_version, safe='')}"
    if include_fixtures:
        variant += "&fixtures=included"
    return f"{BASE_URL}/sbom/{path}{variant}"


def url_path(*parts: str) -> str:
    """Path segments, each percent-encoded (``/`` too); an empty one becomes ``-``."""
    return "/".join(quote(part, safe="") or "-" for part in parts)


def document_uuid(subject: SbomSubject, *, include_fixtures: bool, fmt: str) -> uuid.UUID:
    """A uuid5 of :func:`identity` and the format, stable across runs."""
    return uuid.uuid5(
        uuid.NAMESPACE_URL, f"{identity(subject, include_fixtures=include_fixtures)}#{fmt}"
    )


def remote_url(location: str | None) -> str | None:
    """The location as a publishable URL without credentials; None for local paths.

    scp-like ``git@host:org/repo.git`` becomes ``ssh://git@host/org/repo.git``.
    """
    if not location:
        return None
    scp = _SCP_LIKE.match(location)
    if scp and "://" not in location:
        return f"ssh://{scp['user']}@{scp['host']}/{scp['path']}"
    try:
        parts = urlsplit(location)
    except ValueError:
        return None
    if parts.scheme.lower() not in _REMOTE_SCHEMES or not parts.hostname:
        return None
    host = parts.hostname
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    if parts.username and parts.scheme.lower() in {"ssh", "git+ssh"}:
        host = f"{parts.username}@{host}"  # the ssh user (git@) is no secret; a password is
    return urlunsplit((parts.scheme.lower(), host, parts.path, "", ""))
