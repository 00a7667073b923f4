"""What the cockpit reads: the read-only store, the workspace's declarations, the analyses.

:class:`Cockpit` gathers, for one rendering, everything the pages are built from. Observed data
(the store) is always there once a scan ran. The other inputs may be missing — the workspace has
no strategy files, history was not mined — and the cockpit records *why* in
:attr:`Cockpit.missing`, so a page says "no data yet: run …" instead of showing invented
figures. Tests build a Cockpit directly with the records they need.

:func:`load_cockpit` loads the organisation's records
(:func:`lodestar.store.organisation.load_organisation`) and takes every figure from the one
evaluator of the organisation (:func:`lodestar.analysis.organisation.evaluate_organisation`:
drift with the radar's ring history, campaigns, initiatives, end-of-life exposure, radar
coverage, knowledge risk, skills, activity), through
:func:`lodestar.analysis.figures.organisation_figures`, so the pages show what ``lodestar
check`` shows; the app keeps the result for a few seconds (:class:`CockpitCache`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Engine

from lodestar.analysis import (
    CampaignReport,
    DependencySearch,
    Exposure,
    HistoryFigures,
    InitiativeReport,
    OrganisationReport,
    TechnologyUsage,
    build_report,
    evaluate_organisation,
    open_vulnerabilities,
    organisation_figures,
    package_index,
    packages_named,
    radar_advisories,
    search_dependencies,
    teams,
    technology_usage,
    truck_factor_repositories,
    with_code_languages,
)
from lodestar.analysis.activity import OrgActivity
from lodestar.analysis.coverage import RadarCoverage, radar_coverage
from lodestar.analysis.delivery import Delivery
from lodestar.analysis.exposure import VulnerabilityExposure
from lodestar.analysis.hotspots import Hotspot
from lodestar.analysis.knowledge import KnowledgeRisk
from lodestar.analysis.skills import Skill
from lodestar.analysis.verdict import Thresholds
from lodestar.catalog import EolCatalog, TechnologyCatalog, load_catalog, load_eol
from lodestar.errors import ConfigError, LodestarError, StrategyError
from lodestar.records import (
    Finding,
    MonthlySnapshot,
    Observation,
    OrganisationData,
    PolicyException,
    RadarMove,
    RepositoryRow,
    RuntimeRow,
    Strategy,
    TechnologyEvidence,
)
from lodestar.records.ip import IpRegister
from lodestar.records.ip_observed import IpObservations
from lodestar.records.owners import RepositoryOwner, Team
from lodestar.records.vulns import Vulnerability, VulnerabilityPolicy
from lodestar.store import (
    CurrentCounts,
    PackageCount,
    advisory_imports,
    current_counts,
    declared_runtimes,
    find_dependencies,
    kind_totals,
    list_repositories,
    load_observations,
    load_organisation,
    organisation_languages,
    package_counts,
    package_names,
    technology_evidence,
)
from lodestar.strategy import Edition, load_strategy, radar_editions, radar_history

# input -> the "no data yet" sentence shown while it is missing
HINTS = {
    "strategy": "no strategy files yet: add radar/, decisions/ and policies/ files to the "
    "workspace, then run 'lodestar validate'",
    "radar-history": "no ring history yet: commit the workspace's radar/ folder to git so "
    "movement can be read from its history",
    "drift": "no findings yet: declare a strategy in the workspace (radar, decisions, "
    "policies), then run 'lodestar check'",
    "history": "no history yet: run 'lodestar scan' (it mines the repositories' git history "
    "unless --no-history)",
    "people": "no people data yet: run 'lodestar scan' to mine who works where",
    "advisories": "no advisories imported yet: run 'lodestar vulns update --from FILE_OR_URL' "
    "(an OSV JSON file, a folder of them, or an ecosystem's all.zip from OSV)",
    # a capitalised note is shown as is ("No data yet." is not put before it)
    "scan": "No scan yet: run 'lodestar scan' to read the repositories listed under [sources] "
    "in lodestar.toml; the strategy pages (Radar, Decisions, Campaigns, Initiatives) already "
    "show the workspace's files",
}
MAX_PROBLEMS_SHOWN = 10  # the banner lists this many problems, then "and N more"


@dataclass(frozen=True, slots=True)
class VerdictOptions:
    """The settings the verdict reads besides the evaluation's figures."""

    thresholds: Thresholds
    windows: tuple[int, int]  # (active_days, departed_days) the evaluation used
    eol: EolCatalog


T = TypeVar("T")
R = TypeVar("R")


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class Cockpit:
    """Inputs of every page. ``None`` means "not available": see ``missing`` for why."""

    engine: Engine
    organisation: str
    today: dt.date = field(default_factory=_today)
    catalog: TechnologyCatalog | None = None
    eol: tuple[Exposure, ...] = ()
    strategy: Strategy | None = None
    moves: tuple[RadarMove, ...] | None = None
    editions: tuple[Edition, ...] = ()  # the workspace's tags (or radar commit dates), oldest first
    findings: tuple[Finding, ...] | None = None
    # the findings a live policy exception waives, with it; None: none known (or no drift)
    waived: tuple[tuple[Finding, PolicyException], ...] | None = None
    snapshots: tuple[MonthlySnapshot, ...] | None = None
    campaigns: tuple[CampaignReport, ...] | None = None
    initiatives: tuple[InitiativeReport, ...] | None = None
    risks: tuple[KnowledgeRisk, ...] | None = None
    skills: tuple[Skill, ...] | None = None
    activity: OrgActivity | None = None
    deliveries: tuple[Delivery, ...] | None = None  # release cadence per repository
    hotspots: tuple[tuple[str, Hotspot], ...] | None = None  # (repository, file), top first
    # each repository's top files (its page); None: derived from its history when needed
    repository_hotspots: Mapping[str, tuple[Hotspot, ...]] | None = None
    observed: tuple[Observation, ...] | None = None  # None: read from the store when needed
    coverage: RadarCoverage | None = None  # None: derived from the observations when needed
    vulnerabilities: tuple[Vulnerability, ...] | None = None  # the current scans' matches
    exposure: VulnerabilityExposure | None = None  # the exposure history (monthly snapshots)
    owners: Mapping[str, RepositoryOwner] | None = None  # by repository; None: not evaluated
    teams: tuple[Team, ...] | None = None  # declared teams (people.toml, Backstage Groups)
    # radar entry id -> the advisories open against what it describes (VEX applied); None:
    # derived from ``vulnerabilities`` the same way when needed (a cockpit built by hand)
    radar_advisories: dict[str, tuple[str, ...]] | None = None
    missing: dict[str, str] = field(default_factory=dict)
    # the strategy files' problems now; with ``strategy`` set, it is the last valid one
    strategy_problems: tuple[StrategyProblem, ...] = ()
    # lodestar.toml's problem while it is invalid (edited while serving): the cockpit keeps the
    # last valid settings (:class:`lodestar.web.generation.CockpitBuilder`)
    settings_problems: tuple[StrategyProblem, ...] = ()
    # the verdict's thresholds, presence windows and EOL catalog ([verdict], [history] and
    # eol_dirs settings); None: the defaults (a cockpit built by hand)
    verdict_options: VerdictOptions | None = None
    parts: CockpitParts | None = field(default=None, compare=False, repr=False)  # for a rebuild
    # not an init field: ``dataclasses.replace`` with other inputs starts with no derived figure
    _memo: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    def _cached(self, key: str, compute: Callable[[], T]) -> T:
        """Organisation-wide queries, run once per cockpit (the app rebuilds it every ttl)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast("T", self._memo[key])

    def derived(self, key: str, compute: Callable[[], T]) -> T:
        """A figure a page derives from the cockpit's inputs (an index, a lookup table), computed
        once per cockpit and shared by every request it serves."""
        return self._cached("derived:" + key, compute)

    def grouped(self, key: str, rows: Callable[[], Iterable[R]]) -> Mapping[str, tuple[R, ...]]:
        """``rows`` (records with a ``repository``) by repository, indexed once per cockpit: a
        page of one repository reads its share without walking the organisation's rows."""

        def index() -> Mapping[str, tuple[R, ...]]:
            out: dict[str, list[R]] = defaultdict(list)
            for row in rows():
                out[getattr(row, "repository", None) or ""].append(row)
            return {name: tuple(found) for name, found in out.items()}

        return self._cached("by-repository:" + key, index)

    def observations(self) -> tuple[Observation, ...]:
        """Every repository's current scan as the drift engine sees it."""
        if self.observed is not None:
            return self.observed
        return self._cached("observations", lambda: tuple(load_observations(self.engine)))

    def radar_coverage(self) -> RadarCoverage:
        """Which entries each repository uses, which technologies no entry names (the
        evaluator's, or derived the same way for a cockpit built by hand)."""
        if self.coverage is not None:
            return self.coverage
        entries = self.strategy.entries if self.strategy else ()
        return self._cached(
            "coverage", lambda: radar_coverage(self.observations(), entries, self.technologies())
        )

    def open_matches(self) -> list[Vulnerability]:
        """The current matches no VEX statement takes out (``not_affected``, ``fixed``): those
        the exposure's open counts are made of (:func:`~lodestar.analysis.exposure.open_by_band`
        of them is the figure of the Vulnerabilities page, per team on the Teams pages)."""
        policy = self.strategy.policies.vulnerabilities if self.strategy else None
        return open_vulnerabilities(self.vulnerabilities or (), policy or VulnerabilityPolicy())

    def entry_advisories(self) -> dict[str, tuple[str, ...]]:
        """Radar entry id -> its open advisories (the evaluator's, or derived the same way)."""
        if self.radar_advisories is not None:
            return self.radar_advisories
        strategy = self.strategy
        if strategy is None or not self.vulnerabilities:
            return {}
        found = self.open_matches()
        return self._cached(
            "entry-advisories",
            lambda: radar_advisories(strategy.entries, found, self.technologies()),
        )

    def package_index(self) -> dict[str, frozenset[str]]:
        """Package key -> repositories, to narrow where-used searches."""
        return self._cached("package-index", lambda: package_index(self.observations()))

    def repositories(self) -> list[RepositoryRow]:
        return self._cached(
            "repositories", lambda: with_code_languages(list_repositories(self.engine))
        )

    def report(self) -> OrganisationReport:
        return self._cached(
            "report",
            lambda: build_report(
                self.organisation,
                list_repositories(self.engine),
                organisation_languages(self.engine),
                kind_totals(self.engine),
            ),
        )

    def evidence(self) -> list[TechnologyEvidence]:
        return self._cached("evidence", lambda: technology_evidence(self.engine))

    def runtimes(self) -> list[RuntimeRow]:
        return self._cached("runtimes", lambda: declared_runtimes(self.engine))

    def counts(self) -> CurrentCounts:
        """The headline counts of the current scans (every dependency row counted once)."""
        return self._cached("counts", lambda: current_counts(self.engine))

    def packages(self) -> list[PackageCount]:
        return self._cached("packages", lambda: package_counts(self.engine))

    def usage(self) -> list[TechnologyUsage]:
        return self._cached("usage", lambda: technology_usage(self.evidence(), self.technologies()))

    def who_uses(self, query: str, version_range: str | None = None) -> DependencySearch:
        """Which repositories use the packages ``query`` means (the where-used search)."""
        names = self._cached("package-names", lambda: package_names(self.engine))
        chosen = packages_named(names, query)
        uses = find_dependencies(self.engine, packages=chosen.keys)
        return search_dependencies(query, chosen, uses, version_range=version_range)

    def note(self, key: str) -> str | None:
        """The "no data yet" sentence for an input, or None when its data is there."""
        return self.missing.get(key)

    def technologies(self) -> TechnologyCatalog:
        return self.catalog if self.catalog is not None else load_catalog()


@dataclass(frozen=True, slots=True)
class StrategyProblem:
    """One problem of the workspace's strategy files, as the cockpit's banner and API show it."""

    location: str  # path:line:column, the path relative to the workspace ("" when none)
    message: str

    def text(self) -> str:
        """``path:line:column: message``."""
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True, slots=True)
class Declarations:
    """The workspace's strategy, ring history and editions, and the notes on what is missing.

    ``problems`` are the strategy files' problems now: with ``strategy`` set they are those of
    files made invalid since ``strategy`` was read (the cockpit keeps the last valid one)."""

    strategy: Strategy | None
    moves: tuple[RadarMove, ...] | None
    editions: tuple[Edition, ...]
    missing: Mapping[str, str]
    problems: tuple[StrategyProblem, ...] = ()


MAX_MESSAGE = 300  # characters of a settings problem's message shown (the rest: '…')


def settings_problem(exc: ConfigError, name: str = "lodestar.toml") -> StrategyProblem:
    """The problem of an invalid ``lodestar.toml`` as ``name:line:column`` and its message
    (the key first), its control characters shown as ``\\xNN`` and cut at MAX_MESSAGE."""
    location = name
    if exc.line is not None:
        location += f":{exc.line}" + (f":{exc.column}" if exc.column is not None else "")
    message = f"{exc.key}: {exc.reason}" if exc.key else exc.reason
    message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message[: MAX_MESSAGE * 2])
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return StrategyProblem(location, message)


def strategy_problems(exc: LodestarError) -> tuple[StrategyProblem, ...]:
    """Every problem an error of the strategy files names (one when it is not a list)."""
    if isinstance(exc, StrategyError):
        return tuple(StrategyProblem(p.location(), p.message) for p in exc.problems)
    if isinstance(exc, ConfigError) and Path(exc.path or "").name == "lodestar.toml":
        return (settings_problem(exc),)  # the strategy reads its tags and [ip] settings there
    return (StrategyProblem("", str(exc).splitlines()[0]),)


def invalid_note(problems: tuple[StrategyProblem, ...]) -> str:
    """The strategy pages' note while the files were never valid: what is wrong, where."""
    more = len(problems) - 1
    rest = f" (and {more} more)" if more > 0 else ""
    return (
        f"Invalid strategy files: {problems[0].text()}{rest}; fix the files (every problem "
        "is listed at the top of the page, and by 'lodestar validate')"
    )


def read_declarations(
    root: Path | None, catalog: TechnologyCatalog, last: Declarations | None = None
) -> Declarations:
    """The workspace's strategy, ring history and editions; what is missing is noted.

    When the files are invalid, the ``last`` declarations read are kept (when they hold a
    strategy) with the problems of now; without them the strategy is missing, its note naming
    the first problem."""
    if root is None:
        return Declarations(None, None, (), {"strategy": HINTS["strategy"]})
    try:
        strategy = load_strategy(root, catalog=catalog)
    except LodestarError as exc:
        problems = strategy_problems(exc)
        if last is not None and last.strategy is not None:
            return replace(last, problems=problems)
        return Declarations(None, None, (), {"strategy": invalid_note(problems)}, problems)
    try:
        moves = radar_history(root, config=strategy.radar)
        return Declarations(strategy, moves, radar_editions(root), {})
    except LodestarError as exc:
        note = f"{HINTS['radar-history']} ({exc})"
        return Declarations(strategy, None, (), {"radar-history": note})


@dataclass(frozen=True, slots=True)
class CockpitParts:
    """What one build read and derived, handed to the next build (``load_cockpit(reuse=…)``)
    for the parts whose inputs did not change (:class:`lodestar.web.generation.CockpitBuilder`
    decides which): the workspace's declarations, the store's records, the history figures."""

    declarations: Declarations
    data: OrganisationData
    people: HistoryFigures | None


def load_cockpit(
    engine: Engine,
    *,
    organisation: str,
    root: Path | None,
    catalog_dirs: tuple[Path, ...] = (),
    eol_dirs: tuple[Path, ...] = (),
    eol_warn_days: int = 90,
    active_days: int = 90,
    departed_days: int = 180,
    today: dt.date | None = None,
    strategy: Strategy | None = None,
    owners: Mapping[str, str] | None = None,
    reuse: CockpitParts | None = None,
    last: Declarations | None = None,
    progress: Callable[[str], None] = lambda _: None,
    observe: Callable[[IpRegister], IpObservations] | None = None,
) -> Cockpit:
    """Read everything available for the workspace at ``root``; note what is not.

    Every figure comes from ``analysis.evaluate_organisation``, as for ``lodestar check``.
    ``eol_warn_days`` is the ``eol.warn_days`` setting (the policies' ``eol.warn-days`` overrides
    it). A ``strategy`` given here is used instead of the workspace's files (benchmarks, tests);
    its ring history is then unknown. ``owners`` is the ``repositories.owners`` setting. ``reuse``:
    parts of an earlier build still valid; ``last``: the last build's declarations (kept while a
    file is invalid); ``progress`` hears each stage; ``observe``: what the IP register is held
    against (``observe_ip``, as ``check`` reads it).
    """
    today = today or _today()
    catalog = load_catalog(catalog_dirs)
    declarations = _declared(reuse, strategy, root, catalog, last, progress=progress)
    strategy, moves, editions = declarations.strategy, declarations.moves, declarations.editions
    data = _load_data(engine, strategy, reuse, observe, progress)
    progress("evaluating the organisation")
    result = evaluate_organisation(
        data,
        strategy,
        today=today,
        catalog=catalog,
        eol=load_eol(eol_dirs),
        moves=moves or (),
        eol_warn_days=eol_warn_days,
        history=(active_days, departed_days),
        owners=owners,
        known_history=reuse.people if reuse is not None else None,
    )
    figures = organisation_figures(result)
    missing = _missing(engine, figures.missing, dict(declarations.missing), data)
    parts = CockpitParts(declarations, data, result.history)
    return Cockpit(
        engine=engine,
        organisation=organisation,
        today=today,
        catalog=catalog,
        eol=figures.eol,
        strategy=figures.strategy,
        moves=moves,
        editions=editions,
        findings=figures.findings,
        waived=figures.waived,
        snapshots=figures.snapshots,
        campaigns=figures.campaigns,
        initiatives=figures.initiatives,
        risks=figures.risks,
        skills=figures.skills,
        activity=figures.activity,
        deliveries=figures.deliveries,
        hotspots=figures.hotspots,
        repository_hotspots=figures.repository_hotspots,
        observed=figures.observed,
        coverage=figures.coverage,
        teams=tuple(teams(figures.owners or {}, data.observations, data.identities).values()),
        vulnerabilities=figures.vulnerabilities,
        exposure=figures.exposure,
        owners=figures.owners,
        radar_advisories=figures.radar_advisories,
        missing=missing,
        strategy_problems=declarations.problems,
        parts=parts,
    )


def _declared(
    reuse: CockpitParts | None,
    strategy: Strategy | None,
    root: Path | None,
    catalog: TechnologyCatalog,
    last: Declarations | None = None,
    *,
    progress: Callable[[str], None] = lambda _: None,
) -> Declarations:
    """The declarations of the last build, the ``strategy`` given, or the workspace's."""
    progress("reading the strategy files")
    if reuse is not None:
        return reuse.declarations
    if strategy is not None:
        return Declarations(strategy, None, (), {"radar-history": HINTS["radar-history"]})
    return read_declarations(root, catalog, last)


def _load_data(
    engine: Engine,
    strategy: Strategy | None,
    reuse: CockpitParts | None,
    observe: Callable[[IpRegister], IpObservations] | None,
    progress: Callable[[str], None],
) -> OrganisationData:
    """The store's records (an earlier build's while still valid), with what the IP register
    is held against read anew through git (:func:`lodestar.ingest.ip_observe.observe_ip`, as
    ``lodestar check`` reads it): the register may have changed while the store did not."""
    progress("reading the store (scans, history, snapshots)")
    if reuse is not None:
        data = reuse.data
    else:
        data = load_organisation(
            engine, history=True, truck_factors=truck_factor_repositories(strategy)
        )
    if observe is None or strategy is None:
        return data
    progress("reading what the IP register is checked against")
    return replace(data, ip=observe(strategy.ip))


def _missing(
    engine: Engine, keys: Iterable[str], missing: dict[str, str], data: OrganisationData
) -> dict[str, str]:
    """The "no data yet" notes: the declarations', those of the figures' missing inputs, and
    the scan's before the first one."""
    if not data.observations:
        missing["scan"] = HINTS["scan"]
    for key in keys:
        if key == "drift":
            missing["drift"] = missing.get("strategy", HINTS["drift"])
        elif key == "advisories" and advisory_imports(engine):
            continue  # imported, and none names a package in use: nothing is vulnerable
        else:
            missing.setdefault(key, HINTS[key])
    return missing
