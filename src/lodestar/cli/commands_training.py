"""``lodestar training``: the training plan for thinly known technologies, from stored history.

A thin adapter: it loads the store's records (history, current scans, teams) and the
workspace's radar, calls :func:`lodestar.analysis.training.training_plan` and prints it (Rich
tables, ``--json``, or the Markdown and CSV of :mod:`lodestar.render.training`). It runs no git.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.dates import as_of_moment
from lodestar.cli.output import console, count, handle_errors, plain, safe_document, styled
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError
from lodestar.render.presentation import to_jsonable

if TYPE_CHECKING:
    import datetime as dt

    from lodestar.analysis.training import TrainingItem, TrainingPlan
    from lodestar.settings import Workspace

commands = typer.Typer()


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    CSV = "csv"


def _plan(as_of: str | None) -> TrainingPlan:
    ws = load_workspace()
    plan = workspace_training_plan(ws, as_of_moment(as_of, ws))
    if plan is None:
        raise UsageError("no history stored yet; run 'lodestar scan' (without --no-history)")
    return plan


def workspace_training_plan(ws: Workspace, now: dt.datetime) -> TrainingPlan | None:
    """The workspace's training plan on ``now`` (``lodestar training``, the board report's
    training coverage); None when no history is stored."""
    from lodestar.analysis import presence_windows, teams
    from lodestar.analysis.coverage import radar_coverage
    from lodestar.analysis.training import training_plan, training_subjects
    from lodestar.cli.evaluation import catalogs, workspace_strategy
    from lodestar.cli.teams import load_owners
    from lodestar.store import current_files, current_technologies, organisation_history

    catalog, _ = catalogs(ws)
    strategy = workspace_strategy(ws, catalog)
    with store(ws) as engine:
        histories = [h for h in organisation_history(engine) if h.commits]
        if not histories:
            return None
        uses = current_technologies(engine)
        files = current_files(engine)
        owners = load_owners(engine, ws, now.date())
    languages: dict[str, set[str]] = {}
    for repository, stats in files.items():
        for f in stats:
            if f.kind == "own" and f.language and f.code > 0:
                languages.setdefault(f.language, set()).add(repository)
    coverage = radar_coverage(owners.observations, strategy.entries, catalog)
    subjects = training_subjects(
        strategy.entries, coverage, catalog, {k: sorted(v) for k, v in languages.items()}
    )
    found = teams(owners.owners, owners.observations, owners.people)
    return training_plan(
        histories,
        uses,
        catalog,
        subjects=subjects,
        entries=strategy.entries,
        coverage=coverage,
        teams=tuple(found.values()),
        now=now,
        windows=presence_windows(ws.settings),
    )


@commands.command()
@handle_errors
def training(
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="text: tables; markdown: a plan to paste (a section per technology); csv: "
            "one row per technology and suggested pairing.",
        ),
    ] = Format.TEXT,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of stdout.", dir_okay=False),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Reference day for who is active and for the quarters compared (default: the "
            "workspace's organisation.as_of, else today).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Training plans for the radar Adopt/Trial entries and languages short of two active experts.

    For each: the active experts who can mentor, the active learners closest to expert (people
    who touched it, then members of a team whose repositories use it), a suggested pairing, the
    target (2 active experts by the end of next quarter) and the progress since the previous
    quarter's end. Example: lodestar training --format markdown -o training.md
    """
    if as_json and fmt is not Format.TEXT:
        raise UsageError(f"--json and --format {fmt.value} disagree; pass one of them")
    plan = _plan(as_of)
    if as_json:
        text = _json(plan)
    elif fmt is Format.MARKDOWN:
        from lodestar.render.training import training_markdown

        text = training_markdown(plan)
    elif fmt is Format.CSV:
        from lodestar.render.training import training_csv

        text = training_csv(plan)
    else:
        if output is not None:
            raise UsageError("--output goes with --format markdown or csv, or --json")
        _print(plan)
        return
    if output is None:
        sys.stdout.write(safe_document(text, is_json=as_json))
        return
    output.write_text(text, "utf-8")
    console.print(plain(f"Wrote the plan for {len(plan.items)} technologies to {output}"))


def _json(plan: TrainingPlan) -> str:
    import json

    from lodestar.render import json_safe

    return json_safe(json.dumps(to_jsonable(plan), indent=2, ensure_ascii=False))


def _day(value: dt.datetime) -> str:
    return value.date().isoformat()


def _print(plan: TrainingPlan) -> None:
    c, p = plan.coverage, plan.previous_coverage
    console.print(
        styled(
            ("Adopt entries with >= 2 active experts: ", "bold"),
            (f"{c.covered} of {c.total}", "bold"),
            f" (at {plan.previous.isoformat()}: {p.covered} of {p.total}); ",
            f"{len(plan.items)} of {plan.subjects} technologies below two active experts; "
            f"target: 2 active experts by {plan.target_date.isoformat()}",
        )
    )
    last = plan.last_commit
    if last is not None and (plan.as_of - last.date()).days > plan.active_days:
        console.print(
            styled(
                ("warning:", "yellow"),
                f" the latest commit in the store is {last.date().isoformat()}, more than "
                f"{plan.active_days} days before {plan.as_of.isoformat()}: nobody counts as "
                f"active (rescan, or pass --as-of {last.date().isoformat()})",
            )
        )
    for item in plan.items:
        _print_item(item)


def _print_item(item: TrainingItem) -> None:
    from rich.table import Table

    s = item.subject
    ring = s.ring or "language"
    console.print()
    console.print(
        styled(
            (s.label, "bold"),
            f"  {ring}  {count(len(s.repositories), 'repository', 'repositories')}  active experts "
            f"{len(item.mentors)} (was {item.previous_active_experts})"
            + (
                f"  quiet/departed experts {item.inactive_experts}" if item.inactive_experts else ""
            ),
        )
    )
    table = Table(title_justify="left", show_edge=False)
    table.add_column("role", no_wrap=True)
    table.add_column("person", overflow="fold")
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("commits", justify="right", no_wrap=True)
    table.add_column("recency or growth", overflow="fold")
    for m in item.mentors:
        table.add_row(
            "mentor", plain(m.name), f"{m.score:.2f}", str(m.commits), f"last {_day(m.last)}"
        )
    for lr in item.learners:
        how = f"{lr.growth:+.2f} this quarter" if lr.via == "commits" else f"team {lr.team}"
        table.add_row("learner", plain(lr.name), f"{lr.score:.2f}", str(lr.commits), plain(how))
    if table.row_count:
        print_table(console, table)
    for pair in item.pairings:
        console.print(styled("  pairing: ", plain(pair.note)), soft_wrap=False)
    if item.more_learners:
        console.print(f"  and {item.more_learners} more learners (--json lists the first 5)")
    if item.crossed:
        console.print(styled("  became experts this quarter: ", plain(", ".join(item.crossed))))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
