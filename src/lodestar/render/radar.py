"""The technology radar's layout, server-side: deterministic, stable and never crowded
(:mod:`lodestar.render.radar_draw` draws it as SVG, :mod:`lodestar.render.radar_slide` as a
slide with every name).

Layout rules:

* Quadrants split the circle into equal sectors clockwise from north, in the order of the
  workspace's :class:`~lodestar.records.RadarConfig`; rings go from the centre out (Adopt first)
  and enclose equal areas, so an outer ring is not emptier than an inner one (a band too thin
  for a row of blips makes the radar grow, like a full sector).
* Blips are discs of ``DISC_RADIUS`` (22 px across at 1:1, the number inside at 12 px) with
  room around them for a movement mark (a ring for new, a half ring on the side facing the
  centre for moved in, on the far side for moved out): ``BLIP_RADIUS`` is that footprint.
* An entry's preferred spot is derived from a hash of its id inside its (quadrant, ring) sector,
  so it stays where it was across editions unless it changes ring. Entries are placed in order
  of seniority (unmoved before moved, then ``since``, then id): an incumbent keeps its spot, a
  newcomer or a mover yields.
* When the preferred spot is taken, the entry takes the nearest free candidate point (rows
  along its band and a hexagonal grid, the footprint plus a gap apart); a sector that still
  does not fit is laid on its candidates only; when the sector is full even so, the
  whole radar grows (a larger radius for the same blip size) until every entry fits. Nothing is
  ever dropped and no two blips overlap.
* Ring names sit on the north axis; a keep-out box around each (``label_boxes``) is closed to
  blips, so no blip crowds a ring's name.

Colours come from :mod:`lodestar.render.radar_colours` (by ring meaning: Adopt green, Trial
blue, Assess amber, Hold red).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lodestar.records import RadarConfig, RadarEntry
from lodestar.render.radar_colours import ring_tone

DISC_RADIUS = 11.0  # the disc with the number
BLIP_RADIUS = 15.0  # the disc and its movement mark: what must not overlap
MARK_RADIUS = 13.5  # the movement mark's centre line
GAP = 2.0  # extra space between two footprints, on top of touching
BASE_RADIUS = 290.0
LABEL_MARGIN = 40.0  # room above and below the circle for quadrant names
SIDE_MARGIN = 160.0  # room left and right, only when a quadrant name sits beside the circle
RING_EXPONENT = 0.5  # equal areas
NUMBER_SIZE = 12.0
RING_LABEL_SIZE = 12.0
QUADRANT_LABEL_SIZE = 15.0
KEEP_OUT = 3.0  # distance between a ring name's box and the nearest footprint
MOVEMENTS = ("new", "moved-in", "moved-out")
MOVEMENT_LABEL = {"new": "new", "moved-in": "moved in", "moved-out": "moved out"}


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of the width of ``text`` in a sans-serif font (no font metrics on
    the server): 0.62 em a character, 0.66 em bold; wide characters count double."""
    em = 0.66 if bold else 0.62
    wide = sum(1 for ch in text if ord(ch) >= 0x1100)
    return (len(text) + wide) * em * size


@dataclass(frozen=True, slots=True)
class Box:
    x: float  # left
    y: float  # top
    w: float
    h: float

    def distance(self, px: float, py: float) -> float:
        """Distance from a point to the box (0 inside)."""
        dx = max(self.x - px, 0.0, px - (self.x + self.w))
        dy = max(self.y - py, 0.0, py - (self.y + self.h))
        return math.hypot(dx, dy)

    def overlaps(self, other: Box) -> bool:
        return not (
            self.x + self.w <= other.x
            or other.x + other.w <= self.x
            or self.y + self.h <= other.y
            or other.y + other.h <= self.y
        )


@dataclass(frozen=True, slots=True)
class Blip:
    id: str
    title: str
    quadrant: str
    ring: str
    quadrant_index: int
    ring_index: int
    number: int  # shown inside the blip and in the legend
    x: float
    y: float
    movement: str | None  # new | moved-in | moved-out | None
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuadrantLabel:
    text: str
    x: float  # relative to the centre
    y: float
    anchor: str  # start | middle | end
    box: Box  # relative to the centre


@dataclass(frozen=True, slots=True)
class RadarLayout:
    quadrants: tuple[str, ...]
    rings: tuple[str, ...]
    radius: float  # outer radius; the centre is at (radius + LABEL_MARGIN) on both axes
    ring_radii: tuple[float, ...]  # outer radius of each ring
    blip_radius: float  # a blip's footprint (disc and movement mark)
    blips: tuple[Blip, ...]  # in number order
    unplaced: tuple[RadarEntry, ...]  # entries whose quadrant or ring the configuration lacks
    label_boxes: tuple[Box, ...] = ()  # ring names' keep-out boxes, relative to the centre
    quadrant_labels: tuple[QuadrantLabel, ...] = ()
    side_margin: float = 0.0
    disc_radius: float = DISC_RADIUS

    @property
    def centre(self) -> float:
        return self.radius + LABEL_MARGIN

    @property
    def size(self) -> float:
        return 2 * self.centre

    def tone(self, ring_index: int) -> str:
        return ring_tone(ring_index, len(self.rings))

    def view_box(self) -> tuple[float, float, float, float]:
        return (-self.side_margin, 0.0, self.size + 2 * self.side_margin, self.size)

    def zoom_box(self, q: int) -> tuple[float, float, float, float]:
        """The part of the picture that shows quadrant ``q`` and its name (SVG coordinates)."""
        nq = len(self.quadrants)
        span = 2 * math.pi / nq
        start = -math.pi / 2 + q * span
        reach = self.radius + 6
        xs, ys = [0.0], [0.0]
        for i in range(17):
            a = start + span * i / 16
            xs.append(reach * math.cos(a))
            ys.append(reach * math.sin(a))
        label = self.quadrant_labels[q].box
        xs += [label.x, label.x + label.w]
        ys += [label.y, label.y + label.h]
        pad = 20.0  # a little of the neighbours, and the ring names on the axis
        c = self.centre
        x0, y0 = max(min(xs) - pad + c, -self.side_margin), max(min(ys) - pad + c, 0.0)
        x1 = min(max(xs) + pad + c, self.size + self.side_margin)
        y1 = min(max(ys) + pad + c, self.size)
        return (round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1))


def _unit_pair(key: str) -> tuple[float, float]:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return (
        int.from_bytes(digest[:8], "big") / 2**64,
        int.from_bytes(digest[8:16], "big") / 2**64,
    )


def _index(names: Sequence[str], value: str) -> int | None:
    for i, name in enumerate(names):
        if name == value:
            return i
    lowered = value.strip().lower()
    for i, name in enumerate(names):
        if name.lower() == lowered:
            return i
    return None


class _Sector:
    """One (quadrant, ring) cell in polar coordinates around the origin (y grows downwards)."""

    def __init__(
        self,
        q: int,
        nq: int,
        r_in: float,
        r_out: float,
        *,
        margin: float,
        keep_out: Sequence[Box],
    ) -> None:
        self.nq = nq
        self.span = 2 * math.pi / nq
        self.start = -math.pi / 2 + q * self.span
        self.r_in = r_in
        self.r_out = r_out
        self.margin = margin
        self.keep_out = keep_out

    def contains(self, x: float, y: float) -> bool:
        r = math.hypot(x, y)
        if r < self.r_in + self.margin or r > self.r_out - self.margin:
            return False
        if any(box.distance(x, y) < self.margin + KEEP_OUT for box in self.keep_out):
            return False
        if self.nq == 1:
            return True
        rel = (math.atan2(y, x) - self.start) % (2 * math.pi)
        if rel > self.span:
            return False
        # distance to each boundary ray (the rays start at the centre)
        return all(
            r * math.sin(min(angle, math.pi / 2)) >= self.margin for angle in (rel, self.span - rel)
        )

    def preferred(self, key: str) -> tuple[float, float]:
        u, v = _unit_pair(key)
        lo = self.r_in + self.margin
        hi = max(lo, self.r_out - self.margin)
        r = math.sqrt(lo * lo + v * (hi * hi - lo * lo))
        angular = math.asin(min(1.0, self.margin / r)) if r > 0 else 0.0
        if self.nq == 1:
            angular = 0.0
        usable = max(0.0, self.span - 2 * angular)
        theta = self.start + angular + u * usable
        return r * math.cos(theta), r * math.sin(theta)

    def grid(self, spacing: float) -> list[tuple[float, float]]:
        """Candidate points inside the sector: rows along the band, ``spacing`` apart and spread
        evenly over each row's usable arc, and a hexagonal grid (better near the centre)."""
        return self._rows(spacing) + self._hexagons(spacing)

    def _rows(self, spacing: float) -> list[tuple[float, float]]:
        lo = max(self.r_in + self.margin, 0.0)
        hi = self.r_out - self.margin
        if hi < lo:
            return []
        row_height = spacing * math.sqrt(3) / 2
        rows = int((hi - lo) / row_height) + 1
        radii = (
            [(lo + hi) / 2] if rows == 1 else [lo + j * (hi - lo) / (rows - 1) for j in range(rows)]
        )
        out = []
        for rho in radii:
            if rho < self.margin:
                continue
            pad = 0.0 if self.nq == 1 else math.asin(min(1.0, self.margin / rho))
            usable = (2 * math.pi if self.nq == 1 else self.span) - 2 * pad
            if usable < 0:
                continue
            step = 2 * math.asin(min(1.0, spacing / (2 * rho)))
            count = int(usable / step) + 1
            first = self.start + pad + (usable - (count - 1) * step) / 2
            for i in range(count):
                theta = first + i * step
                x, y = rho * math.cos(theta), rho * math.sin(theta)
                if self.contains(x, y):
                    out.append((x, y))
        return out

    def _hexagons(self, spacing: float) -> list[tuple[float, float]]:
        out = []
        row_height = spacing * math.sqrt(3) / 2
        rows = int(self.r_out / row_height) + 1
        cols = int(self.r_out / spacing) + 2
        for j in range(-rows, rows + 1):
            offset = spacing / 2 if j % 2 else 0.0
            y = j * row_height
            for i in range(-cols, cols + 1):
                x = i * spacing + offset
                if self.contains(x, y):
                    out.append((x, y))
        return out


def _ring_radii(radius: float, rings: int) -> tuple[float, ...]:
    return tuple(radius * ((k + 1) / rings) ** RING_EXPONENT for k in range(rings))


def _label_boxes(names: Sequence[str], radii: Sequence[float]) -> tuple[Box, ...]:
    """The ring names' boxes on the north axis, in the middle of each band (centre-relative)."""
    boxes = []
    for k, name in enumerate(names):
        inner = radii[k - 1] if k else 0.0
        mid = (inner + radii[k]) / 2
        w = text_width(name, RING_LABEL_SIZE, bold=True) + 8
        h = RING_LABEL_SIZE + 6
        boxes.append(Box(-w / 2, -mid - h / 2, w, h))
    return tuple(boxes)


def _quadrant_labels(
    names: Sequence[str], radius: float
) -> tuple[tuple[QuadrantLabel, ...], float]:
    """Quadrant names outside the circle: in the band above or below it when the sector's
    middle points up or down, beside it otherwise (then the picture gets side margins)."""
    nq = len(names)
    half = radius + LABEL_MARGIN
    labels = []
    side = False
    for q, name in enumerate(names):
        angle = -math.pi / 2 + (q + 0.5) * 2 * math.pi / nq
        cos, sin = math.cos(angle), math.sin(angle)
        w = text_width(name, QUADRANT_LABEL_SIZE, bold=True)
        h = QUADRANT_LABEL_SIZE + 4
        if abs(sin) >= 0.5:
            y = -half + LABEL_MARGIN / 2 if sin < 0 else half - LABEL_MARGIN / 2
            if cos > 0.2:
                x, anchor, left = half - 4, "end", half - 4 - w
            elif cos < -0.2:
                x, anchor, left = -half + 4, "start", -half + 4
            else:
                x, anchor, left = 0.0, "middle", -w / 2
        else:
            side = True
            y = (radius + 24) * sin
            x = (radius + 12) * (1 if cos > 0 else -1)
            anchor = "start" if cos > 0 else "end"
            left = x if cos > 0 else x - w
        labels.append(QuadrantLabel(name, x, y, anchor, Box(left, y - h / 2, w, h)))
    return tuple(labels), (SIDE_MARGIN if side else 0.0)


def _place(
    sectors: Mapping[tuple[int, int], _Sector],
    ordered: Sequence[tuple[RadarEntry, int, int]],
    blip_radius: float,
) -> dict[str, tuple[float, float]] | None:
    """Positions for every entry, or None when some sector is too small. A sector whose entries
    do not fit at their preferred spots is placed again on its grid only (scattered preferred
    spots can leave gaps too small for anyone); only when that fails too is it too small."""
    snapped: set[tuple[int, int]] = set()
    grids: dict[tuple[int, int], list[tuple[float, float]]] = {}
    while True:
        placed, failed = _attempt(sectors, ordered, blip_radius, snapped, grids)
        if failed is None:
            return placed
        if failed in snapped:
            return None
        snapped.add(failed)


def _attempt(
    sectors: Mapping[tuple[int, int], _Sector],
    ordered: Sequence[tuple[RadarEntry, int, int]],
    blip_radius: float,
    snapped: set[tuple[int, int]],
    grids: dict[tuple[int, int], list[tuple[float, float]]],
) -> tuple[dict[str, tuple[float, float]], tuple[int, int] | None]:
    spacing = 2 * blip_radius + GAP
    placed: dict[str, tuple[float, float]] = {}
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}  # spatial hash of all blips

    def free(x: float, y: float) -> bool:
        cx, cy = math.floor(x / spacing), math.floor(y / spacing)
        return all(
            math.hypot(x - px, y - py) >= spacing
            for i in (cx - 1, cx, cx + 1)
            for j in (cy - 1, cy, cy + 1)
            for px, py in cells.get((i, j), ())
        )

    for entry, q, k in ordered:
        key = (q, k)
        sector = sectors[key]
        x, y = sector.preferred(f"{entry.id}\x00{q}\x00{k}")
        if key in snapped or not (sector.contains(x, y) and free(x, y)):
            if key not in grids:
                grids[key] = sector.grid(spacing)
            px, py = x, y
            candidates = sorted(
                grids[key], key=lambda p: ((p[0] - px) ** 2 + (p[1] - py) ** 2, p[0], p[1])
            )
            spot = next((c for c in candidates if free(*c)), None)
            if spot is None:
                return placed, key
            x, y = spot
        placed[entry.id] = (x, y)
        cells.setdefault((math.floor(x / spacing), math.floor(y / spacing)), []).append((x, y))
    return placed, None


def _fit(
    nq: int, rings: tuple[str, ...], ordered: Sequence[tuple[RadarEntry, int, int]]
) -> tuple[float, tuple[float, ...], tuple[Box, ...], dict[str, tuple[float, float]]]:
    """The smallest radius (from ``BASE_RADIUS``, 5 % steps) at which every entry fits."""
    margin = BLIP_RADIUS + GAP / 2
    radius = BASE_RADIUS
    while True:
        radii = _ring_radii(radius, len(rings)) if rings else ()
        boxes = _label_boxes(rings, radii)
        sectors = {
            (q, k): _Sector(
                q,
                nq,
                radii[k - 1] if k else 0.0,
                radii[k],
                margin=margin,
                keep_out=boxes,
            )
            for q in range(nq)
            for k in range(len(rings))
        }
        positions = _place(sectors, ordered, BLIP_RADIUS) if ordered else {}
        if positions is not None:
            break
        radius *= 1.05

    return radius, radii, boxes, positions


def layout_radar(
    config: RadarConfig,
    entries: Sequence[RadarEntry],
    *,
    movements: Mapping[str, str] | None = None,
    since: Mapping[str, str] | None = None,
) -> RadarLayout:
    """Place every entry; ``movements`` maps entry id → new/moved-in/moved-out, ``since`` maps
    entry id → a sortable date string of its first appearance (seniority)."""
    movements = movements or {}
    since = since or {}
    quadrants, rings = tuple(config.quadrants), tuple(config.rings)
    known: list[tuple[RadarEntry, int, int]] = []
    unplaced: list[RadarEntry] = []
    for entry in entries:
        q, k = _index(quadrants, entry.quadrant), _index(rings, entry.ring)
        if q is None or k is None:
            unplaced.append(entry)
        else:
            known.append((entry, q, k))
    # numbering: quadrant, ring, title (the order of the legend and the entries table)
    numbered = sorted(known, key=lambda t: (t[1], t[2], t[0].title.lower(), t[0].id))
    numbers = {entry.id: n for n, (entry, _, _) in enumerate(numbered, start=1)}
    # seniority: entries that did not just move first (a mover yields to the incumbents of
    # its new ring), then by first appearance
    ordered = sorted(
        known,
        key=lambda t: (t[0].id in movements, since.get(t[0].id, "\uffff"), t[0].id),
    )

    radius, radii, boxes, positions = _fit(len(quadrants), rings, ordered)
    labels, side = _quadrant_labels(quadrants, radius)
    blips = tuple(
        Blip(
            id=entry.id,
            title=entry.title,
            quadrant=quadrants[q],
            ring=rings[k],
            quadrant_index=q,
            ring_index=k,
            number=numbers[entry.id],
            x=round(positions[entry.id][0], 2),
            y=round(positions[entry.id][1], 2),
            movement=movements.get(entry.id) if movements.get(entry.id) in MOVEMENTS else None,
            tags=entry.tags,
        )
        for entry, q, k in numbered
    )
    return RadarLayout(
        quadrants=quadrants,
        rings=rings,
        radius=radius,
        ring_radii=tuple(round(r, 2) for r in radii),
        blip_radius=BLIP_RADIUS,
        blips=blips,
        unplaced=tuple(unplaced),
        label_boxes=boxes,
        quadrant_labels=labels,
        side_margin=side,
    )
