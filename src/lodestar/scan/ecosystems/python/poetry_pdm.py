"""Lock files of Poetry (``poetry.lock``) and PDM (``pdm.lock``): every resolved package.

Both list ``[[package]]`` tables with ``name`` and ``version`` — direct and transitive alike;
neither says which packages the project itself requires, so every record is ``direct=False``
(joined with ``pyproject.toml``, the merge step restores directness and constraints).

``poetry.lock`` scope: lock format 2.1 (Poetry 2) lists ``groups`` — ``main`` → runtime
(``optional = true``: only installed with an extra → optional), any other group by name (dev by
default; the rule is in :mod:`python_common`); format 1.x has ``category`` (``main``/``dev``);
format 2.0 has neither, and every package is reported as runtime (optional when marked so).
``[package.source]``: ``git`` → ``vcs_url`` at the resolved commit, ``url`` → ``download_url``,
``legacy`` (a private index) → ``repository_url``, ``directory`` → the repository's own code,
left out; ``file`` (a local archive) is kept.

``pdm.lock`` scope: ``groups`` (PDM 1: ``sections``) — ``default`` → runtime, others by name
(optional by default: a PDM group is an extra or a dev group and the lock does not say which).
Locks written without the ``inherit_metadata`` strategy (before PDM 2.11) have no groups: every
package is runtime. ``git`` + ``revision`` → ``vcs_url``; ``url`` → ``download_url``;
``path``/``editable`` directories are left out. A package locked once per extras set
(``extras = [...]``) is reported once.

A package locked at several versions (markers for different Pythons) gives one record per
version. Lines point at the ``[[package]]`` header.

Edges: each package's ``[package.dependencies]`` (Poetry; optional ones too when the lock holds
them, since the lock does not say which extras were asked for) or ``dependencies`` list (PDM)
become its ``depends_on``, resolved by :mod:`python_lock_edges`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import vcs_url
from lodestar.scan.ecosystems.edges import edges, forget
from lodestar.scan.ecosystems.python.common import (
    LockCollector,
    bounded,
    lock_packages,
    make_dependency,
    package_lines,
    scope_for_name,
    strings,
    table,
)
from lodestar.scan.ecosystems.python.lock_edges import MAX_RANGE, LockIndex
from lodestar.scan.ecosystems.python.pep508 import (
    link_dependency,
    registry_qualifiers,
)
from lodestar.scan.ecosystems.registry import ManifestContext


def _packages(
    path: str, data: bytes
) -> tuple[list[dict[str, Any]], dict[tuple[str, str | None], int]]:
    packages, text = lock_packages(path, data)
    return packages, package_lines(text)


def _name_version(path: str, package: dict[str, Any]) -> tuple[str, str | None]:
    name, version = package.get("name"), package.get("version")
    if not isinstance(name, str):
        raise ManifestError("a [[package]] has no name", path=path)
    return name, version if isinstance(version, str) and version else None


def _poetry_scope(package: dict[str, Any]) -> Scope:
    optional = package.get("optional") is True
    groups = strings(package.get("groups"))
    category = package.get("category")
    if groups:
        if "main" in groups:
            return Scope.OPTIONAL if optional else Scope.RUNTIME
        return scope_for_name(groups[0], Scope.DEV)
    if isinstance(category, str) and category != "main":
        return scope_for_name(category, Scope.DEV)
    return Scope.OPTIONAL if optional else Scope.RUNTIME


@bounded
def parse_poetry_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every package a poetry.lock resolves (see the module docstring)."""
    packages, lines = _packages(path, data)
    found: list[tuple[dict[str, Any], Dependency]] = []
    for package in packages:
        name, version = _name_version(path, package)
        common: dict[str, Any] = {
            "path": path,
            "scope": _poetry_scope(package),
            "direct": False,
            "line": lines.get((name, version)),
            "version": version,
        }
        record = _poetry_record(name, table(package.get("source")), common)
        if record is not None:
            found.append((package, record))
    index = LockIndex(record for _, record in found)
    out = LockCollector()
    for package, record in found:
        targets = (
            purl
            for dep, spec in table(package.get("dependencies")).items()
            for requirement in _poetry_ranges(spec)
            for purl in index.resolve(dep, requirement)
        )
        out.add(dataclasses.replace(record, depends_on=edges(targets)))
    return forget(out.result(), index.budget)


def _poetry_record(name: str, source: dict[str, Any], common: dict[str, Any]) -> Dependency | None:
    kind, url = source.get("type"), source.get("url")
    if kind is None or not isinstance(url, str):
        return make_dependency(name, **common) if kind is None else None  # None: PyPI
    if kind == "git":
        return make_dependency(name, qualifiers=_git(url, source, "resolved_reference"), **common)
    if kind in {"url", "file"}:
        return link_dependency(url, name=name, **common)
    if kind != "directory":  # legacy, explicit, supplemental, primary: a package index
        return make_dependency(name, qualifiers=registry_qualifiers(url), **common)
    return None


def _poetry_ranges(spec: object) -> list[str | None]:
    """The ranges of one ``[package.dependencies]`` entry (a string, a table, or a list)."""
    out: list[str | None] = []
    for item in spec if isinstance(spec, list) else [spec]:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            version = item.get("version")
            out.append(version if isinstance(version, str) else None)
    return out


def _git(url: str, source: dict[str, Any], resolved: str) -> dict[str, str]:
    """``vcs_url`` at the resolved commit (else the requested reference)."""
    ref = source.get(resolved) or source.get("reference") or source.get("ref")
    sub = source.get("subdirectory")
    return {
        "vcs_url": vcs_url(
            url, ref if isinstance(ref, str) else None, sub if isinstance(sub, str) else None
        )
    }


def _pdm_scope(package: dict[str, Any]) -> Scope:
    groups = strings(package.get("groups")) or strings(package.get("sections"))  # PDM 1
    if not groups or "default" in groups:
        return Scope.RUNTIME
    return scope_for_name(groups[0], Scope.OPTIONAL)


@bounded
def parse_pdm_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every package a pdm.lock resolves (see the module docstring)."""
    packages, lines = _packages(path, data)
    found: list[tuple[dict[str, Any], Dependency]] = []
    for package in packages:
        name, version = _name_version(path, package)
        common: dict[str, Any] = {
            "path": path,
            "scope": _pdm_scope(package),
            "direct": False,
            "line": lines.get((name, version)),
            "version": version,
        }
        git, location = package.get("git"), package.get("url") or package.get("path")
        record: Dependency | None
        if isinstance(git, str):
            record = make_dependency(name, qualifiers=_git(git, package, "revision"), **common)
        elif isinstance(location, str):
            editable = package.get("editable") is True
            record = None if editable else link_dependency(location, name=name, **common)
        else:
            record = make_dependency(name, **common)
        if record is not None:
            found.append((package, record))
    index = LockIndex(record for _, record in found)
    out = LockCollector()
    for package, record in found:
        targets = (
            purl
            for text in strings(package.get("dependencies"))
            for dep, requirement in [_pdm_requirement(text)]
            if dep is not None
            for purl in index.resolve(dep, requirement)
        )
        out.add(dataclasses.replace(record, depends_on=edges(targets)))
    return forget(out.result(), index.budget)


def _pdm_requirement(text: str) -> tuple[str | None, str | None]:
    """(name, range) of a pdm.lock dependency string; (None, None) when it does not parse."""
    if len(text) > MAX_RANGE:
        return None, None
    try:
        requirement = Requirement(text)
    except (InvalidRequirement, ValueError, RecursionError):
        return None, None
    return requirement.name, str(requirement.specifier) or None
