"""Kill a scan half way, re-run it: the result equals a clean run's, and nothing is half written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from tests.conftest import make_repo

from lodestar.settings import init_workspace
from lodestar.store.queries import list_repositories


def _org(root: Path, n: int) -> None:
    for i in range(n):
        files = {f"pkg/mod{j}.py": f'"""Module {j}."""\n\nVALUE = {j}\n' * 40 for j in range(150)}
        files["README.md"] = f"# service {i}\n"
        make_repo(root / f"svc{i:02d}", files)


def _snapshot(url: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        rows = list_repositories(engine)
        return [(r.name, r.commit, r.files, r.own_code, r.languages, r.licence) for r in rows]
    finally:
        engine.dispose()


@pytest.mark.slow
def test_killed_scan_resumes_to_the_clean_result(tmp_path: Path) -> None:
    _org(tmp_path / "repos", 12)
    killed = init_workspace(tmp_path / "killed", name="K", sources=["../repos"])
    clean = init_workspace(tmp_path / "clean", name="C", sources=["../repos"])
    env = {**os.environ, "LODESTAR_DATABASE_URL": ""}
    cmd = [sys.executable, "-m", "lodestar", "--workspace"]

    proc = subprocess.Popen(
        [*cmd, str(killed.root), "scan", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = killed.database_url
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            engine = create_engine(db)
            with engine.connect() as conn:
                stored = conn.execute(text("SELECT count(*) FROM scans")).scalar_one()
            engine.dispose()
        except Exception:  # noqa: BLE001  the database may not exist yet
            stored = 0
        if stored >= 3:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "scan finished before it could be killed; make the org bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _snapshot(db)
    assert 3 <= sum(1 for r in partial if r[1] is not None) < 12  # some stored, not all

    subprocess.run([*cmd, str(killed.root), "scan"], env=env, check=True, capture_output=True)
    subprocess.run([*cmd, str(clean.root), "scan"], env=env, check=True, capture_output=True)
    assert _snapshot(db) == _snapshot(clean.database_url)
    engine = create_engine(db)
    with engine.connect() as conn:
        from lodestar.store.schema import scans

        assert conn.execute(select(func.count()).select_from(scans)).scalar_one() == 12
    engine.dispose()
