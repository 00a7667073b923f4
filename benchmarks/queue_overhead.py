"""What the scan queue costs over a local run of the same repositories, on PostgreSQL.

Builds N small repositories with the demo factory, then, in the same run and on the same
PostgreSQL server, repeats (median of R):

* local: ``run_scan`` (one process) + ``run_history`` into a fresh database;
* queue: ``lodestar scan --queue``'s ``enqueue`` + one in-process worker draining the queue
  (``run_worker(wait=False)``) into another fresh database;
* enqueue only: how long enqueueing N repositories takes.

Usage: python benchmarks/queue_overhead.py postgresql://postgres@127.0.0.1/postgres [N] [R]
(creates and drops databases named bench_queue_*).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lodestar.demo.factory import Author, Commit, build_repository
from lodestar.ingest import (
    WorkerOptions,
    enqueue,
    history_options,
    queue_app,
    queue_url,
    run_history,
    run_scan,
    run_worker,
    scan_options,
    workspace_repositories,
)
from lodestar.settings import Workspace, init_workspace
from lodestar.store import database

PEOPLE = [Author(f"Dev {i}", f"dev{i}@example.com") for i in range(5)]
T0 = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)


def _fresh(admin_url: str, name: str) -> str:
    base = make_url(admin_url).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop(admin_url: str, name: str) -> None:
    admin = create_engine(
        make_url(admin_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _organisation(root: Path, count: int) -> Path:
    for n in range(count):
        history = [
            Commit(
                author=PEOPLE[(i + n) % len(PEOPLE)],
                when=T0 + timedelta(days=5 * i),
                message=f"change {i}",
                files={
                    f"src/m{i % 7}.py": f"def f{i}():\n    return {i}\n" * (i + 3),
                    "requirements.txt": f"requests==2.{i}\nflask==3.0\n",
                },
            )
            for i in range(20)
        ]
        build_repository(root / f"repo-{n:03}", history, bare=True)
    return root


def _workspace(root: Path, url: str, repos: Path) -> Workspace:
    ws = init_workspace(root, name="Bench", sources=[str(repos)], database=url)
    ws.config_path.write_text(
        ws.config_path.read_text("utf-8") + '\n[queue]\nrescan = ""\n', "utf-8"
    )
    return Workspace.load(root)


def _local(ws: Workspace) -> float:
    refs, _ = workspace_repositories(ws)
    start = time.perf_counter()
    options = scan_options(ws, workers=1)
    with database(ws.database_url) as engine:
        run_scan(engine, refs, options)
        run_history(engine, refs, history_options(ws, rev=options.rev))
    return time.perf_counter() - start


def _queued(ws: Workspace) -> tuple[float, float]:
    refs, sources = workspace_repositories(ws)
    start = time.perf_counter()
    with database(ws.database_url) as engine:
        enqueue(queue_app(queue_url(ws), ws.settings.queue), engine, refs, sources=sources)
    enqueued = time.perf_counter() - start
    run_worker(ws.root, WorkerOptions(wait=False))
    return time.perf_counter() - start, enqueued


def main() -> None:
    admin_url = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    local_s, queue_s, enqueue_s = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        repos = _organisation(Path(tmp, "repos"), count)
        for r in range(rounds):
            for kind in ("local", "queue"):
                name = f"bench_queue_{kind}_{r}"
                ws = _workspace(Path(tmp, name), _fresh(admin_url, name), repos)
                if kind == "local":
                    local_s.append(_local(ws))
                else:
                    total, enq = _queued(ws)
                    queue_s.append(total)
                    enqueue_s.append(enq)
                _drop(admin_url, name)
    local, queued, enq = (statistics.median(x) for x in (local_s, queue_s, enqueue_s))
    print(f"{count} repositories x 20 commits, median of {rounds}, load {os.getloadavg()[0]:.1f}")
    print(f"local run_scan(1 process) + run_history: {local:.2f} s")
    print(f"queue: enqueue + 1 worker draining:      {queued:.2f} s ({queued / local:.2f}x)")
    print(f"  of which enqueue (schema created):     {enq:.2f} s")


if __name__ == "__main__":
    main()
