"""``lodestar ip``: the IP office — the register under ``ip/`` and the docket import.

``lodestar ip import --format csv|phpip FILE…`` merges a docket export into
``ip/patents.yaml`` through :func:`lodestar.strategy.docket_merge.import_docket`: a dry run
unless ``--write``, every change listed, each bad row a warning ``file:line: row N: what``.
The group is ``ip_app``; the register's own views are added to it beside the import: the
bare ``lodestar ip`` is :func:`lodestar.cli.ip_views.ip_overview` (the group's callback).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, load_workspace
from lodestar.cli.ip_views import ip_overview
from lodestar.cli.output import console, err_console, handle_errors, plain, print_json
from lodestar.cli.strategy_output import strategy_errors
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from lodestar.strategy.docket_merge import DocketImport

ip_app = typer.Typer(invoke_without_command=True)
ip_app.callback(invoke_without_command=True)(ip_overview)  # the bare 'lodestar ip'

SHOWN_WARNINGS = 20


@ip_app.command("import")
@handle_errors
@strategy_errors
def ip_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Docket exports: a CSV of the documented columns, or phpIP's matter list "
            "and/or renewal list (give both to one import).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="csv (the documented columns) or phpip.")
    ] = "csv",
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="The patents file to merge into, in the workspace."),
    ] = "ip/patents.yaml",
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Write the merged file; without it nothing is written (a dry run)."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Merge a patent docket export into ip/patents.yaml: a dry run listing every change
    unless --write.

    The docket gives the applications (numbers, dates, status) and their deadlines; the
    register keeps what only it knows (disclosures, repositories, technologies, owner).
    Lodestar computes no statutory deadline: it holds the docket's and reminds.
    """
    from lodestar.strategy.docket import FORMATS
    from lodestar.strategy.docket_merge import import_docket

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: unknown; use one of {', '.join(FORMATS)}")
    for file in files:
        if not file.is_file():
            raise UsageError(f"{file}: no such file; give the docket export's path")
    ws = load_workspace()
    result = import_docket(ws.root, files, fmt, output=output, write=write)
    if as_json:
        print_json(_as_dict(result))
        return
    _print_import(result)


def _as_dict(result: DocketImport) -> dict[str, object]:
    return {
        "output": result.output,
        "written": result.written,
        "rows": result.rows,
        "skipped": result.skipped,
        "families": result.families,
        "changes": [
            {"family": c.family, "kind": c.kind, "detail": c.detail} for c in result.changes
        ],
        "warnings": [
            {"path": w.path, "line": w.line, "message": w.message} for w in result.warnings
        ],
    }


def _print_import(result: DocketImport) -> None:
    for warning in result.warnings[:SHOWN_WARNINGS]:
        err_console.print(
            plain(f"warning: {warning.location()}: {warning.message}"), soft_wrap=True
        )
    if len(result.warnings) > SHOWN_WARNINGS:
        more = len(result.warnings) - SHOWN_WARNINGS
        err_console.print(plain(f"… and {more} more warnings (--json lists them all)"))
    useful = [c for c in result.changes if c.kind != "kept"]
    for change in result.changes:
        console.print(plain(f"  {change.family}  {change.kind}  {change.detail}"), soft_wrap=True)
    summary = (
        f"{result.rows} rows read ({result.skipped} left out), {len(useful)} changes, "
        f"{result.families} families in {result.output}"
    )
    console.print(plain(summary))
    if result.written:
        console.print(plain(f"Wrote {result.output}. Next: review the diff, then commit it."))
    elif useful:
        console.print(plain("Nothing written (dry run): run again with --write to write it."))
    else:
        console.print(plain(f"{result.output} is up to date with the docket."))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(ip_app, name="ip")
