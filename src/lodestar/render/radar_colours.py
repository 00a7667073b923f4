"""The radar's ring colours for the light and dark themes, and the WCAG contrast arithmetic that
proves them readable.

Rings are coloured by meaning, not by position: the first ring is Adopt (green), the last Hold
(red), the ones between Trial (blue) and Assess (amber) - a three-ring radar has no Assess, a
five-ring one repeats Assess. ``ring_tone`` maps a ring index to its tone; every drawing (the
cockpit's SVG, the slide SVG, the PDF, the stylesheet's ``rc-N`` classes) goes through it.

Each tone has a blip colour (a disc with the number inside) and a band colour (the ring's
background). The pairs meet WCAG 2.2 AA: the number on the blip and the ring's name (written in
the blip colour on its band) at 4.5:1, the blip against its band at 3:1 (non-text contrast).
``tests/render/test_radar_colours.py`` computes the ratios and checks the stylesheet uses
these very values.
"""

from __future__ import annotations

from dataclasses import dataclass

TONES = ("adopt", "trial", "assess", "hold")


@dataclass(frozen=True, slots=True)
class Tone:
    blip: str  # the disc, and the ring's name on its band
    band: str  # the ring's background
    number: str  # the number written on the disc


LIGHT = {
    "adopt": Tone("#15703a", "#e3f2e7", "#ffffff"),
    "trial": Tone("#1f5fb4", "#e4ecf8", "#ffffff"),
    "assess": Tone("#8a5a00", "#f8efdb", "#ffffff"),
    "hold": Tone("#b42318", "#fae6e4", "#ffffff"),
}
DARK = {
    "adopt": Tone("#5fd08f", "#17291f", "#12161b"),
    "trial": Tone("#7aa7ff", "#182337", "#12161b"),
    "assess": Tone("#f0c050", "#2c2614", "#12161b"),
    "hold": Tone("#ff8a80", "#331b1b", "#12161b"),
}
LIGHT_PAGE = "#f7f8fa"  # the cockpit's --bg (slides are white)
DARK_PAGE = "#12161b"


def ring_tone(index: int, count: int) -> str:
    """The tone of ring ``index`` of ``count``: first Adopt, last Hold, Trial then Assess."""
    if count > 1 and index == count - 1:
        return "hold"
    if index == 0:
        return "adopt"
    return "trial" if index == 1 else "assess"


def tone_index(tone: str) -> int:
    """The stylesheet's class suffix (``rc-0`` … ``rc-3``) of a tone."""
    return TONES.index(tone)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    h = colour.lstrip("#")
    r, g, b = (_channel(int(h[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
