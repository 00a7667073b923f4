"""Mine the history and monthly snapshots of many repositories, then resolve people.

Repositories are mined one after the other (git does the heavy lifting in its own process);
each repository's history and each month's snapshot land in their own transactions, so a run
that is killed keeps what it finished. A repository that fails is reported and the run goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine

from lodestar.errors import LodestarError
from lodestar.records import RepositoryRef
from lodestar.scan.people import DEFAULT_BOT_PATTERNS, PersonAlias, PersonSplit
from lodestar.store.history_mining import MineResult, mine_repository
from lodestar.store.people import refresh_people_details
from lodestar.store.snapshot_mining import SnapshotResult, update_snapshots


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
        try:
            mined = mine_repository(engine, ref, options.rev)
            snaps = (
                update_snapshots(engine, ref, catalog_dirs=options.catalog_dirs)
                if options.snapshots
                else None
            )
            outcome = HistoryOutcome(ref, mined, snaps)
        except LodestarError as exc:
            outcome = HistoryOutcome(ref, error=str(exc))
        except Exception as exc:  # noqa: BLE001  a broken repository never ends the run
            outcome = HistoryOutcome(ref, error=f"{ref.path}: {exc.__class__.__name__}: {exc}")
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
