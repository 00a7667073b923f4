"""Plain frozen records passed between layers.

This module sits at the bottom of the package: it imports nothing from Lodestar. Every layer
reads git once into these values and analyses plain data; no record holds a live handle on a
repository, a database session or a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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


@dataclass(frozen=True, slots=True)
class TechnologyUse:
    """One piece of evidence that a repository uses a catalog technology."""

    technology: str  # catalog id
    via: str  # "dependency" | "image" | "file" | "language"
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
