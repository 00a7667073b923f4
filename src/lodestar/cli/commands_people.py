"""``lodestar people`` and ``lodestar people suggest``: who is who, and why.

Both read the people the last ``lodestar scan`` resolved (``store.people``); neither runs git.
Every name and email comes from repositories: it is printed as Rich ``Text`` (never parsed as
markup) with control characters made visible.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lodestar.cli.common import JsonOption, load_workspace, store
from lodestar.cli.output import console, handle_errors, print_json
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError
from lodestar.render import terminal_safe

if TYPE_CHECKING:
    from rich.text import Text

    from lodestar.records.people import ResolvedPerson

people_app = typer.Typer(invoke_without_command=True)


def _text(value: str, style: str = "") -> Text:
    """Repository text as Rich text: line breaks we add are kept, every other control, format
    or bidi character is shown as an escape (the one terminal-safe function)."""
    from rich.text import Text

    return Text(terminal_safe(value, multiline=True), style=style)


def _day(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat() if seconds else "-"


def _person_dict(person: ResolvedPerson) -> dict[str, Any]:
    i = person.identity
    return {
        "key": i.key,
        "name": i.name,
        "team": i.team,
        "bot": i.bot,
        "commits": person.commits,
        "emails": list(i.emails),
        "identities": [
            {
                "name": m.name,
                "email": m.email,
                "commits": m.commits,
                "last_commit": _day(m.last),
                "repositories": list(m.repositories),
            }
            for m in person.members
        ],
        "merged_by": [
            {
                "rule": link.rule,
                "value": link.value,
                "left": link.left,
                "right": link.right,
                "applied": link.applied,
            }
            for link in person.links
        ],
    }


def _directory() -> list[ResolvedPerson]:
    from lodestar.store import people_directory

    with store(load_workspace()) as engine:
        found = people_directory(engine)
    if not found:
        raise UsageError("no people stored yet; run 'lodestar scan' (without --no-history)")
    return found


@people_app.callback(invoke_without_command=True)
@handle_errors
def people(
    ctx: typer.Context,
    merged: Annotated[
        bool, typer.Option("--merged", help="Only people joined from several identities.")
    ] = False,
    top: Annotated[
        int, typer.Option("--top", "-n", min=0, help="Show the first N people (0: all).")
    ] = 0,
    as_json: JsonOption = False,
) -> None:
    """People, most commits first: the identities (name, email, commits) each one commits
    under, and the evidence that joined them (people.toml, .mailmap, GitHub noreply login,
    same full name, same local part on the organisation's own domains).

    Example: lodestar people --merged --top 20   (or --json for every field)
    """
    if ctx.invoked_subcommand is not None:
        return
    everyone = _directory()
    shown = [p for p in everyone if not merged or len(p.members) > 1]
    shown = shown[:top] if top else shown
    summary = {
        "people": sum(1 for p in everyone if not p.identity.bot),
        "bots": sum(1 for p in everyone if p.identity.bot),
        "identities": sum(len(p.members) for p in everyone),
        "merged": sum(1 for p in everyone if len(p.members) > 1),
    }
    if as_json:
        print_json({**summary, "list": [_person_dict(p) for p in shown]})
        return
    _print(summary, shown)


def _print(summary: dict[str, int], shown: list[ResolvedPerson]) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(
        f"{summary['people']:,} people and {summary['bots']:,} bots from "
        f"{summary['identities']:,} committed identities; {summary['merged']:,} joined from "
        "several (lodestar people suggest: the people.toml that makes them explicit)"
    )
    table = Table(title_justify="left")
    table.add_column("person", overflow="fold")
    table.add_column("commits", justify="right")
    table.add_column("identities (commits)", overflow="fold")
    table.add_column("joined by", overflow="fold")
    for p in shown:
        i = p.identity
        who = _text(i.name, "bold")
        who.append_text(_text(f"\n{i.key}" + (f"\nteam {i.team}" if i.team else "")))
        if i.bot:
            who.append("\nbot", style="dim")
        identities = Text("\n").join(_text(f"{m.label} ({m.commits})") for m in p.members)
        why = Text("\n").join(
            _text(
                f"{link.rule} {link.value!r}: {link.left} + {link.right}"
                + ("" if link.applied else " (kept apart by a split)"),
                "" if link.applied else "yellow",
            )
            for link in p.links
        )
        table.add_row(who, str(p.commits), identities, why)
    print_table(console, table)


@people_app.command()
@handle_errors
def suggest() -> None:
    """Print a people.toml patch: one table per automatic merge (same full name, GitHub
    noreply login, local part on the organisation's own domains), to review, adjust and commit
    (then the merge no longer depends on the rules). Nothing printed: nothing to suggest.

    Example: lodestar people suggest >> people.toml
    """
    from lodestar.scan import load_people_file, people_patch

    aliases = load_people_file(load_workspace().root).aliases
    patch = people_patch(_directory(), aliases)
    if patch:
        sys.stdout.write(patch)


def register(app: typer.Typer) -> None:
    app.add_typer(people_app, name="people")
