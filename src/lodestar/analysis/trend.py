"""Trends over monthly snapshots: who used a technology or a package, month by month.

A repository's state in a month is its latest snapshot at or before that month (a repository
with no commit in March still uses in March what it used in February), from its first snapshot
on. The series runs from the earliest snapshot of any repository to the latest.

* For a technology id: the repositories using it each month; when the id is also a runtime
  product (``python``, ``nodejs``, ``postgresql``), the spread of declared versions.
* For a package URL (``pkg:pypi/django``, a version in the argument is ignored): the
  repositories depending on it directly or transitively (test fixtures left out) and the spread
  of versions: per version, how many repositories resolve it (a declared constraint stands in
  when no exact version is locked, as ``~=4.2``).
* For matchers (a radar entry's, :func:`matcher_trend`): the repositories the drift engine's
  matching finds, version ranges included. The radar entry pages' charts and
  ``lodestar trend --entry ID`` are this series.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lodestar.analysis.observed import from_snapshot, match_any
from lodestar.catalog import TechnologyCatalog
from lodestar.records import Matcher, MonthlySnapshot
from lodestar.safeparse import package_key


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: dt.date
    repositories: tuple[str, ...]
    versions: dict[str, int] = field(default_factory=dict)  # version → repositories (purls)

    @property
    def count(self) -> int:
        return len(self.repositories)


@dataclass(frozen=True, slots=True)
class Trend:
    subject: str  # the technology id or the package purl (without version)
    kind: str  # "technology" | "package" | "matchers" (a radar entry's)
    points: tuple[TrendPoint, ...] = ()
    repositories: tuple[str, ...] = ()  # every repository that used it at some point


def _version_order(item: tuple[str, int]) -> tuple[tuple[int, str], ...]:
    """Natural order: 3.6 before 3.12, numbers before words."""
    return tuple(
        (int(part), "")
        if part.isascii() and part.isdigit() and len(part) <= 18
        else (1 << 62, part)
        for part in re.split(r"[.\-+_]", item[0])
    )


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _uses(snapshot: MonthlySnapshot, subject: str, kind: str) -> tuple[bool, set[str]]:
    if kind == "technology":
        # a runtime, database or framework declared with a version (Python 3.12, PostgreSQL 16)
        # gives the technology a version spread too, when the catalog id is the product id
        declared = {r.version for r in snapshot.runtimes if r.product == subject}
        return subject in snapshot.technologies or bool(declared), declared
    versions = {
        d.version or d.constraint or "unversioned"
        for d in snapshot.dependencies
        if not d.fixture and package_key(d.purl) == subject
    }
    return bool(versions), versions


def _series(
    snapshots: Sequence[MonthlySnapshot],
    uses: Callable[[MonthlySnapshot], tuple[bool, set[str]]],
) -> tuple[tuple[TrendPoint, ...], tuple[str, ...]]:
    """The one monthly series: every month from the first snapshot to the last, each
    repository judged on its latest snapshot at or before the month (its state carried forward
    through months without a commit). ``uses`` tells whether a snapshot uses the subject and
    which versions; each snapshot is judged once."""
    by_repo: dict[str, list[MonthlySnapshot]] = defaultdict(list)
    for snap in sorted(snapshots, key=lambda s: (s.repository, s.month)):
        by_repo[snap.repository].append(snap)
    if not by_repo:
        return (), ()
    last = max(s.month for s in snapshots)
    points: list[TrendPoint] = []
    cursor = dict.fromkeys(by_repo, 0)
    current: dict[str, MonthlySnapshot] = {}
    judged: dict[tuple[str, dt.date], tuple[bool, set[str]]] = {}
    ever: set[str] = set()
    month = min(s.month for s in snapshots)
    while month <= last:
        for repo, snaps in by_repo.items():
            i = cursor[repo]
            while i < len(snaps) and snaps[i].month <= month:
                current[repo] = snaps[i]
                i += 1
            cursor[repo] = i
        users: list[str] = []
        spread: Counter[str] = Counter()
        for repo in sorted(current):
            snap = current[repo]
            key = (repo, snap.month)
            if key not in judged:
                judged[key] = uses(snap)
            used, versions = judged[key]
            if used:
                users.append(repo)
                spread.update(versions)
        ever.update(users)
        spread_sorted = dict(sorted(spread.items(), key=_version_order))
        points.append(TrendPoint(month, tuple(users), spread_sorted))
        month = _next_month(month)
    return tuple(points), tuple(sorted(ever))


def trend(snapshots: Sequence[MonthlySnapshot], subject: str) -> Trend:
    """The monthly series for ``subject`` (a technology id, or a purl starting with ``pkg:``)."""
    kind = "package" if subject.startswith("pkg:") else "technology"
    key = package_key(subject) if kind == "package" else subject
    points, ever = _series(snapshots, lambda snap: _uses(snap, key, kind))
    return Trend(key, kind, points, ever)


def matcher_trend(
    snapshots: Sequence[MonthlySnapshot],
    matchers: Sequence[Matcher],
    catalog: TechnologyCatalog,
    *,
    subject: str,
) -> Trend:
    """The monthly series of the repositories matching any of ``matchers`` (a radar entry's,
    with the drift engine's matching: version ranges included), through the same series as
    :func:`trend`. ``subject`` names it (the entry id)."""

    def uses(snap: MonthlySnapshot) -> tuple[bool, set[str]]:
        return bool(matchers) and bool(match_any(from_snapshot(snap), matchers, catalog)), set()

    points, ever = _series(snapshots, uses)
    return Trend(subject, "matchers", points, ever)
