"""Contexts of the Teams pages and the team filter of the list pages.

A team is what ``people.toml`` (``team``) and Backstage Group entities declare, plus every team
that a repository's declared owner names (:mod:`lodestar.analysis.ownership`). Its repositories
are the ones whose declared owner is the team — :func:`lodestar.analysis.repositories_of_team`,
the one function the CLI's ``--team`` uses too, so the cockpit's counts per team are the CLI's.
Repositories with no declared owner form the *unowned* bucket.

The list pages (repositories, findings, campaigns, people) take ``?team=``:
:func:`team_scope` turns it into a :class:`TeamFilter` (shown by the page, kept in its links)
and the set of repositories the page keeps. An unknown team keeps nothing and the page lists
the known teams instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lodestar.analysis import repositories_of_team
from lodestar.analysis.campaigns import Progress
from lodestar.analysis.exposure import open_by_band
from lodestar.analysis.knowledge import KnowledgeRisk
from lodestar.analysis.presence import Presence
from lodestar.records import Finding
from lodestar.records.owners import RepositoryOwner, Team
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_common import Chart, IslandView, Series, TruckFactorView
from lodestar.web.links import slug

SEVERITIES = ("error", "warning", "note")
MAX_TEAM = 512  # characters of a ?team= value kept (the API's bound on text parameters)


@dataclass(frozen=True, slots=True)
class TeamFilter:
    """The team a list page is narrowed to (``?team=``) and the teams there are to choose."""

    team: str | None  # the team's name as declared; as asked when unknown; None: every team
    known: bool  # False: no team has that name (the page keeps nothing)
    teams: tuple[str, ...]  # every known team, for the choice and the empty state


@dataclass(frozen=True, slots=True)
class TeamScope:
    """What a list page keeps under a team filter (not part of any context)."""

    filter: TeamFilter
    repositories: frozenset[str] | None  # None: no filter, every repository is kept

    def admits(self, repository: str | None) -> bool:
        """Whether a row about ``repository`` (None: the organisation) stays on the page."""
        if self.repositories is None:
            return True
        return repository is not None and repository in self.repositories


def _owners(cockpit: Cockpit) -> Mapping[str, RepositoryOwner]:
    return cockpit.owners or {}


def team_names(cockpit: Cockpit) -> tuple[str, ...]:
    """Every known team: declared ones (people.toml, Backstage Groups) and the teams that
    repositories' declared owners are or belong to (see :func:`repositories_of_team`)."""
    names: dict[str, str] = {}
    for team in cockpit.teams or ():
        names.setdefault(team.name.casefold(), team.name)
    for owner in _owners(cockpit).values():
        if name := owner.team:
            names.setdefault(name.casefold(), name)
    return tuple(sorted(names.values(), key=str.casefold))


def find_team(cockpit: Cockpit, key: str) -> str | None:
    """A team's name, by its name (any case) or its page slug."""
    folded = key.strip().casefold()
    return next(
        (name for name in team_names(cockpit) if folded == name.casefold() or key == slug(name)),
        None,
    )


def team_scope(cockpit: Cockpit, team: str | None) -> TeamScope:
    """The filter a list page shows for ``?team=`` and the repositories it keeps."""
    names = team_names(cockpit)
    asked = (team or "").strip()[:MAX_TEAM]  # the page echoes it; the API bounds it too
    if not asked:
        return TeamScope(TeamFilter(None, True, names), None)
    found = find_team(cockpit, asked)
    if found is None:
        return TeamScope(TeamFilter(asked, False, names), frozenset())
    kept = frozenset(repositories_of_team(_owners(cockpit), found))
    return TeamScope(TeamFilter(found, True, names), kept)


# --- the Teams page ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberView:
    key: str
    name: str
    state: str  # active | quiet | departed | unknown (no commit seen in the mined history)


@dataclass(frozen=True, slots=True)
class TeamSummary:
    name: str
    slug: str
    sources: tuple[str, ...]  # "people.toml", "REPO:catalog-info.yaml:LINE", "CODEOWNERS"
    members: int
    active_members: int
    departed_members: int
    repositories: tuple[str, ...]  # declared owner: the team
    findings: tuple[tuple[str, int], ...] | None  # severity -> findings; None: no drift
    campaigns: int  # campaigns with one of its repositories concerned
    at_risk: int | None  # repositories with an active truck factor of 1 or 0; None: no history
    islands: int | None  # knowledge islands in its repositories
    # open (advisory, repository) pairs of its repositories by band, the bands with any;
    # None: no advisories imported
    vulnerabilities: tuple[tuple[str, int], ...] | None = None


@dataclass(frozen=True, slots=True)
class TeamsContext:
    note: str | None  # why there are no teams
    teams: tuple[TeamSummary, ...]
    unowned: tuple[str, ...]  # repositories with no declared owner
    findings_note: str | None
    history_note: str | None
    chart: Chart
    vulnerabilities_note: str | None = None  # why there are no vulnerability figures


def _presence(cockpit: Cockpit) -> dict[str, tuple[str, str]]:
    """Person key -> (display name, presence) from the mined activity (indexed once a
    cockpit: every page of a repository or a team reads it)."""
    people = cockpit.activity.people if cockpit.activity else ()
    return cockpit.derived(
        "presence",
        lambda: {
            p.key: (
                p.name,
                Presence.ACTIVE.value
                if p.active
                else Presence.DEPARTED.value
                if p.departed
                else Presence.QUIET.value,
            )
            for p in people
        },
    )


def _members(cockpit: Cockpit, name: str) -> tuple[MemberView, ...]:
    presence = _presence(cockpit)
    team = _team_record(cockpit, name)
    keys = team.members if team else ()
    order = {"active": 0, "quiet": 1, "departed": 2, "unknown": 3}
    views = (MemberView(k, *presence.get(k, (k, "unknown"))) for k in keys)
    return tuple(sorted(views, key=lambda m: (order[m.state], m.name.casefold())))


def _team_record(cockpit: Cockpit, name: str) -> Team | None:
    folded = name.casefold()
    return next((t for t in cockpit.teams or () if t.name.casefold() == folded), None)


def _severities(findings: Iterable[Finding]) -> tuple[tuple[str, int], ...]:
    counts = Counter(f.severity.value for f in findings)
    return tuple((s, counts[s]) for s in SEVERITIES if counts[s])


def _in(findings: Iterable[Finding], repositories: frozenset[str]) -> list[Finding]:
    return [f for f in findings if f.repository is not None and f.repository in repositories]


def _summary(cockpit: Cockpit, name: str) -> TeamSummary:
    repositories = repositories_of_team(_owners(cockpit), name)
    unique = tuple(dict.fromkeys(repositories))
    members = _members(cockpit, name)
    team = _team_record(cockpit, name)
    by_risk = _risks_by_repository(cockpit)
    risks = [r for repo in unique for r in by_risk.get(repo, ())]
    findings = cockpit.grouped("findings", lambda: cockpit.findings or ())
    concerned = _campaigns_by_repository(cockpit)
    return TeamSummary(
        name=name,
        slug=slug(name),
        sources=team.sources if team else ("CODEOWNERS or catalog-info.yaml",),
        members=len(members),
        active_members=sum(1 for m in members if m.state == "active"),
        departed_members=sum(1 for m in members if m.state == "departed"),
        repositories=tuple(repositories),
        findings=(
            _severities(f for repo in unique for f in findings.get(repo, ()))
            if cockpit.findings is not None
            else None
        ),
        campaigns=len(frozenset().union(*(concerned.get(repo, frozenset()) for repo in unique))),
        at_risk=(
            sum(1 for r in risks if r.active_truck_factor.value <= 1)
            if cockpit.risks is not None
            else None
        ),
        islands=(
            sum(len(r.island_directories or r.island_files[:5]) for r in risks)
            if cockpit.risks is not None
            else None
        ),
        vulnerabilities=_bands(cockpit, unique),
    )


def _risks_by_repository(cockpit: Cockpit) -> Mapping[str, tuple[KnowledgeRisk, ...]]:
    return cockpit.grouped("risks", lambda: cockpit.risks or ())


def _campaigns_by_repository(cockpit: Cockpit) -> Mapping[str, frozenset[int]]:
    """Repository -> the campaigns (their positions) concerning it, indexed once a cockpit."""

    def index() -> Mapping[str, frozenset[int]]:
        out: dict[str, set[int]] = {}
        for n, report in enumerate(cockpit.campaigns or ()):
            for r in report.progress.repositories:
                out.setdefault(r.repository, set()).add(n)
        return {repo: frozenset(found) for repo, found in out.items()}

    return cockpit.derived("campaigns-by-repository", index)


def _bands(cockpit: Cockpit, repositories: tuple[str, ...]) -> tuple[tuple[str, int], ...] | None:
    """Open vulnerabilities of the repositories by band (the Vulnerabilities page's count)."""
    if cockpit.vulnerabilities is None or cockpit.note("advisories"):
        return None
    found = cockpit.grouped("open-matches", cockpit.open_matches)  # VEX applied
    mine = [v for repo in repositories for v in found.get(repo, ())]
    return tuple((band, n) for band, n in open_by_band(mine) if n)


def unowned_repositories(cockpit: Cockpit) -> tuple[str, ...]:
    """Repositories no file declares an owner for (none at all without ownership data)."""
    if cockpit.owners is None:
        return ()
    owners = cockpit.owners
    return tuple(
        sorted(
            (r.name for r in cockpit.repositories() if not _declared(owners.get(r.name))),
            key=str.casefold,
        )
    )


def _declared(owner: RepositoryOwner | None) -> bool:
    return owner is not None and bool(owner.declared)


def teams_context(cockpit: Cockpit) -> TeamsContext:
    """The Teams overview (its page and ``/api/teams``), derived once a cockpit."""
    return cockpit.derived("teams-overview", lambda: _teams_context(cockpit))


def _teams_context(cockpit: Cockpit) -> TeamsContext:
    summaries = tuple(_summary(cockpit, name) for name in team_names(cockpit))
    note = None
    if not summaries:
        note = cockpit.note("owners") or (
            "no teams yet: give people a team in people.toml, declare Backstage Groups in "
            "catalog-info.yaml, or name owners in CODEOWNERS, then run 'lodestar scan'"
        )
    chart = Chart(
        id="team-findings",
        kind="hbar",
        title="Findings by team",
        labels=tuple(t.name for t in summaries),
        series=tuple(
            Series(s, tuple(float(dict(t.findings or ()).get(s, 0)) for t in summaries))
            for s in SEVERITIES
        ),
    )
    return TeamsContext(
        note=note,
        teams=summaries,
        unowned=unowned_repositories(cockpit),
        findings_note=cockpit.note("drift"),
        history_note=cockpit.note("history"),
        chart=chart if cockpit.findings else Chart("team-findings", "hbar", "", (), ()),
        vulnerabilities_note=cockpit.note("advisories"),
    )


# --- one team's page ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnerView:
    """A repository's owner as declared (and where) beside the people who keep it alive."""

    declared: tuple[str, ...]  # as written: "@org/payments", "group:payments", "jane"
    source: str | None  # "CODEOWNERS:3", "catalog-info.yaml:7", "lodestar.toml"
    team: str | None  # the team the declared owner is or belongs to
    team_slug: str | None
    observed: tuple[str, ...]  # display names of the active knowledge holders, most first
    observed_teams: tuple[str, ...]
    status: str  # ok | missing | departed | mismatch (lodestar.analysis.ownership)
    departed: tuple[str, ...]  # declared owners whose people all departed


@dataclass(frozen=True, slots=True)
class TeamRepository:
    name: str
    slug: str
    owner: OwnerView
    findings: tuple[tuple[str, int], ...] | None  # severity -> findings; None: no drift
    truck_factor: int | None  # active truck factor; None: no history


@dataclass(frozen=True, slots=True)
class TeamCampaign:
    """A campaign as far as the team's repositories go."""

    id: str
    title: str
    schedule: str | None
    due: str | None
    repositories: int  # the team's repositories the campaign concerns
    done: int
    in_progress: int
    not_started: int
    unknown: int
    percent: float | None  # of the team's repositories concerned


@dataclass(frozen=True, slots=True)
class TeamFinding:
    rule: str
    severity: str
    message: str
    repository: str | None
    hint: str


@dataclass(frozen=True, slots=True)
class TeamContext:
    summary: TeamSummary
    members: tuple[MemberView, ...]
    repositories: tuple[TeamRepository, ...]
    findings: tuple[TeamFinding, ...] | None  # most severe first; None: no drift
    campaigns: tuple[TeamCampaign, ...]
    at_risk: tuple[TruckFactorView, ...]  # its repositories with an active truck factor of 1 or 0
    islands: tuple[IslandView, ...]
    findings_note: str | None
    history_note: str | None
    vulnerabilities_note: str | None = None  # why there are no vulnerability figures


def owner_view(cockpit: Cockpit, repository: str) -> OwnerView | None:
    """The owner of ``repository`` for its page; None without ownership data."""
    if cockpit.owners is None:
        return None
    owner = cockpit.owners.get(repository) or RepositoryOwner(repository)
    presence = _presence(cockpit)
    names = cockpit.derived("names", lambda: {k: name for k, (name, _) in presence.items()})
    return OwnerView(
        declared=owner.declared,
        source=owner.source,
        team=owner.team,
        team_slug=slug(owner.team) if owner.team else None,
        observed=tuple(names.get(p, p) for p in owner.observed),
        observed_teams=owner.observed_teams,
        status=owner.status,
        departed=owner.departed,
    )


def _campaigns(cockpit: Cockpit, kept: frozenset[str]) -> tuple[TeamCampaign, ...]:
    out = []
    for report in cockpit.campaigns or ():
        mine = Progress(tuple(r for r in report.progress.repositories if r.repository in kept))
        if not mine.total:
            continue
        c = report.campaign
        out.append(
            TeamCampaign(
                c.id,
                c.title,
                report.schedule,
                c.due.isoformat() if c.due else None,
                mine.total,
                mine.done,
                mine.in_progress,
                mine.not_started,
                mine.unknown,
                mine.percent,
            )
        )
    return tuple(out)


def _risks(
    cockpit: Cockpit, kept: frozenset[str]
) -> tuple[tuple[TruckFactorView, ...], tuple[IslandView, ...]]:
    risks: list[TruckFactorView] = []
    islands: list[IslandView] = []
    for risk in cockpit.risks or ():
        if risk.repository not in kept:
            continue
        if risk.active_truck_factor.value <= 1:
            risks.append(TruckFactorView.of(risk))
        islands.extend(IslandView.of(risk))
    risks.sort(key=lambda t: (t.active_truck_factor, t.truck_factor, t.repository))
    islands.sort(key=lambda i: (-i.code, i.repository, i.path))
    return tuple(risks), tuple(islands)


def team_context(cockpit: Cockpit, name: str) -> TeamContext:
    summary = _summary(cockpit, name)
    kept = frozenset(summary.repositories)
    truck = {r.repository: r.active_truck_factor.value for r in cockpit.risks or ()}
    found = None if cockpit.findings is None else _in(cockpit.findings, kept)
    repositories = tuple(
        TeamRepository(
            repo,
            slug(repo),
            owner_view(cockpit, repo) or OwnerView((), None, None, None, (), (), "missing", ()),
            _severities(f for f in found if f.repository == repo) if found is not None else None,
            truck.get(repo),
        )
        for repo in summary.repositories
    )
    at_risk, islands = _risks(cockpit, kept)
    return TeamContext(
        summary=summary,
        members=_members(cockpit, name),
        repositories=repositories,
        findings=None
        if found is None
        else tuple(
            TeamFinding(f.rule, f.severity.value, f.message, f.repository, f.hint)
            for f in sorted(found, key=lambda f: (-f.severity.rank, f.rule, f.repository or ""))
        ),
        campaigns=_campaigns(cockpit, kept),
        at_risk=at_risk,
        islands=islands[:50],
        findings_note=cockpit.note("drift"),
        history_note=cockpit.note("history"),
        vulnerabilities_note=cockpit.note("advisories"),
    )


def team_label(cockpit: Cockpit, repository: str | None) -> str | None:
    """The team a row about ``repository`` goes to (its declared owner's), if any."""
    owner = (cockpit.owners or {}).get(repository) if repository else None
    return owner.team if owner is not None else None
