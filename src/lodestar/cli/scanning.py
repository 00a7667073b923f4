"""A scan of the workspace's repositories with its progress bars, shared by ``scan`` and ``demo``.

Discovery, the scan jobs and the history mining run in the library; this module only turns
their outcomes into a progress bar and warning lines on stderr (repository names and paths are
data: shown terminal-safe, never as markup).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lodestar.cli.common import store
from lodestar.cli.output import err_console, styled
from lodestar.errors import UsageError
from lodestar.render import terminal_safe

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import Progress
    from sqlalchemy import Engine

    from lodestar.ingest import HistorySummary, ScanSummary
    from lodestar.records import RepositoryRef
    from lodestar.settings import Workspace


def scan_workspace(
    ws: Workspace,
    paths: list[Path],
    *,
    ref: str | None = None,
    force: bool = False,
    workers: int | None = None,
    as_json: bool = False,
    history: bool = True,
    on_history: Callable[[HistorySummary], None] | None = None,
) -> ScanSummary:
    """Discover and scan, then mine history unless switched off; shared by ``scan`` and ``demo``.

    ``on_history`` receives the history run's summary.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from lodestar.ingest import Outcome, ScanOptions, run_scan
    from lodestar.scan import expand_sources
    from lodestar.scan.discover import discover

    roots = [p.absolute() for p in paths] or expand_sources(ws.settings.sources.paths, ws.root)
    for p in paths:
        if not p.exists():
            raise UsageError(f"{p}: no such folder; pass folders holding git repositories")
    if not roots:
        raise UsageError(
            f"nothing to scan: pass PATHS, or list repository folders under [sources] paths in "
            f"{ws.config_path}"
        )
    refs = discover(roots, max_depth=ws.settings.sources.max_depth)
    if not refs:
        raise UsageError(
            f"no git repository found under {', '.join(map(str, roots))}; "
            "point at folders holding repositories"
        )
    options = ScanOptions(
        rev=ref or ws.settings.scan.ref,
        force=force,
        workers=ws.settings.scan.workers if workers is None else workers,
        max_file_size=ws.settings.scan.max_file_size,
        catalog_dirs=ws.catalog_dirs,
    )
    show_progress = not as_json and err_console.is_terminal
    with (
        store(ws) as engine,
        Progress(
            TextColumn("{task.fields[stage]}", style="bold", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}", markup=False),  # a repository name: data
            TimeElapsedColumn(),
            console=err_console,
            disable=not show_progress,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("", total=len(refs), stage="scanning")

        def on_result(outcome: Outcome) -> None:
            progress.update(task, advance=1, description=terminal_safe(outcome.repository.name))
            if outcome.status == "failed" and not as_json:
                _warn(outcome.error or "")

        summary = run_scan(engine, refs, options, on_result)
        if history and ws.settings.history.enabled:
            result = mine_workspace_history(
                ws,
                engine,
                refs,
                rev=options.rev,
                progress=progress,
                as_json=as_json,
                workers=options.workers,
            )
            if on_history is not None:
                on_history(result)
        return summary


def _warn(message: str) -> None:
    """One warning line on stderr; the message quotes repository names and paths."""
    err_console.print(styled(("warning:", "yellow"), " ", message), soft_wrap=True)


def mine_workspace_history(
    ws: Workspace,
    engine: Engine,
    refs: list[RepositoryRef],
    *,
    rev: str,
    progress: Progress,
    as_json: bool,
    workers: int = 0,
) -> HistorySummary:
    """Mine history and monthly snapshots of ``refs`` incrementally, with a progress bar;
    ``workers`` processes at once (0: one per core), as the scan."""
    from lodestar.ingest import HistoryOptions, HistoryOutcome, run_history
    from lodestar.scan import load_people_file

    people = load_people_file(ws.root)
    options = HistoryOptions(
        rev=rev,
        people=people.aliases,
        splits=people.splits,
        own_domains=tuple(ws.settings.people.own_domains),
        bot_patterns=tuple(ws.settings.history.bot_patterns),
        catalog_dirs=ws.catalog_dirs,
        workers=workers,
    )
    task = progress.add_task("", total=len(refs), stage="history")

    def on_result(outcome: HistoryOutcome) -> None:
        progress.update(task, advance=1, description=terminal_safe(outcome.repository.name))
        if outcome.error is not None and not as_json:
            _warn(f"history: {outcome.error}")
        for warning in outcome.mined.warnings if outcome.mined and not as_json else ():
            _warn(f"history: {warning}")  # names the repository and the commit or tag

    return run_history(engine, refs, options, on_result)
