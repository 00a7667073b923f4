"""Contexts of the Vulnerabilities page, and the vulnerability sections of other pages.

Every figure comes from the organisation's evaluation: the current matches
(``OrganisationEvaluation.vulnerabilities``) and the exposure history
(``OrganisationEvaluation.exposure``, :mod:`lodestar.analysis.exposure`), which the cockpit
holds as :attr:`Cockpit.vulnerabilities` and :attr:`Cockpit.exposure`. Nothing is recomputed
here: rows are filtered, sorted and labelled. Advisory text (summaries, ids) is hostile and is
handed to the templates as plain text (autoescaped), never as HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, get_args

from lodestar.analysis import (
    VulnerabilityListing,
    advisory_url,
    vulnerability_listing,
)
from lodestar.analysis.exposure import (
    BANDS,
    GRANULARITY,
    UNOWNED,
    ExposureSpan,
    Remediation,
    open_by_band,
)
from lodestar.errors import UsageError
from lodestar.records.vulns import Vulnerability, VulnerabilityPolicy, band_rank
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_common import Chart, Series, Tile, TileItem
from lodestar.web.contexts_teams import TeamScope, team_scope
from lodestar.web.links import slug

# the filters' values; the API's document lists them
BandFilter = Literal["critical", "high", "medium", "low", "none", "unknown"]
StatusFilter = Literal["affected", "may-be-affected"]
STATUSES: tuple[str, ...] = get_args(StatusFilter)
MAX_ROWS = 500  # rows shown on the page (the API's list is the same): filter to narrow
CHART_MONTHS = 36  # the exposure chart's window


@dataclass(frozen=True, slots=True)
class VulnerabilityRow:
    """One advisory matched against one dependency of one repository."""

    advisory: str
    aliases: tuple[str, ...]
    link: str  # where people read it: its GitHub or NVD page, else osv.dev (advisory_url)
    summary: str  # plain text: rendered escaped
    package: str
    version: str | None
    constraint: str | None
    band: str
    score: float | None
    status: str  # affected | may-be-affected
    affected: str
    fixed: str | None
    repository: str
    manifest: str
    line: int | None
    owner: str | None  # the declared owners, as written
    team: str  # the owner's team, or "unowned"
    published: dt.date | None
    locations: tuple[str, ...] = ()  # manifest:line of every declaration of that version
    finding: str | None = None  # error | warning | note: as the vulnerability rule grades it
    vex: str | None = None  # the VEX statement that applies: "under_investigation", …


@dataclass(frozen=True, slots=True)
class SpanRow:
    """One (advisory, repository) pair's exposure over the history."""

    advisory: str
    repository: str
    team: str
    band: str
    months: int
    first: str  # YYYY-MM
    last: str
    status: str  # open | fixed | fixed-before-publication
    fixed: str | None  # YYYY-MM
    days: int | None


@dataclass(frozen=True, slots=True)
class Filters:
    severity: str | None = None  # this band or a more severe one, as 'lodestar vulns --severity'
    status: str | None = None
    repository: str | None = None
    team: str | None = None


@dataclass(frozen=True, slots=True)
class VulnerabilitiesContext:
    note: str | None  # "no advisories imported yet: …"
    today: dt.date
    open_bands: tuple[tuple[str, int], ...]  # (band, open affected advisory+repository pairs)
    may_be_affected: int  # advisory+repository pairs with no pinned version to decide
    listed: tuple[tuple[str, int], ...]  # (band, rows) of 'lodestar vulns': its summary
    hidden: int  # rows a VEX statement or the policy's ignore-below hides
    total: int  # rows matching the filters
    shown: int  # rows listed (at most MAX_ROWS)
    rows: tuple[VulnerabilityRow, ...]
    filters: Filters
    bands: tuple[str, ...]  # the filter's choices
    statuses: tuple[str, ...]
    repositories: tuple[str, ...]
    teams: tuple[str, ...]
    chart: Chart | None  # open exposures per month, by band
    granularity: str  # "month": what a remediation day can resolve
    remediation: tuple[Remediation, ...]  # per team, then the organisation
    spans: tuple[SpanRow, ...]  # the exposure history, filtered like the rows
    history_note: str | None  # why there is no exposure history


@dataclass(frozen=True, slots=True)
class RepositoryVulnerabilities:
    """The vulnerability section of a repository page."""

    note: str | None
    rows: tuple[VulnerabilityRow, ...]
    spans: tuple[SpanRow, ...]


def _owners(cockpit: Cockpit) -> dict[str, tuple[str | None, str]]:
    """Repository -> (declared owners, team)."""
    out: dict[str, tuple[str | None, str]] = {}
    for name, owner in (cockpit.owners or {}).items():
        declared = ", ".join(owner.declared) or None
        out[name] = (declared, owner.team or UNOWNED)
    return out


def _rank(v: Vulnerability) -> tuple[int, float, str, str, str, int]:
    band = BANDS.index(v.band) if v.band in BANDS else len(BANDS)
    return (band, -(v.score or 0.0), v.advisory, v.repository, v.manifest, v.line or 0)


def _listing(cockpit: Cockpit, found: Iterable[Vulnerability]) -> VulnerabilityListing:
    """``lodestar vulns``' listing of ``found``: graded by the policies, VEX applied."""
    policy = cockpit.strategy.policies.vulnerabilities if cockpit.strategy else None
    return vulnerability_listing(found, policy or VulnerabilityPolicy(), owners=cockpit.owners)


def _rows(cockpit: Cockpit, found: Iterable[Vulnerability]) -> list[VulnerabilityRow]:
    """The listing's rows (most severe first), as the pages show them."""
    owners = _owners(cockpit)
    rows = []
    for listed in _listing(cockpit, found).rows:
        v = listed.vulnerability
        owner, team = owners.get(v.repository, (None, UNOWNED))
        statement = listed.statement
        rows.append(
            VulnerabilityRow(
                advisory=v.advisory,
                aliases=v.aliases,
                link=advisory_url(v.advisory, v.references),
                summary=v.summary,
                package=v.package,
                version=v.version,
                constraint=v.constraint,
                band=v.band,
                score=v.score,
                status=v.status,
                affected=v.affected,
                fixed=v.fixed,
                repository=v.repository,
                manifest=v.manifest,
                line=v.line,
                owner=owner,
                team=team,
                published=v.published,
                locations=listed.locations,
                finding=listed.severity.value if listed.severity else None,
                vex=statement.status if statement else None,
            )
        )
    return rows


def _span_row(s: ExposureSpan) -> SpanRow:
    return SpanRow(
        advisory=s.advisory,
        repository=s.repository,
        team=s.team,
        band=s.band,
        months=len(s.months),
        first=s.first.strftime("%Y-%m"),
        last=s.last.strftime("%Y-%m"),
        status=s.status,
        fixed=s.fixed.strftime("%Y-%m") if s.fixed else None,
        days=s.days,
    )


def open_bands(cockpit: Cockpit) -> tuple[tuple[str, int], ...]:
    """The evaluation's open pairs by band (zeros when nothing was evaluated)."""
    if cockpit.exposure is not None:
        return cockpit.exposure.open_bands
    return open_by_band(())


def _chart(cockpit: Cockpit, chart_id: str) -> Chart | None:
    exposure = cockpit.exposure
    if exposure is None or not exposure.months:
        return None
    points = exposure.months[-CHART_MONTHS:]
    used = [b for b in BANDS if any(m.count(b) for m in points)] or ["critical", "high"]
    return Chart(
        id=chart_id,
        kind="line",
        title="Open exposures per month, by severity (advisory and repository, month end)",
        labels=tuple(m.month.strftime("%Y-%m") for m in points),
        series=tuple(Series(b, tuple(float(m.count(b)) for m in points)) for b in used),
        y_title="open exposures",
    )


def _history_note(cockpit: Cockpit) -> str | None:
    if cockpit.exposure is not None and cockpit.exposure.history:
        return None
    return cockpit.note("history") or "no monthly snapshots yet: the current scan only"


def _keep(row: VulnerabilityRow | SpanRow, filters: Filters, scope: TeamScope) -> bool:
    """Whether a row passes the filters; a team is the list pages' one team filter
    (:func:`~lodestar.web.contexts_teams.team_scope`), ``unowned`` the rows of no team."""
    return (
        (filters.severity is None or band_rank(row.band) >= band_rank(filters.severity))
        and (filters.repository is None or row.repository == filters.repository)
        and (row.team == UNOWNED if filters.team == UNOWNED else scope.admits(row.repository))
    )


def _filters(
    severity: str | None, status: str | None, repository: str | None, team: str | None
) -> Filters:
    """The filters asked for ("" is "all"); an unknown band or status is a usage error."""
    filters = Filters(severity or None, status or None, repository or None, team or None)
    if filters.severity is not None and filters.severity not in BANDS:
        raise UsageError(f"unknown severity {severity!r}; use one of {', '.join(BANDS)}")
    if filters.status is not None and filters.status not in STATUSES:
        raise UsageError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    return filters


def vulnerabilities_context(
    cockpit: Cockpit,
    severity: str | None = None,
    status: str | None = None,
    repository: str | None = None,
    team: str | None = None,
) -> VulnerabilitiesContext:
    filters = _filters(severity, status, repository, team)
    scope = team_scope(cockpit, None if filters.team == UNOWNED else filters.team)
    found = cockpit.vulnerabilities or ()
    listing = _listing(cockpit, found)
    every = _rows(cockpit, found)
    rows = [r for r in every if _keep(r, filters, scope) and filters.status in (None, r.status)]
    exposure = cockpit.exposure
    spans = [_span_row(s) for s in exposure.spans] if exposure else []
    kept = [s for s in spans if _keep(s, filters, scope)]
    return VulnerabilitiesContext(
        note=cockpit.note("advisories"),
        today=cockpit.today,
        open_bands=open_bands(cockpit),
        may_be_affected=len(
            {(v.advisory, v.repository) for v in found if v.status == "may-be-affected"}
        ),
        listed=tuple(listing.bands.items()),
        hidden=listing.hidden,
        total=len(rows),
        shown=min(len(rows), MAX_ROWS),
        rows=tuple(rows[:MAX_ROWS]),
        filters=filters,
        bands=BANDS,
        statuses=STATUSES,
        repositories=tuple(sorted({r.repository for r in every} | {s.repository for s in spans})),
        teams=tuple(sorted({r.team for r in every} | {s.team for s in spans})),
        chart=_chart(cockpit, "vulnerability-exposure"),
        granularity=exposure.granularity if exposure else GRANULARITY,
        remediation=(*exposure.teams, exposure.organisation) if exposure else (),
        spans=tuple(kept[:MAX_ROWS]),
        history_note=_history_note(cockpit),
    )


def repository_vulnerabilities(cockpit: Cockpit, repository: str) -> RepositoryVulnerabilities:
    """A repository's current matches and its exposure history."""
    found = cockpit.grouped("vulnerabilities", lambda: cockpit.vulnerabilities or ())
    spans = cockpit.grouped("spans", lambda: cockpit.exposure.spans if cockpit.exposure else ())
    return RepositoryVulnerabilities(
        note=cockpit.note("advisories"),
        rows=tuple(_rows(cockpit, found.get(repository, ()))),
        spans=tuple(_span_row(s) for s in spans.get(repository, ())),
    )


def entry_vulnerabilities(
    cockpit: Cockpit, entry: str, repositories: Iterable[str]
) -> tuple[VulnerabilityRow, ...]:
    """The open advisories of what a radar entry describes (the evaluation's
    ``radar_advisories``), as matches in the ``repositories`` that use the entry."""
    advisories = set(cockpit.entry_advisories().get(entry, ()))
    using = set(repositories)
    found = [
        v
        for v in cockpit.vulnerabilities or ()
        if v.advisory in advisories and v.repository in using and v.status == "affected"
    ]
    return tuple(_rows(cockpit, found))


def vulnerabilities_tile(cockpit: Cockpit) -> Tile:
    """The home page's Change-level tile: open critical and high, and the trend."""
    found = cockpit.vulnerabilities or ()
    bands = dict(open_bands(cockpit))
    now = bands["critical"] + bands["high"]
    detail = "critical and high advisories open (advisory and repository)"
    months = cockpit.exposure.months if cockpit.exposure else ()
    if len(months) >= 2:
        before = months[-2].count("critical", "high")
        change = now - before
        trend = "no change" if change == 0 else f"{change:+d}"
        detail += f"; {trend} since {months[-2].month.strftime('%Y-%m')} ({before})"
    worst = sorted(
        {(v.advisory, v.repository): v for v in found if v.status == "affected"}.values(),
        key=_rank,
    )
    return Tile(
        "Vulnerabilities",
        value=None if cockpit.note("advisories") else str(now),
        detail=detail,
        href="vulnerabilities/",
        items=tuple(
            TileItem(
                f"{v.advisory} ({v.band})",
                f"{v.repository}: {v.package.removeprefix('pkg:')} {v.version or ''}".rstrip(),
                f"repositories/{slug(v.repository)}/",
            )
            for v in worst[:6]
        ),
        note=cockpit.note("advisories"),
    )
