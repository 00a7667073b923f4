"""Contexts of the Home page (the four levels of the CTO's work), the People page and the
headline figures of the API's ``/api/metrics``."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from lodestar.analysis import OrganisationReport
from lodestar.analysis.activity import MonthActivity
from lodestar.analysis.knowledge import KnowledgeRisk
from lodestar.analysis.presence import Presence
from lodestar.analysis.skills import MIN_COMMITS, Skill, coverage, is_skill_language
from lodestar.catalog import Category
from lodestar.render.presentation import human
from lodestar.store import organisation_languages
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import campaigns_context, initiatives_context
from lodestar.web.contexts_common import (
    Chart,
    IslandView,
    Level,
    Pager,
    Series,
    Tile,
    TileItem,
    TruckFactorView,
    paginate,
)
from lodestar.web.contexts_strategy import REVIEW_SOON_DAYS, decisions_context
from lodestar.web.contexts_teams import TeamFilter, team_scope
from lodestar.web.contexts_verdict import VerdictView, verdict_view
from lodestar.web.contexts_vulns import vulnerabilities_tile
from lodestar.web.links import slug


@dataclass(frozen=True, slots=True)
class HomeContext:
    organisation: str
    today: dt.date
    verdict: VerdictView  # the band on top: a score per level, then the top actions
    levels: tuple[Level, ...]
    languages_chart: Chart
    burndowns: tuple[Chart, ...] = ()  # one per campaign with a burn-down


def _strategy_level(cockpit: Cockpit) -> Level:
    note = cockpit.note("strategy")
    moves = sorted(cockpit.moves or (), key=lambda m: (m.date, m.entry), reverse=True)
    titles = {e.id: e.title for e in cockpit.strategy.entries} if cockpit.strategy else {}
    radar = Tile(
        "Radar changes",
        value=str(len(moves)) if cockpit.moves is not None else None,
        detail="ring changes recorded in the workspace history",
        href="radar/",
        items=tuple(
            TileItem(
                titles.get(m.entry, m.entry),
                f"{m.kind} {m.ring} ({m.date.isoformat()})",
                f"radar/{slug(m.entry)}/",
            )
            for m in moves[:6]
        ),
        note=note or cockpit.note("radar-history"),
    )
    decisions = decisions_context(cockpit)
    due = Tile(
        "Decisions due for review",
        value=str(len(decisions.due)) if cockpit.strategy else None,
        detail=f"review date past or within {REVIEW_SOON_DAYS} days",
        href="decisions/",
        items=tuple(
            TileItem(r.title, f"review by {r.review_by}", f"decisions/{r.slug}/")
            for r in decisions.due[:6]
        ),
        note=note,
    )
    initiatives = initiatives_context(cockpit)
    krs = [kr for i in initiatives.initiatives for kr in i.key_results]
    objectives = Tile(
        "Objectives",
        value=str(len({kr.objective for kr in krs})) if cockpit.strategy else None,
        detail="objectives of the initiatives, with their key results",
        href="initiatives/",
        items=tuple(
            TileItem(kr.title, f"{kr.percent:g}%" if kr.percent is not None else "not measured")
            for kr in krs[:6]
        ),
        note=note,
    )
    return Level(
        "Strategy", "direction: the radar, decisions, objectives", (radar, due, objectives)
    )


def _repositories_tile(report: OrganisationReport) -> Tile:
    return Tile(
        "Repositories",
        value=str(report.repositories),
        detail=f"{report.scanned} scanned, {human(report.own_code)} lines of own code",
        href="repositories/",
        items=tuple(
            TileItem(lang.language, human(lang.code) + " lines") for lang in report.languages[:5]
        ),
        note=None if report.repositories else "no repositories yet: run 'lodestar scan'",
    )


def _problems_tile(report: OrganisationReport) -> Tile:
    # failed stages first: a licence can wait, a repository Lodestar cannot read cannot
    failed_first = sorted(report.problems, key=lambda p: not p.kind.endswith("-failed"))
    return Tile(
        "Repository problems",
        value=str(len(report.problems)),
        detail="failed scans, history or snapshots; missing or mismatched licences; warnings",
        href="repositories/",
        items=tuple(
            TileItem(p.repository, p.kind, f"repositories/{slug(p.repository)}/")
            for p in failed_first[:6]
        ),
    )


def _activity_tile(cockpit: Cockpit, recent: tuple[MonthActivity, ...]) -> Tile:
    act = cockpit.activity
    return Tile(
        "Activity",
        value=str(sum(m.commits for m in recent)) if act else None,
        detail=(
            f"commits in the last {len(recent)} months; {len(act.active_people)} active people, "
            f"{len(act.dormant_repositories)} dormant repositories"
            if act
            else "commits, contributors and dormant repositories"
        ),
        href="repositories/",
        items=tuple(
            TileItem(m.month.strftime("%Y-%m"), f"{m.commits} commits, {m.authors} people")
            for m in reversed(recent)
        ),
        note=cockpit.note("history"),
    )


def _delivery_tile(cockpit: Cockpit, recent: tuple[MonthActivity, ...]) -> Tile:
    cadence = cockpit.deliveries
    leads = sorted(d.lead_median_days for d in cadence or () if d.lead_median_days is not None)
    recent_months = {m.month.strftime("%Y-%m") for m in recent}
    releases = sum(m.releases for d in cadence or () for m in d.months if m.month in recent_months)
    return Tile(
        "Delivery cadence",
        value=str(releases) if cadence is not None else None,
        detail=(
            f"releases in the last {len(recent)} months; median lead time for changes "
            f"{leads[len(leads) // 2]:.1f} days (middle repository)"
            if leads
            else "releases from version tags, lead time from commit to release"
        ),
        href="repositories/",
        items=tuple(
            TileItem(
                d.repository,
                f"{d.releases_per_month:.2f} releases a month",
                f"repositories/{slug(d.repository)}/",
            )
            for d in sorted(cadence or (), key=lambda d: -d.releases_per_month)[:5]
            if d.releases
        ),
        note=cockpit.note("history"),
    )


def _hotspots_tile(cockpit: Cockpit) -> Tile:
    return Tile(
        "Hotspots",
        value=None,
        detail="files changed most, weighted by their size (revisions x lines of code)",
        href="repositories/",
        items=tuple(
            TileItem(
                f"{repo}: {spot.path}",
                f"{spot.revisions} revisions, {spot.code} lines",
                f"repositories/{slug(repo)}/",
            )
            for repo, spot in (cockpit.hotspots or ())[:6]
        ),
        note=cockpit.note("history"),
    )


def _dormant_tile(cockpit: Cockpit) -> Tile:
    act = cockpit.activity
    return Tile(
        "Dormant repositories",
        value=str(len(act.dormant_repositories)) if act else None,
        detail="no commit for a long time: archive, or give them an owner",
        href="repositories/",
        items=tuple(
            TileItem(name, "", f"repositories/{slug(name)}/")
            for name in (act.dormant_repositories if act else ())[:6]
        ),
        note=cockpit.note("history"),
    )


def _execution_level(cockpit: Cockpit) -> tuple[Level, Chart]:
    report = cockpit.report()
    act = cockpit.activity
    recent = act.months[-3:] if act else ()
    tiles = (
        _repositories_tile(report),
        _problems_tile(report),
        _activity_tile(cockpit, recent),
        _delivery_tile(cockpit, recent),
        _hotspots_tile(cockpit),
        _dormant_tile(cockpit),
    )
    langs = report.languages[:10]
    chart = Chart(
        id="home-languages",
        kind="hbar",
        title="Own code by language",
        labels=tuple(lang.language for lang in langs),
        series=(Series("code lines", tuple(float(lang.code) for lang in langs)),),
    )
    return (
        Level("Execution", "what is built and run: repositories, activity, delivery", tiles),
        chart,
    )


def _change_level(cockpit: Cockpit) -> Level:
    campaigns = campaigns_context(cockpit)
    camp = Tile(
        "Campaigns",
        value=str(len(campaigns.campaigns)) if cockpit.strategy else None,
        detail="migrations and their progress",
        href="campaigns/",
        items=tuple(
            TileItem(
                c.title,
                f"{c.percent:g}% done, {c.schedule}"
                if c.percent is not None
                else "no progress yet",
            )
            for c in campaigns.campaigns[:6]
        ),
        note=campaigns.note,
    )
    states = Counter(x.state for x in cockpit.eol)
    eol = Tile(
        "End-of-life exposure",
        value=str(states.get("past-eol", 0)),
        detail=f"past end of life; {states.get('ending-soon', 0)} ending soon",
        href="technologies/",
        items=tuple(
            TileItem(
                f"{x.product} {x.version}",
                f"{x.repository}: {x.state}" + (f" ({x.eol})" if x.eol else ""),
                f"repositories/{slug(x.repository)}/",
            )
            for x in cockpit.eol
            if x.state in {"past-eol", "ending-soon"}
        )[:6],
    )
    year_ago = cockpit.today - dt.timedelta(days=365)
    new = [m for m in cockpit.moves or () if m.kind == "new" and m.date >= year_ago]
    titles = {e.id: e.title for e in cockpit.strategy.entries} if cockpit.strategy else {}
    trials = Tile(
        "New technologies",
        value=str(len(new)) if cockpit.moves is not None else None,
        detail="entries added to the radar in the last 12 months",
        href="radar/",
        items=tuple(
            TileItem(
                titles.get(m.entry, m.entry), f"{m.ring} since {m.date}", f"radar/{slug(m.entry)}/"
            )
            for m in sorted(new, key=lambda m: m.date, reverse=True)[:6]
        ),
        note=cockpit.note("strategy") or cockpit.note("radar-history"),
    )
    return Level(
        "Change",
        "migrations, end of life, vulnerabilities, new technology",
        (camp, eol, vulnerabilities_tile(cockpit), trials),
    )


def _communication_level(cockpit: Cockpit) -> Level:
    strategy = cockpit.strategy
    edition = cockpit.editions[-1] if cockpit.editions else None
    radar = Tile(
        "Published radar",
        value=str(len(strategy.entries)) if strategy else None,
        detail=(
            f"entries; edition {edition.name} of {edition.date.isoformat()}"
            if edition
            else "entries"
        ),
        href="radar/",
        items=tuple(
            TileItem(ring, str(n))
            for ring, n in Counter(e.ring for e in (strategy.entries if strategy else ())).items()
        ),
        note=cockpit.note("strategy"),
    )
    people = people_context(cockpit)
    experts = Tile(
        "Experts directory",
        value=str(len({e.person for e in people.experts})) if cockpit.skills is not None else None,
        detail="people with proven experience; technologies with one active expert or none:",
        href="people/",
        items=tuple(TileItem(label, f"{n} active") for label, n in people.thin[:6]),
        note=cockpit.note("people"),
    )
    at_risk = [t for t in people.truck_factors if t.active_truck_factor <= 1]
    risks = Tile(
        "Knowledge risks",
        value=str(len(at_risk)) if cockpit.risks is not None else None,
        detail="repositories whose active truck factor is 1 or 0; "
        f"{len(people.departed)} departed owners",
        href="people/",
        items=tuple(
            TileItem(
                t.repository,
                f"truck factor {t.active_truck_factor}",
                f"repositories/{slug(t.repository)}/",
            )
            for t in at_risk[:6]
        ),
        note=cockpit.note("people"),
    )
    succession = Tile(
        "Succession and training",
        detail="who carries what, and who learns it next",
        href="whatif/",
        items=(
            TileItem("Off-boarding what-if", "pick people: what is lost", "whatif/"),
            TileItem("Training plan", "mentors, learners, pairings", "training/"),
        ),
        note=cockpit.note("history"),
    )
    return Level(
        "Communication",
        "what to tell the organisation: radar, experts, risks, succession",
        (radar, experts, risks, succession),
    )


def home_context(cockpit: Cockpit) -> HomeContext:
    execution, chart = _execution_level(cockpit)
    return HomeContext(
        organisation=cockpit.organisation,
        today=cockpit.today,
        verdict=verdict_view(cockpit),
        levels=(
            _strategy_level(cockpit),
            execution,
            _change_level(cockpit),
            _communication_level(cockpit),
        ),
        languages_chart=chart,
        burndowns=tuple(c.burndown for c in campaigns_context(cockpit).campaigns if c.burndown),
    )


@dataclass(frozen=True, slots=True)
class ExpertView:
    technology: str
    person: str
    score: float
    active: bool


@dataclass(frozen=True, slots=True)
class DepartedView:
    repository: str
    person: str
    last_commit: str | None
    files: int
    code: int


DEPARTED_PAGE = 50  # departed owners a page
EXPERTS_PAGE = 30  # technologies a page of the experts table
NO_DEPARTED = Pager("page", 1, 1, 0, DEPARTED_PAGE)  # the pagers of empty lists
NO_EXPERTS = Pager("experts_page", 1, 1, 0, EXPERTS_PAGE)


@dataclass(frozen=True, slots=True)
class PeopleContext:
    note: str | None
    experts: tuple[ExpertView, ...]  # the technologies of this page of ``experts_pager``
    thin: tuple[tuple[str, int], ...]  # technologies with one or zero active experts
    truck_factors: tuple[TruckFactorView, ...]
    islands: tuple[IslandView, ...]
    departed: tuple[DepartedView, ...]  # this page of ``departed_pager``
    experts_note: str | None
    team: TeamFilter  # ``?team=``: the repositories' tables keep the team's repositories
    departed_pager: Pager = NO_DEPARTED  # ``?page=``
    experts_pager: Pager = NO_EXPERTS  # ``?experts_page=``


def _in_use(cockpit: Cockpit) -> dict[tuple[str, str], tuple[str, int]]:
    """(kind, key) -> (label, repositories) of the languages and technologies in use now."""
    out: dict[tuple[str, str], tuple[str, int]] = {}
    for row in organisation_languages(cockpit.engine, kind="own"):
        if row.code > 0 and is_skill_language(row.language):
            out[("language", row.language)] = (row.language, row.repositories)
    for usage in cockpit.usage():
        if usage.category != Category.LANGUAGE.value:
            out[("technology", usage.id)] = (usage.name, len(usage.repositories))
    return out


def _experts(
    cockpit: Cockpit, page: int | str | None
) -> tuple[tuple[ExpertView, ...], tuple[tuple[str, int], ...], Pager]:
    """This page of the experts table (whole technologies, five people each at most), the
    technologies with one active expert or none, and the table's pager."""
    skills = cockpit.skills
    if skills is None:
        return (), (), paginate((), page, EXPERTS_PAGE, "experts_page")[1]

    def best() -> dict[str, list[Skill]]:
        groups: dict[str, list[Skill]] = defaultdict(list)
        for skill in skills:
            if skill.commits >= MIN_COMMITS:
                groups[skill.label].append(skill)
        ranked = sorted(groups, key=str.lower)
        return {k: sorted(groups[k], key=lambda s: (-s.score, s.person))[:5] for k in ranked}

    groups = cockpit.derived("experts", best)
    labels, pager = paginate(list(groups), page, EXPERTS_PAGE, "experts_page")
    experts = tuple(
        ExpertView(label, s.name, round(s.score, 2), s.presence == Presence.ACTIVE)
        for label in labels
        for s in groups[label]
    )
    thin = cockpit.derived(
        "thin-experts",
        lambda: tuple(
            (c.label, len(c.active_experts))
            for c in coverage(skills, _in_use(cockpit), min_commits=MIN_COMMITS)
        ),
    )
    return experts, thin, pager


def _departed(cockpit: Cockpit, risks: list[KnowledgeRisk]) -> list[DepartedView]:
    """Every departed owner of these repositories, most code first (indexed once a cockpit for
    the whole organisation)."""
    departed = [
        DepartedView(
            risk.repository,
            d.name or risk.names.get(d.person, d.person),
            d.last_commit.date().isoformat() if d.last_commit else None,
            d.files,
            d.code,
        )
        for risk in risks
        for d in risk.departed_owners
    ]
    departed.sort(key=lambda d: (-d.code, d.repository, d.person))
    return departed


def people_context(
    cockpit: Cockpit,
    team: str | None = None,
    page: int | str | None = 1,
    experts_page: int | str | None = 1,
) -> PeopleContext:
    """The People page; ``page`` picks the page of departed owners, ``experts_page`` that of
    the experts table (``"all"``: every row, as the static site shows them; a page beyond the
    last is the last)."""
    scope = team_scope(cockpit, team)
    experts, thin, experts_pager = _experts(cockpit, experts_page)
    experts_note = cockpit.note("people") if cockpit.skills is None else None
    if cockpit.risks is None:
        note = cockpit.note("people")
        return PeopleContext(
            note, experts, thin, (), (), (), experts_note, scope.filter, experts_pager=experts_pager
        )
    risks = [r for r in cockpit.risks if scope.admits(r.repository)]
    truck = sorted(
        (TruckFactorView.of(r) for r in risks),
        key=lambda t: (t.active_truck_factor, t.truck_factor, t.repository),
    )
    islands = sorted(
        (i for r in risks for i in IslandView.of(r)), key=lambda i: (-i.code, i.repository, i.path)
    )
    if scope.filter.team is None:
        departed = cockpit.derived("departed-owners", lambda: _departed(cockpit, risks))
    else:
        departed = _departed(cockpit, risks)
    shown, departed_pager = paginate(departed, page, DEPARTED_PAGE)
    return PeopleContext(
        None,
        experts,
        thin,
        tuple(truck),
        tuple(islands[:50]),
        shown,
        experts_note,
        scope.filter,
        departed_pager=departed_pager,
        experts_pager=experts_pager,
    )


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


def metrics(cockpit: Cockpit) -> Metrics:
    counts = cockpit.counts()
    own = sum(r.own_code for r in cockpit.repositories())
    strategy = cockpit.strategy
    return Metrics(
        organisation=cockpit.organisation,
        repositories=counts.repositories,
        scanned=counts.scanned,
        own_code=int(own),
        dependencies=counts.dependencies,
        packages=counts.packages,
        technologies=len({e.technology for e in cockpit.evidence()}),
        eol=dict(Counter(x.state for x in cockpit.eol)),
        findings=dict(Counter(f.severity.value for f in cockpit.findings))
        if cockpit.findings is not None
        else None,
        radar=dict(Counter(e.ring for e in strategy.entries)) if strategy else None,
        decisions=dict(Counter(d.status for d in strategy.decisions)) if strategy else None,
    )
