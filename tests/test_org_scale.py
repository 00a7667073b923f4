"""benchmarks/org_scale.py cannot rot: its generator is deterministic and heavy-tailed, and
every measurement runs end to end on a tiny organisation (the figures are not checked, only
that each run scanned what it should have)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks import synthetic_org
from sqlalchemy.engine import make_url
from tests.conftest import PG_URL

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "org_scale.py"


def _heads(org: Path) -> dict[str, str]:
    return {
        repo.name: subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for repo in sorted((org / "repos").glob("*/*.git"))
    }


def test_same_seed_same_repositories(tmp_path: Path) -> None:
    first = synthetic_org.build_organisation(tmp_path / "a", 3, seed=5, processes=1)
    second = synthetic_org.build_organisation(tmp_path / "b", 3, seed=5, processes=1)
    synthetic_org.build_organisation(tmp_path / "c", 3, seed=6, processes=1)
    assert first["commits"] == second["commits"]
    assert _heads(tmp_path / "a") == _heads(tmp_path / "b")
    assert len(_heads(tmp_path / "a")) == 3
    assert not set(_heads(tmp_path / "a").values()) & set(_heads(tmp_path / "c").values())


def test_plans_are_heavy_tailed_and_mixed() -> None:
    plans = synthetic_org.plan_organisation(2000, seed=13)
    files = [p.files for p in plans]
    commits = [p.commits for p in plans]
    assert 40 <= statistics.median(files) <= 90
    assert 40 <= statistics.median(commits) <= 90
    assert max(files) > 10 * statistics.median(files)  # a long tail, not a uniform spread
    assert max(commits) > 10 * statistics.median(commits)
    assert {p.ecosystem for p in plans} == {e for e, _ in synthetic_org.ECOSYSTEMS}
    npm = [p for p in plans if p.ecosystem == "npm"]
    assert all(p.locked >= p.direct > 0 for p in npm)
    assert all(p.direct == 0 for p in plans if p.ecosystem == "docs")


def test_a_nights_commits_move_only_the_chosen_repositories(tmp_path: Path) -> None:
    org = tmp_path / "org"
    synthetic_org.build_organisation(org, 4, seed=5, processes=1)
    before = _heads(org)
    changed = synthetic_org.add_commits(org, 4, share=0.5, night=1)
    after = _heads(org)
    assert len(changed) == 2
    assert {n.removesuffix(".git") for n, h in after.items() if before[n] != h} == set(changed)


def _run(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.timeout(900)  # seven CLI runs; a loaded CI machine needs more than the default
def test_every_measurement_runs_on_a_tiny_organisation(tmp_path: Path) -> None:
    org = ["--org", str(tmp_path / "org"), "--processes", "1", "--runs", "1"]
    _run("generate", "--repos", "4", *org)
    _run("inventory", "--repos", "4", *org)
    _run("workers", "--repos", "4", "--counts", "1,2", "--no-history", *org)
    _run("rescan", "--repos", "4", "--share", "0.25", *org)
    _run("cockpit", "--repos", "30", "--deps", "5", "--builds", "1", *org)
    lines = (tmp_path / "org" / "results.jsonl").read_text("utf-8").splitlines()
    results = {r["measurement"]: r for r in map(json.loads, lines)}
    assert list(results) == ["generate", "inventory", "workers", "rescan", "cockpit"]
    inventory = results["inventory"]["rows"][0]
    assert (inventory["scanned"], inventory["failed"]) == (4, 0)
    assert inventory["commits_read"] == results["generate"]["rows"][0]["commits"]
    efficiency = [r for r in results["workers"]["rows"] if r["run"] == "median"]
    assert [r["workers"] for r in efficiency] == [1, 2]
    assert efficiency[0]["efficiency"] == 1.0
    cases = {r["case"]: r for r in results["rescan"]["rows"]}
    assert (cases["unchanged"]["scanned"], cases["unchanged"]["unchanged"]) == (0, 4)
    assert (cases["25% changed"]["scanned"], cases["25% changed"]["commits_read"]) == (1, 1)
    routes = {r["path"] for r in results["cockpit"]["rows"]}
    assert {"/", "/api/home", "/repositories/", "/api/dependencies"} <= routes
    assert any(p.startswith("/repositories/svc-") for p in routes)
    assert results["cockpit"]["params"]["dependency_rows"] > 30
    assert all(r["machine"]["cores"] for r in results.values())


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="needs LODESTAR_TEST_DATABASE_URL (PostgreSQL)")
@pytest.mark.timeout(900)
def test_queue_workers_on_postgresql(tmp_path: Path, worker_id: str) -> None:
    server = make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False)
    prefix = f"{make_url(PG_URL).database or 'lodestar'}_orgscale_{worker_id}"
    org = ["--org", str(tmp_path / "org"), "--processes", "1", "--runs", "1"]
    _run("generate", "--repos", "3", *org)
    _run("workers", "--queue", "--repos", "3", "--counts", "1,2", "--postgres", server,
         "--db-prefix", prefix, *org)  # fmt: skip
    (line,) = (tmp_path / "org" / "results.jsonl").read_text("utf-8").splitlines()[1:]
    rows = [r for r in json.loads(line)["rows"] if r["run"] != "median"]
    assert [(r["workers"], r["scanned"], r["failed"], r["queue_pending"]) for r in rows] == [
        (1, 3, 0, 0),
        (2, 3, 0, 0),
    ]
