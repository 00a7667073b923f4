"""Ring moves as the radar page and the verdict read them: the first edition is the baseline."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.radar_moves import edition_moves, latest_moves
from lodestar.records import RadarMove

FIRST, SECOND = "a" * 40, "b" * 40
DAY = dt.date(2026, 3, 1)


def _moves() -> tuple[RadarMove, ...]:
    later = DAY + dt.timedelta(days=30)
    return (
        RadarMove("python", DAY, FIRST, "Adopt", None, "new"),
        RadarMove("tox", DAY, FIRST, "Trial", None, "new"),
        RadarMove("nox", later, SECOND, "Trial", None, "new"),
        RadarMove("tox", later, SECOND, "Hold", "Trial", "moved-out"),
    )


def test_the_first_edition_is_the_baseline_not_news() -> None:
    kept = edition_moves(_moves())
    assert [(m.entry, m.kind) for m in kept] == [("nox", "new"), ("tox", "moved-out")]
    assert edition_moves(_moves()[:2]) == ()  # a one-edition radar has no news
    assert edition_moves(None) == edition_moves(()) == ()


def test_latest_move_per_entry_keeps_the_history_order_within_a_day() -> None:
    same_day = (
        RadarMove("kafka", DAY, "f" * 40, "Assess", None, "new"),
        RadarMove("kafka", DAY, "0" * 40, "Trial", "Assess", "moved-in"),
    )
    assert latest_moves(same_day)["kafka"].ring == "Trial"  # not the hash order
    assert latest_moves(edition_moves(_moves()))["tox"].kind == "moved-out"
