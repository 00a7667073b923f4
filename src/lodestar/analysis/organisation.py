"""The one evaluator of the organisation: every figure the views show, derived once.

:func:`evaluate_organisation` takes the organisation's records, loaded at once by
:func:`lodestar.store.organisation.load_organisation` (the current scans, the monthly
snapshots when mined, the declared runtimes and, on request, the mined history), and returns
one frozen :class:`OrganisationEvaluation`: drift findings (with the radar's ring history, so a
Hold entry counts new adoptions from its move to Hold), every campaign's progress and
burn-down, every initiative's key results, end-of-life exposure in the one "ending soon" window
(:func:`lodestar.analysis.eol.ending_soon_days`), radar coverage
(:func:`lodestar.analysis.coverage.radar_coverage`) and the history figures (knowledge risk,
skills, activity, delivery, hotspots), and, when advisories were imported, every dependency
matched against them (:func:`lodestar.analysis.vulnerabilities.match_observations`, once: the
``vulnerability`` findings, the ``vulns`` listing and the radar's open advisories use them).
``lodestar check``/``drift``/``campaigns``/``initiatives``/``eol``, the cockpit, its JSON API
and the static site all present this record and never recompute what it holds, so they cannot
disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lodestar.analysis.activity import OrgActivity, organisation_activity
from lodestar.analysis.advisory_groups import AdvisoryIndex, advisory_index
from lodestar.analysis.campaigns import CampaignReport, campaign_report
from lodestar.analysis.coverage import RadarCoverage, radar_coverage
from lodestar.analysis.delivery import Delivery, delivery
from lodestar.analysis.drift import Drift, find_drift
from lodestar.analysis.drift_vulnerabilities import open_vulnerabilities, radar_advisories
from lodestar.analysis.eol import Exposure, ending_soon_days, eol_exposure, with_eol_window
from lodestar.analysis.exposure import VulnerabilityExposure, vulnerability_exposure
from lodestar.analysis.hotspots import Hotspot, hotspots
from lodestar.analysis.initiatives import (
    Figures,
    InitiativeReport,
    initiative_reports,
    truck_factor_of,
)
from lodestar.analysis.knowledge import KnowledgeRisk, knowledge_risk
from lodestar.analysis.owner_findings import with_owners
from lodestar.analysis.ownership import Ownership, organisation_owners
from lodestar.analysis.presence import ACTIVE_DAYS, DEPARTED_DAYS, last_commits, presences
from lodestar.analysis.skills import Skill, skills_map
from lodestar.analysis.vulnerabilities import match_dependencies, match_observations
from lodestar.catalog import ENDING_SOON_DAYS, EolCatalog, TechnologyCatalog, load_catalog, load_eol
from lodestar.records import (
    Dependency,
    FileStat,
    MonthlySnapshot,
    Observation,
    OrganisationData,
    RadarMove,
    RepoHistory,
    Strategy,
)
from lodestar.records.owners import RepositoryOwner
from lodestar.records.vulns import Vulnerability, VulnerabilityPolicy

__all__ = [
    "HistoryFigures",
    "OrganisationEvaluation",
    "evaluate_organisation",
    "history_figures",
    "knowledge_risks",
    "vulnerability_figures",
]

TOP_HOTSPOTS = 20  # organisation-wide hotspots kept (3 per repository at most)
REPOSITORY_HOTSPOTS = 10  # hotspots kept per repository (its page lists them)


@dataclass(frozen=True, slots=True)
class HistoryFigures:
    """What the mined history says about people and delivery, organisation-wide."""

    risks: tuple[KnowledgeRisk, ...]  # repositories with a current scan
    skills: tuple[Skill, ...]
    activity: OrgActivity
    deliveries: tuple[Delivery, ...]  # release cadence per repository
    hotspots: tuple[tuple[str, Hotspot], ...]  # (repository, file), top first
    # each repository's own top files (its page), REPOSITORY_HOTSPOTS at most, top first
    repository_hotspots: Mapping[str, tuple[Hotspot, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OrganisationEvaluation:
    today: dt.date
    eol_warn_days: int  # the one "ending soon" window used by every figure below
    observations: tuple[Observation, ...]
    snapshots: tuple[MonthlySnapshot, ...]  # empty when the history was not mined
    eol: tuple[Exposure, ...]
    coverage: RadarCoverage
    strategy: Strategy | None  # its "ending soon" window resolved; None: no strategy
    moves: tuple[RadarMove, ...]
    drift: Drift | None  # None without a strategy
    campaigns: dict[str, CampaignReport]  # by campaign id, in declaration order
    initiatives: tuple[InitiativeReport, ...]
    history: HistoryFigures | None  # None when not asked for, or no history was mined
    # every dependency of the current scans matched against the imported advisories
    # (lodestar.analysis.vulnerabilities), most severe first; none imported: empty
    vulnerabilities: tuple[Vulnerability, ...] = ()
    # per radar entry id, the advisories open against what it describes (VEX applied)
    radar_advisories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the exposure history (lodestar.analysis.exposure); None when no advisory was loaded
    exposure: VulnerabilityExposure | None = None
    # every repository's declared and observed owners (lodestar.analysis.ownership), by name
    owners: dict[str, RepositoryOwner] = field(default_factory=dict)


def knowledge_risks(
    histories: Sequence[RepoHistory],
    files: Mapping[str, Sequence[FileStat]],
    *,
    now: dt.datetime,
    active_days: int,
    departed_days: int,
    repository: str | None = None,
) -> tuple[KnowledgeRisk, ...]:
    """Knowledge risk of every repository (or one) with a mined history and a current scan;
    who is active or departed is judged across the whole organisation's ``histories``."""
    last = last_commits(histories)
    status = presences(last, now, active_days=active_days, departed_days=departed_days)
    return tuple(
        knowledge_risk(h, files[h.repository], status, last)
        for h in histories
        if (repository is None or h.repository == repository) and files.get(h.repository)
    )


def history_figures(
    data: OrganisationData,
    catalog: TechnologyCatalog,
    *,
    now: dt.datetime,
    active_days: int,
    departed_days: int,
) -> HistoryFigures | None:
    """Knowledge risk, skills, activity, delivery and hotspots; None when nothing was mined
    (or ``data`` was loaded without the whole history)."""
    histories = [h for h in data.histories if h.commits] if data.people else []
    if not histories:
        return None
    last = last_commits(histories)
    status = presences(last, now, active_days=active_days, departed_days=departed_days)
    files = data.files
    per_repository = {
        h.repository: tuple(hotspots(h, files[h.repository], top=REPOSITORY_HOTSPOTS)[0])
        for h in histories
        if files.get(h.repository)
    }
    spots = sorted(
        ((repository, spot) for repository, top in per_repository.items() for spot in top[:3]),
        key=lambda item: (-item[1].score, item[0], item[1].path),
    )
    return HistoryFigures(
        risks=knowledge_risks(
            histories, files, now=now, active_days=active_days, departed_days=departed_days
        ),
        skills=tuple(skills_map(histories, data.technologies, catalog, status, now=now)),
        activity=organisation_activity(
            histories, now=now, active_days=active_days, departed_days=departed_days
        ),
        deliveries=tuple(delivery(h) for h in histories),
        hotspots=tuple(spots[:TOP_HOTSPOTS]),
        repository_hotspots=per_repository,
    )


def vulnerability_figures(
    data: OrganisationData,
    index: AdvisoryIndex | None,
    *,
    today: dt.date,
    owners: Mapping[str, RepositoryOwner] | None = None,
    policy: VulnerabilityPolicy | None = None,
) -> tuple[tuple[Vulnerability, ...], VulnerabilityExposure | None]:
    """The current scans' advisory matches and the exposure history of the repositories that
    have a current scan, both matched by the one engine against ``index`` (the advisories of
    ``data``); ``((), None)`` without advisories. The matches are every match; the exposure
    leaves out those a VEX statement of ``policy`` takes out (``not_affected``, ``fixed``)."""
    if index is None:
        return (), None
    statements = policy or VulnerabilityPolicy()
    current = tuple(match_observations(data.observations, index))
    scanned = {o.repository for o in data.observations}

    def match(repository: str, dependencies: Sequence[Dependency]) -> list[Vulnerability]:
        return open_vulnerabilities(match_dependencies(repository, dependencies, index), statements)

    exposure = vulnerability_exposure(
        [s for s in data.snapshots if s.repository in scanned],
        open_vulnerabilities(current, statements),
        match,
        today=today,
        owners=owners,
    )
    return current, exposure


def _people_and_owners(  # noqa: PLR0917  one caller, which passes its own arguments in order
    data: OrganisationData,
    catalog: TechnologyCatalog,
    today: dt.date,
    history: tuple[int, int] | None,
    presence: tuple[int, int],
    owners: Mapping[str, str] | None,
    known: HistoryFigures | None = None,
) -> tuple[HistoryFigures | None, Ownership]:
    """The history figures (when ``history`` asks for them; ``known``: already derived from the
    same ``data`` on the same day) and every repository's owner."""
    people = known
    active, departed = history or presence
    if history is not None and known is None:
        now = dt.datetime.combine(today, dt.time(23, 59, 59), tzinfo=dt.UTC)
        people = history_figures(data, catalog, now=now, active_days=active, departed_days=departed)
    owned = organisation_owners(
        data,
        today=today,
        overrides=owners,
        windows=(active, departed),
        knowledge=people.risks if people else None,
    )
    ownership = Ownership(
        owned, data.identities, data.activity, dict(owners or {}), active, departed
    )
    return people, ownership


def evaluate_organisation(
    data: OrganisationData,
    strategy: Strategy | None,
    *,
    today: dt.date,
    catalog: TechnologyCatalog | None = None,
    eol: EolCatalog | None = None,
    moves: Sequence[RadarMove] = (),
    eol_warn_days: int = ENDING_SOON_DAYS,
    history: tuple[int, int] | None = None,
    owners: Mapping[str, str] | None = None,
    presence: tuple[int, int] = (ACTIVE_DAYS, DEPARTED_DAYS),
    known_history: HistoryFigures | None = None,
) -> OrganisationEvaluation:
    """Every figure of the organisation on ``today``, from its records ``data``
    (:func:`lodestar.store.organisation.load_organisation`).

    ``moves`` is the radar's ring history (:func:`lodestar.strategy.radar_history`), for the
    date each entry was put on Hold. ``eol_warn_days`` is the ``eol.warn_days`` setting; the
    policies' ``eol.warn-days`` overrides it. ``history`` = ``(active_days, departed_days)``
    asks for the history figures (the cockpit's people pages); ``data`` must then hold the whole
    history (``load_organisation(engine, history=True)``).

    ``owners`` is the ``[repositories] owners`` setting; owners are judged with the windows of
    ``history``, else of ``presence`` (observed owners need the history figures' knowledge
    risk); every finding about a repository names its owner (``analysis.owner_findings``).
    ``known_history``: the history figures of an earlier evaluation of the same ``data``,
    ``today``, ``catalog`` and windows, taken as they are (the cockpit, on a strategy change).
    """
    catalog = catalog or load_catalog()
    eol = eol or load_eol()
    if strategy is not None:
        eol_warn_days = ending_soon_days(strategy.policies, eol_warn_days)
        strategy = with_eol_window(strategy, eol_warn_days)
    observations = data.observations
    snapshots = data.snapshots
    coverage = radar_coverage(observations, strategy.entries if strategy else (), catalog)
    people, ownership = _people_and_owners(
        data, catalog, today, history, presence, owners, known_history
    )
    index = advisory_index(data.advisories) if data.advisories else None
    vulnerabilities, exposure = vulnerability_figures(
        data,
        index,
        today=today,
        owners=ownership.owners,
        policy=strategy.policies.vulnerabilities if strategy else None,
    )
    campaigns, drift, initiatives = _strategy_figures(
        data,
        strategy,
        today=today,
        catalog=catalog,
        eol=eol,
        moves=moves,
        coverage=coverage,
        ownership=ownership,
        advisories=(index, vulnerabilities),
    )
    return OrganisationEvaluation(
        today=today,
        eol_warn_days=eol_warn_days,
        observations=observations,
        snapshots=snapshots,
        eol=tuple(eol_exposure(data.runtimes, eol, today=today, warn_days=eol_warn_days)),
        coverage=coverage,
        strategy=strategy,
        moves=tuple(moves),
        drift=drift,
        campaigns=campaigns,
        initiatives=initiatives,
        history=people,
        vulnerabilities=vulnerabilities,
        radar_advisories=_radar_advisories(strategy, vulnerabilities, catalog),
        exposure=exposure,
        owners=dict(ownership.owners),
    )


def _strategy_figures(
    data: OrganisationData,
    strategy: Strategy | None,
    *,
    today: dt.date,
    catalog: TechnologyCatalog,
    eol: EolCatalog,
    moves: Sequence[RadarMove],
    coverage: RadarCoverage,
    ownership: Ownership,
    advisories: tuple[AdvisoryIndex | None, tuple[Vulnerability, ...]],
) -> tuple[dict[str, CampaignReport], Drift | None, tuple[InitiativeReport, ...]]:
    """Campaigns, drift (owners named) and initiatives; nothing without a strategy."""
    if strategy is None:
        return {}, None, ()
    observations, snapshots = data.observations, data.snapshots
    index, vulnerabilities = advisories
    campaigns = {
        c.id: campaign_report(c, observations, catalog, today=today, history=snapshots or None)
        for c in strategy.campaigns
    }
    drift = find_drift(
        observations,
        strategy,
        today=today,
        history=snapshots or None,
        catalog=catalog,
        eol=eol,
        organisation=True,
        moves=moves,
        coverage=coverage,
        campaigns=campaigns,
        advisories=index or (),
        vulnerabilities=vulnerabilities,
        ownership=ownership,
        ip=data.ip,
    )
    drift = with_owners(drift, observations, ownership.owners)
    truck_factor = truck_factor_of(data.histories, data.files)
    figures = Figures(drift, campaigns, observations, truck_factor)
    return campaigns, drift, tuple(initiative_reports(strategy.initiatives, figures, today=today))


def _radar_advisories(
    strategy: Strategy | None,
    vulnerabilities: tuple[Vulnerability, ...],
    catalog: TechnologyCatalog,
) -> dict[str, tuple[str, ...]]:
    if strategy is None or not vulnerabilities:
        return {}
    policy = strategy.policies.vulnerabilities
    open_ = open_vulnerabilities(vulnerabilities, policy)
    return radar_advisories(strategy.entries, open_, catalog)
