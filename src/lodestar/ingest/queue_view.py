"""What the scan queue holds (``lodestar queue``): jobs per task and state, the jobs that need
a look (failed, stalled, waiting for a retry, running) with their repository and last error,
and the periodic schedule."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field

from croniter import croniter
from procrastinate import App
from procrastinate.jobs import Job

from lodestar.ingest.queue import QUEUE, RESCAN_TASK, prepare_queue, queue_app, queue_url
from lodestar.settings import Workspace
from lodestar.store import database, last_job_errors

STATES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")


@dataclass(frozen=True, slots=True)
class TaskCounts:
    """Jobs of one task by state (procrastinate's: todo = pending, doing = running)."""

    task: str
    todo: int = 0
    doing: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0
    aborted: int = 0


@dataclass(frozen=True, slots=True)
class JobLine:
    """One job that needs a look."""

    id: int
    task: str
    repository: str | None
    state: str  # "failed" | "stalled" | "retrying" | "running"
    attempts: int
    error: str | None  # the last error recorded for it
    scheduled_at: dt.datetime | None = None  # when a retrying job runs again


@dataclass(frozen=True, slots=True)
class Periodic:
    task: str
    schedule: str  # a cron expression, or a period in words
    next_run: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class QueueStatus:
    tasks: list[TaskCounts] = field(default_factory=list)
    jobs: list[JobLine] = field(default_factory=list)
    periodic: list[Periodic] = field(default_factory=list)

    def total(self, state: str) -> int:
        return sum(getattr(t, state) for t in self.tasks)


def queue_status(
    ws: Workspace, *, database_url: str | None = None, now: dt.datetime | None = None
) -> QueueStatus:
    """The queue of the store at ``database_url`` (default the workspace's; PostgreSQL only;
    the queue's schema created if missing)."""
    app = queue_app(queue_url(ws, database_url), ws.settings.queue)
    stalled_after = ws.settings.queue.stalled_after
    with database(database_url or ws.database_url) as engine:
        prepare_queue(app, engine)
        tasks, jobs = asyncio.run(_read(app, stalled_after))
        errors = last_job_errors(engine, (j.id for j, _ in jobs if j.id is not None))
    lines = [
        JobLine(
            id=job.id or 0,
            task=job.task_name,
            repository=_repository(job),
            state=state,
            attempts=job.attempts,
            error=errors.get(job.id or 0),
            scheduled_at=job.scheduled_at if state == "retrying" else None,
        )
        for job, state in jobs
    ]
    return QueueStatus(tasks, lines, _periodic(ws, now or dt.datetime.now(dt.UTC)))


async def _read(app: App, stalled_after: float) -> tuple[list[TaskCounts], list[tuple[Job, str]]]:
    async with app.open_async():
        manager = app.job_manager
        rows = await manager.list_tasks_async(queue=QUEUE)
        tasks = [
            TaskCounts(str(r["name"]), *(int(r[s]) for s in STATES))
            for r in sorted(rows, key=lambda r: str(r["name"]))
        ]
        stalled = {
            j.id
            for j in await manager.get_stalled_jobs(
                queue=QUEUE, seconds_since_heartbeat=stalled_after
            )
        }
        failed = await manager.list_jobs_async(queue=QUEUE, status="failed")
        doing = await manager.list_jobs_async(queue=QUEUE, status="doing")
        todo = await manager.list_jobs_async(queue=QUEUE, status="todo")
    jobs = [(j, "failed") for j in failed]
    jobs += [(j, "stalled" if j.id in stalled else "running") for j in doing]
    jobs += [(j, "retrying") for j in todo if j.attempts > 0]
    order = {"failed": 0, "stalled": 1, "retrying": 2, "running": 3}
    jobs.sort(key=lambda pair: (order[pair[1]], pair[0].id or 0))
    return tasks, jobs


def _repository(job: Job) -> str | None:
    name = job.task_kwargs.get("name")
    return name if isinstance(name, str) else None


def _periodic(ws: Workspace, now: dt.datetime) -> list[Periodic]:
    settings = ws.settings.queue
    out = []
    if settings.rescan:
        upcoming = croniter(settings.rescan, now).get_next(dt.datetime)
        out.append(Periodic(RESCAN_TASK, settings.rescan, upcoming))
    sweep = f"every {settings.stalled_after / 2:g} s in each worker"
    out.append(Periodic("retry stalled jobs", sweep))
    return out
