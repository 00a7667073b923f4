"""Monthly snapshots (time travel), kept up to date incrementally.

For each month of a repository's mined history, the snapshot commit is the last commit of that
month (by committer date, in UTC) on the first-parent line of the mined tip: the state of the
main line when the month ended. A commit that mining left out (it has no readable date) is
walked through, not stopped at: its parents are read from git. A month whose stored snapshot is
already at that commit is left alone; a month whose commit changed (new commits this month, a
rewritten history) is computed again; months that no longer exist are deleted.

The job reads git through :mod:`lodestar.gitio` and :func:`lodestar.scan.snapshots.snapshot_at`
and writes through :mod:`lodestar.store.snapshot_writer`; a snapshot made by an older scanner
(:data:`lodestar.scan.pipeline.SCANNER_VERSION`) is computed again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from lodestar.catalog import load_catalog, load_eol
from lodestar.errors import LodestarError
from lodestar.gitio import GitRepository
from lodestar.gitio.history import commit_headers
from lodestar.records import RepositoryRef
from lodestar.records.snapshots import Snapshot
from lodestar.scan import SCANNER_VERSION, SnapshotCache, snapshot_at
from lodestar.store import delete_snapshots, open_engine, save_snapshot, snapshot_progress

__all__ = [
    "ComputedSnapshots",
    "SnapshotResult",
    "compute_snapshots_job",
    "month_ends",
    "save_snapshots",
    "update_snapshots",
]


@dataclass(frozen=True, slots=True)
class SnapshotResult:
    repository: str
    months: int  # months the history spans
    computed: int  # snapshots computed in this run
    parses: int  # times the manifest parsers ran (the rest reused an identical month)
    seconds: float


def month_ends(
    tip: str, parents: dict[str, tuple[str, ...]], committed: dict[str, int]
) -> list[tuple[dt.date, str]]:
    """(first day of month, last commit of that month) along the first-parent line of ``tip``."""
    out: dict[dt.date, str] = {}
    sha: str | None = tip
    seen: set[str] = set()
    while sha is not None and sha in parents and sha not in seen:
        seen.add(sha)
        if sha in committed:  # a commit left out by mining has no date: it picks no month
            moment = dt.datetime.fromtimestamp(committed[sha], dt.UTC)
            month = dt.date(moment.year, moment.month, 1)
            if month not in out:
                out[month] = sha
        first = parents.get(sha, ())
        sha = first[0] if first else None
    return sorted(out.items())


def _bridge_left_out(
    path: str, tip: str, parents: dict[str, tuple[str, ...]], committed: dict[str, int]
) -> None:
    """Add to ``parents`` the parents of first-parent commits mining left out (no date).

    They get no date, so they never pick a month; the walk goes on through them. Only commits
    that are not stored cost a git call, so a history without such commits costs nothing.
    """
    sha: str | None = tip
    seen: set[str] = set()
    for _ in range(64):  # a run of left-out commits is read 64 deep at most
        while sha is not None and sha in parents and sha not in seen:
            seen.add(sha)
            first = parents[sha]
            sha = first[0] if first else None
        if sha is None or sha in seen or sha in committed:
            return
        found = commit_headers(GitRepository(path), [sha]).get(sha)
        if found is None:
            return
        parents[sha] = tuple(found[0].split())


@dataclass(frozen=True, slots=True)
class _Plan:
    repo_id: int
    months: int  # months the history spans
    gone: list[int]  # stored snapshots of months the history no longer has
    todo: list[tuple[dt.date, str]]  # (month, its commit) to compute, oldest first
    stored: dict[dt.date, tuple[int, str]]


def _plan(engine: Engine, ref: RepositoryRef, start: float) -> _Plan | SnapshotResult:
    """The months to compute, or the result when there is nothing to compute nor delete."""
    progress = snapshot_progress(engine, ref.path, SCANNER_VERSION)
    if progress is None:
        return SnapshotResult(ref.name, 0, 0, 0, time.perf_counter() - start)
    if progress.done:
        return SnapshotResult(ref.name, progress.done, 0, 0, time.perf_counter() - start)
    tip, stored = progress.tip, progress.months
    parents, committed = progress.parents, progress.committed
    _bridge_left_out(ref.path, tip, parents, committed)
    wanted = month_ends(tip, parents, committed)
    wanted_months = {m for m, _ in wanted}
    gone = [sid for month, (sid, _c) in stored.items() if month not in wanted_months]
    todo = [(m, c) for m, c in wanted if stored.get(m, (0, ""))[1] != c]
    return _Plan(progress.repository_id, len(wanted), gone, todo, stored)


def _compute(
    ref: RepositoryRef, plan: _Plan, catalog_dirs: tuple[str, ...], cache: SnapshotCache
) -> Iterator[tuple[dt.date, Snapshot]]:
    if not plan.todo:
        return
    git = GitRepository(ref.path)
    catalog = load_catalog(tuple(Path(d) for d in catalog_dirs))
    eol = load_eol(tuple(Path(d) / "eol" for d in catalog_dirs if (Path(d) / "eol").is_dir()))
    # oldest first, so consecutive months share the cache
    for month, commit in plan.todo:
        yield month, snapshot_at(git, commit, catalog=catalog, eol=eol, cache=cache)


def update_snapshots(
    engine: Engine,
    ref: RepositoryRef,
    *,
    catalog_dirs: tuple[str, ...] = (),
    on_month: Callable[[dt.date], None] | None = None,
) -> SnapshotResult:
    """Compute the missing or outdated monthly snapshots of one mined repository."""
    start = time.perf_counter()
    plan = _plan(engine, ref, start)
    if isinstance(plan, SnapshotResult):
        return plan
    if plan.gone:
        delete_snapshots(engine, plan.gone)
    cache = SnapshotCache()
    for month, snap in _compute(ref, plan, catalog_dirs, cache):
        save_snapshot(engine, plan.repo_id, month, snap, plan.stored.get(month))
        if on_month is not None:
            on_month(month)
    seconds = time.perf_counter() - start
    return SnapshotResult(ref.name, plan.months, len(plan.todo), cache.parses, seconds)


@dataclass(frozen=True, slots=True)
class ComputedSnapshots:
    """The months a worker process computed for one repository, for :func:`save_snapshots`."""

    repository: str
    plan: _Plan
    snapshots: list[tuple[dt.date, Snapshot]]
    parses: int
    started: float


_ENGINES: dict[str, Engine] = {}  # a worker's reading engine per database, opened once


def compute_snapshots_job(
    url: str, ref: RepositoryRef, catalog_dirs: tuple[str, ...]
) -> tuple[ComputedSnapshots | SnapshotResult | None, str | None]:
    """In a worker process: read the store at ``url``, compute the months to store (nothing is
    written); (the computed months or the result when there is nothing to do, None) or (None,
    why it failed). The parent stores them with :func:`save_snapshots`."""
    start = time.perf_counter()
    try:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _ENGINES[url] = open_engine(url, migrate=False)
        plan = _plan(engine, ref, start)
        if isinstance(plan, SnapshotResult):
            return plan, None
        cache = SnapshotCache()
        done = list(_compute(ref, plan, catalog_dirs, cache))
        return ComputedSnapshots(ref.name, plan, done, cache.parses, start), None
    except LodestarError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001  a broken repository never ends the run
        return None, f"{ref.path}: {exc.__class__.__name__}: {exc}"


def save_snapshots(engine: Engine, computed: ComputedSnapshots) -> SnapshotResult:
    """Store what :func:`compute_snapshots_job` computed, each month in its own transaction."""
    plan = computed.plan
    if plan.gone:
        delete_snapshots(engine, plan.gone)
    for month, snap in computed.snapshots:
        save_snapshot(engine, plan.repo_id, month, snap, plan.stored.get(month))
    seconds = time.perf_counter() - computed.started
    return SnapshotResult(
        computed.repository, plan.months, len(plan.todo), computed.parses, seconds
    )
