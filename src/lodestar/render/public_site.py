"""The public radar as a static site: ``index.html`` (the slide - picture with every name beside
it, ring colours, movement marks - then the entries by quadrant and ring), one page per entry
(``entries/ID.html``), ``editions.html``, ``radar.svg`` and ``radar.pdf`` (the slide renderers of
:mod:`lodestar.render.radar_slide` and :mod:`lodestar.render.radar_pdf`), ``radar.csv`` and
``radar.json`` (Thoughtworks Build-Your-Own-Radar, through the one BYOR exporter) and
``style.css``.

Only :class:`~lodestar.analysis.public_radar.PublicRadar` goes in, so nothing the public radar
leaves out can reach a page. The pages need no script and no network (one stylesheet, relative
links, works from ``file://``); every text is escaped by Jinja's autoescape, entry texts go
through the sanitising markdown renderer, the SVG through the radar renderer's own escaping.
"""

from __future__ import annotations

import datetime as dt

from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup

from lodestar.analysis.public_radar import PublicEntry, PublicRadar
from lodestar.records import RadarEntry, RadarMove, Strategy
from lodestar.render.markdown import render_markdown
from lodestar.render.public_templates import CSS, TEMPLATES
from lodestar.render.radar import MOVEMENT_LABEL, RadarLayout, layout_radar
from lodestar.render.radar_colours import tone_index
from lodestar.render.radar_draw import movement_legend_svg
from lodestar.render.radar_pdf import slide_pdf
from lodestar.render.radar_slide import compose_slide, slide_svg
from lodestar.strategy.radar_io import export_byor_csv, export_byor_json

__all__ = ["public_site"]

_DAY = dt.date(2000, 1, 1)  # any day: only "all moves on one day" matters


def _env() -> Environment:
    env = Environment(
        loader=DictLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    env.globals["movement_label"] = MOVEMENT_LABEL
    return env


def _layout(radar: PublicRadar) -> RadarLayout:
    entries = [
        RadarEntry(id=e.id, title=e.title, quadrant=e.quadrant, ring=e.ring, tags=e.tags)
        for e in radar.entries
    ]
    return layout_radar(radar.config, entries, movements=radar.movements)


def _byor(radar: PublicRadar) -> tuple[str, str]:
    """The BYOR sheet and JSON of the published entries, with the published edition's moves."""
    strategy = Strategy(
        radar=radar.config,
        entries=tuple(
            RadarEntry(
                id=e.id,
                title=e.title,
                quadrant=e.quadrant,
                ring=e.ring,
                description=e.description,
            )
            for e in radar.entries
        ),
    )
    # the published edition's moves, one day: the exporter's "latest edition"; with editions
    # but no move a placeholder (no entry has the empty id) makes every status "No Change"
    moves = [
        RadarMove(e.id, _DAY, "", e.ring, e.previous_ring, e.movement)
        for e in radar.entries
        if e.movement
    ]
    if radar.editions:
        moves.append(RadarMove("", _DAY, "", "", None, "new"))
    return export_byor_csv(strategy, moves), export_byor_json(strategy, moves)


def _title(radar: PublicRadar, organisation: str) -> str:
    return f"{organisation} technology radar".strip()


def public_site(radar: PublicRadar, *, organisation: str = "") -> dict[str, bytes]:
    """Relative path → content of every file of the public radar."""
    layout = _layout(radar)
    title = _title(radar, organisation)
    subtitle = f"edition {radar.edition}" if radar.edition else ""
    slide = compose_slide(layout, title, subtitle)
    entry_href = "entries/{}.html".format
    picture = slide_svg(slide, href=entry_href).split("\n", 1)[1]
    env = _env()
    numbers = {b.id: b.number for b in layout.blips}
    tones = {r: tone_index(layout.tone(k)) for k, r in enumerate(layout.rings)}
    common = {
        "title": title,
        "radar": radar,
        "numbers": numbers,
        "tones": tones,
        "titles": {e.id: e.title for e in radar.entries},
    }
    marks = tuple(
        (Markup(icon), text)  # noqa: S704  our own drawing
        for icon, text in movement_legend_svg(layout.rings[0] if layout.rings else "the centre")
    )
    files: dict[str, bytes] = {
        "style.css": CSS.encode(),
        "index.html": env.get_template("index.html")
        .render(
            **common,
            picture=Markup(picture),  # noqa: S704  escaped by the radar renderer
            marks=marks,
            grouped=_grouped(radar),
            root="",
        )
        .encode(),
        "editions.html": env.get_template("editions.html").render(**common, root="").encode(),
        "radar.svg": slide_svg(slide, href=entry_href).encode(),
        "radar.pdf": slide_pdf(slide, title=title),
    }
    for entry in radar.entries:
        html = env.get_template("entry.html").render(
            **common,
            entry=entry,
            text=Markup(render_markdown(entry.description)),  # noqa: S704  sanitised
            root="../",
        )
        files[f"entries/{entry.id}.html"] = html.encode()
    csv_text, json_text = _byor(radar)
    files["radar.csv"] = csv_text.encode()
    files["radar.json"] = json_text.encode()
    return files


def _grouped(radar: PublicRadar) -> list[tuple[str, list[tuple[str, list[PublicEntry]]]]]:
    """Quadrant → ring → entries, in the radar's order, only the rings with entries."""
    out = []
    for quadrant in radar.config.quadrants:
        rings = []
        for ring in radar.config.rings:
            mine = [e for e in radar.entries if e.quadrant == quadrant and e.ring == ring]
            if mine:
                rings.append((ring, mine))
        out.append((quadrant, rings))
    return out
