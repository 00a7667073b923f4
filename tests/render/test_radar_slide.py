"""The radar for slides: names beside the picture, nothing overlapping, ring names kept clear,
readable sizes; the SVG is standalone and the PDF has the names as text."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lodestar.records import RadarConfig, RadarEntry
from lodestar.render.radar import (
    DISC_RADIUS,
    KEEP_OUT,
    NUMBER_SIZE,
    RadarLayout,
    layout_radar,
)
from lodestar.render.radar_draw import radar_svg
from lodestar.render.radar_pdf import latin1, slide_pdf
from lodestar.render.radar_slide import compose_slide, slide_svg

SVG = "{http://www.w3.org/2000/svg}"
QUADRANTS = ("Techniques", "Tools", "Platforms", "Languages & Frameworks")
RINGS = ("Adopt", "Trial", "Assess", "Hold")

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60
)


def _layout(cells: list[tuple[int, int, str]], nq: int = 4, nr: int = 4) -> RadarLayout:
    config = RadarConfig(
        quadrants=QUADRANTS[:nq] if nq <= 4 else tuple(f"Q{i}" for i in range(nq)),
        rings=RINGS[:nr] if nr <= 4 else tuple(f"R{i}" for i in range(nr)),
    )
    entries = [
        RadarEntry(
            id=f"e{i}", title=title, quadrant=config.quadrants[q % nq], ring=config.rings[r % nr]
        )
        for i, (q, r, title) in enumerate(cells)
    ]
    moves = {f"e{i}": ("new", "moved-in", "moved-out")[i % 3] for i in range(0, len(cells), 4)}
    return layout_radar(config, entries, movements=moves)


def _assert_clear_of_ring_names(layout: RadarLayout) -> None:
    assert len(layout.label_boxes) == len(layout.rings)
    for blip in layout.blips:
        for box in layout.label_boxes:
            assert box.distance(blip.x, blip.y) >= layout.blip_radius + KEEP_OUT - 1e-6


@settings(max_examples=30, deadline=None)
@example([(0, 0, "0"), (0, 0, " ")], 1, 1)  # a blank name took no line: numbers 1 and 2 overlapped
@given(
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), names), max_size=90),
    st.integers(1, 6),
    st.integers(1, 5),
)
def test_no_text_overlaps_on_the_slide_and_ring_names_stay_clear(
    cells: list[tuple[int, int, str]], nq: int, nr: int
) -> None:
    layout = _layout(cells, nq, nr)
    _assert_clear_of_ring_names(layout)
    slide = compose_slide(layout, "Acme technology radar", "edition 2026-12")
    boxes = [t.box for t in slide.texts]
    picture = slide.radar_box
    for i, box in enumerate(boxes):
        assert box.x >= 0 and box.x + box.w <= slide.width + 1e-6
        assert box.y >= 0 and box.y + box.h <= slide.height + 1e-6
        assert not box.overlaps(picture)
        for other in boxes[i + 1 :]:
            assert not box.overlaps(other)
    # every entry is named once, by its number, beside the picture
    numbered = [t.text for t in slide.texts if t.entry is None and t.text.isdigit()]
    assert sorted(int(n) for n in numbered) == [b.number for b in layout.blips]
    # quadrant names: inside the picture, clear of the circle and of each other
    c = layout.centre
    vx, _, vw, _ = layout.view_box()
    for label in layout.quadrant_labels:
        assert label.box.distance(0, 0) >= layout.radius - 1e-6
        assert vx - 1e-6 <= c + label.box.x and c + label.box.x + label.box.w <= vx + vw + 1e-6
    for i, a in enumerate(layout.quadrant_labels):
        for b in layout.quadrant_labels[i + 1 :]:
            assert not a.box.overlaps(b.box)


def test_hold_blips_keep_away_from_the_ring_name_even_when_crowded() -> None:
    cells = [(0, 3, f"Hold {i}") for i in range(40)] + [(3, 3, f"Other {i}") for i in range(40)]
    layout = _layout(cells)
    _assert_clear_of_ring_names(layout)
    hold = layout.label_boxes[3]
    assert hold.y < 0  # on the north axis, in the Hold band
    inner, outer = layout.ring_radii[2], layout.ring_radii[3]
    assert inner < -(hold.y + hold.h / 2) < outer


def test_blips_are_readable_at_one_to_one() -> None:
    layout = _layout([(q, r, f"E{q}{r}") for q in range(4) for r in range(4)])
    assert 2 * DISC_RADIUS >= 18 and NUMBER_SIZE >= 11
    svg = radar_svg(layout, href=str)
    root = ET.fromstring(svg)  # noqa: S314  our own output
    # drawn at 1:1: the picture's width is its view box's
    assert root.get("width") == root.get("viewBox", "").split()[2]
    moved = [a for a in root.iter(f"{SVG}a") if "moved-in" in (a.get("class") or "")]
    for a in moved:  # the mark is at least as large as the disc and the number stays inside it
        disc = a.find(f"{SVG}circle[@class='blip-shape']")
        assert disc is not None and float(disc.get("r", 0)) == DISC_RADIUS
        assert a.find(f"{SVG}path[@class='blip-mark']") is not None


def test_moved_in_faces_the_centre_and_moved_out_faces_away() -> None:
    layout = _layout([(0, 2, "In"), (0, 2, "x"), (0, 2, "y"), (0, 2, "z"), (0, 2, "Out")])
    svg = radar_svg(layout, href=str)
    root = ET.fromstring(svg)  # noqa: S314  our own output
    c = layout.centre
    for a in root.iter(f"{SVG}a"):
        path = a.find(f"{SVG}path")
        if path is None:
            continue
        disc = a.find(f"{SVG}circle")
        assert disc is not None
        cx, cy = float(disc.get("cx", 0)), float(disc.get("cy", 0))
        d = path.get("d", "").replace("M", "").replace("A", " ").split()
        x0, y0 = map(float, d[0].split(","))
        x1, y1 = map(float, d[-1].split(","))
        # sweep flag 1: the arc runs from the first point with growing angles (y down)
        a0 = math.atan2(y0 - cy, x0 - cx)
        a1 = math.atan2(y1 - cy, x1 - cx)
        mid = a0 + ((a1 - a0) % (2 * math.pi)) / 2
        arc_mid = (cx + 13 * math.cos(mid), cy + 13 * math.sin(mid))
        closer = math.dist(arc_mid, (c, c)) < math.dist((cx, cy), (c, c))
        assert closer == ("moved-in" in (a.get("class") or ""))


def test_slide_svg_is_standalone_and_names_every_entry() -> None:
    layout = _layout([(q, r, f"Entry <{q}{r}> & co") for q in range(4) for r in range(4)])
    slide = compose_slide(layout, "Acme <radar>", "edition 2026-12")
    svg = slide_svg(slide, href=lambda i: f"https://cockpit.example/radar/{i}/")
    root = ET.fromstring(svg.split("\n", 1)[1])  # noqa: S314  our own output
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for b in layout.blips:
        assert b.title in texts
    assert "Markers:" in texts and "Hold" in texts
    assert "<script" not in svg and "style=" not in svg and "<Entry" not in svg
    assert "Helvetica, Arial, sans-serif" in svg


def test_latin1_keeps_what_helvetica_has() -> None:
    assert latin1("Café") == "Café"
    assert latin1("Őrség…") == "Orség..."
    assert latin1("Łódź — “fast”") == 'Lódz - "fast"'
    assert latin1("日本") == "??"


POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfinfo")


@pytest.mark.skipif(not POPPLER, reason="needs poppler-utils")
def test_pdf_renders_and_carries_the_names(tmp_path: Path) -> None:
    titles = ["PostgreSQL", "Kubernetes", "Event storming", "Rust", "jQuery", "Café au lait"]
    cells = [(i % 4, i % 4, t) for i, t in enumerate(titles)]
    layout = _layout(cells)
    pdf = tmp_path / "radar.pdf"
    pdf.write_bytes(slide_pdf(compose_slide(layout, "Acme technology radar"), title="Acme"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    for title in titles:
        assert title in text
    assert "Hold" in text and "Markers:" in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", str(pdf), str(tmp_path / "p")],
                   check=True, capture_output=True)  # fmt: skip
    png = (tmp_path / "p.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_long_names_wrap_on_two_lines_then_shorten() -> None:
    from lodestar.render.radar_slide import _wrap

    assert _wrap("Lightweight architecture decision records", 200, 13) == [
        "Lightweight architecture",
        "decision records",
    ]
    long = _wrap("word " * 40, 200, 13)
    assert len(long) == 2 and long[1].endswith("…")
    assert _wrap("Supercalifragilisticexpialidocious-and-more", 120, 13)[0].endswith("…")
    assert _wrap("Go", 200, 13) == ["Go"]
