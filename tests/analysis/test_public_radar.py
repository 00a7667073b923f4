"""The public radar's content: the opt-in tag, movement per edition, what stays internal."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.public_radar import EditionMoves, public_radar
from lodestar.records import RadarConfig, RadarEntry, RadarMove

CONFIG = RadarConfig()
D1, D2 = dt.date(2025, 1, 1), dt.date(2025, 6, 1)
KAFKA = RadarEntry(
    "kafka", "Apache Kafka", "Platforms", "Trial", "Events.", ("Public",), owner="Chloé Dubois",
    review_by=D2, decisions=("ADR-1",),
)  # fmt: skip
GO = RadarEntry("go", "Go", "Languages & Frameworks", "Adopt", "Go.", ("public",))
SECRET = RadarEntry("secret", "Secret sauce", "Tools", "Assess", "Ours.")


def editions(*second: RadarMove) -> list[EditionMoves]:
    first = tuple(
        RadarMove(e.id, D1, "c1", ring, None, "new")
        for e, ring in ((KAFKA, "Assess"), (GO, "Trial"), (SECRET, "Assess"))
    )
    return [EditionMoves("v1", D1.isoformat(), first), EditionMoves("v2", D2.isoformat(), second)]


def test_tag_opt_in_and_movement() -> None:
    moves = (
        RadarMove("kafka", D2, "c2", "Trial", "Assess", "moved-in"),
        RadarMove("go", D2, "c2", "Hold", "Trial", "moved-out"),
        RadarMove("go", D2, "c3", "Trial", "Hold", "moved-in"),  # out and back: no change
    )
    radar = public_radar(CONFIG, [KAFKA, GO, SECRET], editions(*moves))
    assert [e.id for e in radar.entries] == ["kafka", "go"]  # "Public" matches "public"
    kafka, go = radar.entries
    assert (kafka.movement, kafka.previous_ring) == ("moved-in", "Assess")
    assert go.movement is None
    assert (kafka.owner, kafka.decisions, kafka.used_in) == (None, (), None)
    first, second = radar.editions
    assert first.first and first.new == ()  # the baseline is no news
    assert second.moved_in == ("kafka",) and second.moved_out == ()
    everything = public_radar(CONFIG, [KAFKA, GO, SECRET], editions(), tag=None)
    assert len(everything.entries) == 3 and everything.movements == {}


def test_opt_ins() -> None:
    opted = RadarEntry(**{**{f: getattr(KAFKA, f) for f in KAFKA.__slots__},  # type: ignore[arg-type]
                          "public": ("owner", "decisions", "usage")})  # fmt: skip
    radar = public_radar(
        CONFIG, [opted], editions(), decision_titles={"ADR-1": "Kafka for events"},
        usage={"kafka": 4},
    )  # fmt: skip
    (entry,) = radar.entries
    assert (entry.owner, entry.decisions, entry.used_in) == (
        "Chloé Dubois", ("Kafka for events",), 4)  # fmt: skip
