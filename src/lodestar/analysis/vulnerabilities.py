"""Vulnerabilities: the dependencies of repositories matched against OSV advisories.

:func:`match_dependencies` (one repository) and :func:`match_observations` (every current
scan, or every monthly snapshot) look each dependency's package key up in an
:class:`~lodestar.analysis.advisory_groups.AdvisoryIndex` (aliases merged, withdrawn records
dropped) and judge it against each group's entries for that package:

* ``affected`` — the version in use (a lock file's, an exact pin's) is inside an affected range
  or listed in ``versions``, as the OSV schema evaluates them in the ecosystem's own ordering
  (:mod:`lodestar.safeparse.osv_ranges`); ``fixed`` is then the lowest fixed version above it;
* ``may-be-affected`` — no version is pinned, but the declared constraint admits an affected
  version: one of the constraint's intervals (:func:`lodestar.safeparse.range_intervals`, or a
  Maven/NuGet interval ``[1.0,2.0)``) meets one of the affected intervals, comparing release
  numbers (``2.0-beta9`` counts as ``2.0``). Never reported as ``affected``;
* nothing — no version and no constraint, a constraint that cannot be read, or a fixture
  dependency (test data is not shipped).

One :class:`~lodestar.records.vulns.Vulnerability` per (advisory, repository, package, version,
manifest): the same use declared twice in one manifest is reported once. Results are sorted by
band (critical first), advisory, repository, package. Each (package, version, constraint) is
judged once per index, however many repositories, snapshots or calls use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lodestar.analysis.advisory_groups import SEVERITY_BANDS, AdvisoryGroup, AdvisoryIndex
from lodestar.records import Dependency
from lodestar.records.rows import Observation
from lodestar.records.vulns import AffectedPackage, Vulnerability
from lodestar.safeparse import (
    MAX_RANGE_CHARS,
    MAX_VERSION_CHARS,
    AffectedSegment,
    CompiledRange,
    Interval,
    affected_segments,
    canonical_version,
    compiled_range,
    describe_listed,
    describe_segments,
    fixed_above,
    is_affected,
    lowest_fixed,
    ordering_for,
    package_key,
    range_contains,
    version_key,
)
from lodestar.safeparse import range_intervals as constraint_intervals

# is_affected and lowest_fixed (the schema's evaluation of one version) are safeparse's, the
# one door for versions; offered here too, beside the matching they serve
__all__ = [
    "Verdict",
    "is_affected",
    "judge",
    "lowest_fixed",
    "match_dependencies",
    "match_observations",
]

AFFECTED = "affected"
MAY_BE_AFFECTED = "may-be-affected"
_RELEASE = re.compile(r"[vV]?(\d{1,9}(?:\.\d{1,9}){0,5})")
_KEY_LENGTH = 6  # as lodestar.safeparse.ranges pads its interval keys
_ZERO = (0,) * _KEY_LENGTH


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one group says of one (package, version or constraint)."""

    status: str  # "affected" | "may-be-affected"
    affected: str  # the matched ranges as people read them
    fixed: str | None


def _purl_type(package: str) -> str:
    return package[4:].split("/", 1)[0].lower() if package[:4].lower() == "pkg:" else ""


@dataclass(frozen=True, slots=True)
class _Entry:
    """One ``affected[]`` entry read once for a package: its ranges that can be evaluated (in
    the package's orderings) and its listed versions (as written and in canonical form)."""

    ranges: tuple[CompiledRange, ...]
    versions: tuple[str, ...]
    listed: frozenset[str]

    def lists(self, purl_type: str, version: str) -> bool:
        return bool(self.listed) and (
            version in self.listed or canonical_version(purl_type, version) in self.listed
        )


def _entry(purl_type: str, affected: AffectedPackage) -> _Entry:
    ranges = []
    for affected_range in affected.ranges:
        ordering = ordering_for(purl_type, affected_range.type)
        compiled = compiled_range(ordering, affected_range) if ordering else None
        if compiled is not None:
            ranges.append(compiled)
    versions = tuple(v for v in affected.versions if v and len(v) <= MAX_VERSION_CHARS)
    listed = {canonical_version(purl_type, v) for v in versions}
    return _Entry(tuple(ranges), versions, frozenset(listed.union(versions)))


def _text(found: list[AffectedSegment], versions: list[str]) -> str:
    """The segments (lowest first) then the listed versions, as people read them."""
    ordered = sorted(found, key=lambda s: _release(s.low) or _ZERO if s.low else _ZERO)
    parts = [describe_segments(ordered)] if found else []
    if versions:
        parts.append(describe_listed(tuple(dict.fromkeys(versions))))
    return "; ".join(parts)


def _judge_version(purl_type: str, version: str, entries: tuple[_Entry, ...]) -> Verdict | None:
    matched: list[AffectedSegment] = []
    listed_in: list[str] = []
    fixed: tuple[Any, str] | None = None
    for entry in entries:
        if entry.lists(purl_type, version):
            listed_in.append(version)
        for compiled in entry.ranges:
            key = version_key(compiled.ordering, version)
            if key is None or not range_contains(compiled, key):
                continue
            matched.extend(
                s for s in affected_segments(compiled) if _segment_holds(compiled, s, key)
            )
            found = fixed_above(compiled, key)
            if found is not None and (fixed is None or _below(found[0], fixed[0])):
                fixed = found
    if not matched and not listed_in:
        return None
    text = _text(matched, [] if matched else listed_in)
    return Verdict(AFFECTED, text, fixed[1] if fixed else None)


def _below(a: Any, b: Any) -> bool:
    try:
        return bool(a < b)
    except TypeError:  # two orderings (an ECOSYSTEM and a SEMVER range): keep the first
        return False


def _segment_holds(compiled: CompiledRange, segment: AffectedSegment, key: Any) -> bool:
    """Whether the version (its ``key``) lies in ``segment`` of ``compiled``."""
    if segment.low is not None and key < version_key(compiled.ordering, segment.low):
        return False
    if segment.high is None:
        return True
    high = version_key(compiled.ordering, segment.high)
    return bool(not high < key if segment.high_inclusive else key < high)


# --- unpinned declarations: does the constraint admit an affected version? --------------------


@functools.lru_cache(maxsize=65_536)
def _release(version: str | None) -> tuple[int, ...] | None:
    """The release numbers a version starts with, padded: ``2.0-beta9`` → (2, 0, 0, 0, 0, 0)."""
    if version is None:
        return None
    match = _RELEASE.match(version.strip())
    if match is None:
        return None
    numbers = tuple(int(part) for part in match.group(1).split("."))
    return (*numbers, *(0,) * (_KEY_LENGTH - len(numbers)))


def _bound(text: str, whole: str) -> tuple[int, ...] | None:
    if not text.strip():
        return None
    found = _release(text)
    if found is None:
        raise ValueError(whole)
    return found


def _bracket_intervals(text: str) -> list[Interval]:
    """Maven/NuGet intervals: ``[1.0,2.0)``, ``(,1.0],[1.2,)``, ``[1.5]``; ValueError if not.

    An exclusive lower bound ``(1.0,`` is read as inclusive, as :class:`Interval` does."""
    found: list[Interval] = []
    rest = text.strip()
    while rest:
        ends = [i for i in (rest.find("]"), rest.find(")")) if i > 0]
        if rest[0] not in "[(" or not ends:
            raise ValueError(text)
        close = min(ends)
        body, closing, rest = rest[1:close], rest[close], rest[close + 1 :].lstrip(" ,")
        if "," not in body:  # [1.5]: that version only
            exact = _bound(body, text)
            if exact is None:
                raise ValueError(text)
            found.append(Interval(exact, exact, high_inclusive=True))
            continue
        low_text, _, high_text = body.partition(",")
        found.append(Interval(_bound(low_text, text), _bound(high_text, text), closing == "]"))
    return found


def _intervals(constraint: str) -> list[Interval] | None:
    text = constraint.strip()
    if not text or len(text) > MAX_RANGE_CHARS:
        return None
    try:
        if text[0] in "[(":
            return _bracket_intervals(text)
        return constraint_intervals(text)
    except ValueError:
        return None


def _meets(interval: Interval, segment: AffectedSegment) -> bool:
    """Whether some release version is in both (keys compared as release numbers)."""
    seg_low = _release(segment.low) if segment.low is not None else _ZERO
    seg_high = _release(segment.high)
    if seg_low is None or (segment.high is not None and seg_high is None):
        return True  # a bound we cannot number: assume they meet ("may be")
    low = max(interval.low or _ZERO, seg_low)
    uppers = [(interval.high, interval.high_inclusive), (seg_high, segment.high_inclusive)]
    bounded = [(high, inclusive) for high, inclusive in uppers if high is not None]
    if not bounded:
        return True
    high, inclusive = min(bounded)
    return low < high or (inclusive and low == high)


def _in_any(compiled_ranges: tuple[CompiledRange, ...], version: str) -> bool:
    for compiled in compiled_ranges:
        key = version_key(compiled.ordering, version)
        if key is not None and range_contains(compiled, key):
            return True
    return False


def _judge_constraint(constraint: str, entries: tuple[_Entry, ...]) -> Verdict | None:
    intervals = _intervals(constraint)
    if intervals is None:
        return None
    admitted: list[AffectedSegment] = []
    versions: list[str] = []
    for entry in entries:
        for compiled in entry.ranges:
            admitted.extend(
                s for s in affected_segments(compiled) if any(_meets(i, s) for i in intervals)
            )
        for version in entry.versions:  # those the ranges do not already name
            exact = AffectedSegment(version, version, high_inclusive=True)
            if any(_meets(i, exact) for i in intervals) and not _in_any(entry.ranges, version):
                versions.append(version)
    if not admitted and not versions:
        return None
    return Verdict(MAY_BE_AFFECTED, _text(admitted, versions), None)


def judge(
    package: str, version: str | None, constraint: str | None, entries: tuple[AffectedPackage, ...]
) -> Verdict | None:
    """What ``entries`` (one group's, for ``package``) say of a version, else of a constraint."""
    purl_type = _purl_type(package)
    return _judge(purl_type, version, constraint, tuple(_entry(purl_type, a) for a in entries))


def _judge(
    purl_type: str, version: str | None, constraint: str | None, entries: tuple[_Entry, ...]
) -> Verdict | None:
    if version:
        if len(version) > MAX_VERSION_CHARS:
            return None
        return _judge_version(purl_type, version, entries)
    if constraint:
        return _judge_constraint(constraint, entries)
    return None


# --- matching -------------------------------------------------------------------------------


class _Matcher:
    """Judges each (package, version, constraint) once against the index."""

    def __init__(self, index: AdvisoryIndex) -> None:
        self.index = index
        # kept on the index, so that calls for each repository or month share them
        self.entries: dict[str, list[tuple[AdvisoryGroup, tuple[_Entry, ...]]]] = (
            index.memo.setdefault("entries", {})
        )
        self.verdicts: dict[
            tuple[str, str | None, str | None], list[tuple[AdvisoryGroup, Verdict]]
        ] = index.memo.setdefault("verdicts", {})

    def entries_for(self, package: str) -> list[tuple[AdvisoryGroup, tuple[_Entry, ...]]]:
        """The groups naming ``package``, their entries read once (ranges sorted, lists hashed)."""
        found = self.entries.get(package)
        if found is None:
            purl_type = _purl_type(package)
            found = [
                (group, tuple(_entry(purl_type, a) for a in entries))
                for group, entries in self.index.affecting(package)
            ]
            self.entries[package] = found
        return found

    def verdicts_for(
        self, package: str, version: str | None, constraint: str | None
    ) -> list[tuple[AdvisoryGroup, Verdict]]:
        key = (package, version, None if version else constraint)
        found = self.verdicts.get(key)
        if found is None:
            found = []
            purl_type = _purl_type(package)
            for group, entries in self.entries_for(package):
                verdict = _judge(purl_type, version, constraint, entries)
                if verdict is not None:
                    found.append((group, verdict))
            self.verdicts[key] = found
        return found

    def match(
        self,
        repository: str,
        dependencies: Iterable[Dependency],
        out: dict[tuple[str, ...], Vulnerability],
    ) -> None:
        for dependency in dependencies:
            if dependency.fixture:
                continue
            package = package_key(dependency.purl)
            if not self.index.affecting(package):
                continue
            version = dependency.version or None
            constraint = None if version else (dependency.constraint or None)
            for group, verdict in self.verdicts_for(package, version, constraint):
                key = (group.id, repository, package, version or "", dependency.manifest)
                if key not in out:
                    out[key] = _vulnerability(group, verdict, repository, package, dependency)


def _vulnerability(
    group: AdvisoryGroup, verdict: Verdict, repository: str, package: str, dependency: Dependency
) -> Vulnerability:
    return Vulnerability(
        advisory=group.id,
        aliases=group.aliases,
        summary=group.summary,
        repository=repository,
        purl=dependency.purl,
        package=package,
        version=dependency.version or None,
        constraint=dependency.constraint,
        manifest=dependency.manifest,
        line=dependency.line,
        direct=dependency.direct,
        scope=str(dependency.scope),
        status=verdict.status,
        affected=verdict.affected,
        fixed=verdict.fixed,
        score=group.score,
        band=group.band,
        vector=group.vector,
        published=group.published.date() if group.published else None,
        references=group.references,
    )


def _sorted(found: dict[tuple[str, ...], Vulnerability]) -> list[Vulnerability]:
    rank = {band: i for i, band in enumerate(SEVERITY_BANDS)}
    return sorted(
        found.values(),
        key=lambda v: (
            rank.get(v.band, len(SEVERITY_BANDS)),
            v.advisory,
            v.repository,
            v.package,
            v.version or "",
            v.manifest,
        ),
    )


def match_dependencies(
    repository: str, dependencies: Iterable[Dependency], index: AdvisoryIndex
) -> list[Vulnerability]:
    """The vulnerabilities of one repository's dependencies (see the module docstring)."""
    found: dict[tuple[str, ...], Vulnerability] = {}
    _Matcher(index).match(repository, dependencies, found)
    return _sorted(found)


def match_observations(
    observations: Iterable[Observation], index: AdvisoryIndex
) -> list[Vulnerability]:
    """The vulnerabilities of every observation's dependencies, judged once per package use."""
    matcher = _Matcher(index)
    found: dict[tuple[str, ...], Vulnerability] = {}
    for observation in observations:
        matcher.match(observation.repository, observation.dependencies, found)
    return _sorted(found)
