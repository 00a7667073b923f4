"""Delivery cadence on a hand-built history: releases, lead time by ancestry, fix signal.

Days count from Monday 2025-01-06 10:00 UTC (day 25 is 2025-01-31, day 26 is 2025-02-01).
"""

from __future__ import annotations

import pytest
from tests.analysis.histories import Log, when

from lodestar.analysis.delivery import delivery, percentile

ALICE = "alice@example.com"
BOB = "bob@example.com"


def _log() -> Log:
    log = Log()
    log.commit(ALICE, 0, "a.py", subject="Initial import")  # 1
    c2 = log.commit(BOB, 1, "b.py", subject="Add b")  # 2
    c3 = log.commit(ALICE, 2, "a.py", subject="Add y")  # 3
    log.tag("v1.0.0", c3, 3)
    log.tag("1.0.0", c3, 3, hour=1)  # same commit: the same release
    # A branch from commit 2, authored before v1.0.0 but not contained in it.
    side = log.commit(BOB, 2, "c.py", subject="Branch work", hour=12, parents=[c2])  # 4
    log.commit(BOB, 10, "b.py", subject="Fix z", parents=[c3])  # 5
    log.commit(ALICE, 12, "a.py", subject='Revert "Add y"')  # 6
    c7 = log.commit(ALICE, 14, "a.py", subject="Main work")  # 7
    merge = log.commit(ALICE, 15, subject="Merge branch 'side'", parents=[c7, side])  # 8
    log.tag("v1.1.0", merge, 20)
    c9 = log.commit(ALICE, 30, "a.py", subject="Hotfix: crash on empty cart")  # 9
    log.tag("v1.1.1", c9, 31)
    c10 = log.commit(BOB, 40, "b.py", subject="Unreleased work")  # 10
    log.tag("v2.0.0-rc.1", c10, 41)  # a pre-release: not a release by default
    log.tag("nightly", c10, 41)
    return log


def test_releases_lead_time_and_failure_signal() -> None:
    d = delivery(_log().history())
    # v1.0.0 (day 3) ships commits 1-3: 3, 2, 1 days -> median 2.
    # v1.1.0 (day 20) ships 5 (10 d), 6 (8 d), 4 (17.5 d, reached through the merge), 7 (6 d);
    #   the merge itself is not a change -> median (8 + 10) / 2 = 9; one revert.
    # v1.1.1 (day 31) ships the hotfix 9 (1 d).
    assert [(r.tag, r.changes, r.lead_median_days, r.fixes) for r in d.releases] == [
        ("v1.0.0", 3, 2.0, 0),
        ("v1.1.0", 4, 9.0, 1),
        ("v1.1.1", 1, 1.0, 1),
    ]
    assert d.releases[1].date == when(20)
    # All: [1, 1, 2, 3, 6, 8, 10, 17.5] -> median 4.5, p90 = 8th of 8 (ceil 7.2) = 17.5.
    assert d.lead_median_days == 4.5
    assert d.lead_p90_days == 17.5
    assert (d.released_changes, d.unreleased_changes) == (8, 1)
    assert d.oldest_unreleased == when(40)
    # v1.0.0 and v1.1.0 are each followed by a release that ships a fix: 2 of 2.
    assert (d.reverts, d.hotfixes) == (1, 1)
    assert d.releases_followed_by_fix == 2
    assert d.change_failure_signal == 1.0
    # Months January and February 2025: three releases over two months.
    assert d.releases_per_month == 1.5
    jan, feb = d.months
    # January lead times [3, 2, 1, 10, 8, 17.5, 6]: median 6, p90 = 7th of 7 = 17.5.
    assert (jan.month, jan.releases, jan.changes, jan.lead_median_days, jan.lead_p90_days) == (
        "2025-01",
        2,
        7,
        6.0,
        17.5,
    )
    assert (jan.commits, jan.reverts, jan.hotfixes) == (7, 1, 0)
    assert (feb.month, feb.releases, feb.lead_median_days, feb.commits, feb.hotfixes) == (
        "2025-02",
        1,
        1.0,
        2,
        1,
    )


def test_tag_pattern_is_configurable() -> None:
    d = delivery(_log().history(), tag_pattern=r"^v\d+\.\d+\.\d+(-rc\.\d+)?$")
    assert [r.tag for r in d.releases] == ["v1.0.0", "v1.1.0", "v1.1.1", "v2.0.0-rc.1"]
    assert d.unreleased_changes == 0
    assert d.releases[-1].lead_median_days == 1.0
    none = delivery(_log().history(), tag_pattern=r"^release-")
    assert none.releases == ()
    assert none.lead_median_days is None
    assert none.change_failure_signal is None
    assert none.unreleased_changes == 9


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([], 0.9, None),
        ([5.0], 0.9, 5.0),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9),
        ([3, 1, 2], 0.5, 2),
    ],
)
def test_nearest_rank_percentile(values: list[float], share: float, expected: float | None) -> None:
    assert percentile(values, share) == expected


def test_default_tag_pattern() -> None:
    log = Log()
    sha = log.commit(ALICE, 0, "a.py")
    names = ["v1.2", "2.0.1", "api-v1.2.3", "pkg@1.2.3", "v1.2.3-beta.1", "latest", "V3.1.0"]
    for i, name in enumerate(names):
        log.tag(name, sha if i == 0 else "f" * 39 + str(i), i)  # one release per commit
    d = delivery(log.history())
    assert sorted(r.tag for r in d.releases) == [
        "2.0.1",
        "V3.1.0",
        "api-v1.2.3",
        "pkg@1.2.3",
        "v1.2",
    ]


def test_two_versions_tagged_on_one_commit_are_two_releases() -> None:
    # gin-gonic/gin tagged v1.7.4 and v1.7.6 on one commit; v1.7.6 and 1.7.6 spell one version
    log = Log()
    first = log.commit(ALICE, 0, "a.py")
    log.tag("v1.7.3", first, 1)
    sha = log.commit(ALICE, 2, "a.py")
    log.tag("v1.7.4", sha, 3)
    log.tag("v1.7.6", sha, 5)
    log.tag("1.7.6", sha, 6)
    d = delivery(log.history())
    assert [(r.tag, r.changes) for r in d.releases] == [("v1.7.3", 1), ("v1.7.4", 1), ("v1.7.6", 0)]
    assert d.releases_per_month == 3.0
