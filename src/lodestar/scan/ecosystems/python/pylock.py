"""``pylock.toml`` and ``pylock.<name>.toml``: the standard Python lock file (PEP 751).

Each ``[[packages]]`` table has a ``name``, usually a ``version``, and where the package comes
from: an ``index`` (``repository_url`` when not PyPI), ``vcs`` (``vcs_url`` at ``commit-id``,
else ``requested-revision``), ``archive`` (a URL → ``download_url``; a local archive is kept),
``directory`` (the project itself or another local folder: the repository's own code, never
reported), or, most often, ``sdist`` / ``wheels`` files on an index (plain registry records).

Where packages record their ``dependencies`` (edges to other ``[[packages]]``), what the
project's own folder (a ``directory`` package) depends on and what no other package depends on
is direct, the rest transitive; a lock without edges (what pip writes today) reports every
package as transitive, and the merge makes a package direct where a manifest beside it declares
it. Scope: runtime, or, when the package's ``marker`` names dependency groups or extras, the most
needed scope those names give (``'test' in dependency_groups`` → test). Lines point at the
``[[packages]]`` header. Those edges (by ``name``, narrowed by ``version`` when the lock holds
several) become each package's ``depends_on``; a lock without edges leaves it unknown (None).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import normalise_pypi, vcs_url
from lodestar.scan.ecosystems.edges import Budget, edges, forget
from lodestar.scan.ecosystems.python.common import (
    MAX_TOML_SEPARATORS,
    LockCollector,
    bounded,
    decode_text,
    make_dependency,
    parse_toml,
    scope_for_name,
    spend,
    table,
)
from lodestar.scan.ecosystems.python.pep508 import link_dependency, registry_qualifiers
from lodestar.scan.ecosystems.registry import ManifestContext

_HEADER = re.compile(r"^\[\[packages\]\][ \t]*\r?$", re.MULTILINE)
_MARKER_NAME = re.compile(r"""['"]([^'"]+)['"]\s+in\s+(dependency_groups|extras)""")
_SCOPE_RANK = (Scope.RUNTIME, Scope.OPTIONAL, Scope.BUILD, Scope.TEST, Scope.DEV, Scope.DOCS)


def _packages(path: str, data: bytes) -> tuple[list[dict[str, Any]], str]:
    separators = data.count(b",") + data.count(b"=") + data.count(b"\n")
    if separators > MAX_TOML_SEPARATORS:
        raise ManifestError(
            f"more than {MAX_TOML_SEPARATORS:,} TOML separators: refused", path=path
        )
    text = decode_text(path, data)
    packages = parse_toml(path, text).get("packages", [])
    if not isinstance(packages, list):
        raise ManifestError("'packages' is not an array of tables", path=path)
    spend(path, None, len(packages))
    return packages, text


def _header_lines(text: str) -> list[int]:
    """1-based line of each ``[[packages]]`` header, in order."""
    found: list[int] = []
    line, position = 1, 0
    for match in _HEADER.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        found.append(line)
    return found


def _scope(marker: object) -> Scope:
    """Runtime, unless the marker names dependency groups or extras (the most needed wins)."""
    names = _MARKER_NAME.findall(marker) if isinstance(marker, str) else []
    return _least(names) if names else Scope.RUNTIME


def _least(names: list[tuple[str, str]]) -> Scope:
    """The most needed scope among the groups (dev default) and extras (optional default)."""
    scopes = [
        scope_for_name(name, Scope.DEV if kind == "dependency_groups" else Scope.OPTIONAL)
        for name, kind in names
    ]
    return min(scopes, key=_SCOPE_RANK.index)


def _direct(packages: list[dict[str, Any]]) -> set[str] | None:
    """Normalised names of direct packages; None when no package records its edges.

    Direct: what a local package (the project itself, a workspace member) depends on, and any
    package no other locked package depends on.
    """
    if not any(isinstance(p, dict) and "dependencies" in p for p in packages):
        return None
    from_project: set[str] = set()
    from_others: set[str] = set()
    for package in packages:
        if not isinstance(package, dict):
            continue
        edges = package.get("dependencies")
        into = from_project if "directory" in package else from_others
        for edge in edges if isinstance(edges, list) else []:
            if isinstance(edge, dict) and isinstance(edge.get("name"), str):
                into.add(normalise_pypi(edge["name"]))
    names = {
        normalise_pypi(p["name"])
        for p in packages
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    }
    return from_project | (names - from_others)


def _dependency(package: dict[str, Any], common: dict[str, Any]) -> Dependency | None:
    name = common.pop("name")
    if "directory" in package:
        return None  # a local folder: the project itself or another of the repository's own
    vcs = table(package.get("vcs"))
    if vcs:
        url = vcs.get("url")
        if not isinstance(url, str):
            return None  # a VCS checkout on the local disk
        ref = vcs.get("commit-id") or vcs.get("requested-revision")
        sub = vcs.get("subdirectory")
        qualifiers = {
            "vcs_url": vcs_url(
                url, ref if isinstance(ref, str) else None, sub if isinstance(sub, str) else None
            )
        }
        return make_dependency(name, qualifiers=qualifiers, **common)
    archive = table(package.get("archive"))
    location = archive.get("url") or archive.get("path")
    if isinstance(location, str):
        return link_dependency(location, name=name, **common)
    index = package.get("index")
    registry = registry_qualifiers(index) if isinstance(index, str) else None
    return make_dependency(name, qualifiers=registry, **common)


@bounded
def parse_pylock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every package a pylock.toml locks but the repository's own folders (module docstring)."""
    packages, text = _packages(path, data)
    headers = _header_lines(text)
    direct = _direct(packages)
    found: list[tuple[dict[str, Any], Dependency]] = []
    for index, package in enumerate(packages):
        if not isinstance(package, dict):
            continue
        name = package.get("name")
        if not isinstance(name, str):
            raise ManifestError(
                "a [[packages]] entry has no name",
                path=path,
                line=headers[index] if index < len(headers) else None,
            )
        version = package.get("version")
        common: dict[str, Any] = {
            "name": name,
            "path": path,
            "scope": _scope(package.get("marker")),
            "direct": direct is not None and normalise_pypi(name) in direct,
            "line": headers[index] if index < len(headers) else None,
            "version": version if isinstance(version, str) and version else None,
        }
        record = _dependency(package, common)
        if record is not None:
            found.append((package, record))
    out = LockCollector()
    if direct is None:  # no package records its edges: they are unknown
        for _, record in found:
            out.add(record)
        return out.result()
    by_name: dict[str, list[Dependency]] = {}
    for _, record in found:
        by_name.setdefault(normalise_pypi(record.name), []).append(record)
    budget = Budget()
    for package, record in found:
        out.add(dataclasses.replace(record, depends_on=_edges(package, by_name, budget)))
    return forget(out.result(), budget)


def _edges(
    package: dict[str, Any], by_name: dict[str, list[Dependency]], budget: Budget
) -> tuple[str, ...]:
    """The purls of the locked packages a package's ``dependencies`` point at."""
    found: list[str] = []
    targets = package.get("dependencies")
    for edge in targets if isinstance(targets, list) else []:
        if not isinstance(edge, dict) or not isinstance(edge.get("name"), str):
            continue
        candidates = by_name.get(normalise_pypi(edge["name"]), [])
        if not budget.spend(1 + len(candidates)):
            return ()
        version = edge.get("version")
        if isinstance(version, str) and len(candidates) > 1:
            candidates = [c for c in candidates if c.version == version]
        found.extend(c.purl for c in candidates)
    return edges(found)
