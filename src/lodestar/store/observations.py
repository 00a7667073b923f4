"""The current scan of every repository as the drift engine sees it: one Observation each.

:func:`load_observations` reads, per repository, the licence (and the file it was read from,
files before metadata), the SPDX-License-Identifier headers with their file counts, the
dependencies (fixtures included: the matchers leave them out), the technology evidence and the
declared runtimes of its current scan, its CODEOWNERS rules and Backstage entities
(:func:`owner_evidence`). Analysis judges the :class:`~lodestar.records.Observation`
values it returns (:mod:`lodestar.analysis.observed`).
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import Engine, select

from lodestar.records import Dependency, Observation, RuntimeDeclaration, TechnologyUse
from lodestar.records.notices import NoticeEvidence
from lodestar.records.owners import CatalogEntity, OwnerRule
from lodestar.store.inventory import (
    declared_runtimes,
    dependency_record,
    find_dependencies,
    technology_evidence,
)
from lodestar.store.notices import notices_from_json
from lodestar.store.queries import list_repositories
from lodestar.store.schema import (
    catalog_entities,
    licence_findings,
    owner_rules,
    repositories,
    scans,
)

__all__ = ["load_notices", "load_observations", "owner_evidence"]


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
    rules, entities = owner_evidence(engine)
    notices = load_notices(engine, repository)
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
            owner_rules=tuple(rules.get(r.name, ())),
            entities=tuple(entities.get(r.name, ())),
            notices=notices.get(r.name),
        )
        for r in rows
    ]


def load_notices(engine: Engine, repository: str | None = None) -> dict[str, NoticeEvidence]:
    """The notice evidence of every repository's current scan (or one's), by name; a scan made
    before scanner version 7 has none."""
    query = select(repositories.c.name, scans.c.notices).join(
        scans, scans.c.id == repositories.c.current_scan_id
    )
    if repository is not None:
        query = query.where(repositories.c.name == repository)
    out: dict[str, NoticeEvidence] = {}
    with engine.connect() as conn:
        for name, value in conn.execute(query):
            found = notices_from_json(value)
            if found is not None:
                out[name] = found
    return out


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


def _words(text: str | None) -> tuple[str, ...]:
    return tuple(text.split()) if text else ()


def _annotations(text: str) -> tuple[tuple[str, str], ...]:
    try:
        value = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(value, dict):
        return ()
    return tuple(sorted((str(k), str(v)) for k, v in value.items()))


def owner_evidence(
    engine: Engine,
) -> tuple[dict[str, list[OwnerRule]], dict[str, list[CatalogEntity]]]:
    """Per repository name: the CODEOWNERS rules (file order) and Backstage entities of its
    current scan."""
    rules: dict[str, list[OwnerRule]] = defaultdict(list)
    entities: dict[str, list[CatalogEntity]] = defaultdict(list)
    current = repositories.c.current_scan_id
    r, e = owner_rules.c, catalog_entities.c
    with engine.connect() as conn:
        for row in conn.execute(
            select(repositories.c.name, r.path, r.line, r.pattern, r.owners, r.section)
            .join(repositories, current == r.scan_id)
            .order_by(repositories.c.name, r.path, r.line)
        ):
            rules[row.name].append(
                OwnerRule(row.path, row.line, row.pattern, _words(row.owners), row.section)
            )
        for row in conn.execute(
            select(repositories.c.name.label("repository"), catalog_entities)
            .join(repositories, current == e.scan_id)
            .order_by(repositories.c.name, e.path, e.line)
        ):
            entities[row.repository].append(
                CatalogEntity(
                    path=row.path,
                    line=row.line,
                    kind=row.kind,
                    name=row.name,
                    namespace=row.namespace,
                    owner=row.owner,
                    system=row.system,
                    type=row.type,
                    lifecycle=row.lifecycle,
                    members=_words(row.members),
                    parent=row.parent,
                    email=row.email,
                    display_name=row.display_name,
                    tags=_words(row.tags),
                    annotations=_annotations(row.annotations),
                )
            )
    return rules, entities
