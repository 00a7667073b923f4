"""The cockpit's pages: one routing table and one Jinja environment for the live app and the
static site.

A page is a path (``radar/``, ``repositories/orders-api/``), a template and a typed context.
:func:`resolve` maps a path (plus the query of the search forms) to its :class:`Page`;
:func:`render` draws it with :class:`~lodestar.web.links.Links` for live or static links.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from lodestar import __version__
from lodestar.render.presentation import to_jsonable
from lodestar.render.radar import RadarLayout, radar_svg
from lodestar.render.timeline import Lane, link_graph_svg, roadmap_svg
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import (
    InitiativesContext,
    campaigns_context,
    initiatives_context,
)
from lodestar.web.contexts_common import Chart
from lodestar.web.contexts_home import home_context, people_context
from lodestar.web.contexts_inventory import (
    find_repository,
    repositories_context,
    repository_context,
    technologies_context,
)
from lodestar.web.contexts_strategy import (
    DecisionsContext,
    decision_context,
    decisions_context,
    find_decision,
    find_entry,
    findings_context,
    radar_context,
    radar_entry_context,
)
from lodestar.web.links import Links, slug

NAV = (
    ("", "Home"),
    ("radar/", "Radar"),
    ("technologies/", "Technologies"),
    ("repositories/", "Repositories"),
    ("decisions/", "Decisions"),
    ("findings/", "Findings"),
    ("campaigns/", "Campaigns"),
    ("initiatives/", "Initiatives"),
    ("people/", "People"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    path: str
    template: str
    title: str
    section: str  # the NAV path it belongs to
    context: Any  # one of the *Context dataclasses


def resolve(cockpit: Cockpit, path: str, query: dict[str, str] | None = None) -> Page | None:
    """The page at ``path`` (no leading slash, trailing slash for folders), or None."""
    query = query or {}
    parts = [p for p in path.strip("/").split("/") if p]
    if not parts:
        return Page("", "home.html", "Home", "", home_context(cockpit))
    head, rest = parts[0], parts[1:]
    if len(rest) > 1:
        return None
    if head == "radar":
        if not rest:
            return Page("radar/", "radar.html", "Radar", "radar/", radar_context(cockpit))
        entry = find_entry(cockpit, rest[0])
        if entry is None:
            return None
        return Page(
            f"radar/{slug(entry.id)}/",
            "radar_entry.html",
            entry.title,
            "radar/",
            radar_entry_context(cockpit, entry),
        )
    if head == "repositories":
        if not rest:
            sort = query.get("sort", "name")
            ctx = repositories_context(cockpit, sort if sort else "name")
            return Page("repositories/", "repositories.html", "Repositories", head + "/", ctx)
        row = find_repository(cockpit, rest[0])
        if row is None:
            return None
        return Page(
            f"repositories/{slug(row.name)}/",
            "repository.html",
            row.name,
            "repositories/",
            repository_context(cockpit, row),
        )
    if head == "decisions":
        if not rest:
            return Page(
                "decisions/",
                "decisions.html",
                "Decisions",
                "decisions/",
                decisions_context(cockpit),
            )
        decision = find_decision(cockpit, rest[0])
        if decision is None:
            return None
        return Page(
            f"decisions/{slug(decision.id)}/",
            "decision.html",
            decision.title,
            "decisions/",
            decision_context(cockpit, decision),
        )
    if rest:
        return None
    simple: dict[str, tuple[str, str, Callable[[], object]]] = {
        "technologies": (
            "technologies.html",
            "Technologies and dependencies",
            lambda: technologies_context(cockpit, query.get("q"), query.get("range")),
        ),
        "findings": ("findings.html", "Findings", lambda: findings_context(cockpit)),
        "campaigns": ("campaigns.html", "Campaigns", lambda: campaigns_context(cockpit)),
        "initiatives": ("initiatives.html", "Initiatives", lambda: initiatives_context(cockpit)),
        "people": ("people.html", "People", lambda: people_context(cockpit)),
    }
    if head not in simple:
        return None
    template, title, build = simple[head]
    return Page(head + "/", template, title, head + "/", build())


def all_paths(cockpit: Cockpit) -> Iterator[str]:
    """Every page path, for the static site."""
    yield from (path for path, _ in NAV)
    strategy = cockpit.strategy
    for entry in strategy.entries if strategy else ():
        yield f"radar/{slug(entry.id)}/"
    for decision in strategy.decisions if strategy else ():
        yield f"decisions/{slug(decision.id)}/"
    for row in cockpit.repositories():
        yield f"repositories/{slug(row.name)}/"


# --- rendering -------------------------------------------------------------------------------


def json_for_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">`` (no ``</script>`` break-out)."""
    text = json.dumps(to_jsonable(data), ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704  escaped above for the script-data context


def _chart(chart: Chart | None) -> Markup:
    """A chart: canvas + its data as JSON + a table that shows without JavaScript."""
    if chart is None or not chart.labels:
        return Markup("")
    return Markup(_env().get_template("_chart.html").render(chart=chart))  # noqa: S704  autoescaped template


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("lodestar.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["json_script"] = json_for_script
    env.filters["number"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    env.globals["chart"] = _chart
    env.globals["nav"] = NAV
    env.globals["version"] = __version__
    return env


def _radar(layout: RadarLayout | None, links: Links) -> Markup:
    if layout is None:
        return Markup("")
    return Markup(radar_svg(layout, href=links.entry, title="Technology radar"))  # noqa: S704  escaped by the renderer


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


def _graph(ctx: DecisionsContext, links: Links) -> Markup:
    if not ctx.edges:
        return Markup("")
    linked = {e.source for e in ctx.edges} | {e.target for e in ctx.edges}
    nodes = [(r.id, r.title, r.status) for r in reversed(ctx.rows) if r.id in linked]
    edges = [(e.source, e.target, e.kind) for e in ctx.edges]
    return Markup(link_graph_svg(nodes, edges, links.decision))  # noqa: S704  escaped by the renderer


def radar_file(cockpit: Cockpit, links: Links) -> str | None:
    """The radar as a standalone SVG file (slides, documents), or None without a radar."""
    layout = radar_context(cockpit).layout
    if layout is None:
        return None
    svg = radar_svg(layout, href=links.entry, title=f"{cockpit.organisation} technology radar")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


def render(page: Page, cockpit: Cockpit, links: Links, *, static: bool = False) -> str:
    template = _env().get_template(page.template)
    return template.render(
        page=page,
        ctx=page.context,
        links=links,
        static=static,
        organisation=cockpit.organisation,
        today=cockpit.today,
        radar=lambda layout: _radar(layout, links),
        roadmap=lambda ctx: _roadmap(ctx, links),
        graph=lambda ctx: _graph(ctx, links),
    )
