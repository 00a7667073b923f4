"""The strategy's records: radar entries and moves, decisions, policies, campaigns, initiatives,
findings, and the whole :class:`Strategy` a workspace declares (its IP register's records are
in :mod:`lodestar.records.ip`).

Re-exported by :mod:`lodestar.records` (imported on first use there, so that a process that
only scans, such as ``lodestar loc``, does not create these classes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from lodestar.records.ip import IpRegister
from lodestar.records.vulns import VulnerabilityPolicy


class Severity(StrEnum):
    """How serious a finding is; ordered error > warning > note."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Matcher:
    """Ties a declaration to observed reality: a catalog technology id or a purl pattern.

    ``purl`` is a pattern over ``pkg:type/namespace/name`` with ``*`` globs
    (``pkg:npm/@angular/*``); ``versions`` an optional range over the observed version
    (PEP 440-like specifiers: ``<3.10``, ``>=3.12,<3.13``).
    """

    technology: str | None = None
    purl: str | None = None
    versions: str | None = None


@dataclass(frozen=True, slots=True)
class SourcePosition:
    """Where a declaration lives in the workspace (for findings and error messages)."""

    path: str  # relative to the workspace root
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RadarEntry:
    id: str  # file stem, stable across editions
    title: str
    quadrant: str
    ring: str
    description: str = ""  # markdown, untrusted
    tags: tuple[str, ...] = ()
    owner: str | None = None
    review_by: dt.date | None = None
    decisions: tuple[str, ...] = ()  # decision ids
    replaced_by: str | None = None  # radar entry id
    matchers: tuple[Matcher, ...] = ()
    source: SourcePosition | None = None
    public: tuple[str, ...] = ()  # what the public radar may show besides the text (opt-in)


@dataclass(frozen=True, slots=True)
class RadarMove:
    """A ring change of one entry, read from the workspace's git history."""

    entry: str
    date: dt.date
    commit: str
    ring: str
    previous_ring: str | None  # None when the entry is new
    kind: str  # "new" | "moved-in" | "moved-out" (towards Adopt is "in")


@dataclass(frozen=True, slots=True)
class DecisionLink:
    kind: str  # "supersedes" | "amends" | "relates-to" | "superseded-by" | "amended-by"
    target: str  # decision id


@dataclass(frozen=True, slots=True)
class WeightedEvaluation:
    """Criteria with weights and a score per option and criterion."""

    criteria: tuple[tuple[str, float], ...]  # (criterion, weight)
    scores: tuple[tuple[str, tuple[float, ...]], ...]  # (option, score per criterion)


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    title: str
    status: str  # proposed | accepted | rejected | deprecated | superseded
    date: dt.date | None = None
    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    links: tuple[DecisionLink, ...] = ()
    governs: tuple[Matcher, ...] = ()
    review_by: dt.date | None = None
    revisit_when: str | None = None
    options: tuple[str, ...] = ()
    chosen: str | None = None
    evaluation: WeightedEvaluation | None = None
    body: str = ""  # markdown, untrusted
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class PolicyException:
    rule: str  # the rule id it waives ("licence", "eol", "radar-hold", "dependency", …)
    repository: str | None  # None: every repository
    subject: str | None  # purl pattern, technology id, SPDX id or product it waives
    owner: str
    reason: str
    expires: dt.date
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class LicencePolicy:
    context: str  # internal | saas | distributed
    allowed: tuple[str, ...] = ()
    denied: tuple[str, ...] = ()
    review: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DependencyRule:
    action: str  # "deny" | "allow"
    matcher: Matcher
    reason: str = ""
    severity: Severity = Severity.ERROR
    source: SourcePosition | None = None  # where the rule is declared


@dataclass(frozen=True, slots=True)
class Policies:
    licence: tuple[LicencePolicy, ...] = ()
    licence_context: dict[str, str] = field(default_factory=dict)  # repository -> context
    default_licence_context: str = "internal"
    eol_error_past: bool = True
    eol_warn_days: int | None = None  # None: not declared, the eol.warn_days setting decides
    radar_hold_no_new_since: dt.date | None = None
    radar_assess_only_in: tuple[str, ...] = ()  # repositories allowed to use Assess entries
    ip_patent_notice: bool = False  # ip.patent-notice: patent-covered repositories need a notice
    dependency_rules: tuple[DependencyRule, ...] = ()
    exceptions: tuple[PolicyException, ...] = ()
    vulnerabilities: VulnerabilityPolicy = field(default_factory=VulnerabilityPolicy)
    source: SourcePosition | None = None  # the policy file, for findings against a policy
    # where each section is declared ("licence", "eol", "radar", "ip"), for findings against it,
    # and each of its keys ("licence.contexts.saas", "eol.warn-days"; two levels deep)
    sections: dict[str, SourcePosition] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    title: str
    source: tuple[Matcher, ...]  # migrate away from
    target: tuple[Matcher, ...]  # migrate to
    owner: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    repositories: tuple[str, ...] = ()  # scope; empty with no tags: every repository
    tags: tuple[str, ...] = ()
    description: str = ""
    position: SourcePosition | None = None
    # the repository names/globs that the workspace's [repositories.tags] gives for ``tags``
    tag_repositories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KeyResult:
    title: str
    target: float
    start: float = 0.0
    current: float | None = None  # entered by hand
    metric: str | None = None  # measured: "campaign:ID", "eol:past", "truck-factor:REPO", …
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Objective:
    title: str
    key_results: tuple[KeyResult, ...] = ()


@dataclass(frozen=True, slots=True)
class Milestone:
    title: str
    due: dt.date
    done: bool = False


@dataclass(frozen=True, slots=True)
class Initiative:
    id: str
    title: str
    status: str  # proposed | active | paused | done | cancelled
    owner: str | None = None
    repositories: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    objectives: tuple[Objective, ...] = ()
    description: str = ""
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One gap between what is declared and what is observed."""

    rule: str  # stable id: "radar-hold-in-use", "decision-violation", "licence-denied", …
    severity: Severity
    message: str
    repository: str | None = None
    evidence: tuple[str, ...] = ()  # "path:line", purls, commits
    hint: str = ""
    declaration: SourcePosition | None = None  # the workspace file that makes it a finding
    subject: str | None = None  # what it is about: technology id, purl, SPDX id, product@version
    # who owns what it is about: the CODEOWNERS owners of its evidence path, else the
    # repository's declared owner (lodestar.analysis.ownership); None when nobody is declared
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class RadarConfig:
    """Quadrants in drawing order; rings from the centre out (Adopt first, Hold last)."""

    quadrants: tuple[str, ...] = ("Techniques", "Tools", "Platforms", "Languages & Frameworks")
    rings: tuple[str, ...] = ("Adopt", "Trial", "Assess", "Hold")


@dataclass(frozen=True, slots=True)
class Strategy:
    """Everything a workspace declares, parsed and validated."""

    radar: RadarConfig = field(default_factory=RadarConfig)
    entries: tuple[RadarEntry, ...] = ()
    decisions: tuple[Decision, ...] = ()
    policies: Policies = field(default_factory=Policies)
    campaigns: tuple[Campaign, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    ip: IpRegister = field(default_factory=IpRegister)  # the ip/ folder (lodestar.records.ip)
