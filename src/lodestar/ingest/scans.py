"""Scan many repositories in parallel and store each result as it arrives.

Workers (one process per core by default) each scan whole repositories; the parent process is
the only writer and commits each repository in its own transaction the moment its scan arrives.
Killing the run therefore loses only the repositories still in flight, and the next run picks up
where it stopped, skipping every repository whose scanned commit has not changed (and was
scanned by the current scanner, :data:`lodestar.scan.pipeline.SCANNER_VERSION`).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from lodestar.errors import GitError, LodestarError, UsageError
from lodestar.gitio import GitRepository
from lodestar.records import RepoScan, RepositoryRef
from lodestar.scan import DEFAULT_MAX_FILE_SIZE, SCANNER_VERSION, scan_repository
from lodestar.scan.discover import discover
from lodestar.store import record_error, register_repositories, save_scan, scanned_commit


@dataclass(frozen=True, slots=True)
class ScanOptions:
    rev: str = "HEAD"
    force: bool = False
    workers: int = 0  # 0: one per core
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    catalog_dirs: tuple[str, ...] = ()  # workspace folders extending the technology catalog


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one repository in a run."""

    repository: RepositoryRef
    status: str  # "scanned" | "unchanged" | "failed"
    commit: str | None = None
    files: int = 0
    own_code: int = 0
    warnings: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass(slots=True)
class ScanSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


ScanResult = tuple[RepoScan | None, str | None, float, str | None]


def scan_one(ref: RepositoryRef, known_commit: str | None, options: ScanOptions) -> ScanResult:
    """Scan one repository, storing nothing (runs in a pool process or a queue worker): (scan or
    None when ``known_commit`` is still the revision's commit, commit, seconds, error message).
    A broken repository is an error message, never an exception."""
    start = time.perf_counter()
    try:
        if known_commit is not None and not options.force:
            commit, _ = GitRepository(ref.path).resolve(options.rev)
            if commit == known_commit:
                return None, commit, time.perf_counter() - start, None
        scan = scan_repository(
            ref, options.rev, max_file_size=options.max_file_size, catalog_dirs=options.catalog_dirs
        )
    except LodestarError as exc:
        return None, None, time.perf_counter() - start, str(exc)
    except Exception as exc:  # noqa: BLE001  a broken repository is a warning, never the end of a run
        return (
            None,
            None,
            time.perf_counter() - start,
            f"{ref.path}: {exc.__class__.__name__}: {exc}",
        )
    return scan, scan.commit, time.perf_counter() - start, None


def store_scan(engine: Engine, ref: RepositoryRef, result: ScanResult) -> Outcome:
    """Store what :func:`scan_one` found, in one transaction (a failure: the reason, on the
    repository, until a later scan succeeds)."""
    scan, commit, seconds, error = result
    if error is not None:
        record_error(engine, ref, error)
        return Outcome(ref, "failed", seconds=seconds, error=error)
    if scan is None:
        return Outcome(ref, "unchanged", commit=commit, seconds=seconds)
    save_scan(engine, scan, int(seconds * 1000))
    own = sum(t.code for t in scan.totals() if t.kind.value == "own")
    return Outcome(ref, "scanned", scan.commit, len(scan.files), own, len(scan.warnings), seconds)


def run_scan(
    engine: Engine,
    refs: Sequence[RepositoryRef],
    options: ScanOptions,
    on_result: Callable[[Outcome], None] | None = None,
) -> ScanSummary:
    """Scan ``refs`` and store every result; ``on_result`` is called after each repository."""
    start = time.perf_counter()
    register_repositories(engine, list(refs))
    known = {ref.path: scanned_commit(engine, ref.path, SCANNER_VERSION) for ref in refs}
    summary = ScanSummary()
    workers = options.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(refs)))

    def finish(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if on_result is not None:
            on_result(outcome)

    if workers == 1:
        for ref in refs:
            finish(store_scan(engine, ref, scan_one(ref, known[ref.path], options)))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures: dict[Future[ScanResult], RepositoryRef]
            futures = {pool.submit(scan_one, ref, known[ref.path], options): ref for ref in refs}
            for future in as_completed(futures):
                finish(store_scan(engine, futures[future], future.result()))
    summary.seconds = time.perf_counter() - start
    return summary


def scan_checkout(
    path: Path, *, name: str | None, options: ScanOptions
) -> tuple[RepoScan, RepositoryRef]:
    """Scan one repository's folder (working tree or bare mirror) in memory, storing nothing:
    ``lodestar check --repo`` holds a change against the strategy before it is merged.

    Raises :class:`~lodestar.errors.UsageError` naming ``path`` when it is no folder, no git
    repository, or git cannot read ``options.rev`` there.
    """
    if not path.is_dir():
        raise UsageError(f"--repo {path}: no such folder; pass a git repository's folder")
    root = path.absolute()
    refs = [r for r in discover([root], max_depth=0) if Path(r.path) == root]
    if not refs:
        raise UsageError(f"--repo {path}: not a git repository (working tree or bare mirror)")
    found = refs[0]
    repo = RepositoryRef(name or found.name, found.path, found.bare)
    try:
        scan = scan_repository(
            repo,
            options.rev,
            max_file_size=options.max_file_size,
            catalog_dirs=options.catalog_dirs,
        )
    except GitError as exc:
        raise UsageError(f"--repo {path}: {exc}") from exc
    return scan, repo
