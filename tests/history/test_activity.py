"""Activity figures on the hand-built sample history (values worked out by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lodestar.analysis.activity import organisation_activity, repository_activity
from lodestar.demo.factory import Commit, build_repository
from lodestar.ingest import mine_repository, refresh_people
from lodestar.records import RepoHistory, RepositoryRef
from lodestar.scan.people import PersonAlias
from lodestar.store.db import open_engine
from lodestar.store.history import organisation_history, repository_history

from .histories import ALICE, build_sample, day

CAROL = PersonAlias(
    "carol@example.com", "Carol Jones", ("carol@example.com", "carol@personal.example"), (), "web"
)


def _now(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def histories(tmp_path_factory: pytest.TempPathFactory) -> list[RepoHistory]:
    root: Path = tmp_path_factory.mktemp("activity")
    build_sample(root / "sample")
    build_repository(
        root / "other",
        [Commit(ALICE, day(8, 20), "later work", files={"x.go": "package x\n"})],
    )
    engine = open_engine(f"sqlite:///{root / 'db.sqlite'}")
    for name in ("sample", "other"):
        mine_repository(engine, RepositoryRef(name, str(root / name)))
    refresh_people(engine, [CAROL])
    out = organisation_history(engine)
    assert repository_history(engine, "sample") in out
    engine.dispose()
    return out


def test_repository_activity(histories: list[RepoHistory]) -> None:
    sample = next(h for h in histories if h.repository == "sample")
    act = repository_activity(sample, now=_now(2025, 6, 15))
    # c1 Alice +4, c2 Bob +2, c3 Alice +1 -1, merge, c5 Bob rename, c6 bot +1, c7 Carol +2
    assert (act.commits, act.merges, act.bot_commits) == (5, 1, 1)
    assert (act.added, act.removed) == (10, 1)
    assert (act.people, act.active_contributors) == (3, 1)  # only Carol within 90 days
    assert act.bots == ("dependabot[bot]",)
    assert act.tags == 2
    assert act.first_commit == dt.datetime(2025, 1, 10, 10, tzinfo=dt.UTC)
    assert act.last_commit == dt.datetime(2025, 4, 2, 8, tzinfo=dt.UTC)
    assert not act.dormant
    months = [
        (m.month.month, m.commits, m.merges, m.bot_commits, m.authors, m.added, m.removed)
        for m in act.months
    ]
    assert months == [
        (1, 2, 0, 0, 2, 6, 0),
        (2, 1, 1, 0, 1, 1, 1),
        (3, 1, 0, 1, 1, 1, 0),
        (4, 1, 0, 0, 1, 2, 0),
    ]
    top = [(c.key, c.commits, c.added, c.removed) for c in act.top_contributors]
    assert top == [
        ("alice@example.com", 2, 5, 1),
        ("bob@example.com", 2, 2, 0),
        ("carol@example.com", 1, 2, 0),
    ]
    assert act.top_contributors[2].team == "web"
    assert repository_activity(sample, now=_now(2026, 1, 1)).dormant


def test_organisation_activity(histories: list[RepoHistory]) -> None:
    org = organisation_activity(histories, now=_now(2025, 9, 1))
    assert [r.repository for r in org.repositories] == ["other", "sample"]
    assert (org.commits, org.bot_commits, org.merges) == (6, 1, 1)
    # active within 90 days of Sept 1 (since June 3): Alice (Aug 20 in "other") only;
    # departed after 180 days (before March 5): Bob (last commit March 1)
    assert org.active_people == ("alice@example.com",)
    assert org.departed_people == ("bob@example.com",)
    assert org.dormant_repositories == ()  # sample's last commit (Apr 2) is 152 days old
    alice = next(p for p in org.people if p.key == "alice@example.com")
    assert alice.repositories == ("other", "sample")
    assert alice.commits == 3
    sample = next(r for r in org.repositories if r.repository == "sample")
    # within the sample repository Alice is inactive, but not departed: she works elsewhere
    alice_here = next(c for c in sample.top_contributors if c.key == "alice@example.com")
    assert (alice_here.active, alice_here.departed) == (False, False)
    assert org.months[0].month == dt.date(2025, 1, 1)
    assert len(org.months) == 8  # January to August, gaps filled
    assert sum(m.commits for m in org.months) == 6
    assert org.teams == {}  # Carol (team web) is not active on Sept 1
