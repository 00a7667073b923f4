"""What every drift rule reads and writes: :class:`RuleContext`, one per :func:`find_drift`
run (:mod:`lodestar.analysis.drift`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from lodestar.analysis.advisory_groups import AdvisoryIndex
from lodestar.analysis.campaigns import CampaignReport
from lodestar.analysis.coverage import RadarCoverage
from lodestar.analysis.ownership import Ownership
from lodestar.catalog import EolCatalog, TechnologyCatalog
from lodestar.records import (
    Finding,
    MonthlySnapshot,
    Observation,
    RadarMove,
    SourcePosition,
    Strategy,
)
from lodestar.records.ip_observed import IpObservations
from lodestar.records.vulns import VexStatement, Vulnerability

__all__ = ["RuleContext"]


@dataclass(slots=True)
class RuleContext:
    """The strategy and observations under evaluation, and the findings found so far."""

    strategy: Strategy
    observations: list[Observation]
    catalog: TechnologyCatalog
    eol: EolCatalog
    today: date
    history: Sequence[MonthlySnapshot] | None
    organisation: bool
    moves: Sequence[RadarMove] = ()
    coverage: RadarCoverage | None = None
    campaigns: Mapping[str, CampaignReport] | None = None
    index: AdvisoryIndex | None = None  # the imported advisories, when any
    vulnerabilities: Sequence[Vulnerability] = ()
    # findings a VEX statement (not_affected, fixed) takes out, with the statement
    analysed: list[tuple[Finding, VexStatement]] = field(default_factory=list)
    ownership: Ownership | None = None  # owners and people, for the ownership rules
    ip: IpObservations | None = None  # what the IP register is held against
    found: list[tuple[Finding, tuple[str, ...]]] = field(default_factory=list)
    _snapshots: dict[str, list[MonthlySnapshot]] | None = None

    def snapshots(self, repository: str) -> list[MonthlySnapshot]:
        """The monthly snapshots of one repository, oldest first (indexed on first use)."""
        if self._snapshots is None:
            index: dict[str, list[MonthlySnapshot]] = defaultdict(list)
            for snap in self.history or ():
                index[snap.repository].append(snap)
            for snaps in index.values():
                snaps.sort(key=lambda s: s.month)
            self._snapshots = dict(index)
        return self._snapshots.get(repository, [])

    def add(self, finding: Finding, *subjects: str | None) -> None:
        keys = tuple(s for s in (finding.subject, *subjects) if s)
        self.found.append((finding, keys))

    def policy_source(self, section: str | None = None) -> SourcePosition:
        """Where the policy behind a finding is declared: its section's file and line."""
        policies = self.strategy.policies
        found = policies.sections.get(section) if section else None
        return found or policies.source or SourcePosition("policies")
