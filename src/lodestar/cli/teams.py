"""``--team``: the views of one team, and the owners the commands without a strategy show.

A repository belongs to team T when its owner's team is T
(:func:`lodestar.analysis.repositories_of_team`, the filter the cockpit's ``?team=`` uses too).
The teams a name is checked against are every team Lodestar knows
(:func:`lodestar.analysis.teams`: ``people.toml`` teams, Backstage Groups, declared teams); an
unknown name is a usage error (exit 2) with a did-you-mean, a known team that owns nothing gives
empty views.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.errors import UsageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from lodestar.records import Identity, Observation
    from lodestar.records.owners import RepositoryOwner
    from lodestar.settings import Workspace

TeamOption = Annotated[
    str | None,
    typer.Option(
        "--team",
        metavar="TEAM",
        help="Only the repositories of this team (whose declared owner is the team or one of "
        "its members); 'lodestar owners' lists the teams.",
    ),
]


@dataclass(frozen=True, slots=True)
class Owners:
    """Every repository's owner, and what the team names are checked against."""

    owners: dict[str, RepositoryOwner]
    observations: tuple[Observation, ...]
    people: dict[str, Identity]

    def team_repositories(self, team: str) -> frozenset[str]:
        """The repositories of ``team``; UsageError (did-you-mean) when no team has the name."""
        return team_repositories(self.owners, self.observations, self.people, team)


def team_repositories(
    owners: Mapping[str, RepositoryOwner],
    observations: tuple[Observation, ...],
    people: Mapping[str, Identity],
    team: str,
) -> frozenset[str]:
    """The repositories of ``team``; UsageError (did-you-mean) when no team has the name."""
    from lodestar.analysis import repositories_of_team, teams

    known = sorted(teams(owners, observations, people))
    match = next((name for name in known if name.casefold() == team.casefold()), None)
    if match is None:
        folded = {k.casefold(): k for k in known}
        close = difflib.get_close_matches(team.casefold(), list(folded), n=1)
        hint = f" (did you mean {folded[close[0]]!r}?)" if close else ""
        listed = ", ".join(known[:20]) + (" …" if len(known) > 20 else "") if known else "none"
        raise UsageError(
            f"unknown team {team!r}{hint}; the teams Lodestar knows: {listed} "
            "(declare owners in CODEOWNERS, catalog-info.yaml or people.toml)"
        )
    return frozenset(repositories_of_team(owners, match))


def load_owners(engine: Engine, ws: Workspace, today: date) -> Owners:
    """Every repository's owner by the one derivation the organisation's evaluation and
    ``lodestar owners`` use (:func:`lodestar.analysis.organisation_owners`: the
    ``[repositories] owners`` setting, the presence windows, the store's people and their
    activity), loading neither the history nor the monthly snapshots."""
    from lodestar.analysis import organisation_owners, presence_windows
    from lodestar.records import OrganisationData
    from lodestar.store import known_people, load_observations, person_activity

    people = known_people(engine)
    data = OrganisationData(
        observations=tuple(load_observations(engine)),
        snapshots=(),
        runtimes=(),
        identities=people,
        activity=person_activity(engine, people),
    )
    owners = organisation_owners(
        data,
        today=today,
        overrides=ws.settings.repositories.owners,
        windows=presence_windows(ws.settings),
    )
    return Owners(owners, data.observations, data.identities)
