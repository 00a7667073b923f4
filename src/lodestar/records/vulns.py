"""Vulnerabilities: advisories in the OSV schema as Lodestar keeps them, and what they match.

An :class:`Advisory` is one OSV record (https://ossf.github.io/osv-schema/) as imported
(:mod:`lodestar.safeparse.osv` reads it, :mod:`lodestar.store.advisories` keeps it); a
:class:`Vulnerability` is one advisory matched against one dependency of one repository
(:mod:`lodestar.analysis.vulnerabilities`). :class:`AdvisoryImport` is what ``lodestar vulns
status`` reports per ecosystem. :class:`VulnerabilityPolicy` is the policies' ``vulnerabilities:``
section (severity bands and VEX statements, :class:`VexStatement`), read by
:mod:`lodestar.strategy.loader` and applied by :mod:`lodestar.analysis.drift_vulnerabilities`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lodestar.records import SourcePosition

__all__ = [
    "BANDS",
    "VEX_JUSTIFICATIONS",
    "VEX_STATUSES",
    "Advisory",
    "AdvisoryImport",
    "AffectedPackage",
    "AffectedRange",
    "RangeEvent",
    "SeverityVector",
    "VexStatement",
    "Vulnerability",
    "VulnerabilityPolicy",
    "band_rank",
]

# CVSS qualitative bands, most severe first (FIRST's CVSS v3.1/v4.0 rating scale).
BANDS = ("critical", "high", "medium", "low", "none")
# The VEX vocabulary shared by OpenVEX and CycloneDX's analysis (CycloneDX spells
# under_investigation "in_triage"; lodestar.render.sbom_cyclonedx maps it).
VEX_STATUSES = ("not_affected", "affected", "fixed", "under_investigation")
# OpenVEX's justifications for not_affected (https://github.com/openvex/spec).
VEX_JUSTIFICATIONS = (
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
)


def band_rank(band: str | None) -> int:
    """critical 4, high 3, medium 2, low 1, none 0; an ``unknown`` band (no score, no
    database severity) ranks as medium: unknown is not harmless."""
    ranks = {"critical": 4, "high": 3, "medium": 2, "low": 1, "none": 0}
    return ranks.get((band or "").lower(), 2)


@dataclass(frozen=True, slots=True)
class RangeEvent:
    """One event of an OSV range: ``introduced``, ``fixed``, ``last_affected`` or ``limit``."""

    kind: str
    version: str  # "0" for introduced: every version from the first


@dataclass(frozen=True, slots=True)
class AffectedRange:
    """``affected[].ranges[]``: its type (``ECOSYSTEM``, ``SEMVER``, ``GIT``) and events."""

    type: str
    events: tuple[RangeEvent, ...]
    repo: str | None = None  # GIT ranges only


@dataclass(frozen=True, slots=True)
class AffectedPackage:
    """``affected[]``: one package, the ranges and the explicit versions it is affected in."""

    ecosystem: str  # OSV's spelling: "PyPI", "npm", "Maven", "Go", "crates.io", "RubyGems" …
    name: str  # as OSV writes it: "requests", "org.apache.logging.log4j:log4j-core"
    package: str  # the purl without version (the ``package`` column of dependencies)
    ranges: tuple[AffectedRange, ...] = ()
    versions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SeverityVector:
    """``severity[]``: a scoring system (``CVSS_V2``, ``CVSS_V3``, ``CVSS_V4``) and its vector."""

    type: str
    score: str


@dataclass(frozen=True, slots=True)
class Advisory:
    """One OSV record."""

    id: str
    modified: dt.datetime
    published: dt.datetime | None = None
    withdrawn: dt.datetime | None = None
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    summary: str = ""
    details: str = ""
    severity: tuple[SeverityVector, ...] = ()
    affected: tuple[AffectedPackage, ...] = ()
    references: tuple[str, ...] = ()  # URLs
    # GitHub's database_specific.severity ("LOW", "MODERATE", "HIGH", "CRITICAL") when no vector
    database_severity: str | None = None
    source: str = ""  # the file (or file inside an archive) it was imported from


@dataclass(frozen=True, slots=True)
class AdvisoryImport:
    """One ecosystem's advisories in the store: when they were imported, from where, how many."""

    ecosystem: str
    imported_at: dt.datetime
    source: str
    records: int
    skipped: int = 0
    newest: dt.datetime | None = None  # the newest ``modified`` among them


@dataclass(frozen=True, slots=True)
class Vulnerability:
    """One advisory (its aliases merged) matched against one dependency of one repository.

    ``status`` is ``affected`` (the version in use is inside an affected range) or
    ``may-be-affected`` (no version is pinned: the declared constraint admits an affected
    version; ``version`` is then None and ``constraint`` says what was declared).
    """

    advisory: str  # the canonical id (CVE when there is one, else GHSA, else the record's)
    aliases: tuple[str, ...]  # every other id of the same advisory
    summary: str
    repository: str
    purl: str  # the dependency as used
    package: str  # purl without version
    version: str | None
    constraint: str | None
    manifest: str
    line: int | None
    direct: bool
    scope: str
    status: str  # "affected" | "may-be-affected"
    affected: str  # the affected ranges, as people read them: ">=2.0.0, <2.20.0"
    fixed: str | None  # the lowest fixed version above the one in use
    score: float | None  # CVSS base score, when a vector is known
    band: str  # "critical" | "high" | "medium" | "low" | "none" | "unknown"
    vector: str | None = None
    published: dt.date | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VexStatement:
    """A VEX statement of the policies: what the organisation says about one advisory.

    ``advisory`` is any of the advisory's ids (aliases match); ``repository`` (a name) and
    ``package`` (a purl glob) narrow it, unset meaning every one. ``status`` is one of
    :data:`VEX_STATUSES`; ``justification`` (one of :data:`VEX_JUSTIFICATIONS`) says why it is
    ``not_affected``.
    """

    advisory: str
    status: str
    repository: str | None = None
    package: str | None = None
    justification: str | None = None
    detail: str = ""
    owner: str | None = None
    date: dt.date | None = None
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class VulnerabilityPolicy:
    """The policies' ``vulnerabilities:`` section; the defaults apply when it is absent.

    A finding is an error at or above ``error_at``, a warning at or above ``warning_at``, a
    note below; advisories below ``ignore_below`` (None: none ignored) give no finding.
    ``may_be_affected`` reports unpinned matches as notes.
    """

    error_at: str = "high"
    warning_at: str = "medium"
    ignore_below: str | None = None
    may_be_affected: bool = True
    statements: tuple[VexStatement, ...] = ()
    source: SourcePosition | None = None
