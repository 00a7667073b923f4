"""PEP 508 requirements and direct references (URLs, VCS, paths) as PyPI dependencies.

**Requirements.** A PEP 508 string (``requests[socks]>=2.31,<3; python_version < "3.12"``)
becomes one :class:`Dependency`: the name as written (the purl applies PEP 503 normalisation),
the version specifier as written as ``constraint`` (extras and markers left out), and an exact
``version`` only for a single ``==X``/``===X`` without a wildcard. Environment markers never
drop a dependency and never become qualifiers: a requirement for one platform is reported like
any other, with the scope of where it is declared.

**Links.** Direct references (``name @ url``, pip's ``git+https://…#egg=name``) keep the package
and say where it comes from, per the purl spec: VCS URLs become a ``vcs_url`` qualifier
(``git+https://host/repo@rev#subdirectory``), archive URLs a ``download_url`` qualifier (with a
``checksum`` when the URL fragment carries ``sha256=…``); a wheel or sdist file name also gives
the version. Credentials in URLs (``https://TOKEN@host``) are removed, never recorded. Local
directories (``-e .``, ``file:../lib``, ``{ path = "…" }``) are the repository's own code and
are left out; a local archive file (``./wheels/x-1.0-py3-none-any.whl``) is kept, by file name.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import parse_wheel_filename
from packaging.version import Version

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import normalise_pypi, scrub_url, vcs_url
from lodestar.scan.ecosystems.python.common import NAME, make_dependency, spend

MAX_REQUIREMENT = 4096  # characters; a real requirement with a long URL is well under 1,000
_SPECIFIER = re.compile(r"\s*(?:\[[^\]]*\])?\s*\(?([^;@()]*)\)?\s*(?:;.*)?", re.DOTALL)
_VCS = ("git+", "hg+", "svn+", "bzr+")
_SDIST = (".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar", ".zip")
_HASHES = ("sha256", "sha512", "sha384", "sha224", "sha1", "md5")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
PYPI_SIMPLE = ("https://pypi.org/simple", "https://pypi.python.org/simple")


def exact_version(requirement: Requirement) -> str | None:
    """The version of a single ``==X`` / ``===X`` pin (no wildcard), else None."""
    for spec in requirement.specifier:
        if spec.operator in {"==", "==="} and not spec.version.endswith(".*"):
            return spec.version
    return None


def exact_in_specifier(text: str) -> str | None:
    """The version a PEP 440 specifier string (``==2.31.0``, ``>=1,==1.2``) pins, else None."""
    try:
        specifiers = SpecifierSet(text)
    except InvalidSpecifier:
        return None
    for spec in specifiers:
        if spec.operator in {"==", "==="} and not spec.version.endswith(".*"):
            return spec.version
    return None


def parse_requirement(text: str, *, path: str, line: int | None) -> Requirement:
    """A PEP 508 requirement, or ManifestError naming the line."""
    if len(text) > MAX_REQUIREMENT:
        raise ManifestError(
            f"requirement longer than {MAX_REQUIREMENT:,} characters", path=path, line=line
        )
    spend(path, line, 1 + len(text) // 4)
    try:
        return Requirement(text)
    except InvalidRequirement as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "invalid"
        raise ManifestError(
            f"invalid requirement {text[:120]!r}: {reason}", path=path, line=line
        ) from None
    except (ValueError, RecursionError) as exc:  # defensive: the grammar is not recursive today
        raise ManifestError(
            f"invalid requirement {text[:120]!r}: {exc}", path=path, line=line
        ) from None


def requirement_dependency(
    text: str, *, path: str, line: int | None, scope: Scope, direct: bool = True
) -> Dependency | None:
    """The dependency a PEP 508 string declares (None for a local directory reference)."""
    requirement = parse_requirement(text.strip(), path=path, line=line)
    if requirement.url:
        return link_dependency(
            requirement.url, name=requirement.name, path=path, line=line, scope=scope, direct=direct
        )
    rest = text.strip()[len(requirement.name) :]
    match = _SPECIFIER.match(rest)
    written = match.group(1).strip() if match else ""
    return make_dependency(
        requirement.name,
        path=path,
        scope=scope,
        direct=direct,
        version=exact_version(requirement),
        constraint=written or (str(requirement.specifier) or None),
        line=line,
    )


def archive_name_version(filename: str) -> tuple[str, str] | None:
    """(name, version) as a wheel or sdist file name writes them, else None."""
    if filename.endswith(".whl"):
        try:
            parse_wheel_filename(filename)
        except ValueError:
            return None
        name, version = filename.split("-", 2)[:2]
        return name, version
    lowered = filename.lower()
    for ext in _SDIST:
        if lowered.endswith(ext):
            name, sep, version = filename[: -len(ext)].rpartition("-")
            if not sep or NAME.fullmatch(name) is None:
                return None
            try:
                Version(version)
            except ValueError:  # InvalidVersion, or a number too long for int()
                return None
            return name, version
    return None


def is_archive(location: str) -> bool:
    return location.lower().endswith((".whl", *_SDIST))


def is_link(text: str) -> bool:
    """Whether a requirements line names a URL or a path rather than a PEP 508 requirement."""
    return bool(
        _SCHEME.match(text)
        or text.startswith((".", "/", "~", "\\"))
        or "/" in text.split("#", 1)[0]
        or "\\" in text
        or text.lower().startswith("file:")
        or (is_archive(text.split("#", 1)[0]) and "=" not in text)
    )


def link_dependency(
    url: str,
    *,
    name: str | None,
    path: str,
    line: int | None,
    scope: Scope,
    direct: bool,
    constraint: str | None = None,
    version: str | None = None,
) -> Dependency | None:
    """The dependency a URL or path names (see the module doc); None for a local directory.

    ``name`` comes from the requirement, else from ``#egg=``, else from the archive file name,
    else (VCS URLs only) from the repository's last path segment — a guess, documented as such.
    ``version`` (a lock file's resolved version) wins over the one an archive file name gives;
    without it a VCS link has no version (a branch or tag is not a release).
    """
    locked = version
    base, _, fragment = url.strip().partition("#")
    params = dict(parse_qsl(fragment))
    egg = params.get("egg", "").split("[", 1)[0].strip()
    filename = base.rstrip("/").rsplit("/", 1)[-1]
    archive = archive_name_version(filename)
    name = name or (egg if NAME.fullmatch(egg) else None) or (archive[0] if archive else None)
    version = locked or (archive[1] if archive else None)
    if not locked and archive and name and normalise_pypi(archive[0]) != normalise_pypi(name):
        version = None  # the file is not a release of the named project
    qualifiers: dict[str, str] = {}
    lowered = base.lower()
    if lowered.startswith(_VCS):
        version = locked
        if name is None:
            guess = filename.split("@", 1)[0].removesuffix(".git")
            name = guess if NAME.fullmatch(guess) else None
        vcs = scrub_url(base)
        subdirectory = params.get("subdirectory")
        qualifiers["vcs_url"] = f"{vcs}#{subdirectory}" if subdirectory else vcs
    elif lowered.startswith(("http://", "https://", "ftp://")):
        qualifiers["download_url"] = scrub_url(base)
        checksums = [f"{alg}:{params[alg]}" for alg in _HASHES if params.get(alg)]
        if checksums:
            qualifiers["checksum"] = ",".join(checksums)
    elif not archive:
        return None  # a local directory or an unknown scheme: the repository's own code
    if name is None:
        return None
    return make_dependency(
        name,
        path=path,
        scope=scope,
        direct=direct,
        version=version,
        constraint=constraint,
        line=line,
        qualifiers=qualifiers or None,
    )


def git_qualifiers(spec: dict[str, Any]) -> dict[str, str] | None:
    """``{"vcs_url": …}`` for a ``{git = url, rev|tag|branch|ref = …, subdirectory = …}`` table."""
    url = spec.get("git")
    if not isinstance(url, str):
        return None
    ref = next(
        (spec[k] for k in ("rev", "tag", "branch", "ref") if isinstance(spec.get(k), str)), None
    )
    sub = spec.get("subdirectory")
    return {"vcs_url": vcs_url(url, ref, sub if isinstance(sub, str) else None)}


def registry_qualifiers(url: str | None) -> dict[str, str] | None:
    """A ``repository_url`` qualifier for a package index other than PyPI itself."""
    if not url:
        return None
    clean = scrub_url(url).rstrip("/")
    if clean in PYPI_SIMPLE or clean in {"https://pypi.org", "https://pypi.python.org"}:
        return None
    return {"repository_url": clean}
