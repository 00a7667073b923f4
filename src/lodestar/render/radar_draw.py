"""The radar's picture as SVG markup, from a :class:`~lodestar.render.radar.RadarLayout`:
ring bands and names in their ring's colours (:mod:`lodestar.render.radar_colours`), quadrant
names (links to a zoom in the cockpit), and a link per blip - a disc with its number and its
movement mark. Presentation attributes give the light theme; the cockpit's stylesheet restyles
through the classes (``rc-N`` ring tones, ``q-N`` quadrants). No scripts, no style attributes
(the cockpit's CSP), every text escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from lodestar.render.radar import (
    DISC_RADIUS,
    MARK_RADIUS,
    MOVEMENT_LABEL,
    NUMBER_SIZE,
    QUADRANT_LABEL_SIZE,
    RING_LABEL_SIZE,
    Blip,
    RadarLayout,
)
from lodestar.render.radar_colours import LIGHT, tone_index


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def marker_svg(movement: str | None, x: float, y: float, toward: float, colour: str) -> str:
    """A blip's disc and movement mark at (x, y); ``toward`` is the angle of the direction to
    the radar's centre (the side a moved-in half ring faces)."""
    disc = (
        f'<circle class="blip-shape" cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(DISC_RADIUS)}" '
        f'fill="{colour}"/>'
    )
    if movement == "new":
        return disc + (
            f'<circle class="blip-mark" cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(MARK_RADIUS)}" '
            f'fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
    if movement in ("moved-in", "moved-out"):
        facing = toward if movement == "moved-in" else toward + math.pi
        a0, a1 = facing - math.pi / 2, facing + math.pi / 2
        r = MARK_RADIUS
        x0, y0 = x + r * math.cos(a0), y + r * math.sin(a0)
        x1, y1 = x + r * math.cos(a1), y + r * math.sin(a1)
        return disc + (
            f'<path class="blip-mark" d="M{_fmt(x0)},{_fmt(y0)} A{_fmt(r)},{_fmt(r)} 0 0 1 '
            f'{_fmt(x1)},{_fmt(y1)}" fill="none" stroke="{colour}" stroke-width="3.5" '
            f'stroke-linecap="round"/>'
        )
    return disc


def _number(x: float, y: float, number: int, colour: str) -> str:
    size = NUMBER_SIZE if number < 100 else NUMBER_SIZE - 2
    return (
        f'<text class="blip-number" x="{_fmt(x)}" y="{_fmt(y)}" text-anchor="middle" '
        f'dominant-baseline="central" font-size="{_fmt(size)}" font-weight="700" '
        f'fill="{colour}" aria-hidden="true">{number}</text>'
    )


def movement_legend_svg(centre_word: str = "centre") -> tuple[tuple[str, str], ...]:
    """The legend of the movement marks: (an SVG icon, its meaning) for each, the centre of the
    radar up (a moved-in half ring on top). The icons are decorative (the text says it)."""
    items = (
        (None, "no change"),
        ("new", "new"),
        ("moved-in", f"moved in (towards {centre_word})"),
        ("moved-out", "moved out"),
    )
    colour = LIGHT["trial"].blip
    return tuple(
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" class="radar-mark" viewBox="0 0 36 36" '
                'width="36" height="36" aria-hidden="true" focusable="false">'
                f'<g class="rc-1">{marker_svg(movement, 18, 18, -math.pi / 2, colour)}</g></svg>'
            ),
            text,
        )
        for movement, text in items
    )


def _background(layout: RadarLayout) -> list[str]:
    c = layout.centre
    parts = []
    # rings, outer first so inner discs paint over them
    for k in reversed(range(len(layout.rings))):
        tone = layout.tone(k)
        parts.append(
            f'<circle class="ring ring-{k} rc-{tone_index(tone)}" cx="{_fmt(c)}" cy="{_fmt(c)}" '
            f'r="{_fmt(layout.ring_radii[k])}" fill="{LIGHT[tone].band}" stroke="#ffffff" '
            f'stroke-width="2"/>'
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
    for k, name in enumerate(layout.rings):
        box = layout.label_boxes[k]
        tone = layout.tone(k)
        parts.append(
            f'<text class="ring-label rc-{tone_index(tone)}" x="{_fmt(c)}" '
            f'y="{_fmt(c + box.y + box.h / 2)}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="{_fmt(RING_LABEL_SIZE)}" font-weight="700" fill="{LIGHT[tone].blip}">'
            f"{escape(name)}</text>"
        )
    return parts


def radar_svg(
    layout: RadarLayout,
    *,
    href: Callable[[str], str],
    title: str = "Technology radar",
    quadrant_href: Callable[[int], str] | None = None,
    titles: bool = True,
    at: tuple[float, float] | None = None,
) -> str:
    """The radar as a standalone SVG element (no scripts, no style attributes).

    ``quadrant_href`` makes each quadrant name a link (the cockpit: to that quadrant's legend,
    which its script turns into a zoom); ``titles`` adds a native ``<title>`` to each blip
    (files opened outside the cockpit; the cockpit shows its own card instead); ``at`` places
    the picture inside a larger drawing (the slide)."""
    c = layout.centre
    vx, vy, vw, vh = layout.view_box()
    position = f' x="{_fmt(at[0])}" y="{_fmt(at[1])}"' if at else ""
    zoom = "|".join(
        " ".join(_fmt(v) for v in layout.zoom_box(q)) for q in range(len(layout.quadrants))
    )
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="radar"{position} viewBox="{_fmt(vx)} '
            f'{_fmt(vy)} {_fmt(vw)} {_fmt(vh)}" width="{_fmt(vw)}" height="{_fmt(vh)}" '
            f'role="group" aria-labelledby="radar-title" data-rings="'
            f'{escape("|".join(layout.rings))}" '
            f'data-quadrants="{escape("|".join(layout.quadrants))}" data-zoom="{zoom}" '
            f'font-family="Helvetica, Arial, sans-serif">'
        ),
        f'<title id="radar-title">{escape(title)}</title>',
        *_background(layout),
    ]
    for q, label in enumerate(layout.quadrant_labels):
        text = (
            f'<text class="quadrant-label q-{q}" x="{_fmt(c + label.x)}" y="{_fmt(c + label.y)}" '
            f'text-anchor="{label.anchor}" dominant-baseline="central" '
            f'font-size="{_fmt(QUADRANT_LABEL_SIZE)}" font-weight="700" fill="#1f2933">'
            f"{escape(label.text)}</text>"
        )
        if quadrant_href is not None:
            text = (
                f'<a class="quadrant-link" href="{escape(quadrant_href(q))}" data-q="{q}" '
                f'aria-label="{escape(label.text)}: zoom to this quadrant">{text}</a>'
            )
        parts.append(text)
    parts.append('<g class="blips">')
    parts.extend(_blip(layout, blip, href, titles=titles) for blip in layout.blips)
    parts.append("</g></svg>")
    return "".join(parts)


def blip_label(blip: Blip) -> str:
    label = f"{blip.number}. {blip.title}: {blip.ring}, {blip.quadrant}"
    moved = MOVEMENT_LABEL.get(blip.movement or "", "")
    return f"{label} ({moved})" if moved else label


def _blip(layout: RadarLayout, blip: Blip, href: Callable[[str], str], *, titles: bool) -> str:
    c = layout.centre
    tone = LIGHT[layout.tone(blip.ring_index)]
    rc = tone_index(layout.tone(blip.ring_index))
    label = blip_label(blip)
    x, y = c + blip.x, c + blip.y
    toward = math.atan2(-blip.y, -blip.x)
    return (
        f'<a class="blip q-{blip.quadrant_index} r-{blip.ring_index} rc-{rc}'
        f'{" " + blip.movement if blip.movement else ""}" href="{escape(href(blip.id))}" '
        f'id="blip-{escape(blip.id)}" aria-label="{escape(label)}" '
        f'data-id="{escape(blip.id)}" data-quadrant="{escape(blip.quadrant)}" '
        f'data-ring="{escape(blip.ring)}" data-tags="{escape("|".join(blip.tags))}" '
        f'data-title="{escape(blip.title)}">'
        + (f"<title>{escape(label)}</title>" if titles else "")
        + marker_svg(blip.movement, x, y, toward, tone.blip)
        + _number(x, y, blip.number, tone.number)
        + "</a>"
    )
