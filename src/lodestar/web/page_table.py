"""The cockpit's one page table: every page (and every API-only view) declared once.

Each :class:`PageKind` says where a page lives (``radar/``, or ``radar/{slug}/`` for one page
per record), its title, template and typed context (a frozen dataclass, the API's response
model), the query parameters it reads, and its place in the navigation. Three readers derive
what they need from :data:`PAGES`:

* the router (:func:`lodestar.web.pages.resolve`, :func:`~lodestar.web.pages.all_paths`);
* the JSON API (:func:`lodestar.web.api.build_router`): one route per kind, in table order;
* the navigation (:data:`NAV`): the kinds with a ``nav`` place, in that order.

The parameters carry their bounds (``MAX_OFFSET``/``MAX_PAGE``, ``MAX_TEXT`` characters, no
NUL): the API validates them, and its OpenAPI document shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any

from fastapi import Query

from lodestar.analysis.training import TrainingPlan
from lodestar.analysis.verdict import Verdict
from lodestar.store import DependencyList, dependency_list
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import (
    CampaignsContext,
    InitiativesContext,
    campaigns_context,
    initiatives_context,
)
from lodestar.web.contexts_findings import FindingsContext, findings_context
from lodestar.web.contexts_home import (
    HomeContext,
    Metrics,
    PeopleContext,
    home_context,
    metrics,
    people_context,
)
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
from lodestar.web.contexts_ip import IP_PATH, IpContext, ip_context
from lodestar.web.contexts_people import WhatIfContext, training_context, whatif_context
from lodestar.web.contexts_policies import PoliciesContext, policies_context
from lodestar.web.contexts_status import StatusContext, status_context
from lodestar.web.contexts_strategy import (
    DecisionContext,
    DecisionsContext,
    RadarContext,
    RadarEntryContext,
    decision_context,
    decisions_context,
    find_decision,
    find_entry,
    radar_context,
    radar_entry_context,
)
from lodestar.web.contexts_teams import (
    TeamContext,
    TeamsContext,
    find_team,
    team_context,
    team_names,
    teams_context,
)
from lodestar.web.contexts_verdict import cockpit_verdict
from lodestar.web.contexts_vulns import (
    BandFilter,
    StatusFilter,
    VulnerabilitiesContext,
    vulnerabilities_context,
)
from lodestar.web.page_kinds import (
    MAX_OFFSET,
    MAX_PAGE,
    Item,
    PageKind,
    Param,
)
from lodestar.web.page_kinds import (
    text_param as _text,
)


def _repositories(
    cockpit: Cockpit, sort: str = "name", team: str | None = None, page: int | str | None = 1
) -> RepositoriesContext:
    return repositories_context(cockpit, sort if sort else "name", team, page)


def _list_page(param: str, what: str) -> Param:
    """The page of a long list an HTML page shows (1 there); the API answers every row unless
    asked for a page, as the static site shows them."""
    return Param(
        param,
        Annotated[
            str,
            Query(
                description=f"Page of the {what} (100 each), or 'all' (the API's default).",
                pattern=r"^(all|[1-9][0-9]{0,9})$",
            ),
        ],
        1,
        api_default="all",
    )


# the team filter of the list pages: kept in their links (sorting), applied by their contexts
_TEAM = Param(
    "team",
    Annotated[str | None, _text("Team name: only the repositories it owns (see /teams).")],
)


# the findings page's filters (the team filter is _TEAM); the CSV export reads the same
FINDING_FILTERS = (
    Param("q", Annotated[str | None, _text("Words every listed finding contains (any case).")]),
    Param(
        "severity",
        Annotated[
            str | None,
            Query(description="Only this severity.", pattern=r"^(error|warning|note)?$"),
        ],
    ),
    Param("rule", Annotated[str | None, _text("Rule id, e.g. eol-past.")]),
    Param(
        "repository",
        Annotated[str | None, _text("Repository name ('(organisation)': organisation-wide).")],
    ),
    Param("owner", Annotated[str | None, _text("Owner as declared ('(unowned)': nobody).")]),
    Param(
        "waived",
        Annotated[
            str,
            Query(
                description="open (the default), waived (by a live exception) or all.",
                pattern=r"^(open|waived|all)$",
            ),
        ],
        "open",
    ),
)


def _technologies(
    cockpit: Cockpit,
    q: str | None = None,
    range: str | None = None,  # noqa: A002  the query parameter's name
) -> TechnologiesContext:
    return technologies_context(cockpit, q, range)


def _dependencies(cockpit: Cockpit, **filters: Any) -> DependencyList:
    unfiltered = not any(filters.get(k) for k in ("name", "ecosystem", "repository"))
    total = cockpit.counts().dependencies if unfiltered else None  # counted once a cockpit
    return dependency_list(cockpit.engine, total=total, **filters)


def _strategy_records(name: str) -> Callable[[Cockpit], Iterable[Any]]:
    def every(cockpit: Cockpit) -> Iterable[Any]:
        strategy = cockpit.strategy
        return getattr(strategy, name) if strategy else ()

    return every


_REPOSITORY = Item(
    "name",
    "Repository name or page slug.",
    "repository",
    find_repository,
    lambda cockpit: cockpit.repositories(),
    key=lambda row: row.name,
    title=lambda row: row.name,
)
_RADAR_ENTRY = Item(
    "entry",
    "Radar entry id or page slug.",
    "radar entry",
    find_entry,
    _strategy_records("entries"),
    key=lambda entry: entry.id,
    title=lambda entry: entry.title,
)
_DECISION = Item(
    "decision",
    "Decision id or page slug.",
    "decision",
    find_decision,
    _strategy_records("decisions"),
    key=lambda decision: decision.id,
    title=lambda decision: decision.title,
)
_TEAM_ITEM = Item(
    "team",
    "Team name (any case) or page slug.",
    "team",
    find_team,
    team_names,
    key=lambda name: name,
    title=lambda name: name,
)

# in the order of the API's document; the navigation's order is each page's nav place
PAGES: tuple[PageKind, ...] = (
    PageKind(
        "",
        "Home",
        "home.html",
        HomeContext,
        home_context,
        "home",
        "The home page: the four levels of the CTO's work.",
        nav=(0, "Home"),
    ),
    PageKind(
        "repositories/",
        "Repositories",
        "repositories.html",
        RepositoriesContext,
        _repositories,
        "list_repos",
        "Every repository with languages, own code, licence, truck factor and findings.",
        nav=(3, "Repositories"),
        params=(
            Param(
                "sort",
                Annotated[RepositorySort, Query(description="Order of the list.")],
                "name",
            ),
            _TEAM,
            _list_page("page", "repositories"),
        ),
    ),
    PageKind(
        "repositories/",
        "Repository",
        "repository.html",
        RepositoryContext,
        repository_context,
        "repository",
        "Everything Lodestar knows about one repository (by name or page slug).",
        params=(_list_page("deps_page", "dependency rows"),),
        item=_REPOSITORY,
    ),
    PageKind(
        "technologies/",
        "Technologies and dependencies",
        "technologies.html",
        TechnologiesContext,
        _technologies,
        "technologies",
        "Technologies and packages by usage; with ``q``: who uses it, in ``range``.",
        nav=(2, "Technologies"),
        params=(
            Param(
                "q",
                Annotated[str | None, _text("Technology, package name or purl to look up.")],
            ),
            Param(
                "range",
                Annotated[str | None, _text("Version range of the package looked up, e.g. <4.")],
            ),
        ),
    ),
    PageKind(
        "dependencies/",
        "Dependencies",
        None,
        DependencyList,
        _dependencies,
        "list_dependencies",
        "Dependencies of the current scans, a page at a time.",
        params=(
            Param("name", Annotated[str | None, _text("Package name (any case).")]),
            Param("ecosystem", Annotated[str | None, _text("Ecosystem, e.g. pypi, npm.")]),
            Param("repository", Annotated[str | None, _text("Repository name.")]),
            Param(
                "offset",
                Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")],
                0,
            ),
            Param(
                "limit",
                Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")],
                100,
            ),
        ),
    ),
    PageKind(
        "findings/",
        "Findings",
        "findings.html",
        FindingsContext,
        findings_context,
        "findings",
        "Drift findings, most severe first and grouped by rule, with the owner of each; "
        "filtered by severity, rule, repository, owner, team, waived and a text search, with "
        "the count of each filter's values (``facets``).",
        nav=(5, "Findings"),
        params=(_TEAM, _list_page("page", "findings"), *FINDING_FILTERS),
    ),
    PageKind(
        "radar/",
        "Radar",
        "radar.html",
        RadarContext,
        radar_context,
        "radar",
        "The radar: entries, blip positions, movement.",
        nav=(1, "Radar"),
    ),
    PageKind(
        "radar/",
        "Radar entry",
        "radar_entry.html",
        RadarEntryContext,
        radar_entry_context,
        "radar_entry",
        "One radar entry: description, ring history, decisions, where it is used.",
        item=_RADAR_ENTRY,
    ),
    PageKind(
        "decisions/",
        "Decisions",
        "decisions.html",
        DecisionsContext,
        decisions_context,
        "decisions",
        "Decisions: list, timeline, typed links, due reviews.",
        nav=(4, "Decisions"),
    ),
    PageKind(
        "decisions/",
        "Decision",
        "decision.html",
        DecisionContext,
        decision_context,
        "decision",
        "One decision with its links and weighted evaluation.",
        item=_DECISION,
    ),
    PageKind(
        IP_PATH,
        "IP office",
        "ip.html",
        IpContext,
        ip_context,
        "ip",
        "The IP office: the register's counts (disclosures by status, patent families, "
        "outbound projects, trade secrets, export records and crypto use), the deadlines to act "
        "on (missed first, then due within 90 days) and the ip-* and notice-* findings; "
        "``summary`` is what 'lodestar ip --json' prints.",
        nav=(4, "IP"),
    ),
    PageKind(
        "policies/",
        "Policies",
        "policies.html",
        PoliciesContext,
        policies_context,
        "policies",
        "The workspace's policies in plain words, each declaration with its path:line; the "
        "open findings of each rule family (the per-rule summary, as 'lodestar check' counts "
        "them); the exceptions with their expiry (expired, expiring within 30 days).",
        nav=(4, "Policies"),
    ),
    PageKind(
        "campaigns/",
        "Campaigns",
        "campaigns.html",
        CampaignsContext,
        campaigns_context,
        "campaigns",
        "Campaigns with progress, burn-down and projection.",
        nav=(6, "Campaigns"),
        params=(_TEAM,),
    ),
    PageKind(
        "initiatives/",
        "Initiatives",
        "initiatives.html",
        InitiativesContext,
        initiatives_context,
        "initiatives",
        "Initiatives with milestones and key results.",
        nav=(7, "Initiatives"),
    ),
    PageKind(
        "vulnerabilities/",
        "Vulnerabilities",
        "vulnerabilities.html",
        VulnerabilitiesContext,
        vulnerabilities_context,
        "vulnerabilities",
        "Advisories matched against the current scans, their exposure history per month and "
        "the time to remediate per team.",
        nav=(9, "Vulnerabilities"),
        params=(
            Param(
                "severity",
                Annotated[
                    BandFilter | None,
                    Query(description="Only advisories of this band or a more severe one."),
                ],
            ),
            Param("status", Annotated[StatusFilter | None, Query(description="Match status.")]),
            Param("repository", Annotated[str | None, _text("Repository name.")]),
            Param("team", Annotated[str | None, _text("Owner team ('unowned': none).")]),
        ),
    ),
    PageKind(
        "people/",
        "People",
        "people.html",
        PeopleContext,
        people_context,
        "people",
        "Experts, truck factors, knowledge islands, departed owners; the departed owners and "
        "the experts a page at a time (``page``, ``experts_page``; the pagers hold the totals).",
        nav=(8, "People"),
        params=(
            _TEAM,
            Param(
                "page",
                Annotated[
                    int,
                    Query(
                        ge=1, le=MAX_OFFSET, description="Page of the departed owners (50 each)."
                    ),
                ],
                1,
            ),
            Param(
                "experts_page",
                Annotated[
                    int,
                    Query(
                        ge=1, le=MAX_OFFSET, description="Page of the experts (30 technologies)."
                    ),
                ],
                1,
            ),
        ),
    ),
    PageKind(
        "whatif/",
        "Off-boarding what-if",
        "whatif.html",
        WhatIfContext,
        whatif_context,
        "whatif",
        "What is lost if people leave (``leave``: name, email or person key, repeated; "
        "``team``; ``inactive_since``; together): ``effect`` is 'lodestar whatif --json'. Also "
        "the people whose departure alone drops a repository's active truck factor to 0 or 1, "
        "and each team's effect.",
        nav=(8, "What-if"),
        params=(
            Param(
                "leave", Annotated[list[str] | None, Query(description="Who leaves.")], many=True
            ),
            Param("team", Annotated[str | None, _text("Everyone in this team leaves.")]),
            Param(
                "inactive_since",
                Annotated[
                    str | None, Query(description="YYYY-MM-DD", pattern=r"^(\d{4}-\d\d-\d\d)?$")
                ],
            ),
        ),
    ),
    PageKind(
        "training/",
        "Training plan",
        "training.html",
        TrainingPlan,
        training_context,
        "training",
        "The training plan for the radar Adopt/Trial entries and the languages short of two "
        "active experts: mentors, learners, pairings, target, progress since the previous "
        "quarter; as 'lodestar training --json'.",
        nav=(8, "Training"),
    ),
    PageKind(
        "teams/",
        "Teams",
        "teams.html",
        TeamsContext,
        teams_context,
        "teams",
        "Every team with its members, repositories, findings, campaigns and knowledge risk; "
        "the repositories with no declared owner.",
        nav=(9, "Teams"),
    ),
    PageKind(
        "teams/",
        "Team",
        "team.html",
        TeamContext,
        team_context,
        "team",
        "One team: members, repositories with their owners, findings, campaigns, knowledge risk.",
        item=_TEAM_ITEM,
    ),
    PageKind(
        "metrics/",
        "Metrics",
        None,
        Metrics,
        metrics,
        "get_metrics",
        "Headline figures of the organisation.",
    ),
    PageKind(
        "status/",
        "Status",
        None,
        StatusContext,
        status_context,
        "get_status",
        "What the cockpit can show now: whether a scan was read (before the first, the lists "
        "of observed data are empty), the strategy files' problems (while a file is "
        "invalid, the pages show the last valid declarations) and lodestar.toml's (while it "
        "is invalid, the cockpit keeps the last valid settings).",
    ),
    PageKind(
        "verdict/",
        "Verdict",
        None,
        Verdict,
        cockpit_verdict,
        "get_verdict",
        "The verdict: a score from 0 to 100 per level of the CTO's work (strategy, execution, "
        "change, communication) with its red/amber/green, 12-month series and changes since the "
        "last radar edition and last month, and the top actions (as 'lodestar verdict --json').",
    ),
)

# the navigation: the pages with a place in it, in the order of their places
NAV: tuple[tuple[str, str], ...] = tuple(
    (path, label)
    for (_, label), path in sorted((k.nav, k.path) for k in PAGES if k.nav is not None)
)
