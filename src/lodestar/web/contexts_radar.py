"""What the radar page shows beside the picture: the legend (every entry's number and name,
per quadrant and ring, on the side of the picture where its quadrant is), the card a blip shows
on hover and focus, and the where-used count of each entry.

The where-used count is :func:`entry_uses` - the very list the entry's page shows - so the radar
table, the card and the entry page agree (tests/web/test_parity.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lodestar.analysis import Use, where_used
from lodestar.records import RadarEntry, RadarMove
from lodestar.render import RadarLayout
from lodestar.render.radar import MOVEMENT_LABEL
from lodestar.render.radar_colours import tone_index
from lodestar.render.radar_slide import column_order
from lodestar.web.cockpit import Cockpit


def entry_uses(cockpit: Cockpit, entry: RadarEntry) -> tuple[Use, ...]:
    """Where ``entry`` is used (its matchers against the latest observations), once a cockpit."""
    return cockpit.derived(
        f"where-used:{entry.id}",
        lambda: tuple(
            where_used(
                cockpit.observations(),
                entry.matchers,
                cockpit.technologies(),
                cockpit.package_index(),
            )
        ),
    )


def used_in(cockpit: Cockpit, entry: RadarEntry) -> int:
    """How many repositories use ``entry``."""
    return len({u.repository for u in entry_uses(cockpit, entry)})


@dataclass(frozen=True, slots=True)
class LegendItem:
    number: int
    id: str
    title: str
    movement: str | None


@dataclass(frozen=True, slots=True)
class LegendRing:
    name: str
    tone: int  # the stylesheet's rc-N colour
    items: tuple[LegendItem, ...]


@dataclass(frozen=True, slots=True)
class LegendQuadrant:
    index: int
    name: str
    rings: tuple[LegendRing, ...]  # only the rings with entries
    count: int


@dataclass(frozen=True, slots=True)
class RadarLegend:
    left: tuple[LegendQuadrant, ...]  # top to bottom
    right: tuple[LegendQuadrant, ...]


def radar_legend(layout: RadarLayout) -> RadarLegend:
    """Per quadrant, per ring, the entries in number order; quadrants on their picture's side."""

    def quadrant(q: int) -> LegendQuadrant:
        rings = []
        for k, ring in enumerate(layout.rings):
            items = tuple(
                LegendItem(b.number, b.id, b.title, b.movement)
                for b in layout.blips
                if b.quadrant_index == q and b.ring_index == k
            )
            if items:
                rings.append(LegendRing(ring, tone_index(layout.tone(k)), items))
        count = sum(len(r.items) for r in rings)
        return LegendQuadrant(q, layout.quadrants[q], tuple(rings), count)

    return RadarLegend(
        left=tuple(quadrant(q) for q in column_order(layout, "left")),
        right=tuple(quadrant(q) for q in column_order(layout, "right")),
    )


@dataclass(frozen=True, slots=True)
class RadarCard:
    """What a blip's card says (the page's script writes it; every value is text)."""

    number: int
    title: str
    quadrant: str
    ring: str
    movement: str  # "" | "new" | "moved in (from Assess, 2026-10-02)" | ...
    owner: str
    used_in: int
    decisions: tuple[str, ...]  # titles of the decisions the entry cites


def _movement(kind: str | None, move: RadarMove | None) -> str:
    if not kind:
        return ""
    text = MOVEMENT_LABEL.get(kind, kind)
    if move is None:
        return text
    detail = [f"from {move.previous_ring}"] if move.previous_ring and kind != "new" else []
    detail.append(move.date.isoformat())
    return f"{text} ({', '.join(detail)})"


def radar_cards(
    cockpit: Cockpit,
    layout: RadarLayout,
    entries: Sequence[RadarEntry],
    latest: dict[str, RadarMove],
) -> dict[str, RadarCard]:
    """Entry id → its card."""
    by_id = {e.id: e for e in entries}
    strategy = cockpit.strategy
    titles = {d.id: d.title for d in strategy.decisions} if strategy else {}
    return {
        b.id: RadarCard(
            number=b.number,
            title=b.title,
            quadrant=b.quadrant,
            ring=b.ring,
            movement=_movement(b.movement, latest.get(b.id)),
            owner=by_id[b.id].owner or "",
            used_in=used_in(cockpit, by_id[b.id]),
            decisions=tuple(
                titles.get(d, f"{d} (no such decision)") for d in by_id[b.id].decisions
            ),
        )
        for b in layout.blips
    }


def review_overdue(entry: RadarEntry, today: dt.date) -> bool:
    return bool(entry.review_by and entry.review_by < today)
