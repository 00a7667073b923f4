"""The database: SQLAlchemy Core tables, Alembic migrations, writers that take records and
queries that return records.

The store knows nothing of git, scans or the workspace's strategy: the jobs of
:mod:`lodestar.ingest` read repositories and hand it records; :mod:`lodestar.analysis`, the CLI
and the web read records back. One transaction per (repository, commit) for a scan, per
repository for its mined history, per month for a snapshot. SQLite in the workspace by default,
PostgreSQL for shared deployments.
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.store.activity import known_people, person_activity
    from lodestar.store.advisories import (
        advisories_in_use,
        advisory_counts,
        advisory_imports,
        load_advisories,
        record_import,
        write_advisories,
    )
    from lodestar.store.api_reads import (
        CurrentCounts,
        DependencyItem,
        DependencyList,
        current_counts,
        dependency_list,
    )
    from lodestar.store.current import current_files, current_technologies
    from lodestar.store.db import current_revision, database, open_engine, upgrade
    from lodestar.store.dependency_graph import with_edges
    from lodestar.store.generation import store_generation
    from lodestar.store.history import (
        monthly_snapshots,
        organisation_history,
        repository_history,
        to_datetime,
    )
    from lodestar.store.history_writer import (
        HistoryBatch,
        StoredTip,
        delete_history,
        history_batches,
        next_seq,
        replace_tags,
        save_tip,
        stored_tags,
        stored_tip,
        tag_rows,
        write_commits,
        write_history_batch,
    )
    from lodestar.store.inventory import (
        PackageCount,
        declared_runtimes,
        dependency_record,
        find_dependencies,
        package_counts,
        package_names,
        technology_evidence,
    )
    from lodestar.store.observations import load_observations
    from lodestar.store.organisation import load_organisation
    from lodestar.store.people import (
        author_counts,
        mined_mailmaps,
        people_directory,
        write_identities,
        write_people,
    )
    from lodestar.store.queries import (
        WarningRow,
        kind_totals,
        list_repositories,
        list_warnings,
        organisation_languages,
    )
    from lodestar.store.queue_tables import (
        QUEUE_SCHEMA,
        is_postgresql,
        last_job_errors,
        queue_conninfo,
        queue_schema_lock,
        record_job_error,
    )
    from lodestar.store.readonly import empty_store, open_read_only, open_scanned
    from lodestar.store.remotes import record_remotes
    from lodestar.store.snapshot_writer import (
        SnapshotProgress,
        delete_snapshots,
        save_snapshot,
        snapshot_progress,
    )
    from lodestar.store.writer import (
        ensure_repository,
        record_error,
        register_repositories,
        save_scan,
        scanned_commit,
    )

__all__ = [
    "QUEUE_SCHEMA",
    "CurrentCounts",
    "DependencyItem",
    "DependencyList",
    "HistoryBatch",
    "PackageCount",
    "SnapshotProgress",
    "StoredTip",
    "WarningRow",
    "advisories_in_use",
    "advisory_counts",
    "advisory_imports",
    "author_counts",
    "current_counts",
    "current_files",
    "current_revision",
    "current_technologies",
    "database",
    "declared_runtimes",
    "delete_history",
    "delete_snapshots",
    "dependency_list",
    "dependency_record",
    "empty_store",
    "ensure_repository",
    "find_dependencies",
    "history_batches",
    "is_postgresql",
    "kind_totals",
    "known_people",
    "last_job_errors",
    "list_repositories",
    "list_warnings",
    "load_advisories",
    "load_observations",
    "load_organisation",
    "mined_mailmaps",
    "monthly_snapshots",
    "next_seq",
    "open_engine",
    "open_read_only",
    "open_scanned",
    "organisation_history",
    "organisation_languages",
    "package_counts",
    "package_names",
    "people_directory",
    "person_activity",
    "queue_conninfo",
    "queue_schema_lock",
    "record_error",
    "record_import",
    "record_job_error",
    "record_remotes",
    "register_repositories",
    "replace_tags",
    "repository_history",
    "save_scan",
    "save_snapshot",
    "save_tip",
    "scanned_commit",
    "snapshot_progress",
    "store_generation",
    "stored_tags",
    "stored_tip",
    "tag_rows",
    "technology_evidence",
    "to_datetime",
    "upgrade",
    "with_edges",
    "write_advisories",
    "write_commits",
    "write_history_batch",
    "write_identities",
    "write_people",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "record_remotes": "remotes",
        "CurrentCounts": "api_reads",
        "DependencyItem": "api_reads",
        "DependencyList": "api_reads",
        "HistoryBatch": "history_writer",
        "PackageCount": "inventory",
        "SnapshotProgress": "snapshot_writer",
        "StoredTip": "history_writer",
        "WarningRow": "queries",
        "advisories_in_use": "advisories",
        "advisory_counts": "advisories",
        "advisory_imports": "advisories",
        "author_counts": "people",
        "current_counts": "api_reads",
        "current_files": "current",
        "current_revision": "db",
        "current_technologies": "current",
        "database": "db",
        "declared_runtimes": "inventory",
        "delete_history": "history_writer",
        "history_batches": "history_writer",
        "delete_snapshots": "snapshot_writer",
        "dependency_list": "api_reads",
        "dependency_record": "inventory",
        "ensure_repository": "writer",
        "find_dependencies": "inventory",
        "kind_totals": "queries",
        "list_repositories": "queries",
        "list_warnings": "queries",
        "load_advisories": "advisories",
        "load_observations": "observations",
        "known_people": "activity",
        "load_organisation": "organisation",
        "person_activity": "activity",
        "mined_mailmaps": "people",
        "monthly_snapshots": "history",
        "next_seq": "history_writer",
        "open_engine": "db",
        "open_read_only": "readonly",
        "open_scanned": "readonly",
        "empty_store": "readonly",
        "QUEUE_SCHEMA": "queue_tables",
        "is_postgresql": "queue_tables",
        "last_job_errors": "queue_tables",
        "queue_conninfo": "queue_tables",
        "queue_schema_lock": "queue_tables",
        "record_job_error": "queue_tables",
        "organisation_history": "history",
        "organisation_languages": "queries",
        "package_counts": "inventory",
        "package_names": "inventory",
        "people_directory": "people",
        "record_error": "writer",
        "record_import": "advisories",
        "register_repositories": "writer",
        "replace_tags": "history_writer",
        "repository_history": "history",
        "save_scan": "writer",
        "save_snapshot": "snapshot_writer",
        "save_tip": "history_writer",
        "scanned_commit": "writer",
        "snapshot_progress": "snapshot_writer",
        "store_generation": "generation",
        "stored_tags": "history_writer",
        "stored_tip": "history_writer",
        "tag_rows": "history_writer",
        "technology_evidence": "inventory",
        "to_datetime": "history",
        "upgrade": "db",
        "with_edges": "dependency_graph",
        "write_advisories": "advisories",
        "write_commits": "history_writer",
        "write_history_batch": "history_writer",
        "write_identities": "people",
        "write_people": "people",
    },
)
