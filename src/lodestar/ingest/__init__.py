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
* :func:`enqueue`, :func:`run_worker`, :func:`queue_status` — the same work as jobs on a
  PostgreSQL queue taken by any number of workers (:mod:`lodestar.ingest.queue`);
* :func:`resolve_sources` — the remote repositories ``[sources]`` names (URLs, URL lists, GitHub
  organisations, GitLab groups), and :func:`run_mirrors` / :func:`refresh_mirror` — their bare
  mirrors cloned or fetched, per-host limits, retries, partial results
  (:mod:`lodestar.ingest.mirrors`);
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
    from lodestar.ingest.ip_observe import observe_ip
    from lodestar.ingest.mirrors import (
        MirrorOptions,
        MirrorOutcome,
        MirrorSummary,
        refresh_mirror,
        run_mirrors,
    )
    from lodestar.ingest.options import history_options, scan_options
    from lodestar.ingest.people import PeopleRefresh, refresh_people, refresh_people_details
    from lodestar.ingest.process import RepositoryResult, process_repository
    from lodestar.ingest.queue import (
        EnqueueResult,
        JobReport,
        enqueue,
        queue_app,
        queue_url,
        retry_stalled_jobs,
    )
    from lodestar.ingest.queue_sources import workspace_repositories
    from lodestar.ingest.queue_view import QueueStatus, queue_status
    from lodestar.ingest.resolve import (
        has_remote_sources,
        mirrored_refs,
        mirrors_folder,
        resolve_sources,
    )
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
    from lodestar.ingest.sources import Source, source_for
    from lodestar.ingest.upstream import (
        OrgPeople,
        forget_upstream,
        organisation_refs,
        read_upstream,
        upstream_projects,
        upstream_refs,
    )
    from lodestar.ingest.worker import WorkerOptions, WorkerSummary, run_worker

__all__ = [
    "AdvisorySource",
    "EnqueueResult",
    "HistoryOptions",
    "HistoryOutcome",
    "HistorySummary",
    "ImportReport",
    "JobReport",
    "MineResult",
    "MirrorOptions",
    "MirrorOutcome",
    "MirrorSummary",
    "OrgPeople",
    "Outcome",
    "PeopleRefresh",
    "Progress",
    "QueueStatus",
    "RepositoryResult",
    "RunFailure",
    "ScanOptions",
    "ScanSummary",
    "SnapshotResult",
    "Source",
    "SourceLimits",
    "WorkerOptions",
    "WorkerSummary",
    "enqueue",
    "forget_upstream",
    "has_remote_sources",
    "history_options",
    "import_advisories",
    "mine_repository",
    "mirrored_refs",
    "mirrors_folder",
    "observe_ip",
    "organisation_refs",
    "process_repository",
    "queue_app",
    "queue_status",
    "queue_url",
    "read_upstream",
    "refresh_mirror",
    "refresh_people",
    "refresh_people_details",
    "resolve_sources",
    "retry_stalled_jobs",
    "run_failures",
    "run_history",
    "run_mirrors",
    "run_scan",
    "run_worker",
    "scan_checkout",
    "scan_options",
    "source_for",
    "update_snapshots",
    "upstream_projects",
    "upstream_refs",
    "workspace_repositories",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "AdvisorySource": "advisories",
        "EnqueueResult": "queue",
        "HistoryOptions": "runs",
        "HistoryOutcome": "runs",
        "HistorySummary": "runs",
        "ImportReport": "advisories",
        "JobReport": "queue",
        "MineResult": "history",
        "MirrorOptions": "mirrors",
        "MirrorOutcome": "mirrors",
        "MirrorSummary": "mirrors",
        "Outcome": "scans",
        "PeopleRefresh": "people",
        "Progress": "advisories",
        "QueueStatus": "queue_view",
        "RepositoryResult": "process",
        "RunFailure": "runs",
        "ScanOptions": "scans",
        "ScanSummary": "scans",
        "SnapshotResult": "snapshots",
        "Source": "sources",
        "SourceLimits": "advisory_sources",
        "WorkerOptions": "worker",
        "WorkerSummary": "worker",
        "enqueue": "queue",
        "has_remote_sources": "resolve",
        "history_options": "options",
        "import_advisories": "advisories",
        "mine_repository": "history",
        "mirrored_refs": "resolve",
        "mirrors_folder": "resolve",
        "process_repository": "process",
        "queue_app": "queue",
        "queue_status": "queue_view",
        "queue_url": "queue",
        "refresh_mirror": "mirrors",
        "refresh_people": "people",
        "refresh_people_details": "people",
        "resolve_sources": "resolve",
        "retry_stalled_jobs": "queue",
        "run_failures": "runs",
        "run_history": "runs",
        "run_mirrors": "mirrors",
        "run_scan": "scans",
        "run_worker": "worker",
        "scan_checkout": "scans",
        "scan_options": "options",
        "source_for": "sources",
        "update_snapshots": "snapshots",
        "workspace_repositories": "queue_sources",
        "OrgPeople": "upstream",
        "observe_ip": "ip_observe",
        "forget_upstream": "upstream",
        "organisation_refs": "upstream",
        "read_upstream": "upstream",
        "upstream_projects": "upstream",
        "upstream_refs": "upstream",
    },
)
