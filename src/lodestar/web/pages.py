"""The cockpit's pages: the router over the one page table and one Jinja environment for the
live app and the static site.

A page is a path (``radar/``, ``repositories/orders-api/``), a template and a typed context,
declared in :data:`lodestar.web.page_table.PAGES`. :func:`resolve` maps a path (plus the query
of the search forms) to its :class:`Page`; :func:`render` draws it with
:class:`~lodestar.web.links.Links` for live or static links.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from lodestar import __version__
from lodestar.render import (
    Lane,
    RadarLayout,
    Slide,
    compose_slide,
    link_graph_svg,
    movement_legend_svg,
    radar_svg,
    roadmap_svg,
    slide_pdf,
    slide_svg,
)
from lodestar.render.ip_timeline import DeadlineMark, deadline_timeline_svg
from lodestar.render.presentation import to_jsonable
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import InitiativesContext
from lodestar.web.contexts_common import Chart
from lodestar.web.contexts_ip import IpContext
from lodestar.web.contexts_status import banner
from lodestar.web.contexts_strategy import DecisionsContext, radar_context
from lodestar.web.links import Links, slug
from lodestar.web.page_table import NAV, PAGES


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    path: str
    template: str
    title: str
    section: str  # the NAV path it belongs to
    context: Any  # one of the *Context dataclasses


def resolve(cockpit: Cockpit, path: str, query: dict[str, Any] | None = None) -> Page | None:
    """The page at ``path`` (no leading slash, trailing slash for folders), or None."""
    query = query or {}
    parts = [p for p in path.strip("/").split("/") if p]
    if len(parts) > 2:
        return None
    head = parts[0] if parts else ""
    for kind in PAGES:
        if kind.template is None or kind.head != head or (kind.item is None) != (len(parts) < 2):
            continue
        params = {p.name: query.get(p.name, p.default) for p in kind.params}
        if kind.item is None:
            return Page(
                kind.path, kind.template, kind.title, kind.section, kind.build(cockpit, **params)
            )
        found = kind.item.find(cockpit, parts[1])
        if found is None:
            return None
        return Page(
            f"{kind.path}{slug(kind.item.key(found))}/",
            kind.template,
            kind.item.title(found),
            kind.section,
            kind.build(cockpit, found, **params),
        )
    return None


def all_paths(cockpit: Cockpit) -> Iterator[str]:
    """Every page path, for the static site."""
    for kind in PAGES:
        if kind.template is None:
            continue
        if kind.item is None:
            yield kind.path
            continue
        for record in kind.item.every(cockpit):
            yield f"{kind.path}{slug(kind.item.key(record))}/"


# --- rendering -------------------------------------------------------------------------------


def json_for_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">`` (no ``</script>`` break-out)."""
    text = json.dumps(to_jsonable(data), ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704  escaped above for the script-data context


def plural(count: int | float, noun: str, nouns: str | None = None) -> str:
    """``"1 repository"``, ``"2 repositories"``: the count and the noun agreeing with it."""
    if nouns is None:
        nouns = (
            noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"
        )
    number = int(count) if float(count).is_integer() else count
    return f"{number:,} {noun if number == 1 else nouns}"


def _chart(chart: Chart | None) -> Markup:
    """A chart: canvas + its data as JSON + a table that shows without JavaScript."""
    if chart is None or not chart.labels:
        return Markup("")
    return Markup(_env().get_template("_chart.html").render(chart=chart))  # noqa: S704  autoescaped template


_HASH = re.compile(r"\b[0-9a-f]{40}\b")  # a git commit id (no backtracking: a fixed run)
SHORT_HASH = 12  # characters of a commit id shown; the full one is the title (and the copy)


def short_hashes(text: str, *, breakable: bool = False) -> Markup:
    """``text`` escaped, each 40-character commit id shortened to its first ``SHORT_HASH``
    characters (the full id in the title, hover and copy); ``breakable``: a path or an
    evidence item, which may wrap after ``/`` and ``:`` (never inside a name)."""
    out: list[Markup] = []
    last = 0
    for match in _HASH.finditer(text):
        out.append(_piece(text[last : match.start()], breakable))
        full = match.group(0)
        out.append(
            Markup('<span class="hash" title="{}">{}</span>').format(full, full[:SHORT_HASH])
        )
        last = match.end()
    out.append(_piece(text[last:], breakable))
    return Markup("").join(out)


def _piece(text: str, breakable: bool) -> Markup:
    escaped = escape(text)
    if not breakable:
        return escaped
    return Markup(str(escaped).replace("/", "/<wbr>").replace(":", ":<wbr>"))  # noqa: S704  escaped above


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("lodestar.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_script"] = json_for_script
    env.filters["short_hashes"] = short_hashes
    env.filters["breakable"] = lambda text: short_hashes(text, breakable=True)
    env.filters["plural"] = plural
    env.filters["number"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    env.globals["chart"] = _chart
    env.globals["nav"] = NAV
    env.globals["version"] = __version__
    return env


def _radar(layout: RadarLayout | None, links: Links) -> Markup:
    if layout is None:
        return Markup("")
    svg = radar_svg(
        layout,
        href=links.entry,
        title="Technology radar",
        quadrant_href=lambda q: f"#radar-q-{q}",
        titles=False,  # the page's script shows a card instead
    )
    return Markup(svg)  # noqa: S704  escaped by the renderer


def _radar_marks(rings: tuple[str, ...]) -> tuple[tuple[Markup, str], ...]:
    icons = movement_legend_svg(rings[0] if rings else "the centre")
    return tuple((Markup(icon), text) for icon, text in icons)  # noqa: S704  our own drawing


def _roadmap(ctx: InitiativesContext, links: Links) -> Markup:
    if not ctx.initiatives or ctx.start is None or ctx.end is None:
        return Markup("")
    lanes = [
        Lane(
            i.title,
            "#initiative-" + slug(i.id),
            tuple((t, d, done) for t, d, done, _ in i.milestones),
        )
        for i in ctx.initiatives
    ]
    return Markup(roadmap_svg(lanes, ctx.start, ctx.end, ctx.today))  # noqa: S704  escaped by the renderer


def _ip_timeline(ctx: IpContext) -> Markup:
    marks = [
        DeadlineMark(
            f"{d.family} · {d.type}",
            d.due,
            f"#deadline-{i}",
            d.missed,
            d.hard,
            f"{d.title}: {d.type}, {d.jurisdiction} {d.application or ''}, due "
            f"{d.due.isoformat()}{' (missed)' if d.missed else ''}, "
            f"{'hard' if d.hard else 'extendable'}; declared in {d.source}",
        )
        for i, d in enumerate(ctx.summary.deadlines, start=1)
    ]
    svg = deadline_timeline_svg(marks, ctx.timeline_start, ctx.timeline_end, ctx.summary.as_of)
    return Markup(svg)  # noqa: S704  escaped by the renderer


def _graph(ctx: DecisionsContext, links: Links) -> Markup:
    if not ctx.edges:
        return Markup("")
    linked = {e.source for e in ctx.edges} | {e.target for e in ctx.edges}
    nodes = [(r.id, r.title, r.status) for r in reversed(ctx.rows) if r.id in linked]
    edges = [(e.source, e.target, e.kind) for e in ctx.edges]
    return Markup(link_graph_svg(nodes, edges, links.decision))  # noqa: S704  escaped by the renderer


def _slide(cockpit: Cockpit) -> Slide | None:
    ctx = radar_context(cockpit)
    if ctx.layout is None:
        return None
    title = f"{cockpit.organisation} technology radar"
    subtitle = f"edition {ctx.edition}" if ctx.edition else f"as of {cockpit.today.isoformat()}"
    return compose_slide(ctx.layout, title, subtitle)


def radar_file(cockpit: Cockpit, links: Links) -> str | None:
    """The radar as a standalone SVG slide (picture, names by quadrant and ring, markers'
    legend), or None without a radar."""
    slide = _slide(cockpit)
    return None if slide is None else slide_svg(slide, href=links.entry)


def radar_pdf(cockpit: Cockpit) -> bytes | None:
    """The same slide as a one-page PDF, or None without a radar."""
    slide = _slide(cockpit)
    if slide is None:
        return None
    return slide_pdf(slide, title=f"{cockpit.organisation} technology radar")


def render(
    page: Page,
    cockpit: Cockpit,
    links: Links,
    *,
    static: bool = False,
    nav: tuple[tuple[str, str], ...] = NAV,
) -> str:
    """The page's HTML; ``nav``: the navigation's (path, label) entries (the static site
    leaves out the pages it does not publish)."""
    template = _env().get_template(page.template)
    return template.render(
        nav=nav,
        page=page,
        ctx=page.context,
        links=links,
        static=static,
        organisation=cockpit.organisation,
        today=cockpit.today,
        banner=banner(cockpit, page.section),
        radar=lambda layout: _radar(layout, links),
        radar_marks=_radar_marks,
        roadmap=lambda ctx: _roadmap(ctx, links),
        graph=lambda ctx: _graph(ctx, links),
        ip_timeline=_ip_timeline,
    )
