"""``uv.lock``: the resolved graph of a uv project or workspace.

Each ``[[package]]`` has a ``name``, a ``version`` and a ``source``. Packages whose source is
``editable``, ``virtual`` or ``directory`` are the project itself and its workspace members: the
repository's own code, never reported. They are the roots of the graph:

* their ``dependencies`` are direct runtime dependencies;
* their ``[package.optional-dependencies]`` extras are direct, scoped by extra name (optional by
  default), and their ``[package.dev-dependencies]`` groups are direct, scoped by group name (dev
  by default); the naming rule is in :mod:`python_common`;
* every other package is transitive, with the scope of the most needed root entry that reaches
  it (runtime before optional, build, test, dev, docs), following the edges' ``extra = [...]``
  into the target's own ``optional-dependencies``. A package no root reaches is reported as
  runtime.

Edges: a package's ``depends_on`` are the packages its ``dependencies`` point at, plus those of
each of its ``optional-dependencies`` extras that some edge asks for (the lock resolved them
because something installs the package with that extra); edges to the project's own packages
are left out.

Sources: ``registry`` (``repository_url`` when not PyPI), ``git`` (``…?rev=…#<commit>`` →
``vcs_url`` at the commit), ``url`` (→ ``download_url``), ``path`` (a local archive; kept). A
package locked at several versions (forks by marker) gives one record per version, and edges that
name a version or source follow only that one. Lines point at the ``[[package]]`` header.
Not seen: markers (a package locked for one platform only is reported like any other).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import normalise_pypi, vcs_url
from lodestar.scan.ecosystems.edges import Budget, forget
from lodestar.scan.ecosystems.edges import edges as sorted_edges
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
from lodestar.scan.ecosystems.python.pep508 import (
    link_dependency,
    registry_qualifiers,
)
from lodestar.scan.ecosystems.registry import ManifestContext

_LOCAL = ("editable", "virtual", "directory")
_ORDER = (Scope.RUNTIME, Scope.OPTIONAL, Scope.BUILD, Scope.TEST, Scope.DEV, Scope.DOCS)

_Unit = tuple[int, str | None]  # (package index, extra or None for its base dependencies)


class _Graph:
    def __init__(self, path: str, packages: list[dict[str, Any]]) -> None:
        self.path = path
        self.packages = packages
        self.by_name: dict[str, list[int]] = {}
        for index, package in enumerate(packages):
            name = package.get("name")
            if not isinstance(name, str):
                raise ManifestError("a [[package]] has no name", path=path)
            self.by_name.setdefault(normalise_pypi(name), []).append(index)

    def is_local(self, index: int) -> bool:
        source = table(self.packages[index].get("source"))
        return any(key in source for key in _LOCAL)

    def targets(self, edges: object) -> Iterator[_Unit]:
        """The units a list of ``{ name, version?, source?, extra? }`` edges points at."""
        for edge in edges if isinstance(edges, list) else []:
            if not isinstance(edge, dict) or not isinstance(edge.get("name"), str):
                continue
            candidates = self.by_name.get(normalise_pypi(edge["name"]), [])
            for key in ("version", "source"):
                if key in edge and len(candidates) > 1:
                    candidates = [c for c in candidates if self.packages[c].get(key) == edge[key]]
            for index in candidates:
                yield index, None
                for extra in strings(edge.get("extra")):
                    yield index, extra

    def edges(self, unit: _Unit) -> object:
        package = self.packages[unit[0]]
        if unit[1] is None:
            return package.get("dependencies")
        return table(package.get("optional-dependencies")).get(unit[1])


def _seeds(graph: _Graph) -> dict[Scope, list[_Unit]]:
    """Direct units of every root, by scope."""
    seeds: dict[Scope, list[_Unit]] = {scope: [] for scope in _ORDER}
    for index, package in enumerate(graph.packages):
        if not graph.is_local(index):
            continue
        seeds[Scope.RUNTIME] += graph.targets(package.get("dependencies"))
        for extra, edges in table(package.get("optional-dependencies")).items():
            seeds[scope_for_name(extra, Scope.OPTIONAL)] += graph.targets(edges)
        for group, edges in table(package.get("dev-dependencies")).items():
            seeds[scope_for_name(group, Scope.DEV)] += graph.targets(edges)
    return seeds


def _walk(graph: _Graph) -> tuple[dict[int, Scope], set[int]]:
    """Scope of every reachable package (most needed first) and the set of direct ones."""
    seeds = _seeds(graph)
    direct = {index for units in seeds.values() for index, _ in units}
    scope_of: dict[int, Scope] = {}
    for scope in _ORDER:
        seen: set[_Unit] = set()
        queue = deque(seeds[scope])
        while queue:
            unit = queue.popleft()
            if unit in seen or graph.is_local(unit[0]):
                continue  # roots are walked from their own seeds
            seen.add(unit)
            scope_of.setdefault(unit[0], scope)
            queue.extend(graph.targets(graph.edges(unit)))
    return scope_of, direct


def _depends_on(graph: _Graph, purls: dict[int, str], budget: Budget) -> dict[int, tuple[str, ...]]:
    """Each package's edges: its base dependencies and every extra of it that is asked for."""
    asked: dict[int, set[str]] = {}
    for package in graph.packages:
        lists = [package.get("dependencies"), *table(package.get("optional-dependencies")).values()]
        lists += table(package.get("dev-dependencies")).values()
        for edges in lists:
            for index, extra in graph.targets(edges):
                if extra is not None:
                    asked.setdefault(index, set()).add(extra)
    out: dict[int, tuple[str, ...]] = {}
    for index in purls:
        units = [(index, None), *((index, extra) for extra in sorted(asked.get(index, ())))]
        targets = (
            t for unit in units for t, _ in graph.targets(graph.edges(unit)) if budget.spend()
        )
        out[index] = sorted_edges(purls[t] for t in targets if t in purls)
    return out


def _git_qualifiers(url: str) -> dict[str, str]:
    """``git+https://host/repo@<commit>`` from uv's ``https://host/repo?rev=v1#<commit>``."""
    base, _, commit = url.partition("#")
    base, _, query = base.partition("?")
    params = dict(parse_qsl(query))
    ref = commit or params.get("rev") or params.get("tag") or params.get("branch")
    return {"vcs_url": vcs_url(base, ref or None, params.get("subdirectory"))}


def _dependency(package: dict[str, Any], common: dict[str, Any]) -> Dependency | None:
    name = package["name"]
    source = table(package.get("source"))
    if isinstance(source.get("git"), str):
        return make_dependency(name, qualifiers=_git_qualifiers(source["git"]), **common)
    location = source.get("url") or source.get("path")
    if isinstance(location, str):
        return link_dependency(location, name=name, **common)
    registry = source.get("registry")
    qualifiers = registry_qualifiers(registry) if isinstance(registry, str) else None
    return make_dependency(name, qualifiers=qualifiers, **common)


@bounded
def parse_uv_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every package a uv.lock resolves but the project's own (see the module docstring)."""
    packages, text = lock_packages(path, data)
    graph = _Graph(path, packages)
    scope_of, direct = _walk(graph)
    lines = package_lines(text)
    records: dict[int, Dependency] = {}
    for index, package in enumerate(graph.packages):
        if graph.is_local(index):
            continue
        version = package.get("version")
        version = version if isinstance(version, str) and version else None
        common: dict[str, Any] = {
            "path": path,
            "scope": scope_of.get(index, Scope.RUNTIME),
            "direct": index in direct,
            "line": lines.get((package["name"], version)),
            "version": version,
        }
        record = _dependency(package, common)
        if record is not None:
            records[index] = record
    budget = Budget()
    purls = {index: record.purl for index, record in records.items()}
    depends_on = _depends_on(graph, purls, budget)
    out = LockCollector()
    for index, record in records.items():
        out.add(dataclasses.replace(record, depends_on=depends_on[index]))
    return forget(out.result(), budget)
