"""The advisory import (``lodestar vulns update``): OSV records from files, folders and zips
into the store.

:func:`import_advisories` reads each source (:mod:`lodestar.ingest.advisory_sources`: a JSON
file holding a record or a list of them, a folder of such files, a zip as OSV publishes each
ecosystem's ``all.zip``), reads every record through :func:`lodestar.safeparse.read_advisory`
and writes through :func:`lodestar.store.write_advisories`:

* a bad record — or a zip member over budget — is a warning ``path[!member]:line: what`` and
  the import goes on;
* a record naming no package of an ecosystem the scanner reads (``Debian:12``, ``OSS-Fuzz``) is
  skipped silently and counted under the ecosystems it names;
* records are written in batches, each its own transaction, and every source ends with a
  commit: a crash loses nothing stored before it;
* the last transaction keeps one ``advisory_imports`` row per ecosystem that brought records
  (when, from where, how many, the newest ``modified``) for ``lodestar vulns status``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine

from lodestar.errors import ManifestError
from lodestar.ingest.advisory_sources import SourceLimits, Unit, count_units, source_units
from lodestar.records.vulns import Advisory, AdvisoryImport
from lodestar.safeparse import advisory_ecosystems, read_advisories, read_advisory
from lodestar.store import record_import, write_advisories

__all__ = ["AdvisorySource", "ImportReport", "Progress", "import_advisories"]

FLUSH = 5_000  # records per transaction
MAX_WARNINGS = 1_000  # kept in the report; the rest are counted
_SOURCE_CHARS = 1_000


class Progress(Protocol):
    """Told, as an import goes, how many files and zip members are done of how many."""

    def __call__(self, done: int, total: int) -> None: ...


@dataclass(frozen=True, slots=True)
class AdvisorySource:
    """A file, folder or zip to import, and how warnings and ``status`` name it (a URL it was
    downloaded from, say); the path itself when no label is given."""

    path: Path
    label: str | None = None

    @property
    def name(self) -> str:
        return self.label or str(self.path)


@dataclass(slots=True)
class ImportReport:
    """What one import read, stored and skipped."""

    sources: tuple[str, ...] = ()
    read: int = 0  # records read and valid, with a package Lodestar can match
    written: int = 0  # new, or replacing an older or equal stored record
    records: dict[str, int] = field(default_factory=dict)  # read, per ecosystem
    skipped: dict[str, int] = field(default_factory=dict)  # no known package / refused
    refused: int = 0  # bad records and refused files or members (each one warning)
    warnings: list[str] = field(default_factory=list)  # the first MAX_WARNINGS

    @property
    def unchanged(self) -> int:
        """Records read that the store already held at the same or a newer ``modified``."""
        return self.read - self.written

    def warn(self, text: str) -> None:
        self.refused += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(text)


class _Pending:
    """Records read but not yet written, and what they add to the per-ecosystem rows."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.batch: list[Advisory] = []
        self.newest: dict[str, dt.datetime] = {}
        self.labels: dict[str, dict[str, None]] = {}

    def add(self, advisory: Advisory, source: str) -> None:
        ecosystems = dict.fromkeys(p.ecosystem for p in advisory.affected)
        self.batch.append(advisory)
        self.report.read += 1
        for ecosystem in ecosystems:
            self.report.records[ecosystem] = self.report.records.get(ecosystem, 0) + 1
            newest = self.newest.get(ecosystem)
            if newest is None or newest < advisory.modified:
                self.newest[ecosystem] = advisory.modified
            self.labels.setdefault(ecosystem, {})[source] = None

    def flush(self, engine: Engine, now: dt.datetime) -> None:
        if self.batch:
            with engine.begin() as conn:
                self.report.written += write_advisories(conn, self.batch, imported_at=now)
            self.batch = []


def import_advisories(
    engine: Engine,
    sources: Sequence[AdvisorySource | Path],
    *,
    now: dt.datetime,
    limits: SourceLimits | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every record of ``sources`` (in order; later ones win ties) into the store."""
    budget = limits or SourceLimits()
    given = [s if isinstance(s, AdvisorySource) else AdvisorySource(s) for s in sources]
    report = ImportReport(sources=tuple(s.name for s in given))
    pending = _Pending(report)
    total = 0  # counted only for a progress bar: it opens every zip twice
    if progress is not None:
        total = sum(count_units(s.path, budget) for s in given if s.path.exists())
    done = 0
    for source in given:
        for unit in source_units(source.path, source.name, budget):
            _read_unit(unit, source.name, pending)
            if len(pending.batch) >= FLUSH:
                pending.flush(engine, now)
            done += 1
            if progress is not None:
                progress(min(done, total), total)
        pending.flush(engine, now)  # a source ends with a commit
    with engine.begin() as conn:
        _record_imports(conn, pending, now)
    return report


def _read_unit(unit: Unit, source: str, pending: _Pending) -> None:
    report = pending.report
    if unit.data is None:
        report.warn(unit.problem or unit.label)
        return
    if unit.single:
        try:
            advisory = read_advisory(unit.data, unit.label)
        except ManifestError as exc:
            report.warn(str(exc))
            for ecosystem in advisory_ecosystems(unit.data):
                report.skipped[ecosystem] = report.skipped.get(ecosystem, 0) + 1
            return
        if not advisory.affected:
            _count_skipped(report, unit.data)
            return
        pending.add(advisory, source)
        return
    try:
        found, refused = read_advisories(unit.data, unit.label, max_bytes=len(unit.data))
    except ManifestError as exc:
        report.warn(str(exc))
        return
    for error in refused:
        report.warn(str(error))
    for advisory in found:
        if advisory.affected:
            pending.add(advisory, source)
        else:
            report.skipped["(other)"] = report.skipped.get("(other)", 0) + 1


def _count_skipped(report: ImportReport, data: bytes) -> None:
    for ecosystem in advisory_ecosystems(data) or ("(none)",):
        report.skipped[ecosystem] = report.skipped.get(ecosystem, 0) + 1


def _record_imports(conn: Connection, pending: _Pending, now: dt.datetime) -> None:
    report = pending.report
    for ecosystem, count in sorted(report.records.items()):
        source = ", ".join(pending.labels.get(ecosystem, {}))
        if len(source) > _SOURCE_CHARS:
            source = source[: _SOURCE_CHARS - 1] + "…"
        record_import(
            conn,
            AdvisoryImport(
                ecosystem=ecosystem,
                imported_at=now,
                source=source,
                records=count,
                skipped=report.skipped.get(ecosystem, 0),
                newest=pending.newest.get(ecosystem),
            ),
        )
