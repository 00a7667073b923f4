"""The shape of the IP register's files (``ip/``), as Pydantic models (validation only; the
records of :mod:`lodestar.records.ip` are built after, by :mod:`lodestar.strategy.ip_loader`).

As everywhere in the workspace: kebab-case keys, unknown keys are errors with a did-you-mean,
free-form additions go under ``extra:``, dates are ISO. Statuses are forgiving about spelling
(``under review``, ``Published_Defensively``) and strict about meaning (did-you-mean otherwise).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from lodestar.catalog import TechnologyCatalog
from lodestar.records.ip import AGREEMENTS, DISCLOSURE_STATUSES, MEMBER_STATUSES, VISIBILITIES
from lodestar.strategy.models import StrList, suggest

__all__ = [
    "DisclosureModel",
    "ExportFileModel",
    "OutboundFileModel",
    "PatentsFileModel",
    "TradeSecretsFileModel",
]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_COMMIT = re.compile(r"[0-9a-fA-F]{7,64}")
_REPOSITORY = re.compile(r"[^\s:]{1,200}")
_ECCN = re.compile(r"[0-9][A-E][0-9]{3}(?:\.[a-z0-9]{1,4}(?:\.[0-9]{1,2})?)?")
_ECCN_LIKE = re.compile(r"[0-9][A-Za-z][0-9]")
_PURL = re.compile(r"pkg:[a-z][a-z0-9.+-]*/[^\s@?#]+")
_TEXT = 2000  # longest free text (conditions, descriptions, notes)


def _kebab(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        alias_generator=_kebab,
        populate_by_name=False,
        str_strip_whitespace=True,
        frozen=True,
    )


def _choice(value: object, choices: tuple[str, ...], what: str) -> object:
    """``value`` as one of ``choices``, forgiving case, spaces and underscores."""
    if not isinstance(value, str):
        return value
    norm = re.sub(r"[\s_]+", "-", value.strip()).lower()
    for choice in choices:
        if norm == choice.lower():
            return choice
    raise ValueError(
        f"unknown {what} {value!r}{suggest(norm, [c.lower() for c in choices])}; "
        f"use one of {', '.join(choices)}"
    )


def _known_technologies(values: list[str], info: ValidationInfo) -> list[str]:
    catalog = (info.context or {}).get("catalog")
    if not isinstance(catalog, TechnologyCatalog):
        return values
    for value in values:
        if value not in catalog:
            raise ValueError(
                f"unknown technology id {value!r}{suggest(value, [t.id for t in catalog])}; "
                "use a catalog id (lodestar catalog list) or add it under the workspace's catalog/"
            )
    return values


Repository = Annotated[str, Field(pattern=_REPOSITORY.pattern)]
Text = Annotated[str, Field(max_length=_TEXT)]
RepositoryList = Annotated[
    list[Repository], BeforeValidator(lambda v: [v] if isinstance(v, str) else v)
]


# --- ip/disclosures/ID.md ------------------------------------------------------------------------


class DisclosureModel(_Model):
    title: str = Field(min_length=1, max_length=300)
    status: Annotated[
        str, BeforeValidator(lambda v: _choice(v, DISCLOSURE_STATUSES, "disclosure status"))
    ]
    date: dt.date
    inventors: StrList = Field(default_factory=list, max_length=100)
    repositories: RepositoryList = Field(default_factory=list, max_length=500)
    paths: StrList = Field(default_factory=list, max_length=1000)
    commits: StrList = Field(default_factory=list, max_length=1000)
    technologies: StrList = Field(default_factory=list, max_length=100)
    decision_date: dt.date | None = None
    review_by: dt.date | None = None
    owner: str | None = Field(None, max_length=300)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("paths")
    @classmethod
    def _paths(cls, value: list[str]) -> list[str]:
        for path in value:
            repository, sep, glob = path.partition(":")
            if not sep or not _REPOSITORY.fullmatch(repository) or not glob.strip():
                raise ValueError(
                    f"{path!r} is not REPOSITORY:GLOB; write e.g. 'payments-api:src/fraud/**'"
                )
        return value

    @field_validator("commits")
    @classmethod
    def _commits(cls, value: list[str]) -> list[str]:
        for commit in value:
            if not _COMMIT.fullmatch(commit):
                raise ValueError(f"{commit!r} is not a commit id (7 to 64 hexadecimal digits)")
        return [c.lower() for c in value]

    @field_validator("technologies")
    @classmethod
    def _technologies(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return _known_technologies(value, info)

    @model_validator(mode="after")
    def _dates(self) -> DisclosureModel:
        if self.decision_date is not None and self.decision_date < self.date:
            raise ValueError(
                f"decision-date {self.decision_date} is before the disclosure's date {self.date}"
            )
        return self


# --- ip/patents.yaml -----------------------------------------------------------------------------


class DeadlineModel(_Model):
    type: str = Field(min_length=1, max_length=200)
    due: dt.date
    hard: bool = True
    done: bool = False
    note: Text = ""


class MemberModel(_Model):
    jurisdiction: str = Field(pattern=r"^[A-Za-z]{2,4}$")
    status: Annotated[str, BeforeValidator(lambda v: _choice(v, MEMBER_STATUSES, "status"))]
    application: str | None = Field(None, max_length=100)
    filed: dt.date | None = None
    grant: str | None = Field(None, max_length=100)
    deadlines: list[DeadlineModel] = Field(default_factory=list, max_length=500)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("jurisdiction")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @model_validator(mode="after")
    def _granted(self) -> MemberModel:
        if self.grant and self.status == "pending":
            raise ValueError(
                f"status is pending but grant {self.grant!r} is set; write status: granted"
            )
        return self


class FamilyModel(_Model):
    id: str = Field(pattern=_SLUG.pattern, max_length=100)
    title: str = Field(min_length=1, max_length=300)
    reference: str | None = Field(None, max_length=100)
    owner: str | None = Field(None, max_length=300)
    disclosures: StrList = Field(default_factory=list, max_length=100)
    repositories: RepositoryList = Field(default_factory=list, max_length=500)
    technologies: StrList = Field(default_factory=list, max_length=100)
    members: list[MemberModel] = Field(default_factory=list, max_length=200)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("technologies")
    @classmethod
    def _technologies(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return _known_technologies(value, info)


class PatentsFileModel(_Model):
    families: list[FamilyModel] = Field(default_factory=list, max_length=5000)
    extra: dict[str, Any] = Field(default_factory=dict)


# --- ip/outbound.yaml ----------------------------------------------------------------------------


def _agreement(value: object) -> object:
    if isinstance(value, str):
        for choice in AGREEMENTS:
            if value.strip().lower() == choice.lower():
                return choice
        raise ValueError(
            f"unknown agreement {value!r}{suggest(value.upper(), list(AGREEMENTS))}; "
            f"use one of {', '.join(AGREEMENTS)}"
        )
    return value


class ProjectModel(_Model):
    id: str = Field(pattern=_SLUG.pattern, max_length=100)
    name: str | None = Field(None, max_length=200)
    url: str | None = Field(None, pattern=r"^(https?|git|ssh)://\S+$|^git@\S+:\S+$")
    purl: str | None = Field(None, pattern=_PURL.pattern)
    agreement: Annotated[str, BeforeValidator(_agreement)] = "none"
    cla_signed: bool = False
    approver: str | None = Field(None, max_length=300)
    approved: bool = False
    approved_on: dt.date | None = None
    conditions: Text = ""
    self_declared_below: int | None = Field(None, ge=1, le=1_000_000)
    extra: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _subject(self) -> ProjectModel:
        if self.url is None and self.purl is None:
            raise ValueError("a project needs 'url' (its repository) or 'purl' (its package)")
        if self.approved and not self.approver:
            raise ValueError("an approved project names its 'approver'")
        return self


class OutboundFileModel(_Model):
    projects: list[ProjectModel] = Field(default_factory=list, max_length=5000)
    extra: dict[str, Any] = Field(default_factory=dict)


# --- ip/trade-secrets.yaml -----------------------------------------------------------------------


class SecretModel(_Model):
    id: str = Field(pattern=_SLUG.pattern, max_length=100)
    repository: Repository
    paths: StrList = Field(min_length=1, max_length=500)
    description: Text = ""
    owner: str | None = Field(None, max_length=300)
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("paths")
    @classmethod
    def _paths(cls, value: list[str]) -> list[str]:
        for path in value:
            if not path.strip() or path.startswith("/") or ".." in path.split("/"):
                raise ValueError(
                    f"{path!r}: write a glob inside the repository, e.g. 'models/pricing/**'"
                )
        return value


Visibility = Annotated[str, BeforeValidator(lambda v: _choice(v, VISIBILITIES, "visibility"))]


class TradeSecretsFileModel(_Model):
    visibility: dict[str, Visibility] = Field(default_factory=dict, max_length=5000)
    secrets: list[SecretModel] = Field(default_factory=list, max_length=5000)
    extra: dict[str, Any] = Field(default_factory=dict)


# --- ip/export.yaml ------------------------------------------------------------------------------


class ExportModel(_Model):
    repository: Repository
    classification: str = Field(min_length=1, max_length=200)
    notice: str | None = Field(None, max_length=500)
    reviewed: dt.date | None = None
    note: Text = ""
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("classification")
    @classmethod
    def _eccn(cls, value: str) -> str:
        """An ECCN is checked as one (``5D002``, ``5D992.c``); anything else is an exemption
        or determination written as counsel wrote it (``TSU exception §740.13(e)``)."""
        if _ECCN_LIKE.match(value) and " " not in value:
            upper = value[:5].upper() + value[5:]
            if not _ECCN.fullmatch(upper):
                raise ValueError(
                    f"{value!r} is not an ECCN such as 5D002 or 5D992.c; write an exemption "
                    "as text ('TSU exception §740.13(e)', 'not subject to the EAR')"
                )
            return upper
        return value

    @field_validator("notice")
    @classmethod
    def _notice(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith("/") or ".." in value.split("/")):
            raise ValueError(f"{value!r}: write the notice file's path inside the repository")
        return value


class ExportFileModel(_Model):
    records: list[ExportModel] = Field(default_factory=list, max_length=5000)
    extra: dict[str, Any] = Field(default_factory=dict)
