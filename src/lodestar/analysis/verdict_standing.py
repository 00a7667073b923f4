"""The verdict's inputs on one day: today (the evaluation's figures) or the end of a past month
(the monthly snapshots), so that every point of a level's series is scored by one formula.

A :class:`Standing` holds what the four scores of :mod:`lodestar.analysis.verdict` are made of:
the repositories judged, their open findings of the rules the verdict counts, each dated
campaign's done share against the share of its time elapsed, and each repository's active
truck factor. :func:`standing_today` takes them from the one evaluation of the organisation
(drift findings with exceptions and VEX applied, campaign progress, knowledge risk); nothing is
recomputed. :func:`standing_at` rebuilds them at the end of a past month with the same engines:

* the repositories with a current scan, each at its latest snapshot at or before the month
  (carried forward through months without a commit, as burn-downs and exposure do); a
  repository with no snapshot yet does not count that month;
* the drift engine (:func:`lodestar.analysis.drift.find_drift`) on those snapshots, dated on
  the month's last day (end-of-life dates and exceptions judged on that day), with the snapshots
  up to the month as history and the advisories imported today (what is known now about the
  versions used then);
* each campaign's burn-down point of the month (:mod:`lodestar.analysis.campaigns`);
* the active truck factor of knowledge risk (:mod:`lodestar.analysis.knowledge`: authorship,
  then the greedy truck factor without the departed) on the histories cut at the month's end,
  judged against today's files (the snapshots hold no file list).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from lodestar.analysis.advisory_groups import advisory_index
from lodestar.analysis.campaigns import CampaignReport
from lodestar.analysis.drift import find_drift
from lodestar.analysis.knowledge import (
    KnowledgeRisk,
    authorship,
    greedy_truck_factor,
    is_tracked_file,
)
from lodestar.analysis.observed import from_snapshot
from lodestar.analysis.presence import Presence, last_commits, presences
from lodestar.catalog import EolCatalog, TechnologyCatalog
from lodestar.records import (
    Finding,
    MonthlySnapshot,
    Observation,
    OrganisationData,
    RadarMove,
    Severity,
    Strategy,
)

__all__ = [
    "COUNTED_RULES",
    "EXECUTION_RULES",
    "STRATEGY_RULES",
    "CampaignStanding",
    "PastInputs",
    "Standing",
    "counted",
    "month_end",
    "standing_at",
    "standing_today",
]

# rule -> the severities that count against a repository
STRATEGY_RULES: Mapping[str, frozenset[Severity]] = {
    "radar-hold-in-use": frozenset({Severity.ERROR, Severity.WARNING}),
    "radar-hold-new-adoption": frozenset({Severity.ERROR, Severity.WARNING}),
    "radar-assess-outside-scope": frozenset({Severity.ERROR, Severity.WARNING}),
    "decision-violation": frozenset({Severity.ERROR, Severity.WARNING}),
}
EXECUTION_RULES: Mapping[str, frozenset[Severity]] = {
    "eol-past": frozenset({Severity.ERROR}),
    "vulnerability": frozenset({Severity.ERROR}),
}
COUNTED_RULES: Mapping[str, frozenset[Severity]] = {**STRATEGY_RULES, **EXECUTION_RULES}


@dataclass(frozen=True, slots=True)
class CampaignStanding:
    """One dated campaign on one day: repositories done, in scope, and the share of its time
    (start to due) elapsed."""

    id: str
    title: str
    done: int
    total: int
    elapsed: float  # 0.0 .. 1.0


@dataclass(frozen=True, slots=True)
class Standing:
    """The verdict's inputs on ``day``."""

    day: dt.date
    repositories: tuple[str, ...]  # judged (sorted)
    findings: tuple[Finding, ...]  # open findings of COUNTED_RULES, at their counted severities
    campaigns: tuple[CampaignStanding, ...]  # started, dated and with repositories in scope
    truck_factors: Mapping[str, int] | None  # repository -> active truck factor; None: no history


def counted(
    findings: Sequence[Finding], rules: Mapping[str, frozenset[Severity]]
) -> tuple[Finding, ...]:
    """The findings of ``rules`` at a severity the rule counts, in their order."""
    return tuple(f for f in findings if f.severity in rules.get(f.rule, frozenset()))


def month_end(month: dt.date) -> dt.date:
    """The last day of ``month``'s month."""
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _elapsed(start: dt.date, due: dt.date, day: dt.date) -> float:
    if due <= start:
        return 1.0 if day >= due else 0.0
    return min(1.0, max(0.0, (day - start).days / (due - start).days))


def _dated(report: CampaignReport, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The campaign's (start, due) when it has both and had started by ``day``."""
    start, due = report.campaign.start, report.campaign.due
    if start is None or due is None or start > day:
        return None
    return start, due


def _campaign_today(report: CampaignReport, day: dt.date) -> CampaignStanding | None:
    dated = _dated(report, day)
    if dated is None or not report.progress.total:
        return None
    done, total = report.progress.done, report.progress.total
    return CampaignStanding(
        report.campaign.id, report.campaign.title, done, total, _elapsed(*dated, day)
    )


def _campaign_at(report: CampaignReport, month: dt.date) -> CampaignStanding | None:
    day = month_end(month)
    dated = _dated(report, day)
    point = next((p for p in reversed(report.burndown) if p.month <= month), None)
    if dated is None or point is None or not point.done + point.remaining:
        return None
    return CampaignStanding(
        report.campaign.id,
        report.campaign.title,
        point.done,
        point.done + point.remaining,
        _elapsed(*dated, day),
    )


def standing_today(
    today: dt.date,
    observations: Sequence[Observation],
    findings: Sequence[Finding] | None,
    campaigns: Sequence[CampaignReport],
    risks: Sequence[KnowledgeRisk] | None,
) -> Standing:
    """Today's standing, from the evaluation's figures (``findings``: drift's open findings)."""
    return Standing(
        today,
        tuple(sorted(o.repository for o in observations)),
        counted(findings or (), COUNTED_RULES),
        tuple(c for c in (_campaign_today(r, today) for r in campaigns) if c is not None),
        {r.repository: r.active_truck_factor.value for r in risks} if risks is not None else None,
    )


@dataclass(frozen=True, slots=True)
class PastInputs:
    """What :func:`standing_at` needs besides the month: the records, the declarations, the
    catalogs and the presence windows of today's evaluation."""

    data: OrganisationData
    strategy: Strategy | None
    campaigns: tuple[CampaignReport, ...]
    moves: tuple[RadarMove, ...]
    catalog: TechnologyCatalog
    eol: EolCatalog
    windows: tuple[int, int]  # (active_days, departed_days)
    scanned: frozenset[str]  # the repositories with a current scan
    history: bool  # whether today's standing has truck factors (the history was mined)
    # (repository, commits in the cut history) -> file -> authors: authorship, computed once
    authors: dict[tuple[str, int], dict[str, tuple[str, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )


def _snapshots_at(
    snapshots: Sequence[MonthlySnapshot], month: dt.date, scanned: frozenset[str]
) -> tuple[list[MonthlySnapshot], dict[str, MonthlySnapshot]]:
    """The snapshots up to ``month`` and each scanned repository's latest of them."""
    upto = [s for s in snapshots if s.month <= month and s.repository in scanned]
    latest: dict[str, MonthlySnapshot] = {}
    for snap in sorted(upto, key=lambda s: s.month):
        latest[snap.repository] = snap
    return upto, latest


def _past_findings(
    past: PastInputs, observations: list[Observation], upto: list[MonthlySnapshot], day: dt.date
) -> tuple[Finding, ...]:
    if past.strategy is None or not observations:
        return ()
    index = advisory_index(past.data.advisories) if past.data.advisories else ()
    drift = find_drift(
        observations,
        past.strategy,
        today=day,
        history=upto or None,
        catalog=past.catalog,
        eol=past.eol,
        moves=past.moves,
        advisories=index,
    )
    return counted(drift.findings, COUNTED_RULES)


def _past_truck_factors(
    past: PastInputs, repositories: set[str], day: dt.date
) -> dict[str, int] | None:
    """Each repository's active truck factor at the end of ``day``: knowledge risk's
    (:func:`lodestar.analysis.knowledge.knowledge_risk`: authorship of today's tracked files,
    less the people departed by then) on the histories cut at that day, presence judged across
    the whole organisation's cut histories. A repository's authorship is computed once per
    number of commits (a month without a commit reuses the month before's)."""
    if not past.history:
        return None
    end = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)
    cut = [
        replace(h, commits=tuple(c for c in h.commits if c.committed_at <= end))
        for h in past.data.histories
    ]
    cut = [h for h in cut if h.commits]
    active, departed_days = past.windows
    status = presences(last_commits(cut), end, active_days=active, departed_days=departed_days)
    departed = {p for p, s in status.items() if s == Presence.DEPARTED}
    out: dict[str, int] = {}
    for h in cut:
        files = past.data.files.get(h.repository)
        if h.repository not in repositories or not files:
            continue
        key = (h.repository, len(h.commits))
        if key not in past.authors:
            owned = authorship(h, [f for f in files if is_tracked_file(f)])
            past.authors[key] = {f.path: f.authors for f in owned}
        out[h.repository] = greedy_truck_factor(past.authors[key], gone=departed).value
    return out


def standing_at(past: PastInputs, month: dt.date) -> Standing:
    """The standing at the end of ``month`` (its first day), from the monthly snapshots."""
    day = month_end(month)
    upto, latest = _snapshots_at(past.data.snapshots, month, past.scanned)
    observations = [from_snapshot(latest[name]) for name in sorted(latest)]
    campaigns = (_campaign_at(r, month) for r in past.campaigns)
    return Standing(
        day,
        tuple(sorted(latest)),
        _past_findings(past, observations, upto, day),
        tuple(c for c in campaigns if c is not None),
        _past_truck_factors(past, set(latest), day),
    )
