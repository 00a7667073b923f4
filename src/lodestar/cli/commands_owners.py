"""``lodestar owners``: who owns each repository, as declared and as the history shows.

The owners come from :func:`lodestar.analysis.organisation_owners` (the derivation the
organisation evaluation, ``check`` and the cockpit use): declared in ``lodestar.toml``
``[repositories.owners]``, a ``catalog-info.yaml`` Component or CODEOWNERS, and observed as
the active people holding the most knowledge of the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.dates import as_of_date
from lodestar.cli.output import console, handle_errors, plain, print_json, styled
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError
from lodestar.render.presentation import to_jsonable

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from lodestar.records.owners import OwnerRule, RepositoryOwner, Team

commands = typer.Typer()  # this module's commands; register(app) adds them

_STATUS_STYLE = {"ok": "green", "missing": "yellow", "departed": "red", "mismatch": "cyan"}


def _chosen(
    owners: Mapping[str, RepositoryOwner], repository: str | None, team: str | None
) -> list[RepositoryOwner]:
    from lodestar.analysis import team_of

    rows = sorted(owners.values(), key=lambda o: o.repository)
    if repository is not None:
        rows = [o for o in rows if o.repository == repository]
        if not rows:
            raise UsageError(f"no scanned repository named {repository!r}; see 'lodestar repos'")
    if team is not None:  # the team a repository belongs to (team_of), any case
        wanted = team.strip().casefold()
        rows = [o for o in rows if (team_of(o) or "").casefold() == wanted]
    return rows


@commands.command()
@handle_errors
def owners(
    repository: Annotated[
        str | None, typer.Argument(help="Only this repository (default: all).")
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            help="Only this team's repositories: its declared team, else its observed owners'.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Reference date (YYYY-MM-DD) for who is active or departed."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Declared and observed owners of each repository, their team and status.

    Declared: lodestar.toml [repositories.owners] > catalog-info.yaml Component spec.owner >
    the CODEOWNERS rule for the root ('*'). Observed: the active truck-factor people of the
    history. Status: ok, missing, departed (declared owner left) or mismatch (the history
    shows other people). With REPO, its CODEOWNERS rules too (owners per path).

    Example: lodestar owners --team payments --json
    """
    from lodestar.analysis import organisation_owners, presence_windows, teams
    from lodestar.store import load_organisation

    ws = load_workspace()
    today = as_of_date(as_of, ws)
    with store(ws) as engine:
        data = load_organisation(engine, history=True)
    found = organisation_owners(
        data,
        today=today,
        overrides=ws.settings.repositories.owners,
        windows=presence_windows(ws.settings),
    )
    rows = _chosen(found, repository, team)
    known = teams(found, data.observations, data.identities)
    rules = next((o.owner_rules for o in data.observations if o.repository == repository), ())
    if as_json:
        document = _owners_dict(today.isoformat(), rows, known, team)
        if repository is not None:
            document["rules"] = [to_jsonable(r) for r in rules]
        print_json(document)
        return
    _print_owners(rows, known, team)
    if rules:
        _print_rules(rules)


def _owners_dict(
    today: str, rows: list[RepositoryOwner], known: Mapping[str, Team], team: str | None
) -> dict[str, Any]:
    from lodestar.analysis import team_of

    wanted = team.lower() if team else None
    return {
        "as_of": today,
        # team: the declared owner's team; owning_team: that, else the observed owners' team
        "repositories": [{**to_jsonable(o), "owning_team": team_of(o)} for o in rows],
        "teams": [
            to_jsonable(t) for t in known.values() if wanted is None or t.name.lower() == wanted
        ],
    }


def _print_owners(rows: list[RepositoryOwner], known: Mapping[str, Team], team: str | None) -> None:
    from rich.table import Table

    from lodestar.analysis import team_of

    if not rows:
        console.print(plain("No repository" + (f" of team {team}" if team else "") + "."))
        return
    table = Table(title="Owners")
    for column in ("repository", "declared", "source", "team", "observed", "status"):
        table.add_column(column)
    for o in rows:
        table.add_row(
            plain(o.repository),
            plain(" ".join(o.declared) or "—"),
            plain(o.source or "—"),
            plain(team_of(o) or "—"),
            plain(", ".join(o.observed) or "—"),
            styled((o.status, _STATUS_STYLE.get(o.status, ""))),
        )
    print_table(console, table)
    if team is not None:
        found = next((t for t in known.values() if t.name.lower() == team.lower()), None)
        if found is not None and found.members:
            console.print(plain(f"Members of {found.name}: {', '.join(found.members)}"))


def _print_rules(rules: Sequence[OwnerRule]) -> None:
    """The repository's CODEOWNERS rules: who owns which paths (the last match wins)."""
    from rich.table import Table

    table = Table(title="Owners per path (CODEOWNERS; the last matching rule wins)")
    for column in ("pattern", "owners", "section", "where"):
        table.add_column(column)
    for rule in rules:
        table.add_row(
            plain(rule.pattern),
            plain(" ".join(rule.owners) or "(nobody)"),
            plain(rule.section or ""),
            plain(f"{rule.path}:{rule.line}"),
        )
    print_table(console, table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
