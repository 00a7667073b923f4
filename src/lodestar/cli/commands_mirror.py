"""``lodestar mirror``: clone the missing and fetch the existing mirrors of remote sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.output import console, count, handle_errors, plain, print_json, styled
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from lodestar.cli.mirroring import MirrorRun

commands = typer.Typer()  # this module's commands; register(app) adds them


@commands.command()
@handle_errors
def mirror(as_json: JsonOption = False) -> None:
    """Clone missing and fetch existing bare mirrors of every remote source ([sources] urls,
    lists, forges) under sources.mirrors, through the hardened git door (https, ssh, git and
    file only; nothing a remote configures runs). A failed repository is reported with its
    reason and the others go on; exit 1 when any failed.

    Example: lodestar mirror --json
    """
    from lodestar.cli.mirroring import sync_mirrors
    from lodestar.ingest import has_remote_sources

    ws = load_workspace()
    if not has_remote_sources(ws):
        raise UsageError(
            f"no remote sources: add urls, lists or [[sources.forges]] under [sources] in "
            f"{ws.config_path}"
        )
    with store(ws) as engine:
        run = sync_mirrors(ws, engine, as_json=as_json)
    if as_json:
        print_json(mirror_dict(run))
    else:
        _print_mirror(run)
    if run.summary is not None and run.summary.failed:
        raise typer.Exit(1)


def mirror_dict(run: MirrorRun) -> dict[str, object]:
    """The ``--json`` shape of a mirror run (also ``scan --json``'s ``mirrors``)."""
    summary = run.summary
    outcomes = summary.outcomes if summary is not None else []
    return {
        "cloned": sum(1 for o in outcomes if o.status == "cloned"),
        "fetched": sum(1 for o in outcomes if o.status == "fetched"),
        "failed": sum(1 for o in outcomes if o.status == "failed"),
        "seconds": round(summary.seconds, 3) if summary is not None else 0.0,
        "repositories": [
            {
                "name": o.source.name,
                "url": o.source.remote.url,
                "mirror": str(o.source.mirror),
                "origin": o.source.origin,
                "status": o.status,
                "attempts": o.attempts,
                "seconds": round(o.seconds, 3),
                "error": o.error,
            }
            for o in outcomes
        ],
        "warnings": run.warnings,
    }


def _print_mirror(run: MirrorRun) -> None:
    from rich.table import Table

    from lodestar.cli.failures import print_failures

    summary = run.summary
    if summary is None:
        return
    table = Table(title="Mirrors", title_justify="left")
    for column in ("repository", "status", "attempts", "seconds", "from"):
        table.add_column(column, overflow="fold")
    style = {"cloned": "green", "fetched": "", "failed": "red"}
    for o in summary.outcomes:
        table.add_row(
            plain(o.source.name),
            plain(o.status, style[o.status]),
            str(o.attempts),
            f"{o.seconds:.1f}",
            plain(o.source.origin),
        )
    print_table(console, table)
    console.print(
        styled(
            (count(len(summary.outcomes), "repository", "repositories"), "bold"),
            f": {summary.count('cloned')} cloned, {summary.count('fetched')} fetched, "
            f"{summary.count('failed')} failed in {summary.seconds:.1f}s",
        )
    )
    print_failures(
        ((o.source.name, "mirror", o.error or "failed") for o in summary.failed),
        f"Failed: {count(len(summary.failed), 'mirror')}",
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
