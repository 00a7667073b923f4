"""Advisories as one per vulnerability: aliases merged, withdrawn records dropped, a severity.

The same vulnerability is published by several databases under several ids — GitHub's
``GHSA-x84v-xcm2-53pg``, the PyPA's ``PYSEC-2018-28`` and ``CVE-2018-18074`` are one flaw in
``requests`` — and OSV records name each other in ``aliases``. :func:`advisory_index` merges
them (union-find over every record's ``id`` and ``aliases``) into one :class:`AdvisoryGroup`
with a canonical id: the CVE when the group has exactly one, else its GHSA (the smallest),
else its smallest id, so the choice never depends on the order records come in. A
``withdrawn`` record is dropped (its ids still join the group, as an alias): a group of only
withdrawn records is gone. The group is indexed by the package key (purl without version) of
every package its records name, for :mod:`lodestar.analysis.vulnerabilities` to look up.

:func:`advisory_severity` scores a record or a group with the ``cvss`` library (Red Hat's
implementation of FIRST's CVSS v2, v3.x and v4.0): the vector of the highest CVSS version that
parses (v4.0, then v3.1, v3.0, v2; the highest score among vectors of that version), banded by
FIRST's qualitative scale — critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low ≥ 0.1, none 0.0.
Without a vector GitHub's ``database_specific.severity`` gives the band (``MODERATE`` is
medium), else it is ``unknown``. A vector that does not parse is ignored, never raised.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lodestar.records.vulns import Advisory, AffectedPackage

__all__ = [
    "SEVERITY_BANDS",
    "AdvisoryGroup",
    "AdvisoryIndex",
    "advisory_index",
    "advisory_severity",
    "band_for_score",
]

SEVERITY_BANDS = ("critical", "high", "medium", "low", "none", "unknown")  # most severe first
MAX_VECTOR_CHARS = 256  # a CVSS v4.0 vector with every metric is about 200 characters
_DATABASE_BANDS = {
    "CRITICAL": "critical",
    "HIGH": "high",
    "MODERATE": "medium",
    "MEDIUM": "medium",
    "LOW": "low",
    "NONE": "none",
}
_SUMMARY_CHARS = 200


@dataclass(frozen=True, slots=True)
class AdvisoryGroup:
    """One vulnerability: the live OSV records that name each other, merged."""

    id: str  # the canonical id
    aliases: tuple[str, ...]  # every other id of the group, sorted
    records: tuple[Advisory, ...]  # the records that are not withdrawn, canonical one first
    summary: str
    published: dt.datetime | None  # the earliest publication among the records
    references: tuple[str, ...]
    score: float | None
    band: str
    vector: str | None

    @property
    def ids(self) -> tuple[str, ...]:
        """The canonical id then the aliases."""
        return (self.id, *self.aliases)


@dataclass(slots=True)
class AdvisoryIndex:
    """The groups, and what each package key is affected by (see :func:`advisory_index`)."""

    groups: tuple[AdvisoryGroup, ...]
    packages: dict[str, tuple[tuple[AdvisoryGroup, tuple[AffectedPackage, ...]], ...]]
    by_id: dict[str, AdvisoryGroup] = field(default_factory=dict)
    # what matching learnt of this index (entries read per package, verdicts per version), kept
    # across calls: the months of an exposure history ask about the same versions again
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def group(self, advisory_id: str) -> AdvisoryGroup | None:
        """The group one of whose ids (canonical or alias) is ``advisory_id``."""
        return self.by_id.get(advisory_id)

    def affecting(
        self, package: str
    ) -> tuple[tuple[AdvisoryGroup, tuple[AffectedPackage, ...]], ...]:
        """The groups that name ``package`` (a purl without version) and their entries for it."""
        return self.packages.get(package, ())

    def __len__(self) -> int:
        return len(self.groups)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        root = item
        while parent != root:
            root, parent = parent, self.parent[parent]
        while item != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def canonical_id(ids: Iterable[str]) -> str:
    """The CVE when there is exactly one, else the smallest GHSA, else the smallest id."""
    ordered = sorted(set(ids))
    cves = [i for i in ordered if i.startswith("CVE-")]
    if len(cves) == 1:
        return cves[0]
    ghsas = [i for i in ordered if i.startswith("GHSA-")]
    return ghsas[0] if ghsas else ordered[0]


def _record_rank(record: Advisory, canonical: str) -> tuple[int, str]:
    if record.id == canonical:
        return (0, record.id)
    return (1 if record.id.startswith("GHSA-") else 2, record.id)


def _summary(records: tuple[Advisory, ...]) -> str:
    for record in records:
        if record.summary.strip():
            return record.summary.strip()[:_SUMMARY_CHARS]
    for record in records:
        first = record.details.strip().split("\n", 1)[0].strip()
        if first:
            return first[:_SUMMARY_CHARS]
    return ""


def _group(ids: list[str], records: list[Advisory]) -> AdvisoryGroup:
    canonical = canonical_id(ids)
    ordered = tuple(sorted(records, key=lambda r: _record_rank(r, canonical)))
    published = [r.published for r in ordered if r.published is not None]
    score, band, vector = advisory_severity(ordered)
    return AdvisoryGroup(
        id=canonical,
        aliases=tuple(sorted(set(ids) - {canonical})),
        records=ordered,
        summary=_summary(ordered),
        published=min(published) if published else None,
        references=tuple(dict.fromkeys(url for r in ordered for url in r.references)),
        score=score,
        band=band,
        vector=vector,
    )


def _links(advisories: list[Advisory]) -> _UnionFind:
    """Every record's id joined to its aliases."""
    links = _UnionFind()
    for advisory in advisories:
        links.find(advisory.id)
        for alias in advisory.aliases:
            if alias and alias != advisory.id:
                links.union(advisory.id, alias)
    return links


def advisory_index(advisories: Iterable[Advisory]) -> AdvisoryIndex:
    """The advisories merged by alias into groups, withdrawn records dropped, by package key.

    A record id seen twice (the same advisory imported from two files) is kept once: the most
    recently ``modified``."""
    latest: dict[str, Advisory] = {}
    for advisory in advisories:
        kept = latest.get(advisory.id)
        if kept is None or (advisory.modified, advisory.source) > (kept.modified, kept.source):
            latest[advisory.id] = advisory
    records = [latest[key] for key in sorted(latest)]
    links = _links(records)
    members: dict[str, list[str]] = {}
    for item in list(links.parent):
        members.setdefault(links.find(item), []).append(item)
    live: dict[str, list[Advisory]] = {}
    for record in records:
        if record.withdrawn is None:
            live.setdefault(links.find(record.id), []).append(record)
    groups = sorted(
        (_group(members[root], found) for root, found in live.items()), key=lambda g: g.id
    )
    packages: dict[str, dict[str, tuple[AdvisoryGroup, list[AffectedPackage]]]] = {}
    by_id: dict[str, AdvisoryGroup] = {}
    for group in groups:
        for advisory_id in group.ids:
            by_id.setdefault(advisory_id, group)
        for affected in _affected(group):
            entry = packages.setdefault(affected.package, {}).setdefault(group.id, (group, []))
            entry[1].append(affected)
    return AdvisoryIndex(
        groups=tuple(groups),
        packages={
            package: tuple((group, tuple(found)) for group, found in entries.values())
            for package, entries in packages.items()
        },
        by_id=by_id,
    )


def _affected(group: AdvisoryGroup) -> Iterator[AffectedPackage]:
    if len(group.records) == 1:  # the common case: no other database's copy to fold in
        yield from (a for a in group.records[0].affected if a.package)
        return
    seen: set[AffectedPackage] = set()
    for record in group.records:
        for affected in record.affected:
            if affected.package and affected not in seen:
                seen.add(affected)
                yield affected


# --- severity ---------------------------------------------------------------------------------


def band_for_score(score: float) -> str:
    """FIRST's qualitative rating of a CVSS base score."""
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    if score >= 0.1:
        return "low"
    return "none"


@functools.lru_cache(maxsize=16_384)  # databases repeat vectors: a few thousand are common
def _scored(vector: str) -> tuple[tuple[int, int], float] | None:
    """((CVSS major, minor), base score) of a vector, None when it does not parse."""
    import cvss  # noqa: PLC0415  loaded on first need (CLI start-up)

    text = vector.strip()
    if not text or len(text) > MAX_VECTOR_CHARS:
        return None
    try:
        if text.startswith("CVSS:4."):
            return (4, 0), float(cvss.CVSS4(text).base_score)
        if text.startswith("CVSS:3."):
            minor = 1 if text.startswith("CVSS:3.1/") else 0
            return (3, minor), float(cvss.CVSS3(text).base_score)
        return (2, 0), float(cvss.CVSS2(text).base_score)
    except Exception:  # noqa: BLE001  any failure of a third-party parser on hostile text: ignored
        return None


def _records(subject: Advisory | AdvisoryGroup | Iterable[Advisory]) -> tuple[Advisory, ...]:
    if isinstance(subject, Advisory):
        return (subject,)
    if isinstance(subject, AdvisoryGroup):
        return subject.records
    return tuple(subject)


def advisory_severity(
    subject: Advisory | AdvisoryGroup | Iterable[Advisory],
) -> tuple[float | None, str, str | None]:
    """(CVSS base score, band, vector) of a record or a group (see the module docstring)."""
    records = _records(subject)
    best: tuple[tuple[int, int], float, str] | None = None
    for record in records:
        for severity in record.severity:
            scored = _scored(severity.score)
            if scored is None:
                continue
            candidate = (scored[0], scored[1], severity.score.strip())
            if best is None or _better(candidate, best):
                best = candidate
    if best is not None:
        return best[1], band_for_score(best[1]), best[2]
    bands = [_DATABASE_BANDS.get((r.database_severity or "").strip().upper()) for r in records]
    known = [band for band in bands if band is not None]
    return None, min(known, key=SEVERITY_BANDS.index) if known else "unknown", None


def _better(a: tuple[tuple[int, int], float, str], b: tuple[tuple[int, int], float, Any]) -> bool:
    """Higher CVSS version, then higher score, then the smaller vector (a stable choice)."""
    return (a[0], a[1]) > (b[0], b[1]) or ((a[0], a[1]) == (b[0], b[1]) and a[2] < b[2])
