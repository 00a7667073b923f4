"""Where a declaration's matchers meet observed reality: repositories, evidence, versions.

The matching is the drift engine's own (:func:`lodestar.analysis.observed.match`), so a radar
entry's "where it is used" and the findings about it always agree: a technology matcher matches
the scans' technology evidence (with a version range, the versions declared for it: runtimes, or
dependencies the catalog ties to it); a purl matcher is a glob over ``pkg:type/namespace/name``
with an optional range over the resolved version, which a dependency without a resolved version
never satisfies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lodestar.analysis.observed import (
    Observation,
    in_range,
    match,
    purl_matches,
    purl_type,
    versions_of,
)
from lodestar.catalog.technologies import TechnologyCatalog
from lodestar.records import Matcher
from lodestar.safeparse import purl_key


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
            and in_range(d.version, m.versions, purl_type(d.purl))
        )
    return found


def package_index(observations: Sequence[Observation]) -> dict[str, frozenset[str]]:
    """Normalised package key (``purl_key``) -> the repositories declaring it."""
    index: dict[str, set[str]] = {}
    for obs in observations:
        for dep in obs.dependencies:
            key = purl_key(dep.purl)
            if key is not None:
                index.setdefault(key, set()).add(obs.repository)
    return {key: frozenset(repos) for key, repos in index.items()}


def _candidates(
    observations: Sequence[Observation],
    matchers: Sequence[Matcher],
    packages: Mapping[str, frozenset[str]] | None,
) -> Sequence[Observation]:
    """Observations that may match: a cheap pre-filter before the exact matching."""
    if packages is None:
        return observations
    techs = {m.technology for m in matchers if m.technology}
    repos: set[str] = set()
    for m in matchers:
        if m.purl:
            for key, names in packages.items():
                if purl_matches(m.purl, key):
                    repos |= names
    return [o for o in observations if o.repository in repos or techs & o.technology_ids()]


def where_used(
    observations: Sequence[Observation],
    matchers: Sequence[Matcher],
    catalog: TechnologyCatalog,
    packages: Mapping[str, frozenset[str]] | None = None,
) -> tuple[Use, ...]:
    """Every repository whose observation matches any of ``matchers``, by name.

    ``packages`` (from :func:`package_index`) lets large organisations skip the repositories
    that declare no matching package; the result is the same without it.
    """
    out = []
    for obs in _candidates(observations, matchers, packages):
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
