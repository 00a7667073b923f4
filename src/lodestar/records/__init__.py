"""Plain frozen records passed between layers.

This package sits at the bottom of Lodestar: its modules import nothing but each other. Every
layer reads git once into these values and analyses plain data; no record holds a live handle on
a repository, a database session or a file. The rows the store returns are in
:mod:`lodestar.records.rows`, people as history resolves them in :mod:`lodestar.records.people`,
a commit's time-travel snapshot in :mod:`lodestar.records.snapshots`, the history's commits,
tags and people in :mod:`lodestar.records.history` (re-exported here), ownership in
:mod:`lodestar.records.owners`, the strategy's records (radar, decisions, policies, campaigns,
initiatives, findings) in :mod:`lodestar.records.strategy` (re-exported here), the IP register
(disclosures, patents, outbound, trade secrets, export records) in :mod:`lodestar.records.ip`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lodestar.records.history import Commit as Commit
    from lodestar.records.history import FileChange as FileChange
    from lodestar.records.history import HistoryWarning as HistoryWarning
    from lodestar.records.history import Identity as Identity
    from lodestar.records.history import MonthlySnapshot as MonthlySnapshot
    from lodestar.records.history import RepoHistory as RepoHistory
    from lodestar.records.history import Tag as Tag
    from lodestar.records.ip import IpRegister as IpRegister
    from lodestar.records.notices import NoticeEvidence
    from lodestar.records.owners import CatalogEntity, OwnerRule
    from lodestar.records.rows import DependencyUse as DependencyUse
    from lodestar.records.rows import LanguageRow as LanguageRow
    from lodestar.records.rows import Observation as Observation
    from lodestar.records.rows import OrganisationData as OrganisationData
    from lodestar.records.rows import PackageName as PackageName
    from lodestar.records.rows import RepositoryRow as RepositoryRow
    from lodestar.records.rows import RuntimeRow as RuntimeRow
    from lodestar.records.rows import StageFailure as StageFailure
    from lodestar.records.rows import TechnologyEvidence as TechnologyEvidence
    from lodestar.records.strategy import Campaign as Campaign
    from lodestar.records.strategy import Decision as Decision
    from lodestar.records.strategy import DecisionLink as DecisionLink
    from lodestar.records.strategy import DependencyRule as DependencyRule
    from lodestar.records.strategy import Finding as Finding
    from lodestar.records.strategy import Initiative as Initiative
    from lodestar.records.strategy import KeyResult as KeyResult
    from lodestar.records.strategy import LicencePolicy as LicencePolicy
    from lodestar.records.strategy import Matcher as Matcher
    from lodestar.records.strategy import Milestone as Milestone
    from lodestar.records.strategy import Objective as Objective
    from lodestar.records.strategy import Policies as Policies
    from lodestar.records.strategy import PolicyException as PolicyException
    from lodestar.records.strategy import RadarConfig as RadarConfig
    from lodestar.records.strategy import RadarEntry as RadarEntry
    from lodestar.records.strategy import RadarMove as RadarMove
    from lodestar.records.strategy import Severity as Severity
    from lodestar.records.strategy import SourcePosition as SourcePosition
    from lodestar.records.strategy import Strategy as Strategy
    from lodestar.records.strategy import WeightedEvaluation as WeightedEvaluation

# The names above are imported on first use (PEP 562): a process that needs only the scan's
# records (``lodestar loc``) does not build the store's, history's and vulnerabilities' dozens
# of dataclasses, each of which costs about a millisecond to create.
_LAZY = {
    **dict.fromkeys(
        (
            "Commit",
            "FileChange",
            "HistoryWarning",
            "Identity",
            "MonthlySnapshot",
            "RepoHistory",
            "Tag",
        ),
        "history",
    ),
    "IpRegister": "ip",
    **dict.fromkeys(("CatalogEntity", "OwnerRule"), "owners"),
    **dict.fromkeys(
        (
            "DependencyUse",
            "LanguageRow",
            "Observation",
            "OrganisationData",
            "PackageName",
            "RepositoryRow",
            "RuntimeRow",
            "StageFailure",
            "TechnologyEvidence",
        ),
        "rows",
    ),
    **dict.fromkeys(
        (
            "Campaign",
            "Decision",
            "DecisionLink",
            "DependencyRule",
            "Finding",
            "Initiative",
            "KeyResult",
            "LicencePolicy",
            "Matcher",
            "Milestone",
            "Objective",
            "Policies",
            "PolicyException",
            "RadarConfig",
            "RadarEntry",
            "RadarMove",
            "Severity",
            "SourcePosition",
            "Strategy",
            "WeightedEvaluation",
        ),
        "strategy",
    ),
}


if not TYPE_CHECKING:  # type checkers read the imports above, and miss no name through this

    def __getattr__(name: str) -> object:
        home = _LAZY.get(name)
        if home is None:
            raise AttributeError(f"module 'lodestar.records' has no attribute {name!r}")
        value = getattr(importlib.import_module(f"lodestar.records.{home}"), name)
        globals()[name] = value
        return value


class FileKind(StrEnum):
    """What a committed file is to the organisation.

    ``own`` is code the organisation writes and maintains; the others are counted but kept apart
    so that totals of "own code" are not inflated by what others wrote or a tool produced.
    """

    OWN = "own"
    VENDORED = "vendored"
    GENERATED = "generated"
    DOCUMENTATION = "documentation"


class LicenceSource(StrEnum):
    """Where a licence finding came from."""

    FILE = "file"  # a LICENSE/COPYING/… file or a REUSE LICENSES/ text, matched by its text
    HEADER = "header"  # SPDX-License-Identifier lines in source files
    METADATA = "metadata"  # declared in package metadata (package.json, pyproject.toml, …)


class LicenceStatus(StrEnum):
    """Verdict on a repository's licence."""

    OK = "ok"  # declared and detected agree, or only one of them exists and is clear
    MISMATCH = "mismatch"  # declared metadata and detected files disagree
    NONE = "none"  # no licence found anywhere
    UNKNOWN = "unknown"  # a licence file exists but matches no known text well enough


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One entry of ``git ls-tree -r -l`` at a commit."""

    path: str
    mode: str
    oid: str
    size: int  # bytes; -1 for entries without a blob size (submodules)

    @property
    def is_symlink(self) -> bool:
        return self.mode == "120000"

    @property
    def is_submodule(self) -> bool:
        return self.mode == "160000"


@dataclass(frozen=True, slots=True)
class LineCounts:
    """Physical line counts of one text file."""

    code: int = 0
    comment: int = 0
    blank: int = 0

    @property
    def total(self) -> int:
        return self.code + self.comment + self.blank


@dataclass(frozen=True, slots=True)
class FileStat:
    """What one committed file is: its language, kind and line counts."""

    path: str
    language: str | None  # None: not a recognised language (still counted as a file)
    kind: FileKind
    size: int
    binary: bool = False
    code: int = 0
    comment: int = 0
    blank: int = 0


@dataclass(frozen=True, slots=True)
class LanguageTotal:
    """Sum of FileStats for one (language, kind)."""

    language: str
    kind: FileKind
    files: int
    code: int
    comment: int
    blank: int


@dataclass(frozen=True, slots=True)
class LicenceFinding:
    """One piece of licence evidence in a repository."""

    spdx: str  # an SPDX id or expression, or LicenseRef-… for unknown texts
    source: LicenceSource
    path: str
    confidence: float = 1.0  # 0..1; text matches carry their similarity score
    count: int = 1  # for HEADER findings: how many files carry this identifier


@dataclass(frozen=True, slots=True)
class RepoLicence:
    """A repository's licence, declared and detected side by side."""

    declared: str | None  # SPDX expression from package metadata at the root, if any
    detected: str | None  # SPDX expression from the root licence files
    status: LicenceStatus
    findings: tuple[LicenceFinding, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def expression(self) -> str | None:
        """The best single answer: what the files say, else what the metadata says."""
        return self.detected or self.declared


@dataclass(frozen=True, slots=True)
class ScanWarning:
    """Something odd about one path of one repository; the scan goes on."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class RepositoryRef:
    """A discovered git repository: a stable identity and where it lives."""

    name: str
    path: str  # absolute path of the working tree or of the bare repository
    bare: bool = False


@dataclass(frozen=True, slots=True)
class RemoteInfo:
    """Where a mirrored repository comes from, and what its forge says of it (when listed by
    one): kept on the repository's row (``lodestar repos --json``)."""

    url: str  # the clone URL, without credentials
    forge: str | None = None  # "github" | "gitlab" | None (a URL or list entry)
    default_branch: str | None = None
    archived: bool | None = None
    fork: bool | None = None
    topics: tuple[str, ...] = ()
    visibility: str | None = None  # "public" | "private" | "internal"
    web_url: str | None = None


@dataclass(frozen=True, slots=True)
class RepoScan:
    """Everything one scan of one repository at one commit observed."""

    repository: RepositoryRef
    ref: str
    commit: str
    committed_at: str  # ISO 8601 committer date of the commit
    files: tuple[FileStat, ...]
    licence: RepoLicence
    warnings: tuple[ScanWarning, ...] = ()
    skipped: tuple[str, ...] = field(default=())  # paths skipped as oversized
    dependencies: tuple[Dependency, ...] = ()
    technologies: tuple[TechnologyUse, ...] = ()
    runtimes: tuple[RuntimeDeclaration, ...] = ()
    owner_rules: tuple[OwnerRule, ...] = ()  # its CODEOWNERS rules (the file the forge reads)
    entities: tuple[CatalogEntity, ...] = ()  # its Backstage catalog-info.yaml entities
    scanner: int = 0  # the scanner version that made it (scan.pipeline.SCANNER_VERSION)
    notices: NoticeEvidence | None = None  # vendored components, committed notice (0013)

    def totals(self) -> tuple[LanguageTotal, ...]:
        """Per (language, kind) sums, largest code first."""
        acc: dict[tuple[str, FileKind], list[int]] = {}
        for f in self.files:
            if f.language is None or f.binary:
                continue
            row = acc.setdefault((f.language, f.kind), [0, 0, 0, 0])
            row[0] += 1
            row[1] += f.code
            row[2] += f.comment
            row[3] += f.blank
        out = [
            LanguageTotal(lang, kind, n, code, comment, blank)
            for (lang, kind), (n, code, comment, blank) in acc.items()
        ]
        out.sort(key=lambda t: (-t.code, t.language, t.kind))
        return tuple(out)


class Scope(StrEnum):
    """Why a dependency is there."""

    RUNTIME = "runtime"
    DEV = "dev"
    TEST = "test"
    BUILD = "build"
    OPTIONAL = "optional"
    PEER = "peer"
    DOCS = "docs"  # builds the documentation only (docs/requirements.txt, a "docs" extra)


# The scopes whose packages ship with what the repository builds (attribution, export control);
# dev, test, build and docs dependencies stay with the developers.
SHIPPED_SCOPES: frozenset[Scope] = frozenset({Scope.RUNTIME, Scope.OPTIONAL, Scope.PEER})

# When one package is declared with several scopes, the strongest wins: what ships first.
SCOPE_RANK: dict[Scope, int] = {
    Scope.RUNTIME: 0,
    Scope.PEER: 1,
    Scope.OPTIONAL: 2,
    Scope.BUILD: 3,
    Scope.TEST: 4,
    Scope.DEV: 5,
    Scope.DOCS: 6,
}


@dataclass(frozen=True, slots=True)
class Dependency:
    """One dependency declared or locked by one manifest file.

    ``purl`` follows the package-url spec (normalised name; ``@version`` only when ``version``
    is an exact resolved version). ``constraint`` is the declared requirement as written.
    """

    purl: str
    ecosystem: str  # the purl type: pypi, npm, golang, cargo, maven, gem, composer, nuget, …
    name: str  # as people write it: @babel/core, org.slf4j:slf4j-api, github.com/x/y
    version: str | None  # exact resolved version (lock files, pinned ==, image tags)
    constraint: str | None  # declared requirement, as written (">=2,<3", "^1.2", "~> 7.0")
    scope: Scope
    direct: bool
    manifest: str  # path of the file it came from, relative to the repository root
    line: int | None = None  # 1-based line in the manifest, when the parser knows it
    fixture: bool = False  # declared under tests/fixtures/examples: kept, left out of org totals
    # the package's declared licence as an SPDX expression, when a lock file records it (npm
    # package-lock v2/v3, composer.lock); names SPDX does not know are kept as LicenseRef-…
    licence: str | None = None
    # the purls of the packages this one requires, as the lock file resolved them (sorted, no
    # duplicates); () when the lock records that it requires nothing, None when the file does
    # not record package-to-package edges (manifests, go.sum, Gradle locks, Pipfile.lock)
    depends_on: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class TechnologyUse:
    """One piece of evidence that a repository uses a catalog technology."""

    technology: str  # catalog id
    via: str  # "dependency" | "image" | "file" | "language" | "runtime" (a declared version)
    evidence: str  # the purl, image, path or language that matched
    path: str  # where it was seen: manifest or file path ("" for a language)


@dataclass(frozen=True, slots=True)
class RuntimeDeclaration:
    """A declared version of a runtime, OS, database or framework, for end-of-life checks."""

    product: str  # endoflife.date product id: python, nodejs, debian, postgresql, django, …
    version: str  # as declared, normalised to what the EOL catalog can look up ("3.8", "16")
    declared: str  # the text as written ("python:3.8-slim", ">=3.8", "v16.20.2")
    path: str  # file it was declared in
    line: int | None = None
    source: str = "file"  # "file" (.nvmrc, go.mod …), "image" (FROM, compose), "lock" (frameworks)
    # what the declaration states: "deployed" (the version that runs: .nvmrc, an image tag, a
    # lock file), "supported" (a range a library supports: requires-python, engines.node; its
    # ``version`` is the lowest version the range admits) or "development" (a dev container)
    intent: str = "deployed"
    allowed: str | None = None  # for "supported": the range, in the syntax its file uses


# --- Strategy (workspace files) ---------------------------------------------------------------
