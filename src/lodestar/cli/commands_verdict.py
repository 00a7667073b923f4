"""``lodestar verdict``: one score per level of the CTO's work, the year behind it, what
changed, and the top actions — the cockpit home's verdict band in the terminal.

A thin adapter: the organisation is evaluated as the cockpit evaluates it (history figures
included, the same settings) and :func:`lodestar.analysis.verdict.verdict` derives everything
shown; ``--json`` prints that record, as ``GET /api/verdict`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.padding import Padding
from rich.text import Text

from lodestar.cli.common import JsonOption, add_commands, load_workspace
from lodestar.cli.dates import AsOfOption, as_of_date
from lodestar.cli.evaluation import Organisation, catalogs
from lodestar.cli.output import console, handle_errors, print_json, styled
from lodestar.render.presentation import to_jsonable

if TYPE_CHECKING:
    from datetime import date

    from lodestar.analysis.verdict import Changes, LevelVerdict, Verdict, VerdictInputs
    from lodestar.analysis.verdict_actions import TopActions
    from lodestar.settings import Workspace

commands = typer.Typer()  # this module's commands; register(app) adds them

RAG_STYLES = {"green": "green", "amber": "yellow", "red": "red", "none": "dim"}
SEVERITY_STYLES = {"error": "red", "warning": "yellow", "note": "dim"}


def organisation_verdict(
    ws: Workspace, today: date, *, actions: int = 10, org: Organisation | None = None
) -> Verdict:
    """The verdict of the workspace's organisation on ``today``, from the one evaluation the
    other organisation-wide commands show, with the history figures the cockpit evaluates too
    (:class:`lodestar.cli.evaluation.Organisation` with ``history``; ``org``: one already made
    that way)."""
    from lodestar.analysis.verdict import thresholds_from, verdict

    org = org or Organisation(ws, today, history=True)
    inputs = organisation_verdict_inputs(ws, org)
    return verdict(inputs, thresholds_from(ws.settings), actions=actions)


def organisation_verdict_inputs(ws: Workspace, org: Organisation) -> VerdictInputs:
    """The verdict's inputs of one evaluation made with ``history`` (the board report reads the
    previous quarter's standing from them)."""
    from lodestar.analysis.verdict import evaluation_inputs
    from lodestar.strategy import radar_editions

    editions = tuple((e.name, e.date) for e in radar_editions(Path(ws.root)))
    catalog, eol = catalogs(ws)
    return evaluation_inputs(
        org.evaluation, org.data, editions=editions, catalog=catalog, eol=eol, windows=org.windows
    )


def _delta(value: int | None, since: str) -> str:
    if value is None:
        return ""
    return f"{'±0' if value == 0 else f'{value:+d}'} {since}"


def _indented(text: Text, indent: int) -> None:
    """``text`` wrapped at word boundaries with every line indented."""
    console.print(Padding(text, (0, 0, 0, indent), expand=False))


def _print_level(level: LevelVerdict) -> None:
    from lodestar.render.sparkline import score_blocks

    colour = RAG_STYLES[level.rag]
    score = f"{level.score:>3}/100" if level.score is not None else "  -/100"
    blocks = score_blocks([p.score for p in level.series])
    console.print(
        styled(
            (f"{level.title:<14}", "bold"),
            (score, f"bold {colour}"),
            "  ",
            (f"{level.label:<8}", colour),
            "  ",
            (blocks, colour),
            "  ",
            _delta(level.delta_month, "last month"),
        )
    )
    _indented(styled((level.detail, "dim")), 2)


def _print_changes(changes: Changes) -> None:
    counts = "; ".join(
        f"{changes.new.get(s, 0)} new, {changes.closed.get(s, 0)} closed {s}s"
        for s in ("error", "warning")
    )
    line = styled(("Since " + changes.since, "bold"), f" ({changes.day.isoformat()}): {counts}")
    console.print(line)
    if changes.moves:
        moves = ", ".join(f"{entry} {kind} {ring}" for entry, kind, ring, _ in changes.moves)
        _indented(styled("ring moves: ", moves), 2)


def print_actions(actions: TopActions) -> None:
    """The top actions by owner, each with its fix; notes as one line per rule."""
    console.print()
    title = f"Top actions ({actions.shown} of {actions.open} open errors and warnings)"
    console.print(styled((title, "bold")))
    if not actions.groups:
        console.print("  nothing to act on: no open error or warning")
    for group in actions.groups:
        console.print(styled(("  " + group.owner, "bold cyan")))
        for a in group.actions:
            places = f" ({a.places} places)" if a.places > 1 else ""
            where = " ".join(x for x in (a.repository or "", a.evidence or "") if x)
            console.print(
                styled(
                    "    ",
                    (a.severity, SEVERITY_STYLES.get(a.severity, "")),
                    "  ",
                    (a.rule, "bold"),
                    "  ",
                    where + places,
                )
            )
            _indented(styled(a.message), 6)
            if a.hint:
                _indented(styled(("fix: ", "green"), a.hint), 6)
    for note in actions.notes:
        _indented(styled(("note: ", "dim"), note.sentence, (" (lodestar check)", "dim")), 2)


def print_levels(found: Verdict) -> None:
    """The four scores with their colour, year and detail, and the radar's coverage."""
    console.print(styled(("Verdict as of " + found.today.isoformat(), "bold")))
    console.print(styled(("  score   colour    last 12 months", "dim")))
    for level in found.levels:
        _print_level(level)
    if found.coverage:
        console.print(styled(("  " + found.coverage, "dim")))


def print_verdict(found: Verdict) -> None:
    """The verdict in the terminal, readable at 80 columns."""
    print_levels(found)
    console.print()
    for changes in (found.since_edition, found.since_month):
        if changes is not None:
            _print_changes(changes)
    print_actions(found.actions)


@commands.command()
@handle_errors
def verdict(
    as_of: AsOfOption = None,
    top: int = typer.Option(10, "--top", "-n", min=0, metavar="N", help="Top actions to list."),
    as_json: JsonOption = False,
) -> None:
    """Score each level of the CTO's work, with its trend, changes and the top actions.

    One score from 0 to 100 per level (strategy, execution, change, communication), red,
    amber or green against the [verdict] settings, the last 12 months, what changed since
    the last radar edition and last month, and the most severe open findings by owner.

    Example: lodestar verdict --as-of 2026-06-30
    """
    ws = load_workspace()
    found = organisation_verdict(ws, as_of_date(as_of, ws), actions=top)
    if as_json:
        print_json(to_jsonable(found))
        return
    print_verdict(found)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
