"""The jobs: read repositories and store what they saw.

Each job reads through :mod:`lodestar.gitio` and :mod:`lodestar.scan` (pure: a tree or a
history → records) and writes through :mod:`lodestar.store` (records → rows):

* :func:`run_scan` — scan many repositories in a process pool, one transaction per
  (repository, commit), skipping what has not changed (:mod:`lodestar.ingest.scans`), and
  :func:`scan_checkout` — one folder in memory, nothing stored (``check --repo``);
* :func:`run_history` — mine each repository's history (:func:`mine_repository`), bring its
  monthly snapshots up to date (:func:`update_snapshots`), then resolve people
  (:func:`refresh_people`) (:mod:`lodestar.ingest.runs`);
* :func:`process_repository` — one repository's scan, history and snapshots: the unit of
  work a queue worker runs (:mod:`lodestar.ingest.process`);
* :func:`import_advisories` — OSV advisories from files, folders and zips into the store
  (:mod:`lodestar.ingest.advisories`).
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.ingest.advisories import (
        AdvisorySource,
        ImportReport,
        Progress,
        import_advisories,
    )
    from lodestar.ingest.advisory_sources import SourceLimits
    from lodestar.ingest.history import MineResult, mine_repository
    from lodestar.ingest.people import PeopleRefresh, refresh_people, refresh_people_details
    from lodestar.ingest.process import RepositoryResult, process_repository
    from lodestar.ingest.runs import (
        HistoryOptions,
        HistoryOutcome,
        HistorySummary,
        RunFailure,
        run_failures,
        run_history,
    )
    from lodestar.ingest.scans import Outcome, ScanOptions, ScanSummary, run_scan, scan_checkout
    from lodestar.ingest.snapshots import SnapshotResult, update_snapshots

__all__ = [
    "AdvisorySource",
    "HistoryOptions",
    "HistoryOutcome",
    "HistorySummary",
    "ImportReport",
    "MineResult",
    "Outcome",
    "PeopleRefresh",
    "Progress",
    "RepositoryResult",
    "RunFailure",
    "ScanOptions",
    "ScanSummary",
    "SnapshotResult",
    "SourceLimits",
    "import_advisories",
    "mine_repository",
    "process_repository",
    "refresh_people",
    "refresh_people_details",
    "run_failures",
    "run_history",
    "run_scan",
    "scan_checkout",
    "update_snapshots",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "AdvisorySource": "advisories",
        "HistoryOptions": "runs",
        "HistoryOutcome": "runs",
        "HistorySummary": "runs",
        "ImportReport": "advisories",
        "MineResult": "history",
        "Outcome": "scans",
        "PeopleRefresh": "people",
        "Progress": "advisories",
        "RepositoryResult": "process",
        "RunFailure": "runs",
        "ScanOptions": "scans",
        "ScanSummary": "scans",
        "SnapshotResult": "snapshots",
        "SourceLimits": "advisory_sources",
        "import_advisories": "advisories",
        "mine_repository": "history",
        "process_repository": "process",
        "refresh_people": "people",
        "refresh_people_details": "people",
        "run_failures": "runs",
        "run_history": "runs",
        "run_scan": "scans",
        "scan_checkout": "scans",
        "update_snapshots": "snapshots",
    },
)
