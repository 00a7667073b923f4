"""The cockpit: server-rendered pages, a read-only JSON API and the static site, over the store.

The CLI starts it through this face: :func:`serve` (``lodestar serve``, ``demo``) and
:func:`build_site` (``lodestar site build``), each over the cockpit that :func:`cockpit_builder`
reads; :func:`create_app` is the FastAPI application itself (tests, benchmarks, other servers).
Every page is declared once, in :data:`lodestar.web.page_table.PAGES`.
"""

from lodestar.web.app import create_app
from lodestar.web.server import cockpit_builder, serve
from lodestar.web.site import SiteSummary, build_site

__all__ = ["SiteSummary", "build_site", "cockpit_builder", "create_app", "serve"]
