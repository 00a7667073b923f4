"""Whether a person is still around: active, quiet or departed, from commits alone.

A person's *last commit* is their latest authored commit in any repository of the organisation
(bots are not people and get no presence). Against a reference moment ``now``:

* **active**: the last commit is at most ``active_days`` (default 90) old;
* **departed**: the last commit is more than ``departed_days`` (default 180) old;
* **quiet**: in between (still counted as present by the knowledge-risk figures).

What it cannot see: people who review, design or operate without committing, and people who left
last week (they stay "active" until ``active_days`` have passed). The workspace ``[history]``
settings ``active_days`` and ``departed_days`` change the two windows when they exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from lodestar.records import RepoHistory

__all__ = [
    "ACTIVE_DAYS",
    "DEPARTED_DAYS",
    "Presence",
    "last_commits",
    "presence",
    "presence_windows",
    "presences",
]

ACTIVE_DAYS = 90
DEPARTED_DAYS = 180


class Presence(StrEnum):
    ACTIVE = "active"
    QUIET = "quiet"
    DEPARTED = "departed"


def last_commits(histories: Iterable[RepoHistory]) -> dict[str, dt.datetime]:
    """Each person's latest authored commit over every repository (bots left out)."""
    last: dict[str, dt.datetime] = {}
    for history in histories:
        bots = {key for key, identity in history.people.items() if identity.bot}
        for commit in history.commits:
            key = commit.author_email
            if key in bots:
                continue
            seen = last.get(key)
            if seen is None or commit.authored_at > seen:
                last[key] = commit.authored_at
    return last


def presence(
    last: dt.datetime | None,
    now: dt.datetime,
    *,
    active_days: int = ACTIVE_DAYS,
    departed_days: int = DEPARTED_DAYS,
) -> Presence:
    """The presence of someone whose last commit was at ``last`` (None: never committed)."""
    if last is None:
        return Presence.DEPARTED
    age = now - last
    if age <= dt.timedelta(days=active_days):
        return Presence.ACTIVE
    if age > dt.timedelta(days=departed_days):
        return Presence.DEPARTED
    return Presence.QUIET


def presences(
    last: Mapping[str, dt.datetime],
    now: dt.datetime,
    *,
    active_days: int = ACTIVE_DAYS,
    departed_days: int = DEPARTED_DAYS,
) -> dict[str, Presence]:
    """:func:`presence` for every person of ``last``."""
    return {
        key: presence(when, now, active_days=active_days, departed_days=departed_days)
        for key, when in last.items()
    }


def presence_windows(settings: Any) -> tuple[int, int]:
    """(active_days, departed_days) from workspace settings with a ``history`` section, if any."""
    section = getattr(settings, "history", None)
    active = getattr(section, "active_days", ACTIVE_DAYS)
    departed = getattr(section, "departed_days", DEPARTED_DAYS)
    return int(active), int(departed)
