"""Delivery cadence from git alone: releases, lead time for changes, a change-failure signal.

Every figure comes from the stored commits and tags of one repository; nothing else is read.

* **Release**: a tag whose name matches ``tag_pattern`` (default :data:`TAG_PATTERN`:
  ``1.2``, ``v1.2.3``, ``api-v1.2.3``, ``pkg@1.2.3``; pre-releases such as ``v2.0.0-rc.1`` do not
  match). Its date is the tag's date (annotated tags) or its commit's date (lightweight tags,
  and annotated tags without a tagger). Every matching tag is a release, several on one commit
  included (gin's v1.7.4 and v1.7.6 share a commit); only two spellings of one version on one
  commit (``v1.0.0`` and ``1.0.0``: the same name once a ``v`` before the number is dropped,
  case ignored) are one release, the earliest. A later release on an already released commit
  ships no changes.
* **Release frequency**: releases per calendar month (UTC), and on average over the months from
  the first commit to the last commit or release.
* **Lead time for changes**: for each non-merge commit (bot commits included: a dependency bump
  is a change too), the time from its *authored* date to the date of the first release (in
  release-date order) whose tagged commit has it as an ancestor, following parent links, not
  dates. Per repository and per month of release: the median and the 90th percentile
  (nearest rank: the ⌈0.9·n⌉-th smallest). A negative time (a commit authored after its tag's
  date, e.g. rebased work tagged with an old date) counts as 0. Commits no release contains
  are *unreleased*; the oldest one's age is reported.
* **Change-failure signal**: commits whose subject matches the revert pattern (``Revert "…"``,
  or "This reverts commit" when it reaches the subject) or the hotfix pattern (``hotfix``,
  ``hot-fix``, ``hot fix``), counted per month of authorship; and the share of releases whose
  *next* release ships at least one such commit.

What it cannot see, so no one mistakes it for DORA metrics measured at the source: no CI, deploy
or incident data. A release tag is not a deployment (a service deployed from ``main`` without
tags shows no releases at all, and a tag may never reach production); lead time starts at the
author's clock, not at review or merge; failures that were fixed without a revert or a commit
named "hotfix" are invisible, and a revert of an unreleased experiment counts as one; time to
restore service is not measured. Commit bodies are not stored, so "This reverts commit" is seen
only when it is in the subject.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lodestar.records import Commit, RepoHistory, Tag

__all__ = [
    "HOTFIX_PATTERN",
    "REVERT_PATTERN",
    "TAG_PATTERN",
    "Delivery",
    "MonthCadence",
    "Release",
    "delivery",
    "percentile",
]

TAG_PATTERN = r"^(?:[A-Za-z0-9._-]*[-/@])?[vV]?\d+\.\d+(?:\.\d+)?$"
REVERT_PATTERN = r"^Revert\b|This reverts commit"
HOTFIX_PATTERN = r"(?i)\bhot[- ]?fix(?:es|ed)?\b"

_DAY = 86400.0


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the ⌈share·n⌉-th smallest value (None for no values)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass(frozen=True, slots=True)
class Release:
    tag: str
    sha: str
    date: dt.datetime
    changes: int  # non-merge commits first shipped by this release
    lead_median_days: float | None
    fixes: int  # revert or hotfix commits among them


@dataclass(frozen=True, slots=True)
class MonthCadence:
    month: str  # YYYY-MM (UTC)
    releases: int
    changes: int  # commits first shipped by a release of this month
    lead_median_days: float | None
    lead_p90_days: float | None
    commits: int  # non-merge commits authored this month
    reverts: int
    hotfixes: int


@dataclass(frozen=True, slots=True)
class Delivery:
    repository: str
    tag_pattern: str
    releases: tuple[Release, ...]  # oldest first
    months: tuple[MonthCadence, ...]  # every month from the first commit to the last activity
    releases_per_month: float
    lead_median_days: float | None
    lead_p90_days: float | None
    released_changes: int
    unreleased_changes: int
    oldest_unreleased: dt.datetime | None
    reverts: int
    hotfixes: int
    releases_followed_by_fix: int
    change_failure_signal: float | None  # releases followed by a fix / releases with a successor


def _month(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m")


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


_V_BEFORE_NUMBER = re.compile(r"(?:^|(?<=[-/@_.]))[vV](?=\d)")


def _releases(tags: Sequence[Tag], pattern: re.Pattern[str]) -> list[Tag]:
    """Every matching tag, oldest first; one per (commit, version spelled without ``v``)."""
    found: dict[tuple[str, str], Tag] = {}
    for tag in sorted(tags, key=lambda t: (t.date, t.name)):
        key = (tag.sha, _V_BEFORE_NUMBER.sub("", tag.name).casefold())
        if pattern.search(tag.name) and key not in found:
            found[key] = tag
    return list(found.values())


def _first_release(commits: Sequence[Commit], releases: Sequence[Tag]) -> dict[str, int]:
    """sha -> index of the first release (in date order) whose commit has it as an ancestor."""
    parents = {c.sha: c.parents for c in commits}
    shipped: dict[str, int] = {}
    for number, release in enumerate(releases):
        stack = [release.sha] if release.sha in parents and release.sha not in shipped else []
        while stack:
            sha = stack.pop()
            if sha in shipped or sha not in parents:
                continue
            shipped[sha] = number
            stack.extend(p for p in parents[sha] if p not in shipped)
    return shipped


def _lead_times(
    changes: Sequence[Commit],
    releases: Sequence[Tag],
    shipped: dict[str, int],
    is_fix: Callable[[Commit], bool],
) -> tuple[dict[int, list[float]], Counter[int], list[Commit]]:
    """Per release: the lead time (days) of each change it shipped and its fixes; and the
    changes no release shipped yet."""
    lead: dict[int, list[float]] = defaultdict(list)
    fixes: Counter[int] = Counter()
    unreleased: list[Commit] = []
    for c in changes:
        number = shipped.get(c.sha)
        if number is None:
            unreleased.append(c)
            continue
        seconds = (releases[number].date - c.authored_at).total_seconds()
        lead[number].append(max(0.0, seconds) / _DAY)
        if is_fix(c):
            fixes[number] += 1
    return lead, fixes, unreleased


def _cadence(
    history: RepoHistory,
    changes: Sequence[Commit],
    releases: Sequence[Tag],
    lead: dict[int, list[float]],
    *,
    is_revert: Callable[[Commit], bool],
    is_fix: Callable[[Commit], bool],
) -> tuple[list[MonthCadence], Counter[str], Counter[str]]:
    """Every month from the first commit or release to the last; the reverts and hotfixes per
    month."""
    by_month_lead: dict[str, list[float]] = defaultdict(list)
    by_month_releases: Counter[str] = Counter()
    for i, t in enumerate(releases):
        by_month_releases[_month(t.date)] += 1
        by_month_lead[_month(t.date)].extend(lead[i])
    authored: Counter[str] = Counter(_month(c.authored_at) for c in changes)
    reverts: Counter[str] = Counter(_month(c.authored_at) for c in changes if is_revert(c))
    hotfixes: Counter[str] = Counter(
        _month(c.authored_at) for c in changes if is_fix(c) and not is_revert(c)
    )
    moments = [c.authored_at for c in history.commits] + [t.date for t in releases]
    months: list[MonthCadence] = []
    if moments:
        span = _months_between(_month(min(moments)), _month(max(moments)))
        months = [
            MonthCadence(
                month=m,
                releases=by_month_releases[m],
                changes=len(by_month_lead[m]),
                lead_median_days=_median(by_month_lead[m]),
                lead_p90_days=percentile(by_month_lead[m], 0.9),
                commits=authored[m],
                reverts=reverts[m],
                hotfixes=hotfixes[m],
            )
            for m in span
        ]
    return months, reverts, hotfixes


def delivery(
    history: RepoHistory,
    *,
    tag_pattern: str = TAG_PATTERN,
    revert_pattern: str = REVERT_PATTERN,
    hotfix_pattern: str = HOTFIX_PATTERN,
) -> Delivery:
    """Release cadence, lead time for changes and the change-failure signal of one repository.

    Patterns are Python regular expressions searched in tag names and commit subjects.
    """
    tag_re, revert_re, hotfix_re = (
        re.compile(p) for p in (tag_pattern, revert_pattern, hotfix_pattern)
    )
    releases = _releases(history.tags, tag_re)
    shipped = _first_release(history.commits, releases)
    changes = [c for c in history.commits if not c.is_merge]

    def is_revert(c: Commit) -> bool:
        return bool(revert_re.search(c.subject))

    def is_fix(c: Commit) -> bool:
        return is_revert(c) or bool(hotfix_re.search(c.subject))

    lead, fixes, unreleased = _lead_times(changes, releases, shipped, is_fix)
    release_rows = tuple(
        Release(
            tag=t.name,
            sha=t.sha,
            date=t.date,
            changes=len(lead[i]),
            lead_median_days=_median(lead[i]),
            fixes=fixes[i],
        )
        for i, t in enumerate(releases)
    )
    months, reverts, hotfixes = _cadence(
        history, changes, releases, lead, is_revert=is_revert, is_fix=is_fix
    )
    all_lead = [d for values in lead.values() for d in values]
    followed = sum(1 for i in range(len(releases) - 1) if fixes[i + 1])
    return Delivery(
        repository=history.repository,
        tag_pattern=tag_pattern,
        releases=release_rows,
        months=tuple(months),
        releases_per_month=len(releases) / len(months) if months else 0.0,
        lead_median_days=_median(all_lead),
        lead_p90_days=percentile(all_lead, 0.9),
        released_changes=len(all_lead),
        unreleased_changes=len(unreleased),
        oldest_unreleased=min((c.authored_at for c in unreleased), default=None),
        reverts=sum(reverts.values()),
        hotfixes=sum(hotfixes.values()),
        releases_followed_by_fix=followed,
        change_failure_signal=followed / (len(releases) - 1) if len(releases) > 1 else None,
    )
