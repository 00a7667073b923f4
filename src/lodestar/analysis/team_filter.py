"""Which repositories a team owns: the one filter behind every ``--team`` and ``?team=``.

The CLI's ``--team`` options and the cockpit's team filter both call
:func:`repositories_of_team`, so a team's repositories (and every count over them) are the same
in every view. A repository belongs to the team its declared owner is or belongs to
(:attr:`lodestar.records.owners.RepositoryOwner.team`, resolved by
:mod:`lodestar.analysis.ownership`). The observed owners' teams are not used: they depend on how
much history the caller loaded (the cockpit loads the knowledge figures, ``check`` only the
activity), and the filter must give one answer. Team names are compared without regard to
case, as GitHub and Backstage compare them.
"""

from __future__ import annotations

from collections.abc import Mapping

from lodestar.records.owners import RepositoryOwner

__all__ = ["repositories_of_team"]


def repositories_of_team(owners: Mapping[str, RepositoryOwner], team: str) -> tuple[str, ...]:
    """The repositories whose declared owner's team is ``team`` (any case), sorted by name."""
    wanted = team.strip().casefold()
    if not wanted:
        return ()
    return tuple(
        sorted(
            (name for name, owner in owners.items() if (owner.team or "").casefold() == wanted),
            key=lambda name: (name.casefold(), name),
        )
    )
