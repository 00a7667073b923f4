"""The CycloneDX ``vulnerabilities`` of a repository's SBOM, with their VEX ``analysis``.

One vulnerability per advisory and component (``bom-ref`` ``vulnerability:ID@PURL``): its
canonical ``id`` and ``source`` (GitHub's advisory database for a GHSA id, the NVD for a CVE,
OSV otherwise), ``references`` to its aliases in their own databases, one ``rating`` from its
CVSS vector (``method`` CVSSv4, CVSSv31, CVSSv3 or CVSSv2 as the vector says; the score and
band the matching engine computed; a band without a vector is a rating with severity only),
``description`` (the advisory's summary), ``recommendation`` ("upgrade to 2.20.0"),
``published``, the advisory's URLs as ``advisories``, and ``affects`` → the component's
``bom-ref`` (with its version, ``affected``).

``analysis`` is the policies' VEX statement about it (:func:`lodestar.analysis.statement_for`):
``not_affected`` → ``not_affected`` with the OpenVEX justification mapped to CycloneDX's
(below; the OpenVEX one stays in the ``lodestar:vex-justification`` property), ``affected`` →
``exploitable``, ``fixed`` → ``resolved``, ``under_investigation`` → ``in_triage``; the
statement's ``detail`` (and owner) is the ``detail``. Without a statement, a match whose
version is not locked ("may be affected") is ``in_triage``, and a known-affected one has no
analysis (nobody has analysed it yet).

=============================================  =================================
OpenVEX justification                          CycloneDX justification
=============================================  =================================
component_not_present                          code_not_present
vulnerable_code_not_present                    code_not_present
vulnerable_code_not_in_execute_path            code_not_reachable
vulnerable_code_cannot_be_controlled_by_adv…   requires_environment
inline_mitigations_already_exist               protected_by_mitigating_control
=============================================  =================================

(the inverse of the mapping Trivy and the CISA VEX status justifications use).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from cyclonedx.model import Property, XsUri
from cyclonedx.model.impact_analysis import (
    ImpactAnalysisAffectedStatus,
    ImpactAnalysisJustification,
    ImpactAnalysisState,
)
from cyclonedx.model.vulnerability import (
    BomTarget,
    BomTargetVersionRange,
    Vulnerability,
    VulnerabilityAdvisory,
    VulnerabilityAnalysis,
    VulnerabilityRating,
    VulnerabilityReference,
    VulnerabilityScoreSource,
    VulnerabilitySeverity,
    VulnerabilitySource,
)
from packageurl import PackageURL

from lodestar.analysis import VexIndex
from lodestar.records.vulns import VexStatement
from lodestar.records.vulns import Vulnerability as Match

__all__ = ["JUSTIFICATIONS", "STATES", "cyclonedx_vulnerabilities"]

STATES: dict[str, ImpactAnalysisState] = {
    "not_affected": ImpactAnalysisState.NOT_AFFECTED,
    "affected": ImpactAnalysisState.EXPLOITABLE,
    "fixed": ImpactAnalysisState.RESOLVED,
    "under_investigation": ImpactAnalysisState.IN_TRIAGE,
}
JUSTIFICATIONS: dict[str, ImpactAnalysisJustification] = {
    "component_not_present": ImpactAnalysisJustification.CODE_NOT_PRESENT,
    "vulnerable_code_not_present": ImpactAnalysisJustification.CODE_NOT_PRESENT,
    "vulnerable_code_not_in_execute_path": ImpactAnalysisJustification.CODE_NOT_REACHABLE,
    "vulnerable_code_cannot_be_controlled_by_adversary": (
        ImpactAnalysisJustification.REQUIRES_ENVIRONMENT
    ),
    "inline_mitigations_already_exist": (
        ImpactAnalysisJustification.PROTECTED_BY_MITIGATING_CONTROL
    ),
}
_SEVERITIES = {s.value: s for s in VulnerabilitySeverity}
_METHODS = (
    ("CVSS:4.0/", VulnerabilityScoreSource.CVSS_V4),
    ("CVSS:3.1/", VulnerabilityScoreSource.CVSS_V3_1),
    ("CVSS:3.0/", VulnerabilityScoreSource.CVSS_V3),
)


def source_of(advisory: str) -> VulnerabilitySource:
    """The database an id belongs to, with the advisory's page there."""
    upper = advisory.upper()
    if upper.startswith("GHSA-"):
        return VulnerabilitySource(
            name="GitHub Advisory Database",
            url=XsUri(f"https://github.com/advisories/{advisory}"),
        )
    if upper.startswith("CVE-"):
        return VulnerabilitySource(
            name="NVD", url=XsUri(f"https://nvd.nist.gov/vuln/detail/{advisory}")
        )
    return VulnerabilitySource(name="OSV", url=XsUri(f"https://osv.dev/vulnerability/{advisory}"))


def _rating(match: Match) -> list[VulnerabilityRating]:
    severity = _SEVERITIES.get(match.band, VulnerabilitySeverity.UNKNOWN)
    if match.vector is None:
        return [VulnerabilityRating(severity=severity)]
    method = next(
        (m for prefix, m in _METHODS if match.vector.startswith(prefix)),
        VulnerabilityScoreSource.CVSS_V2,  # a v2 vector has no prefix: "AV:N/AC:L/Au:N/…"
    )
    score = Decimal(f"{match.score:.1f}") if match.score is not None else None
    return [
        VulnerabilityRating(
            source=source_of(match.advisory),
            score=score,
            severity=severity,
            method=method,
            vector=match.vector,
        )
    ]


def _analysis(match: Match, statement: VexStatement | None) -> VulnerabilityAnalysis | None:
    if statement is None:
        if match.status == "affected":
            return None
        return VulnerabilityAnalysis(
            state=ImpactAnalysisState.IN_TRIAGE,
            detail=f"no version is locked; the declared range {match.constraint or ''} admits "
            f"affected versions ({match.affected})",
        )
    detail = statement.detail
    if statement.owner:
        detail = f"{detail} ({statement.owner})" if detail else f"stated by {statement.owner}"
    issued = (
        dt.datetime.combine(statement.date, dt.time(), tzinfo=dt.UTC) if statement.date else None
    )
    return VulnerabilityAnalysis(
        state=STATES[statement.status],
        justification=JUSTIFICATIONS.get(statement.justification or ""),
        detail=detail or None,
        first_issued=issued,
    )


def _vulnerability(match: Match, ref: str, statement: VexStatement | None) -> Vulnerability:
    versions = (
        [BomTargetVersionRange(version=match.version, status=ImpactAnalysisAffectedStatus.AFFECTED)]
        if match.version
        else None
    )
    properties = [Property(name="lodestar:status", value=match.status)]
    if match.affected:
        properties.append(Property(name="lodestar:affected", value=match.affected))
    if statement is not None and statement.justification:
        properties.append(
            Property(name="lodestar:vex-justification", value=statement.justification)
        )
    published = (
        dt.datetime.combine(match.published, dt.time(), tzinfo=dt.UTC) if match.published else None
    )
    return Vulnerability(
        bom_ref=f"vulnerability:{match.advisory}@{ref}",
        id=match.advisory,
        source=source_of(match.advisory),
        references=[
            VulnerabilityReference(id=alias, source=source_of(alias)) for alias in match.aliases
        ],
        ratings=_rating(match),
        description=match.summary or None,
        recommendation=f"upgrade to {match.fixed}" if match.fixed else None,
        advisories=[
            VulnerabilityAdvisory(url=XsUri(url))
            for url in match.references
            if url.startswith("https://")
        ],
        published=published,
        analysis=_analysis(match, statement),
        affects=[BomTarget(ref=ref, versions=versions)],
        properties=properties,
    )


def cyclonedx_vulnerabilities(
    matches: Iterable[Match],
    statements: Iterable[VexStatement],
    refs: Mapping[str, str],
) -> list[Vulnerability]:
    """One CycloneDX vulnerability per advisory and component of the BOM (``refs``: a match's
    purl → the component's ``bom-ref``); matches of components not in the BOM are left out."""
    index = VexIndex(statements)
    seen: set[tuple[str, str]] = set()
    out = []
    for match in matches:
        ref = refs.get(match.purl) or refs.get(_canonical(match.purl))
        if ref is None or (match.advisory, ref) in seen:
            continue
        seen.add((match.advisory, ref))
        out.append(_vulnerability(match, ref, index.find(match)))
    return out


def _canonical(purl: str) -> str:
    try:
        return str(PackageURL.from_string(purl).to_string())
    except ValueError:
        return purl
