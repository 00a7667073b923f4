"""``lodestar whatif``: what the organisation loses if some people leave.

A thin adapter over :mod:`lodestar.analysis.whatif`: it loads the stored records once
(``load_organisation(history=True)``), chooses the leavers (``--leave``, ``--team`` or
``--inactive-since``), and prints the losses (or ``--json``). Reads the store only.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.dates import as_of_moment
from lodestar.cli.output import console, handle_errors, plain, print_json, styled
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError
from lodestar.render.whatif import whatif_document

if TYPE_CHECKING:
    from rich.table import Table

    from lodestar.analysis.whatif import WhatIf

commands = typer.Typer()  # this module's commands; register(app) adds them


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"{option} {text!r}: expected a date such as 2026-01-01") from exc


@commands.command()
@handle_errors
def whatif(
    leave: Annotated[
        list[str] | None,
        typer.Option(
            "--leave",
            metavar="PERSON",
            help="A person who leaves: name, email or key as 'lodestar people' shows "
            "(repeat the option for several).",
        ),
    ] = None,
    team: Annotated[
        str | None, typer.Option("--team", metavar="TEAM", help="Everyone in this team leaves.")
    ] = None,
    inactive_since: Annotated[
        str | None,
        typer.Option(
            "--inactive-since",
            metavar="DATE",
            help="Everyone whose last commit is before DATE (YYYY-MM-DD): what is already lost.",
        ),
    ] = None,
    backtest: Annotated[
        bool,
        typer.Option(
            "--backtest",
            help="Instead: take the people who really stopped committing in the --horizon "
            "after --as-of, predict the islands at --as-of, and score them against the islands "
            "observed at the horizon's end (precision and recall, with naive baselines).",
        ),
    ] = False,
    horizon: Annotated[
        str | None,
        typer.Option(
            "--horizon",
            metavar="90d|6m|1y",
            help="With --backtest: how long after --as-of to observe (default 6m).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The day to ask on (YYYY-MM-DD), on the history as it stood then (default: "
            "organisation.as_of, else today, on all the history); with --backtest, the "
            "date of the prediction (default: that date less the horizon).",
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, help="Islands per repository (files, folders).")
    ] = 5,
    as_json: JsonOption = False,
) -> None:
    """Off-boarding what-if: what the organisation loses if these people leave.

    Repositories whose active truck factor falls to 0 or 1, files
    and folders no remaining author knows, radar Adopt/Trial technologies left with one
    active expert or none, and campaigns, initiatives, decisions and declared owners whose
    people are all gone. Choose exactly one of --leave, --team, --inactive-since, or
    --backtest (lodestar whatif --backtest --as-of 2025-06-30 --horizon 6m).

    Example: lodestar whatif --leave "Ada Lovelace" --leave bob@example.com
    """
    chosen = sum(x is not None for x in (leave, team, inactive_since))
    if backtest:
        if chosen:
            raise UsageError(
                "--backtest chooses the leavers from history: drop --leave, --team and "
                "--inactive-since"
            )
        from lodestar.cli.whatif_backtest import run_backtest

        run_backtest(as_of, horizon or "6m", top=top, as_json=as_json)
        return
    if horizon is not None:
        raise UsageError("--horizon goes with --backtest: add --backtest or drop --horizon")
    if chosen != 1:
        raise UsageError(
            "choose exactly one of --leave PERSON, --team TEAM, --inactive-since DATE, --backtest"
        )
    _run(leave, team, inactive_since, as_of, top=top, as_json=as_json)


def _run(
    leave: list[str] | None,
    team: str | None,
    inactive_since: str | None,
    as_of: str | None,
    *,
    top: int,
    as_json: bool,
) -> None:
    import lodestar.analysis.whatif as model
    from lodestar.analysis import presence_windows
    from lodestar.cli.evaluation import catalogs, workspace_strategy
    from lodestar.store import load_organisation

    ws = load_workspace()
    now = as_of_moment(as_of, ws)
    catalog, _ = catalogs(ws)
    strategy = workspace_strategy(ws, catalog)
    windows = presence_windows(ws.settings)
    with store(ws) as engine:
        data = load_organisation(engine, history=True)
    if not any(h.commits for h in data.histories):
        raise UsageError("no mined history in the store yet; run 'lodestar scan'")
    base, directory, last = model.baseline(
        data,
        strategy,
        catalog,
        now=now,
        windows=windows,
        overrides=ws.settings.repositories.owners,
        cut=as_of is not None,  # a past day: the history as it stood then
    )
    if leave:
        leavers = model.resolve_people(leave, data.identities)
    elif team is not None:
        leavers = model.team_members(directory, team)
    else:
        day = _day(inactive_since or "", "--inactive-since")
        leavers = model.inactive_since(last, data.identities, day)
    result = model.what_if(base, leavers, top=top)
    if as_json:
        print_json(whatif_document(result, now, windows))
        return
    _print(result, now)


def _table(*columns: str) -> Table:
    from rich.table import Table

    table = Table(title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        numeric = column in {"before", "after", "lines", "files"}
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    return table


def _people(result: WhatIf, keys: tuple[str, ...], most: int = 4) -> str:
    """Up to ``most`` names, then how many more (``--json`` lists them all)."""
    names = ", ".join(result.names.get(k, k) for k in keys[:most]) or "nobody"
    return names + (f" and {len(keys) - most:,} more" if len(keys) > most else "")


def _print(result: WhatIf, now: dt.datetime) -> None:
    count = len(result.leavers)
    console.print(
        styled(
            ("What if ", "bold"),
            f"{count:,} " + ("person leaves" if count == 1 else "people leave"),
            f" (as of {now.date().isoformat()}): ",
            _people(result, result.leavers, 8),
        )
    )
    if not result.leavers:
        console.print("Nobody matches: nothing is lost.")
        return
    _print_repositories(result)
    _print_islands(result)
    _print_rest(result)


def _print_repositories(result: WhatIf) -> None:
    if not result.repositories:
        console.print("No repository's active truck factor falls to 0 or 1.")
        return
    table = _table("repository", "before", "after", "carried by")
    for r in result.repositories:
        table.add_row(
            plain(r.repository), str(r.before), str(r.after), plain(_people(result, r.carried_by))
        )
    table.title = "Active truck factor falls to 0 or 1"
    print_table(console, table)


def _known_by(result: WhatIf, authors: tuple[str, ...]) -> str:
    """The leavers who knew it, and how many others (already departed) did."""
    leaving = [a for a in authors if a in result.leavers]
    others = len(authors) - len(leaving)
    return _people(result, tuple(leaving)) + (f" (+{others} departed)" if others else "")


def _print_islands(result: WhatIf) -> None:
    if not result.islands:
        console.print("No file becomes a knowledge island.")
        return
    console.print(
        styled(
            ("New knowledge islands: ", "bold"),
            f"{result.island_code:,} lines in files no remaining author knows",
        )
    )
    for repository in dict.fromkeys(i.repository for i in result.islands):
        table = _table("path", "lines", "files", "known by")
        for i in (i for i in result.islands if i.repository == repository):
            path = (i.path or "(whole repository)") + ("/" if i.kind == "folder" and i.path else "")
            table.add_row(
                plain(path), f"{i.code:,}", str(i.files), plain(_known_by(result, i.authors))
            )
        table.title = repository
        print_table(console, table)


def _print_rest(result: WhatIf) -> None:
    if result.technologies:
        table = _table("radar entry", "ring", "before", "after", "who remains")
        for t in result.technologies:
            table.add_row(
                plain(t.entry),
                plain(t.ring),
                str(len(t.before)),
                str(len(t.after)),
                plain(_people(result, t.after)),
            )
        table.title = "Adopt/Trial technologies left with one active expert or none"
        print_table(console, table)
    else:
        console.print("No Adopt/Trial technology is left with fewer than two active experts.")
    if result.owners:
        table = _table("what", "id", "declared owners")
        for o in result.owners:
            table.add_row(plain(o.kind), plain(o.id), plain(", ".join(o.written)))
        table.title = "Owned only by people who are gone"
        print_table(console, table)
    else:
        console.print("No campaign, initiative, decision or repository is left without an owner.")
    _print_protected(result)


def _print_protected(result: WhatIf) -> None:
    if not result.protected:
        console.print("No trade secret or disclosed invention is left without a knower.")
        return
    table = _table("what", "id", "lines", "files", "known by")
    for p in result.protected:
        table.add_row(
            plain(p.kind),
            plain(p.id),
            f"{p.code:,}",
            str(p.files),
            plain(_known_by(result, p.knowers)),
        )
    table.title = "Trade secrets and disclosed inventions whose active knowers all leave"
    print_table(console, table)


def register(app: typer.Typer) -> None:
    add_commands(app, commands)
