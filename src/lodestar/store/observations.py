"""The current scan of every repository as the drift engine sees it: one Observation each.

:func:`load_observations` reads, per repository, the licence (and the file it was read from,
files before metadata), the SPDX-License-Identifier headers with their file counts, the
dependencies (fixtures included: the matchers leave them out), the technology evidence and the
declared runtimes of its current scan. Analysis judges the :class:`~lodestar.records.Observation`
values it returns (:mod:`lodestar.analysis.observed`).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, select

from lodestar.records import Dependency, Observation, RuntimeDeclaration, TechnologyUse
from lodestar.store.inventory import (
    declared_runtimes,
    dependency_record,
    find_dependencies,
    technology_evidence,
)
from lodestar.store.queries import list_repositories
from lodestar.store.schema import licence_findings, repositories

__all__ = ["load_observations"]


def load_observations(engine: Engine, repository: str | None = None) -> list[Observation]:
    """The current scan of every repository (or of one), by repository name.

    Repositories that were never scanned successfully are left out.
    """
    rows = [
        r
        for r in list_repositories(engine)
        if r.commit is not None and (repository is None or r.name == repository)
    ]
    deps: dict[str, list[Dependency]] = defaultdict(list)
    for use in find_dependencies(engine, repository=repository, include_fixtures=True):
        deps[use.repository].append(dependency_record(use))
    techs: dict[str, list[TechnologyUse]] = defaultdict(list)
    for row in technology_evidence(engine):
        techs[row.repository].append(TechnologyUse(row.technology, row.via, row.evidence, row.path))
    runtimes: dict[str, list[RuntimeDeclaration]] = defaultdict(list)
    for rt in declared_runtimes(engine):
        runtimes[rt.repository].append(rt.declaration())
    licence_paths, headers = _licence_evidence(engine)
    return [
        Observation(
            repository=r.name,
            commit=r.commit,
            licence=r.licence,
            licence_path=licence_paths.get(r.name),
            headers=tuple(headers.get(r.name, ())),
            dependencies=tuple(deps.get(r.name, ())),
            technologies=tuple(techs.get(r.name, ())),
            runtimes=tuple(runtimes.get(r.name, ())),
        )
        for r in rows
    ]


def _licence_evidence(
    engine: Engine,
) -> tuple[dict[str, str], dict[str, list[tuple[str, int]]]]:
    """Per repository: the file its licence was read from (files before metadata), and the
    SPDX-License-Identifier expressions of its files with their counts."""
    lf = licence_findings
    query = (
        select(repositories.c.name, lf.c.spdx, lf.c.source, lf.c.path, lf.c.count.label("files"))
        .join(repositories, repositories.c.current_scan_id == lf.c.scan_id)
        .order_by(repositories.c.name, lf.c.source, lf.c.path)
    )
    rank = {"file": 0, "metadata": 1, "header": 2}
    best: dict[str, tuple[int, str]] = {}
    headers: dict[str, list[tuple[str, int]]] = defaultdict(list)
    with engine.connect() as conn:
        for row in conn.execute(query):
            if row.source == "header":
                headers[row.name].append((row.spdx, int(row.files)))
                continue
            candidate = (rank.get(row.source, 3), row.path)
            if row.name not in best or candidate < best[row.name]:
                best[row.name] = candidate
    return {name: path for name, (_, path) in best.items()}, headers
