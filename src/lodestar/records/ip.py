"""The IP register's records: invention disclosures, patent families and their deadlines, the
outbound contribution register, trade secrets, repository visibility and export records.

The workspace declares them under ``ip/`` (:mod:`lodestar.strategy.ip_loader` reads them); the
:class:`IpRegister` is :attr:`lodestar.records.Strategy.ip`. Every record keeps ``source``, the
workspace file and line that declares it, so a finding can name it. Lodestar holds these
declarations and reminds of them: it never computes a statutory deadline.

Re-exported by :mod:`lodestar.records` (imported on first use there).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # records.strategy imports this module: annotations only
    from lodestar.records.strategy import SourcePosition

__all__ = [
    "AGREEMENTS",
    "DISCLOSURE_STATUSES",
    "LIVE_STATUSES",
    "MEMBER_STATUSES",
    "UNDECIDED_STATUSES",
    "VISIBILITIES",
    "Deadline",
    "Disclosure",
    "ExportRecord",
    "IpPath",
    "IpRegister",
    "OutboundProject",
    "PatentFamily",
    "PatentMember",
    "RepositoryVisibility",
    "TradeSecret",
]

# The lifecycle of an invention disclosure: draft → submitted → under-review → one decision.
DISCLOSURE_STATUSES = (
    "draft",
    "submitted",
    "under-review",
    "filed",
    "published-defensively",
    "trade-secret",
    "abandoned",
)
UNDECIDED_STATUSES = ("draft", "submitted", "under-review")  # no decision yet
MEMBER_STATUSES = ("pending", "granted", "lapsed", "abandoned")  # of one national application
LIVE_STATUSES = ("pending", "granted")  # an application whose deadlines still matter
AGREEMENTS = ("CLA", "DCO", "none")  # what an upstream project asks of a contributor
VISIBILITIES = ("public", "internal", "private")  # who can read a repository


@dataclass(frozen=True, slots=True)
class IpPath:
    """Where something lives in the code: a repository and a glob over its paths
    (``payments-api:src/fraud/**``; the glob ``**`` is the whole repository)."""

    repository: str
    glob: str = "**"

    def __str__(self) -> str:
        return f"{self.repository}:{self.glob}"

    def covers(self, path: str) -> bool:
        """Whether a path of the repository falls under the glob (as TradeSecret.covers)."""
        return _glob_match(path, self.glob)


@dataclass(frozen=True, slots=True)
class Disclosure:
    """One invention disclosure (``ip/disclosures/ID.md``)."""

    id: str  # the file name's stem
    title: str
    status: str  # one of DISCLOSURE_STATUSES
    date: dt.date  # when it was disclosed (written down); the undecided rule counts from it
    inventors: tuple[str, ...] = ()  # people.toml keys or emails
    repositories: tuple[str, ...] = ()
    paths: tuple[IpPath, ...] = ()
    commits: tuple[str, ...] = ()  # commit ids (full or abbreviated) the invention landed in
    technologies: tuple[str, ...] = ()  # catalog technology ids
    decision_date: dt.date | None = None  # when it left the undecided states
    review_by: dt.date | None = None
    owner: str | None = None  # who drives it (counsel, the CTO's delegate)
    body: str = ""  # markdown, untrusted; confidential by default (never published)
    source: SourcePosition | None = None  # the file and the line of its status

    @property
    def undecided(self) -> bool:
        return self.status in UNDECIDED_STATUSES


@dataclass(frozen=True, slots=True)
class Deadline:
    """A docketed due date of one application: Lodestar holds and reminds, never computes."""

    type: str  # free text as the docket names it: "PCT national phase", "annuity 4", …
    due: dt.date
    hard: bool = True  # False: extendable (a missed one is a warning, not an error)
    done: bool = False
    note: str = ""
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class PatentMember:
    """One application of a family in one jurisdiction (``EP``, ``US``, ``WO``, ``DE`` …)."""

    jurisdiction: str
    status: str  # one of MEMBER_STATUSES
    application: str | None = None  # application number as the office writes it
    filed: dt.date | None = None
    grant: str | None = None  # grant / publication number once granted
    deadlines: tuple[Deadline, ...] = ()
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class PatentFamily:
    """One patent family (``ip/patents.yaml``, ``families:``) and what it covers."""

    id: str
    title: str
    members: tuple[PatentMember, ...] = ()
    disclosures: tuple[str, ...] = ()  # Disclosure ids
    repositories: tuple[str, ...] = ()  # repositories the claims read on
    technologies: tuple[str, ...] = ()  # catalog technology ids
    owner: str | None = None  # responsible attorney or person
    reference: str | None = None  # the docket's own reference (phpIP caseref, attorney ref)
    source: SourcePosition | None = None

    @property
    def status(self) -> str:
        """granted when a member is granted, else pending when one is, else lapsed or
        abandoned (the first member's), else pending (a family with no member yet)."""
        statuses = [m.status for m in self.members]
        for status in ("granted", "pending"):
            if status in statuses:
                return status
        return statuses[0] if statuses else "pending"


@dataclass(frozen=True, slots=True)
class OutboundProject:
    """One upstream project the organisation's people may contribute to (``ip/outbound.yaml``)."""

    id: str  # a slug, stable
    name: str
    url: str | None = None  # the upstream repository URL
    purl: str | None = None  # or the package it publishes
    agreement: str = "none"  # one of AGREEMENTS
    approver: str | None = None
    approved: bool = False
    approved_on: dt.date | None = None
    conditions: str = ""  # free text ("below 100 lines self-declared; no crypto")
    self_declared_below: int | None = None  # a contribution below this many lines needs no
    # approval of its own (None: every contribution is covered by the approval)
    cla_signed: bool = False  # the corporate CLA is signed (meaningful for agreement CLA)
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class TradeSecret:
    """Paths of one repository that hold a trade secret (``ip/trade-secrets.yaml``)."""

    id: str
    repository: str
    globs: tuple[str, ...]  # path globs inside the repository
    description: str = ""
    owner: str | None = None
    source: SourcePosition | None = None

    def covers(self, path: str) -> bool:
        """Whether a repository path falls under one of the globs (``**`` crosses folders)."""
        return any(_glob_match(path, glob) for glob in self.globs)


@dataclass(frozen=True, slots=True)
class RepositoryVisibility:
    """Who can read the repositories a name or glob matches (``ip/trade-secrets.yaml``,
    ``visibility:``)."""

    pattern: str  # a repository name or an fnmatch glob
    visibility: str  # one of VISIBILITIES
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """The export-control classification of one repository (``ip/export.yaml``)."""

    repository: str
    classification: str  # "5D002", "5D992.c", "TSU exception §740.13(e)", "not subject"
    notice: str | None = None  # the notice file's path in the repository (README, EXPORT.md)
    reviewed: dt.date | None = None
    note: str = ""
    source: SourcePosition | None = None


@dataclass(frozen=True, slots=True)
class IpRegister:
    """Everything ``ip/`` declares; empty when the workspace has no ``ip/`` folder."""

    disclosures: tuple[Disclosure, ...] = ()
    patents: tuple[PatentFamily, ...] = ()
    outbound: tuple[OutboundProject, ...] = ()
    trade_secrets: tuple[TradeSecret, ...] = ()
    visibility: tuple[RepositoryVisibility, ...] = ()
    exports: tuple[ExportRecord, ...] = ()
    # where each file is declared ("disclosures", "patents", "outbound", "trade-secrets",
    # "export"), for findings against a whole file
    files: dict[str, SourcePosition] = field(default_factory=dict)
    # the [ip] settings of lodestar.toml, read with the register (defaults without a file)
    undecided_days: int = 90
    deadline_warn_days: int = 30
    publish: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.disclosures
            or self.patents
            or self.outbound
            or self.trade_secrets
            or self.visibility
            or self.exports
        )

    def visibility_of(self, repository: str) -> RepositoryVisibility | None:
        """The declared visibility of a repository: an exact name first, else the first glob
        that matches in file order; None when nothing is declared (unknown: not public)."""
        exact = next((v for v in self.visibility if v.pattern == repository), None)
        if exact is not None:
            return exact
        return next(
            (v for v in self.visibility if fnmatch.fnmatchcase(repository, v.pattern)), None
        )

    def export_of(self, repository: str) -> ExportRecord | None:
        return next((e for e in self.exports if e.repository == repository), None)

    def deadlines(self) -> tuple[tuple[PatentFamily, PatentMember, Deadline], ...]:
        """Every docketed deadline with its family and application, soonest first."""
        found = [(f, m, d) for f in self.patents for m in f.members for d in m.deadlines]
        found.sort(key=lambda t: (t[2].due, t[0].id, t[1].jurisdiction, t[2].type))
        return tuple(found)

    def open_deadlines(self) -> tuple[tuple[PatentFamily, PatentMember, Deadline], ...]:
        """The deadlines still to act on, soonest first: not done, of an application still
        pending or granted (a lapsed or abandoned one keeps none). The one answer the IP rules
        (``ip-deadline-soon``, ``ip-deadline-missed``) and every view of deadlines read."""
        return tuple(
            (f, m, d) for f, m, d in self.deadlines() if not d.done and m.status in LIVE_STATUSES
        )


def _glob_match(path: str, glob: str) -> bool:
    """``**`` matches any folders (none included), ``*`` one name's characters, ``?`` one;
    a glob ending in ``/`` (or naming a folder with ``/**``) takes everything below it.
    Iterative over the glob's parts: linear in parts times path depth, never backtracking
    character by character over a long path."""
    pattern = glob.strip("/") if glob.strip("/") else "**"
    if glob.endswith("/"):
        pattern += "/**"
    parts, names = pattern.split("/"), path.strip("/").split("/")
    states = {0}  # indices into parts that could match names[i:]
    for name in names:
        following: set[int] = set()
        for index in _closure(states, parts):
            if index < len(parts):
                if parts[index] == "**":
                    following.add(index)
                elif fnmatch.fnmatchcase(name, parts[index]):
                    following.add(index + 1)
        states = following
        if not states:
            return False
    return len(parts) in _closure(states, parts)


def _closure(states: set[int], parts: list[str]) -> set[int]:
    """States plus those reached by letting a ``**`` match no folder."""
    out, todo = set(states), list(states)
    while todo:
        index = todo.pop()
        if index < len(parts) and parts[index] == "**" and index + 1 not in out:
            out.add(index + 1)
            todo.append(index + 1)
    return out
