"""PHP packages: ``composer.json`` (what a project requires) and ``composer.lock`` (resolved).

composer.json
    ``require`` → runtime, ``require-dev`` → dev; constraints as written (``^6.4``,
    ``~2.0 || ^3.0``, ``dev-main``). A constraint that is one exact version (``1.2.3``,
    ``v1.2.3``, ``=1.2.3``) is also the version. Platform requirements are not packages and are
    left out: ``php``, ``php-64bit``, ``hhvm``, ``ext-*``, ``lib-*``, ``composer``,
    ``composer-plugin-api``, ``composer-runtime-api`` — every name without a ``vendor/`` part.
    ``replace``, ``provide``, ``conflict`` and ``suggest`` declare no dependency. A package served
    by a ``path`` repository (``{"type": "path", "url": "packages/*"}``) is code of this
    repository: the ``composer.json`` files the URL names (globs allowed) are read through the
    context for their ``name``, and those packages are left out. Path repositories outside the
    repository cannot be read; their packages stay in.

composer.lock
    ``packages`` → runtime, ``packages-dev`` → dev; versions kept as written (``v6.4.1``,
    ``1.2.3``, ``dev-main``). A package installed from a ``path`` repository (``dist.type`` =
    ``path``) is local code, left out. A branch version (``dev-main``, ``2.x-dev``) from git
    carries ``vcs_url=git+<url>@<commit>``. The lock does not say which packages the root
    requires: every package is ``direct=False`` (the merge step takes composer.json's). Each
    package's ``license`` list (SPDX ids, a choice) becomes its ``licence``, joined with ``OR``
    (see :mod:`lodestar.scan.ecosystems.licence_field`). Each package's ``require`` names the
    packages it needs: the locked package of that name, else the locked packages that
    ``replace`` or ``provide`` it (``laravel/framework`` replaces ``illuminate/support``), become
    its ``depends_on``; platform requirements are no packages.

Lines are found by a light search of the text for each name; ``line`` may be unset.
"""

from __future__ import annotations

import bisect
import dataclasses
import fnmatch
import posixpath
import re
from typing import Any

from lodestar.catalog import licences as catalog
from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl, decode_text, load_json_object
from lodestar.scan.ecosystems import metadata_licence as licence_meta
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.edges import Budget, edges, forget
from lodestar.scan.ecosystems.licence_field import declared_licence
from lodestar.scan.ecosystems.registry import ManifestContext

ECOSYSTEM = "composer"
_EXACT = re.compile(
    r"={0,2}\s*(v?\d{1,20}(?:\.\d{1,20}){0,3}(?:-?(?:alpha|beta|RC|rc|patch|pl|p)\.?\d{0,20})?)"
)
_SECTIONS = (("require", Scope.RUNTIME), ("require-dev", Scope.DEV))
_LOCK_SECTIONS = (("packages", Scope.RUNTIME), ("packages-dev", Scope.DEV))


def _load(path: str, data: bytes) -> tuple[str, dict[str, Any]]:
    text = decode_text(path, data)
    return text, load_json_object(path, text)


class _Lines:
    """1-based line of an offset, and a forward search for ``"key": "value"``-like text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.cursor = 0

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.breaks, offset) + 1

    def find(self, needle: str, start: int | None = None) -> int | None:
        """Line of the next occurrence of ``needle``; searching goes on from there."""
        at = self.text.find(needle, self.cursor if start is None else start)
        if at < 0:
            return None
        self.cursor = at + len(needle)
        return self.line(at)


def _section(doc: dict[str, Any], key: str) -> Any:
    value = doc.get(key)
    if value is None or value == []:  # PHP writes an empty object as []
        return {} if key.startswith("require") else []
    return value


def _path_packages(path: str, doc: dict[str, Any], ctx: ManifestContext) -> set[str]:
    """Lower-cased names of the packages this repository's path repositories provide."""
    repositories = doc.get("repositories")
    if isinstance(repositories, dict):
        repositories = list(repositories.values())
    if not isinstance(repositories, list):
        return set()
    names: set[str] = set()
    here = posixpath.dirname(path)
    for repo in repositories:
        if not isinstance(repo, dict) or repo.get("type") != "path":
            continue
        url = repo.get("url")
        if not isinstance(url, str) or not url:
            continue
        pattern = posixpath.normpath(posixpath.join(here, url, "composer.json"))
        depth = pattern.count("/")  # a glob does not cross directories
        matches = (
            [f for f in ctx.files if f.count("/") == depth and fnmatch.fnmatchcase(f, pattern)]
            if "*" in url
            else []
        )
        for candidate in matches or [pattern]:
            raw = ctx.read(candidate)
            try:
                name = _load(candidate, raw)[1].get("name") if raw is not None else None
            except ManifestError:
                continue
            if isinstance(name, str):
                names.add(name.lower())
    return names


def parse_composer_json(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Packages a composer.json requires (see the module docstring)."""
    shared = ctx.documents.json(path, data)  # parsed once per scan
    if isinstance(shared, dict):
        text, doc = data.decode("utf-8-sig"), shared
    else:
        text, doc = _load(path, data)
    lines = _Lines(text)
    local = _path_packages(path, doc, ctx)
    out: list[Dependency] = []
    for key, scope in _SECTIONS:
        requires = _section(doc, key)
        if not isinstance(requires, dict):
            raise ManifestError(f"{key} must be an object", path=path)
        start = text.find(f'"{key}"')
        for name, constraint in requires.items():
            if not isinstance(constraint, str):
                raise ManifestError(f"{key}: {name!r} needs a constraint string", path=path)
            if "/" not in name:
                continue  # a platform requirement (php, ext-*, lib-*), not a package
            if name.lower() in local:
                continue  # served by a path repository: code of this repository
            exact = _EXACT.fullmatch(constraint.strip())
            version = exact.group(1) if exact else None
            out.append(
                Dependency(
                    purl=checked_purl(ECOSYSTEM, path, name, version),
                    ecosystem=ECOSYSTEM,
                    name=name,
                    version=version,
                    constraint=constraint,
                    scope=scope,
                    direct=True,
                    manifest=path,
                    line=lines.find(f'"{name}"', max(start, 0)) if start >= 0 else None,
                )
            )
    return out


def _lock_qualifiers(package: dict[str, Any], version: str) -> dict[str, str]:
    source = package.get("source")
    if not (version.startswith("dev-") or version.endswith("-dev")) or not isinstance(source, dict):
        return {}
    url, ref = source.get("url"), source.get("reference")
    if source.get("type") != "git" or not isinstance(url, str) or not url:
        return {}
    base = url if url.startswith("git+") else f"git+{url}"
    return {"vcs_url": f"{base}@{ref}" if isinstance(ref, str) and ref else base}


def parse_composer_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every package a composer.lock resolves (see the module docstring)."""
    text, doc = _load(path, data)
    lines = _Lines(text)
    found: list[tuple[dict[str, Any], Dependency]] = []
    for key, scope in _LOCK_SECTIONS:
        packages = _section(doc, key)
        if not isinstance(packages, list):
            raise ManifestError(f"{key} must be an array", path=path)
        for package in packages:
            if not isinstance(package, dict):
                raise ManifestError(f"{key}: each package must be an object", path=path)
            name, version = package.get("name"), package.get("version")
            if not isinstance(name, str) or not isinstance(version, str) or not name:
                raise ManifestError(f"{key}: a package without name or version", path=path)
            dist = package.get("dist")
            if isinstance(dist, dict) and dist.get("type") == "path":
                continue  # a path repository: local code, not an external package
            record = Dependency(
                purl=checked_purl(
                    ECOSYSTEM, path, name, version, _lock_qualifiers(package, version)
                ),
                ecosystem=ECOSYSTEM,
                name=name,
                version=version,
                constraint=None,
                scope=scope,
                direct=False,
                manifest=path,
                line=lines.find(f'"name": "{name}"'),
                licence=declared_licence(package.get("license")),
            )
            found.append((package, record))
    return _with_edges(found)


def _with_edges(found: list[tuple[dict[str, Any], Dependency]]) -> list[Dependency]:
    """The records with their ``depends_on`` (see the module docstring)."""
    named: dict[str, list[str]] = {}
    standing_in: dict[str, list[str]] = {}  # what replace/provide name → purls
    for package, record in found:
        named.setdefault(record.name.lower(), []).append(record.purl)
        for key in ("replace", "provide"):
            for other in _names(package.get(key)):
                standing_in.setdefault(other, []).append(record.purl)
    out = []
    budget = Budget()
    for package, record in found:
        targets = (
            purl
            for required in _names(package.get("require"))
            if "/" in required
            for purl in _charged(named.get(required) or standing_in.get(required, []), budget)
            if purl != record.purl
        )
        out.append(dataclasses.replace(record, depends_on=edges(targets)))
    return forget(out, budget)


def _charged(purls: list[str], budget: Budget) -> list[str]:
    return purls if budget.spend(1 + len(purls)) else []


def _names(value: object) -> list[str]:
    """Lower-cased package names of a ``require``/``replace``/``provide`` object."""
    return [k.lower() for k in value if isinstance(k, str)] if isinstance(value, dict) else []


# --------------------------------------------------------------------------------------------
# The declared licence


def _licence(doc: dict[str, Any]) -> str | None:
    names = licence_meta.strings(doc.get("license"))
    return catalog.join_expressions(
        (e for e in (catalog.normalise_expression(n) for n in names) if e), "OR"
    )


def declared_licence_of(
    path: str, data: bytes, notes: list[str], documents: Documents | None = None
) -> str | None:
    """The SPDX expression this file declares as its package's licence (None: none), noting
    pointers to licence files in ``notes``; :class:`ManifestError` for a file not read."""
    return _licence(licence_meta.json_object(path, data, documents))
