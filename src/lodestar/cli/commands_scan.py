"""``lodestar scan`` and ``lodestar repos`` (``lodestar report`` is
:mod:`lodestar.cli.commands_report`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.output import (
    console,
    count,
    handle_errors,
    plain,
    print_json,
    styled,
)
from lodestar.cli.scanning import scan_workspace
from lodestar.cli.tables import print_table
from lodestar.cli.teams import TeamOption, load_owners
from lodestar.errors import UsageError
from lodestar.render.presentation import human, to_jsonable

if TYPE_CHECKING:
    from collections.abc import Mapping

    from rich.text import Text

    from lodestar.cli.mirroring import MirrorRun
    from lodestar.ingest import HistorySummary, RunFailure, ScanSummary
    from lodestar.records import RepositoryRow
    from lodestar.records.owners import RepositoryOwner
    from lodestar.settings import Workspace
    from lodestar.store import WarningRow

commands = typer.Typer()  # this module's commands; register(app) adds them
_QUEUE_HELP = (
    "Enqueue one job per repository on the PostgreSQL scan queue and return at once; workers "
    "(lodestar worker) scan, each mirroring the remote sources it takes."
)


@commands.command()
@handle_errors
def scan(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders to search for repositories (default: the sources.paths setting)."
        ),
    ] = None,
    ref: Annotated[
        str | None,
        typer.Option("--ref", help="Revision to scan (default: the scan.ref setting, HEAD)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rescan repositories whose commit has not changed.")
    ] = False,
    workers: Annotated[
        int | None, typer.Option(min=0, help="Parallel processes (0: one per core).")
    ] = None,
    no_history: Annotated[
        bool,
        typer.Option(
            "--no-history", help="Skip mining git history and monthly snapshots this time."
        ),
    ] = False,
    no_fetch: Annotated[
        bool,
        typer.Option(
            "--no-fetch",
            help="Scan the remote sources' mirrors as they are on disk: no clone, no fetch, "
            "no forge listing.",
        ),
    ] = False,
    queue: Annotated[bool, typer.Option("--queue", help=_QUEUE_HELP)] = False,
    as_json: JsonOption = False,
) -> None:
    """Scan repositories: languages, lines of code, licences, dependencies; then mine git
    history and monthly snapshots incrementally; store the results. Remote sources ([sources]
    urls, lists, forges) are mirrored first (see 'lodestar mirror') unless --no-fetch.

    Examples: lodestar scan --no-fetch --json   |   lodestar scan --queue (then lodestar worker)
    """

    ws = load_workspace()
    if queue:
        _enqueue(ws, list(paths or []), ref, force, workers, not no_history, as_json)
        return
    histories: list[HistorySummary] = []
    mirrors: list[MirrorRun] = []
    summary = scan_workspace(
        ws,
        list(paths or []),
        ref=ref,
        force=force,
        workers=workers,
        as_json=as_json,
        history=not no_history,
        on_history=histories.append,
        fetch=not no_fetch,
        on_mirrors=mirrors.append,
    )
    from lodestar.ingest import RunFailure, run_failures

    history = histories[0] if histories else None
    failures = [
        RunFailure(o.source.ref(), "mirror", o.error or "failed")
        for run in mirrors
        for o in (run.summary.failed if run.summary is not None else [])
    ] + run_failures(summary, history)
    if as_json:
        from lodestar.cli.commands_mirror import mirror_dict

        data = _scan_dict(summary, history, failures)
        data["mirrors"] = mirror_dict(mirrors[0]) if mirrors else None
        print_json(data)
    else:
        _print_scan(summary, history, failures)
    if summary.count("failed") and summary.count("failed") == len(summary.outcomes):
        raise typer.Exit(1)


def _enqueue(
    ws: Workspace,
    paths: list[Path],
    ref: str | None,
    force: bool,
    workers: int | None,
    history: bool,
    as_json: bool,
) -> None:
    from lodestar.cli.commands_queue import enqueue_workspace, print_enqueued

    if workers is not None:
        raise UsageError(
            "--workers sizes a local scan; with --queue, start workers instead: "
            "lodestar worker --concurrency N"
        )
    result = enqueue_workspace(ws, paths, ref=ref, force=force, history=history)
    print_enqueued(result, as_json)


@commands.command()
@handle_errors
def repos(
    warnings: Annotated[
        bool, typer.Option("--warnings", help="List each repository's scan warnings.")
    ] = False,
    team: TeamOption = None,
    as_json: JsonOption = False,
) -> None:
    """List repositories: owner, commit, top languages, own code, licence, warnings.

    Example: lodestar repos --team payments
    """
    from lodestar.analysis import with_code_languages
    from lodestar.cli.dates import as_of_date
    from lodestar.store import list_repositories, list_warnings

    ws = load_workspace()
    with store(ws) as engine:
        owned = load_owners(engine, ws, as_of_date(None, ws))
        rows = with_code_languages(list_repositories(engine))
        warning_rows = list_warnings(engine) if warnings else []
    if team is not None:
        mine = owned.team_repositories(team)
        rows = [r for r in rows if r.name in mine]
        warning_rows = [w for w in warning_rows if w.repository in mine]
    if as_json:
        data: dict[str, object] = {
            "repositories": [{**to_jsonable(r), "owner": owned.owners.get(r.name)} for r in rows]
        }
        if warnings:
            data["warnings"] = warning_rows
        print_json(data)
        return
    _print_repos_report(rows, warnings, warning_rows, owned.owners)


def _print_repos_report(
    rows: list[RepositoryRow],
    warnings: bool,
    warning_rows: list[WarningRow],
    owners: Mapping[str, RepositoryOwner],
) -> None:
    from lodestar.cli.failures import print_failures

    _print_repos(rows, owners)
    print_failures(
        ((r.name, f.stage, f.reason) for r in rows for f in r.failures),
        "Failed in the last run of a stage (until a run of it succeeds)",
    )
    if warnings:
        from rich.table import Table

        table = Table(title="Warnings", title_justify="left")
        for col in ("repository", "path", "warning"):
            table.add_column(col, overflow="fold")
        for w in warning_rows:
            table.add_row(plain(w.repository), plain(w.path), plain(w.message))
        print_table(console, table)


def _scan_dict(
    summary: ScanSummary, history: HistorySummary | None, failures: list[RunFailure]
) -> dict[str, object]:
    return {
        "scanned": summary.count("scanned"),
        "unchanged": summary.count("unchanged"),
        "failed": summary.count("failed"),
        "seconds": round(summary.seconds, 3),
        "repositories": [
            {
                "name": o.repository.name,
                "path": o.repository.path,
                "status": o.status,
                "commit": o.commit,
                "files": o.files,
                "own_code": o.own_code,
                "warnings": o.warnings,
                "seconds": round(o.seconds, 3),
                "error": o.error,
            }
            for o in summary.outcomes
        ],
        "history": _history_dict(history) if history else None,
        "failures": [
            {
                "repository": f.repository.name,
                "path": f.repository.path,
                "stage": f.stage,
                "reason": f.reason,
            }
            for f in failures
        ],
    }


def _print_scan(
    summary: ScanSummary, history: HistorySummary | None, failures: list[RunFailure]
) -> None:
    from lodestar.cli.failures import print_failures

    _print_scan_summary(summary)
    if history is not None:
        _print_history_summary(history)
    print_failures(
        ((f.repository.name, f.stage, f.reason) for f in failures),
        f"Failed: {count(len(failures), 'repository stage', 'repository stages')}",
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)


def _print_scan_summary(summary: ScanSummary) -> None:
    scanned = [o for o in summary.outcomes if o.status == "scanned"]
    files = sum(o.files for o in scanned)
    own = sum(o.own_code for o in scanned)
    console.print(
        styled(
            (str(len(summary.outcomes)), "bold"),
            f" repositories: {len(scanned)} scanned, "
            f"{summary.count('unchanged')} unchanged, {summary.count('failed')} failed "
            f"in {summary.seconds:.1f}s ({files:,} files, {own:,} lines of own code)",
        )
    )
    warned = [o for o in scanned if o.warnings]
    if warned:
        console.print(
            f"{len(warned)} repositories have warnings: lodestar repos --warnings", style="yellow"
        )
    if not sys.stdout.isatty():
        return
    console.print("Next: lodestar report   |   lodestar history")


def _history_dict(history: HistorySummary) -> dict[str, object]:
    return {
        "commits_read": history.commits,
        "people": history.people,
        "identities": history.identities,
        "failed": history.failed,
        "seconds": round(history.seconds, 3),
        "repositories": [
            {
                "name": o.repository.name,
                "status": o.mined.status if o.mined else "failed",
                "commits_read": o.mined.commits if o.mined else 0,
                "months": o.snapshots.months if o.snapshots else 0,
                "snapshots_computed": o.snapshots.computed if o.snapshots else 0,
                "error": o.error,
                "warnings": [str(w) for w in o.mined.warnings] if o.mined else [],
            }
            for o in history.outcomes
        ],
    }


def _print_history_summary(history: HistorySummary) -> None:
    statuses = [o.mined.status for o in history.outcomes if o.mined]
    unchanged = statuses.count("unchanged")
    snapshots = sum(o.snapshots.computed for o in history.outcomes if o.snapshots)
    console.print(
        f"History: {history.commits:,} new commits read, {unchanged} repositories unchanged, "
        f"{snapshots} monthly snapshots computed, {history.people} people "
        f"(from {history.identities} identities; lodestar people) "
        f"in {history.seconds:.1f}s" + (f", {history.failed} failed" if history.failed else "")
    )


_OWNER_STYLE = {"departed": "yellow", "mismatch": "yellow"}


def _owner_cell(owner: RepositoryOwner | None) -> Text:
    if owner is None or not owner.declared:
        return plain("-", "dim")
    written = " ".join(owner.declared)
    team = (
        f" ({owner.team})" if owner.team and owner.team.casefold() not in written.casefold() else ""
    )
    return plain(written + team, _OWNER_STYLE.get(owner.status, ""))


def _print_repos(rows: list[RepositoryRow], owners: Mapping[str, RepositoryOwner]) -> None:
    from rich.table import Table

    table = Table(title=f"{len(rows)} repositories", title_justify="left")
    table.add_column("repository", no_wrap=True)
    table.add_column("owner", overflow="fold")
    table.add_column("commit", no_wrap=True)
    table.add_column("top languages (own code)", overflow="fold")  # code: data/prose beside
    table.add_column("own LOC", justify="right", no_wrap=True)
    table.add_column("licence", overflow="fold")
    table.add_column("warn", justify="right", no_wrap=True)
    failed = any(r.failures for r in rows)
    if failed:  # a column only when a stage failed somewhere
        table.add_column("failed", overflow="fold")
    for r in rows:
        langs = ", ".join(f"{lang} {human(code)}" for lang, code in r.languages[:3])
        licence = plain(r.licence) if r.licence else plain("none", "red")
        if r.licence_status == "mismatch":
            licence = plain(f"{r.licence} (declared {r.licence_declared})", "yellow")
        commit = (
            plain(r.commit[:10]) if r.commit else plain("failed", "red") if r.last_error else "-"
        )
        cells: list[Text | str] = [
            plain(r.name + (" (bare)" if r.bare else "")),
            _owner_cell(owners.get(r.name)),
            commit,
            plain(langs or "-"),
            f"{r.own_code:,}",
            licence,
            str(r.warnings) if r.warnings else "",
        ]
        if failed:
            cells.append(plain(", ".join(f.stage for f in r.failures), "red"))
        table.add_row(*cells)
    print_table(console, table)
