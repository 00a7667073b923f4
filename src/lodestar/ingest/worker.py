"""Run queue workers (``lodestar worker``): processes that take the scan queue's jobs.

A worker is one process running one job at a time (scanning is CPU-bound Python: threads would
share one core); ``concurrency`` N starts N such processes, each a worker of its own with its
own heartbeat. Run as many as you like, on as many machines as share the workspace's settings
and see the sources at the same paths: the queue's locks keep one repository in one worker.

On start, and every half ``queue.stalled_after`` seconds, a worker retries the jobs of workers
that stopped sending heartbeats (:func:`lodestar.ingest.queue.retry_stalled_jobs`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType

from procrastinate import App
from sqlalchemy import Engine

from lodestar.ingest.queue import (
    QUEUE,
    JobReport,
    WorkerContext,
    prepare_queue,
    queue_app,
    queue_url,
    retry_stalled_jobs,
)
from lodestar.ingest.queue_sources import workspace_repositories
from lodestar.ingest.scans import Outcome
from lodestar.settings import QueueSettings, Workspace
from lodestar.store import database

PAUSE_ENV = "LODESTAR_TEST_PAUSE_AFTER_SCAN"
_PAUSE_LIMIT = 300.0  # seconds a paused job waits at most


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    concurrency: int = 1  # worker processes
    wait: bool = True  # False: take what is ready, then exit (drain)
    name: str = "lodestar"
    database_url: str | None = None  # default: the workspace's [database] url


@dataclass(slots=True)
class WorkerSummary:
    """What a worker (or all of ``concurrency`` processes) did before it stopped."""

    jobs: int = 0
    failed: int = 0
    stalled_retried: int = 0

    def add(self, other: WorkerSummary) -> None:
        self.jobs += other.jobs
        self.failed += other.failed
        self.stalled_retried += other.stalled_retried


def run_worker(
    root: Path, options: WorkerOptions, on_job: Callable[[JobReport], None] | None = None
) -> WorkerSummary:
    """Run ``options.concurrency`` workers on the workspace at ``root`` until stopped (SIGINT,
    SIGTERM) or, with ``wait=False``, until no job is ready. ``on_job`` is told each finished
    job; with several processes it must be a module-level function (it is sent to them)."""
    queue_url(Workspace.load(root), options.database_url)  # SQLite: refused before any start
    if options.concurrency <= 1:
        return _run_one(str(root), options, options.name, on_job)
    return _run_processes(str(root), options, on_job)


def _run_one(
    root: str, options: WorkerOptions, name: str, on_job: Callable[[JobReport], None] | None
) -> WorkerSummary:
    ws = Workspace.load(Path(root))
    settings = ws.settings.queue
    summary = WorkerSummary()

    def counted(job: JobReport) -> None:
        summary.jobs += 1
        summary.failed += job.status == "failed"
        if on_job is not None:
            on_job(job)

    quiet = logging.getLogger("procrastinate")  # each job's outcome is reported by on_job
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    with database(options.database_url or ws.database_url) as engine:
        app = queue_app(queue_url(ws, options.database_url), settings)
        prepare_queue(app, engine)
        context = WorkerContext(
            engine,
            ws,
            sources=partial(workspace_repositories, ws, None),
            on_job=counted,
            after_scan=_test_pause(),
        )
        asyncio.run(_serve(app, context, settings, wait=options.wait, name=name, summary=summary))
    return summary


async def _serve(
    app: App,
    context: WorkerContext,
    settings: QueueSettings,
    *,
    wait: bool,
    name: str,
    summary: WorkerSummary,
) -> None:
    async with app.open_async():
        stalled = await retry_stalled_jobs(app, context.engine, settings.stalled_after)
        summary.stalled_retried += len(stalled)
        sweeper = asyncio.create_task(_sweep(app, context.engine, settings, summary))
        try:
            await app.run_worker_async(
                queues=[QUEUE],
                name=name,
                wait=wait,
                concurrency=1,
                additional_context={"lodestar": context},
                update_heartbeat_interval=settings.stalled_after / 4,
                stalled_worker_timeout=settings.stalled_after,
            )
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper


async def _sweep(app: App, engine: Engine, settings: QueueSettings, summary: WorkerSummary) -> None:
    while True:
        await asyncio.sleep(settings.stalled_after / 2)
        stalled = await retry_stalled_jobs(app, engine, settings.stalled_after)
        summary.stalled_retried += len(stalled)


def _run_processes(
    root: str, options: WorkerOptions, on_job: Callable[[JobReport], None] | None
) -> WorkerSummary:
    spawn = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[tuple[int, int, int]] = spawn.Queue()
    processes = [
        spawn.Process(
            target=_child,
            args=(root, options, f"{options.name}-{i + 1}", on_job, results),
            daemon=False,
        )
        for i in range(options.concurrency)
    ]
    for process in processes:
        process.start()

    def forward(signum: int, _frame: FrameType | None) -> None:
        for process in processes:
            if process.pid is not None and process.is_alive():
                os.kill(process.pid, signum)

    previous = signal.signal(signal.SIGTERM, forward)  # SIGINT reaches them from the terminal
    try:
        for process in processes:
            process.join()
    finally:
        signal.signal(signal.SIGTERM, previous)
    summary = WorkerSummary()
    while not results.empty():
        summary.add(WorkerSummary(*results.get()))
    return summary


def _child(
    root: str,
    options: WorkerOptions,
    name: str,
    on_job: Callable[[JobReport], None] | None,
    results: multiprocessing.Queue[tuple[int, int, int]],
) -> None:
    _die_with_parent()
    summary = _run_one(root, options, name, on_job)
    results.put((summary.jobs, summary.failed, summary.stalled_retried))


def _die_with_parent() -> None:
    """Linux: stop (SIGTERM, gracefully) when the parent process dies, so no worker outlives
    ``lodestar worker --concurrency N`` killed with SIGKILL; elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _test_pause() -> Callable[[Outcome], None] | None:
    """Test-only: when the environment names a folder in LODESTAR_TEST_PAUSE_AFTER_SCAN, each
    job, its scan stored and its history not yet mined, writes ``<folder>/<repository>.paused``
    and waits for ``<folder>/resume`` (5 minutes at most): the SIGKILL test kills the worker
    there, half-way through a job."""
    folder = os.environ.get(PAUSE_ENV)
    if not folder:
        return None

    def pause(outcome: Outcome) -> None:
        Path(folder, f"{outcome.repository.name}.paused").write_text("", "utf-8")
        deadline = time.monotonic() + _PAUSE_LIMIT
        while not Path(folder, "resume").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    return pause
