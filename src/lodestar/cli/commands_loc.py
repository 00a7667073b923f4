"""``lodestar loc``: lines of code of one repository at one revision, cloc-style."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import add_commands
from lodestar.cli.output import console, handle_errors, plain, print_json
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from lodestar.scan.loc import LanguageLines, LocResult

KINDS = ("own", "vendored", "generated", "documentation")

commands = typer.Typer()  # this module's commands; register(app) adds them


@commands.command()
@handle_errors
def loc(
    path: Annotated[
        Path, typer.Argument(help="A git repository: working tree or bare mirror.")
    ] = Path(),
    ref: Annotated[str, typer.Option("--ref", help="Revision to count.")] = "HEAD",
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="Count only files of this kind (own, vendored, generated, documentation); "
            "repeatable. Default: every file, as cloc does.",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            min=0,
            max=2,
            help="1: one process; 2: split the tree over two; 0: 2 above 32 MiB of files.",
        ),
    ] = 0,
    max_file_size: Annotated[
        int, typer.Option(min=1, help="Skip files larger than this many bytes.")
    ] = 2 << 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Count files, blank, comment and code lines per language of the committed tree.

    Reads what is committed at --ref (never the working tree) and needs no workspace;
    nothing is stored. `lodestar scan` stores the same counts with licences and
    dependencies.

    Unlike cloc, every committed path counts: files with identical content count once
    per path (cloc counts them once, unless --skip-uniqueness) and empty files count as
    files with no lines (cloc ignores them).

    Example: lodestar loc ~/src/app --kind own --json
    """
    from lodestar.records import FileKind
    from lodestar.scan import count_repository

    unknown = sorted(set(kind or ()) - set(KINDS))
    if unknown:
        raise UsageError(f"--kind {unknown[0]}: expected one of {', '.join(KINDS)}")
    if not path.exists():
        raise UsageError(f"{path}: no such folder; pass a git repository")
    result = count_repository(path, ref, max_file_size=max_file_size, jobs=jobs)
    rows = result.by_language([FileKind(k) for k in kind] if kind else None)
    if as_json:
        print_json(_loc_dict(path, ref, kind, result, rows))
        return
    _print_loc(path, kind, result, rows, max_file_size)


def _total(rows: list[LanguageLines]) -> tuple[int, int, int, int]:
    return (
        sum(r.files for r in rows),
        sum(r.blank for r in rows),
        sum(r.comment for r in rows),
        sum(r.code for r in rows),
    )


def _loc_dict(
    path: Path, ref: str, kind: list[str] | None, result: LocResult, rows: list[LanguageLines]
) -> dict[str, object]:
    total = _total(rows)
    return {
        "path": str(path.absolute()),
        "ref": ref,
        "commit": result.commit,
        "kinds": sorted(kind) if kind else list(KINDS),
        "languages": rows,
        "total": dict(zip(("files", "blank", "comment", "code"), total, strict=True)),
        "skipped": list(result.skipped),
        "warnings": list(result.warnings),
    }


def _print_loc(
    path: Path,
    kind: list[str] | None,
    result: LocResult,
    rows: list[LanguageLines],
    max_file_size: int,
) -> None:
    from rich.table import Table

    total = _total(rows)
    shown = ", ".join(sorted(kind)) if kind else "all files"
    table = Table(
        title=plain(f"{path} @ {result.commit[:12]} ({shown})"),
        title_justify="left",
        show_footer=True,
    )
    table.add_column("language", footer="total")
    for index, name in enumerate(("files", "blank", "comment", "code")):
        table.add_column(name, justify="right", footer=f"{total[index]:,}")
    for r in rows:
        table.add_row(
            plain(r.language), f"{r.files:,}", f"{r.blank:,}", f"{r.comment:,}", f"{r.code:,}"
        )
    console.print(table)
    for warning in result.warnings:
        console.print(warning, style="yellow", markup=False, highlight=False)
    if result.skipped:
        console.print(
            f"{len(result.skipped)} file(s) over {max_file_size:,} bytes not counted "
            "(raise --max-file-size to count them)",
            style="yellow",
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
