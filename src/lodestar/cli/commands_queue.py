"""``lodestar worker`` and ``lodestar queue``: the distributed scan queue on PostgreSQL.

``lodestar scan --queue`` (in :mod:`lodestar.cli.commands_scan`, through
:func:`enqueue_workspace`) fills the queue; workers take its jobs; ``queue`` shows it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, add_commands, database_url, load_workspace, store
from lodestar.cli.output import console, err_console, handle_errors, plain, print_json, styled
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from lodestar.ingest import EnqueueResult, JobReport, QueueStatus
    from lodestar.settings import Workspace

commands = typer.Typer()  # this module's commands; register(app) adds them


@commands.command()
@handle_errors
def worker(
    concurrency: Annotated[
        int, typer.Option(min=1, max=256, help="Worker processes (one job each at a time).")
    ] = 1,
    once: Annotated[
        bool,
        typer.Option(
            "--once/--wait",
            help="--once: take the jobs that are ready, then exit (drain; no periodic job is "
            "deferred); --wait (default): keep waiting for jobs until stopped.",
        ),
    ] = False,
    name: Annotated[
        str, typer.Option(help="This worker's name in the queue (processes get -1, -2…).")
    ] = "lodestar",
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per finished job, then a summary.")
    ] = False,
) -> None:
    """Take jobs from the scan queue (PostgreSQL): each job scans one repository, mines its
    history and monthly snapshots; start as many workers as you like, on any machine that has
    the workspace and sees the sources at the same paths. A worker killed mid-job leaves its
    job to be retried (after queue.stalled_after seconds); Ctrl-C or SIGTERM stops after the
    running job.

    Examples: lodestar worker --concurrency 4   |   lodestar worker --once --json
    """
    from lodestar.ingest import WorkerOptions, queue_url, run_worker

    ws = load_workspace()
    url = database_url(ws)
    queue_url(ws, url)  # SQLite: refused before anything starts (exit 2)
    if not as_json:
        how = "until the queue is empty" if once else "until stopped (Ctrl-C)"
        err_console.print(f"worker: {concurrency} process(es) taking scan jobs {how}", style="dim")
    options = WorkerOptions(concurrency=concurrency, wait=not once, name=name, database_url=url)
    summary = run_worker(ws.root, options, print_job_json if as_json else print_job_line)
    if as_json:  # one line, as each job's
        from lodestar.render.presentation import to_jsonable

        sys.stdout.write(json.dumps({"summary": to_jsonable(summary)}) + "\n")
        return
    err_console.print(
        f"worker stopped: {summary.jobs} jobs, {summary.failed} failed, "
        f"{summary.stalled_retried} stalled jobs of dead workers retried"
    )


def print_job_line(job: JobReport) -> None:
    """A finished job as one progress line on stderr (module level: worker processes get it)."""
    what = job.repository or job.task.rsplit(".", 1)[-1].replace("_", " ")
    style = "red" if job.status == "failed" else "green" if job.status == "scanned" else ""
    err_console.print(
        styled(
            (f"{job.status:>9}", style),
            " ",
            (what, "bold"),
            f"  {job.detail}" if job.detail else "",
            (f"  {job.seconds:.1f}s", "dim"),
        ),
        soft_wrap=True,
    )


def print_job_json(job: JobReport) -> None:
    """A finished job as one JSON line on stdout."""
    from lodestar.render.presentation import to_jsonable

    sys.stdout.write(json.dumps(to_jsonable(job), ensure_ascii=True) + "\n")
    sys.stdout.flush()


@commands.command()
@handle_errors
def queue(as_json: JsonOption = False) -> None:
    """The scan queue: jobs per task that are pending, running, failed and succeeded; each
    failed, stalled (its worker died), retrying or running job with its repository and last
    error; and the periodic schedule (the nightly re-scan, queue.rescan).

    Example: lodestar queue --json
    """
    from lodestar.ingest import queue_status

    ws = load_workspace()
    status = queue_status(ws, database_url=database_url(ws))
    if as_json:
        print_json(_status_dict(status))
        return
    _print_status(status)


def enqueue_workspace(
    ws: Workspace, paths: list[Path], *, ref: str | None, force: bool, history: bool
) -> EnqueueResult:
    """``scan --queue``: one job per repository under ``paths`` (default: every source of the
    workspace, remote ones included), and the people job."""
    from lodestar.ingest import (
        enqueue,
        forget_upstream,
        organisation_refs,
        queue_app,
        queue_url,
        workspace_repositories,
    )
    from lodestar.scan.discover import discover

    url = database_url(ws)
    conninfo = queue_url(ws, url)
    for p in paths:
        if not p.exists():
            raise UsageError(f"{p}: no such folder; pass folders holding git repositories")
    refs, sources = workspace_repositories(ws, _warn) if not paths else ([], [])
    if paths:
        refs = discover([p.absolute() for p in paths], max_depth=ws.settings.sources.max_depth)
        refs = organisation_refs(ws, refs)
    if not refs and not sources:
        raise UsageError(
            f"nothing to enqueue: no repository under the PATHS or the [sources] of "
            f"{ws.config_path}"
        )
    with store(ws) as engine:
        for name in forget_upstream(ws, engine):
            _warn(f"{name} is now an upstream mirror ([sources] upstream): removed from the store")
        app = queue_app(conninfo, ws.settings.queue)
        return enqueue(app, engine, refs, sources=sources, rev=ref, force=force, history=history)


def print_enqueued(result: EnqueueResult, as_json: bool) -> None:
    """What ``scan --queue`` added."""
    if as_json:
        print_json(
            {
                "enqueued": result.enqueued,
                "already_pending": result.already_pending,
                "people_job": result.people,
            }
        )
        return
    console.print(
        f"{result.enqueued} repository jobs enqueued, {result.already_pending} already waiting"
        + ("; the people job enqueued" if result.people else "")
        + ". Workers take them: lodestar worker   |   progress: lodestar queue"
    )


def _warn(message: str) -> None:
    err_console.print(styled(("warning:", "yellow"), " ", message), soft_wrap=True)


def _status_dict(status: QueueStatus) -> dict[str, object]:
    return {
        "totals": {
            "pending": status.total("todo"),
            "running": status.total("doing"),
            "failed": status.total("failed"),
            "succeeded": status.total("succeeded"),
        },
        "tasks": [
            {
                "task": t.task,
                "pending": t.todo,
                "running": t.doing,
                "failed": t.failed,
                "succeeded": t.succeeded,
                "cancelled": t.cancelled,
                "aborted": t.aborted,
            }
            for t in status.tasks
        ],
        "jobs": status.jobs,
        "periodic": status.periodic,
    }


def _print_status(status: QueueStatus) -> None:
    from rich.table import Table

    table = Table(title="Scan queue", title_justify="left")
    for column in ("task", "pending", "running", "failed", "succeeded"):
        table.add_column(column, justify="left" if column == "task" else "right")
    for t in status.tasks:
        table.add_row(t.task, str(t.todo), str(t.doing), str(t.failed), str(t.succeeded))
    console.print(table if status.tasks else "The queue is empty: lodestar scan --queue")
    if status.jobs:
        jobs = Table(title="Jobs to look at", title_justify="left")
        for column in ("job", "state", "repository", "attempts", "last error"):
            jobs.add_column(column, overflow="fold")
        for j in status.jobs:
            state = plain(j.state, "red" if j.state in {"failed", "stalled"} else "")
            jobs.add_row(
                str(j.id), state, plain(j.repository or "-"), str(j.attempts), plain(j.error or "")
            )
        print_table(console, jobs)
    for p in status.periodic:
        when = f" (next {p.next_run:%Y-%m-%d %H:%M} UTC)" if p.next_run else ""
        console.print(f"periodic: {p.task}: {p.schedule}{when}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
