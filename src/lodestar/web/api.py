"""The read-only JSON API under /api: every page's data, plus paged lists and metrics.

One route per kind of page of the page table (:data:`lodestar.web.page_table.PAGES`, which also
holds the parameters and their bounds). Responses are the pages' typed contexts (dataclasses,
documented in the OpenAPI document that FastAPI generates at /api/openapi.json) serialised as
JSON.

The document is the contract, and the parameters are bounded in it: paging within
``MAX_OFFSET``/``MAX_PAGE``, filters within ``MAX_TEXT`` characters and free of NUL, ``sort`` one
of the listed orders. A request outside those bounds is answered 422 (FastAPI's validation
error), an unknown name 404 with an :class:`ApiError` body, a missing access token 401 (see
:mod:`lodestar.web.security`); every one of these statuses is documented on the routes that can
answer it, and nothing a client sends makes the API answer 500.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from lodestar.render.presentation import to_jsonable
from lodestar.web.cockpit import Cockpit
from lodestar.web.page_kinds import PageKind
from lodestar.web.page_table import PAGES


@dataclass(frozen=True, slots=True)
class ApiError:
    """The body of a 404: what was not found."""

    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ApiError, "description": "Not found"}}
UNAUTHORISED: dict[int | str, dict[str, Any]] = {
    401: {
        "description": "Access token required (only when the cockpit is served with one)",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }
}


def _json(data: Any) -> JSONResponse:
    return JSONResponse(to_jsonable(data))


def _cockpit(request: Request) -> Cockpit:
    cockpit: Cockpit = request.app.state.cockpit.get()
    return cockpit


def _endpoint(kind: PageKind) -> Callable[..., Any]:
    """The API's route function of one kind of page: its parameters are the kind's (a record's
    page: the path parameter naming it), its name and description the kind's."""

    def endpoint(request: Request, **params: Any) -> Any:
        cockpit = _cockpit(request)
        if kind.item is None:
            return _json(kind.build(cockpit, **params))
        key = params.pop(kind.item.param)
        found = kind.item.find(cockpit, key)
        if found is None:
            raise HTTPException(404, f"no {kind.item.noun} {key!r}")
        return _json(kind.build(cockpit, found, **params))

    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("request", keyword, annotation=Request)]
    if kind.item is not None:
        params.append(inspect.Parameter(kind.item.param, keyword, annotation=kind.item.annotation))
    params += [
        inspect.Parameter(p.name, keyword, annotation=p.annotation, default=p.api_value)
        for p in kind.params
    ]
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    endpoint.__name__ = kind.api
    endpoint.__doc__ = kind.doc
    return endpoint


def build_router() -> APIRouter:
    """The API's routes, one per kind of page in :data:`~lodestar.web.page_table.PAGES`."""
    router = APIRouter(prefix="/api", tags=["api"], responses=UNAUTHORISED)
    for kind in PAGES:
        router.add_api_route(
            kind.api_path,
            _endpoint(kind),
            methods=["GET"],
            response_model=kind.context,
            responses=NOT_FOUND if kind.item is not None else None,
        )
    return router
