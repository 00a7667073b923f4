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
"""

from __future__ import annotations

from typing import Any

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.manifests.python_common import (
    ECOSYSTEM,
    LockCollector,
    bounded,
    lock_packages,
    make_dependency,
    package_lines,
    scope_for_name,
    strings,
    table,
)
from lodestar.scan.manifests.python_pep508 import (
    link_dependency,
    registry_qualifiers,
    vcs_url,
)
from lodestar.scan.manifests.registry import ManifestContext, ManifestParser, register


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
    out = LockCollector()
    for package in packages:
        name, version = _name_version(path, package)
        common: dict[str, Any] = {
            "path": path,
            "scope": _poetry_scope(package),
            "direct": False,
            "line": lines.get((name, version)),
            "version": version,
        }
        source = table(package.get("source"))
        kind, url = source.get("type"), source.get("url")
        if kind is None or not isinstance(url, str):
            if kind is None:  # PyPI
                out.add(make_dependency(name, **common))
        elif kind == "git":
            out.add(
                make_dependency(name, qualifiers=_git(url, source, "resolved_reference"), **common)
            )
        elif kind in {"url", "file"}:
            out.add(link_dependency(url, name=name, **common))
        elif kind != "directory":  # legacy, explicit, supplemental, primary: a package index
            out.add(make_dependency(name, qualifiers=registry_qualifiers(url), **common))
    return out.result()


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
    out = LockCollector()
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
        if isinstance(git, str):
            out.add(make_dependency(name, qualifiers=_git(git, package, "revision"), **common))
        elif isinstance(location, str):
            if package.get("editable") is not True:
                out.add(link_dependency(location, name=name, **common))
        else:
            out.add(make_dependency(name, **common))
    return out.result()


register(ManifestParser("poetry-lock", ECOSYSTEM, ("poetry.lock",), parse_poetry_lock, lock=True))
register(ManifestParser("pdm-lock", ECOSYSTEM, ("pdm.lock",), parse_pdm_lock, lock=True))
