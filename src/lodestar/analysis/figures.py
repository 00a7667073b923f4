"""The figures the cockpit's pages present, taken from the one evaluation of the organisation.

:func:`organisation_figures` hands every page input out of an
:class:`~lodestar.analysis.organisation.OrganisationEvaluation` (nothing is recomputed), with
``None`` for what is not available, and names which inputs are missing (``history``,
``people``, ``radar-history``, ``drift``, ``advisories``) so that a page says "no data yet"
instead of showing invented figures. The web (:func:`lodestar.web.cockpit.load_cockpit`) only
presents them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lodestar.analysis.activity import OrgActivity
from lodestar.analysis.campaigns import CampaignReport
from lodestar.analysis.coverage import RadarCoverage
from lodestar.analysis.delivery import Delivery
from lodestar.analysis.eol import Exposure
from lodestar.analysis.exposure import VulnerabilityExposure
from lodestar.analysis.hotspots import Hotspot
from lodestar.analysis.initiatives import InitiativeReport
from lodestar.analysis.knowledge import KnowledgeRisk
from lodestar.analysis.organisation import OrganisationEvaluation
from lodestar.analysis.skills import Skill
from lodestar.records import Finding, MonthlySnapshot, Observation, PolicyException, Strategy
from lodestar.records.owners import RepositoryOwner
from lodestar.records.vulns import Vulnerability

__all__ = ["OrganisationFigures", "organisation_figures"]


@dataclass(frozen=True, slots=True)
class OrganisationFigures:
    """Every page input of one evaluation. ``None`` means "not available": ``missing`` names
    the inputs that are lacking, in the order the pages note them."""

    eol: tuple[Exposure, ...]
    strategy: Strategy | None
    findings: tuple[Finding, ...] | None
    snapshots: tuple[MonthlySnapshot, ...] | None
    campaigns: tuple[CampaignReport, ...] | None
    initiatives: tuple[InitiativeReport, ...] | None
    risks: tuple[KnowledgeRisk, ...] | None
    skills: tuple[Skill, ...] | None
    activity: OrgActivity | None
    deliveries: tuple[Delivery, ...] | None  # release cadence per repository
    hotspots: tuple[tuple[str, Hotspot], ...] | None  # (repository, file), top first
    observed: tuple[Observation, ...]
    coverage: RadarCoverage
    missing: tuple[str, ...]  # "history", "people", "radar-history", "drift", "advisories"
    vulnerabilities: tuple[Vulnerability, ...] | None = None  # None: no advisory matched
    exposure: VulnerabilityExposure | None = None
    owners: dict[str, RepositoryOwner] | None = None  # by repository name
    radar_advisories: dict[str, tuple[str, ...]] | None = None  # entry id -> open advisories
    # each repository's top files by revisions * code (its page); None: no history
    repository_hotspots: Mapping[str, tuple[Hotspot, ...]] | None = None
    # the findings a live policy exception waives, each with it; None: drift has not run
    waived: tuple[tuple[Finding, PolicyException], ...] | None = None


def organisation_figures(result: OrganisationEvaluation) -> OrganisationFigures:
    """The page inputs of ``result``, and which inputs are missing."""
    people = result.history
    missing: list[str] = []
    if people is None:
        missing += ["history", "people"]
    if not result.snapshots and "history" not in missing:
        missing.append("history")
    if result.strategy is None:
        missing += ["radar-history", "drift"]
    if result.exposure is None:
        missing.append("advisories")
    return OrganisationFigures(
        eol=result.eol,
        strategy=result.strategy,
        findings=result.drift.findings if result.drift is not None else None,
        snapshots=result.snapshots or None,
        campaigns=tuple(result.campaigns.values()) if result.strategy is not None else None,
        initiatives=result.initiatives if result.strategy is not None else None,
        risks=people.risks if people else None,
        skills=people.skills if people else None,
        activity=people.activity if people else None,
        deliveries=people.deliveries if people else None,
        hotspots=people.hotspots if people else None,
        observed=result.observations,
        coverage=result.coverage,
        missing=tuple(missing),
        vulnerabilities=result.vulnerabilities if result.exposure is not None else None,
        exposure=result.exposure,
        owners=result.owners,
        radar_advisories=result.radar_advisories,
        repository_hotspots=people.repository_hotspots if people else None,
        waived=result.drift.waived if result.drift is not None else None,
    )
