"""Shared fixtures: fixture repositories from the demo factory, and databases.

Store tests run on SQLite always and on PostgreSQL too when LODESTAR_TEST_DATABASE_URL points at
a server (.ci/run sets it). Each pytest-xdist worker gets its own PostgreSQL database, emptied
before each test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings as _hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lodestar.demo.factory import Author, Commit, build_repository

if TYPE_CHECKING:
    from tests.remote_servers import GitDaemon

ALICE = Author("Alice Example", "alice@example.com")
BOB = Author("Bob Example", "bob@example.com")
T0 = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)

PG_URL = os.environ.get("LODESTAR_TEST_DATABASE_URL", "")


def make_repo(
    path: Path,
    files: Mapping[str, bytes | str],
    *,
    bare: bool = False,
    commits: int = 1,
    symlinks: Mapping[str, str] | None = None,
) -> str:
    """A repository whose last commit holds ``files``; returns the HEAD commit id."""
    history = [
        Commit(
            author=ALICE if i % 2 == 0 else BOB,
            when=T0 + timedelta(days=i),
            message=f"change {i}",
            files=dict(files) if i == commits - 1 else {"HISTORY.txt": f"step {i}\n"},
            symlinks=dict(symlinks or {}) if i == commits - 1 else {},
        )
        for i in range(commits)
    ]
    return build_repository(path, history, bare=bare)


@pytest.fixture
def repo_factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    counter = iter(range(1_000_000))

    def factory(files: Mapping[str, bytes | str], **kwargs: object) -> Path:
        path = tmp_path / "repos" / f"repo{next(counter)}"
        make_repo(path, files, **kwargs)  # type: ignore[arg-type]
        return path

    return factory


def _pg_database_url(worker: str) -> str:
    base = make_url(PG_URL)
    name = f"{base.database or 'lodestar'}_{worker}"
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def _empty_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: SQLite in tmp_path, and PostgreSQL when configured."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lodestar.db'}"
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = _pg_database_url(worker)
    _empty_pg(url)
    yield url


# Hypothesis: CI runs derandomised (the same examples every run, so a red build is
# reproducible); locally examples vary, which finds more. No per-example deadline: this
# machine is shared and timing is not what these properties check.
_hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
_hypothesis_settings.register_profile("dev", deadline=None)
_hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[GitDaemon]:
    """A ``git daemon`` on 127.0.0.1 serving ``tmp_path/served`` (the mirror tests' remote)."""
    from tests.remote_servers import GitDaemon  # it builds its repositories with this module

    served = tmp_path / "served"
    served.mkdir()
    server = GitDaemon(served).start()
    yield server
    server.stop()
