"""Kill a scan with SIGKILL at a random moment, re-run it: the store equals a clean run's.

The kill lands while repositories are being scanned (inventory) or while their history is being
mined, on SQLite and — when ``LODESTAR_TEST_DATABASE_URL`` names a server — on PostgreSQL. The
clean run is always on SQLite: the two engines must agree as well.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, Table, create_engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from tests.conftest import ALICE, BOB, T0

from lodestar.demo.factory import Commit, build_repository
from lodestar.settings import init_workspace
from lodestar.store.queries import list_repositories
from lodestar.store.schema import (
    commits,
    dependencies,
    file_changes,
    file_stats,
    history_tips,
    monthly_snapshots,
    people,
    scans,
    tags,
)

REPOSITORIES = 12
COMMITS = 60


def _org(root: Path) -> None:
    module = '"""Module {j}."""\n\nVALUE = {j}\n' * 40
    for i in range(REPOSITORIES):
        files = {f"pkg/mod{j}.py": module.format(j=j) for j in range(150)}
        files["README.md"] = f"# service {i}\n"
        files["requirements.txt"] = "flask==3.0.0\nrequests>=2.31\n"
        history = [
            Commit(
                author=ALICE if n % 2 == 0 else BOB,
                when=T0 + timedelta(days=7 * n),
                message=f"change {n}",
                files=files if n == COMMITS - 1 else {f"notes/n{n % 7}.txt": f"step {n}\n"},
            )
            for n in range(COMMITS)
        ]
        build_repository(root / f"svc{i:02d}", history)


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _snapshot(url: str) -> dict[str, object]:
    """What a person would see, and how many rows each stage wrote."""
    engine = create_engine(url)
    try:
        rows = list_repositories(engine)
        seen: dict[str, object] = {
            "repositories": [
                (r.name, r.commit, r.files, r.own_code, r.languages, r.licence) for r in rows
            ]
        }
        with engine.connect() as conn:
            for table in (scans, file_stats, dependencies, history_tips, commits, file_changes):
                seen[table.name] = _count(conn, table)
            for table in (tags, people, monthly_snapshots):
                seen[table.name] = _count(conn, table)
        return seen
    finally:
        engine.dispose()


def _progress(engine: Engine, stage: str) -> int:
    """How far the killed run has got: scans stored, or commits mined."""
    table = "scans" if stage == "inventory" else "commits"
    try:
        with engine.connect() as conn:
            done = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608  a fixed table name
    except SQLAlchemyError:
        return 0  # the database (or the table) does not exist yet
    return int(done)


@pytest.mark.slow
@pytest.mark.parametrize(("stage", "seed"), [("inventory", 1), ("inventory", 2), ("history", 3)])
def test_killed_scan_resumes_to_the_clean_result(
    tmp_path: Path, database_url: str, stage: str, seed: int
) -> None:
    _org(tmp_path / "repos")
    killed = init_workspace(tmp_path / "killed", name="K", sources=["../repos"])
    clean = init_workspace(tmp_path / "clean", name="C", sources=["../repos"])
    cmd = [sys.executable, "-m", "lodestar", "--workspace"]
    killed_env = {**os.environ, "LODESTAR_DATABASE_URL": database_url}
    clean_env = {**os.environ, "LODESTAR_DATABASE_URL": ""}

    # A random moment: after 1..REPOSITORIES-2 scans, or part-way through the mined commits.
    rng = random.Random(seed)  # noqa: S311  a reproducible moment to kill at, not a secret
    target = rng.randint(1, REPOSITORIES - 2)
    if stage == "history":
        target = rng.randint(COMMITS, COMMITS * (REPOSITORIES - 2))
    proc = subprocess.Popen(
        [*cmd, str(killed.root), "scan", "--workers", "1"],
        env=killed_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watcher = create_engine(database_url, poolclass=NullPool)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _progress(watcher, stage) >= target:
            break
        time.sleep(0.01)
    watcher.dispose()
    assert proc.poll() is None, "scan finished before it could be killed; make the org bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _snapshot(database_url)
    if stage == "inventory":
        stored = partial["repositories"]
        assert isinstance(stored, list)
        assert 1 <= sum(1 for r in stored if r[1] is not None) < REPOSITORIES
    else:
        assert 0 < partial["commits"] < COMMITS * REPOSITORIES  # type: ignore[operator]

    subprocess.run(
        [*cmd, str(killed.root), "scan"], env=killed_env, check=True, capture_output=True
    )
    subprocess.run([*cmd, str(clean.root), "scan"], env=clean_env, check=True, capture_output=True)
    resumed, fresh = _snapshot(database_url), _snapshot(clean.database_url)
    assert resumed == fresh
    assert resumed["scans"] == REPOSITORIES
    assert resumed["commits"] == COMMITS * REPOSITORIES
