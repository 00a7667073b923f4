"""Organisation-wide inventory: who uses a package (and which versions), which technologies.

Version ranges accept PEP 440 specifiers (``>=2,<3``), npm-style space-separated comparators
(``>=2 <3``), caret and tilde ranges (``^1.2.3`` → ``>=1.2.3,<2``; ``~1.2.3`` → ``>=1.2.3,<1.3``)
and a bare version (``==``). A dependency with no resolved version (declared but not locked)
cannot be placed in a range: it is listed as *unresolved* and left out when a range is given.
Versions that packaging cannot parse (``1.2.3-custom+x`` is fine; ``latest`` is not) are
likewise left out of a range and counted apart.

Versions come from hostile repositories: one longer than ``MAX_VERSION_CHARS`` is unparsable
(packaging would hand a 5,000-digit component to ``int()``, which refuses it with a
ValueError), and a range with a number of more than ``MAX_NUMBER_DIGITS`` digits is not
understood.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version
from sqlalchemy import Engine

from lodestar.catalog.technologies import TechnologyCatalog
from lodestar.errors import UsageError
from lodestar.scan.dependencies import package_key
from lodestar.store.inventory import DependencyUse, find_dependencies, technology_evidence

MAX_VERSION_CHARS = 128  # far beyond any real version; bounds every int() packaging makes
MAX_NUMBER_DIGITS = 30  # a version component with more digits is no version
_LONG_NUMBER = re.compile(rf"\d{{{MAX_NUMBER_DIGITS + 1}}}")
_CARET = re.compile(r"^\^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")
_TILDE = re.compile(r"^~(?!=)v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def _expand(part: str) -> str:
    """One npm-style comparator as PEP 440."""
    if m := _CARET.match(part):
        major, minor, patch = (int(x) if x else 0 for x in m.groups())
        if major:
            upper = f"{major + 1}"
        elif minor:
            upper = f"0.{minor + 1}"
        else:
            upper = f"0.0.{patch + 1}"
        return f">={major}.{minor}.{patch},<{upper}"
    if m := _TILDE.match(part):
        major, minor, patch = (int(x) if x else 0 for x in m.groups())
        upper = f"{major}.{minor + 1}" if m.group(2) else f"{major + 1}"
        return f">={major}.{minor}.{patch},<{upper}"
    if re.fullmatch(r"v?\d[\w.+-]*", part):
        return f"=={part.lstrip('v')}"
    return part


def parse_range(text: str) -> SpecifierSet:
    """A version range in any of the accepted spellings (UsageError when it is none of them)."""
    hint = "use e.g. '>=2,<3', '^1.2' or '~1.4.0'"
    if len(text) > 4 * MAX_VERSION_CHARS or _LONG_NUMBER.search(text):
        shown = text[:40] + ("…" if len(text) > 40 else "")
        raise UsageError(
            f"version range {shown!r} is not understood (a number is too long); {hint}"
        )
    parts = [p for p in re.split(r"[,\s]+", text.strip()) if p]
    joined = ",".join(_expand(p) for p in parts)
    try:
        return SpecifierSet(joined)
    except InvalidSpecifier as exc:
        raise UsageError(f"version range {text!r} is not understood; {hint}") from exc


def parse_version(text: str | None) -> Version | None:
    """The version ``text`` names, or None when it is none (or longer than any real one)."""
    if not text or len(text) > MAX_VERSION_CHARS:
        return None
    try:
        return Version(text.lstrip("vV"))
    except ValueError:  # InvalidVersion, or a number int() refuses
        return None


@dataclass(frozen=True, slots=True)
class DependencySearch:
    query: str
    range: str | None
    uses: tuple[DependencyUse, ...]  # matching uses (in range, when a range is given)
    spread: tuple[tuple[str, int], ...]  # version (or "unresolved") → repositories, most first
    repositories: tuple[str, ...]
    unresolved: int  # uses without an exact version
    unparsable: int  # uses whose version cannot be compared


def search_dependencies(
    engine: Engine,
    query: str,
    *,
    version_range: str | None = None,
    ecosystem: str | None = None,
    include_fixtures: bool = False,
) -> DependencySearch:
    """Which repositories use a package (a purl, or a name in any ecosystem)."""
    if query.startswith("pkg:"):
        uses = find_dependencies(
            engine, package=package_key(query), include_fixtures=include_fixtures
        )
    else:
        uses = find_dependencies(
            engine, name=query, ecosystem=ecosystem, include_fixtures=include_fixtures
        )
    unresolved = sum(1 for u in uses if not u.version)
    unparsable = sum(1 for u in uses if u.version and parse_version(u.version) is None)
    if version_range:
        spec = parse_range(version_range)
        kept = []
        for use in uses:
            version = parse_version(use.version)
            if version is not None and spec.contains(version, prereleases=True):
                kept.append(use)
        uses = kept
    per_version: dict[str, set[str]] = defaultdict(set)
    for use in uses:
        per_version[use.version or "unresolved"].add(use.repository)
    spread = sorted(
        ((v, len(r)) for v, r in per_version.items()),
        key=lambda item: (-item[1], _version_sort_key(item[0])),
    )
    return DependencySearch(
        query=query,
        range=version_range,
        uses=tuple(uses),
        spread=tuple(spread),
        repositories=tuple(sorted({u.repository for u in uses})),
        unresolved=unresolved,
        unparsable=unparsable,
    )


def _version_sort_key(text: str) -> tuple[int, Version | str]:
    version = parse_version(text)
    return (0, version) if version is not None else (1, text)


@dataclass(frozen=True, slots=True)
class TechnologyUsage:
    id: str
    name: str
    category: str
    repositories: tuple[str, ...]
    evidence: tuple[tuple[str, str, str, str], ...]  # (repository, via, evidence, path)


def technology_usage(
    engine: Engine, catalog: TechnologyCatalog, *, category: str | None = None
) -> list[TechnologyUsage]:
    """Technologies by number of repositories using them, with their evidence."""
    by_tech: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for row in technology_evidence(engine):
        by_tech[row.technology].append((row.repository, row.via, row.evidence, row.path))
    out = []
    for tech_id, evidence in by_tech.items():
        tech = catalog.get(tech_id)
        name, cat = (tech.name, str(tech.category)) if tech else (tech_id, "unknown")
        if category is not None and cat != category:
            continue
        repos = tuple(sorted({e[0] for e in evidence}))
        out.append(TechnologyUsage(tech_id, name, cat, repos, tuple(evidence)))
    out.sort(key=lambda u: (-len(u.repositories), u.name.lower()))
    return out


def category_counts(usages: list[TechnologyUsage]) -> Counter[str]:
    return Counter(u.category for u in usages)
