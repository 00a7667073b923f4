"""The scan queue on PostgreSQL: enqueue, workers, locks, a worker killed mid-job, status.

PostgreSQL only (skipped without LODESTAR_TEST_DATABASE_URL). Each test gets fresh databases
of its own; workers run in-process (``run_worker``) or as ``lodestar worker`` subprocesses when
the test kills or races them. A store filled by the queue is compared with a local
``run_scan`` + ``run_history`` of the same repositories, row by row, ids and timings left out.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.conftest import ALICE, BOB, PG_URL, T0

import lodestar
from lodestar.demo.factory import Author, Commit, build_repository
from lodestar.ingest import (
    EnqueueResult,
    JobReport,
    WorkerOptions,
    enqueue,
    history_options,
    queue_app,
    queue_status,
    queue_url,
    run_history,
    run_scan,
    run_worker,
    scan_options,
    workspace_repositories,
)
from lodestar.settings import Workspace, init_workspace
from lodestar.store import database, list_repositories
from lodestar.store.schema import metadata

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="needs LODESTAR_TEST_DATABASE_URL (PostgreSQL)"),
]

CAROL = Author("Carol Example", "carol@example.com")
SRC = Path(lodestar.__file__).resolve().parents[1]
TIMINGS = {"first_seen", "scanned_at", "duration_ms", "mined_at", "imported_at"}


def _fresh_database(name: str) -> str:
    base = make_url(PG_URL).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def databases(request: pytest.FixtureRequest) -> Iterator[Callable[[str], str]]:
    """Fresh PostgreSQL databases named after the test (and the xdist worker)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    base = make_url(PG_URL).database or "lodestar"
    made: list[str] = []

    def make(suffix: str) -> str:
        name = f"{base}_{worker}_{request.node.name[5:25]}_{suffix}".lower()
        made.append(name)
        return _fresh_database(name)

    yield make
    admin = create_engine(
        make_url(PG_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _organisation(root: Path, count: int = 3) -> Path:
    """``count`` repositories with a few months of history by three people."""
    repos = root / "repos"
    for n in range(count):
        history = [
            Commit(
                author=(ALICE, BOB, CAROL)[(i + n) % 3],
                when=T0 + timedelta(days=9 * i + n),
                message=f"change {i}",
                files={
                    f"src/module{i % 4}.py": f"def f{i}():\n    return {i}\n" * (i + 1),
                    "requirements.txt": f"requests=={2 + n}.{i}\nflask==3.0\n",
                    "README.md": f"# service {n}\n",
                },
            )
            for i in range(6 + n)
        ]
        build_repository(repos / f"service-{n}", history, bare=n == 0)
    return repos


def _workspace(root: Path, url: str, repos: Path, queue: str = "") -> Workspace:
    ws = init_workspace(root, name="Queue", sources=[str(repos)], database=url)
    settings = ws.config_path.read_text("utf-8")
    ws.config_path.write_text(settings + "\n[queue]\n" + queue, "utf-8")
    return Workspace.load(root)


def _local_run(ws: Workspace) -> None:
    refs, _ = workspace_repositories(ws)
    options = scan_options(ws, workers=1)
    with database(ws.database_url) as engine:
        run_scan(engine, refs, options)
        run_history(engine, refs, history_options(ws, rev=options.rev))


def _enqueue(ws: Workspace, *, force: bool = False) -> EnqueueResult:
    refs, sources = workspace_repositories(ws)
    with database(ws.database_url) as engine:
        app = queue_app(queue_url(ws), ws.settings.queue)
        return enqueue(app, engine, refs, sources=sources, force=force)


def _dump(url: str) -> dict[str, Counter[tuple[object, ...]]]:
    """Every store table as a multiset of rows: ids and timings left out, a repository and a
    scan named by what they are (name; name and commit)."""
    engine = create_engine(url)
    out: dict[str, Counter[tuple[object, ...]]] = {}
    with engine.connect() as conn:
        names = dict(conn.execute(text("SELECT id, name FROM repositories")).all())
        scans = {
            row.id: (names[row.repository_id], row.commit)
            for row in conn.execute(text("SELECT id, repository_id, commit FROM scans"))
        }
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = Counter()
            for row in conn.execute(table.select()).mappings():
                kept = []
                for key, value in sorted(row.items()):
                    if key == "repository_id":
                        kept.append((key, names.get(value)))
                    elif key in {"scan_id", "current_scan_id"}:
                        kept.append((key, scans.get(value)))
                    elif key == "id" or key.endswith("_id") or key in TIMINGS:
                        continue
                    else:
                        kept.append((key, value))
                rows[tuple(kept)] += 1
            out[table.name] = rows
    engine.dispose()
    return out


def _assert_same_store(queued: str, local: str) -> None:
    got, want = _dump(queued), _dump(local)
    assert sum(len(rows) for rows in want.values()) > 50  # a real store, not two empty ones
    for table in want:
        assert got[table] == want[table], f"table {table} differs"


def _cli(ws: Workspace, *args: str) -> list[str]:
    return [sys.executable, "-m", "lodestar", "--workspace", str(ws.root), *args]


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("LODESTAR_DATABASE_URL", None)  # the workspace's own PostgreSQL
    env.pop("LODESTAR_TEST_PAUSE_AFTER_SCAN", None)
    return {**env, **extra}


def test_enqueue_then_worker_drains_into_the_store_a_local_run_makes(
    tmp_path: Path, databases: Callable[[str], str]
) -> None:
    repos = _organisation(tmp_path)
    ws = _workspace(tmp_path / "ws", databases("queued"), repos)
    local = _workspace(tmp_path / "local", databases("local"), repos)
    first = _enqueue(ws)
    assert (first.enqueued, first.already_pending, first.people) == (3, 0, True)
    reports: list[JobReport] = []
    summary = run_worker(ws.root, WorkerOptions(wait=False), reports.append)
    assert (summary.jobs, summary.failed) == (4, 0)
    assert sorted(r.repository or r.task for r in reports) == [
        "lodestar.refresh_people",
        "service-0",
        "service-1",
        "service-2",
    ]
    assert reports[-1].task == "lodestar.refresh_people"  # after every repository job
    _local_run(local)
    _assert_same_store(ws.database_url, local.database_url)

    # at-least-once: the same jobs again find every commit unchanged and change nothing
    _enqueue(ws)
    again: list[JobReport] = []
    run_worker(ws.root, WorkerOptions(wait=False), again.append)
    assert {r.status for r in again if r.repository} == {"unchanged"}
    _assert_same_store(ws.database_url, local.database_url)


def test_enqueueing_twice_keeps_one_pending_job_per_repository(
    tmp_path: Path, databases: Callable[[str], str]
) -> None:
    ws = _workspace(tmp_path / "ws", databases("q"), _organisation(tmp_path))
    _enqueue(ws)
    second = _enqueue(ws, force=True)
    assert (second.enqueued, second.already_pending, second.people) == (0, 3, False)
    status = queue_status(ws)
    pending = {t.task: t.todo for t in status.tasks}
    assert pending == {"lodestar.scan_repository": 3, "lodestar.refresh_people": 1}


def _wait_for(path: Path, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def test_a_repository_running_in_one_worker_is_not_taken_by_another(
    tmp_path: Path, databases: Callable[[str], str]
) -> None:
    ws = _workspace(tmp_path / "ws", databases("q"), _organisation(tmp_path, count=1))
    pause = tmp_path / "pause"
    pause.mkdir()
    _enqueue(ws)
    first = subprocess.Popen(
        _cli(ws, "worker", "--once", "--json", "--name", "first"),
        env=_env(LODESTAR_TEST_PAUSE_AFTER_SCAN=str(pause)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(pause / "service-0.paused", first)
        # service-0 runs in the first worker; a second job of it may wait, not run
        assert _enqueue(ws, force=True).enqueued == 1
        second = subprocess.run(
            _cli(ws, "worker", "--once", "--json", "--name", "second"),
            env=_env(),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        taken = [json.loads(line) for line in second.stdout.splitlines() if '"task"' in line]
        assert [j["repository"] for j in taken if j["repository"]] == []
        (pause / "resume").write_text("", "utf-8")
        out, _ = first.communicate(timeout=120)
    finally:
        (pause / "resume").write_text("", "utf-8")
        first.kill() if first.poll() is None else None
    jobs = [json.loads(line) for line in out.splitlines() if '"task"' in line]
    # the first worker finished its job, then took the waiting one (force: scanned again)
    assert [(j["repository"], j["status"]) for j in jobs if j["repository"]] == [
        ("service-0", "scanned"),
        ("service-0", "scanned"),
    ]


def test_two_worker_processes_share_the_queue_without_running_a_repository_twice(
    tmp_path: Path, databases: Callable[[str], str]
) -> None:
    repos = _organisation(tmp_path, count=6)
    ws = _workspace(tmp_path / "ws", databases("q"), repos)
    local = _workspace(tmp_path / "local", databases("local"), repos)
    _enqueue(ws)
    workers = [
        subprocess.Popen(
            _cli(ws, "worker", "--once", "--json", "--name", name),
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [w.communicate(timeout=240)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0]
    jobs = [json.loads(line) for out in outputs for line in out.splitlines() if '"task"' in line]
    done = Counter(j["repository"] for j in jobs if j["repository"])
    assert done == Counter({f"service-{n}": 1 for n in range(6)})
    # the people job may have run before the last repository finished: run it once more
    _enqueue(ws)
    run_worker(ws.root, WorkerOptions(wait=False))
    _local_run(local)
    _assert_same_store(ws.database_url, local.database_url)


def test_a_worker_killed_mid_job_leaves_it_to_be_retried_and_the_store_ends_as_a_clean_run(
    tmp_path: Path, databases: Callable[[str], str]
) -> None:
    repos = _organisation(tmp_path, count=2)
    ws = _workspace(tmp_path / "ws", databases("q"), repos, queue="stalled_after = 2\n")
    local = _workspace(tmp_path / "local", databases("local"), repos)
    pause = tmp_path / "pause"
    pause.mkdir()
    _enqueue(ws)
    doomed = subprocess.Popen(
        _cli(ws, "worker", "--json"),  # waits for jobs until stopped
        env=_env(LODESTAR_TEST_PAUSE_AFTER_SCAN=str(pause)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_for(pause / "service-0.paused", doomed)  # scan stored, history not yet mined
        os.kill(doomed.pid, signal.SIGKILL)
    finally:
        if doomed.poll() is None:
            doomed.kill()
        doomed.communicate(timeout=30)  # reaped, its pipes closed
    status = queue_status(ws)
    assert [(j.repository, j.state) for j in status.jobs] in (
        [("service-0", "running")],  # its heartbeat is not 2 s old yet
        [("service-0", "stalled")],
    )
    time.sleep(2.5)  # the dead worker's heartbeat grows old
    assert [(j.repository, j.state) for j in queue_status(ws).jobs] == [("service-0", "stalled")]
    after = subprocess.run(
        _cli(ws, "worker", "--once", "--json"),
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    )
    lines = [json.loads(line) for line in after.stdout.splitlines()]
    assert lines[-1]["summary"]["stalled_retried"] == 1
    assert sorted(j["repository"] for j in lines[:-1] if j.get("repository")) == [
        "service-0",
        "service-1",
    ]
    final = queue_status(ws)
    assert final.jobs == []
    assert {t.task: (t.todo, t.doing, t.failed) for t in final.tasks} == {
        "lodestar.scan_repository": (0, 0, 0),
        "lodestar.refresh_people": (0, 0, 0),
    }
    _local_run(local)
    _assert_same_store(ws.database_url, local.database_url)


def test_queue_json_shows_a_broken_repository_failed_with_its_last_error(
    tmp_path: Path, databases: Callable[[str], str]
) -> None:
    repos = _organisation(tmp_path, count=1)
    broken = repos / "broken"
    subprocess.run(["git", "init", "-q", str(broken)], check=True)  # no commit: no HEAD
    ws = _workspace(tmp_path / "ws", databases("q"), repos, queue="retries = 0\n")
    listed = subprocess.run(
        _cli(ws, "scan", "--queue", "--json"),
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == {"enqueued": 2, "already_pending": 0, "people_job": True}
    worked = subprocess.run(
        _cli(ws, "worker", "--once"),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert worked.returncode == 0, worked.stderr
    assert "failed" in worked.stderr and "broken" in worked.stderr
    shown = subprocess.run(
        _cli(ws, "queue", "--json"), env=_env(), capture_output=True, text=True, check=True
    )
    status = json.loads(shown.stdout)
    assert status["totals"] == {"pending": 0, "running": 0, "failed": 1, "succeeded": 2}
    [job] = status["jobs"]
    assert (job["repository"], job["state"], job["attempts"]) == ("broken", "failed", 1)
    assert job["error"].startswith("inventory: ") and "no commits" in job["error"]
    assert [p["task"] for p in status["periodic"]] == [
        "lodestar.rescan_sources",
        "retry stalled jobs",
    ]


def test_a_remote_source_is_mirrored_by_the_worker_that_takes_its_job(
    tmp_path: Path, databases: Callable[[str], str]
) -> None:
    origin = _organisation(tmp_path, count=2) / "service-1"
    ws = init_workspace(tmp_path / "ws", name="Remote", sources=[], database=databases("q"))
    config = ws.config_path.read_text("utf-8")
    ws.config_path.write_text(
        config.replace("paths = []", f'paths = []\nurls = ["file://{origin}"]'), "utf-8"
    )
    ws = Workspace.load(ws.root)
    assert (_enqueue(ws).enqueued, len(workspace_repositories(ws)[1])) == (1, 1)
    reports: list[JobReport] = []
    run_worker(ws.root, WorkerOptions(wait=False), reports.append)
    [scanned] = [r for r in reports if r.repository]
    head = subprocess.run(
        ["git", "-C", str(origin), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert (scanned.repository, scanned.status) == ("service-1", "scanned")
    assert head[:10] in scanned.detail
    mirror = workspace_repositories(ws)[1][0].mirror
    assert (mirror / "HEAD").is_file()  # the bare mirror the job cloned, under the workspace
    with database(ws.database_url) as engine:
        [row] = list_repositories(engine)
    assert (row.name, row.path, row.remote and row.remote.url) == (
        "service-1",
        str(mirror),
        f"file://{origin}",
    )

    # a new commit upstream: the next job fetches it before scanning
    subprocess.run(
        ["git", "-C", str(origin), "commit", "-q", "--allow-empty", "-m", "upstream change"],
        env={
            **os.environ,
            **{
                f"GIT_{w}_{k}": v
                for w in ("AUTHOR", "COMMITTER")
                for k, v in (
                    ("NAME", "Alice Example"),
                    ("EMAIL", "alice@example.com"),
                    ("DATE", "2025-06-01T10:00:00Z"),
                )
            },
        },
        check=True,
    )
    _enqueue(ws)
    again: list[JobReport] = []
    run_worker(ws.root, WorkerOptions(wait=False), again.append)
    [rescanned] = [r for r in again if r.repository]
    assert rescanned.status == "scanned" and "1 new commits" in rescanned.detail
