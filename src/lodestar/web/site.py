"""``lodestar site build OUT``: every page of the cockpit as static files.

The same templates as the live app, with links relative to each page (``../radar/index.html``)
so the site works from ``file://`` without a server, or from any static web host under any
path. The pages' data goes to ``api/*.json`` beside them. The "who uses X" search runs from a
precomputed index (:mod:`lodestar.web.who_uses`, ``api/who-uses.js``); the findings page holds
every finding, open and waived, and its script filters them in place (``findings.csv`` is the
whole list); the other search forms need the live app and the static pages say so. A marker
file, ``.lodestar-site``, lets a rebuild replace a previous site but never writes into a folder
holding anything else.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lodestar.analysis.ip_summary import confidential_rule
from lodestar.render.findings_csv import findings_csv
from lodestar.render.output_folder import prepare_output
from lodestar.render.presentation import to_jsonable
from lodestar.store import dependency_list
from lodestar.web.app import STATIC_DIR, TRAINING_FILES, training_file
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_common import ALL
from lodestar.web.contexts_findings import findings_rows
from lodestar.web.contexts_home import metrics
from lodestar.web.contexts_ip import IP_PATH, published_ip_context
from lodestar.web.contexts_verdict import cockpit_verdict
from lodestar.web.links import Links
from lodestar.web.page_table import NAV
from lodestar.web.pages import all_paths, radar_file, radar_pdf, render, resolve
from lodestar.web.who_uses import FILE as WHO_USES_FILE
from lodestar.web.who_uses import build_index, index_script

MARKER = ".lodestar-site"
# the static site has no queries: a paginated list shows every row on its one page
SITE_QUERY = {"page": ALL, "experts_page": ALL, "deps_page": ALL, "waived": "all"}


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """What :func:`build_site` wrote: the site's folder, its pages and its data files."""

    out: str
    pages: int
    data_files: int


def _prepare(out: Path) -> None:
    prepare_output(out, MARKER, what="a Lodestar site", note="built by 'lodestar site build'\n")


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_jsonable(data), ensure_ascii=False, indent=1), "utf-8")


def site_cockpit(cockpit: Cockpit, *, publish_ip: bool) -> Cockpit:
    """The cockpit a static site is built from: without the IP findings a site never shows
    (every ``ip-*`` finding unless ``publish_ip``, and then all but the deadline and
    disclosure ones: :func:`lodestar.analysis.ip_summary.confidential_rule`), so no page, data
    file or CSV of the site names a trade secret, an outbound contribution or an export
    record."""
    if cockpit.findings is None:
        return cockpit

    def shown(rule: str) -> bool:
        return not confidential_rule(rule, publish=publish_ip)

    findings = tuple(f for f in cockpit.findings if shown(f.rule))
    waived = tuple(p for p in cockpit.waived or () if shown(p[0].rule))
    if len(findings) == len(cockpit.findings) and len(waived) == len(cockpit.waived or ()):
        return cockpit
    return replace(cockpit, findings=findings, waived=None if cockpit.waived is None else waived)


def build_site(
    cockpit: Cockpit,
    out: Path,
    progress: Callable[[str], None] | None = None,
    *,
    publish_ip: bool = False,
) -> SiteSummary:
    """Render every page and its data under ``out``; the IP page only with ``publish_ip``
    (``ip.publish = true``), and then its published edition (deadlines and disclosures)."""
    out = out.absolute()
    _prepare(out)
    cockpit = site_cockpit(cockpit, publish_ip=publish_ip)
    nav = NAV if publish_ip else tuple((p, label) for p, label in NAV if p != IP_PATH)
    shutil.copytree(STATIC_DIR, out / "static", ignore=shutil.ignore_patterns("__pycache__"))
    pages = 0
    data: dict[str, Any] = {}
    for path in all_paths(cockpit):
        if path == IP_PATH and not publish_ip:
            continue
        page = resolve(cockpit, path, SITE_QUERY)
        if page is None:
            continue
        if path == IP_PATH:
            page = replace(page, context=published_ip_context(page.context))
        target = out / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        links = Links(static=True, here=path)
        target.write_text(render(page, cockpit, links, static=True, nav=nav), "utf-8")
        pages += 1
        data[(path.rstrip("/") or "home")] = page.context
        if progress:
            progress(path or "home")
    svg = radar_file(cockpit, Links(static=True, here=""))
    if svg is not None:
        (out / "radar.svg").write_text(svg, "utf-8")
    (out / "findings.csv").write_text(findings_csv(findings_rows(cockpit, waived="all")), "utf-8")
    for name in TRAINING_FILES:
        (out / name).write_text(training_file(cockpit, name), "utf-8")
    pdf = radar_pdf(cockpit)
    if pdf is not None:
        (out / "radar.pdf").write_bytes(pdf)
    data["metrics"] = metrics(cockpit)
    data["verdict"] = cockpit_verdict(cockpit)
    data["dependencies"] = dependency_list(cockpit.engine, limit=10**9)
    for name, value in data.items():
        _write_json(out / "api" / f"{name}.json", value)
    _write_json(out / "api" / "index.json", {"files": sorted(f"{n}.json" for n in data)})
    (out / WHO_USES_FILE).write_text(index_script(build_index(cockpit.engine)), "utf-8")
    return SiteSummary(str(out), pages, len(data) + 1)
