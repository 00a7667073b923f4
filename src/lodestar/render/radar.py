"""The technology radar drawn as SVG, server-side: deterministic, stable and never crowded.

Layout rules:

* Quadrants split the circle into equal sectors clockwise from north, in the order of the
  workspace's :class:`~lodestar.records.RadarConfig`; rings go from the centre out (Adopt first)
  and enclose equal areas, so an outer ring is not emptier than an inner one.
* An entry's preferred spot is derived from a hash of its id inside its (quadrant, ring) sector,
  so it stays where it was across editions unless it changes ring. Entries are placed in order
  of seniority (``since``, then id): an incumbent keeps its spot, a newcomer yields.
* When the preferred spot is taken, the entry takes the nearest free point of a hexagonal grid
  over its sector whose spacing is the blip diameter plus a gap; when the sector is full, the
  whole radar grows (a larger radius for the same blip size) until every entry fits. Nothing is
  ever dropped and no two blips overlap.

The SVG carries presentation attributes for a light theme; the cockpit's stylesheet overrides
them through the classes (dark theme, filtering, focus). Every blip is a link with an accessible
name and a ``<title>``; the markup has no scripts and no inline styles (the cockpit's CSP).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from lodestar.records import RadarConfig, RadarEntry

BLIP_RADIUS = 10.0
GAP = 2.0  # extra space between two blips, on top of touching
BASE_RADIUS = 380.0
LABEL_MARGIN = 70.0
SIDE_MARGIN = 150.0  # extra room left and right for quadrant names
MOVEMENTS = ("new", "moved-in", "moved-out")

# Quadrant colours (light theme); the stylesheet redefines them for the dark theme.
PALETTE = ("#1b7f79", "#5b4fc4", "#c2571a", "#b3245c", "#3d7d2c", "#2a62b8", "#8a6d00", "#6b6b6b")


@dataclass(frozen=True, slots=True)
class Blip:
    id: str
    title: str
    quadrant: str
    ring: str
    quadrant_index: int
    ring_index: int
    number: int  # shown inside the blip and in the entries table
    x: float
    y: float
    movement: str | None  # new | moved-in | moved-out | None
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RadarLayout:
    quadrants: tuple[str, ...]
    rings: tuple[str, ...]
    radius: float  # outer radius; the centre is at (radius + LABEL_MARGIN) on both axes
    ring_radii: tuple[float, ...]  # outer radius of each ring
    blip_radius: float
    blips: tuple[Blip, ...]  # in number order
    unplaced: tuple[RadarEntry, ...]  # entries whose quadrant or ring the configuration lacks

    @property
    def centre(self) -> float:
        return self.radius + LABEL_MARGIN

    @property
    def size(self) -> float:
        return 2 * self.centre


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

    def __init__(self, q: int, nq: int, r_in: float, r_out: float, margin: float) -> None:
        self.nq = nq
        self.span = 2 * math.pi / nq
        self.start = -math.pi / 2 + q * self.span
        self.r_in = r_in
        self.r_out = r_out
        self.margin = margin

    def contains(self, x: float, y: float) -> bool:
        r = math.hypot(x, y)
        if r < self.r_in + self.margin or r > self.r_out - self.margin:
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
        """Hexagonal grid points (anchored at the centre) that lie inside the sector."""
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
    return tuple(radius * math.sqrt((k + 1) / rings) for k in range(rings))


def _place(
    sectors: Mapping[tuple[int, int], _Sector],
    ordered: Sequence[tuple[RadarEntry, int, int]],
    blip_radius: float,
) -> dict[str, tuple[float, float]] | None:
    """Positions for every entry, or None when some sector is too small."""
    spacing = 2 * blip_radius + GAP
    placed: dict[str, tuple[float, float]] = {}
    cells: dict[tuple[int, int], list[tuple[float, float]]] = {}  # spatial hash of all blips
    grids: dict[tuple[int, int], list[tuple[float, float]]] = {}

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
        if not (sector.contains(x, y) and free(x, y)):
            if key not in grids:
                grids[key] = sector.grid(spacing)
            px, py = x, y
            candidates = sorted(
                grids[key], key=lambda p: ((p[0] - px) ** 2 + (p[1] - py) ** 2, p[0], p[1])
            )
            spot = next((c for c in candidates if free(*c)), None)
            if spot is None:
                return None
            x, y = spot
        placed[entry.id] = (x, y)
        cells.setdefault((math.floor(x / spacing), math.floor(y / spacing)), []).append((x, y))
    return placed


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
    # numbering: quadrant, ring, title (the order of the entries table)
    numbered = sorted(known, key=lambda t: (t[1], t[2], t[0].title.lower(), t[0].id))
    numbers = {entry.id: n for n, (entry, _, _) in enumerate(numbered, start=1)}
    ordered = sorted(known, key=lambda t: (since.get(t[0].id, "\uffff"), t[0].id))

    margin = BLIP_RADIUS + GAP / 2
    radius = BASE_RADIUS
    while True:
        radii = _ring_radii(radius, len(rings)) if rings else ()
        sectors = {
            (q, k): _Sector(q, len(quadrants), radii[k - 1] if k else 0.0, radii[k], margin)
            for q in range(len(quadrants))
            for k in range(len(rings))
        }
        positions = _place(sectors, ordered, BLIP_RADIUS) if known else {}
        if positions is not None:
            break
        radius *= 1.2

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
    )


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _marker(blip: Blip, cx: float, cy: float, r: float, colour: str) -> str:
    x, y = cx + blip.x, cy + blip.y
    if blip.movement == "moved-in":  # triangle pointing to the centre
        angle = math.atan2(-blip.y, -blip.x)
        return _triangle(x, y, r, angle, colour)
    if blip.movement == "moved-out":  # triangle pointing outwards
        angle = math.atan2(blip.y, blip.x)
        return _triangle(x, y, r, angle, colour)
    shape = (
        f'<circle class="blip-shape" cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r)}" fill="{colour}"/>'
    )
    if blip.movement == "new":
        shape += (
            f'<circle class="blip-new" cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r - 1.5)}" '
            f'fill="none" stroke="#ffffff" stroke-width="1.5"/>'
        )
    return shape


def _triangle(x: float, y: float, r: float, angle: float, colour: str) -> str:
    points = " ".join(
        f"{_fmt(x + r * math.cos(angle + a))},{_fmt(y + r * math.sin(angle + a))}"
        for a in (0.0, 2 * math.pi / 3, 4 * math.pi / 3)
    )
    return f'<polygon class="blip-shape" points="{points}" fill="{colour}"/>'


MOVEMENT_LABEL = {"new": "new", "moved-in": "moved in", "moved-out": "moved out"}


def radar_svg(
    layout: RadarLayout,
    *,
    href: Callable[[str], str],
    title: str = "Technology radar",
) -> str:
    """The radar as a standalone SVG element (no scripts, no style attributes)."""
    c = layout.centre
    size = layout.size
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="{-SIDE_MARGIN:g} 0 '
            f'{_fmt(size + 2 * SIDE_MARGIN)} {_fmt(size)}" role="group" '
            f'aria-labelledby="radar-title" data-rings="'
            f'{escape("|".join(layout.rings))}" '
            f'data-quadrants="{escape("|".join(layout.quadrants))}">'
        ),
        f'<title id="radar-title">{escape(title)}</title>',
    ]
    # rings, outer first so inner discs paint over them
    for k in reversed(range(len(layout.rings))):
        r = layout.ring_radii[k]
        shade = ("#eef1f4", "#e3e7ec", "#d8dde3", "#ced4db")[k % 4]
        parts.append(
            f'<circle class="ring ring-{k}" cx="{_fmt(c)}" cy="{_fmt(c)}" r="{_fmt(r)}" '
            f'fill="{shade}" stroke="#ffffff" stroke-width="2"/>'
        )
    nq = len(layout.quadrants)
    if nq > 1:
        for q in range(nq):
            angle = -math.pi / 2 + q * 2 * math.pi / nq
            x2 = c + layout.radius * math.cos(angle)
            y2 = c + layout.radius * math.sin(angle)
            parts.append(
                f'<line class="axis" x1="{_fmt(c)}" y1="{_fmt(c)}" x2="{_fmt(x2)}" '
                f'y2="{_fmt(y2)}" stroke="#ffffff" stroke-width="3"/>'
            )
    # ring names along the north axis, in the middle of each band
    for k, name in enumerate(layout.rings):
        inner = layout.ring_radii[k - 1] if k else 0.0
        mid = (inner + layout.ring_radii[k]) / 2
        parts.append(
            f'<text class="ring-label" x="{_fmt(c)}" y="{_fmt(c - mid)}" text-anchor="middle" '
            f'dominant-baseline="middle" font-size="13" font-weight="700" fill="#5c6670">'
            f"{escape(name)}</text>"
        )
    # quadrant names outside the circle, at the middle of each sector
    for q, name in enumerate(layout.quadrants):
        angle = -math.pi / 2 + (q + 0.5) * 2 * math.pi / nq
        x = c + (layout.radius + 24) * math.cos(angle)
        y = c + (layout.radius + 24) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        parts.append(
            f'<text class="quadrant-label q-{q}" x="{_fmt(x)}" y="{_fmt(y)}" '
            f'text-anchor="{anchor}" dominant-baseline="middle" font-size="16" font-weight="700" '
            f'fill="{PALETTE[q % len(PALETTE)]}">{escape(name)}</text>'
        )
    parts.append('<g class="blips">')
    for blip in layout.blips:
        colour = PALETTE[blip.quadrant_index % len(PALETTE)]
        moved = MOVEMENT_LABEL.get(blip.movement or "", "")
        label = f"{blip.number}. {blip.title}: {blip.ring}, {blip.quadrant}"
        if moved:
            label += f" ({moved})"
        parts.append(
            f'<a class="blip q-{blip.quadrant_index} r-{blip.ring_index}'
            f'{" " + blip.movement if blip.movement else ""}" href="{escape(href(blip.id))}" '
            f'id="blip-{escape(blip.id)}" aria-label="{escape(label)}" '
            f'data-id="{escape(blip.id)}" data-quadrant="{escape(blip.quadrant)}" '
            f'data-ring="{escape(blip.ring)}" data-tags="{escape("|".join(blip.tags))}" '
            f'data-title="{escape(blip.title)}">'
            f"<title>{escape(label)}</title>"
            + _marker(blip, c, c, layout.blip_radius, colour)
            + f'<text class="blip-number" x="{_fmt(c + blip.x)}" y="{_fmt(c + blip.y)}" '
            f'text-anchor="middle" dominant-baseline="central" font-size="9" font-weight="700" '
            f'fill="#ffffff" aria-hidden="true">{blip.number}</text></a>'
        )
    parts.append("</g></svg>")
    return "".join(parts)
