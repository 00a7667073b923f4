"""The read-only JSON API under /api: every page's data, plus paged lists and metrics.

Responses are the pages' typed contexts (dataclasses, documented in the OpenAPI document that
FastAPI generates at /api/openapi.json) serialised as JSON.

The document is the contract, and the parameters are bounded in it: paging within
``MAX_OFFSET``/``MAX_PAGE``, filters within ``MAX_TEXT`` characters and free of NUL, ``sort`` one
of the listed orders. A request outside those bounds is answered 422 (FastAPI's validation
error), an unknown name 404 with an :class:`ApiError` body, a missing access token 401 (see
:mod:`lodestar.web.security`); every one of these statuses is documented on the routes that can
answer it, and nothing a client sends makes the API answer 500.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, func, select

from lodestar.render.presentation import to_jsonable
from lodestar.store.schema import dependencies, repositories
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import (
    CampaignsContext,
    InitiativesContext,
    campaigns_context,
    initiatives_context,
)
from lodestar.web.contexts_home import HomeContext, PeopleContext, home_context, people_context
from lodestar.web.contexts_inventory import (
    RepositoriesContext,
    RepositoryContext,
    RepositorySort,
    TechnologiesContext,
    find_repository,
    repositories_context,
    repository_context,
    technologies_context,
)
from lodestar.web.contexts_strategy import (
    DecisionContext,
    DecisionsContext,
    FindingsContext,
    RadarContext,
    RadarEntryContext,
    decision_context,
    decisions_context,
    find_decision,
    find_entry,
    findings_context,
    radar_context,
    radar_entry_context,
)

MAX_PAGE = 1000
MAX_OFFSET = 2**31 - 1  # beyond any store's row count, within every engine's integer
MAX_TEXT = 512  # characters of a filter or search value (names are at most 512, see the store)
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refused in the request, not in SQL


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


@dataclass(frozen=True, slots=True)
class DependencyItem:
    repository: str
    purl: str
    ecosystem: str
    name: str
    version: str | None
    constraint: str | None
    scope: str
    direct: bool
    manifest: str
    line: int | None
    licence: str | None = None  # SPDX expression, when the lock file declared one


@dataclass(frozen=True, slots=True)
class DependencyList:
    total: int
    offset: int
    limit: int
    items: tuple[DependencyItem, ...]


@dataclass(frozen=True, slots=True)
class Metrics:
    organisation: str
    repositories: int
    scanned: int
    own_code: int
    dependencies: int
    packages: int
    technologies: int
    eol: dict[str, int]  # state -> declarations
    findings: dict[str, int] | None  # severity -> findings; None: drift has not run
    radar: dict[str, int] | None  # ring -> entries; None: no strategy
    decisions: dict[str, int] | None  # status -> decisions


def dependency_list(
    engine: Engine,
    *,
    name: str | None = None,
    ecosystem: str | None = None,
    repository: str | None = None,
    offset: int = 0,
    limit: int = 100,
) -> DependencyList:
    """One page of the current scans' dependencies (fixtures left out), in a stable order."""
    d = dependencies
    base = (
        select(repositories.c.name.label("repository"), d.c.purl, d.c.ecosystem, d.c.name,
               d.c.version, d.c.constraint, d.c.scope, d.c.direct, d.c.manifest, d.c.line,
               d.c.licence)
        .join(repositories, repositories.c.current_scan_id == d.c.scan_id)
        .where(d.c.fixture.is_(False))
    )  # fmt: skip
    if name:
        base = base.where(func.lower(d.c.name) == name.lower())
    if ecosystem:
        base = base.where(d.c.ecosystem == ecosystem)
    if repository:
        base = base.where(repositories.c.name == repository)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        rows = conn.execute(
            base.order_by(repositories.c.name, d.c.package, d.c.manifest, d.c.version)
            .offset(offset)
            .limit(limit)
        )
        items = tuple(DependencyItem(**row._mapping) for row in rows)
    return DependencyList(int(total), offset, limit, items)


def metrics(cockpit: Cockpit) -> Metrics:
    with cockpit.engine.connect() as conn:
        repos, scanned = conn.execute(
            select(func.count(repositories.c.id), func.count(repositories.c.current_scan_id))
        ).one()
        deps, packages = conn.execute(
            select(func.count(), func.count(func.distinct(dependencies.c.package)))
            .select_from(dependencies)
            .join(repositories, repositories.c.current_scan_id == dependencies.c.scan_id)
            .where(dependencies.c.fixture.is_(False))
        ).one()
    own = sum(r.own_code for r in cockpit.repositories())
    strategy = cockpit.strategy
    return Metrics(
        organisation=cockpit.organisation,
        repositories=int(repos),
        scanned=int(scanned),
        own_code=int(own),
        dependencies=int(deps),
        packages=int(packages),
        technologies=len({e.technology for e in cockpit.evidence()}),
        eol=dict(Counter(x.state for x in cockpit.eol)),
        findings=dict(Counter(f.severity.value for f in cockpit.findings))
        if cockpit.findings is not None
        else None,
        radar=dict(Counter(e.ring for e in strategy.entries)) if strategy else None,
        decisions=dict(Counter(d.status for d in strategy.decisions)) if strategy else None,
    )


def _json(data: Any) -> JSONResponse:
    return JSONResponse(to_jsonable(data))


def _cockpit(request: Request) -> Cockpit:
    cockpit: Cockpit = request.app.state.cockpit.get()
    return cockpit


def _text(description: str) -> Any:
    """An optional text parameter: bounded, without NUL."""
    return Query(description=description, max_length=MAX_TEXT, pattern=NO_NUL)


def _name(description: str) -> Any:
    """A path parameter naming a record: bounded, without NUL."""
    return Path(description=description, min_length=1, max_length=MAX_TEXT, pattern=NO_NUL)


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"], responses=UNAUTHORISED)

    @router.get("/home", response_model=HomeContext)
    def home(request: Request) -> Any:
        """The home page: the four levels of the CTO's work."""
        return _json(home_context(_cockpit(request)))

    @router.get("/repositories", response_model=RepositoriesContext)
    def list_repos(
        request: Request,
        sort: Annotated[RepositorySort, Query(description="Order of the list.")] = "name",
    ) -> Any:
        """Every repository with languages, own code, licence, truck factor and findings."""
        return _json(repositories_context(_cockpit(request), sort))

    @router.get("/repositories/{name}", response_model=RepositoryContext, responses=NOT_FOUND)
    def repository(
        request: Request, name: Annotated[str, _name("Repository name or page slug.")]
    ) -> Any:
        """Everything Lodestar knows about one repository (by name or page slug)."""
        cockpit = _cockpit(request)
        row = find_repository(cockpit, name)
        if row is None:
            raise HTTPException(404, f"no repository {name!r}")
        return _json(repository_context(cockpit, row))

    @router.get("/technologies", response_model=TechnologiesContext)
    def technologies(
        request: Request,
        q: Annotated[str | None, _text("Technology, package name or purl to look up.")] = None,
        range: Annotated[  # noqa: A002  the query parameter's name
            str | None, _text("Version range of the package looked up, e.g. <4.")
        ] = None,
    ) -> Any:
        """Technologies and packages by usage; with ``q``: who uses it, in ``range``."""
        return _json(technologies_context(_cockpit(request), q, range))

    @router.get("/dependencies", response_model=DependencyList)
    def list_dependencies(
        request: Request,
        *,
        name: Annotated[str | None, _text("Package name (any case).")] = None,
        ecosystem: Annotated[str | None, _text("Ecosystem, e.g. pypi, npm.")] = None,
        repository: Annotated[str | None, _text("Repository name.")] = None,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")] = 100,
    ) -> Any:
        """Dependencies of the current scans, a page at a time."""
        return _json(
            dependency_list(
                _cockpit(request).engine,
                name=name,
                ecosystem=ecosystem,
                repository=repository,
                offset=offset,
                limit=limit,
            )
        )

    @router.get("/findings", response_model=FindingsContext)
    def findings(request: Request) -> Any:
        """Drift findings, most severe first."""
        return _json(findings_context(_cockpit(request)))

    @router.get("/radar", response_model=RadarContext)
    def radar(request: Request) -> Any:
        """The radar: entries, blip positions, movement."""
        return _json(radar_context(_cockpit(request)))

    @router.get("/radar/{entry}", response_model=RadarEntryContext, responses=NOT_FOUND)
    def radar_entry(
        request: Request, entry: Annotated[str, _name("Radar entry id or page slug.")]
    ) -> Any:
        """One radar entry: description, ring history, decisions, where it is used."""
        cockpit = _cockpit(request)
        found = find_entry(cockpit, entry)
        if found is None:
            raise HTTPException(404, f"no radar entry {entry!r}")
        return _json(radar_entry_context(cockpit, found))

    @router.get("/decisions", response_model=DecisionsContext)
    def decisions(request: Request) -> Any:
        """Decisions: list, timeline, typed links, due reviews."""
        return _json(decisions_context(_cockpit(request)))

    @router.get("/decisions/{decision}", response_model=DecisionContext, responses=NOT_FOUND)
    def decision(
        request: Request, decision: Annotated[str, _name("Decision id or page slug.")]
    ) -> Any:
        """One decision with its links and weighted evaluation."""
        cockpit = _cockpit(request)
        found = find_decision(cockpit, decision)
        if found is None:
            raise HTTPException(404, f"no decision {decision!r}")
        return _json(decision_context(cockpit, found))

    @router.get("/campaigns", response_model=CampaignsContext)
    def campaigns(request: Request) -> Any:
        """Campaigns with progress, burn-down and projection."""
        return _json(campaigns_context(_cockpit(request)))

    @router.get("/initiatives", response_model=InitiativesContext)
    def initiatives(request: Request) -> Any:
        """Initiatives with milestones and key results."""
        return _json(initiatives_context(_cockpit(request)))

    @router.get("/people", response_model=PeopleContext)
    def people(request: Request) -> Any:
        """Experts, truck factors, knowledge islands, departed owners."""
        return _json(people_context(_cockpit(request)))

    @router.get("/metrics", response_model=Metrics)
    def get_metrics(request: Request) -> Any:
        """Headline figures of the organisation."""
        return _json(metrics(_cockpit(request)))

    return router
