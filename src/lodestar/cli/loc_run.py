"""What ``lodestar loc`` does once its options are read, and a reader of its plainest command lines.

:func:`run_loc` counts and prints (a Rich table, or JSON without loading Rich); the Typer
command in :mod:`lodestar.cli.commands_loc` calls it, and so does the console entry's fast path
(:mod:`lodestar.cli.entry`) for the command lines :func:`fast_loc_args` reads: ``loc`` followed
only by at most one path and the options in their ``--name value`` / ``--name=value`` forms
with well-formed values. Anything else (help, a bad value, an unknown option, ``--``, a global
option) is left to Typer, whose messages stay the only ones. Counting ``cloc``-style is a
command people run in loops over many repositories; Typer and pydantic would be most of its
time on a small one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lodestar.cli.json_output import print_json
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lodestar.scan.loc import LanguageLines, LocResult

__all__ = ["JOBS", "KINDS", "MAX_FILE_SIZE", "LocArgs", "fast_loc_args", "run_loc"]

KINDS = ("own", "vendored", "generated", "documentation")
JOBS = (0, 2)  # --jobs' range
MAX_FILE_SIZE = 2 << 20  # --max-file-size's default (its minimum is 1)


@dataclass(frozen=True, slots=True)
class LocArgs:
    """The options of ``lodestar loc`` (see :func:`lodestar.cli.commands_loc.loc`)."""

    path: Path = Path()
    ref: str = "HEAD"
    kind: tuple[str, ...] = ()
    jobs: int = 0
    max_file_size: int = MAX_FILE_SIZE
    as_json: bool = False


# the options that take a value: (low, high) for the counts, None for text
_VALUED: dict[str, tuple[int, int | None] | None] = {
    "--ref": None,
    "--kind": None,
    "--jobs": JOBS,
    "--max-file-size": (1, None),
}


def _value(name: str, value: str) -> str | int | None:
    """``value`` of option ``name`` as Typer reads it, or None when Typer should read it."""
    bounds = _VALUED[name]
    if not value or value.startswith("-"):
        return None
    if bounds is None:
        return value
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    low, high = bounds
    return number if number >= low and (high is None or number <= high) else None


def fast_loc_args(args: Sequence[str]) -> LocArgs | None:
    """The options of ``lodestar loc ARGS`` as Typer would read them, or None when Typer must
    read them (see the module docstring)."""
    found: dict[str, str | int] = {}
    kinds: list[str] = []
    as_json = False
    paths: list[str] = []
    rest = list(args)
    while rest:
        word = rest.pop(0)
        name, eq, value = word.partition("=")
        if word == "--json":
            as_json = True
            continue
        if name not in _VALUED:
            if word.startswith("-") or not word or paths:
                return None
            paths.append(word)
            continue
        if not eq and rest:
            value = rest.pop(0)
        parsed = _value(name, value)
        if parsed is None:
            return None
        if name == "--kind":
            kinds.append(str(parsed))
        found[name] = parsed
    return LocArgs(
        path=Path(paths[0]) if paths else Path(),
        ref=str(found.get("--ref", "HEAD")),
        kind=tuple(kinds),
        jobs=int(found.get("--jobs", 0)),
        max_file_size=int(found.get("--max-file-size", MAX_FILE_SIZE)),
        as_json=as_json,
    )


def run_loc(args: LocArgs) -> None:
    """Count the committed tree at ``args.ref`` and print it (UsageError for bad options)."""
    from lodestar.records import FileKind
    from lodestar.scan import count_repository

    kind = list(args.kind) or None
    unknown = sorted(set(kind or ()) - set(KINDS))
    if unknown:
        raise UsageError(f"--kind {unknown[0]}: expected one of {', '.join(KINDS)}")
    if not args.path.exists():
        raise UsageError(f"{args.path}: no such folder; pass a git repository")
    result = count_repository(args.path, args.ref, max_file_size=args.max_file_size, jobs=args.jobs)
    rows = result.by_language([FileKind(k) for k in kind] if kind else None)
    if args.as_json:
        print_json(_loc_dict(args.path, args.ref, kind, result, rows))
        return
    _print_loc(args.path, kind, result, rows, args.max_file_size)


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

    from lodestar.cli.output import console, plain

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
