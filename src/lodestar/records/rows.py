"""What the store's read queries return, for analysis to judge: plain frozen rows.

A repository's row with its current scan (:class:`RepositoryRow`), a language's totals, one
stored use of a package, a technology's evidence, a declared runtime, a package's names, the
current scan of one repository as the drift engine sees it (:class:`Observation`) and
everything the organisation evaluator reads at once (:class:`OrganisationData`). The store
builds them (:mod:`lodestar.store`); analysis takes them and never opens the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from lodestar.records import (
        Dependency,
        FileStat,
        Identity,
        MonthlySnapshot,
        RemoteInfo,
        RepoHistory,
        RuntimeDeclaration,
        TechnologyUse,
    )
    from lodestar.records.ip_observed import IpObservations
    from lodestar.records.owners import CatalogEntity, OwnerRule
    from lodestar.records.vulns import Advisory

__all__ = [
    "DependencyUse",
    "LanguageRow",
    "Observation",
    "OrganisationData",
    "PackageName",
    "RepositoryRow",
    "RuntimeRow",
    "StageFailure",
    "TechnologyEvidence",
]


@dataclass(frozen=True, slots=True)
class StageFailure:
    """Why the last run of one stage failed on a repository (until a run of it succeeds)."""

    stage: str  # "inventory" | "history" | "snapshots"
    reason: str


@dataclass(frozen=True, slots=True)
class RepositoryRow:
    name: str
    path: str
    bare: bool
    commit: str | None
    committed_at: str | None
    scanned_at: str | None
    files: int
    own_code: int
    languages: tuple[tuple[str, int], ...]  # own code per language, largest first
    licence: str | None
    licence_declared: str | None
    licence_detected: str | None
    licence_status: str | None
    warnings: int
    last_error: str | None  # the inventory stage's failure, also in ``failures``
    failures: tuple[StageFailure, ...] = ()  # stages whose last run failed, in run order
    # Filled by lodestar.analysis.languages.with_code_languages, which moves data and prose
    # languages here out of ``languages``; the store itself returns every language above.
    data_languages: tuple[tuple[str, int], ...] = ()
    remote: RemoteInfo | None = None  # a mirrored repository's origin and forge metadata


@dataclass(frozen=True, slots=True)
class LanguageRow:
    language: str
    repositories: int
    files: int
    code: int
    comment: int
    blank: int


@dataclass(frozen=True, slots=True)
class DependencyUse:
    repository: str
    purl: str
    package: str
    ecosystem: str
    name: str
    version: str | None
    constraint: str | None
    scope: str
    direct: bool
    manifest: str
    line: int | None
    fixture: bool
    licence: str | None = None  # SPDX expression, when the lock file declared one


@dataclass(frozen=True, slots=True)
class TechnologyEvidence:
    repository: str
    technology: str
    via: str
    evidence: str
    path: str


@dataclass(frozen=True, slots=True)
class RuntimeRow:
    repository: str
    product: str
    version: str
    declared: str
    path: str
    line: int | None
    source: str
    intent: str
    allowed: str | None

    def declaration(self) -> RuntimeDeclaration:
        """The row as the record the scanner made."""
        from lodestar.records import RuntimeDeclaration  # noqa: PLC0415  (records imports rows)

        return RuntimeDeclaration(
            self.product,
            self.version,
            self.declared,
            self.path,
            self.line,
            self.source,
            self.intent,
            self.allowed,
        )


@dataclass(frozen=True, slots=True)
class PackageName:
    package: str  # pkg:type/namespace/name, no version
    ecosystem: str
    name: str  # as people write it: @types/react, org.slf4j:slf4j-api, Django


@dataclass(frozen=True, slots=True)
class Observation:
    """One repository at one commit: its licence, dependencies, technologies and runtimes."""

    repository: str
    commit: str | None
    licence: str | None = None  # SPDX expression (detected, else declared)
    licence_path: str | None = None  # the file the licence was read from, when known
    headers: tuple[tuple[str, int], ...] = ()  # SPDX-License-Identifier expressions, file counts
    dependencies: tuple[Dependency, ...] = ()
    technologies: tuple[TechnologyUse, ...] = ()
    runtimes: tuple[RuntimeDeclaration, ...] = ()
    owner_rules: tuple[OwnerRule, ...] = ()  # its CODEOWNERS rules, in file order
    entities: tuple[CatalogEntity, ...] = ()  # its Backstage catalog-info.yaml entities

    def technology_ids(self) -> frozenset[str]:
        return frozenset(t.technology for t in self.technologies)


@dataclass(frozen=True, slots=True)
class OrganisationData:
    """Everything the organisation evaluator reads, loaded at once
    (:func:`lodestar.store.organisation.load_organisation`).

    ``histories`` is the mined history of every repository when the history was asked for
    (``people`` is then True), else only of the repositories whose truck factor a key result
    measures; ``files`` the current scan's files of the same repositories, ``technologies`` the
    current technology evidence per repository (with the history only).
    """

    observations: tuple[Observation, ...]  # every repository's current scan, by name
    snapshots: tuple[MonthlySnapshot, ...]  # empty when the history was not mined
    runtimes: tuple[RuntimeRow, ...]  # declared runtimes of the current scans
    histories: tuple[RepoHistory, ...] = ()
    files: dict[str, list[FileStat]] = field(default_factory=dict)
    technologies: dict[str, list[TechnologyUse]] = field(default_factory=dict)
    people: bool = False  # whether ``histories`` is the whole organisation's
    # the advisories that name a package some current scan or monthly snapshot uses
    advisories: tuple[Advisory, ...] = ()
    # the organisation's people (person key -> identity, with the people.toml team) and, per
    # repository, each person's last authored commit there: what ownership reads
    identities: dict[str, Identity] = field(default_factory=dict)
    activity: dict[str, dict[str, dt.datetime]] = field(default_factory=dict)
    # what the IP register is held against, read through git at evaluation time
    # (lodestar.ingest.ip_observe.observe_ip); None: not read, the IP observation rules do not run
    ip: IpObservations | None = None
