"""The radar as the Backstage tech-radar plugin reads it (``TechRadarLoaderResponse``).

The plugin (``@backstage-community/plugin-tech-radar``, types in
``plugin-tech-radar-common``) loads one JSON document::

    {"quadrants": [{"id", "name"}],
     "rings": [{"id", "name", "color", "description"?}],
     "entries": [{"id", "key", "title", "quadrant", "url"?, "description"?,
                  "links"?: [{"url", "title"}],
                  "timeline": [{"moved"?, "ringId", "date", "description"?}]}]}

* **Quadrants and rings** are the workspace radar's, in its order (rings from Adopt out); their
  ids are slugs of their names (``Languages & Frameworks`` → ``languages-and-frameworks``).
  Ring colours are the ones Backstage's own sample radar uses (Adopt ``#5BA300``, Trial
  ``#009EB0``, Assess ``#C7BA00``, Hold ``#E09B96``); a ring with another name takes the colour
  of its position.
* **The timeline** is the entry's ring history read from the workspace's git history
  (:func:`lodestar.strategy.radar_history`), **newest first** (the plugin draws
  ``timeline[0]``): one item per move, ``moved`` = 1 when it moved in (towards Adopt), -1 when
  it moved out, 0 when it was new. When the committed history does not end in the entry's
  current ring (an uncommitted edit, or a workspace outside git) the current ring comes first,
  dated ``today``, compared with the last committed ring. A move into a ring the radar no
  longer has is left out: the plugin could not draw it.
* ``links`` holds the entry's cockpit page when a ``link`` function is given.

Text (titles, descriptions) is data: it is written with :func:`json.dumps`, never pasted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from lodestar.records import RadarEntry, RadarMove, Strategy
from lodestar.strategy.writing import slugify

__all__ = ["BACKSTAGE_RING_COLOURS", "backstage_radar", "export_backstage"]

# Backstage's sample radar (plugins/tech-radar/src/sample.ts), by ring name and by position.
BACKSTAGE_RING_COLOURS = {
    "adopt": "#5BA300",
    "trial": "#009EB0",
    "assess": "#C7BA00",
    "hold": "#E09B96",
}
_BY_POSITION = tuple(BACKSTAGE_RING_COLOURS.values())

_MOVED = {"moved-in": 1, "moved-out": -1, "new": 0}
_VERB = {"moved-in": "Moved in", "moved-out": "Moved out", "new": "New"}


def _ring_colour(name: str, index: int) -> str:
    return BACKSTAGE_RING_COLOURS.get(name.strip().lower(), _BY_POSITION[index % 4])


def _snapshot(move: RadarMove, ring_ids: dict[str, str], edition: str | None) -> dict[str, Any]:
    before = f"{move.previous_ring} → " if move.previous_ring else ""
    where = f" (edition {edition})" if edition else ""
    return {
        "moved": _MOVED.get(move.kind, 0),
        "ringId": ring_ids[move.ring],
        "date": move.date.isoformat(),
        "description": f"{_VERB.get(move.kind, move.kind)}: {before}{move.ring}{where}",
    }


def _direction(previous: str | None, ring: str, order: dict[str, int]) -> int:
    if previous is None or previous not in order or ring not in order:
        return 0
    return (order[ring] < order[previous]) - (order[ring] > order[previous])


def _timeline(
    entry: RadarEntry,
    moves: list[RadarMove],
    ring_ids: dict[str, str],
    editions: dict[str, str],
    today: dt.date,
) -> list[dict[str, Any]]:
    """Newest first; always at least one item, the first in the entry's current ring."""
    order = {ring: i for i, ring in enumerate(ring_ids)}
    kept = [m for m in moves if m.ring in ring_ids]
    items = [_snapshot(m, ring_ids, editions.get(m.commit)) for m in reversed(kept)]
    committed = kept[-1].ring if kept else None
    if committed != entry.ring:
        moved = _direction(committed, entry.ring, order)
        text = (
            f"{'Moved in' if moved > 0 else 'Moved out'}: {committed} → {entry.ring} (not yet "
            "committed)"
            if moved
            else f"In {entry.ring} (no committed history of this ring)"
        )
        items.insert(
            0,
            {
                "moved": moved,
                "ringId": ring_ids[entry.ring],
                "date": today.isoformat(),
                "description": text,
            },
        )
    return items


def backstage_radar(
    strategy: Strategy,
    moves: Iterable[RadarMove] = (),
    *,
    today: dt.date,
    editions: dict[str, str] | None = None,
    link: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """The radar as a ``TechRadarLoaderResponse`` (a JSON-ready dict).

    ``moves`` is the ring history, oldest first; ``editions`` maps a move's commit to the name
    of its edition (:func:`lodestar.strategy.history.edition_of`), named in the timeline's
    descriptions; ``link(entry_id)`` gives an entry's cockpit page.
    """
    quadrant_ids = {q: slugify(q) for q in strategy.radar.quadrants}
    ring_ids = {r: slugify(r) for r in strategy.radar.rings}
    by_entry: dict[str, list[RadarMove]] = {}
    for move in moves:
        by_entry.setdefault(move.entry, []).append(move)
    order = {q: i for i, q in enumerate(strategy.radar.quadrants)}
    rings = {r: i for i, r in enumerate(strategy.radar.rings)}
    entries = []
    for e in sorted(
        strategy.entries,
        key=lambda e: (order.get(e.quadrant, 99), rings.get(e.ring, 99), e.title.lower()),
    ):
        item: dict[str, Any] = {
            "id": e.id,
            "key": e.id,
            "title": e.title,
            "quadrant": quadrant_ids[e.quadrant],
            "timeline": _timeline(e, by_entry.get(e.id, []), ring_ids, editions or {}, today),
        }
        if e.description:
            item["description"] = e.description
        if link is not None:
            item["links"] = [{"url": link(e.id), "title": "Lodestar cockpit"}]
        entries.append(item)
    return {
        "quadrants": [{"id": quadrant_ids[q], "name": q} for q in strategy.radar.quadrants],
        "rings": [
            {"id": ring_ids[r], "name": r, "color": _ring_colour(r, i)}
            for i, r in enumerate(strategy.radar.rings)
        ],
        "entries": entries,
    }


def export_backstage(
    strategy: Strategy,
    moves: Iterable[RadarMove] = (),
    *,
    today: dt.date,
    editions: dict[str, str] | None = None,
    link: Callable[[str], str] | None = None,
) -> str:
    """:func:`backstage_radar` as JSON text (UTF-8, indented, one trailing newline)."""
    data = backstage_radar(strategy, moves, today=today, editions=editions, link=link)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
