"""The cockpit's FastAPI application: server-rendered pages, static assets and the JSON API.

:func:`create_app` takes a read-only engine (see :mod:`lodestar.store.readonly`) and a function
that builds the :class:`~lodestar.web.cockpit.Cockpit`; pages and API read through it, nothing
writes. The same templates render the static site (:mod:`lodestar.web.site`).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from lodestar import __version__
from lodestar.errors import UsageError
from lodestar.render.findings_csv import findings_csv
from lodestar.render.training import training_csv, training_markdown
from lodestar.web.api import build_router
from lodestar.web.cache import CockpitCache, WarmingUp
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_findings import findings_rows
from lodestar.web.contexts_people import training_context
from lodestar.web.links import Links
from lodestar.web.page_kinds import MAX_TEXT
from lodestar.web.page_table import FINDING_FILTERS, PAGES
from lodestar.web.pages import Page, _env, radar_file, radar_pdf, render, resolve
from lodestar.web.security import Guard

STATIC_DIR = Path(str(files("lodestar.web") / "static"))
# the query parameters an HTML page reads: those its page kind declares (q, range, sort, band …)
PAGE_QUERY = frozenset(p.name for kind in PAGES if kind.template is not None for p in kind.params)
# those repeated in the query (?leave=a&leave=b): the page reads every value, as a tuple
MANY_QUERY = frozenset(
    p.name for kind in PAGES if kind.template is not None for p in kind.params if p.many
)
CSV_QUERY = frozenset({"team", *(p.name for p in FINDING_FILTERS)})  # /findings.csv reads these


def create_app(
    build: Callable[[], Cockpit],
    *,
    token: str | None = None,
    trust_proxy_header: str | None = None,
    cache_seconds: float = 15.0,
) -> FastAPI:
    """The cockpit app over the cockpit that ``build`` returns (rebuilt every few seconds)."""
    app = FastAPI(
        title="Lodestar cockpit API",
        version=__version__,
        description="Read-only data of the Lodestar cockpit: every page's data as JSON.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    generation = getattr(build, "generation", None)  # a CockpitBuilder: rebuild on change
    app.state.cockpit = cache = CockpitCache(build, ttl=cache_seconds, generation=generation)
    app.middleware("http")(WarmingUp(cache))
    app.middleware("http")(Guard(token, trust_proxy_header))
    app.include_router(build_router())
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_downloads(app, cache)

    def html(request: Request, path: str) -> Response:
        cockpit: Cockpit = cache.get()
        query: dict[str, Any] = {
            k: v
            for k, v in request.query_params.items()
            if k in PAGE_QUERY and len(v) <= MAX_TEXT and "\x00" not in v
        }
        for name in MANY_QUERY & set(request.query_params):
            query[name] = tuple(request.query_params.getlist(name))  # the context checks them
        try:
            page = resolve(cockpit, path, query)
        except UsageError as exc:
            return _not_found(cockpit, path, str(exc), status=400)
        if page is None:
            return _not_found(cockpit, path, f"There is no page at /{path}.")
        return HTMLResponse(render(page, cockpit, Links(static=False, here=page.path)))

    def _not_found(cockpit: Cockpit, path: str, message: str, status: int = 404) -> Response:
        page = Page(path, "not_found.html", "Not found", "", None)
        body = (
            _env()
            .get_template("not_found.html")
            .render(
                page=page,
                links=Links(),
                organisation=cockpit.organisation,
                today=cockpit.today,
                static=False,
                message=message,
            )
        )
        return HTMLResponse(body, status_code=status)

    for name in RADAR_FILES:
        app.add_api_route(
            "/" + name, _radar_download(cache, name, _not_found), include_in_schema=False
        )

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def home(request: Request) -> Response:
        return html(request, "")

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def any_page(request: Request, path: str) -> Response:
        if path.startswith(("api/", "static/")):
            return _not_found(app.state.cockpit.get(), path, "No such resource.")
        if not path.endswith("/"):
            # never "//host": a protocol-relative address would leave the cockpit
            target = "/" + path.lstrip("/\\") + "/"
            if request.url.query:
                target += "?" + request.url.query
            return RedirectResponse(target, status_code=308)
        return html(request, path)

    return app


def _add_downloads(app: FastAPI, cache: CockpitCache) -> None:
    """The files beside the pages: ``/findings.csv``, ``/training.md``, ``/training.csv``."""
    app.add_api_route("/findings.csv", findings_download, include_in_schema=False)
    for name in TRAINING_FILES:
        app.add_api_route("/" + name, _training_download(cache, name), include_in_schema=False)


def findings_download(request: Request) -> Response:
    """``/findings.csv``: the findings page's list under the same filters, as CSV."""
    cockpit: Cockpit = request.app.state.cockpit.get()
    asked = {k: v for k, v in request.query_params.items() if k in CSV_QUERY}
    if any(len(v) > MAX_TEXT or "\x00" in v for v in asked.values()):
        return Response("a filter is too long or holds NUL\n", 400, media_type="text/plain")
    try:
        rows = findings_rows(cockpit, **asked)
    except UsageError as exc:
        return Response(f"{exc}\n", 400, media_type="text/plain")
    return Response(
        findings_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="findings.csv"'},
    )


TRAINING_FILES = {
    "training.md": "text/markdown; charset=utf-8",
    "training.csv": "text/csv; charset=utf-8",
}


def training_file(cockpit: Cockpit, name: str) -> str:
    """The training plan as the people team's Markdown or CSV (``lodestar training --format``)."""
    plan = training_context(cockpit)
    return training_markdown(plan) if name == "training.md" else training_csv(plan)


def _training_download(cache: CockpitCache, name: str) -> Callable[[], Response]:
    """``/training.md`` or ``/training.csv``: the plan of the Training page, to download."""

    def download() -> Response:
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        body = training_file(cache.get(), name)
        return Response(body, media_type=TRAINING_FILES[name], headers=headers)

    return download


RADAR_FILES = {"radar.svg": "image/svg+xml", "radar.pdf": "application/pdf"}


def _radar_download(
    cache: CockpitCache, name: str, not_found: Callable[[Cockpit, str, str], Response]
) -> Callable[[], Response]:
    """The radar slide for download: ``radar.svg`` or ``radar.pdf`` (as the static site's)."""

    def download() -> Response:
        cockpit: Cockpit = cache.get()
        links = Links(static=False)
        body = radar_file(cockpit, links) if name == "radar.svg" else radar_pdf(cockpit)
        if body is None:
            return not_found(cockpit, name, "There is no radar yet.")
        headers = {"Content-Disposition": f'inline; filename="{name}"'}
        return Response(body, media_type=RADAR_FILES[name], headers=headers)

    return download
