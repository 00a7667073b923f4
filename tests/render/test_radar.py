"""The radar picture: every entry drawn, no overlaps, stable positions, accessible markup."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from lodestar.records import RadarConfig, RadarEntry
from lodestar.render.radar import layout_radar
from lodestar.render.radar_draw import radar_svg

CONFIG = RadarConfig()
SVG = "{http://www.w3.org/2000/svg}"


def entry(i: int | str, quadrant: str = "Tools", ring: str = "Adopt", **kw: object) -> RadarEntry:
    return RadarEntry(id=f"e{i}", title=f"Entry {i}", quadrant=quadrant, ring=ring, **kw)  # type: ignore[arg-type]


def _min_distance(points: list[tuple[float, float]]) -> float:
    return min(
        (math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1 :]), default=math.inf
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 3)),
        min_size=0,
        max_size=160,
    ),
    st.integers(1, 6),
    st.integers(1, 5),
)
def test_every_entry_is_drawn_and_no_two_blips_overlap(
    cells: list[tuple[int, int]], quadrants: int, rings: int
) -> None:
    config = RadarConfig(
        quadrants=tuple(f"Q{i}" for i in range(quadrants)),
        rings=tuple(f"R{i}" for i in range(rings)),
    )
    entries = [entry(i, f"Q{q % quadrants}", f"R{r % rings}") for i, (q, r) in enumerate(cells)]
    layout = layout_radar(config, entries)
    assert {b.id for b in layout.blips} == {e.id for e in entries}
    assert not layout.unplaced
    points = [(b.x, b.y) for b in layout.blips]
    assert _min_distance(points) >= 2 * layout.blip_radius
    for b in layout.blips:  # each blip inside its own ring band
        r = math.hypot(b.x, b.y)
        inner = layout.ring_radii[b.ring_index - 1] if b.ring_index else 0.0
        assert (
            inner + layout.blip_radius <= r <= layout.ring_radii[b.ring_index] - layout.blip_radius
        )
    svg = radar_svg(layout, href=lambda i: f"/radar/{i}/")
    root = ET.fromstring(svg)  # noqa: S314  our own output
    assert len(root.findall(f".//{SVG}a")) == len(entries)


def test_crowded_sector_grows_the_radar_instead_of_dropping() -> None:
    entries = [entry(i) for i in range(300)]
    layout = layout_radar(CONFIG, entries)
    assert len(layout.blips) == 300
    assert layout.radius > 380
    assert _min_distance([(b.x, b.y) for b in layout.blips]) >= 2 * layout.blip_radius


def test_positions_are_stable_across_editions_unless_the_ring_changes() -> None:
    first = [entry(i, ring=("Adopt", "Trial", "Assess", "Hold")[i % 4]) for i in range(12)]
    before = {b.id: (b.x, b.y) for b in layout_radar(CONFIG, first).blips}
    # next edition: one entry moves ring, two are added; the incumbents are senior
    second = [
        *[e if e.id != "e5" else entry(5, ring="Adopt") for e in first],
        entry(100, ring="Trial"),
        entry(101, ring="Hold"),
    ]
    since = {e.id: "2025-01-01" for e in first} | {"e100": "2026-01-01", "e101": "2026-01-01"}
    moves = {"e5": "moved-in", "e100": "new", "e101": "new"}
    after = {
        b.id: (b.x, b.y) for b in layout_radar(CONFIG, second, since=since, movements=moves).blips
    }
    moved = {i for i in before if before[i] != after[i]}
    assert moved == {"e5"}
    # deterministic: the same input gives the same picture
    assert radar_svg(layout_radar(CONFIG, second, since=since), href=str) == radar_svg(
        layout_radar(CONFIG, second, since=since), href=str
    )


def test_svg_is_accessible_and_marks_movement() -> None:
    entries = [
        entry(1, ring="Adopt"),
        entry(2, ring="Hold", quadrant="Platforms", tags=("db", "legacy")),
        entry(3, ring="Trial", quadrant="Techniques"),
    ]
    layout = layout_radar(CONFIG, entries, movements={"e1": "new", "e2": "moved-out"})
    svg = radar_svg(layout, href=lambda i: f"../radar/{i}/index.html")
    root = ET.fromstring(svg)  # noqa: S314  our own output
    links = root.findall(f".//{SVG}a")
    labels = {a.get("aria-label") for a in links}
    assert "1. Entry 3: Trial, Techniques" in labels
    assert any(label and label.endswith("(moved out)") for label in labels)
    assert all(a.find(f"{SVG}title") is not None for a in links)
    assert all(a.get("href", "").startswith("../radar/") for a in links)
    hold = next(a for a in links if a.get("data-id") == "e2")
    assert hold.get("data-tags") == "db|legacy"
    assert "moved-out" in (hold.get("class") or "")
    assert hold.find(f"{SVG}path[@class='blip-mark']") is not None  # a half ring for a move
    new = next(a for a in links if a.get("data-id") == "e1")
    assert new.find(f"{SVG}circle[@class='blip-mark']") is not None
    assert "<script" not in svg and "style=" not in svg


def test_hostile_titles_are_escaped_and_unknown_rings_are_reported() -> None:
    hostile = RadarEntry(id="x", title='<script>alert(1)</script>"', quadrant="Tools", ring="Adopt")
    odd = RadarEntry(id="y", title="Odd", quadrant="Tools", ring="Sometimes")
    layout = layout_radar(CONFIG, [hostile, odd])
    assert [e.id for e in layout.unplaced] == ["y"]
    svg = radar_svg(layout, href=lambda i: f"/radar/{i}/")
    assert "<script>" not in svg
    ET.fromstring(svg)  # noqa: S314  well-formed despite the title


def test_ring_and_quadrant_names_are_matched_case_insensitively() -> None:
    layout = layout_radar(CONFIG, [entry(1, quadrant="tools", ring="ADOPT")])
    assert layout.blips[0].quadrant == "Tools" and layout.blips[0].ring == "Adopt"
