"""Findings a person can work through: one list, its filters, facet counts and rule groups.

The one derivation behind the cockpit's findings page, its CSV export, the API, the static
site (the per-rule groups come from :func:`lodestar.analysis.rule_counts.rule_summary`, the one
per-rule summary):

* :func:`listed_findings` joins the open findings and the waived ones (with the exception that
  waives each) into :class:`ListedFinding` rows, most severe first, each with its team;
* :class:`FindingQuery` is a filter (severity, rule, repository, owner, team, waived or open,
  and a case-insensitive text search over every field a person reads);
* :func:`facet_counts` counts each facet's values over the rows every *other* filter keeps
  (the usual faceted search: choosing a rule still shows the other rules' counts);
* :func:`waiver_snippet` is the YAML of the policy exception that would waive a finding
  (``policies/exceptions.yaml``, the format :mod:`lodestar.strategy.loader` reads), with an
  expiry date ``WAIVER_DAYS`` ahead.

Findings without a repository (organisation-wide rules) and without an owner or team are
facet values of their own: :data:`ORGANISATION`, :data:`UNOWNED` and :data:`NO_TEAM`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from lodestar.records import Finding, PolicyException, Severity

__all__ = [
    "FACETS",
    "NO_TEAM",
    "ORGANISATION",
    "UNOWNED",
    "WAIVED_CHOICES",
    "WAIVER_DAYS",
    "FacetValue",
    "Facets",
    "FindingQuery",
    "ListedFinding",
    "facet_counts",
    "listed_findings",
    "waiver_snippet",
]

ORGANISATION = "(organisation)"  # the repository facet of organisation-wide findings
UNOWNED = "(unowned)"  # the owner facet of findings nobody is declared to own
NO_TEAM = "(no team)"  # the team facet of findings whose repository has no team
WAIVED_CHOICES = ("open", "waived", "all")  # the ``waived`` filter: open is the default
WAIVER_DAYS = 90  # the expiry a waiver snippet proposes, from today
FACETS = ("severity", "rule", "repository", "owner", "team", "waived")


@dataclass(frozen=True, slots=True)
class ListedFinding:
    """One finding as a list shows it: its team, and the live exception waiving it (if any)."""

    finding: Finding
    team: str | None = None  # the team of its repository's declared owner
    waiver: PolicyException | None = None  # None: open

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def facet(self, name: str) -> str:
        """The row's value of facet ``name`` (one of :data:`FACETS`)."""
        f = self.finding
        if name == "severity":
            return f.severity.value
        if name == "rule":
            return f.rule
        if name == "repository":
            return f.repository or ORGANISATION
        if name == "owner":
            return f.owner or UNOWNED
        if name == "team":
            return self.team or NO_TEAM
        return "waived" if self.waived else "open"

    def text(self) -> str:
        """Everything a person reads of the row, lower-cased, for the text search."""
        f = self.finding
        parts = [f.rule, f.severity.value, f.message, f.repository or "", f.hint, f.owner or ""]
        parts += [self.team or "", f.subject or "", *f.evidence]
        if f.declaration is not None:
            parts.append(f.declaration.path)
        return "\n".join(parts).lower()


def _order(item: ListedFinding) -> tuple[int, str, str, str]:
    f = item.finding
    return (-f.severity.rank, f.rule, f.repository or "", f.message)


def listed_findings(
    findings: Iterable[Finding],
    waived: Iterable[tuple[Finding, PolicyException]] = (),
    team_of: Callable[[str | None], str | None] = lambda _: None,
) -> tuple[ListedFinding, ...]:
    """The open and the waived findings as one list, most severe first (then rule, repository,
    message); ``team_of`` names the team of a repository."""
    rows = [ListedFinding(f, team_of(f.repository)) for f in findings]
    rows += [ListedFinding(f, team_of(f.repository), exc) for f, exc in waived]
    return tuple(sorted(rows, key=_order))


@dataclass(frozen=True, slots=True)
class FindingQuery:
    """A filter over listed findings; ``None`` (or empty) keeps every value of that facet."""

    severity: str | None = None
    rule: str | None = None
    repository: str | None = None
    owner: str | None = None
    team: str | None = None
    waived: str = "open"  # open | waived | all
    text: str | None = None  # case-insensitive, every word must appear

    def value(self, name: str) -> str | None:
        """The filter's value for facet ``name`` (``None``: any)."""
        if name == "waived":
            return None if self.waived == "all" else self.waived
        value: str | None = getattr(self, name)
        return value or None

    @property
    def active(self) -> bool:
        """True when anything narrows the list beyond the default (open findings)."""
        return (
            bool(self.text)
            or self.waived != "open"
            or any(self.value(n) for n in FACETS if n != "waived")
        )

    def admits(self, item: ListedFinding, ignore: str | None = None) -> bool:
        """True when ``item`` passes every filter (but ``ignore``'s, for its facet counts)."""
        for name in FACETS:
            wanted = None if name == ignore else self.value(name)
            if wanted is None:
                continue
            have = item.facet(name)
            if have != wanted and (name != "team" or have.casefold() != wanted.casefold()):
                return False
        if self.text:
            haystack = item.text()
            return all(word in haystack for word in self.text.lower().split())
        return True

    def apply(self, items: Iterable[ListedFinding]) -> tuple[ListedFinding, ...]:
        return tuple(i for i in items if self.admits(i))


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int  # rows with this value among those every other filter keeps


@dataclass(frozen=True, slots=True)
class Facets:
    """The values of each facet with their counts, most frequent first (severity: most severe
    first; waived: open, waived)."""

    severity: tuple[FacetValue, ...]
    rule: tuple[FacetValue, ...]
    repository: tuple[FacetValue, ...]
    owner: tuple[FacetValue, ...]
    team: tuple[FacetValue, ...]
    waived: tuple[FacetValue, ...]


def _facet(
    items: Sequence[ListedFinding], query: FindingQuery, name: str
) -> tuple[FacetValue, ...]:
    counts = Counter(i.facet(name) for i in items if query.admits(i, ignore=name))
    wanted = query.value(name)
    if wanted is not None and wanted not in counts:
        counts[wanted] = 0  # the chosen value stays choosable (and shows why the list is empty)
    if name == "severity":
        order = [s.value for s in Severity]
        keys = sorted(counts, key=lambda v: (order.index(v) if v in order else len(order), v))
    elif name == "waived":
        keys = sorted(counts, key=lambda v: (v != "open", v))
    else:
        keys = sorted(counts, key=lambda v: (-counts[v], v.lower()))
    return tuple(FacetValue(k, counts[k]) for k in keys)


def facet_counts(items: Sequence[ListedFinding], query: FindingQuery) -> Facets:
    """Each facet's values and counts over the rows every other filter of ``query`` keeps."""
    return Facets(*(_facet(items, query, name) for name in FACETS))


def _yaml(value: str) -> str:
    """A YAML scalar: JSON's double-quoted string is valid YAML and escapes everything."""
    return json.dumps(value, ensure_ascii=False)


def waiver_snippet(
    finding: Finding, today: dt.date, *, owner: str | None = None, days: int = WAIVER_DAYS
) -> str | None:
    """The ``policies/exceptions.yaml`` entry that waives ``finding`` until ``today + days``;
    None for a finding no exception can waive (an expired exception: renew that one)."""
    if finding.rule == "exception-expired":
        return None
    lines = ["exceptions:", f"  - rule: {finding.rule}"]
    if finding.repository:
        lines.append(f"    repository: {_yaml(finding.repository)}")
    if finding.subject:
        lines.append(f"    subject: {_yaml(finding.subject)}")
    who = owner or finding.owner
    lines += [
        f"    owner: {_yaml(who) if who else _yaml('WHO ACCEPTS THE RISK')}",
        f"    reason: {_yaml('WHY IT IS ACCEPTED, AND THE PLAN')}",
        f"    expires: {(today + dt.timedelta(days=days)).isoformat()}",
    ]
    return "\n".join(lines) + "\n"
