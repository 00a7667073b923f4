"""Organisation-wide inventory: who uses a package (and which versions), which technologies.

Which packages a query means is :func:`packages_named` (:func:`lodestar.analysis.packages.
select_packages` over the store's :func:`~lodestar.store.inventory.package_names`: exact,
ecosystem-aware names; globs and ``like`` widen it); a name no repository uses is a
:class:`~lodestar.errors.NotFoundError` with a did-you-mean. :func:`search_dependencies` then
judges the uses of the chosen packages (:func:`~lodestar.store.inventory.find_dependencies`
with ``packages=chosen.keys``). A version range is read by the one
range module, :func:`lodestar.safeparse.parse_range`, in each package's own ecosystem (npm's
``^17 || ^18``, PyPI's ``~=1.4``, Maven's ``[1.0,2.0)``, RubyGems' ``~> 3.0`` …). A dependency
with no resolved version (declared but not locked) cannot be placed in a range: it is listed as
*unresolved* and left out when a range is given (``*`` keeps it). Versions the ecosystem cannot
compare (``latest``) are likewise left out of a range and counted apart.

The version spread counts repositories per version of one package; when a query selects several
packages (an ambiguous name, a glob), it counts them per ``purl@version``, never mixed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from packaging.version import Version

from lodestar.analysis.packages import PackageQuery, did_you_mean, select_packages
from lodestar.catalog import TechnologyCatalog
from lodestar.errors import NotFoundError, UsageError
from lodestar.records import DependencyUse, PackageName, TechnologyEvidence
from lodestar.safeparse import RangeError, VersionRange, parse_range, parse_version

__all__ = [
    "DependencySearch",
    "PackageSummary",
    "packages_named",
    "parse_version",
    "search_dependencies",
    "technology_usage",
]


@dataclass(frozen=True, slots=True)
class PackageSummary:
    package: str  # pkg:type/namespace/name
    ecosystem: str
    name: str
    repositories: int  # repositories with a matching use (in range, when a range is given)


@dataclass(frozen=True, slots=True)
class DependencySearch:
    query: str
    range: str | None
    uses: tuple[DependencyUse, ...]  # matching uses (in range, when a range is given)
    spread: tuple[tuple[str, int], ...]  # version (purl@version for several packages) → repos
    repositories: tuple[str, ...]
    unresolved: int  # uses without an exact version
    unparsable: int  # uses whose version cannot be compared
    packages: tuple[PackageSummary, ...] = ()  # the packages the query selected
    match: str = "name"  # how: "purl" | "name" | "glob" | "like"
    ambiguous: bool = False  # an exact name several ecosystems carry: see ``packages``


def _ranges(version_range: str, ecosystems: set[str]) -> dict[str, VersionRange]:
    """The range read in each ecosystem's dialect; UsageError when one cannot read it."""
    out: dict[str, VersionRange] = {}
    for eco in sorted(ecosystems):
        try:
            out[eco] = parse_range(version_range, eco)
        except RangeError as exc:
            raise UsageError(str(exc)) from exc
    return out


def _not_found(
    names: Sequence[PackageName], chosen: PackageQuery, ecosystem: str | None
) -> NotFoundError:
    close = did_you_mean(names, chosen.query)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    where = f" in {ecosystem}" if ecosystem else ""
    widen = "" if chosen.mode == "like" else "; --like widens the search"
    return NotFoundError(
        f"no repository uses a package named {chosen.query!r}{where}{hint}; "
        f"'lodestar deps' lists the most used{widen}"
    )


def packages_named(
    names: Sequence[PackageName],
    query: str,
    *,
    ecosystem: str | None = None,
    like: bool = False,
) -> PackageQuery:
    """The packages ``query`` means among the used ``names`` (NotFoundError when none)."""
    chosen = select_packages(names, query, like=like, ecosystem=ecosystem)
    if not chosen.packages:
        raise _not_found(names, chosen, ecosystem)
    return chosen


def search_dependencies(
    query: str,
    chosen: PackageQuery,
    uses: Sequence[DependencyUse],
    *,
    version_range: str | None = None,
) -> DependencySearch:
    """Which repositories use the packages ``query`` means: ``chosen`` by
    :func:`packages_named`, ``uses`` their stored uses (``chosen.keys``)."""
    unresolved = sum(1 for u in uses if not u.version)
    unparsable = sum(1 for u in uses if u.version and parse_version(u.version) is None)
    if version_range:
        ranges = _ranges(version_range, {p.ecosystem for p in chosen.packages})
        uses = [u for u in uses if ranges[u.ecosystem].contains(u.version)]
    several = len(chosen.packages) > 1
    per_version: dict[str, set[str]] = defaultdict(set)
    per_package: dict[str, set[str]] = defaultdict(set)
    for use in uses:
        version = use.version or "unresolved"
        per_version[f"{use.package}@{version}" if several else version].add(use.repository)
        per_package[use.package].add(use.repository)
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
        packages=tuple(
            PackageSummary(p.package, p.ecosystem, p.name, len(per_package.get(p.package, ())))
            for p in chosen.packages
        ),
        match=chosen.mode,
        ambiguous=chosen.ambiguous,
    )


def _version_sort_key(label: str) -> tuple[str, int, Version | str]:
    """Package first (for ``purl@version`` labels), then versions in order, words last."""
    package, _, text = label.rpartition("@") if label.startswith("pkg:") else ("", "", label)
    version = parse_version(text)
    return (package, 0, version) if version is not None else (package, 1, text)


@dataclass(frozen=True, slots=True)
class TechnologyUsage:
    id: str
    name: str
    category: str
    repositories: tuple[str, ...]
    evidence: tuple[tuple[str, str, str, str], ...]  # (repository, via, evidence, path)


def technology_usage(
    rows: Iterable[TechnologyEvidence],
    catalog: TechnologyCatalog,
    *,
    category: str | None = None,
) -> list[TechnologyUsage]:
    """Technologies by number of repositories using them, with their evidence (the store's
    :func:`~lodestar.store.inventory.technology_evidence`)."""
    by_tech: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for row in rows:
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
