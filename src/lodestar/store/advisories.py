"""OSV advisories in the store: written by ``lodestar vulns update``, read by the matching.

* :func:`write_advisories` upserts records by id in batches (one ``executemany`` per table per
  batch): a record replaces the stored one of the same id only when the stored ``modified`` is
  older or equal, so importing an older export never undoes a newer one; its
  ``advisory_packages`` rows (one per affected package, keyed like ``dependencies.package``) are
  replaced with it. The caller owns the transaction (``engine.begin()``).
* :func:`load_advisories` returns every record (withdrawn ones too: the matching decides) that
  affects one of the given packages, with *all* of its affected packages, reading the package
  index in chunks.
* :func:`advisories_in_use` is the same for every package some repository's current scan or
  monthly snapshot uses (:func:`lodestar.store.load_organisation` hands them to the evaluator).
* :func:`record_import` / :func:`advisory_imports` keep and list the last import per ecosystem,
  :func:`advisory_counts` counts the stored records per ecosystem (``lodestar vulns status``).

Times are stored in UTC; SQLite gives them back naive and they are read as UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from lodestar.records.vulns import (
    Advisory,
    AdvisoryImport,
    AffectedPackage,
    AffectedRange,
    RangeEvent,
    SeverityVector,
)
from lodestar.store import schema
from lodestar.store.schema import (
    advisories,
    advisory_packages,
    dependencies,
    repositories,
    snapshot_dependencies,
)

__all__ = [
    "advisories_in_use",
    "advisory_counts",
    "advisory_imports",
    "load_advisories",
    "record_import",
    "write_advisories",
]

BATCH = 2_000  # records per executemany
CHUNK = 500  # values per IN list (SQLite's variable limit is far above; PostgreSQL's too)


def write_advisories(
    conn: Connection, records: Iterable[Advisory], *, imported_at: dt.datetime
) -> int:
    """Store ``records`` (upsert by id, newest ``modified`` wins; ties: the later one); returns
    how many were written (new or replacing an older or equal stored one)."""
    written = 0
    when = _utc(imported_at)
    for batch in _batches(records, BATCH):
        latest: dict[str, Advisory] = {}
        for record in batch:
            seen = latest.get(record.id)
            if seen is None or seen.modified <= record.modified:
                latest[record.id] = record
        stored = _stored_modified(conn, list(latest))
        keep = [
            a for a in latest.values() if a.id not in stored or stored[a.id] <= _utc(a.modified)
        ]
        replaced = [a.id for a in keep if a.id in stored]
        for chunk in _chunks(replaced, CHUNK):
            conn.execute(
                delete(advisory_packages).where(advisory_packages.c.advisory_id.in_(chunk))
            )
            conn.execute(delete(advisories).where(advisories.c.id.in_(chunk)))
        if keep:
            conn.execute(insert(advisories), [_advisory_row(a, when) for a in keep])
            packages = [_package_row(a.id, p) for a in keep for p in a.affected]
            if packages:
                conn.execute(insert(advisory_packages), packages)
        written += len(keep)
    return written


def record_import(conn: Connection, record: AdvisoryImport) -> None:
    """Keep ``record`` as its ecosystem's last import (replacing the one before)."""
    conn.execute(
        delete(schema.advisory_imports).where(
            schema.advisory_imports.c.ecosystem == record.ecosystem
        )
    )
    conn.execute(
        insert(schema.advisory_imports).values(
            ecosystem=record.ecosystem,
            imported_at=_utc(record.imported_at),
            source=record.source,
            records=record.records,
            skipped=record.skipped,
            newest=_utc(record.newest) if record.newest else None,
        )
    )


def advisory_imports(engine: Engine | Connection) -> tuple[AdvisoryImport, ...]:
    """The last import of each ecosystem, by ecosystem name."""
    table = schema.advisory_imports
    query = select(table).order_by(table.c.ecosystem)
    with _connection(engine) as conn:
        return tuple(
            AdvisoryImport(
                ecosystem=row.ecosystem,
                imported_at=_read_time(row.imported_at),
                source=row.source,
                records=int(row.records),
                skipped=int(row.skipped),
                newest=_read_time(row.newest) if row.newest is not None else None,
            )
            for row in conn.execute(query)
        )


def advisory_counts(engine: Engine | Connection) -> dict[str, int]:
    """How many stored records affect a package of each ecosystem."""
    query = select(
        advisory_packages.c.ecosystem, func.count(func.distinct(advisory_packages.c.advisory_id))
    ).group_by(advisory_packages.c.ecosystem)
    with _connection(engine) as conn:
        return {str(eco): int(n) for eco, n in conn.execute(query)}


def load_advisories(engine: Engine | Connection, packages: Iterable[str]) -> tuple[Advisory, ...]:
    """Every stored record affecting one of ``packages`` (package keys), withdrawn ones too,
    each with all of its affected packages; by id."""
    wanted = sorted(set(packages))
    if not wanted:
        return ()
    with _connection(engine) as conn:
        ids: set[str] = set()
        for chunk in _chunks(wanted, CHUNK):
            query = select(advisory_packages.c.advisory_id).where(
                advisory_packages.c.package.in_(chunk)
            )
            ids.update(str(i) for (i,) in conn.execute(query))
        return _load_ids(conn, sorted(ids))


def advisories_in_use(engine: Engine | Connection) -> tuple[Advisory, ...]:
    """Every stored record affecting a package that a repository's current scan or a monthly
    snapshot uses (withdrawn ones too), with all of its affected packages; by id.

    One query finds them, walking the advisories' package index and probing the dependency
    indexes: nothing to walk when no advisory was imported.
    """
    ap = advisory_packages
    current = (
        select(dependencies.c.package)
        .join(repositories, repositories.c.current_scan_id == dependencies.c.scan_id)
        .where(dependencies.c.package == ap.c.package)
    )
    snapshot = select(snapshot_dependencies.c.package).where(
        snapshot_dependencies.c.package == ap.c.package
    )
    query = select(ap.c.advisory_id).distinct().where(current.exists() | snapshot.exists())
    with _connection(engine) as conn:
        ids = sorted(str(i) for (i,) in conn.execute(query))
        return _load_ids(conn, ids)


def _load_ids(conn: Connection, ids: Sequence[str]) -> tuple[Advisory, ...]:
    affected: dict[str, list[AffectedPackage]] = {}
    found: list[Advisory] = []
    for chunk in _chunks(ids, CHUNK):
        rows = conn.execute(
            select(advisory_packages).where(advisory_packages.c.advisory_id.in_(chunk))
        )
        for row in rows:
            affected.setdefault(row.advisory_id, []).append(_package(row))
        rows = conn.execute(select(advisories).where(advisories.c.id.in_(chunk)))
        found.extend(_advisory(row, tuple(affected.get(row.id, ()))) for row in rows)
    return tuple(sorted(found, key=lambda a: a.id))


# --- rows ↔ records ---------------------------------------------------------------------------


def _advisory_row(a: Advisory, imported_at: dt.datetime) -> dict[str, Any]:
    return {
        "id": a.id,
        "modified": _utc(a.modified),
        "published": _utc(a.published) if a.published else None,
        "withdrawn": _utc(a.withdrawn) if a.withdrawn else None,
        "aliases": json.dumps(a.aliases),
        "related": json.dumps(a.related),
        "summary": a.summary,
        "details": a.details,
        "severity": json.dumps([[s.type, s.score] for s in a.severity]),
        "database_severity": a.database_severity,
        "refs": json.dumps(a.references),
        "source": a.source,
        "imported_at": imported_at,
    }


def _package_row(advisory_id: str, p: AffectedPackage) -> dict[str, Any]:
    ranges = [
        {"type": r.type, "events": [[e.kind, e.version] for e in r.events]}
        | ({"repo": r.repo} if r.repo is not None else {})
        for r in p.ranges
    ]
    return {
        "advisory_id": advisory_id,
        "ecosystem": p.ecosystem,
        "name": p.name,
        "package": p.package,
        "ranges": json.dumps(ranges),
        "versions": json.dumps(p.versions),
    }


def _package(row: Any) -> AffectedPackage:
    ranges = tuple(
        AffectedRange(
            str(r["type"]), tuple(RangeEvent(str(k), str(v)) for k, v in r["events"]), r.get("repo")
        )
        for r in json.loads(row.ranges)
    )
    return AffectedPackage(
        ecosystem=row.ecosystem,
        name=row.name,
        package=row.package,
        ranges=ranges,
        versions=tuple(json.loads(row.versions)),
    )


def _advisory(row: Any, affected: tuple[AffectedPackage, ...]) -> Advisory:
    return Advisory(
        id=row.id,
        modified=_read_time(row.modified),
        published=_read_time(row.published) if row.published is not None else None,
        withdrawn=_read_time(row.withdrawn) if row.withdrawn is not None else None,
        aliases=tuple(json.loads(row.aliases)),
        related=tuple(json.loads(row.related)),
        summary=row.summary,
        details=row.details,
        severity=tuple(SeverityVector(t, s) for t, s in json.loads(row.severity)),
        affected=affected,
        references=tuple(json.loads(row.refs)),
        database_severity=row.database_severity,
        source=row.source,
    )


# --- helpers ----------------------------------------------------------------------------------


def _stored_modified(conn: Connection, ids: Sequence[str]) -> dict[str, dt.datetime]:
    found: dict[str, dt.datetime] = {}
    for chunk in _chunks(ids, CHUNK):
        query = select(advisories.c.id, advisories.c.modified).where(advisories.c.id.in_(chunk))
        found.update((str(i), _read_time(m)) for i, m in conn.execute(query))
    return found


def _utc(value: dt.datetime) -> dt.datetime:
    """Aware in UTC (a naive value is taken as UTC already)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _read_time(value: dt.datetime) -> dt.datetime:
    return _utc(value)


def _batches(items: Iterable[Advisory], size: int) -> Iterator[list[Advisory]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def _connection(handle: Engine | Connection) -> Iterator[Connection]:
    """A connection of an engine (closed after), or the caller's own (left open)."""
    if isinstance(handle, Connection):
        yield handle
        return
    with handle.connect() as conn:
        yield conn
