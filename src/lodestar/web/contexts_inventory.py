"""Contexts of the pages built on observed data: repositories, technologies and dependencies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

from lodestar.analysis.activity import RepoActivity
from lodestar.analysis.knowledge import KnowledgeRisk
from lodestar.errors import NotFoundError, UsageError
from lodestar.records import RepositoryRow, StageFailure
from lodestar.store import find_dependencies, list_warnings
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_common import Chart, Pager, Series, one_series_chart, paginate
from lodestar.web.contexts_history import HistoryView, history_view
from lodestar.web.contexts_teams import OwnerView, TeamFilter, owner_view, team_scope
from lodestar.web.contexts_vulns import RepositoryVulnerabilities, repository_vulnerabilities
from lodestar.web.links import slug
from lodestar.web.names import category_name, product_name

# the orders of the repositories page; the API's document lists them as the values of ``sort``
RepositorySort = Literal[
    "name", "language", "own_code", "licence", "findings", "truck_factor", "activity"
]
SORT_KEYS: tuple[str, ...] = get_args(RepositorySort)
REPOSITORIES_PAGE = 100  # repositories a page of the repositories page
DEPENDENCIES_PAGE = 100  # dependency rows a page of a repository's page
NO_REPOSITORIES = Pager("page", 1, 1, 0, REPOSITORIES_PAGE)  # the pagers of empty lists
NO_DEPENDENCIES = Pager("deps_page", 1, 1, 0, DEPENDENCIES_PAGE)


@dataclass(frozen=True, slots=True)
class RepositorySummary:
    name: str
    slug: str
    languages: tuple[str, ...]  # top three by own code
    own_code: int
    files: int
    licence: str | None
    licence_status: str | None
    commit: str | None
    committed_at: str | None
    findings: int | None  # None: no strategy to hold the repository against
    truck_factor: int | None  # None: history not mined
    last_error: str | None  # why the last scan failed (also in ``failures``)
    active_contributors: int | None = None  # None: history not mined
    last_activity: str | None = None  # date of the last commit of the mined history
    dormant: bool | None = None
    failures: tuple[StageFailure, ...] = ()  # stages whose last run failed, and why
    owner: tuple[str, ...] = ()  # the declared owners, as written
    team: str | None = None  # the team the declared owner is or belongs to


@dataclass(frozen=True, slots=True)
class RepositoriesContext:
    organisation: str
    repositories: tuple[RepositorySummary, ...]
    sort: str
    total_code: int
    history_note: str | None  # why activity and truck factor are empty
    findings_note: str | None
    languages_chart: Chart
    team: TeamFilter  # the ``?team=`` filter the list is narrowed to
    # ``repositories`` is this page of the list (``?page=``); the pager holds the total
    pager: Pager = NO_REPOSITORIES


def _findings_by_repo(cockpit: Cockpit) -> Counter[str] | None:
    if cockpit.findings is None:
        return None
    return Counter(f.repository for f in cockpit.findings if f.repository)


class _Lookups:
    """Per-repository figures of the cockpit, indexed once."""

    def __init__(self, cockpit: Cockpit) -> None:
        self.findings = _findings_by_repo(cockpit)
        self.risks: dict[str, KnowledgeRisk] = {r.repository: r for r in cockpit.risks or ()}
        self.activity: dict[str, RepoActivity] = {
            a.repository: a for a in (cockpit.activity.repositories if cockpit.activity else ())
        }
        self.owners = cockpit.owners or {}

    def summary(self, row: RepositoryRow) -> RepositorySummary:
        risk = self.risks.get(row.name)
        act = self.activity.get(row.name)
        owner = self.owners.get(row.name)
        return RepositorySummary(
            name=row.name,
            slug=slug(row.name),
            languages=tuple(lang for lang, _ in row.languages[:3]),
            own_code=row.own_code,
            files=row.files,
            licence=row.licence,
            licence_status=row.licence_status,
            commit=row.commit[:12] if row.commit else None,
            committed_at=row.committed_at,
            findings=self.findings.get(row.name, 0) if self.findings is not None else None,
            truck_factor=risk.active_truck_factor.value if risk else None,
            last_error=row.last_error,
            active_contributors=act.active_contributors if act else None,
            last_activity=act.last_commit.date().isoformat() if act and act.last_commit else None,
            dormant=act.dormant if act else None,
            failures=row.failures,
            owner=owner.declared if owner else (),
            team=owner.team if owner else None,
        )


def repositories_context(
    cockpit: Cockpit, sort: str = "name", team: str | None = None, page: int | str | None = 1
) -> RepositoriesContext:
    """The repositories page; ``page`` picks the page of the list (``"all"``: every row, as the
    static site and the API show them; a page beyond the last is the last)."""
    if sort not in SORT_KEYS:
        raise UsageError(f"unknown sort {sort!r}; use one of {', '.join(SORT_KEYS)}")
    scope = team_scope(cockpit, team)
    key = f"repositories:{sort}:{scope.filter.team if scope.filter.known else None}"
    rows = cockpit.derived(key, lambda: _sorted_summaries(cockpit, sort, scope.admits))
    shown, pager = paginate(rows, page, REPOSITORIES_PAGE)
    top = sorted(rows, key=lambda r: -r.own_code)[:20]
    return RepositoriesContext(
        organisation=cockpit.organisation,
        repositories=shown,
        sort=sort,
        total_code=sum(r.own_code for r in rows),
        history_note=cockpit.note("history"),
        findings_note=cockpit.note("drift"),
        languages_chart=one_series_chart(
            "repo-size",
            "hbar",
            "Largest repositories by own code",
            "own code lines",
            ((r.name, r.own_code) for r in top),
        ),
        team=scope.filter,
        pager=pager,
    )


def _sorted_summaries(
    cockpit: Cockpit, sort: str, admits: Callable[[str | None], bool]
) -> tuple[RepositorySummary, ...]:
    """Every kept repository's summary in the page's order (derived once a cockpit per order
    and team: the pages of the list are slices of it)."""
    lookups = cockpit.derived("repository-lookups", lambda: _Lookups(cockpit))
    rows = [lookups.summary(r) for r in cockpit.repositories() if admits(r.name)]
    rows.sort(key=lambda r: r.name.lower())
    if sort == "language":
        rows.sort(key=lambda r: r.languages[0] if r.languages else "~")
    elif sort == "own_code":
        rows.sort(key=lambda r: -r.own_code)
    elif sort == "licence":
        rows.sort(key=lambda r: r.licence or "~")
    elif sort == "findings":
        rows.sort(key=lambda r: -(r.findings or 0))
    elif sort == "truck_factor":
        rows.sort(key=lambda r: r.truck_factor if r.truck_factor is not None else 10**6)
    elif sort == "activity":
        rows.sort(key=lambda r: r.last_activity or "", reverse=True)
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class DependencyRow:
    purl: str
    name: str
    ecosystem: str
    version: str | None
    constraint: str | None
    scope: str
    direct: bool
    manifest: str
    line: int | None


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    technology: str
    name: str
    via: str
    evidence: str
    path: str


@dataclass(frozen=True, slots=True)
class RuntimeExposure:
    product: str
    version: str
    declared: str
    path: str
    line: int | None
    state: str  # past-eol | ending-soon | admits-eol | supported | unknown
    eol: str | None
    intent: str = "deployed"  # deployed | supported (a range) | development
    name: str = ""  # the product's name (the catalog technology tracking it), shown for it


@dataclass(frozen=True, slots=True)
class RadarMark:
    entry: str
    title: str
    ring: str
    technology: str


@dataclass(frozen=True, slots=True)
class FindingRow:
    rule: str
    severity: str
    message: str
    evidence: tuple[str, ...]
    hint: str


@dataclass(frozen=True, slots=True)
class RepositoryContext:
    summary: RepositorySummary
    path: str
    bare: bool
    licence_declared: str | None
    licence_detected: str | None
    languages: tuple[tuple[str, int], ...]  # code languages: programming and markup
    data_languages: tuple[tuple[str, int], ...]  # data and prose, shown beside
    technologies: tuple[EvidenceRow, ...]
    dependencies: tuple[DependencyRow, ...]  # this page of them (``?deps_page=``)
    runtimes: tuple[RuntimeExposure, ...]
    warnings: tuple[tuple[str, str], ...]  # (path, message)
    radar: tuple[RadarMark, ...]  # the radar entries it uses (their matchers match it)
    off_radar: tuple[str, ...]  # its technologies no radar entry names (radar-missing)
    findings: tuple[FindingRow, ...] | None
    findings_note: str | None
    history: HistoryView | None
    history_note: str | None
    languages_chart: Chart
    owner: OwnerView | None  # declared and observed owners; None: no ownership data
    vulnerabilities: RepositoryVulnerabilities
    dependencies_pager: Pager = NO_DEPENDENCIES  # where ``dependencies`` stands; the total


def find_repository(cockpit: Cockpit, key: str) -> RepositoryRow | None:
    """A repository by name or by its URL slug."""

    def index() -> dict[str, RepositoryRow]:
        out: dict[str, RepositoryRow] = {}
        for row in reversed(cockpit.repositories()):  # the first of a name or slug wins
            out[slug(row.name)] = out[row.name] = row
        return out

    return cockpit.derived("repository-by-key", index).get(key)


def _radar_marks(cockpit: Cockpit, entry_ids: tuple[str, ...]) -> tuple[RadarMark, ...]:
    by_id = {e.id: e for e in cockpit.strategy.entries} if cockpit.strategy else {}
    marks = (
        RadarMark(
            e.id,
            e.title,
            e.ring,
            next((m.technology or m.purl or "" for m in e.matchers), ""),
        )
        for e in (by_id[i] for i in entry_ids if i in by_id)
    )
    return tuple(sorted(marks, key=lambda r: (r.ring, r.title.lower())))


def _off_radar(cockpit: Cockpit, rows: tuple[EvidenceRow, ...]) -> tuple[str, ...]:
    """Names of the technologies no radar entry names (``radar-missing``); none without a
    strategy (there is no radar to be on)."""
    if cockpit.strategy is None:
        return ()
    known = cockpit.radar_coverage().technologies
    return tuple(
        sorted({r.name for r in rows if (c := known.get(r.technology)) is None or not c.on_radar})
    )


def _evidence_rows(cockpit: Cockpit, row: RepositoryRow) -> tuple[EvidenceRow, ...]:
    catalog = cockpit.technologies()
    evidence = cockpit.grouped("evidence", cockpit.evidence).get(row.name, ())
    return tuple(
        EvidenceRow(
            e.technology,
            t.name if (t := catalog.get(e.technology)) else e.technology,
            e.via,
            e.evidence,
            e.path,
        )
        for e in evidence
    )


def _runtime_rows(cockpit: Cockpit, row: RepositoryRow) -> tuple[RuntimeExposure, ...]:
    exposures = {
        (x.product, x.path, x.declared, x.intent): x
        for x in cockpit.grouped("eol", lambda: cockpit.eol).get(row.name, ())
    }
    runtimes = []
    catalog = cockpit.technologies()
    for r in cockpit.grouped("runtimes", cockpit.runtimes).get(row.name, ()):
        x = exposures.get((r.product, r.path, r.declared, r.intent))
        runtimes.append(
            RuntimeExposure(
                r.product,
                r.version,
                r.declared,
                r.path,
                r.line,
                x.state if x else "unknown",
                x.eol if x else None,
                r.intent,
                product_name(catalog, r.product),
            )
        )
    return tuple(runtimes)


def _dependency_rows(cockpit: Cockpit, row: RepositoryRow) -> tuple[DependencyRow, ...]:
    return tuple(
        DependencyRow(
            d.purl,
            d.name,
            d.ecosystem,
            d.version,
            d.constraint,
            d.scope,
            d.direct,
            d.manifest,
            d.line,
        )
        for d in find_dependencies(cockpit.engine, repository=row.name, include_fixtures=True)
    )


def _finding_rows(cockpit: Cockpit, row: RepositoryRow) -> tuple[FindingRow, ...] | None:
    if cockpit.findings is None:
        return None
    findings = cockpit.findings
    return tuple(
        FindingRow(f.rule, f.severity.value, f.message, f.evidence, f.hint)
        for f in cockpit.grouped("findings", lambda: findings).get(row.name, ())
    )


def repository_context(
    cockpit: Cockpit, row: RepositoryRow, deps_page: int | str | None = 1
) -> RepositoryContext:
    """One repository's page; ``deps_page`` picks the page of its dependency rows (``"all"``:
    every row, as the static site and the API show them)."""
    engine = cockpit.engine
    tech_rows = _evidence_rows(cockpit, row)
    runtimes = _runtime_rows(cockpit, row)
    deps, deps_pager = paginate(
        _dependency_rows(cockpit, row), deps_page, DEPENDENCIES_PAGE, "deps_page"
    )
    findings = _finding_rows(cockpit, row)
    coverage = cockpit.radar_coverage()
    return RepositoryContext(
        summary=cockpit.derived("repository-lookups", lambda: _Lookups(cockpit)).summary(row),
        path=row.path,
        bare=row.bare,
        licence_declared=row.licence_declared,
        licence_detected=row.licence_detected,
        languages=row.languages,
        data_languages=row.data_languages,
        technologies=tech_rows,
        dependencies=deps,
        dependencies_pager=deps_pager,
        runtimes=runtimes,
        warnings=tuple((w.path, w.message) for w in list_warnings(engine, row.name)),
        radar=_radar_marks(cockpit, coverage.entries_used_by(row.name)),
        off_radar=_off_radar(cockpit, tech_rows),
        findings=findings,
        findings_note=cockpit.note("drift"),
        history=history_view(cockpit, row.name),
        history_note=cockpit.note("history"),
        languages_chart=Chart(
            id="repo-languages",
            kind="hbar",
            title="Own code by language",
            labels=tuple(lang for lang, _ in row.languages),
            series=(Series("code lines", tuple(float(n) for _, n in row.languages)),),
        ),
        owner=owner_view(cockpit, row.name),
        vulnerabilities=repository_vulnerabilities(cockpit, row.name),
    )


@dataclass(frozen=True, slots=True)
class TechnologyRow:
    id: str
    name: str
    category: str
    repositories: int
    category_name: str  # the category's label ("CI/CD" for ci-cd)
    ring: str | None  # the ring of the first radar entry naming it (None: not on the radar)
    entry: str | None
    radar: tuple[RadarMark, ...]  # every radar entry naming it, whatever its version range


@dataclass(frozen=True, slots=True)
class PackageRow:
    package: str
    ecosystem: str
    name: str
    repositories: int
    versions: int


@dataclass(frozen=True, slots=True)
class UseRow:
    repository: str
    package: str  # pkg:type/namespace/name: which package, when a name means several
    name: str  # as written: @types/react, org.slf4j:slf4j-api
    ecosystem: str
    version: str | None
    constraint: str | None
    scope: str
    direct: bool
    manifest: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    range: str | None
    error: str | None
    uses: tuple[UseRow, ...]
    repositories: tuple[str, ...]
    unresolved: int
    unparsable: int
    spread_chart: Chart | None
    packages: tuple[str, ...] = ()  # the purls the query selected (several: ambiguous, glob)
    ambiguous: bool = False  # an exact name that several ecosystems carry


@dataclass(frozen=True, slots=True)
class TechnologiesContext:
    technologies: tuple[TechnologyRow, ...]
    packages: tuple[PackageRow, ...]
    ecosystems: tuple[tuple[str, int], ...]  # ecosystem -> packages
    search: SearchResult | None
    categories_chart: Chart
    packages_chart: Chart


def _search(cockpit: Cockpit, query: str, version_range: str | None) -> SearchResult:
    try:
        found = cockpit.who_uses(query, version_range or None)
    except (UsageError, NotFoundError) as exc:
        return SearchResult(query, version_range, str(exc), (), (), 0, 0, None)
    spread = found.spread[:30]
    return SearchResult(
        query=query,
        range=version_range or None,
        error=None,
        uses=tuple(
            UseRow(
                u.repository,
                u.package,
                u.name,
                u.ecosystem,
                u.version,
                u.constraint,
                u.scope,
                u.direct,
                u.manifest,
            )
            for u in found.uses
        ),
        repositories=found.repositories,
        unresolved=found.unresolved,
        unparsable=found.unparsable,
        spread_chart=Chart(
            id="version-spread",
            kind="bar",
            title=f"Version spread of {query}",
            labels=tuple(v for v, _ in spread),
            series=(Series("repositories", tuple(float(n) for _, n in spread)),),
            x_title="version",
            y_title="repositories",
        ),
        packages=tuple(p.package for p in found.packages),
        ambiguous=found.ambiguous,
    )


def technologies_context(
    cockpit: Cockpit,
    query: str | None = None,
    version_range: str | None = None,
    *,
    limit: int = 100,
) -> TechnologiesContext:
    coverage = cockpit.radar_coverage()
    rows = []
    for u in cockpit.usage():
        found = coverage.technologies.get(u.id)
        ids = found.entries if found else ()
        marks = _radar_marks(cockpit, ids)
        first = next((m for m in marks if m.entry == ids[0]), None) if ids else None
        rows.append(
            TechnologyRow(
                u.id,
                u.name,
                u.category,
                len(u.repositories),
                category_name(u.category),
                first.ring if first else None,
                first.entry if first else None,
                marks,
            )
        )
    techs = tuple(rows)
    all_packages = cockpit.packages()
    ecosystems = Counter(p.ecosystem for p in all_packages)
    packages = tuple(
        PackageRow(p.package, p.ecosystem, p.name, p.repositories, p.versions)
        for p in all_packages[:limit]
    )
    categories = Counter(t.category_name for t in techs).most_common()
    top = packages[:15]
    return TechnologiesContext(
        technologies=techs,
        packages=packages,
        ecosystems=tuple(sorted(ecosystems.items(), key=lambda kv: (-kv[1], kv[0]))),
        search=_search(cockpit, query.strip(), version_range) if query and query.strip() else None,
        categories_chart=one_series_chart(
            "tech-categories", "hbar", "Technologies in use by category", "technologies", categories
        ),
        packages_chart=one_series_chart(
            "top-packages",
            "hbar",
            "Most used packages (direct dependencies)",
            "repositories",
            ((p.name, p.repositories) for p in top),
        ),
    )
