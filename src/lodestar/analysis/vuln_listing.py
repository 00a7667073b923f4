"""What ``lodestar vulns`` lists: the organisation's vulnerabilities, graded and filtered.

:func:`vulnerability_listing` takes the matches the one evaluation made
(:attr:`~lodestar.analysis.organisation.OrganisationEvaluation.vulnerabilities`), the policies'
``vulnerabilities:`` section and the repositories' owners, and returns one
:class:`VulnerabilityRow` per advisory, repository, package and version — the unit of a
``vulnerability`` finding, graded the same way (:func:`finding_severity`), with the VEX
statement that applies (:func:`statement_for`) and the repository's owner and team.

Rows a ``not_affected`` or ``fixed`` statement takes out, and rows below the policy's
``ignore-below``, are hidden unless ``show_all``; the listing counts them. Filters: one
repository, a band at or above ``severity`` (``high`` lists critical and high), a ``status``
(``affected`` or ``may-be-affected``), a ``team`` (the team of the repository's owner,
:func:`lodestar.analysis.ownership.team_of`). Rows come most severe first (band, then score),
then by advisory, repository and package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lodestar.analysis.drift_vulnerabilities import (
    SUPPRESSING,
    VexIndex,
    finding_severity,
    grouped,
)
from lodestar.analysis.ownership import team_of
from lodestar.records import Severity
from lodestar.records.owners import RepositoryOwner
from lodestar.records.vulns import (
    BANDS,
    VexStatement,
    Vulnerability,
    VulnerabilityPolicy,
    band_rank,
)

__all__ = ["VulnerabilityListing", "VulnerabilityRow", "vulnerability_listing"]


@dataclass(frozen=True, slots=True)
class VulnerabilityRow:
    """One advisory in one package version of one repository (every manifest declaring it)."""

    vulnerability: Vulnerability  # the first match; the others differ only in manifest:line
    locations: tuple[str, ...]  # manifest:line of each declaration
    severity: Severity | None  # as the vulnerability rule grades it; None: the policy ignores it
    statement: VexStatement | None = None  # the VEX statement that applies
    owner: str | None = None  # the repository's declared owners, space-separated
    team: str | None = None

    @property
    def hidden(self) -> bool:
        """Taken out by a VEX statement, or ignored by the policy."""
        suppressed = self.statement is not None and self.statement.status in SUPPRESSING
        return suppressed or self.severity is None


@dataclass(frozen=True, slots=True)
class VulnerabilityListing:
    rows: tuple[VulnerabilityRow, ...]  # what the filters keep, hidden rows only with show_all
    hidden: int  # rows the filters keep that are hidden (VEX or ignore-below)
    bands: dict[str, int] = field(default_factory=dict)  # per band, the rows shown (not hidden)
    repositories: int = 0  # repositories with a row shown


def _owner(owner: RepositoryOwner | None) -> tuple[str | None, str | None]:
    if owner is None:
        return None, None
    return (" ".join(owner.declared) or None), team_of(owner)


def _kept(
    row: VulnerabilityRow,
    *,
    repository: str | None,
    severity: str | None,
    status: str | None,
    team: str | None,
) -> bool:
    vuln = row.vulnerability
    if repository is not None and vuln.repository != repository:
        return False
    if severity is not None and band_rank(vuln.band) < band_rank(severity):
        return False
    if status is not None and vuln.status != status:
        return False
    return team is None or (row.team or "").lower() == team.lower()


def vulnerability_listing(
    vulnerabilities: Iterable[Vulnerability],
    policy: VulnerabilityPolicy,
    *,
    owners: Mapping[str, RepositoryOwner] | None = None,
    repository: str | None = None,
    severity: str | None = None,
    status: str | None = None,
    team: str | None = None,
    show_all: bool = False,
) -> VulnerabilityListing:
    """The listing (see the module docstring)."""
    owners = owners or {}
    statements = VexIndex(policy.statements)
    rows = []
    for group in grouped(vulnerabilities):
        vuln = group.first
        owner, owner_team = _owner(owners.get(vuln.repository))
        row = VulnerabilityRow(
            vuln,
            tuple(group.places),
            finding_severity(vuln, policy),
            statements.find(vuln),
            owner,
            owner_team,
        )
        if _kept(row, repository=repository, severity=severity, status=status, team=team):
            rows.append(row)
    rows.sort(
        key=lambda r: (
            -band_rank(r.vulnerability.band),
            -(r.vulnerability.score or 0.0),
            r.vulnerability.advisory,
            r.vulnerability.repository,
            r.vulnerability.package,
        )
    )
    shown = [r for r in rows if not r.hidden]
    bands = dict.fromkeys((*BANDS, "unknown"), 0)
    for row in shown:
        band = row.vulnerability.band
        bands[band if band in bands else "unknown"] += 1
    return VulnerabilityListing(
        rows=tuple(rows if show_all else shown),
        hidden=len(rows) - len(shown),
        bands=bands,
        repositories=len({r.vulnerability.repository for r in shown}),
    )
