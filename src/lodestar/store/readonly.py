"""Open the store read-only for the cockpit.

SQLite is opened through a ``mode=ro`` URI with ``PRAGMA query_only`` on top; PostgreSQL
sessions start with ``default_transaction_read_only`` on, so every transaction the web app
opens refuses writes at the database, whatever the code above it does.

Before the first scan there is no store yet: the cockpit reads an empty
in-memory one (:func:`empty_store`: the newest schema, no rows), so the cockpit can show the
workspace's strategy, and :func:`open_scanned` tells when the first scan created the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from lodestar.errors import StoreError
from lodestar.store.db import current_revision, upgrade


def _sqlite_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


NO_SCAN = "run 'lodestar scan' first"


def open_read_only(url: str) -> Engine:
    """A read-only engine on an existing, migrated store (StoreError otherwise)."""
    engine = _open(url)
    if engine is None:
        raise StoreError(f"the database {url} has no Lodestar tables: {NO_SCAN}")
    return engine


def open_scanned(url: str) -> Engine | None:
    """A read-only engine on the store at ``url``; None before the first scan (no database
    file, or one without Lodestar tables). A store that cannot be opened (a server down, a
    wrong URL) is a StoreError."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = url.removeprefix("sqlite:///")
        if path and not Path(path).is_file():
            return None
    return _open(url)


def empty_store() -> Engine:
    """A read-only in-memory store with the newest schema and no rows."""
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    upgrade(engine)
    with engine.connect() as conn:  # the one connection (StaticPool): read-only from now on
        conn.exec_driver_sql("PRAGMA query_only=ON")
    return engine


def _open(url: str) -> Engine | None:
    """A read-only engine on the store at ``url``; None when it has no Lodestar tables."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    try:
        if url.startswith("sqlite:///"):
            path = url.removeprefix("sqlite:///")
            if not path or ":memory:" in path:
                raise StoreError("the cockpit needs a database file, not an in-memory database")
            if not Path(path).is_file():
                raise StoreError(f"no database at {path}: {NO_SCAN}")
            engine = create_engine(
                f"sqlite:///file:{quote(str(Path(path).absolute()))}?mode=ro&uri=true",
                connect_args={"check_same_thread": False},
            )
            event.listen(engine, "connect", _sqlite_read_only)
        else:
            engine = create_engine(
                url,
                pool_pre_ping=True,
                connect_args={"options": "-c default_transaction_read_only=on"},
            )
        revision = current_revision(engine)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot open database {url} read-only: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0]}; check [database] url in lodestar.toml"
        ) from exc
    if revision is None:
        engine.dispose()
        return None
    return engine
