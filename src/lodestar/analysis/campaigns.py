"""Campaigns (migrations): progress now, a monthly burn-down, and when it will be finished.

**Progress** is read from each repository's current scan. A repository in the campaign's scope
is *done* when it uses a target and no source, *in progress* when it uses both, *not started*
when it uses a source only. It is *unknown* when there is no evidence either way although it is
concerned: it uses what a version-bounded matcher names without a known version that decides
(``technology: nodejs, versions: ">=20"`` and a repository whose only Node.js evidence is
``@types/node``, or a package declared without a lock), or the campaign names it (a name, not
a glob or tag) and its scan shows neither side. An unknown repository is never done: it counts
in the total and in what remains. A repository otherwise using neither side is not part of the
campaign. ``percent`` is done ÷ (done + in progress + not started + unknown).

**Burn-down**: the same classification applied to the monthly snapshots of the history (the
last commit of each month). A repository counts from its first snapshot on; a month without a
snapshot of a repository carries its previous month forward. The last point is the current
scan (this month). *Remaining* is in progress + not started + unknown.

**Projection**: a least-squares line through *remaining* over the last ``window`` months
(default 6, i.e. up to seven monthly points) gives the pace in repositories per month; the
finish date is today + remaining ÷ pace (a month counted as 30.44 days). With fewer than two
points there is no projection; when remaining did not fall over the window the campaign is
*not converging* and has no finish date.

**Schedule**: *done* (every repository done, none unknown); *overdue* (due date passed with
work remaining); *behind* (projected finish after the due date, or not converging, or —
without history — a smaller share done than the share of the time from start to due already
elapsed); *on track*; *unknown* (no due date, or, without one, nothing left but repositories
with no evidence either way).

**Scope**: the repositories named (globs allowed) plus those its ``tags`` give through the
workspace's ``[repositories.tags]``; a campaign with neither covers every repository, and one
whose tags name no repository covers none.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from lodestar.analysis.observed import from_snapshot, match_any
from lodestar.catalog import GLOB_CHARS, TechnologyCatalog
from lodestar.records import Campaign, Matcher, MonthlySnapshot, Observation

__all__ = [
    "BurnPoint",
    "CampaignReport",
    "Progress",
    "Projection",
    "RepoState",
    "campaign_report",
    "classify",
    "in_scope",
]

DONE, IN_PROGRESS, NOT_STARTED, UNKNOWN = "done", "in-progress", "not-started", "unknown"
DAYS_PER_MONTH = 30.44
DEFAULT_WINDOW = 6


@dataclass(frozen=True, slots=True)
class RepoState:
    repository: str
    state: str  # done | in-progress | not-started | unknown
    source: tuple[str, ...]  # evidence of the technology migrated away from
    target: tuple[str, ...]  # evidence of the technology migrated to
    reason: str = ""  # for unknown: why there is no verdict


@dataclass(frozen=True, slots=True)
class Progress:
    repositories: tuple[RepoState, ...]

    def _count(self, state: str) -> int:
        return sum(1 for r in self.repositories if r.state == state)

    @property
    def done(self) -> int:
        return self._count(DONE)

    @property
    def in_progress(self) -> int:
        return self._count(IN_PROGRESS)

    @property
    def not_started(self) -> int:
        return self._count(NOT_STARTED)

    @property
    def unknown(self) -> int:
        return self._count(UNKNOWN)

    @property
    def total(self) -> int:
        return len(self.repositories)

    @property
    def remaining(self) -> int:
        return self.in_progress + self.not_started + self.unknown

    @property
    def percent(self) -> float | None:
        return round(100 * self.done / self.total, 1) if self.total else None


@dataclass(frozen=True, slots=True)
class BurnPoint:
    month: date  # first day of the month
    done: int
    in_progress: int
    not_started: int
    unknown: int = 0

    @property
    def remaining(self) -> int:
        return self.in_progress + self.not_started + self.unknown


@dataclass(frozen=True, slots=True)
class Projection:
    months: int  # months of the window actually used
    pace: float  # repositories finished per month (> 0 when converging)
    finish: date | None  # None when not converging or already done
    reason: str


@dataclass(frozen=True, slots=True)
class CampaignReport:
    campaign: Campaign
    progress: Progress
    burndown: tuple[BurnPoint, ...]
    projection: Projection | None
    schedule: str  # done | on-track | behind | overdue | unknown | not-applicable
    reason: str
    notes: tuple[str, ...] = ()


def in_scope(campaign: Campaign, repository: str) -> bool:
    """Whether a repository is in a campaign's scope (names may be globs)."""
    if not campaign.repositories and not campaign.tags:
        return True
    patterns = (*campaign.repositories, *campaign.tag_repositories)
    return any(fnmatch.fnmatchcase(repository, pattern) for pattern in patterns)


def _named(campaign: Campaign, repository: str) -> bool:
    """Whether the campaign names the repository itself (not through a glob or a tag)."""
    return any(
        name == repository and not any(c in name for c in GLOB_CHARS)
        for name in campaign.repositories
    )


def _unbounded(matchers: tuple[Matcher, ...]) -> list[Matcher]:
    return [replace(m, versions=None) for m in matchers if m.versions]


def classify(campaign: Campaign, obs: Observation, catalog: TechnologyCatalog) -> RepoState | None:
    """Where one repository stands in a campaign; None when it is not concerned."""
    source = tuple(match_any(obs, campaign.source, catalog))
    target = tuple(match_any(obs, campaign.target, catalog))
    if source and target:
        return RepoState(obs.repository, IN_PROGRESS, source, target)
    if source:
        return RepoState(obs.repository, NOT_STARTED, source, target)
    if target:
        return RepoState(obs.repository, DONE, source, target)
    seen = match_any(obs, _unbounded((*campaign.source, *campaign.target)), catalog)
    if seen:
        reason = "uses it, but no known version decides: " + ", ".join(seen[:3])
        return RepoState(obs.repository, UNKNOWN, (), (), reason)
    if _named(campaign, obs.repository):
        return RepoState(obs.repository, UNKNOWN, (), (), "named, but no evidence of either side")
    return None


def progress(
    campaign: Campaign, observations: Sequence[Observation], catalog: TechnologyCatalog
) -> Progress:
    states = [
        state
        for obs in sorted(observations, key=lambda o: o.repository)
        if in_scope(campaign, obs.repository)
        and (state := classify(campaign, obs, catalog)) is not None
    ]
    return Progress(tuple(states))


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def burndown(
    campaign: Campaign,
    snapshots: Sequence[MonthlySnapshot],
    current: Progress,
    catalog: TechnologyCatalog,
    *,
    today: date,
) -> tuple[BurnPoint, ...]:
    """Monthly counts from the snapshots, ending with the current scan (this month)."""
    by_repo: dict[str, dict[date, MonthlySnapshot]] = defaultdict(dict)
    for snap in snapshots:
        if in_scope(campaign, snap.repository):
            by_repo[snap.repository][month_start(snap.month)] = snap
    this_month = month_start(today)
    months = sorted({m for per in by_repo.values() for m in per if m < this_month})
    if campaign.start is not None:
        months = [m for m in months if m >= month_start(campaign.start)]
    points: list[BurnPoint] = []
    if months:
        month = months[0]
        states: dict[str, str | None] = {}
        while month < this_month:
            for repo, per in by_repo.items():
                current_snap = per.get(month)
                if current_snap is not None:
                    found = classify(campaign, from_snapshot(current_snap), catalog)
                    states[repo] = found.state if found else None
                elif repo not in states:
                    earlier = [m for m in per if m < month]
                    if earlier:
                        found = classify(campaign, from_snapshot(per[max(earlier)]), catalog)
                        states[repo] = found.state if found else None
            values = [s for s in states.values() if s is not None]
            points.append(
                BurnPoint(
                    month,
                    values.count(DONE),
                    values.count(IN_PROGRESS),
                    values.count(NOT_STARTED),
                    values.count(UNKNOWN),
                )
            )
            month = next_month(month)
    points.append(
        BurnPoint(
            this_month, current.done, current.in_progress, current.not_started, current.unknown
        )
    )
    return tuple(points)


def project(
    points: Sequence[BurnPoint], *, today: date, window: int = DEFAULT_WINDOW
) -> Projection | None:
    """The finish date at the pace of the last ``window`` months (least squares)."""
    recent = list(points[-(window + 1) :])
    if len(recent) < 2:
        return None
    months = len(recent) - 1
    remaining = recent[-1].remaining
    xs = list(range(len(recent)))
    ys = [p.remaining for p in recent]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    pace = round(-slope, 2)
    if remaining == 0:
        return Projection(months, pace, None, "finished")
    if slope >= 0:
        return Projection(
            months, pace, None, f"not converging: remaining did not fall over {months} months"
        )
    finish = today + timedelta(days=round(remaining / -slope * DAYS_PER_MONTH))
    return Projection(
        months,
        pace,
        finish,
        f"{remaining} left at {-slope:.2f} per month (least squares over {months} months)",
    )


def _schedule(
    campaign: Campaign, prog: Progress, projection: Projection | None, today: date
) -> tuple[str, str]:
    if prog.total == 0:
        return "not-applicable", "no repository in scope uses either side of the campaign"
    if prog.remaining == 0:
        return "done", f"all {prog.total} repositories migrated"
    if prog.remaining == prog.unknown and campaign.due is None:
        return "unknown", f"no evidence either way for {prog.unknown} of {prog.total} repositories"
    due = campaign.due
    if due is None:
        return "unknown", "no due date"
    if today > due:
        return "overdue", f"due {due.isoformat()}, {prog.remaining} of {prog.total} remaining"
    if projection is not None:
        if projection.finish is None:
            return "behind", projection.reason
        if projection.finish > due:
            return (
                "behind",
                (
                    f"projected to finish {projection.finish.isoformat()}, after the due date "
                    f"{due.isoformat()} ({projection.reason})"
                ),
            )
        return "on-track", f"projected to finish {projection.finish.isoformat()}"
    if campaign.start is not None and due > campaign.start:
        elapsed = min(1.0, max(0.0, (today - campaign.start).days / (due - campaign.start).days))
        share = prog.done / prog.total
        if share < elapsed:
            return (
                "behind",
                (
                    f"{share:.0%} done, {elapsed:.0%} of the time from start to due has passed "
                    "(no history to project from)"
                ),
            )
    return "on-track", f"{prog.done} of {prog.total} done"


def campaign_report(
    campaign: Campaign,
    observations: Sequence[Observation],
    catalog: TechnologyCatalog,
    *,
    today: date,
    history: Sequence[MonthlySnapshot] | None = None,
    window: int = DEFAULT_WINDOW,
) -> CampaignReport:
    """Progress, burn-down, projection and schedule of one campaign."""
    prog = progress(campaign, observations, catalog)
    points = burndown(campaign, history or (), prog, catalog, today=today)
    projection = project(points, today=today, window=window) if history else None
    schedule, reason = _schedule(campaign, prog, projection, today)
    notes = []
    if campaign.tags and not campaign.repositories and not campaign.tag_repositories:
        notes.append(f"its tags ({', '.join(campaign.tags)}) name no repository")
    if not history:
        notes.append("no history: run the history scan for a burn-down and a projection")
    return CampaignReport(campaign, prog, points, projection, schedule, reason, tuple(notes))
