"""Who is active, quiet or departed: their last commit anywhere in the organisation."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from lodestar.analysis.presence import (
    Presence,
    last_commits,
    presence,
    presence_windows,
    presences,
)

from .histories import BOT, Log, when


def test_the_last_commit_over_every_repository_bots_left_out() -> None:
    api, web = Log("api"), Log("web")
    api.commit("ann@example.com", 0, "a.py")
    web.commit("ann@example.com", 10, "b.py")
    web.commit(BOT, 20, "package.json")
    assert last_commits([api.history(), web.history()]) == {"ann@example.com": when(10)}


def test_presence_windows() -> None:
    now = dt.datetime(2025, 12, 31, tzinfo=dt.UTC)
    assert presence(now - dt.timedelta(days=90), now) == Presence.ACTIVE
    assert presence(now - dt.timedelta(days=100), now) == Presence.QUIET
    assert presence(now - dt.timedelta(days=181), now) == Presence.DEPARTED
    assert presence(None, now) == Presence.DEPARTED
    last = {"ann": now - dt.timedelta(days=20)}
    assert presences(last, now, active_days=10, departed_days=15) == {"ann": Presence.DEPARTED}


def test_windows_from_settings_or_defaults() -> None:
    assert presence_windows(object()) == (90, 180)
    settings = SimpleNamespace(history=SimpleNamespace(active_days=30, departed_days=60))
    assert presence_windows(settings) == (30, 60)
