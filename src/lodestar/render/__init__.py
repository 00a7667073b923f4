"""Presentation of records: the radar's SVG, timelines, SBOMs (CycloneDX, SPDX), SARIF,
the radar slide (SVG, PDF), findings as markdown, sanitised markdown and terminal-safe text.

The face is lazy: a name's module is imported on first use, so that the CLI, which needs the
terminal helpers on every start, does not load the SBOM and SARIF libraries with them. Inside
render, modules import each other's submodules directly.
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.render.backstage_catalog import (
        CatalogDocument,
        catalog_documents,
        catalog_yaml,
        document_yaml,
    )
    from lodestar.render.cockpit_urls import CockpitUrls, page_slug
    from lodestar.render.markdown import render_markdown
    from lodestar.render.markdown_findings import findings_markdown
    from lodestar.render.radar import RadarLayout, layout_radar
    from lodestar.render.radar_draw import movement_legend_svg, radar_svg
    from lodestar.render.radar_pdf import slide_pdf
    from lodestar.render.radar_slide import Slide, compose_slide, slide_svg
    from lodestar.render.sarif import to_sarif
    from lodestar.render.sbom import SbomSubject, cyclonedx_json, spdx_json
    from lodestar.render.terminal import json_safe, terminal_safe
    from lodestar.render.timeline import Lane, link_graph_svg, roadmap_svg

__all__ = [
    "CatalogDocument",
    "CockpitUrls",
    "Lane",
    "RadarLayout",
    "SbomSubject",
    "Slide",
    "catalog_documents",
    "catalog_yaml",
    "compose_slide",
    "cyclonedx_json",
    "document_yaml",
    "findings_markdown",
    "json_safe",
    "layout_radar",
    "link_graph_svg",
    "movement_legend_svg",
    "page_slug",
    "radar_svg",
    "render_markdown",
    "roadmap_svg",
    "slide_pdf",
    "slide_svg",
    "spdx_json",
    "terminal_safe",
    "to_sarif",
]

_MODULES = {
    "CatalogDocument": "backstage_catalog",
    "CockpitUrls": "cockpit_urls",
    "Lane": "timeline",
    "RadarLayout": "radar",
    "SbomSubject": "sbom",
    "Slide": "radar_slide",
    "compose_slide": "radar_slide",
    "movement_legend_svg": "radar_draw",
    "slide_pdf": "radar_pdf",
    "slide_svg": "radar_slide",
    "catalog_documents": "backstage_catalog",
    "catalog_yaml": "backstage_catalog",
    "document_yaml": "backstage_catalog",
    "cyclonedx_json": "sbom",
    "findings_markdown": "markdown_findings",
    "json_safe": "terminal",
    "layout_radar": "radar",
    "link_graph_svg": "timeline",
    "page_slug": "cockpit_urls",
    "radar_svg": "radar_draw",
    "render_markdown": "markdown",
    "roadmap_svg": "timeline",
    "spdx_json": "sbom",
    "terminal_safe": "terminal",
    "to_sarif": "sarif",
}


__getattr__, __dir__ = faces.lazy_face(__name__, _MODULES)
