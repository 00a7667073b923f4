"""Where a declaration's matchers meet observed reality: repositories, evidence, versions.

The matching is the drift engine's own (:func:`lodestar.analysis.observed.match`), so a radar
entry's "where it is used" and the findings about it always agree: a technology matcher matches
the scans' technology evidence (with a version range, the versions declared for it: runtimes, or
dependencies the catalog ties to it); a purl matcher is a glob over ``pkg:type/namespace/name``
with an optional range over the resolved version, which a dependency without a resolved version
never satisfies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lodestar.analysis.observed import (
    Observation,
    in_range,
    match,
    purl_matches,
    versions_of,
)
from lodestar.catalog.technologies import TechnologyCatalog
from lodestar.records import Matcher


@dataclass(frozen=True, slots=True)
class Use:
    repository: str
    evidence: tuple[str, ...]  # "path:line", purls, "version:python@3.8"
    versions: tuple[str, ...]  # the observed versions that matched, when known


def matcher_label(m: Matcher) -> str:
    subject = m.technology or m.purl or "?"
    return f"{subject} {m.versions}" if m.versions else subject


def _versions(obs: Observation, m: Matcher, catalog: TechnologyCatalog) -> list[str]:
    found: list[str] = []
    if m.technology:
        found.extend(
            v for v, _ in versions_of(obs, m.technology, catalog) if in_range(v, m.versions)
        )
    if m.purl:
        found.extend(
            d.version
            for d in obs.dependencies
            if d.version
            and not d.fixture
            and purl_matches(m.purl, d.purl)
            and in_range(d.version, m.versions)
        )
    return found


def where_used(
    observations: Sequence[Observation], matchers: Sequence[Matcher], catalog: TechnologyCatalog
) -> tuple[Use, ...]:
    """Every repository whose observation matches any of ``matchers``, by name."""
    out = []
    for obs in observations:
        evidence: list[str] = []
        versions: list[str] = []
        for m in matchers:
            found = match(obs, m, catalog)
            if found:
                evidence.extend(e for e in found if e not in evidence)
                versions.extend(v for v in _versions(obs, m, catalog) if v not in versions)
        if evidence:
            out.append(Use(obs.repository, tuple(evidence), tuple(versions)))
    return tuple(sorted(out, key=lambda u: u.repository))


def used_in(
    observations: Sequence[Observation], matchers: Sequence[Matcher], catalog: TechnologyCatalog
) -> set[str]:
    """Just the repositories (the trend over monthly snapshots needs no evidence)."""
    return {obs.repository for obs in observations if any(match(obs, m, catalog) for m in matchers)}
