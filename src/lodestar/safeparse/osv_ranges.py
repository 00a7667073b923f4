"""OSV ranges evaluated as the OSV schema defines them, in each ecosystem's own version ordering.

Versions are parsed here, in the one hostile-input toolkit, as :mod:`lodestar.safeparse.ranges`
parses declared ranges; :mod:`lodestar.analysis.vulnerabilities` matches with what this gives.

A version is affected by an ``affected[]`` entry when it is listed in ``versions`` or lies in
one of its ``ranges`` (https://ossf.github.io/osv-schema/#evaluation): the range's events
sorted by the ordering, the version is affected when the last event it has reached is an
``introduced`` (``v >= introduced``; ``"0"`` sorts before every version) and not a ``fixed``
(``v >= fixed``) or a ``last_affected`` it has passed (``v > last_affected``); ``limit``
events, when there are any, bound the range above (``"*"`` is no bound). Events of equal
versions are taken ``introduced`` first, so ``introduced 1.0, fixed 1.0`` affects nothing.

Orderings (the versions are parsed by maintained libraries, never by code of ours):

=====================  ===========================================================================
range / purl type      ordering
=====================  ===========================================================================
``SEMVER`` (any)       SemVer 2.0 precedence (``semantic_version``): build metadata ignored,
                       ``1.0.0-rc.1`` < ``1.0.0``; a leading ``v`` is accepted (Go's ``v1.2.3``)
pypi                   PEP 440 (``packaging``): ``2.0.0rc1`` < ``2.0.0`` < ``2.0.0.post1``
npm, cargo, hex, pub,  SemVer 2.0, as above (npm's pre-releases by precedence: ``4.17.21-beta``
swift                  is below ``4.17.21``); a partial ``1.2`` is ``1.2.0``
golang                 SemVer with the ``v`` prefix; pseudo-versions
                       (``v0.0.0-20210921155107-089bfa567519``) are pre-releases
maven                  Maven's ComparableVersion (``univers``): ``1.0-SNAPSHOT`` < ``1.0``,
                       ``2.0-beta9`` < ``2.0``, qualifiers in Maven's order; a version
                       starts with a digit (``${project.version}`` is none)
gem                    RubyGems (``univers``): ``1.0.0.pre`` < ``1.0.0``
composer               Composer (``univers``): ``1.0.0-beta1`` < ``1.0.0``, ``v`` prefix allowed
nuget                  NuGet (``univers``): ``1.0`` = ``1.0.0``, ``1.0.0-rc1`` < ``1.0.0``
=====================  ===========================================================================

``GIT`` ranges need a repository's commit graph and are not evaluated here; ``ECOSYSTEM``
ranges of any other ecosystem neither (only their ``versions`` lists match). A version the
ordering cannot read (or longer than :data:`~lodestar.safeparse.MAX_VERSION_CHARS`, or with a
number of more than :data:`~lodestar.safeparse.MAX_NUMBER_DIGITS` digits) is in no range; only
an exact ``versions`` entry can name it. A range whose events cannot all be read, or with more
than :data:`MAX_RANGE_EVENTS` events, is not evaluated. Parsed versions and compiled ranges are
cached (``functools.lru_cache``), so matching a million dependencies sorts each range once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from packaging.version import InvalidVersion, Version

from lodestar.records.vulns import AffectedPackage, AffectedRange
from lodestar.safeparse.osv import LIMITS
from lodestar.safeparse.ranges import MAX_NUMBER_DIGITS, MAX_VERSION_CHARS

__all__ = [
    "MAX_RANGE_EVENTS",
    "AffectedSegment",
    "CompiledRange",
    "affected_segments",
    "canonical_version",
    "clear_osv_caches",
    "compiled_range",
    "describe_listed",
    "describe_segments",
    "fixed_above",
    "is_affected",
    "listed",
    "lowest_fixed",
    "matching_ranges",
    "ordering_for",
    "range_contains",
    "version_key",
]

MAX_RANGE_EVENTS = LIMITS["events"]  # the importer's cap (2,000); real ranges have a few dozen
MAX_LISTED_SHOWN = 10  # versions named in a description before "(+N more)"

# purl type → the ordering of its ECOSYSTEM ranges
_ECOSYSTEM_ORDERING = {
    "pypi": "pep440",
    "npm": "semver",
    "cargo": "semver",
    "golang": "semver",
    "hex": "semver",
    "pub": "semver",
    "swift": "semver",
    "maven": "maven",
    "gem": "rubygems",
    "composer": "composer",
    "nuget": "nuget",
    "github": "semver",  # GitHub Actions: tags as SemVer, a partial v4 is 4.0.0
}
_LONG_NUMBER = re.compile(rf"\d{{{MAX_NUMBER_DIGITS + 1}}}")
_PARTIAL = re.compile(r"\d{1,9}(?:\.\d{1,9})?")  # "1" or "1.2": a SemVer with zeros added

INTRODUCED, LAST_AFFECTED, FIXED, LIMIT = 0, 1, 2, 3  # the order of events of equal versions
_KINDS = {"introduced": INTRODUCED, "last_affected": LAST_AFFECTED, "fixed": FIXED, "limit": LIMIT}


def ordering_for(purl_type: str, range_type: str) -> str | None:
    """The ordering a range of ``range_type`` is read in for a package of ``purl_type``; None
    when this module does not evaluate it (``GIT``, an ecosystem without a known ordering)."""
    kind = range_type.upper()
    if kind == "SEMVER":
        return "semver"
    if kind == "ECOSYSTEM":
        return _ECOSYSTEM_ORDERING.get(purl_type.lower())
    return None


def _semver_key(text: str) -> Any:
    import semantic_version  # noqa: PLC0415  loaded on first need (CLI start-up)

    body = text.strip().lstrip("=vV").partition("+")[0]  # build metadata has no precedence
    try:
        return semantic_version.Version(body).precedence_key
    except ValueError:
        if _PARTIAL.fullmatch(body) is None:
            return None
        return semantic_version.Version.coerce(body).precedence_key


def _pep440_key(text: str) -> Any:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _univers_key(class_name: str, *, digit_first: bool = False) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        import univers.versions  # noqa: PLC0415  loaded on first need (about 0.4 s of start-up)

        if not text.strip() or (digit_first and not text.strip()[0].isdigit()):
            return None
        try:
            return getattr(univers.versions, class_name)(text.strip())
        except Exception:  # noqa: BLE001  univers raises many types on text it cannot read
            return None

    return parse


_PARSERS: dict[str, Callable[[str], Any]] = {
    "semver": _semver_key,
    "pep440": _pep440_key,
    # Maven orders any text: a version is one that starts with a number (not "${x.version}")
    "maven": _univers_key("MavenVersion", digit_first=True),
    "rubygems": _univers_key("RubygemsVersion"),
    "composer": _univers_key("ComposerVersion"),
    "nuget": _univers_key("NugetVersion"),
}


@functools.lru_cache(maxsize=262_144)
def version_key(ordering: str, version: str) -> Any:
    """``version`` parsed in ``ordering`` (a value ``<`` compares), or None when it is none."""
    parse = _PARSERS.get(ordering)
    if parse is None or not version or len(version) > MAX_VERSION_CHARS:
        return None
    if _LONG_NUMBER.search(version):
        return None
    return parse(version)


@dataclass(frozen=True, slots=True)
class CompiledRange:
    """One OSV range read in one ordering: its events sorted (``key`` None: ``introduced 0``)."""

    ordering: str
    events: tuple[tuple[int, Any, str], ...]  # (kind, key, version as written)
    limits: tuple[Any, ...] | None  # None: no limit (or a "*" one)


@dataclass(frozen=True, slots=True)
class AffectedSegment:
    """An interval of affected versions as the range's events write it (None: unbounded)."""

    low: str | None
    high: str | None
    high_inclusive: bool = False

    def text(self) -> str:
        """As people read it: ``>=2.0.0, <2.20.0``, ``<=2.14.1``, ``all versions``."""
        parts = [f">={self.low}"] if self.low is not None else []
        if self.high is not None:
            parts.append(("<=" if self.high_inclusive else "<") + self.high)
        return ", ".join(parts) or "all versions"


def compiled_range(ordering: str, affected_range: AffectedRange) -> CompiledRange | None:
    """The range with its events read and sorted once; None when it cannot be evaluated."""
    if len(affected_range.events) > MAX_RANGE_EVENTS:
        return None  # refused before the cache hashes it
    return _compiled_range(ordering, affected_range)


@functools.lru_cache(maxsize=65_536)
def _compiled_range(ordering: str, affected_range: AffectedRange) -> CompiledRange | None:
    events: list[tuple[int, Any, str]] = []
    limits: list[Any] | None = []
    for event in affected_range.events:
        kind = _KINDS.get(event.kind)
        if kind is None:
            continue
        if kind == LIMIT and "*" in event.version:
            limits = None  # "*": no upper limit, whatever other limits say
            continue
        if kind == INTRODUCED and event.version == "0":
            events.append((kind, None, event.version))
            continue
        key = version_key(ordering, event.version)
        if key is None:
            return None
        if kind == LIMIT:
            if limits is not None:
                limits.append(key)
        else:
            events.append((kind, key, event.version))
    try:
        events.sort(key=lambda e: e[0])  # equal versions: introduced, last_affected, fixed
        starts = [e for e in events if e[1] is None]
        rest = sorted((e for e in events if e[1] is not None), key=lambda e: e[1])
    except TypeError:  # versions of one ordering always compare; defensive all the same
        return None
    return CompiledRange(ordering, (*starts, *rest), tuple(limits) if limits else None)


def clear_osv_caches() -> None:
    """Forget every parsed version and compiled range (a benchmark's cold start)."""
    version_key.cache_clear()
    _compiled_range.cache_clear()


def range_contains(compiled: CompiledRange, key: Any) -> bool:
    """Whether the version whose key is ``key`` is inside (the schema's evaluation)."""
    if compiled.limits is not None and not any(key < limit for limit in compiled.limits):
        return False
    vulnerable = False
    for kind, event_key, _ in compiled.events:
        if event_key is None:
            vulnerable = True
        elif key < event_key:
            break  # every later event is at or above this one: none is reached
        elif kind == INTRODUCED:
            vulnerable = True
        elif kind == FIXED or event_key < key:  # v >= fixed; v > last_affected
            vulnerable = False
    return vulnerable


def _compiled_ranges(purl_type: str, affected: AffectedPackage) -> Iterator[CompiledRange]:
    for affected_range in affected.ranges:
        ordering = ordering_for(purl_type, affected_range.type)
        if ordering is not None:
            compiled = compiled_range(ordering, affected_range)
            if compiled is not None:
                yield compiled


def matching_ranges(
    purl_type: str, version: str, affected: AffectedPackage
) -> list[tuple[CompiledRange, Any]]:
    """The ranges of ``affected`` that ``version`` is inside, with its key in their ordering."""
    found: list[tuple[CompiledRange, Any]] = []
    for compiled in _compiled_ranges(purl_type, affected):
        key = version_key(compiled.ordering, version)
        if key is not None and range_contains(compiled, key):
            found.append((compiled, key))
    return found


def canonical_version(purl_type: str, version: str) -> str:
    """A version as ``versions`` lists are compared: ``v1.2`` is ``1.2`` in SemVer ecosystems,
    PEP 440's normal form for PyPI; otherwise as written."""
    ordering = _ECOSYSTEM_ORDERING.get(purl_type.lower())
    text = version.strip()
    if ordering == "semver":
        return text.lstrip("vV")
    if ordering == "pep440":
        key = version_key("pep440", text)
        return str(key) if key is not None else text
    return text


def listed(purl_type: str, version: str, affected: AffectedPackage) -> bool:
    """Whether ``version`` is one of the ``versions`` the entry lists."""
    if not affected.versions or len(version) > MAX_VERSION_CHARS:
        return False
    if version in affected.versions:
        return True
    wanted = canonical_version(purl_type, version)
    return any(canonical_version(purl_type, v) == wanted for v in affected.versions)


def is_affected(purl_type: str, version: str, affected: AffectedPackage) -> bool:
    """Whether ``version`` of a package of ``purl_type`` is affected by the ``affected[]``
    entry: listed in its ``versions`` or inside one of its ranges (see the module docstring)."""
    if not version or len(version) > MAX_VERSION_CHARS:
        return False
    return listed(purl_type, version, affected) or bool(
        matching_ranges(purl_type, version, affected)
    )


def fixed_above(compiled: CompiledRange, key: Any) -> tuple[Any, str] | None:
    """The lowest ``fixed`` event of the range above the version whose key is ``key``."""
    for kind, event_key, text in compiled.events:
        if kind == FIXED and key < event_key:
            return event_key, text  # events are sorted: the first above is the lowest
    return None


def lowest_fixed(purl_type: str, version: str, affected: AffectedPackage) -> str | None:
    """The lowest ``fixed`` version above ``version`` among the ranges it is inside; None when
    none has one (``last_affected`` names no fix, nor does an unfixed range)."""
    best: tuple[Any, str] | None = None
    for compiled, key in matching_ranges(purl_type, version, affected):
        found = fixed_above(compiled, key)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    return best[1] if best else None


def affected_segments(compiled: CompiledRange) -> tuple[AffectedSegment, ...]:
    """The intervals of affected versions the sorted events describe (limits aside)."""
    found: list[AffectedSegment] = []
    start: str | None = None
    vulnerable = False
    for kind, event_key, text in compiled.events:
        if kind == INTRODUCED and not vulnerable:
            start, vulnerable = (None if event_key is None else text), True
        elif kind in (FIXED, LAST_AFFECTED) and vulnerable:
            found.append(AffectedSegment(start, text, kind == LAST_AFFECTED))
            vulnerable = False
    if vulnerable:
        found.append(AffectedSegment(start, None))
    return tuple(found)


def describe_segments(found: tuple[AffectedSegment, ...] | list[AffectedSegment]) -> str:
    """Segments as people read them, joined by ``; ``."""
    return "; ".join(dict.fromkeys(segment.text() for segment in found))


def describe_listed(versions: tuple[str, ...]) -> str:
    """``versions 1.2.3, 1.2.4`` (the first :data:`MAX_LISTED_SHOWN`, then how many more)."""
    shown = ", ".join(versions[:MAX_LISTED_SHOWN])
    more = len(versions) - MAX_LISTED_SHOWN
    return f"versions {shown}" + (f" (+{more} more)" if more > 0 else "")
