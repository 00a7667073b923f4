"""``lodestar decision …``: the workspace's decision records (MADR 4 with Lodestar's extensions).

``new`` and ``supersede`` write files through :mod:`lodestar.strategy.writing`; ``import`` reads
adr-tools and MADR folders; ``list`` and ``show`` read the workspace's strategy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from lodestar.cli.common import JsonOption, load_workspace
from lodestar.cli.dates import AsOfOption, as_of_date
from lodestar.cli.output import console, handle_errors, plain, print_json, styled
from lodestar.cli.strategy_output import markdown, matchers, strategy_errors, table_row
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError
from lodestar.strategy.models import DECISION_STATUSES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.text import Text

    from lodestar.analysis.evaluation import RankedOption, Sensitivity
    from lodestar.records import Decision

decision_app = typer.Typer(help="Decision records (MADR 4 with Lodestar's extensions).")


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
    from lodestar.strategy import load_strategy

    ws = load_workspace()
    strategy = load_strategy(ws.root)
    today = as_of_date(as_of, ws)
    if status is not None and status.lower() not in DECISION_STATUSES:
        raise UsageError(f"--status {status!r}: use one of {', '.join(DECISION_STATUSES)}")
    decisions = [d for d in strategy.decisions if status is None or d.status == status.lower()]
    if as_json:
        print_json({"decisions": [_decision_summary(d, today) for d in decisions]})
        return
    _print_decisions(decisions, today)


def _print_decisions(decisions: list[Decision], today: dt.date) -> None:
    table = Table(title=f"{len(decisions)} decisions")
    for column in ("id", "title", "status", "date", "governs", "review by"):
        table.add_column(column, no_wrap=column in {"id", "status", "date"})
    for d in decisions:
        review: str | Text = d.review_by.isoformat() if d.review_by else ""
        if d.review_by and d.review_by < today and d.status in ("accepted", "proposed"):
            review = plain(f"{review} (due)", "red")
        table_row(
            table,
            d.id,
            d.title,
            d.status,
            d.date.isoformat() if d.date else "",
            matchers(d.governs),
            review,
        )
    print_table(console, table)


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
    from lodestar.strategy import load_strategy
    from lodestar.strategy.writing import find_decision

    strategy = load_strategy(load_workspace().root)
    d = find_decision(strategy, decision_id)
    ranking = rank(d.evaluation) if d.evaluation else ()
    check = sensitivity(d.evaluation) if d.evaluation else None
    if as_json:
        print_json({"decision": d, "ranking": ranking, "sensitivity": check})
        return
    _print_decision(d, ranking, check)


def _print_decision(
    d: Decision, ranking: Sequence[RankedOption], check: Sensitivity | None
) -> None:
    console.print(styled((d.id, "bold"), "  status: ", (d.status, "bold")))
    for label, value in (
        ("date", d.date.isoformat() if d.date else ""),
        ("decision-makers", ", ".join(d.decision_makers)),
        ("consulted", ", ".join(d.consulted)),
        ("informed", ", ".join(d.informed)),
        ("governs", matchers(d.governs)),
        ("review by", d.review_by.isoformat() if d.review_by else ""),
        ("revisit when", d.revisit_when or ""),
        ("links", ", ".join(f"{link.kind} {link.target}" for link in d.links)),
    ):
        if value:
            console.print(plain(f"{label}: {value}"))
    console.print(markdown(d.body))
    if d.evaluation and check is not None:
        table = Table(title="Weighted evaluation")
        table.add_column("rank")
        table.add_column("option")
        for criterion, weight in d.evaluation.criteria:
            table.add_column(plain(f"{criterion} (x{weight:g})"))
        table.add_column("total")
        scores = dict(d.evaluation.scores)
        for row in ranking:
            table_row(
                table,
                str(row.rank),
                row.option,
                *(f"{s:g}" for s in scores[row.option]),
                f"{row.total:.2f}",
            )
        print_table(console, table)
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
    from lodestar.catalog import load_catalog
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
    from lodestar.strategy.writing import import_decision_folder

    ws = load_workspace()
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    records, written, skipped = import_decision_folder(ws.root, folder, overwrite=overwrite)
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


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(decision_app, name="decision")
