"""The package-to-package edges of the current scans (table ``dependency_edges``).

A lock file that records which package requires which gives each of its dependency records a
``depends_on`` (see :mod:`lodestar.scan.ecosystems.edges`); this module writes those edges with
the scan and gives them back to the records read from ``dependencies``, so that an SBOM rendered
from the store has the graph the scan saw. Edges are kept per (manifest, package): the same
package locked by two files may require different things in each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import Engine, select

from lodestar.records import Dependency
from lodestar.store.schema import dependency_edges, repositories

Graph = dict[tuple[str, str], tuple[str, ...]]  # (manifest, purl) → the purls it requires


def edge_rows(deps: Iterable[Dependency], **keys: int) -> list[dict[str, object]]:
    """One row per (manifest, purl) whose edges are known, the edges of all its records."""
    graph: dict[tuple[str, str], set[str]] = {}
    for dep in deps:
        if dep.depends_on is not None:
            graph.setdefault((dep.manifest, dep.purl), set()).update(dep.depends_on)
    return [
        {**keys, "manifest": manifest, "purl": purl, "depends_on": " ".join(sorted(targets))}
        for (manifest, purl), targets in sorted(graph.items())
    ]


def dependency_graph(engine: Engine, repository: str) -> Graph:
    """The edges the current scan of ``repository`` recorded."""
    e = dependency_edges
    query = (
        select(e.c.manifest, e.c.purl, e.c.depends_on)
        .join(repositories, repositories.c.current_scan_id == e.c.scan_id)
        .where(repositories.c.name == repository)
    )
    with engine.connect() as conn:
        return {
            (row.manifest, row.purl): tuple(row.depends_on.split()) for row in conn.execute(query)
        }


def with_edges(deps: Iterable[Dependency], graph: Graph) -> tuple[Dependency, ...]:
    """The records with the ``depends_on`` the graph holds for their (manifest, purl)."""
    out = []
    for dep in deps:
        found = graph.get((dep.manifest, dep.purl))
        out.append(dep if found is None else replace(dep, depends_on=found))
    return tuple(out)
