"""Activity of repositories and of the organisation on hand-built histories (no git).

The figures on a mined sample history are in tests/history/test_activity.py."""

from __future__ import annotations

from dataclasses import replace

from lodestar.analysis.activity import organisation_activity
from lodestar.records import RepoHistory

from .histories import BOT, Log, when


def _histories() -> list[RepoHistory]:
    api, web = Log("api"), Log("web")
    api.commit("ann@example.com", 0, ("a.py", 10, 0))
    api.commit(BOT, 1, ("package.json", 1, 1))
    web.commit("bob@example.com", 0, ("b.py", 5, 0))
    web.commit("ann@example.com", 300, ("c.py", 2, 2))
    web.people["ann@example.com"] = replace(web.people["ann@example.com"], team="core")
    return [api.history(), web.history()]


def test_the_organisation_sums_its_repositories() -> None:
    org = organisation_activity(_histories(), now=when(310))
    # commits are people's, bots counted apart; lines count every commit
    assert (org.commits, org.bot_commits, org.added, org.removed) == (3, 1, 18, 3)
    assert [r.repository for r in org.repositories] == ["api", "web"]
    assert org.dormant_repositories == ("api",)  # nothing for 309 days
    assert (org.first_commit, org.last_commit) == (when(0), when(300))


def test_presence_and_teams_are_judged_over_the_whole_organisation() -> None:
    org = organisation_activity(_histories(), now=when(310))
    assert org.active_people == ("ann@example.com",)
    assert org.departed_people == ("bob@example.com",)
    assert org.teams == {"core": 1}
