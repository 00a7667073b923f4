"""Roadmap timeline (initiatives and their milestones) and typed-link graph (decisions), as SVG.

Both are drawn server-side without scripts or style attributes, so they work in the static site,
in print and under the cockpit's CSP; every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

ROW = 34.0
LABEL_WIDTH = 230.0
WIDTH = 960.0


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    href: str
    milestones: tuple[tuple[str, dt.date, bool], ...]  # title, due, done


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max(1, (end - start).days)
    return LABEL_WIDTH + (WIDTH - LABEL_WIDTH - 20) * (day - start).days / span


def roadmap_svg(lanes: Sequence[Lane], start: dt.date, end: dt.date, today: dt.date) -> str:
    """One lane per initiative, a diamond per milestone (filled when done), a line for today."""
    end = max(end, start + dt.timedelta(days=31))
    height = 40 + ROW * len(lanes)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="roadmap" viewBox="0 0 {WIDTH:g} '
            f'{height:g}" role="group" aria-label="Roadmap of the initiatives">'
        )
    ]
    month = start.replace(day=1)
    while month <= end:
        x = _x(month, start, end)
        if month.month in (1, 4, 7, 10):
            parts.append(
                f'<line class="tick" x1="{x:.1f}" y1="22" x2="{x:.1f}" y2="{height:g}" '
                f'stroke="#d0d5db"/><text class="tick-label" x="{x:.1f}" y="14" font-size="11" '
                f'text-anchor="middle" fill="#5c6670">{month.strftime("%Y-%m")}</text>'
            )
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    for i, lane in enumerate(lanes):
        y = 40 + ROW * i
        parts.append(
            f'<a href="{escape(lane.href)}"><text class="lane-label" x="4" y="{y + 4:.1f}" '
            f'font-size="13" fill="#1f2933">{escape(lane.label[:34])}</text></a>'
            f'<line class="lane" x1="{LABEL_WIDTH:g}" y1="{y:.1f}" x2="{WIDTH - 20:g}" '
            f'y2="{y:.1f}" stroke="#c5ccd3"/>'
        )
        for title, due, done in lane.milestones:
            x = _x(due, start, end)
            fill = "#1b7f79" if done else "#ffffff"
            parts.append(
                f'<g class="milestone{" done" if done else ""}"><title>{escape(title)}: '
                f"{due.isoformat()}{' (done)' if done else ''}</title>"
                f'<polygon points="{x:.1f},{y - 8:.1f} {x + 8:.1f},{y:.1f} {x:.1f},{y + 8:.1f} '
                f'{x - 8:.1f},{y:.1f}" fill="{fill}" stroke="#1b7f79" stroke-width="2"/></g>'
            )
    if start <= today <= end:
        x = _x(today, start, end)
        parts.append(
            f'<line class="today" x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height:g}" '
            f'stroke="#b3245c" stroke-dasharray="4 3"/><text class="today-label" x="{x + 3:.1f}" '
            f'y="30" font-size="11" fill="#b3245c">today</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


KIND_COLOURS = {"supersedes": "#b3245c", "amends": "#c2571a", "relates-to": "#5b4fc4"}


def link_graph_svg(
    nodes: Sequence[tuple[str, str, str]],
    edges: Sequence[tuple[str, str, str]],
    href: Callable[[str], str],
) -> str:
    """An arc diagram: decisions (id, title, status) down the page in the given order, each typed
    link an arc on the right from source to target, coloured by kind."""
    row = 26.0
    height = 20 + row * len(nodes) + 30
    index = {node_id: i for i, (node_id, _, _) in enumerate(nodes)}
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="link-graph" viewBox="0 0 760 '
            f'{height:g}" role="group" aria-label="Links between decisions">'
        )
    ]
    parts.append(
        "<defs>"
        + "".join(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
            f'fill="{colour}"/></marker>'
            for kind, colour in KIND_COLOURS.items()
        )
        + "</defs>"
    )
    for i, (node_id, title, status) in enumerate(nodes):
        y = 20 + row * i
        parts.append(
            f'<a href="{escape(href(node_id))}"><circle cx="420" cy="{y:g}" r="5" '
            f'class="node status-{escape(status)}" fill="#2a62b8"/><text x="410" y="{y + 4:g}" '
            f'font-size="12" text-anchor="end" fill="#1f2933">{escape(title[:60])} '
            f"({escape(status)})</text></a>"
        )
    for source, target, kind in edges:
        if source not in index or target not in index:
            continue
        y1, y2 = 20 + row * index[source], 20 + row * index[target]
        bulge = 420 + min(320.0, 14 + abs(y2 - y1) * 0.6)
        colour = KIND_COLOURS.get(kind, "#6b6b6b")
        arrow = f' marker-end="url(#arrow-{kind})"' if kind in {"supersedes", "amends"} else ""
        parts.append(
            f'<path class="edge {escape(kind)}" d="M 425 {y1:g} C {bulge:.1f} {y1:g} {bulge:.1f} '
            f'{y2:g} 425 {y2:g}" fill="none" stroke="{colour}" stroke-width="1.8"{arrow}>'
            f"<title>{escape(source)} {escape(kind)} {escape(target)}</title></path>"
        )
    legend_y = height - 10
    for i, (kind, colour) in enumerate(KIND_COLOURS.items()):
        parts.append(
            f'<line x1="{20 + i * 150}" y1="{legend_y - 4:g}" x2="{44 + i * 150}" '
            f'y2="{legend_y - 4:g}" stroke="{colour}" stroke-width="3"/><text x="{50 + i * 150}" '
            f'y="{legend_y:g}" font-size="12" fill="#1f2933">{kind}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
