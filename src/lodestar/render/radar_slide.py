"""The radar as a slide: the picture with every entry's number and name beside it, grouped by
quadrant and ring (Zalando's legend), a title and the markers' legend - one composition that
:func:`slide_svg` writes as a standalone SVG and :mod:`lodestar.render.radar_pdf` as a PDF.

Quadrants whose middle points right list their entries in the right-hand column, the others in
the left-hand one, top to bottom in the order the sectors appear. Every text has a box (from
:func:`~lodestar.render.radar.text_width`, a generous estimate) and the composition guarantees
no two boxes overlap and none touches the picture: a column that would run past the picture's
height makes the slide taller, and a name too long for its column takes two lines (then an
ellipsis).
The file has no scripts and names only fonts every system has (Helvetica, Arial, sans-serif).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from lodestar.render.radar import MOVEMENT_LABEL, Box, RadarLayout, text_width
from lodestar.render.radar_colours import LIGHT
from lodestar.render.radar_draw import radar_svg

COLUMN = 290.0  # width of a legend column
GUTTER = 24.0  # between a column and the picture
TITLE_HEIGHT = 56.0
FOOTER_HEIGHT = 36.0
NAME_SIZE = 13.0
LINE = 17.0
FOREGROUND = "#1f2933"
MUTED = "#5c6670"


@dataclass(frozen=True, slots=True)
class SlideText:
    text: str
    x: float  # left edge
    y: float  # top edge
    size: float
    bold: bool = False
    colour: str = FOREGROUND
    entry: str | None = None  # the entry this line names (linked in the SVG)

    @property
    def box(self) -> Box:
        return Box(
            self.x, self.y, text_width(self.text, self.size, bold=self.bold), self.size * 1.25
        )


@dataclass(frozen=True, slots=True)
class Slide:
    width: float
    height: float
    radar_x: float  # where the picture's view box starts
    radar_y: float
    layout: RadarLayout
    texts: tuple[SlideText, ...]

    @property
    def radar_box(self) -> Box:
        _, _, w, h = self.layout.view_box()
        return Box(self.radar_x, self.radar_y, w, h)


def side_of(layout: RadarLayout, q: int) -> str:
    """``right`` when quadrant ``q``'s middle points right, else ``left``."""
    angle = -math.pi / 2 + (q + 0.5) * 2 * math.pi / len(layout.quadrants)
    return "right" if math.cos(angle) > 1e-9 else "left"


def column_order(layout: RadarLayout, side: str) -> list[int]:
    """The quadrants listed on ``side``, top to bottom."""
    n = len(layout.quadrants)
    chosen = [q for q in range(n) if side_of(layout, q) == side]
    return sorted(chosen, key=lambda q: math.sin(-math.pi / 2 + (q + 0.5) * 2 * math.pi / n))


def _shorten(text: str, room: float, size: float) -> str:
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(text: str, room: float, size: float, lines: int = 2) -> list[str]:
    """``text`` on at most ``lines`` lines of ``room`` pixels, broken between words; what does
    not fit is shortened with an ellipsis."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size) <= room:
            line += " " + words.pop(0)
        if text_width(line, size) > room:  # one word too long for a line: cut it here
            words.insert(0, line)
            break
        out.append(line)
    if words:
        out.append(_shorten(" ".join(words), room, size))
    return out


def _column(layout: RadarLayout, quadrants: list[int], x: float, y: float) -> list[SlideText]:
    out: list[SlideText] = []
    for q in quadrants:
        out.append(SlideText(layout.quadrants[q], x, y, 16, bold=True))
        y += 26
        for k, ring in enumerate(layout.rings):
            blips = [b for b in layout.blips if b.quadrant_index == q and b.ring_index == k]
            if not blips:
                continue
            out.append(SlideText(ring, x, y, 12, bold=True, colour=LIGHT[layout.tone(k)].blip))
            y += LINE
            for b in blips:
                number = f"{b.number}"
                out.append(SlideText(number, x, y, NAME_SIZE, bold=True, colour=MUTED))
                name = b.title + (f" ({MOVEMENT_LABEL[b.movement]})" if b.movement else "")
                # a blank name still takes its line: the next number must not land on this one
                for line in _wrap(name, COLUMN - 34, NAME_SIZE) or [""]:
                    out.append(SlideText(line, x + 34, y, NAME_SIZE, entry=b.id))
                    y += LINE
            y += 4
        y += 12
    return out


def compose_slide(layout: RadarLayout, title: str, subtitle: str = "") -> Slide:
    """Title, picture in the middle, legends left and right, markers' legend at the foot."""
    _, _, vw, vh = layout.view_box()
    radar_x = COLUMN + GUTTER
    top = TITLE_HEIGHT
    texts = [SlideText(title, 16, 12, 22, bold=True)]
    if subtitle:
        texts.append(
            SlideText(subtitle, 16 + text_width(title, 22, bold=True) + 16, 19, 13, colour=MUTED)
        )
    left = _column(layout, column_order(layout, "left"), 16, top)
    right = _column(layout, column_order(layout, "right"), radar_x + vw + GUTTER, top)
    bottom = max([top + vh, *(t.y + LINE for t in left + right)])
    width = radar_x + vw + GUTTER + COLUMN
    legend_y = bottom + 8
    texts += left + right
    texts.append(SlideText(_marks_text(layout), 16, legend_y, 12, colour=MUTED))
    return Slide(width, legend_y + FOOTER_HEIGHT, radar_x, top, layout, tuple(texts))


def _marks_text(layout: RadarLayout) -> str:
    first = layout.rings[0] if layout.rings else "the centre"
    return (
        f"Markers: disc = no change; full ring = new; half ring facing the centre = moved in "
        f"(towards {first}); half ring facing out = moved out. Rings: "
        + ", ".join(layout.rings)
        + "."
    )


def slide_svg(slide: Slide, *, href: Callable[[str], str]) -> str:
    """The slide as a standalone SVG document (no scripts; names link to the entry pages)."""
    svg = radar_svg(
        slide.layout, href=href, title=slide.texts[0].text, at=(slide.radar_x, slide.radar_y)
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {slide.width:.0f} '
            f'{slide.height:.0f}" width="{slide.width:.0f}" height="{slide.height:.0f}" '
            f'font-family="Helvetica, Arial, sans-serif">'
        ),
        f"<title>{escape(slide.texts[0].text)}</title>",
        f'<rect width="{slide.width:.0f}" height="{slide.height:.0f}" fill="#ffffff"/>',
        svg,
    ]
    for t in slide.texts:
        text = (
            f'<text x="{t.x:.1f}" y="{t.y + t.size * 0.9:.1f}" font-size="{t.size:g}" '
            f"{'font-weight=' + chr(34) + '700' + chr(34) + ' ' if t.bold else ''}"
            f'fill="{t.colour}">{escape(t.text)}</text>'
        )
        if t.entry is not None:
            text = f'<a href="{escape(href(t.entry))}">{text}</a>'
        parts.append(text)
    parts.append("</svg>\n")
    return "".join(parts)
