"""Context of the findings page: findings a person can work through.

Filters (``severity``, ``rule``, ``repository``, ``owner``, ``team``, ``waived``, the text
search ``q``) are query parameters, applied here on the server (shareable addresses, no
JavaScript needed); the facets show each value's count among what the other filters keep;
the findings come grouped by rule, most severe rule first, a page of ``FINDINGS_PAGE`` at a
time (the static site and the API: every one). Every figure comes from
:mod:`lodestar.analysis.finding_facets` (one derivation for the page, its CSV export
:func:`findings_rows`, the API and the static site, whose script filters the rows in place).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lodestar.analysis import (
    Facets,
    FacetValue,
    FindingQuery,
    ListedFinding,
    evidence_location,
    facet_counts,
    listed_findings,
    rule_summary,
    waiver_snippet,
)
from lodestar.analysis.finding_facets import WAIVED_CHOICES
from lodestar.errors import UsageError
from lodestar.records import Severity
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_common import Pager, paginate
from lodestar.web.contexts_teams import TeamFilter, team_label, team_scope

FINDINGS_PAGE = 100  # findings a page of the findings page
MAX_EVIDENCE = 3  # evidence items a row shows (the rest: "+N")


@dataclass(frozen=True, slots=True)
class FindingView:
    rule: str
    severity: str
    message: str
    repository: str | None
    evidence: tuple[str, ...]
    hint: str
    declaration: str | None  # path:line of the workspace file
    owner: str | None = None  # who owns what it is about (CODEOWNERS of the path, else declared)
    team: str | None = None  # the team of its repository
    location: str | None = None  # the first repository path (and line) among the evidence
    subject: str | None = None  # what it is about (technology id, purl, SPDX id, product)
    waived_until: str | None = None  # the waiving exception's expiry date; None: open
    waived_by: str | None = None  # the waiving exception's owner
    waiver: str | None = None  # the policies/exceptions.yaml entry that would waive it
    search: str = ""  # everything a person reads of it, lower-cased (the static site's search)


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """One rule's findings: the count is of the whole filtered list, ``findings`` this page's."""

    rule: str
    title: str
    severity: str  # its most severe finding's
    count: int
    findings: tuple[FindingView, ...]
    open: bool  # drawn unfolded (notes start folded unless a filter asks for them)


@dataclass(frozen=True, slots=True)
class FindingFilters:
    """The filters as asked (echoed in the form and the links; empty: any)."""

    q: str = ""
    severity: str = ""
    rule: str = ""
    repository: str = ""
    owner: str = ""
    team: str = ""
    waived: str = "open"


@dataclass(frozen=True, slots=True)
class FindingsContext:
    note: str | None
    findings: tuple[FindingView, ...]  # most severe first; this page of them (``?page=``)
    pager: Pager  # where ``findings`` stands in the filtered list; its total
    by_severity: tuple[tuple[str, int], ...]  # of the filtered list
    by_rule: tuple[tuple[str, int], ...]  # of the filtered list, most severe rule first
    groups: tuple[FindingGroup, ...]  # this page's findings by rule
    facets: Facets  # each filter's values and counts
    filters: FindingFilters
    active: bool  # a filter narrows the list
    total: int  # open findings of the scope, before the filters
    team: TeamFilter  # the ``?team=`` filter


def _finding_view(item: ListedFinding, today_waiver: str | None) -> FindingView:
    f = item.finding
    where = evidence_location(f)
    return FindingView(
        f.rule,
        f.severity.value,
        f.message,
        f.repository,
        f.evidence,
        f.hint,
        (
            f"{f.declaration.path}:{f.declaration.line}"
            if f.declaration and f.declaration.line
            else f.declaration.path
            if f.declaration
            else None
        ),
        f.owner,
        item.team,
        (f"{where[0]}:{where[1]}" if where[1] is not None else where[0]) if where else None,
        f.subject,
        item.waiver.expires.isoformat() if item.waiver else None,
        item.waiver.owner if item.waiver else None,
        today_waiver,
        item.text(),
    )


def _listed(cockpit: Cockpit) -> tuple[ListedFinding, ...]:
    """Every finding, open and waived, with its team (derived once a cockpit)."""
    return cockpit.derived(
        "listed-findings",
        lambda: listed_findings(
            cockpit.findings or (), cockpit.waived or (), lambda r: team_label(cockpit, r)
        ),
    )


def _clean(value: str | None) -> str:
    return (value or "").strip()[:512]


def _filters(
    team: str | None,
    *,
    q: str | None = None,
    severity: str | None = None,
    rule: str | None = None,
    repository: str | None = None,
    owner: str | None = None,
    waived: str | None = None,
) -> FindingFilters:
    chosen = _clean(waived) or "open"
    if chosen not in WAIVED_CHOICES:
        raise UsageError(f"waived must be one of {', '.join(WAIVED_CHOICES)}, not {chosen!r}")
    level = _clean(severity).lower()
    if level and level not in {s.value for s in Severity}:
        raise UsageError(f"severity must be error, warning or note, not {level!r}")
    return FindingFilters(
        " ".join(_clean(q).split()),
        level,
        _clean(rule),
        _clean(repository),
        _clean(owner),
        _clean(team),
        chosen,
    )


@dataclass(frozen=True, slots=True)
class _Selection:
    filters: FindingFilters
    team: TeamFilter  # the team asked for, and the teams there are
    query: FindingQuery
    every: tuple[ListedFinding, ...]  # open and waived
    kept: tuple[ListedFinding, ...]  # what the query keeps


def _query(filters: FindingFilters, team: str | None) -> FindingQuery:
    return FindingQuery(
        filters.severity or None,
        filters.rule or None,
        filters.repository or None,
        filters.owner or None,
        team,
        filters.waived,
        filters.q or None,
    )


def _select(cockpit: Cockpit, team: str | None, **asked: str | None) -> _Selection:
    """The filters asked (``q``, ``severity``, ``rule``, ``repository``, ``owner``,
    ``waived``), checked, and the findings they keep."""
    filters = _filters(team, **asked)
    scope = team_scope(cockpit, filters.team)
    query = _query(filters, scope.filter.team)
    every = _listed(cockpit) if cockpit.findings is not None else ()
    return _Selection(filters, scope.filter, query, every, query.apply(every))


def findings_rows(
    cockpit: Cockpit, team: str | None = None, **asked: str | None
) -> tuple[ListedFinding, ...]:
    """The findings the page lists under these filters (every page of them): the CSV's rows."""
    return _select(cockpit, team, **asked).kept


def _groups(
    shown: tuple[ListedFinding, ...], every: tuple[ListedFinding, ...], views: list[FindingView]
) -> tuple[FindingGroup, ...]:
    by_rule: dict[str, list[FindingView]] = {}
    for item, view in zip(shown, views, strict=True):
        by_rule.setdefault(item.finding.rule, []).append(view)
    return tuple(
        FindingGroup(
            s.rule,
            s.title,
            s.severity.value,
            s.findings,
            tuple(by_rule[s.rule]),
            s.severity is not Severity.NOTE,
        )
        for s in rule_summary(i.finding for i in every)
        if s.rule in by_rule
    )


def findings_context(
    cockpit: Cockpit,
    team: str | None = None,
    page: int | str | None = 1,
    *,
    q: str | None = None,
    severity: str | None = None,
    rule: str | None = None,
    repository: str | None = None,
    owner: str | None = None,
    waived: str | None = None,
) -> FindingsContext:
    """The findings page; ``page`` picks the page of the filtered list (``"all"``: every
    finding, as the static site and the API show them)."""
    chosen = _select(
        cockpit, team, q=q, severity=severity, rule=rule, repository=repository, owner=owner,
        waived=waived,
    )  # fmt: skip
    filters, query, every, kept = chosen.filters, chosen.query, chosen.every, chosen.kept
    shown, pager = paginate(kept, page, FINDINGS_PAGE)
    views = [
        _finding_view(i, None if i.waived else waiver_snippet(i.finding, cockpit.today))
        for i in shown
    ]
    summary = rule_summary(i.finding for i in kept)
    groups = _groups(shown, kept, views)
    if query.active:
        groups = tuple(_unfolded(g) for g in groups)
    severities = {s.value: 0 for s in Severity}
    for item in kept:
        severities[item.finding.severity.value] += 1
    return FindingsContext(
        note=cockpit.note("drift") if cockpit.findings is None else None,
        findings=tuple(views),
        pager=pager,
        by_severity=tuple((s, n) for s, n in severities.items() if n),
        by_rule=tuple((s.rule, s.findings) for s in summary),
        groups=groups,
        facets=_with_teams(facet_counts(every, query), chosen.team.teams),
        filters=filters,
        active=query.active,
        total=sum(1 for i in every if not i.waived and FindingQuery(team=query.team).admits(i)),
        team=chosen.team,
    )


def _with_teams(facets: Facets, teams: tuple[str, ...]) -> Facets:
    """The facets with every known team in the team facet (those without findings: 0)."""
    have = {v.value.casefold() for v in facets.team}
    extra = tuple(FacetValue(t, 0) for t in teams if t.casefold() not in have)
    return replace(facets, team=facets.team + extra)


def _unfolded(group: FindingGroup) -> FindingGroup:
    return replace(group, open=True)
