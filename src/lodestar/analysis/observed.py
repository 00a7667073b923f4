"""What one repository was observed to use, in one shape for every source of observations.

The drift engine, campaigns and initiatives judge :class:`~lodestar.records.Observation` values,
whichever way they were made: from a repository's current scan in the store
(:func:`lodestar.store.observations.load_observations`), from a scan
made in memory without any database (:func:`from_scan`, used by ``lodestar check --repo``), or
from a monthly snapshot of the history (:func:`from_snapshot`, for burn-downs and "newly
adopted" questions).

:func:`match` ties a strategy :class:`~lodestar.records.Matcher` to an observation and returns
the evidence, so that every rule says *where* it saw what it reports:

* a ``technology`` matcher matches the catalog technology id among the observed technologies;
* a ``purl`` matcher is a glob over ``pkg:type/namespace/name`` (``*`` spans ``/``), compared
  after the catalog's normalisation (case, npm ``@scope``, PEP 503 names); dependencies declared
  under test fixtures never match;
* ``versions`` (read by the one range module, :func:`lodestar.safeparse.parse_range`, in the
  dialect of the dependency's ecosystem, or the generic one for a technology's runtime
  versions; ``*`` means any version, known or not) narrows either kind to observations whose
  version is *known* and inside the range: for a purl, the dependency's resolved version; for a
  technology, the runtime declarations of its end-of-life product (``.python-version``,
  ``FROM python:3.9``, and a supported range's lowest version: ``engines.node: ">= 18"`` is
  18) and the resolved versions of the dependencies that reveal it, except type packages
  (``@types/node``'s version is not a Node.js version). A declared
  but unlocked dependency has no version and is not matched by a version-bounded matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lodestar.catalog import TechnologyCatalog, glob_regex, is_type_package
from lodestar.records import (
    Matcher,
    MonthlySnapshot,
    Observation,
    RepoScan,
    TechnologyUse,
)
from lodestar.safeparse import RangeError, parse_range, purl_key

__all__ = [
    "from_scan",
    "from_snapshot",
    "in_range",
    "match",
    "purl_matches",
    "purl_type",
    "versions_of",
]


def from_scan(scan: RepoScan) -> Observation:
    """An observation from a scan made in memory (no database needed)."""
    licence_path = next(
        (f.path for f in scan.licence.findings if f.source.value == "file"),
        next((f.path for f in scan.licence.findings), None),
    )
    return Observation(
        repository=scan.repository.name,
        commit=scan.commit,
        licence=scan.licence.expression,
        licence_path=licence_path,
        headers=tuple(
            (f.spdx, f.count) for f in scan.licence.findings if f.source.value == "header"
        ),
        dependencies=scan.dependencies,
        technologies=scan.technologies,
        runtimes=scan.runtimes,
        owner_rules=scan.owner_rules,
        entities=scan.entities,
        notices=scan.notices,
    )


def from_snapshot(snapshot: MonthlySnapshot) -> Observation:
    """An observation from a monthly snapshot (technologies are known by id only)."""
    return Observation(
        repository=snapshot.repository,
        commit=snapshot.commit,
        dependencies=snapshot.dependencies,
        technologies=tuple(TechnologyUse(t, "history", t, "") for t in snapshot.technologies),
        runtimes=snapshot.runtimes,
    )


# --- matching -------------------------------------------------------------------------------


def location(path: str, line: int | None) -> str:
    """``path:line`` (or ``path``) as evidence."""
    return f"{path}:{line}" if line else path


@lru_cache(maxsize=4096)
def _purl_regex(pattern: str) -> re.Pattern[str]:
    key = purl_key(pattern) or pattern.strip().lower()
    return re.compile(glob_regex(key))


def purl_matches(pattern: str, purl: str) -> bool:
    """Whether a dependency's purl matches a purl glob (version ignored)."""
    key = purl_key(purl)
    return key is not None and _purl_regex(pattern).fullmatch(key) is not None


def purl_type(purl: str) -> str | None:
    """The purl's type (its ecosystem), lower-cased: ``pkg:npm/react`` → ``npm``."""
    key = purl_key(purl)
    return key[4:].split("/", 1)[0] if key else None


def in_range(version: str | None, versions: str | None, ecosystem: str | None = None) -> bool:
    """Whether ``version`` is inside ``versions``, read in ``ecosystem``'s dialect.

    No range or ``*``: always. An unknown version: never. A range the dialect cannot read
    (the strategy loader reports those) matches nothing.
    """
    if not versions:
        return True
    try:
        return parse_range(versions, ecosystem).contains(version)
    except RangeError:
        return False


def versions_of(
    obs: Observation, technology: str, catalog: TechnologyCatalog
) -> list[tuple[str, str]]:
    """Known versions of a technology in a repository, each with its evidence location."""
    tech = catalog.get(technology)
    products = {technology} | ({tech.eol} if tech and tech.eol else set())
    found = [
        (rt.version, location(rt.path, rt.line)) for rt in obs.runtimes if rt.product in products
    ]
    for dep in obs.dependencies:
        if dep.fixture or not dep.version or is_type_package(dep.purl):
            continue  # a type package's version is not the technology's (@types/node)
        if any(t.id == technology for t in catalog.match_purl(dep.purl)):
            found.append((dep.version, location(dep.manifest, dep.line)))
    return found


def _technology_evidence(obs: Observation, technology: str) -> list[str]:
    lines = {(d.manifest, d.purl): d.line for d in obs.dependencies}
    out: list[str] = []
    for use in obs.technologies:
        if use.technology != technology:
            continue
        if use.via == "language":
            out.append(f"language:{use.evidence}")
        elif use.via == "dependency":
            out.extend((location(use.path, lines.get((use.path, use.evidence))), use.evidence))
        elif use.via == "history":
            out.append(f"technology:{use.technology}")
        else:
            out.append(use.path or use.evidence)
    return _unique(out)


def match(obs: Observation, matcher: Matcher, catalog: TechnologyCatalog) -> list[str]:
    """Evidence that ``obs`` uses what ``matcher`` describes; empty when it does not."""
    evidence: list[str] = []
    if matcher.technology and matcher.technology in obs.technology_ids():
        if matcher.versions:
            for version, where in versions_of(obs, matcher.technology, catalog):
                if in_range(version, matcher.versions):
                    evidence.extend((where, f"version:{matcher.technology}@{version}"))
        else:
            evidence.extend(_technology_evidence(obs, matcher.technology))
    if matcher.purl:
        for dep in obs.dependencies:
            if dep.fixture or not purl_matches(matcher.purl, dep.purl):
                continue
            if in_range(dep.version, matcher.versions, purl_type(dep.purl)):
                evidence.extend((location(dep.manifest, dep.line), dep.purl))
    return _unique(evidence)


def match_any(
    obs: Observation, matchers: Iterable[Matcher], catalog: TechnologyCatalog
) -> list[str]:
    out: list[str] = []
    for m in matchers:
        out.extend(match(obs, m, catalog))
    return _unique(out)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
