"""The cockpit: server-rendered pages, a read-only JSON API and the static site, over the store.

The CLI starts it through this face: :func:`serve` (``lodestar serve``, ``demo``) and
:func:`build_site` (``lodestar site build``), each over the cockpit that :func:`cockpit_builder`
reads; :func:`create_app` is the FastAPI application itself (tests, benchmarks, other servers).
Every page is declared once, in :data:`lodestar.web.page_table.PAGES`.
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.web.app import create_app
    from lodestar.web.server import cockpit_builder, serve
    from lodestar.web.site import SiteSummary, build_site

__all__ = ["SiteSummary", "build_site", "cockpit_builder", "create_app", "serve"]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "SiteSummary": "site",
        "build_site": "site",
        "cockpit_builder": "server",
        "create_app": "app",
        "serve": "server",
    },
)
