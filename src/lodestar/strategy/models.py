"""The shape of each strategy file, as Pydantic models (validation only; records are built after).

Keys are kebab-case (``review-by``, ``decision-makers``) as in MADR. Unknown keys are errors, so a
typo never passes silently; free-form additions go under an explicit ``extra:`` map. Dates are ISO
(``2026-03-31``). The validation context carries the radar configuration and the technology
catalog, so a quadrant, ring or technology id is checked where it is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from lodestar.catalog import TechnologyCatalog, list_command
from lodestar.catalog.licences import known_expression, spdx_for_name
from lodestar.records import RadarConfig
from lodestar.records.vulns import BANDS, VEX_JUSTIFICATIONS, VEX_STATUSES
from lodestar.safeparse import parse_range

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DECISION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_PURL_PATTERN = re.compile(r"pkg:[a-z][a-z0-9.+-]*/[^\s@?#]+")
_METRIC = re.compile(r"[a-z][a-z0-9-]*(?::\S+)?")
# An advisory id as OSV writes them: GHSA-x84v-xcm2-53pg, CVE-2018-18074, PYSEC-2018-28, RUSTSEC-…
_ADVISORY_ID = re.compile(r"[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")

DECISION_STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
INITIATIVE_STATUSES = ("proposed", "active", "paused", "done", "cancelled")
LINK_KINDS = ("supersedes", "superseded-by", "amends", "amended-by", "relates-to")
LICENCE_CONTEXTS = ("internal", "saas", "distributed")
# The drift engine's rule ids (lodestar.analysis.drift.RULES; a test keeps the two equal). An
# exception names one of them, or a family: "licence" waives every licence-* finding.
FINDING_RULES = (
    "radar-hold-in-use",
    "radar-hold-new-adoption",
    "radar-assess-outside-scope",
    "decision-violation",
    "licence-denied",
    "licence-review",
    "licence-not-allowed",
    "dependency-denied",
    "eol-past",
    "eol-soon",
    "eol-range-admits",
    "radar-missing",
    "radar-unused",
    "radar-review-due",
    "decision-review-due",
    "exception-expired",
    "campaign-behind",
    "milestone-overdue",
    "vulnerability",
    "vulnerability-campaign-target",
    "owner-missing",
    "owner-departed",
    "owner-team-inactive",
    "owner-unknown",
    "ip-disclosure-undecided",
    "ip-deadline-soon",
    "ip-deadline-missed",
    "ip-reference-unknown",
    "ip-outbound-unregistered",
    "ip-outbound-cla-missing",
    "ip-trade-secret-exposed",
    "ip-export-record-missing",
    "ip-patent-notice-missing",
)
_SPDX_SPECIAL = frozenset({"NONE", "NOASSERTION"})  # no licence; nothing known


def _kebab(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def _listify(value: object) -> object:
    """A single scalar where a list is expected is a one-item list (``tags: backend``)."""
    return [value] if isinstance(value, str) else value


StrList = Annotated[list[str], BeforeValidator(_listify)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        alias_generator=_kebab,
        populate_by_name=False,
        str_strip_whitespace=True,
        frozen=True,
    )


def suggest(word: str, choices: list[str]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``word``, else empty."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_versions(text: str, ecosystem: str | None = None) -> str:
    """A version range in ``ecosystem``'s dialect (generic when None), read by the one range
    module :func:`lodestar.safeparse.parse_range` (``*``, ``||``, ``18.x``, ``1 - 2``, ``~>``,
    ``[1.0,2.0)`` …); ValueError (the range module's RangeError) when it cannot be read."""
    parse_range(text, ecosystem)
    return text.strip()


class MatcherModel(_Model):
    technology: str | None = None
    purl: str | None = None
    versions: str | None = None

    @field_validator("technology")
    @classmethod
    def _known_technology(cls, value: str, info: ValidationInfo) -> str:
        catalog = (info.context or {}).get("catalog")
        if isinstance(catalog, TechnologyCatalog) and value not in catalog:
            found = catalog.find(value)
            if found is not None:
                raise ValueError(f"unknown technology id {value!r} (did you mean {found.id!r}?)")
            raise ValueError(
                f"unknown technology id {value!r}{suggest(value, [t.id for t in catalog])}; "
                f"list the ids with '{list_command(value, catalog)}', or add it under the "
                "workspace's catalog/"
            )
        return value

    @field_validator("purl")
    @classmethod
    def _purl_pattern(cls, value: str) -> str:
        if not _PURL_PATTERN.fullmatch(value):
            raise ValueError(
                f"{value!r} is not a purl pattern; write pkg:TYPE/NAMESPACE/NAME without "
                "version (globs allowed: pkg:npm/@angular/*)"
            )
        return value

    @field_validator("versions")
    @classmethod
    def _versions(cls, value: str, info: ValidationInfo) -> str:
        purl = info.data.get("purl")
        ecosystem = purl[4:].split("/", 1)[0].lower() if isinstance(purl, str) else None
        return check_versions(value, ecosystem)

    @model_validator(mode="after")
    def _one_subject(self) -> MatcherModel:
        if (self.technology is None) == (self.purl is None):
            raise ValueError("a matcher needs exactly one of 'technology' or 'purl'")
        return self


def _pick(value: str, choices: tuple[str, ...], what: str) -> str:
    def norm(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", "and")).strip("-")

    for choice in choices:
        if value.lower() == choice.lower() or norm(value) == norm(choice):
            return choice
    raise ValueError(
        f"unknown {what} {value!r}{suggest(value, list(choices))}; "
        f"the radar's {what}s are: {', '.join(choices)}"
    )


def _radar(info: ValidationInfo) -> RadarConfig:
    config = (info.context or {}).get("radar")
    return config if isinstance(config, RadarConfig) else RadarConfig()


class RadarConfigModel(_Model):
    quadrants: list[str] = Field(min_length=1, max_length=8)
    rings: list[str] = Field(min_length=1, max_length=8)
    extra: dict[str, Any] = Field(default_factory=dict)


class PublicModel(_Model):
    """What ``lodestar radar publish`` may show of an entry besides its text (all off)."""

    owner: bool = False
    decisions: bool = False
    usage: bool = False


class RadarEntryModel(_Model):
    title: str = Field(min_length=1, max_length=200)
    quadrant: str
    ring: str
    tags: StrList = Field(default_factory=list)
    owner: str | None = None
    review_by: dt.date | None = None
    decisions: StrList = Field(default_factory=list)
    replaced_by: str | None = None
    matchers: list[MatcherModel] = Field(default_factory=list)
    public: PublicModel = Field(default_factory=PublicModel)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("quadrant")
    @classmethod
    def _quadrant(cls, value: str, info: ValidationInfo) -> str:
        return _pick(value, _radar(info).quadrants, "quadrant")

    @field_validator("ring")
    @classmethod
    def _ring(cls, value: str, info: ValidationInfo) -> str:
        return _pick(value, _radar(info).rings, "ring")


class EvaluationModel(_Model):
    """``criteria`` maps each criterion to its weight; ``scores`` each option to its scores."""

    criteria: dict[str, Annotated[float, Field(gt=0)]] = Field(min_length=1)
    scores: dict[str, dict[str, Annotated[float, Field(ge=0)]]] = Field(min_length=2)
    scale: str | None = None  # a note such as "1 (poor) to 5 (excellent)"

    @model_validator(mode="after")
    def _complete(self) -> EvaluationModel:
        wanted = list(self.criteria)
        for option, scores in self.scores.items():
            missing = [c for c in wanted if c not in scores]
            unknown = [c for c in scores if c not in self.criteria]
            if unknown:
                raise ValueError(
                    f"option {option!r} scores unknown criterion {unknown[0]!r}"
                    f"{suggest(unknown[0], wanted)}"
                )
            if missing:
                raise ValueError(f"option {option!r} has no score for {', '.join(missing)}")
        return self


class LinksModel(_Model):
    supersedes: StrList = Field(default_factory=list)
    superseded_by: StrList = Field(default_factory=list)
    amends: StrList = Field(default_factory=list)
    amended_by: StrList = Field(default_factory=list)
    relates_to: StrList = Field(default_factory=list)


def _status(value: object) -> object:
    """MADR writes ``superseded by ADR-0005``: the status is ``superseded``, the link kept apart."""
    if isinstance(value, str) and value.lower().startswith("superseded by"):
        return "superseded"
    return value.lower() if isinstance(value, str) else value


class DecisionModel(_Model):
    id: str | None = Field(default=None, pattern=_DECISION_ID.pattern)
    title: str | None = Field(default=None, min_length=1, max_length=300)
    status: Annotated[str, BeforeValidator(_status)]
    date: dt.date | None = None
    decision_makers: StrList = Field(default_factory=list)
    consulted: StrList = Field(default_factory=list)
    informed: StrList = Field(default_factory=list)
    links: LinksModel = Field(default_factory=LinksModel)
    governs: list[MatcherModel] = Field(default_factory=list)
    review_by: dt.date | None = None
    revisit_when: str | None = None
    evaluation: EvaluationModel | None = None
    tags: StrList = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in DECISION_STATUSES:
            raise ValueError(
                f"unknown status {value!r}{suggest(value, list(DECISION_STATUSES))}; "
                f"use one of {', '.join(DECISION_STATUSES)}"
            )
        return value


def check_spdx_id(value: str) -> str:
    """One SPDX licence id (or ``LicenseRef-…``, ``NONE``, ``NOASSERTION``), as SPDX spells it."""
    if value.upper() in _SPDX_SPECIAL:
        return value.upper()
    found = known_expression(value)
    if found is not None and " " not in found:
        if found != value and found.lower() != value.lower():
            raise ValueError(f"{value!r} is a deprecated SPDX id; write {found!r}")
        return found
    named = spdx_for_name(value)
    hint = f" (did you mean {named!r}?)" if named else ""
    raise ValueError(f"{value!r} is not an SPDX licence id{hint}; see https://spdx.org/licenses/")


SpdxId = Annotated[str, AfterValidator(check_spdx_id)]


class LicenceContextModel(_Model):
    allowed: Annotated[list[SpdxId], BeforeValidator(_listify)] = Field(default_factory=list)
    denied: Annotated[list[SpdxId], BeforeValidator(_listify)] = Field(default_factory=list)
    review: Annotated[list[SpdxId], BeforeValidator(_listify)] = Field(default_factory=list)


class LicencePolicyModel(_Model):
    default_context: str = "internal"
    contexts: dict[str, LicenceContextModel] = Field(default_factory=dict)
    repositories: dict[str, str] = Field(default_factory=dict)  # repository -> context

    @model_validator(mode="after")
    def _contexts(self) -> LicencePolicyModel:
        for name in [*self.contexts, self.default_context, *self.repositories.values()]:
            if name not in LICENCE_CONTEXTS:
                raise ValueError(
                    f"unknown distribution context {name!r}{suggest(name, list(LICENCE_CONTEXTS))}"
                    f"; use one of {', '.join(LICENCE_CONTEXTS)}"
                )
        return self


class EolPolicyModel(_Model):
    error_past_eol: bool = True
    warn_days: int | None = Field(None, ge=0, le=3650)  # None: the eol.warn_days setting


class RadarPolicyModel(_Model):
    hold_no_new_since: dt.date | None = None
    assess_only_in: StrList = Field(default_factory=list)


class IpPolicyModel(_Model):
    patent_notice: bool = False  # covered repositories carry a patent notice


class DependencyRuleModel(_Model):
    action: str = Field(pattern=r"^(deny|allow)$")
    match: MatcherModel
    reason: str = ""
    severity: str = Field("error", pattern=r"^(error|warning|note)$")


def check_rule(value: str) -> str:
    """A finding rule id, or a family of them (a prefix up to a dash: ``licence``)."""
    if value in FINDING_RULES or any(r.startswith(value + "-") for r in FINDING_RULES):
        return value
    families = sorted({r.rsplit("-", 1)[0] for r in FINDING_RULES} | set(FINDING_RULES))
    raise ValueError(
        f"unknown rule {value!r}{suggest(value, families)}; use a rule id such as "
        "'licence-denied' or a family such as 'licence' (see 'lodestar check --help')"
    )


class ExceptionModel(_Model):
    rule: Annotated[str, AfterValidator(check_rule)]
    repository: str | None = None
    subject: str | None = None
    owner: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    expires: dt.date


def _choice(value: str, choices: tuple[str, ...], what: str) -> str:
    """``value`` when it is one of ``choices`` (case and ``-``/``_`` forgiven), else a
    ValueError naming the choices with a did-you-mean."""
    norm = value.strip().lower().replace("-", "_")
    for choice in choices:
        if norm == choice.replace("-", "_"):
            return choice
    raise ValueError(
        f"unknown {what} {value!r}{suggest(norm, list(choices))}; use one of {', '.join(choices)}"
    )


def _band(value: str) -> str:
    if value.strip().lower() == "moderate":  # GitHub's name for the medium band
        return "medium"
    return _choice(value, BANDS, "severity band")


Band = Annotated[str, AfterValidator(_band)]


class VexStatementModel(_Model):
    advisory: str
    repository: str | None = None
    package: str | None = None
    status: str
    justification: str | None = None
    detail: str = Field("", max_length=2000)
    owner: str | None = None
    date: dt.date | None = None

    @field_validator("advisory")
    @classmethod
    def _advisory(cls, value: str) -> str:
        if not _ADVISORY_ID.fullmatch(value):
            raise ValueError(
                f"{value!r} is not an advisory id; write its OSV, GHSA or CVE id "
                "(GHSA-jfh8-c2jp-5v3q, CVE-2021-44228)"
            )
        return value

    @field_validator("package")
    @classmethod
    def _package(cls, value: str) -> str:
        if not _PURL_PATTERN.fullmatch(value):
            raise ValueError(
                f"{value!r} is not a purl pattern; write pkg:TYPE/NAMESPACE/NAME without "
                "version (globs allowed: pkg:maven/org.apache.logging.log4j/*)"
            )
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _choice(value, VEX_STATUSES, "VEX status")

    @field_validator("justification")
    @classmethod
    def _justification(cls, value: str, info: ValidationInfo) -> str:
        found = _choice(value, VEX_JUSTIFICATIONS, "justification")
        status = info.data.get("status")
        if status is not None and status != "not_affected":
            raise ValueError(f"a justification says why an advisory is not_affected, not {status}")
        return found

    @model_validator(mode="after")
    def _justified(self) -> VexStatementModel:
        if self.status == "not_affected" and self.justification is None and not self.detail:
            raise ValueError(
                "status not_affected needs a 'justification' (one of "
                f"{', '.join(VEX_JUSTIFICATIONS)}) or a 'detail'"
            )
        return self


class VulnerabilityPolicyModel(_Model):
    error_at: Band = "high"
    warning_at: Band = "medium"
    ignore_below: Band | None = None
    may_be_affected: bool = True
    statements: list[VexStatementModel] = Field(default_factory=list, max_length=10_000)

    @model_validator(mode="after")
    def _ordered(self) -> VulnerabilityPolicyModel:
        if BANDS.index(self.error_at) > BANDS.index(self.warning_at):
            raise ValueError(
                f"error-at {self.error_at!r} is below warning-at {self.warning_at!r}; "
                "errors must be at least as severe as warnings"
            )
        return self


class PolicyFileModel(_Model):
    licence: LicencePolicyModel | None = None
    eol: EolPolicyModel | None = None
    radar: RadarPolicyModel | None = None
    vulnerabilities: VulnerabilityPolicyModel | None = None
    ip: IpPolicyModel | None = None
    dependencies: list[DependencyRuleModel] = Field(default_factory=list)
    exceptions: list[ExceptionModel] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)


class CampaignModel(_Model):
    title: str = Field(min_length=1, max_length=200)
    from_: list[MatcherModel] = Field(alias="from", min_length=1)
    to: list[MatcherModel] = Field(default_factory=list)
    owner: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    repositories: StrList = Field(default_factory=list)
    tags: StrList = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _dates(self) -> CampaignModel:
        if self.start and self.due and self.due < self.start:
            raise ValueError("'due' is before 'start'")
        return self


class KeyResultModel(_Model):
    title: str = Field(min_length=1)
    target: float
    start: float = 0.0
    current: float | None = None
    metric: str | None = Field(default=None, pattern=_METRIC.pattern)
    unit: str = ""


class ObjectiveModel(_Model):
    title: str = Field(min_length=1)
    key_results: list[KeyResultModel] = Field(default_factory=list)


class MilestoneModel(_Model):
    title: str = Field(min_length=1)
    due: dt.date
    done: bool = False


class InitiativeModel(_Model):
    title: str = Field(min_length=1, max_length=200)
    status: str
    owner: str | None = None
    repositories: StrList = Field(default_factory=list)
    milestones: list[MilestoneModel] = Field(default_factory=list)
    objectives: list[ObjectiveModel] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        value = value.lower()
        if value not in INITIATIVE_STATUSES:
            raise ValueError(
                f"unknown status {value!r}{suggest(value, list(INITIATIVE_STATUSES))}; "
                f"use one of {', '.join(INITIATIVE_STATUSES)}"
            )
        return value


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text))
