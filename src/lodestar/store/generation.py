"""What the store holds now, read cheaply: :func:`store_generation`.

The cockpit keeps its model of the organisation until the store changes; it asks this function
(a handful of aggregates over primary keys and small tables, never the dependency or history
rows) whether anything it is built from changed since: a scan, a mined history, a monthly
snapshot, an advisory import, people or ownership data. Equal generations mean the same data.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from lodestar.store.schema import (
    advisory_imports,
    history_tips,
    identities,
    monthly_snapshots,
    people,
    person_links,
    repositories,
    scans,
)

__all__ = ["store_generation"]


def store_generation(engine: Engine) -> tuple[object, ...]:
    """A value that changes whenever a write changes what the cockpit reads (scans and the
    repositories' errors, mined histories, snapshots, advisories, people)."""
    queries = (
        select(
            func.count(repositories.c.id),
            func.max(repositories.c.id),
            func.sum(repositories.c.current_scan_id),
            func.count(repositories.c.last_error),
            func.count(repositories.c.history_error),
            func.count(repositories.c.snapshots_error),
        ),
        select(func.max(scans.c.id)),
        select(
            func.count(history_tips.c.repository_id),
            func.sum(history_tips.c.commits),
            func.max(history_tips.c.mined_at),
        ),
        select(func.count(monthly_snapshots.c.id), func.max(monthly_snapshots.c.id)),
        select(func.count(advisory_imports.c.ecosystem), func.max(advisory_imports.c.imported_at)),
        select(func.count()).select_from(identities),
        select(func.count()).select_from(people),
        select(func.count(person_links.c.id), func.max(person_links.c.id)),
    )
    with engine.connect() as conn:
        return tuple(tuple(conn.execute(q).one()) for q in queries)
