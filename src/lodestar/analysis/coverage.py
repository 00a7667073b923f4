"""Radar coverage: which radar entries the organisation uses, which technologies no entry names.

The one derivation behind the Technologies page ("on the radar" or not), each repository page
(its technologies' rings, the entries it uses), the radar entry pages' users and the
``radar-missing`` and ``radar-unused`` rules of the drift engine, so those views cannot
disagree:

* An entry *names* a technology when one of its matchers is that technology id, whatever its
  version range ("Python before 3.12" and "Python 3.12+" both put Python on the radar), or when
  a purl matcher matches a package through which the technology was detected.
* A technology in use is *on the radar* when at least one entry names it; otherwise it is
  *missing* (``radar-missing``).
* A repository *uses* an entry when the entry's matchers match its observation
  (:func:`lodestar.analysis.observed.match_any`: the drift engine's matching, version ranges
  included); an entry no repository uses is *unused*.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from lodestar.analysis.observed import match_any, purl_matches
from lodestar.catalog import TechnologyCatalog
from lodestar.records import Observation, RadarEntry

__all__ = ["RadarCoverage", "TechnologyCoverage", "radar_coverage"]


@dataclass(frozen=True, slots=True)
class TechnologyCoverage:
    """One technology in use and the radar entries that name it (none: not on the radar)."""

    technology: str
    repositories: tuple[str, ...]  # the repositories using it, sorted
    entries: tuple[str, ...]  # ids of the entries naming it, in declaration order

    @property
    def on_radar(self) -> bool:
        return bool(self.entries)


@dataclass(frozen=True, slots=True)
class RadarCoverage:
    # every technology in use, most used first, then by id
    technologies: dict[str, TechnologyCoverage] = field(default_factory=dict)
    users: dict[str, tuple[str, ...]] = field(default_factory=dict)  # entry id -> repositories

    def missing(self) -> tuple[TechnologyCoverage, ...]:
        """Technologies in use that no radar entry names, most used first."""
        return tuple(t for t in self.technologies.values() if not t.on_radar)

    def entries_used_by(self, repository: str) -> tuple[str, ...]:
        """The entries a repository uses, in declaration order."""
        return tuple(e for e, repos in self.users.items() if repository in repos)


def _names(entry: RadarEntry, technology: str, purls: set[str]) -> bool:
    for m in entry.matchers:
        if m.technology == technology:
            return True
        if m.purl and any(purl_matches(m.purl, p) for p in purls):
            return True
    return False


def radar_coverage(
    observations: Sequence[Observation],
    entries: Sequence[RadarEntry],
    catalog: TechnologyCatalog,
) -> RadarCoverage:
    """Which entries each repository uses, and which entries name each technology in use."""
    repos: dict[str, set[str]] = defaultdict(set)
    purls: dict[str, set[str]] = defaultdict(set)
    for obs in observations:
        for use in obs.technologies:
            repos[use.technology].add(obs.repository)
            if use.evidence.startswith("pkg:"):
                purls[use.technology].add(use.evidence)
    technologies = {
        tech: TechnologyCoverage(
            tech,
            tuple(sorted(names)),
            tuple(e.id for e in entries if _names(e, tech, purls[tech])),
        )
        for tech, names in sorted(repos.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    }
    users = {
        entry.id: tuple(
            sorted(
                obs.repository
                for obs in observations
                if entry.matchers and match_any(obs, entry.matchers, catalog)
            )
        )
        for entry in entries
    }
    return RadarCoverage(technologies, users)
