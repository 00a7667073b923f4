"""Exposure history: which repositories were exposed to which advisory, month by month, and
how long they took to remediate — read from the monthly snapshots Lodestar already keeps.

Each monthly snapshot (the last commit of a month on the main line,
:class:`~lodestar.records.MonthlySnapshot`) is matched against the advisories by the same
engine as the current scan (``match``: :func:`lodestar.analysis.vulnerabilities.match_dependencies`
bound to the advisory index). A repository is **exposed** to an advisory in a month when its
snapshot uses a version *inside* an affected range (status ``affected``; "may be affected"
declarations without a pinned version never count). As for campaigns' burn-downs, a repository
counts from its first snapshot on and a month without a snapshot (no commit that month) carries
the previous month forward; the current month is the **current scan**.

For each (advisory, repository) pair, an :class:`ExposureSpan` gives the months exposed, the
first and last, whether the current scan is still exposed, and once it no longer is:

* **fixed** — the first month after the last exposed month in which it was no longer exposed;
  the fix is dated on that month's first day (granularity: a month; the snapshot record carries
  no commit date, so the fix happened in the month named, at the latest by its last commit);
* **days to remediate** — from the later of the advisory's publication and the first day of the
  first exposed month (a dependency that arrived after publication is counted from its arrival)
  to the fix date. A repository that stopped being exposed before the advisory was published was
  never knowingly exposed: its span is ``fixed-before-publication`` and counts in no mean. A
  repository exposed again after a fix is remediated when it last stopped being exposed.

**Time to remediate** (:class:`Remediation`): mean and median days over the fixed spans, per
team (the declared owner's team — not the observed owners', which depend on how much history a
view loaded, so that every view buckets alike; ``unowned`` when none is declared) and
organisation-wide, with the number still open.
**Open exposures per month** (:class:`MonthExposure`): (advisory, repository) pairs exposed at
the end of each month, by severity band, counted from the month of the advisory's publication
(before it, nobody could act) — the series a chart draws. **Open now** (:func:`open_by_band`):
the same pairs in the current scans, by band — the figure of the cockpit's home tile and of its
Vulnerabilities page's summary (the list below it is ``lodestar vulns``' listing, one row per
advisory, repository, package and version). VEX statements that take a match out
(``not_affected``, ``fixed``) take it out of every figure here.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from lodestar.analysis.advisory_groups import SEVERITY_BANDS
from lodestar.records import Dependency, MonthlySnapshot
from lodestar.records.owners import RepositoryOwner
from lodestar.records.vulns import Vulnerability

__all__ = [
    "BANDS",
    "GRANULARITY",
    "UNOWNED",
    "ExposureSpan",
    "MonthExposure",
    "Remediation",
    "SnapshotMatcher",
    "VulnerabilityExposure",
    "open_by_band",
    "vulnerability_exposure",
]

BANDS = SEVERITY_BANDS  # most severe first
GRANULARITY = "month"  # fixes are dated on the first day of the first month no longer exposed
UNOWNED = "unowned"  # the team bucket of repositories without a known owner team
ORGANISATION = "organisation"  # the organisation-wide Remediation's team name

# (repository, dependencies) -> what they match: the engine bound to the advisory index
SnapshotMatcher = Callable[[str, Sequence[Dependency]], Sequence[Vulnerability]]


@dataclass(frozen=True, slots=True)
class ExposureSpan:
    """One advisory (aliases merged) in one repository, over the history."""

    advisory: str
    aliases: tuple[str, ...]
    summary: str
    repository: str
    team: str  # the owner's team, or UNOWNED
    packages: tuple[str, ...]  # purls (without version) it was exposed through
    band: str
    score: float | None
    published: dt.date | None
    months: tuple[dt.date, ...]  # first day of each month exposed (current month: current scan)
    first: dt.date  # the first month exposed
    last: dt.date  # the last month exposed
    open: bool  # the current scan is still exposed
    status: str  # "open" | "fixed" | "fixed-before-publication"
    start: dt.date | None  # publication, or the first exposed month when that is later
    fixed: dt.date | None  # first day of the first month no longer exposed (after the last)
    days: int | None  # start -> fixed; None while open or fixed before publication


@dataclass(frozen=True, slots=True)
class Remediation:
    """Time to remediate of one team (or the organisation): days over the fixed spans."""

    team: str
    fixed: int
    open: int
    mean_days: float | None
    median_days: float | None


@dataclass(frozen=True, slots=True)
class MonthExposure:
    """Open (advisory, repository) exposures at the end of one month, by band."""

    month: dt.date
    total: int
    bands: tuple[tuple[str, int], ...]  # (band, count) in BANDS order, every band present

    def count(self, *bands: str) -> int:
        wanted = set(bands)
        return sum(n for band, n in self.bands if band in wanted)


@dataclass(frozen=True, slots=True)
class VulnerabilityExposure:
    """The exposure history of the organisation (see the module's docstring)."""

    granularity: str  # GRANULARITY: what a "day" of remediation can resolve
    spans: tuple[ExposureSpan, ...]  # most severe first, then advisory, repository
    teams: tuple[Remediation, ...]  # by team name, UNOWNED last
    organisation: Remediation
    months: tuple[MonthExposure, ...]  # oldest first, ending with the current month
    open_bands: tuple[tuple[str, int], ...]  # the current scans' open pairs: open_by_band
    history: bool  # whether monthly snapshots were there (else: the current scan only)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    out = []
    month = start
    while month <= end:
        out.append(month)
        month = _next_month(month)
    return out


@dataclass(slots=True)
class _Pair:
    """What is known of one (advisory, repository) pair while the months are walked."""

    sample: Vulnerability
    packages: set[str]
    months: list[dt.date]


def _exposed(found: Sequence[Vulnerability]) -> dict[str, Vulnerability]:
    """Advisory -> one of its matches, for the matches inside an affected range."""
    out: dict[str, Vulnerability] = {}
    for v in found:
        if v.status == "affected":
            out.setdefault(v.advisory, v)
    return out


def _walk(
    repository: str,
    snaps: Sequence[MonthlySnapshot],
    current: Sequence[Vulnerability],
    match: SnapshotMatcher,
    this_month: dt.date,
) -> dict[str, _Pair]:
    """The months each advisory exposed one repository: snapshots carried forward through months
    without one, the current month from the current scan."""
    per_month: dict[dt.date, Sequence[Vulnerability]] = {}
    seen: dict[tuple[Dependency, ...], Sequence[Vulnerability]] = {}
    for snap in snaps:  # consecutive months mostly use the same dependencies: matched once
        if snap.month >= this_month:
            continue
        if snap.dependencies not in seen:
            seen[snap.dependencies] = match(repository, snap.dependencies)
        per_month[snap.month] = seen[snap.dependencies]
    per_month[this_month] = current
    pairs: dict[str, _Pair] = {}
    state: dict[str, Vulnerability] = {}
    for month in _months(min(per_month), this_month):
        if month in per_month:
            found = per_month[month]
            state = _exposed(found)
            for v in found:
                if v.advisory in state:
                    pairs.setdefault(v.advisory, _Pair(v, set(), [])).packages.add(v.package)
        for advisory in state:
            pairs[advisory].months.append(month)
    return pairs


def _span(
    advisory: str, repository: str, team: str, pair: _Pair, this_month: dt.date
) -> ExposureSpan:
    v = pair.sample
    months = tuple(pair.months)
    first, last = months[0], months[-1]
    still = last == this_month
    start = max(v.published, first) if v.published else first
    fixed = None if still else _next_month(last)
    status = "open"
    days = None
    if fixed is not None:
        status = "fixed"
        if v.published is not None and fixed <= v.published:
            status = "fixed-before-publication"
        else:
            days = (fixed - start).days
    return ExposureSpan(
        advisory=advisory,
        aliases=v.aliases,
        summary=v.summary,
        repository=repository,
        team=team,
        packages=tuple(sorted(pair.packages)),
        band=v.band,
        score=v.score,
        published=v.published,
        months=months,
        first=first,
        last=last,
        open=still,
        status=status,
        start=start if status != "fixed-before-publication" else None,
        fixed=fixed,
        days=days,
    )


def _remediation(team: str, spans: Sequence[ExposureSpan]) -> Remediation:
    days = [s.days for s in spans if s.days is not None]
    return Remediation(
        team=team,
        fixed=len(days),
        open=sum(1 for s in spans if s.open),
        mean_days=round(statistics.fmean(days), 1) if days else None,
        median_days=float(statistics.median(days)) if days else None,
    )


def _series(spans: Sequence[ExposureSpan], this_month: dt.date) -> tuple[MonthExposure, ...]:
    counts: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for span in spans:
        known = _month(span.published) if span.published else None
        for month in span.months:
            if known is None or month >= known:
                counts[month][span.band] += 1
    if not counts:
        return ()
    return tuple(
        MonthExposure(
            month=month,
            total=sum(counts[month].values()),
            bands=tuple((band, counts[month][band]) for band in BANDS),
        )
        for month in _months(min(counts), this_month)
    )


def open_by_band(found: Sequence[Vulnerability]) -> tuple[tuple[str, int], ...]:
    """Open exposures now: (advisory, repository) pairs whose version in use is inside an
    affected range, counted by band (every band of BANDS, in that order). A pair is counted
    once however many manifests declare the package."""
    pairs = {(v.advisory, v.repository): v.band for v in found if v.status == "affected"}
    counts = Counter(pairs.values())
    return tuple((band, counts[band]) for band in BANDS)


def _rank(span: ExposureSpan) -> tuple[int, str, str]:
    band = BANDS.index(span.band) if span.band in BANDS else len(BANDS)
    return (band, span.advisory, span.repository)


def vulnerability_exposure(
    snapshots: Sequence[MonthlySnapshot],
    current: Sequence[Vulnerability],
    match: SnapshotMatcher,
    *,
    today: dt.date,
    owners: Mapping[str, RepositoryOwner] | None = None,
) -> VulnerabilityExposure:
    """The exposure history of every repository with a current match or a snapshot.

    ``current`` are the current scans' matches (:func:`match_observations`); ``match`` the same
    engine for a snapshot's dependencies (both with the matches a VEX statement takes out left
    out); ``owners`` the repository owners (their declared ``team``).
    """
    this_month = _month(today)
    by_repo: dict[str, list[MonthlySnapshot]] = defaultdict(list)
    for snap in snapshots:
        by_repo[snap.repository].append(snap)
    now: dict[str, list[Vulnerability]] = defaultdict(list)
    for v in current:
        now[v.repository].append(v)
    spans: list[ExposureSpan] = []
    for repository in sorted(set(by_repo) | set(now)):
        owner = (owners or {}).get(repository)
        team = (owner.team if owner is not None else None) or UNOWNED
        snaps = sorted(by_repo.get(repository, ()), key=lambda s: s.month)
        pairs = _walk(repository, snaps, now.get(repository, ()), match, this_month)
        spans.extend(
            _span(advisory, repository, team, pair, this_month)
            for advisory, pair in pairs.items()
            if pair.months
        )
    spans.sort(key=_rank)
    per_team: dict[str, list[ExposureSpan]] = defaultdict(list)
    for span in spans:
        per_team[span.team].append(span)
    teams = sorted(per_team, key=lambda t: (t == UNOWNED, t))
    return VulnerabilityExposure(
        granularity=GRANULARITY,
        spans=tuple(spans),
        teams=tuple(_remediation(t, per_team[t]) for t in teams),
        organisation=_remediation(ORGANISATION, spans),
        months=_series(spans, this_month),
        open_bands=open_by_band(current),
        history=bool(snapshots),
    )
