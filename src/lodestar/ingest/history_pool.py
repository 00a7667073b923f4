"""Mine the history of several repositories at once, in worker processes.

git computes each log in its own process; Lodestar's share (parsing the log, building rows) runs
in a pool of worker processes (spawn context, as the scan's pool), so both cores stay busy and
the whole run costs about what git's own logs cost. The largest repositories start first
(:func:`lodestar.gitio.history.pack_bytes`), so the longest job never starts last.

* **SQLite** (one writer): a worker reads one repository's new commits into a spool file of row
  batches (:func:`lodestar.ingest.history.read_history`); the parent stores it in one
  transaction the moment it arrives (:func:`~lodestar.ingest.history.store_history`), then
  brings its monthly snapshots up to date, while the workers go on reading.
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
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any

from sqlalchemy import Engine

from lodestar.gitio import GitRepository
from lodestar.gitio.history import pack_bytes
from lodestar.ingest.history import (
    HistoryRead,
    KnownHistory,
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
from lodestar.records import RepositoryRef
from lodestar.store import ensure_repository, open_engine

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


def _sqlite_run(
    engine: Engine,
    pool: ProcessPoolExecutor,
    refs: Sequence[RepositoryRef],
    options: HistoryOptions,
    *,
    spool_dir: str,
    finish: Callable[[HistoryOutcome], None],
) -> None:
    known = _known(engine, refs)
    futures: dict[Future[tuple[HistoryRead | None, str | None]], RepositoryRef] = {}
    for ref in refs:
        job = pool.submit(read_history_job, ref, options.rev, known[ref.path], spool_dir)
        futures[job] = ref
    for future in as_completed(futures):
        ref = futures[future]
        try:
            read, error = future.result()
        except BrokenProcessPool as exc:
            read, error = None, _died(ref, exc)
        mined = None
        if read is not None:
            mined, error = _attempt(ref, partial(_store_history, engine, read))
        finish(_after_history(engine, ref, options, mined, error))


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
                _sqlite_run(engine, pool, order, options, spool_dir=spool_dir, finish=finish)
            else:
                _each_writes(engine, pool, order, options, finish)
        except BaseException:
            # drop what has not started, wait for what runs (no writer outlives the run)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
