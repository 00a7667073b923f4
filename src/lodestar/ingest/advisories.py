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
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine

from lodestar.errors import ManifestError
from lodestar.ingest.advisory_sources import SourceLimits, Task, source_tasks, task_units
from lodestar.records.vulns import Advisory, AdvisoryImport
from lodestar.safeparse import advisory_ecosystems, read_advisories, read_advisory
from lodestar.store import record_import, write_advisories

__all__ = ["AdvisorySource", "ImportReport", "Progress", "import_advisories"]

FLUSH = 5_000  # records per transaction
PARALLEL_FROM = 4_000  # files or members: fewer are read inline (a process costs ~0.3 s)
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


@dataclass(slots=True)
class TaskResult:
    """What one task read: its records with packages, its warnings, its skipped counts."""

    source: int
    units: int
    advisories: list[Advisory] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, ecosystems: Sequence[str]) -> None:
        for ecosystem in ecosystems:
            self.skipped[ecosystem] = self.skipped.get(ecosystem, 0) + 1


def import_advisories(
    engine: Engine,
    sources: Sequence[AdvisorySource | Path],
    *,
    now: dt.datetime,
    limits: SourceLimits | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> ImportReport:
    """Import every record of ``sources`` (in order; later ones win ties) into the store.

    With ``workers`` above 1 (0: one per core), records are read by that many processes while
    this one writes them, in the sources' order. Inline is the default: handing a record
    across processes (pickling) costs about 80% of reading it, so a pool only pays on an idle
    machine with cores to spare (benchmarks/vulns.py measures both).
    """
    budget = limits or SourceLimits()
    given = [s if isinstance(s, AdvisorySource) else AdvisorySource(s) for s in sources]
    report = ImportReport(sources=tuple(s.name for s in given))
    tasks = [
        task
        for index, source in enumerate(given)
        for task in source_tasks(index, source.path, source.name, budget)
    ]
    pending = _Pending(report)
    total = sum(t.units for t in tasks)
    done, current = 0, 0
    for result in _results(tasks, budget, workers):
        if result.source != current:
            pending.flush(engine, now)  # a source ends with a commit
            current = result.source
        _merge(result, given[result.source].name, pending)
        if len(pending.batch) >= FLUSH:
            pending.flush(engine, now)
        done += result.units
        if progress is not None:
            progress(min(done, total), total)
    pending.flush(engine, now)
    with engine.begin() as conn:
        _record_imports(conn, pending, now)
    return report


def _results(tasks: list[Task], limits: SourceLimits, workers: int) -> Iterator[TaskResult]:
    """Each task's result, in order; read in a process pool when there is enough to read."""
    count = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    if count == 1 or sum(t.units for t in tasks) < PARALLEL_FROM:
        for task in tasks:
            yield read_task(task, limits)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        window: deque[Future[TaskResult]] = deque()
        queue = iter(tasks)
        for task in islice(queue, count * 2):  # a bounded window: memory stays flat
            window.append(pool.submit(read_task, task, limits))
        while window:
            result = window.popleft().result()
            for task in islice(queue, 1):
                window.append(pool.submit(read_task, task, limits))
            yield result


def read_task(task: Task, limits: SourceLimits) -> TaskResult:
    """Read one task's units (in a worker process, or inline)."""
    result = TaskResult(task.source, task.units)
    for unit in task_units(task, limits):
        if unit.data is None:
            result.warnings.append(unit.problem or unit.label)
        elif unit.single:
            _read_record(unit.data, unit.label, result)
        else:
            _read_file(unit.data, unit.label, result)
    return result


def _read_record(data: bytes, label: str, result: TaskResult) -> None:
    try:
        advisory = read_advisory(data, label)
    except ManifestError as exc:
        result.warnings.append(str(exc))
        result.skip(advisory_ecosystems(data))
        return
    if advisory.affected:
        result.advisories.append(advisory)
    else:
        result.skip(advisory_ecosystems(data) or ("(none)",))


def _read_file(data: bytes, label: str, result: TaskResult) -> None:
    try:
        found, refused = read_advisories(data, label, max_bytes=len(data))
    except ManifestError as exc:
        result.warnings.append(str(exc))
        return
    result.warnings.extend(str(error) for error in refused)
    for advisory in found:
        if advisory.affected:
            result.advisories.append(advisory)
        else:
            result.skip(("(other)",))


def _merge(result: TaskResult, source: str, pending: _Pending) -> None:
    report = pending.report
    for warning in result.warnings:
        report.warn(warning)
    for ecosystem, n in result.skipped.items():
        report.skipped[ecosystem] = report.skipped.get(ecosystem, 0) + n
    for advisory in result.advisories:
        pending.add(advisory, source)


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
