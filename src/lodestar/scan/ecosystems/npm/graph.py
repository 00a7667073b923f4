"""A resolved dependency graph, for lock files that record edges but not scopes.

Yarn (classic and Berry), pnpm and Bun lock files say which package each package depends on,
but not whether a package is there for production or only for development. Given the roots (what
the project's manifests declare, with the section's scope) the scope of every package follows by
reachability (:func:`lodestar.scan.ecosystems.npm.common.propagate`): runtime if some runtime root
reaches it through ordinary edges, peer or optional if only through peer or optional edges (what
npm's ``peer`` and ``optional`` flags mean), dev if only dev roots reach it. A package no root
reaches (a stale entry, or a root manifest that is not committed) is counted as runtime: the
honest default when the lock alone cannot tell.

Every node's edges (ordinary, peer and optional alike: each names a package it requires) become
its ``depends_on``, the purls of the nodes they point at (see :mod:`edges`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.edges import edges as sorted_edges
from lodestar.scan.ecosystems.npm.common import Collector, npm_purl, propagate


@dataclass(slots=True)
class Node:
    """One resolved package of a lock file."""

    name: str
    version: str | None  # exact version of a registry package; None for git, URL, file
    source: str | None = None  # the non-registry spec, kept as constraint
    line: int | None = None
    order: str = ""  # sort key among transitive packages (install path, lock key)
    edges: list[tuple[str, Scope | None]] = field(default_factory=list)  # (node key, edge kind)


@dataclass(frozen=True, slots=True)
class Root:
    """A dependency a project manifest declares, resolved to a node of the graph."""

    node: str
    scope: Scope
    constraint: str | None


def emit(path: str, nodes: dict[str, Node], roots: list[Root]) -> list[Dependency]:
    """Dependencies of every node: scope by reachability, direct for roots (listed first)."""

    def edges(key: str) -> list[tuple[str, Scope | None]]:
        node = nodes.get(key)
        return node.edges if node is not None else []

    scopes = propagate(((r.node, r.scope) for r in roots), edges)
    constraints: dict[str, str | None] = {}
    for root in roots:
        if constraints.get(root.node) is None:
            constraints[root.node] = root.constraint
    purls = {key: npm_purl(node.name, node.version) for key, node in nodes.items()}
    out = Collector(path)
    for key, node in nodes.items():
        is_direct = key in constraints
        targets = (purls.get(child) for child, _ in node.edges)
        out.add(
            node.name,
            version=node.version,
            scope=scopes.get(key, Scope.RUNTIME),
            direct=is_direct,
            constraint=constraints.get(key) or node.source,
            line=node.line,
            order=(0 if is_direct else 1, node.order),
            depends_on=sorted_edges(t for t in targets if t is not None),
        )
    return out.result()
