"""``lodestar validate``, ``radar …`` and ``decision …``: the strategy the workspace declares."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from lodestar.cli.common import JsonOption, add_commands, load_workspace
from lodestar.cli.dates import AsOfOption, as_of_date
from lodestar.cli.output import (
    console,
    err_console,
    handle_errors,
    plain,
    print_json,
    safe_document,
    styled,
)
from lodestar.errors import StrategyError, UsageError
from lodestar.render.presentation import to_jsonable
from lodestar.render.terminal import terminal_safe

if TYPE_CHECKING:
    from lodestar.records import Decision, Matcher, RadarMove, Strategy
    from lodestar.settings import Workspace

P = ParamSpec("P")
R = TypeVar("R")

radar_app = typer.Typer(help="The technology radar: entries, movement, import and export.")
decision_app = typer.Typer(help="Decision records (MADR 4 with Lodestar's extensions).")

commands = typer.Typer()  # this module's commands; register(app) adds them


def _print_problems(exc: StrategyError) -> None:
    count = len(exc.problems)
    for problem in exc.problems:
        # path:line:column: message, then the offending line and a caret: each line escaped
        shown = "\n".join(terminal_safe(line) for line in problem.render().split("\n"))
        err_console.print(shown, soft_wrap=True)
    err_console.print(
        f"{count} problem{'s' if count != 1 else ''} in the workspace's strategy files",
        soft_wrap=True,
    )


def strategy_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print every problem of an invalid workspace (path:line:column, line, caret); exit 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except StrategyError as exc:
            _print_problems(exc)
            raise typer.Exit(exc.exit_code) from exc

    return wrapper


def _markdown(text: str) -> Markdown:
    """Markdown from the workspace for the terminal: control characters shown as escapes, and
    links written out with their target (no hidden terminal hyperlinks)."""
    return Markdown(terminal_safe(text, multiline=True), hyperlinks=False)


def _row(table: Table, *cells: str | Text) -> None:
    """A table row: workspace strings are plain text, never Rich markup or terminal escapes."""
    table.add_row(*(cell if isinstance(cell, Text) else plain(cell) for cell in cells))


def _workspace() -> Workspace:

    return load_workspace()


def _strategy(ws: Workspace) -> Strategy:
    from lodestar.strategy import load_strategy

    return load_strategy(ws.root)


def _matchers(matchers: tuple[Matcher, ...]) -> str:
    parts = []
    for m in matchers:
        subject = m.technology or m.purl or "?"
        parts.append(f"{subject} {m.versions}" if m.versions else subject)
    return ", ".join(parts)


def _write(root: Path, files: dict[str, str], *, overwrite: bool) -> tuple[list[str], list[str]]:
    written, skipped = [], []
    for rel, text in files.items():
        path = root / rel
        if path.exists() and not overwrite:
            skipped.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(rel)
    return written, skipped


@commands.command()
@handle_errors
def validate(as_json: JsonOption = False) -> None:
    """Check every strategy file of the workspace; exit 1 when any is invalid.

    Prints each problem as path:line:column: message, with the offending line and a caret.
    """
    from lodestar.strategy import load_strategy

    ws = _workspace()
    try:
        strategy = load_strategy(ws.root)
    except StrategyError as exc:
        if as_json:
            print_json(
                {
                    "valid": False,
                    "problems": [
                        {
                            "path": p.path,
                            "line": p.line,
                            "column": p.column,
                            "message": p.message,
                        }
                        for p in exc.problems
                    ],
                }
            )
        else:
            _print_problems(exc)
        raise typer.Exit(1) from exc
    counts = {
        "radar entries": len(strategy.entries),
        "decisions": len(strategy.decisions),
        "policy exceptions": len(strategy.policies.exceptions),
        "dependency rules": len(strategy.policies.dependency_rules),
        "campaigns": len(strategy.campaigns),
        "initiatives": len(strategy.initiatives),
    }
    singular = {"radar entries": "radar entry", "policy exceptions": "policy exception"}
    if as_json:
        print_json({"valid": True, "problems": [], "counts": counts})
        return
    listed = ", ".join(
        f"{n} {what if n != 1 else singular.get(what, what.removesuffix('s'))}"
        for what, n in counts.items()
    )
    console.print(styled(("valid", "green"), f": {listed}"))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(radar_app, name="radar")
    app.add_typer(decision_app, name="decision")
    add_commands(app, commands)


# --- radar ------------------------------------------------------------------------------------


@radar_app.command("list")
@handle_errors
@strategy_errors
def radar_list(
    ring: Annotated[str | None, typer.Option(help="Only this ring (e.g. Hold).")] = None,
    quadrant: Annotated[str | None, typer.Option(help="Only this quadrant.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The radar's entries by quadrant and ring, with their matchers and latest move.

    The move is the entry's last ring change in the workspace's git history (new, in, out).
    """
    from lodestar.strategy import radar_history

    ws = _workspace()
    strategy = _strategy(ws)
    entries = [
        e
        for e in strategy.entries
        if (ring is None or e.ring.lower() == ring.lower())
        and (quadrant is None or e.quadrant.lower() == quadrant.lower())
    ]
    order = {q: i for i, q in enumerate(strategy.radar.quadrants)}
    rings = {r: i for i, r in enumerate(strategy.radar.rings)}
    entries.sort(key=lambda e: (order.get(e.quadrant, 99), rings.get(e.ring, 99), e.title.lower()))
    last: dict[str, RadarMove] = {}
    for change in radar_history(ws.root, config=strategy.radar):
        last[change.entry] = change
    if as_json:
        print_json(
            {
                "quadrants": strategy.radar.quadrants,
                "rings": strategy.radar.rings,
                "entries": [{**to_jsonable(e), "last_move": last.get(e.id)} for e in entries],
            }
        )
        return
    table = Table(title=f"{len(entries)} radar entries")
    for column in ("id", "title", "quadrant", "ring", "last move", "matchers", "review by"):
        table.add_column(column)
    for e in entries:
        move = last.get(e.id)
        _row(
            table,
            e.id,
            e.title,
            e.quadrant,
            e.ring,
            f"{move.kind} {move.date:%Y-%m}" if move else "",
            _matchers(e.matchers),
            e.review_by.isoformat() if e.review_by else "",
        )
    console.print(table)


@radar_app.command("show")
@handle_errors
@strategy_errors
def radar_show(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry id (its file name).")],
    as_json: JsonOption = False,
) -> None:
    """One radar entry: ring, matchers, linked decisions, description and ring history."""
    from lodestar.strategy import radar_history

    ws = _workspace()
    strategy = _strategy(ws)
    entry = next((e for e in strategy.entries if e.id == entry_id), None)
    if entry is None:
        raise UsageError(f"no radar entry {entry_id!r}; see 'lodestar radar list'")
    moves = [m for m in radar_history(ws.root, config=strategy.radar) if m.entry == entry_id]
    if as_json:
        print_json({"entry": entry, "history": moves})
        return
    console.print(styled((entry.title, "bold"), f"  ({entry.id})"))
    console.print(styled(f"{entry.quadrant} · ", (entry.ring, "bold")))
    for label, value in (
        ("matchers", _matchers(entry.matchers)),
        ("tags", ", ".join(entry.tags)),
        ("owner", entry.owner or ""),
        ("review by", entry.review_by.isoformat() if entry.review_by else ""),
        ("decisions", ", ".join(entry.decisions)),
        ("replaced by", entry.replaced_by or ""),
    ):
        if value:
            console.print(plain(f"{label}: {value}"))
    if entry.description:
        console.print(_markdown(entry.description))
    for move in moves:
        before = f"{move.previous_ring} → " if move.previous_ring else ""
        console.print(
            plain(f"{move.date}  {move.kind:<9}  {before}{move.ring}  {move.commit[:10]}")
        )


def _history_rows(moves: tuple[RadarMove, ...], editions: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "entry": m.entry,
            "date": m.date.isoformat(),
            "edition": editions.get(m.commit),
            "kind": m.kind,
            "previous_ring": m.previous_ring,
            "ring": m.ring,
            "commit": m.commit,
        }
        for m in moves
    ]


@radar_app.command("history")
@handle_errors
@strategy_errors
def radar_history_command(
    since: Annotated[
        str | None, typer.Option(help="Only moves on or after this date (YYYY-MM-DD).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Ring movement (new, moved in, moved out) read from the workspace's git history.

    Editions are the workspace repository's tags; without tags, each commit date is one.
    """
    from lodestar.strategy import radar_editions, radar_history
    from lodestar.strategy.history import edition_of

    ws = _workspace()
    strategy = _strategy(ws)
    moves = radar_history(ws.root, config=strategy.radar)
    if since:
        try:
            start = dt.date.fromisoformat(since)
        except ValueError as exc:
            raise UsageError(f"--since {since!r} is not a date; write YYYY-MM-DD") from exc
        moves = tuple(m for m in moves if m.date >= start)
    editions = radar_editions(ws.root)
    names = edition_of(ws.root, moves, editions)
    rows = _history_rows(moves, names)
    if as_json:
        print_json({"editions": editions, "moves": rows})
        return
    if not moves:
        console.print(
            "No radar history: the workspace is not a git repository, or radar/ has no commits yet."
        )
        return
    titles = {e.id: e.title for e in strategy.entries}
    table = Table(title=f"{len(moves)} radar moves")
    for column in ("date", "edition", "entry", "move", "ring"):
        table.add_column(column)
    for row in rows:
        before = f"{row['previous_ring']} → " if row["previous_ring"] else ""
        _row(
            table,
            row["date"],
            row["edition"] or "(unreleased)" if names else row["date"],
            titles.get(row["entry"], row["entry"]),
            row["kind"],
            f"{before}{row['ring']}",
        )
    console.print(table)


@radar_app.command("import")
@handle_errors
@strategy_errors
def radar_import(
    source: Annotated[
        Path,
        typer.Argument(
            help="A BYOR .csv or .json file, or an AOE radar folder (edition folders of .md)."
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", help="auto, byor-csv, byor-json or aoe (auto: from the source)."),
    ] = "auto",
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace radar entries that already exist.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Import a Build-Your-Own-Radar sheet or an AOE technology radar into radar/."""
    from lodestar.catalog.technologies import load_catalog
    from lodestar.strategy import load_radar_config
    from lodestar.strategy import radar_io as rio

    ws = _workspace()
    kind = fmt
    if kind == "auto":
        kind = (
            "aoe"
            if source.is_dir()
            else {".csv": "byor-csv", ".json": "byor-json"}.get(source.suffix.lower(), "")
        )
    readers = {"byor-csv": rio.read_byor_csv, "byor-json": rio.read_byor_json, "aoe": rio.read_aoe}
    if kind not in readers:
        raise UsageError(
            f"cannot tell the format of {source}; pass --format byor-csv, byor-json or aoe"
        )
    if not source.exists():
        raise UsageError(f"{source} does not exist")
    config = load_radar_config(ws.root)
    catalog = load_catalog(tuple(Path(d) for d in ws.catalog_dirs))
    entries = rio.import_entries(readers[kind](source), config, catalog)
    files = {e.path(): e.text() for e in entries}
    written, skipped = _write(ws.root, files, overwrite=overwrite)
    matched = sum(1 for e in entries if e.technology)
    if as_json:
        print_json({"format": kind, "written": written, "skipped": skipped, "matched": matched})
        return
    console.print(
        plain(
            f"Imported {len(written)} radar entries from {source} ({kind}); "
            f"{matched} tied to a catalog technology."
        )
    )
    if skipped:
        console.print(
            plain(
                f"{len(skipped)} already existed and were kept (use --overwrite): "
                + ", ".join(skipped[:10])
                + (" …" if len(skipped) > 10 else "")
            )
        )
    console.print("Next: review the files, add matchers, then 'lodestar validate'.")


@radar_app.command("export")
@handle_errors
@strategy_errors
def radar_export(
    fmt: Annotated[str, typer.Option("--format", help="byor-csv, byor-json or aoe.")] = "byor-csv",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File (BYOR) or folder (AOE); BYOR defaults to stdout."
        ),
    ] = None,
    edition: Annotated[
        str | None, typer.Option(help="AOE edition folder name (default: today, YYYY-MM-DD).")
    ] = None,
    all_editions: Annotated[
        bool,
        typer.Option(
            "--all-editions",
            help="AOE: one folder per edition of the workspace's git history (its tags, else "
            "commit dates), each with the entries new or changed in it.",
        ),
    ] = False,
) -> None:
    """Export the radar as a BYOR CSV/JSON sheet or in the AOE layout."""
    from lodestar.strategy import radar_history
    from lodestar.strategy import radar_io as rio

    ws = _workspace()
    strategy = _strategy(ws)
    if fmt in ("byor-csv", "byor-json"):
        moves = radar_history(ws.root, config=strategy.radar)
        text = (rio.export_byor_csv if fmt == "byor-csv" else rio.export_byor_json)(strategy, moves)
        if output is None:
            sys.stdout.write(safe_document(text, is_json=fmt == "byor-json"))
        else:
            output.write_text(text, "utf-8")
            console.print(plain(f"Wrote {len(strategy.entries)} entries to {output}"))
        return
    if fmt != "aoe":
        raise UsageError(f"unknown format {fmt!r}; use byor-csv, byor-json or aoe")
    if output is None:
        raise UsageError("the AOE layout is a folder: pass --output DIR")
    if all_editions:
        from lodestar.strategy import radar_editions
        from lodestar.strategy.history import radar_files_at

        editions = radar_editions(ws.root)
        if not editions:
            raise UsageError(
                "--all-editions needs the workspace's git history; commit radar/ first"
            )
        snapshots = [
            (e.name.replace("/", "-"), radar_files_at(ws.root, e.commit)) for e in editions
        ]
        written, _ = _write(output, rio.export_aoe_editions(snapshots), overwrite=True)
        console.print(
            plain(f"Wrote {len(written)} files in {len(editions)} editions to {output / 'radar'}")
        )
        return
    name = edition or dt.datetime.now(dt.UTC).date().isoformat()
    written, _ = _write(output, rio.export_aoe(strategy, name), overwrite=True)
    console.print(plain(f"Wrote {len(written)} entries to {output / 'radar' / name}"))


# --- decisions --------------------------------------------------------------------------------


@decision_app.command("list")
@handle_errors
@strategy_errors
def decision_list(
    status: Annotated[
        str | None, typer.Option(help="Only this status (proposed, accepted, superseded …).")
    ] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """The decision records, oldest first (a review date before --as-of is due)."""
    ws = _workspace()
    strategy = _strategy(ws)
    today = as_of_date(as_of, ws)
    decisions = [d for d in strategy.decisions if status is None or d.status == status.lower()]
    if as_json:
        print_json({"decisions": [_decision_summary(d, today) for d in decisions]})
        return
    table = Table(title=f"{len(decisions)} decisions")
    for column in ("id", "title", "status", "date", "governs", "review by"):
        table.add_column(column)
    for d in decisions:
        review: str | Text = d.review_by.isoformat() if d.review_by else ""
        if d.review_by and d.review_by < today and d.status in ("accepted", "proposed"):
            review = plain(f"{review} (due)", "red")
        _row(
            table,
            d.id,
            d.title,
            d.status,
            d.date.isoformat() if d.date else "",
            _matchers(d.governs),
            review,
        )
    console.print(table)


def _decision_summary(d: Decision, today: dt.date) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "status": d.status,
        "date": d.date,
        "review_by": d.review_by,
        "review_due": bool(d.review_by and d.review_by < today),
        "links": d.links,
        "governs": d.governs,
        "path": d.source.path if d.source else None,
    }


@decision_app.command("show")
@handle_errors
@strategy_errors
def decision_show(
    decision_id: Annotated[str, typer.Argument(metavar="ID", help="The decision id.")],
    as_json: JsonOption = False,
) -> None:
    """One decision, rendered, with the ranking and sensitivity of its weighted evaluation."""
    from lodestar.analysis.evaluation import rank, sensitivity
    from lodestar.strategy.writing import find_decision

    strategy = _strategy(_workspace())
    d = find_decision(strategy, decision_id)
    ranking = rank(d.evaluation) if d.evaluation else ()
    check = sensitivity(d.evaluation) if d.evaluation else None
    if as_json:
        print_json({"decision": d, "ranking": ranking, "sensitivity": check})
        return
    console.print(styled((d.id, "bold"), "  status: ", (d.status, "bold")))
    for label, value in (
        ("date", d.date.isoformat() if d.date else ""),
        ("decision-makers", ", ".join(d.decision_makers)),
        ("consulted", ", ".join(d.consulted)),
        ("informed", ", ".join(d.informed)),
        ("governs", _matchers(d.governs)),
        ("review by", d.review_by.isoformat() if d.review_by else ""),
        ("revisit when", d.revisit_when or ""),
        ("links", ", ".join(f"{link.kind} {link.target}" for link in d.links)),
    ):
        if value:
            console.print(plain(f"{label}: {value}"))
    console.print(_markdown(d.body))
    if d.evaluation and check is not None:
        table = Table(title="Weighted evaluation")
        table.add_column("rank")
        table.add_column("option")
        for criterion, weight in d.evaluation.criteria:
            table.add_column(plain(f"{criterion} (x{weight:g})"))
        table.add_column("total")
        scores = dict(d.evaluation.scores)
        for row in ranking:
            _row(
                table,
                str(row.rank),
                row.option,
                *(f"{s:g}" for s in scores[row.option]),
                f"{row.total:.2f}",
            )
        console.print(table)
        if check.winner is None:
            console.print("No single winner: the top options tie.", style="yellow")
        elif check.robust:
            console.print(
                styled(
                    "Sensitivity: ",
                    ("robust", "green"),
                    f" — {check.winner} stays first when any "
                    f"single weight moves ±{check.delta:.0%} (lead {check.margin:.2f}).",
                )
            )
        else:
            console.print(
                styled(
                    "Sensitivity: ", ("fragile", "yellow"), f" — {check.winner} loses first place:"
                )
            )
            for flip in check.flips:
                console.print(
                    plain(
                        f"  {flip.criterion} weight x{flip.change:g}: {flip.leader} "
                        f"{flip.leader_total:.2f} vs {flip.winner_total:.2f}"
                    )
                )


@decision_app.command("new")
@handle_errors
@strategy_errors
def decision_new(
    title: Annotated[str, typer.Argument(help="What is decided, e.g. 'Use PostgreSQL 16'.")],
    governs: Annotated[
        list[str] | None,
        typer.Option(
            "--governs",
            "-g",
            help="A catalog technology id (or pkg: purl pattern) the decision governs; repeatable.",
        ),
    ] = None,
    maker: Annotated[
        list[str] | None, typer.Option("--maker", help="A decision-maker; repeatable.")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Date of the record (default: today, YYYY-MM-DD).")
    ] = None,
) -> None:
    """Write a new MADR 4 decision record from the template, with a branch-safe id."""
    from lodestar.catalog.technologies import load_catalog
    from lodestar.strategy.writing import write_decision

    ws = load_workspace()
    try:
        day = dt.date.fromisoformat(date) if date else dt.datetime.now(dt.UTC).date()
    except ValueError as exc:
        raise UsageError(f"--date {date!r} is not a date; write YYYY-MM-DD") from exc
    decision_id, path = write_decision(
        ws.root,
        title,
        day,
        catalog=load_catalog(tuple(Path(d) for d in ws.catalog_dirs)),
        governs=governs or (),
        makers=maker or (),
    )
    console.print(plain(f"Wrote {path.relative_to(ws.root)} ({decision_id})"))
    console.print("Fill in the sections, then run 'lodestar validate'.")


@decision_app.command("supersede")
@handle_errors
@strategy_errors
def decision_supersede(
    old: Annotated[str, typer.Argument(help="The id of the decision being replaced.")],
    new: Annotated[str, typer.Argument(help="The id of the decision replacing it.")],
    accept: Annotated[
        bool, typer.Option("--accept", help="Also set NEW's status to accepted.")
    ] = False,
) -> None:
    """Mark OLD superseded by NEW and link both ways; the rest of both files is kept."""
    from lodestar.strategy.writing import supersede_decision

    supersede_decision(load_workspace().root, old, new, accept=accept)
    console.print(plain(f"{old} is now superseded by {new} (both files updated)."))


@decision_app.command("import")
@handle_errors
@strategy_errors
def decision_import(
    folder: Annotated[
        Path, typer.Argument(help="An adr-tools or MADR folder, e.g. doc/adr or docs/decisions.")
    ],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace decision files that already exist.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Import adr-tools (Nygard) and MADR 2/3 records into decisions/, links rewritten."""
    from lodestar.strategy.adr_io import import_decisions

    ws = _workspace()
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    existing = ws.root / "decisions"
    taken = (
        {p.stem for p in existing.glob("*.md")} if existing.is_dir() and not overwrite else set()
    )
    records = import_decisions(folder, taken)
    written, skipped = _write(ws.root, {r.path(): r.text() for r in records}, overwrite=overwrite)
    notes = [f"{Path(r.source).name}: {note}" for r in records for note in r.notes]
    if as_json:
        print_json(
            {
                "written": written,
                "skipped": skipped,
                "notes": notes,
                "ids": {Path(r.source).name: r.id for r in records},
            }
        )
        return
    kinds = sorted({r.kind for r in records})
    console.print(plain(f"Imported {len(written)} decisions from {folder} ({', '.join(kinds)})."))
    for note in notes:
        console.print(plain(f"  note: {note}"))
    if skipped:
        console.print(f"{len(skipped)} already existed and were kept (use --overwrite).")
