"""Mine the history and monthly snapshots of many repositories, then resolve people.

Repositories are mined one after the other (git does the heavy lifting in its own process);
each repository's history and each month's snapshot land in their own transactions, so a run
that is killed keeps what it finished. A repository that fails is reported and the run goes on;
the failed stage (history or snapshots) and its reason are stored on the repository until a
later run of that stage succeeds (see :func:`lodestar.store.writer.record_error`). What failed
in a whole run, scan included, is :func:`run_failures`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Engine

from lodestar.errors import LodestarError
from lodestar.ingest.history import MineResult, mine_repository
from lodestar.ingest.people import refresh_people_details
from lodestar.ingest.scans import ScanSummary
from lodestar.ingest.snapshots import SnapshotResult, update_snapshots
from lodestar.records import RepositoryRef
from lodestar.scan import DEFAULT_BOT_PATTERNS, PersonAlias, PersonSplit
from lodestar.store import record_error

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    rev: str = "HEAD"
    people: tuple[PersonAlias, ...] = ()
    splits: tuple[PersonSplit, ...] = ()
    own_domains: tuple[str, ...] = ()  # empty: inferred (scan.people_merge.infer_own_domains)
    bot_patterns: tuple[str, ...] = DEFAULT_BOT_PATTERNS
    catalog_dirs: tuple[str, ...] = ()
    snapshots: bool = True


@dataclass(frozen=True, slots=True)
class HistoryOutcome:
    repository: RepositoryRef
    mined: MineResult | None = None
    snapshots: SnapshotResult | None = None
    error: str | None = None
    stage: str | None = None  # the stage that failed: "history" | "snapshots"


@dataclass(slots=True)
class HistorySummary:
    outcomes: list[HistoryOutcome] = field(default_factory=list)
    people: int = 0
    identities: int = 0  # distinct (name, email) after .mailmap, before people are joined
    seconds: float = 0.0

    @property
    def commits(self) -> int:
        return sum(o.mined.commits for o in self.outcomes if o.mined)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.error)


@dataclass(frozen=True, slots=True)
class RunFailure:
    """One repository a run could not finish: the stage that failed and why."""

    repository: RepositoryRef
    stage: str  # "inventory" | "history" | "snapshots"
    reason: str


def run_failures(scan: ScanSummary, history: HistorySummary | None) -> list[RunFailure]:
    """What failed in a run (scan, then history and snapshots), in the order of the outcomes."""
    out = [
        RunFailure(o.repository, "inventory", o.error or "failed")
        for o in scan.outcomes
        if o.status == "failed"
    ]
    out.extend(
        RunFailure(o.repository, o.stage or "history", o.error)
        for o in (history.outcomes if history else ())
        if o.error is not None
    )
    return out


def _attempt(ref: RepositoryRef, stage: Callable[[], T]) -> tuple[T | None, str | None]:
    """(result, None), or (None, why it failed): a broken repository never ends the run."""
    try:
        return stage(), None
    except LodestarError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001  a broken repository never ends the run
        return None, f"{ref.path}: {exc.__class__.__name__}: {exc}"


def mine_one(engine: Engine, ref: RepositoryRef, options: HistoryOptions) -> HistoryOutcome:
    """One repository's history, then its snapshots; each stage's failure is stored (and a
    success forgets it)."""
    mined, error = _attempt(ref, lambda: mine_repository(engine, ref, options.rev))
    record_error(engine, ref, error, stage="history")
    if mined is None:  # snapshots read the mined history: nothing new to read
        return HistoryOutcome(ref, error=error, stage="history")
    if not options.snapshots:
        return HistoryOutcome(ref, mined)
    snaps, error = _attempt(
        ref, lambda: update_snapshots(engine, ref, catalog_dirs=options.catalog_dirs)
    )
    record_error(engine, ref, error, stage="snapshots")
    if snaps is None:
        return HistoryOutcome(ref, mined, error=error, stage="snapshots")
    return HistoryOutcome(ref, mined, snaps)


def run_history(
    engine: Engine,
    refs: Sequence[RepositoryRef],
    options: HistoryOptions,
    on_result: Callable[[HistoryOutcome], None] | None = None,
) -> HistorySummary:
    """Mine every repository of ``refs`` incrementally; ``on_result`` after each one."""
    start = time.perf_counter()
    summary = HistorySummary()
    for ref in refs:
        outcome = mine_one(engine, ref, options)
        summary.outcomes.append(outcome)
        if on_result is not None:
            on_result(outcome)
    found = refresh_people_details(
        engine,
        options.people,
        options.bot_patterns,
        splits=options.splits,
        own_domains=options.own_domains,
    )
    summary.people, summary.identities = found.people, found.identities
    summary.seconds = time.perf_counter() - start
    return summary
