"""The scan queue's place in the database (PostgreSQL only).

The queue (:mod:`lodestar.ingest.queue`, on procrastinate) lives in the store's own database,
in a schema of its own, :data:`QUEUE_SCHEMA` (``lodestar_queue``): procrastinate's tables
(``procrastinate_jobs``, ``procrastinate_workers``, ``procrastinate_events``,
``procrastinate_periodic_defers``), its functions and types, and Lodestar's
``lodestar_job_errors`` (the last error of each job, which procrastinate does not keep). The
store's tables stay in the default schema; ``DROP SCHEMA lodestar_queue CASCADE`` forgets the
queue and nothing else. Alembic does not manage this schema: procrastinate's schema manager
creates it, once, when the queue is first used (:func:`queue_schema_lock` makes concurrent first
uses wait for each other).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    MetaData,
    Table,
    Text,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

QUEUE_SCHEMA = "lodestar_queue"
_SCHEMA_LOCK = 0x10DE57A2  # pg_advisory_lock key: "the queue's schema is being created"

_metadata = MetaData(schema=QUEUE_SCHEMA)
job_errors = Table(
    "lodestar_job_errors",
    _metadata,
    Column("job_id", BigInteger, primary_key=True),  # procrastinate_jobs.id
    Column("task", Text, nullable=False),
    Column("repository", Text),
    Column("error", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)


def is_postgresql(engine: Engine) -> bool:
    """Whether ``engine`` is on PostgreSQL (the queue's only engine)."""
    return engine.dialect.name == "postgresql"


def queue_conninfo(url: str) -> str | None:
    """The libpq URL (``postgresql://…``, what psycopg and procrastinate take) of a store URL
    on PostgreSQL, whatever its driver; None for any other database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "postgresql":
        return None
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def queue_schema_lock(engine: Engine) -> Iterator[None]:
    """Hold the queue's schema lock (a session advisory lock) with :data:`QUEUE_SCHEMA` and the
    job-error table created: inside, check whether procrastinate's schema is there and apply it
    if not; a second worker starting at the same moment waits, then finds it there."""
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _SCHEMA_LOCK})
        conn.commit()
        try:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{QUEUE_SCHEMA}"'))
            job_errors.create(conn, checkfirst=True)
            conn.commit()
            yield
        finally:
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _SCHEMA_LOCK})
            conn.commit()


def record_job_error(
    engine: Engine, job_id: int, task: str, repository: str | None, error: str
) -> None:
    """Remember why job ``job_id`` failed this time (replacing the previous attempt's error)."""
    values = {
        "job_id": job_id,
        "task": task,
        "repository": repository,
        "error": error,
        "at": dt.datetime.now(dt.UTC),
    }
    statement = insert(job_errors).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=[job_errors.c.job_id],
        set_={k: statement.excluded[k] for k in ("task", "repository", "error", "at")},
    )
    with engine.begin() as conn:
        conn.execute(statement)


def last_job_errors(engine: Engine, job_ids: Iterable[int]) -> dict[int, str]:
    """The last recorded error of each of ``job_ids`` that has one."""
    ids = sorted(set(job_ids))
    if not ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(job_errors.c.job_id, job_errors.c.error).where(job_errors.c.job_id.in_(ids))
        )
        return {int(row.job_id): str(row.error) for row in rows}
