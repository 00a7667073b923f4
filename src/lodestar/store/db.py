"""Open the database and bring its schema up to date with Alembic.

SQLite (the default, one file in the workspace) runs in WAL mode with foreign keys on, so a
reader never blocks the single writer and a killed writer leaves the last committed state.
PostgreSQL is used as is, through psycopg 3 (``postgresql+psycopg://``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from lodestar.errors import StoreError


def _normalise_url(url: str) -> str:
    """Let people write postgresql:// and get the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("lodestar.store") / "migrations"))
    return cfg


def open_engine(url: str, *, migrate: bool = True, read_only: bool = False) -> Engine:
    """An engine on ``url``, migrated to the newest schema unless ``migrate`` is False."""
    url = _normalise_url(url)
    try:
        if url.startswith("sqlite:///"):
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:" and not read_only:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        if migrate:
            upgrade(engine)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot open database {url}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}; "
            "check [database] url in lodestar.toml"
        ) from exc
    return engine


@contextmanager
def database(url: str, *, migrate: bool = True, read_only: bool = False) -> Iterator[Engine]:
    """``open_engine`` whose connections are closed when the block ends."""
    engine = open_engine(url, migrate=migrate, read_only=read_only)
    try:
        yield engine
    finally:
        engine.dispose()


def upgrade(engine: Engine) -> None:
    """Apply every pending migration (idempotent)."""
    cfg = _alembic_config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.begin() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (None: never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
