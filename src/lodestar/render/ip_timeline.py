"""The IP office's deadline timeline, as SVG: one row per docket deadline, today marked.

Drawn server-side without scripts or style attributes, like the roadmap
(:mod:`lodestar.render.timeline`), so it works in the static site, in print and under the
cockpit's CSP. A missed deadline is drawn in red and named "missed" in its label (colour is
never the only sign); a hard deadline is a filled square, an extendable one an open circle.
Each row is a link (to the row of the deadlines table that names its declaring file:line).
Every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["DeadlineMark", "deadline_timeline_svg"]

WIDTH = 760.0
LABEL_WIDTH = 250.0
ROW = 30.0
TOP = 44.0
LABEL_CHARS = 34  # characters of a row's label drawn (the full text is its title)
MISSED = "#b3245c"
MARK = "#1b7f79"


@dataclass(frozen=True, slots=True)
class DeadlineMark:
    """One deadline as the timeline draws it."""

    label: str  # e.g. "EP3812345 · annuity"
    due: dt.date
    href: str
    missed: bool
    hard: bool
    title: str  # the full text of its tooltip


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max(1, (end - start).days)
    days = min(max((day - start).days, 0), span)
    return LABEL_WIDTH + (WIDTH - LABEL_WIDTH - 24) * days / span


def _ticks(start: dt.date, end: dt.date, height: float) -> list[str]:
    parts = []
    month = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    while month <= end:
        x = _x(month, start, end)
        parts.append(
            f'<line class="tick" x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{height:g}" '
            f'stroke="#d0d5db"/><text class="tick-label" x="{x:.1f}" y="16" font-size="11" '
            f'text-anchor="middle" fill="#5c6670">{month.strftime("%Y-%m")}</text>'
        )
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return parts


def _marker(mark: DeadlineMark, x: float, y: float) -> str:
    colour = MISSED if mark.missed else MARK
    if mark.hard:
        return (
            f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#ffffff" stroke="{colour}" '
        f'stroke-width="2.5"/>'
    )


def deadline_timeline_svg(
    marks: Sequence[DeadlineMark], start: dt.date, end: dt.date, today: dt.date
) -> str:
    """The deadlines between ``start`` and ``end`` (a missed one before ``start`` sits at the
    left edge), one row each in the given order, and a line for ``today``."""
    end = max(end, start + dt.timedelta(days=31))
    height = TOP + ROW * len(marks)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="ip-timeline" viewBox="0 0 {WIDTH:g} '
            f'{height:g}" role="group" aria-label="Deadlines of the IP docket, '
            f'{start.isoformat()} to {end.isoformat()}">'
        ),
        *_ticks(start, end, height),
    ]
    for i, mark in enumerate(marks):
        y = TOP + ROW * i
        x = _x(mark.due, start, end)
        state = "missed" if mark.missed else "upcoming"
        label = ("missed: " if mark.missed else "") + mark.label
        if len(label) > LABEL_CHARS:
            label = label[: LABEL_CHARS - 1] + "…"
        colour = MISSED if mark.missed else "#1f2933"
        parts.append(
            f'<a class="deadline {state}" href="{escape(mark.href)}">'
            f"<title>{escape(mark.title)}</title>"
            f'<text class="lane-label" x="4" y="{y + 4:.1f}" font-size="13" '
            f'fill="{colour}">{escape(label)}</text>'
            f'<line class="lane" x1="{LABEL_WIDTH:g}" y1="{y:.1f}" x2="{WIDTH - 20:g}" '
            f'y2="{y:.1f}" stroke="#c5ccd3"/>{_marker(mark, x, y)}</a>'
        )
    if start <= today <= end:
        x = _x(today, start, end)
        parts.append(
            f'<line class="today" x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{height:g}" '
            f'stroke="#5b4fc4" stroke-dasharray="4 3"/><text class="today-label" '
            f'x="{x + 3:.1f}" y="32" font-size="11" fill="#5b4fc4">today</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
