"""Contexts of the Change pages: campaigns (burn-down, projection) and initiatives (roadmap)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lodestar.analysis import CampaignReport, InitiativeReport
from lodestar.analysis.campaigns import Progress, RepoState
from lodestar.catalog import TechnologyCatalog
from lodestar.records import Campaign
from lodestar.render import render_markdown
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_common import Chart, Series
from lodestar.web.contexts_teams import TeamFilter, team_scope
from lodestar.web.names import matcher_name


@dataclass(frozen=True, slots=True)
class RepoProgress:
    repository: str
    state: str  # done | in-progress | not-started | unknown
    source: tuple[str, ...]
    target: tuple[str, ...]
    reason: str = ""  # for unknown: why there is no verdict


@dataclass(frozen=True, slots=True)
class CampaignView:
    id: str
    title: str
    owner: str | None
    due: dt.date | None
    description_html: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    done: int | None
    in_progress: int | None
    not_started: int | None
    unknown: int | None  # repositories concerned with no evidence either way (never done)
    percent: float | None
    schedule: str | None  # done | on-track | behind | overdue | unknown | not-applicable
    reason: str
    finish: dt.date | None  # projected
    repositories: tuple[RepoProgress, ...]
    burndown: Chart | None
    notes: tuple[str, ...]
    team_progress: TeamProgress | None = None  # under a team filter: its repositories only


@dataclass(frozen=True, slots=True)
class TeamProgress:
    """A campaign's progress over one team's repositories (the rows the page then lists)."""

    repositories: int
    done: int
    in_progress: int
    not_started: int
    unknown: int
    percent: float | None

    @classmethod
    def of(cls, progress: Progress) -> TeamProgress:
        p = progress
        return cls(p.total, p.done, p.in_progress, p.not_started, p.unknown, p.percent)


@dataclass(frozen=True, slots=True)
class CampaignsContext:
    note: str | None
    campaigns: tuple[CampaignView, ...]
    team: TeamFilter  # the ``?team=`` filter: campaigns touching the team's repositories


def _months_after(start: dt.date, count: int) -> list[dt.date]:
    out = []
    month = start
    for _ in range(count):
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        out.append(month)
    return out


def _burndown(report: CampaignReport) -> Chart | None:
    points = list(report.burndown)
    if not points:
        return None
    labels = [p.month.strftime("%Y-%m") for p in points]
    remaining: list[float | None] = [float(p.remaining) for p in points]
    done: list[float | None] = [float(p.done) for p in points]
    projection: list[float | None] = [None] * len(points)
    proj = report.projection
    if proj is not None and proj.finish is not None and proj.pace > 0:
        left = float(points[-1].remaining)
        projection[-1] = left
        extra = _months_after(points[-1].month, 36)
        for month in extra:
            left = max(0.0, left - proj.pace)
            labels.append(month.strftime("%Y-%m"))
            remaining.append(None)
            done.append(None)
            projection.append(round(left, 2))
            if left <= 0 or month > proj.finish:
                break
    return Chart(
        id=f"burndown-{report.campaign.id}",
        kind="line",
        title=f"Burn-down: {report.campaign.title}",
        labels=tuple(labels),
        series=(
            Series("remaining", tuple(remaining)),
            Series("done", tuple(done)),
            Series("projection", tuple(projection), style="projection"),
        ),
        y_title="repositories",
    )


def _campaign_view(
    c: Campaign,
    report: CampaignReport | None,
    rows: tuple[RepoState, ...],
    mine: TeamProgress | None,
    catalog: TechnologyCatalog,
) -> CampaignView:
    prog = report.progress if report else None
    return CampaignView(
        id=c.id,
        title=c.title,
        owner=c.owner,
        due=c.due,
        description_html=render_markdown(c.description),
        source=tuple(matcher_name(catalog, m) for m in c.source),
        target=tuple(matcher_name(catalog, m) for m in c.target),
        done=prog.done if prog else None,
        in_progress=prog.in_progress if prog else None,
        not_started=prog.not_started if prog else None,
        unknown=prog.unknown if prog else None,
        percent=prog.percent if prog else None,
        schedule=report.schedule if report else None,
        reason=report.reason if report else "",
        finish=report.projection.finish if report and report.projection else None,
        repositories=tuple(
            RepoProgress(r.repository, r.state, tuple(r.source), tuple(r.target), r.reason)
            for r in rows
        ),
        burndown=_burndown(report) if report else None,
        notes=tuple(report.notes) if report else (),
        team_progress=mine,
    )


def campaigns_context(cockpit: Cockpit, team: str | None = None) -> CampaignsContext:
    """Every campaign; with ``team``, those touching its repositories, their rows only."""
    scope = team_scope(cockpit, team)
    if cockpit.strategy is None:
        return CampaignsContext(cockpit.note("strategy"), (), scope.filter)
    reports = {r.campaign.id: r for r in cockpit.campaigns or ()}
    views = []
    for c in cockpit.strategy.campaigns:
        report = reports.get(c.id)
        rows = report.progress.repositories if report else ()
        mine = None
        if scope.repositories is not None:
            rows = tuple(r for r in rows if scope.admits(r.repository))
            if not rows:
                continue
            mine = TeamProgress.of(Progress(rows))
        views.append(_campaign_view(c, report, rows, mine, cockpit.technologies()))
    note = None if views else "no campaigns yet: declare one under campaigns/ in the workspace"
    if not views and scope.repositories is not None and cockpit.strategy.campaigns:
        note = None  # campaigns exist, none touches the team: the filter says so
    return CampaignsContext(note, tuple(views), scope.filter)


@dataclass(frozen=True, slots=True)
class KeyResultView:
    objective: str
    title: str
    start: float
    target: float
    current: float | None
    unit: str
    metric: str | None
    percent: float | None  # progress from start to target, 0..100
    source: str  # measured | manual | missing
    note: str


@dataclass(frozen=True, slots=True)
class InitiativeView:
    id: str
    title: str
    status: str
    owner: str | None
    repositories: tuple[str, ...]
    description_html: str
    milestones: tuple[tuple[str, dt.date, bool, bool], ...]  # title, due, done, late
    key_results: tuple[KeyResultView, ...]
    progress: float | None  # mean progress of the key results that have a value


@dataclass(frozen=True, slots=True)
class InitiativesContext:
    note: str | None
    initiatives: tuple[InitiativeView, ...]
    start: dt.date | None  # the roadmap's time axis
    end: dt.date | None
    today: dt.date


def _initiative(report: InitiativeReport, today: dt.date) -> InitiativeView:
    i = report.initiative
    krs = tuple(
        KeyResultView(
            objective=k.objective,
            title=k.key_result.title,
            start=k.key_result.start,
            target=k.key_result.target,
            current=k.value,
            unit=k.key_result.unit,
            metric=k.key_result.metric,
            percent=k.progress,
            source=k.source,
            note=k.note,
        )
        for k in report.key_results
    )
    return InitiativeView(
        id=i.id,
        title=i.title,
        status=i.status,
        owner=i.owner,
        repositories=i.repositories,
        description_html=render_markdown(i.description),
        milestones=tuple(
            (m.title, m.due, m.done, not m.done and m.due < today)
            for m in sorted(i.milestones, key=lambda m: m.due)
        ),
        key_results=krs,
        progress=report.progress,
    )


def initiatives_context(cockpit: Cockpit) -> InitiativesContext:
    if cockpit.strategy is None or cockpit.initiatives is None:
        return InitiativesContext(cockpit.note("strategy"), (), None, None, cockpit.today)
    views = tuple(_initiative(r, cockpit.today) for r in cockpit.initiatives)
    dates = [m[1] for v in views for m in v.milestones] + [cockpit.today]
    return InitiativesContext(
        note=None if views else "no initiatives yet: declare them under initiatives/",
        initiatives=views,
        start=min(dates).replace(day=1) if views else None,
        end=max(dates) if views else None,
        today=cockpit.today,
    )
