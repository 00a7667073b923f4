"""The radar slide (:func:`~lodestar.render.radar_slide.compose_slide`) as a one-page PDF,
drawn with fpdf2: vector discs, rings and marks, and real text (searchable, selectable) in
Helvetica, one of the 14 standard fonts every PDF reader has, so nothing is embedded and nothing
depends on the system's fonts. The page is the slide's size (1 px = 0.75 pt).

Helvetica covers Latin-1: a character outside it is written as its closest Latin-1 text when
there is one (dashes and curly quotes as ASCII, ``ő`` as ``o``, ``ł`` as ``l``), else as ``?``
(CJK, symbols); the SVG keeps the exact names.
"""

from __future__ import annotations

import math
import unicodedata

from fpdf import FPDF

from lodestar.render.radar import (
    DISC_RADIUS,
    MARK_RADIUS,
    NUMBER_SIZE,
    QUADRANT_LABEL_SIZE,
    RING_LABEL_SIZE,
    RadarLayout,
)
from lodestar.render.radar_colours import LIGHT
from lodestar.render.radar_slide import Slide

PT = 0.75  # points per pixel


TYPOGRAPHY = {  # written as escapes: the characters themselves look like ASCII ones
    "\u2026": "...",  # ellipsis
    "\u2014": "-",  # em dash
    "\u2013": "-",  # en dash
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2022": "*",  # bullet
    "\u20ac": "EUR",
    "\u0141": "L",  # L with stroke (no decomposition)
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
}


def latin1(text: str) -> str:
    """``text`` in the characters Helvetica has (see the module's docstring)."""
    out = []
    for ch in text:
        if ch in TYPOGRAPHY:
            out.append(TYPOGRAPHY[ch])
            continue
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def _rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


class _Pen:
    """fpdf2 in the slide's pixel coordinates."""

    def __init__(self, pdf: FPDF, dx: float = 0.0, dy: float = 0.0) -> None:
        self.pdf, self.dx, self.dy = pdf, dx, dy

    def disc(self, x: float, y: float, r: float, fill: str) -> None:
        self.pdf.set_fill_color(*_rgb(fill))
        self.pdf.circle((x + self.dx) * PT, (y + self.dy) * PT, r * PT, style="F")

    def ring(self, x: float, y: float, r: float, colour: str, width: float) -> None:
        self.pdf.set_draw_color(*_rgb(colour))
        self.pdf.set_line_width(width * PT)
        self.pdf.circle((x + self.dx) * PT, (y + self.dy) * PT, r * PT, style="D")

    def polyline(self, points: list[tuple[float, float]], colour: str, width: float) -> None:
        self.pdf.set_draw_color(*_rgb(colour))
        self.pdf.set_line_width(width * PT)
        self.pdf.polyline([((x + self.dx) * PT, (y + self.dy) * PT) for x, y in points])

    def text(self, x: float, y: float, text: str, size: float, colour: str, *, bold: bool = False,
             anchor: str = "start") -> None:  # fmt: skip
        """``y`` is the middle of the text's height; ``anchor`` as in SVG."""
        text = latin1(text)
        self.pdf.set_font("Helvetica", "B" if bold else "", size * PT)
        self.pdf.set_text_color(*_rgb(colour))
        width = self.pdf.get_string_width(text) / PT
        left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        self.pdf.text((left + self.dx) * PT, (y + self.dy + size * 0.35) * PT, text)


def _picture(pen: _Pen, layout: RadarLayout) -> None:
    c = layout.centre
    for k in reversed(range(len(layout.rings))):
        pen.disc(c, c, layout.ring_radii[k], LIGHT[layout.tone(k)].band)
        pen.ring(c, c, layout.ring_radii[k], "#ffffff", 2)
    nq = len(layout.quadrants)
    for q in range(nq if nq > 1 else 0):
        angle = -math.pi / 2 + q * 2 * math.pi / nq
        end = (c + layout.radius * math.cos(angle), c + layout.radius * math.sin(angle))
        pen.polyline([(c, c), end], "#ffffff", 3)
    for k, name in enumerate(layout.rings):
        box = layout.label_boxes[k]
        tone = LIGHT[layout.tone(k)]
        pen.text(
            c, c + box.y + box.h / 2, name, RING_LABEL_SIZE, tone.blip, bold=True, anchor="middle"
        )
    for label in layout.quadrant_labels:
        pen.text(c + label.x, c + label.y, label.text, QUADRANT_LABEL_SIZE, "#1f2933", bold=True,
                 anchor=label.anchor)  # fmt: skip
    for blip in layout.blips:
        tone = LIGHT[layout.tone(blip.ring_index)]
        x, y = c + blip.x, c + blip.y
        pen.disc(x, y, DISC_RADIUS, tone.blip)
        if blip.movement == "new":
            pen.ring(x, y, MARK_RADIUS, tone.blip, 2.5)
        elif blip.movement in ("moved-in", "moved-out"):
            toward = math.atan2(-blip.y, -blip.x)
            facing = toward if blip.movement == "moved-in" else toward + math.pi
            arc = [
                (x + MARK_RADIUS * math.cos(a), y + MARK_RADIUS * math.sin(a))
                for a in (facing - math.pi / 2 + i * math.pi / 16 for i in range(17))
            ]
            pen.polyline(arc, tone.blip, 3.5)
        size = NUMBER_SIZE if blip.number < 100 else NUMBER_SIZE - 2
        pen.text(x, y, str(blip.number), size, tone.number, bold=True, anchor="middle")


def slide_pdf(slide: Slide, *, title: str) -> bytes:
    """The slide as a one-page PDF document."""
    pdf = FPDF(orientation="landscape", unit="pt", format=(slide.height * PT, slide.width * PT))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margin(0)
    pdf.set_title(latin1(title))
    pdf.set_creator("Lodestar")
    pdf.add_page()
    vx, vy, _, _ = slide.layout.view_box()
    _picture(_Pen(pdf, slide.radar_x - vx, slide.radar_y - vy), slide.layout)
    pen = _Pen(pdf)
    for t in slide.texts:
        pen.text(t.x, t.y + t.size * 0.6, t.text, t.size, t.colour, bold=t.bold)
    return bytes(pdf.output())
