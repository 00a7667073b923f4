"""The scan queue: one job per repository on PostgreSQL, taken by any number of workers.

Built on procrastinate (a maintained PostgreSQL-backed task queue): no server besides the
store's own PostgreSQL, whose database also holds the queue, in the schema ``lodestar_queue``
(:mod:`lodestar.store.queue_tables`), created on first use.

Jobs (queue ``lodestar``):

* ``lodestar.scan_repository`` — one repository: :func:`lodestar.ingest.process_repository`
  (inventory scan, history, monthly snapshots), with the settings of the worker's workspace.
  Its *queueing lock* keeps at most one job of a repository waiting (enqueueing twice adds
  nothing) and its *lock* at most one running, whichever worker takes it. Idempotent by
  (repository, commit): a job run twice finds the commit unchanged and writes nothing; a job
  killed half-way never committed its stage's transaction, so at-least-once delivery is safe.
  A broken repository fails the job (:class:`~lodestar.errors.JobError`), retried with
  exponential back-off (``queue.retries``, ``queue.retry_backoff``).
* ``lodestar.refresh_people`` — the organisation's people from every mined history (one
  at a time, at most one waiting); enqueued with each scan and again by every repository job,
  at a lower priority, so it runs when no repository job is waiting.
* ``lodestar.rescan_sources`` — periodic (``queue.rescan``, cron): enqueue every source again.

Each failure's message is kept as the job's last error (``lodestar queue``). A worker that dies
(SIGKILL, a lost machine) stops sending heartbeats; after ``queue.stalled_after`` seconds the
running jobs of dead workers are retried by the others (:func:`retry_stalled_jobs`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued, UniqueViolation
from procrastinate.jobs import Job, Status
from sqlalchemy import Engine

from lodestar.errors import JobError, LodestarError, UsageError
from lodestar.ingest.options import history_options, scan_options
from lodestar.ingest.people import refresh_people_details
from lodestar.ingest.process import RepositoryResult, process_repository
from lodestar.ingest.queue_sources import mirror_fetch, source_args
from lodestar.ingest.scans import Outcome
from lodestar.ingest.sources import Source
from lodestar.records import RepositoryRef
from lodestar.settings import QueueSettings, Workspace
from lodestar.store import (
    QUEUE_SCHEMA,
    queue_conninfo,
    queue_schema_lock,
    record_job_error,
    record_remotes,
)

QUEUE = "lodestar"
SCAN_TASK = "lodestar.scan_repository"
PEOPLE_TASK = "lodestar.refresh_people"
RESCAN_TASK = "lodestar.rescan_sources"
PEOPLE_LOCK = "lodestar:people"
PEOPLE_PRIORITY = -10  # taken only when no repository job (priority 0) is waiting


def repository_lock(path: str) -> str:
    """The lock and queueing lock of a repository's jobs."""
    return f"lodestar:repository:{path}"


@dataclass(frozen=True, slots=True)
class JobReport:
    """One finished job, as a worker reports it (a progress line)."""

    task: str
    repository: str | None  # the repository's name; None for the organisation's jobs
    status: str  # "scanned" | "unchanged" | "failed" | "done"
    detail: str = ""
    seconds: float = 0.0


@dataclass(slots=True)
class WorkerContext:
    """What a worker's jobs work with: the store, the workspace's settings, how to list the
    repositories (the periodic re-scan: local ones and remote sources), and where to report."""

    engine: Engine
    workspace: Workspace
    sources: Callable[[], tuple[list[RepositoryRef], list[Source]]]
    on_job: Callable[[JobReport], None] | None = None
    after_scan: Callable[[Outcome], None] | None = None

    def report(self, job: JobReport) -> None:
        if self.on_job is not None:
            self.on_job(job)


@dataclass(frozen=True, slots=True)
class EnqueueResult:
    """What ``scan --queue`` (or the periodic re-scan) added to the queue."""

    enqueued: int  # repository jobs added
    already_pending: int  # repositories with a job already waiting (nothing added)
    people: bool  # the people job was added (False: one was already waiting)


def queue_url(ws: Workspace, database_url: str | None = None) -> str:
    """The store's URL (``database_url``, default the workspace's) as the queue's connection
    string; refuses anything but PostgreSQL (exit 2)."""
    conninfo = queue_conninfo(database_url or ws.database_url)
    if conninfo is None:
        raise UsageError(
            "the queue needs PostgreSQL; set [database] url in "
            f"{ws.config_path} to postgresql://user@host/database (SQLite scans locally: "
            "lodestar scan without --queue)"
        )
    return conninfo


def queue_app(conninfo: str, settings: QueueSettings) -> App:
    """The procrastinate app on ``conninfo`` with Lodestar's tasks (and the periodic re-scan
    when ``settings.rescan`` is set); open it before use."""
    connector = PsycopgConnector(
        conninfo=conninfo, kwargs={"options": f"-c search_path={QUEUE_SCHEMA}"}
    )
    app = App(connector=connector)
    retry: RetryStrategy | bool = (
        RetryStrategy(max_attempts=settings.retries, exponential_wait=settings.retry_backoff)
        if settings.retries
        else False
    )
    app.task(name=SCAN_TASK, queue=QUEUE, pass_context=True, retry=retry)(_scan_job)
    app.task(name=PEOPLE_TASK, queue=QUEUE, pass_context=True, retry=retry)(_people_job)
    rescan = app.task(name=RESCAN_TASK, queue=QUEUE, pass_context=True)(_rescan_job)
    if settings.rescan:
        app.periodic(cron=settings.rescan, periodic_id="rescan")(rescan)
    return app


def prepare_queue(app: App, engine: Engine) -> None:
    """Create the queue's schema when it is not there yet (idempotent; concurrent callers wait
    for the first one). Opens ``app`` synchronously for the time of the check: call it before
    the app is opened."""
    with queue_schema_lock(engine):
        app.open()
        try:
            if not app.check_connection():
                app.schema_manager.apply_schema()
        finally:
            app.close()


def scan_job_args(
    ref: RepositoryRef,
    *,
    rev: str | None,
    force: bool,
    history: bool,
    source: Source | None = None,
) -> dict[str, Any]:
    """The arguments of one repository's job (JSON: they are stored in the queue); a remote
    ``source`` travels with its job, whose worker refreshes the mirror first."""
    return {
        "name": ref.name,
        "path": ref.path,
        "bare": ref.bare,
        "rev": rev,
        "force": force,
        "history": history,
        "source": source_args(source) if source is not None else None,
    }


async def enqueue_async(
    app: App,
    refs: Sequence[RepositoryRef],
    *,
    sources: Sequence[Source] = (),
    rev: str | None = None,
    force: bool = False,
    history: bool = True,
) -> EnqueueResult:
    """Add one job per repository of ``refs`` and per remote source of ``sources`` (none where
    one is already waiting), then the people job; ``rev`` None means each worker's
    ``scan.ref`` setting."""
    enqueued = pending = 0
    items = [(ref, None) for ref in refs] + [(s.ref(), s) for s in sources]
    for ref, source in items:
        lock = repository_lock(ref.path)
        deferrer = app.configure_task(SCAN_TASK, lock=lock, queueing_lock=lock)
        args = scan_job_args(ref, rev=rev, force=force, history=history, source=source)
        try:
            await deferrer.defer_async(**args)
        except AlreadyEnqueued:
            pending += 1
        else:
            enqueued += 1
    return EnqueueResult(enqueued, pending, await _defer_people(app))


def enqueue(
    app: App,
    engine: Engine,
    refs: Sequence[RepositoryRef],
    *,
    sources: Sequence[Source] = (),
    rev: str | None = None,
    force: bool = False,
    history: bool = True,
) -> EnqueueResult:
    """:func:`enqueue_async` from synchronous code (``lodestar scan --queue``): opens ``app``,
    creates the queue's schema when needed, keeps the remote sources' origin and forge metadata
    on their repositories, enqueues and closes."""

    async def main() -> EnqueueResult:
        async with app.open_async():
            return await enqueue_async(
                app, refs, sources=sources, rev=rev, force=force, history=history
            )

    prepare_queue(app, engine)
    record_remotes(engine, [(s.ref(), s.remote) for s in sources])
    return asyncio.run(main())


async def _defer_people(app: App) -> bool:
    deferrer = app.configure_task(
        PEOPLE_TASK, lock=PEOPLE_LOCK, queueing_lock=PEOPLE_LOCK, priority=PEOPLE_PRIORITY
    )
    try:
        await deferrer.defer_async()
    except AlreadyEnqueued:
        return False
    return True


def _context(context: JobContext) -> WorkerContext:
    found = context.additional_context.get("lodestar")
    if not isinstance(found, WorkerContext):  # a worker started without Lodestar's context
        raise JobError("this worker has no Lodestar workspace; start it with 'lodestar worker'")
    return found


def _process(
    ctx: WorkerContext,
    ref: RepositoryRef,
    rev: str | None,
    *,
    force: bool,
    history: bool,
    source: dict[str, Any] | None,
) -> RepositoryResult:
    ws = ctx.workspace
    options = scan_options(ws, rev=rev, force=force, workers=1)
    mining = history and ws.settings.history.enabled
    return process_repository(
        ctx.engine,
        ref,
        options,
        history_options(ws, rev=options.rev) if mining else None,
        fetch=mirror_fetch(ws, source) if source is not None else None,
        after_scan=ctx.after_scan,
    )


def _message(exc: BaseException) -> str:
    if isinstance(exc, LodestarError):
        return str(exc)
    return f"{exc.__class__.__name__}: {exc}"


async def _failed(ctx: WorkerContext, context: JobContext, name: str | None, error: str) -> None:
    job_id = context.job.id
    if job_id is not None:
        await asyncio.to_thread(
            record_job_error, ctx.engine, job_id, context.job.task_name, name, error
        )


async def _scan_job(
    context: JobContext,
    *,
    name: str,
    path: str,
    bare: bool = False,
    rev: str | None = None,
    force: bool = False,
    history: bool = True,
    source: dict[str, Any] | None = None,
) -> None:
    """One repository: scan, history, snapshots; then the people job (one waiting at most)."""
    ctx = _context(context)
    ref = RepositoryRef(name, path, bare)
    start = time.perf_counter()
    try:
        result = await asyncio.to_thread(
            partial(_process, ctx, ref, rev, force=force, history=history, source=source)
        )
    except Exception as exc:
        await _failed(ctx, context, name, _message(exc))
        ctx.report(JobReport(SCAN_TASK, name, "failed", _message(exc), time.perf_counter() - start))
        raise
    finally:
        await _defer_people(context.app)
    seconds = time.perf_counter() - start
    if result.error is not None:
        await _failed(ctx, context, name, result.error)
        ctx.report(JobReport(SCAN_TASK, name, "failed", result.error, seconds))
        raise JobError(result.error)
    ctx.report(JobReport(SCAN_TASK, name, result.scan.status, _detail(result), seconds))


def _detail(result: RepositoryResult) -> str:
    parts = [f"commit {result.scan.commit[:10]}" if result.scan.commit else ""]
    mined = result.history.mined if result.history else None
    if mined is not None:
        parts.append(f"{mined.commits:,} new commits")
    snaps = result.history.snapshots if result.history else None
    if snaps is not None and snaps.computed:
        parts.append(f"{snaps.computed} snapshots")
    return ", ".join(p for p in parts if p)


async def _people_job(context: JobContext) -> None:
    """Resolve the organisation's people from every mined history (people.toml, the rules)."""
    ctx = _context(context)
    start = time.perf_counter()
    options = history_options(ctx.workspace, rev=ctx.workspace.settings.scan.ref)
    try:
        found = await asyncio.to_thread(
            refresh_people_details,
            ctx.engine,
            options.people,
            options.bot_patterns,
            splits=options.splits,
            own_domains=options.own_domains,
        )
    except Exception as exc:
        await _failed(ctx, context, None, _message(exc))
        raise
    detail = f"{found.people:,} people from {found.identities:,} identities"
    ctx.report(JobReport(PEOPLE_TASK, None, "done", detail, time.perf_counter() - start))


async def _rescan_job(context: JobContext, timestamp: int) -> None:
    """The periodic re-scan: every source of the worker's workspace, enqueued again."""
    ctx = _context(context)
    refs, sources = await asyncio.to_thread(ctx.sources)
    await asyncio.to_thread(record_remotes, ctx.engine, [(s.ref(), s.remote) for s in sources])
    result = await enqueue_async(
        context.app, refs, sources=sources, history=ctx.workspace.settings.history.enabled
    )
    detail = f"{result.enqueued} repositories enqueued, {result.already_pending} already waiting"
    ctx.report(JobReport(RESCAN_TASK, None, "done", detail))


async def retry_stalled_jobs(app: App, engine: Engine, stalled_after: float) -> list[Job]:
    """Put back in the queue the running jobs of workers silent for ``stalled_after`` seconds
    (killed, or their machine lost); a job whose repository already has a newer job waiting
    is marked failed instead (that one does the work). Returns the jobs found."""
    stalled = list(
        await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_after)
    )
    for job in stalled:
        why = f"its worker stopped (no heartbeat for {stalled_after:g} s); retried"
        try:
            await app.job_manager.retry_job(job)
        except UniqueViolation:
            await app.job_manager.finish_job(job, Status.FAILED, delete_job=False)
            why = f"its worker stopped (no heartbeat for {stalled_after:g} s); a newer job waits"
        if job.id is not None:
            name = job.task_kwargs.get("name")
            await asyncio.to_thread(
                record_job_error,
                engine,
                job.id,
                job.task_name,
                name if isinstance(name, str) else None,
                why,
            )
    return stalled
