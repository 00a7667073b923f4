"""Mine the history of several repositories at once, in worker processes.

git computes each log in its own process; Lodestar's share (parsing the log, building rows) runs
in a pool of worker processes (spawn context, as the scan's pool), so both cores stay busy and
the whole run costs about what git's own logs cost. The largest repositories start first
(:func:`lodestar.gitio.history.pack_bytes`), so the longest job never starts last.

* **SQLite** (one writer): a worker reads one repository's new commits into a spool file of row
  batches (:func:`lodestar.ingest.history.read_history`); the parent stores it in one
  transaction the moment it arrives (:func:`~lodestar.ingest.history.store_history`); then a
  worker computes its missing monthly snapshots from the store
  (:func:`~lodestar.ingest.snapshots.compute_snapshots_job`) and the parent stores each month.
* **PostgreSQL**: each worker mines its repository end to end (history, then snapshots) through
  an engine of its own, exactly as a sequential run would.

Either way each repository's history and each month's snapshot is its own transaction, a failed
repository records its error and the run goes on, and a run that is stopped keeps every
repository it finished (the spool files go with it).
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any

from sqlalchemy import Engine

from lodestar.gitio import GitRepository
from lodestar.gitio.history import pack_bytes
from lodestar.ingest.history import (
    HistoryRead,
    KnownHistory,
    MineResult,
    known_history,
    read_history_job,
)
from lodestar.ingest.history import store_history as _store_history
from lodestar.ingest.runs import (
    HistoryOptions,
    HistoryOutcome,
    _after_history,
    _attempt,
    mine_one,
)
from lodestar.ingest.snapshots import (
    ComputedSnapshots,
    SnapshotResult,
    compute_snapshots_job,
    save_snapshots,
)
from lodestar.records import RepositoryRef
from lodestar.store import ensure_repository, open_engine, record_error

__all__ = ["POOL_MIN_BYTES", "mine_in_pool", "worth_a_pool"]

_ENGINES: dict[str, Engine] = {}  # a worker's own engine per database, opened once

# Below this much history (pack bytes) starting worker processes costs more than it saves: each
# imports Lodestar (about half a CPU second), while git logs 32 MiB of packs in a second or two.
POOL_MIN_BYTES = 32 << 20


def _weight(ref: RepositoryRef) -> int:
    try:
        return pack_bytes(GitRepository(ref.path))
    except Exception:  # noqa: BLE001  an unreadable repository fails later, with its reason
        return 0


def worth_a_pool(refs: Sequence[RepositoryRef]) -> bool:
    """Whether ``refs`` hold enough history for worker processes to pay off (the default
    "one per core" mines a small organisation in one process; an explicit count is obeyed)."""
    total = 0
    for ref in refs:
        total += _weight(ref)
        if total >= POOL_MIN_BYTES:
            return True
    return False


def _mine_job(url: str, ref: RepositoryRef, options: HistoryOptions) -> HistoryOutcome:
    """Runs in a worker (PostgreSQL): mine ``ref`` end to end through this worker's engine."""
    engine = _ENGINES.get(url)
    if engine is None:
        engine = _ENGINES[url] = open_engine(url, migrate=False)
    return mine_one(engine, ref, options)


def _known(engine: Engine, refs: Sequence[RepositoryRef]) -> dict[str, KnownHistory]:
    """What the store holds for each repository (registering the new ones), in one read."""
    with engine.begin() as conn:
        return {ref.path: known_history(conn, ensure_repository(conn, ref)) for ref in refs}


def _died(ref: RepositoryRef, exc: BaseException) -> str:
    return (
        f"{ref.path}: the worker process mining it stopped ({exc.__class__.__name__}: {exc}); "
        "run the scan again"
    )


class _SqliteRun:
    """The parent's side of a run on SQLite: it submits the jobs and stores their results.

    Each repository is a history job (a worker reads git's log into a spool file; the parent
    stores it), then, when snapshots are on, a snapshot job (a worker reads the store and
    computes the months; the parent stores each month). Snapshot jobs queue behind the history
    jobs already submitted, so the workers never wait for the one writer.
    """

    def __init__(
        self,
        engine: Engine,
        pool: ProcessPoolExecutor,
        options: HistoryOptions,
        finish: Callable[[HistoryOutcome], None],
    ) -> None:
        self.engine, self.pool, self.options, self.finish = engine, pool, options, finish
        self.url = engine.url.render_as_string(hide_password=False)
        self.pending: dict[Future[Any], tuple[RepositoryRef, MineResult | None]] = {}

    def run(self, refs: Sequence[RepositoryRef], spool_dir: str) -> None:
        known = _known(self.engine, refs)
        for ref in refs:
            job = self.pool.submit(
                read_history_job, ref, self.options.rev, known[ref.path], spool_dir
            )
            self.pending[job] = (ref, None)
        while self.pending:
            done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
            for future in done:
                ref, mined = self.pending.pop(future)
                try:
                    result, error = future.result()
                except BrokenProcessPool as exc:
                    result, error = None, _died(ref, exc)
                if mined is None:
                    self._history(ref, result, error)
                else:
                    self._snapshots(ref, mined, result, error)

    def _history(self, ref: RepositoryRef, read: HistoryRead | None, error: str | None) -> None:
        mined = None
        if read is not None:
            mined, error = _attempt(ref, partial(_store_history, self.engine, read))
        if mined is None or not self.options.snapshots:
            self.finish(_after_history(self.engine, ref, self.options, mined, error))
            return
        record_error(self.engine, ref, None, stage="history")
        job = self.pool.submit(compute_snapshots_job, self.url, ref, self.options.catalog_dirs)
        self.pending[job] = (ref, mined)

    def _snapshots(
        self,
        ref: RepositoryRef,
        mined: MineResult,
        computed: ComputedSnapshots | SnapshotResult | None,
        error: str | None,
    ) -> None:
        snaps: SnapshotResult | None = None
        if isinstance(computed, SnapshotResult):
            snaps = computed
        elif computed is not None:
            snaps, error = _attempt(ref, partial(save_snapshots, self.engine, computed))
        record_error(self.engine, ref, error, stage="snapshots")
        if snaps is None:
            self.finish(HistoryOutcome(ref, mined, error=error, stage="snapshots"))
        else:
            self.finish(HistoryOutcome(ref, mined, snaps))


def _each_writes(
    engine: Engine,
    pool: ProcessPoolExecutor,
    refs: Sequence[RepositoryRef],
    options: HistoryOptions,
    finish: Callable[[HistoryOutcome], None],
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    futures: dict[Future[HistoryOutcome], RepositoryRef] = {
        pool.submit(_mine_job, url, ref, options): ref for ref in refs
    }
    for future in as_completed(futures):
        ref = futures[future]
        try:
            outcome = future.result()
        except BrokenProcessPool as exc:
            outcome = HistoryOutcome(ref, error=_died(ref, exc), stage="history")
        finish(outcome)


def mine_in_pool(
    engine: Engine,
    refs: Sequence[RepositoryRef],
    options: HistoryOptions,
    workers: int,
    finish: Callable[[HistoryOutcome], None],
) -> None:
    """Mine ``refs`` with ``workers`` processes; ``finish`` gets each outcome as it completes.

    When ``finish`` raises (a progress bar's KeyboardInterrupt), the repositories not started
    are dropped and the exception goes on once the running ones stopped: what was stored stays.
    """
    order = sorted(refs, key=_weight, reverse=True)
    context: Any = multiprocessing.get_context("spawn")
    # the spool folder outlives the pool: a worker still running when the run stops writes into it
    with (
        tempfile.TemporaryDirectory(prefix="lodestar-history-") as spool_dir,
        ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
    ):
        try:
            if engine.dialect.name == "sqlite":
                _SqliteRun(engine, pool, options, finish).run(order, spool_dir)
            else:
                _each_writes(engine, pool, order, options, finish)
        except BaseException:
            # drop what has not started, wait for what runs (no writer outlives the run)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
