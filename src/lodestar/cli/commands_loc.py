"""``lodestar loc``: lines of code of one repository at one revision, cloc-style.

The command reads its options and calls :func:`lodestar.cli.loc_run.run_loc`; the console
entry runs the same function without Typer for the plainest command lines
(:func:`lodestar.cli.loc_run.fast_loc_args`), so the two paths print the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lodestar.cli.common import add_commands
from lodestar.cli.loc_run import JOBS, MAX_FILE_SIZE, LocArgs, run_loc
from lodestar.cli.output import handle_errors

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
            min=JOBS[0],
            max=JOBS[1],
            help="1: one process; 2: split the tree over two; 0: 2 above 32 MiB of files.",
        ),
    ] = 0,
    max_file_size: Annotated[
        int, typer.Option(min=1, help="Skip files larger than this many bytes.")
    ] = MAX_FILE_SIZE,
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
    run_loc(LocArgs(path, ref, tuple(kind or ()), jobs, max_file_size, as_json))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
