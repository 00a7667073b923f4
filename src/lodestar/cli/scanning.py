"""A scan of the workspace's repositories with its progress bars, shared by ``scan`` and ``demo``.

Discovery, the scan jobs and the history mining run in the library; this module only turns
their outcomes into a progress bar and warning lines on stderr (repository names and paths are
data: shown terminal-safe, never as markup).
"""

from __future__ import annotations

import os
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

    from lodestar.cli.mirroring import MirrorRun
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
    fetch: bool = True,
    on_mirrors: Callable[[MirrorRun], None] | None = None,
) -> ScanSummary:
    """Discover (and, for remote sources, mirror) and scan, then mine history unless switched
    off; shared by ``scan`` and ``demo``.

    Remote sources (``[sources]`` urls, lists, forges) are cloned or fetched first unless
    ``fetch`` is false (then the mirrors already on disk are scanned, no network); PATHS given
    on the command line leave them out. ``on_history`` receives the history run's summary,
    ``on_mirrors`` the mirror run's.
    """
    from lodestar.cli.mirroring import repository_progress
    from lodestar.ingest import Outcome, forget_upstream, organisation_refs, run_scan, scan_options

    local = _local_repositories(ws, paths)
    options = scan_options(ws, rev=ref, force=force, workers=workers)
    show_progress = not as_json and err_console.is_terminal
    with store(ws) as engine:
        refs = local if paths else _with_remotes(ws, engine, local, fetch, as_json, on_mirrors)
        refs = organisation_refs(ws, refs)  # upstream mirrors are never the organisation's
        for name in forget_upstream(ws, engine):
            _warn(
                f"{name} is now an upstream mirror ([sources] upstream): its stored scan, "
                "history and snapshots were removed from the organisation"
            )
        if not refs:
            raise UsageError(
                "no git repository found: nothing under [sources] paths and no remote mirror; "
                "point at folders holding repositories or run 'lodestar mirror'"
            )
        with repository_progress(disable=not show_progress) as progress:
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


def _local_repositories(ws: Workspace, paths: list[Path]) -> list[RepositoryRef]:
    """The repositories under PATHS, else under ``sources.paths``; UsageError when there is
    nothing to scan at all (no local source and no remote one)."""
    from lodestar.ingest import has_remote_sources
    from lodestar.scan import expand_sources
    from lodestar.scan.discover import discover

    for p in paths:
        if not p.exists():
            raise UsageError(f"{p}: no such folder; pass folders holding git repositories")
    roots = [p.absolute() for p in paths] or expand_sources(ws.settings.sources.paths, ws.root)
    remote = not paths and has_remote_sources(ws)
    if not roots and not remote:
        raise UsageError(
            f"nothing to scan: pass PATHS, or list repository folders under [sources] paths "
            f"(or remote urls, lists, forges) in {ws.config_path}"
        )
    refs = discover(roots, max_depth=ws.settings.sources.max_depth) if roots else []
    if roots and not refs and not remote:
        raise UsageError(
            f"no git repository found under {', '.join(map(str, roots))}; "
            "point at folders holding repositories"
        )
    return refs


def _with_remotes(
    ws: Workspace,
    engine: Engine,
    local: list[RepositoryRef],
    fetch: bool,
    as_json: bool,
    on_mirrors: Callable[[MirrorRun], None] | None,
) -> list[RepositoryRef]:
    """``local`` and the remote sources' mirrors (fetched first unless ``fetch`` is false);
    a mirror also found on disk under ``sources.paths`` keeps its remote name."""
    from lodestar.cli.mirroring import sync_mirrors
    from lodestar.ingest import has_remote_sources, mirrored_refs

    if fetch and has_remote_sources(ws):
        run = sync_mirrors(ws, engine, as_json=as_json)
        if on_mirrors is not None:
            on_mirrors(run)
        failed = run.summary.failed if run.summary is not None else []
        for outcome in failed if not as_json else ():
            _warn(f"mirror: {outcome.source.name}: {outcome.error}")
        remote = run.refs()
    else:
        remote = mirrored_refs(ws)
    seen = {os.path.realpath(r.path) for r in remote}
    return remote + [r for r in local if os.path.realpath(r.path) not in seen]


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
    from lodestar.ingest import HistoryOutcome, history_options, run_history

    options = history_options(ws, rev=rev, workers=workers)
    task = progress.add_task("", total=len(refs), stage="history")

    def on_result(outcome: HistoryOutcome) -> None:
        progress.update(task, advance=1, description=terminal_safe(outcome.repository.name))
        if outcome.error is not None and not as_json:
            _warn(f"history: {outcome.error}")
        for warning in outcome.mined.warnings if outcome.mined and not as_json else ():
            _warn(f"history: {warning}")  # names the repository and the commit or tag

    return run_history(engine, refs, options, on_result)
