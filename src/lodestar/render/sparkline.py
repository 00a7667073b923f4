"""Sparklines of a 0-100 monthly score: the geometry of an inline SVG and a line of blocks.

:func:`sparkline` lays out ``(label, value)`` points (``None``: no data that month, a gap in
the line) on a small fixed canvas and writes the accessible name the SVG carries
(``role="img"`` with an ``aria-label`` giving every value), so a screen reader hears the
numbers the line draws. The template draws it; nothing here is markup, so every text goes
through the template's escaping. :func:`score_blocks` is the terminal's version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Sparkline", "score_blocks", "sparkline"]

WIDTH, HEIGHT, PAD = 120, 28, 3
_BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: int
    height: int
    segments: tuple[str, ...]  # SVG polyline points ("x,y x,y"), one per unbroken run
    last: tuple[float, float] | None  # the last point with a value, marked with a dot
    label: str  # the accessible name: every month and its value


def _y(value: int) -> float:
    return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * max(0, min(100, value)) / 100, 1)


def sparkline(points: Sequence[tuple[str, int | None]], *, label: str) -> Sparkline:
    """The SVG geometry of ``points`` (a score from 0 to 100 per month, oldest first)."""
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)
    segments: list[str] = []
    run: list[str] = []
    last = None
    for i, (_, value) in enumerate(points):
        if value is None:
            if run:
                segments.append(" ".join(run))
            run = []
            continue
        x = round(PAD + i * step, 1)
        run.append(f"{x},{_y(value)}")
        last = (x, _y(value))
    if run:
        segments.append(" ".join(run))
    # a lone point is a dot only: a polyline of one point draws nothing
    segments = [s for s in segments if " " in s]
    values = ", ".join(f"{name} {'no data' if v is None else v}" for name, v in points)
    return Sparkline(WIDTH, HEIGHT, tuple(segments), last, f"{label}: {values}")


def score_blocks(values: Sequence[int | None]) -> str:
    """One block character per score (0-100), a space for no data."""
    return "".join(
        " " if v is None else _BLOCKS[min(len(_BLOCKS) - 1, max(0, v) * len(_BLOCKS) // 101)]
        for v in values
    )
