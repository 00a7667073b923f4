"""Process one repository: inventory scan, then history and monthly snapshots.

The one unit of work both executors share: the local run (:func:`lodestar.ingest.run_scan` and
:func:`lodestar.ingest.run_history`, which spread the same steps over a process pool) and a
queue worker's job (:mod:`lodestar.ingest.queue`), which calls :func:`process_repository`.

Idempotent by (repository, commit): a repository whose scanned commit has not changed is not
scanned again, and its history is mined only from the last mined commit on; each stage commits
in its own transaction, so a job killed half-way wrote nothing of the stage it was in, and the
job run again finishes it (at-least-once delivery is safe).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from lodestar.ingest.runs import HistoryOptions, HistoryOutcome, mine_one
from lodestar.ingest.scans import Outcome, ScanOptions, scan_one, store_scan
from lodestar.records import RepositoryRef
from lodestar.scan import SCANNER_VERSION
from lodestar.store import register_repositories, scanned_commit

Fetch = Callable[[RepositoryRef], RepositoryRef]
"""Brings a repository's local copy up to date (a remote source's mirror) and returns the
reference to read; local folders need none."""


@dataclass(frozen=True, slots=True)
class RepositoryResult:
    """What one repository's processing did: the scan, and the history when it was mined."""

    scan: Outcome
    history: HistoryOutcome | None = None

    @property
    def error(self) -> str | None:
        """The first stage's failure, if any ("inventory: …", "history: …")."""
        if self.scan.status == "failed":
            return f"inventory: {self.scan.error}"
        if self.history is not None and self.history.error is not None:
            return f"{self.history.stage or 'history'}: {self.history.error}"
        return None


def process_repository(
    engine: Engine,
    ref: RepositoryRef,
    scan_options: ScanOptions,
    history_options: HistoryOptions | None,
    *,
    fetch: Fetch | None = None,
    after_scan: Callable[[Outcome], None] | None = None,
) -> RepositoryResult:
    """Scan ``ref`` unless its commit is unchanged, then mine its history and snapshots
    (``history_options=None``: skip them), storing each stage as it finishes.

    ``fetch`` first refreshes the local copy of a remote source; ``after_scan`` is told the
    scan's outcome once it is stored (progress lines). A broken repository is a
    failed outcome (its reason stored on the repository), never an exception; a failing
    database raises.
    """
    if fetch is not None:
        ref = fetch(ref)
    register_repositories(engine, [ref])
    known = scanned_commit(engine, ref.path, SCANNER_VERSION)
    outcome = store_scan(engine, ref, scan_one(ref, known, scan_options))
    if after_scan is not None:
        after_scan(outcome)
    if history_options is None:
        return RepositoryResult(outcome)
    return RepositoryResult(outcome, mine_one(engine, ref, history_options))
