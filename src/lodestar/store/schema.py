"""Tables of the store (SQLAlchemy Core).

One row in ``scans`` per (repository, commit) scanned; every observation of that scan hangs off
it, so a scan is written, replaced or discarded as one unit. ``repositories.current_scan_id``
points at the scan the reports use. Alembic migrations in ``migrations/`` create these tables;
this module is the model they are checked against.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from lodestar.records import Dependency, RuntimeDeclaration
from lodestar.safeparse import package_key

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

repositories = Table(
    "repositories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(512), nullable=False),
    Column("path", Text, nullable=False, unique=True),
    Column("bare", Boolean, nullable=False, default=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("current_scan_id", Integer, nullable=True),  # no FK: scans reference repositories
    # why the last run of a stage failed (NULL: it did not); see STAGE_ERRORS
    Column("last_error", Text, nullable=True),  # inventory (the scan)
    Column("history_error", Text, nullable=True),  # history mining (0007)
    Column("snapshots_error", Text, nullable=True),  # monthly snapshots (0007)
    # a mirrored repository's origin and forge metadata (0012); NULL for one found on disk
    Column("remote_url", Text, nullable=True),
    Column("forge", String(32), nullable=True),
    Column("default_branch", String(255), nullable=True),
    Column("archived", Boolean, nullable=True),
    Column("fork", Boolean, nullable=True),
    Column("topics", Text, nullable=True),  # JSON array of strings
    Column("visibility", String(32), nullable=True),
    Column("web_url", Text, nullable=True),
    Index("ix_repositories_name", "name"),
)

# stage of a run -> the column of ``repositories`` that keeps why its last run failed
STAGE_ERRORS = {
    "inventory": "last_error",
    "history": "history_error",
    "snapshots": "snapshots_error",
}


def _owned_by(name: str, parent: str, *, primary_key: bool = False) -> Column[int]:
    """A column referring to ``parent``'s id; deleting the parent row deletes this one."""
    return Column(
        name,
        Integer,
        ForeignKey(f"{parent}.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
    )


scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True),
    _owned_by("repository_id", "repositories"),
    Column("commit", String(64), nullable=False),
    Column("ref", String(512), nullable=False),
    # the scanner version that made it (scan.pipeline.SCANNER_VERSION); 0: before 0006
    Column("scanner", Integer, nullable=False, server_default="0"),
    Column("committed_at", String(40), nullable=False),
    Column("scanned_at", DateTime(timezone=True), nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("files", Integer, nullable=False),
    Column("own_code", Integer, nullable=False),
    Column("licence", Text, nullable=True),
    Column("licence_declared", Text, nullable=True),
    Column("licence_detected", Text, nullable=True),
    Column("licence_status", String(16), nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("notices", Text, nullable=True),  # NoticeEvidence as JSON (0013, store.notices)
    UniqueConstraint("repository_id", "commit", name="uq_scans_repository_commit"),
)

file_stats = Table(
    "file_stats",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("path", Text, nullable=False),
    Column("language", String(64), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("size", Integer, nullable=False),
    Column("binary", Boolean, nullable=False),
    Column("code", Integer, nullable=False),
    Column("comment", Integer, nullable=False),
    Column("blank", Integer, nullable=False),
    Index("ix_file_stats_scan_id", "scan_id"),
)

language_totals = Table(
    "language_totals",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("language", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("files", Integer, nullable=False),
    Column("code", Integer, nullable=False),
    Column("comment", Integer, nullable=False),
    Column("blank", Integer, nullable=False),
    Index("ix_language_totals_scan_id", "scan_id"),
)

licence_findings = Table(
    "licence_findings",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("spdx", Text, nullable=False),
    Column("source", String(16), nullable=False),
    Column("path", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("count", Integer, nullable=False),
    Index("ix_licence_findings_scan_id", "scan_id"),
)

scan_warnings = Table(
    "scan_warnings",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("path", Text, nullable=False),
    Column("message", Text, nullable=False),
    Index("ix_scan_warnings_scan_id", "scan_id"),
)


def dependency_row(d: Dependency, **keys: int) -> dict[str, object]:
    """The row of one records.Dependency for the columns of :func:`_dependency_columns`."""
    return {
        **keys,
        "purl": d.purl,
        "package": package_key(d.purl),
        "ecosystem": d.ecosystem,
        "name": d.name,
        "version": d.version,
        "constraint": d.constraint,
        "scope": d.scope.value,
        "direct": d.direct,
        "manifest": d.manifest,
        "line": d.line,
        "fixture": d.fixture,
        "licence": d.licence,
    }


def runtime_row(r: RuntimeDeclaration, **keys: int) -> dict[str, object]:
    """The row of one records.RuntimeDeclaration (a scan's and a monthly snapshot's alike)."""
    return {
        **keys,
        "product": r.product,
        "version": r.version,
        "declared": r.declared,
        "path": r.path,
        "line": r.line,
        "source": r.source,
        "intent": r.intent,
        "allowed": r.allowed,
    }


def _dependency_columns() -> list[Column[object]]:
    """The columns of one records.Dependency (a scan's and a monthly snapshot's alike)."""
    return [
        Column("purl", Text, nullable=False),
        Column("package", Text, nullable=False),  # purl without version/qualifiers
        Column("ecosystem", String(32), nullable=False),
        Column("name", Text, nullable=False),
        Column("version", String(256), nullable=True),
        Column("constraint", Text, nullable=True),
        Column("scope", String(16), nullable=False),
        Column("direct", Boolean, nullable=False),
        Column("manifest", Text, nullable=False),
        Column("line", Integer, nullable=True),
        Column("fixture", Boolean, nullable=False),
        Column("licence", Text, nullable=True),  # SPDX expression from the lock file (0005)
    ]


dependencies = Table(
    "dependencies",
    metadata,
    _owned_by("scan_id", "scans"),
    *_dependency_columns(),
    Index("ix_dependencies_scan_package", "scan_id", "package", "manifest", "version"),
    Index("ix_dependencies_package", "package"),
)

# The package-to-package edges a lock file records (records.Dependency.depends_on): one row per
# (manifest, package) whose edges are known, ``depends_on`` the space-separated purls it
# requires ("" when it requires nothing; no row when the manifest records no edges).
dependency_edges = Table(
    "dependency_edges",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("manifest", Text, nullable=False),
    Column("purl", Text, nullable=False),
    Column("depends_on", Text, nullable=False),
    Index("ix_dependency_edges_scan_id", "scan_id"),
)

technologies = Table(
    "technologies",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("technology", String(128), nullable=False),
    Column("via", String(16), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("path", Text, nullable=False),
    Index("ix_technologies_scan_id", "scan_id"),
    Index("ix_technologies_technology", "technology"),
)

runtimes = Table(
    "runtimes",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("product", String(128), nullable=False),
    Column("version", String(128), nullable=False),
    Column("declared", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("line", Integer, nullable=True),
    Column("source", String(16), nullable=False),
    Column("intent", String(16), nullable=False, server_default="deployed"),  # 0010
    Column("allowed", Text, nullable=True),  # the range, for intent "supported" (0010)
    Index("ix_runtimes_scan_id", "scan_id"),
)


# --- History (git log) -------------------------------------------------------------------------
# Commits are numbered per repository (``seq``, oldest first, continued by incremental runs), so
# file changes refer to (repository_id, seq) and a whole history is inserted without round trips.
# Dates are epoch seconds plus the UTC offset in minutes, exact and portable across engines.


history_tips = Table(
    "history_tips",
    metadata,
    _owned_by("repository_id", "repositories", primary_key=True),
    Column("ref", String(512), nullable=False),
    Column("tip", String(64), nullable=False),
    Column("commits", Integer, nullable=False),
    Column("mined_at", DateTime(timezone=True), nullable=False),
    Column("mailmap", Text, nullable=False),  # .mailmap at the tip, applied when people resolve
)

commits = Table(
    "commits",
    metadata,
    _owned_by("repository_id", "repositories"),
    Column("seq", Integer, nullable=False),
    Column("sha", String(64), nullable=False),
    Column("parents", Text, nullable=False),  # space-separated
    Column("author_name", Text, nullable=False),
    Column("author_email", Text, nullable=False),
    Column("authored_at", BigInteger, nullable=False),
    Column("author_tz", Integer, nullable=False),
    Column("committer_email", Text, nullable=False),
    Column("committed_at", BigInteger, nullable=False),
    Column("committer_tz", Integer, nullable=False),
    Column("subject", Text, nullable=False),
    PrimaryKeyConstraint("repository_id", "seq", name="pk_commits"),
    Index("ix_commits_repository_sha", "repository_id", "sha"),
)

file_changes = Table(
    "file_changes",
    metadata,
    _owned_by("repository_id", "repositories"),
    Column("seq", Integer, nullable=False),
    Column("path", Text, nullable=False),
    Column("old_path", Text, nullable=True),
    Column("added", Integer, nullable=True),  # NULL for binary files
    Column("removed", Integer, nullable=True),
    Index("ix_file_changes_repository_seq", "repository_id", "seq"),
)

tags = Table(
    "tags",
    metadata,
    _owned_by("repository_id", "repositories"),
    Column("name", Text, nullable=False),
    Column("sha", String(64), nullable=False),
    Column("tagged_at", BigInteger, nullable=False),
    Column("tz", Integer, nullable=False),
    Index("ix_tags_repository_id", "repository_id"),
)

# Committed identity (name, email) of a repository → person key, after .mailmap and people.toml.
identities = Table(
    "identities",
    metadata,
    _owned_by("repository_id", "repositories"),
    Column("name", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("person", Text, nullable=False),
    Index("ix_identities_repository_id", "repository_id"),
)

people = Table(
    "people",
    metadata,
    Column("key", String(512), primary_key=True),
    Column("name", Text, nullable=False),
    Column("emails", Text, nullable=False),  # newline-separated
    Column("team", Text, nullable=True),
    Column("bot", Boolean, nullable=False),
)

# Why identities are one person: one row per join tried (people.toml, noreply, name, local part,
# .mailmap); applied is false when a people.toml split refused it. Rewritten with people.
person_links = Table(
    "person_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person", String(512), nullable=False),
    Column("rule", String(32), nullable=False),
    Column("value", Text, nullable=False),
    Column("left_identity", Text, nullable=False),
    Column("right_identity", Text, nullable=False),
    Column("applied", Boolean, nullable=False),
    Index("ix_person_links_person", "person"),
)

monthly_snapshots = Table(
    "monthly_snapshots",
    metadata,
    Column("id", Integer, primary_key=True),
    _owned_by("repository_id", "repositories"),
    Column("month", Date, nullable=False),
    Column("commit", String(64), nullable=False),
    Column("scanner", Integer, nullable=False, server_default="0"),
    UniqueConstraint("repository_id", "month", name="uq_monthly_snapshots_repository_month"),
)


snapshot_dependencies = Table(
    "snapshot_dependencies",
    metadata,
    _owned_by("snapshot_id", "monthly_snapshots"),
    *_dependency_columns(),
    Index("ix_snapshot_dependencies_snapshot_id", "snapshot_id"),
    Index("ix_snapshot_dependencies_package", "package"),
)

snapshot_technologies = Table(
    "snapshot_technologies",
    metadata,
    _owned_by("snapshot_id", "monthly_snapshots"),
    Column("technology", String(128), nullable=False),
    Index("ix_snapshot_technologies_snapshot_id", "snapshot_id"),
    Index("ix_snapshot_technologies_technology", "technology"),
)

snapshot_runtimes = Table(
    "snapshot_runtimes",
    metadata,
    _owned_by("snapshot_id", "monthly_snapshots"),
    Column("product", String(128), nullable=False),
    Column("version", String(128), nullable=False),
    Column("declared", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("line", Integer, nullable=True),
    Column("source", String(16), nullable=False),
    Column("intent", String(16), nullable=False, server_default="deployed"),  # 0010
    Column("allowed", Text, nullable=True),  # 0010
    Index("ix_snapshot_runtimes_snapshot_id", "snapshot_id"),
)


# --- Vulnerabilities (OSV advisories, lodestar vulns update) ------------------------------------
# One row per OSV record, replaced when a newer ``modified`` is imported; ``advisory_packages``
# the packages it affects, keyed like ``dependencies.package`` (a purl without version) so that
# matching reads only the advisories of packages in use. Lists are JSON text.

advisories = Table(
    "advisories",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("modified", DateTime(timezone=True), nullable=False),
    Column("published", DateTime(timezone=True), nullable=True),
    Column("withdrawn", DateTime(timezone=True), nullable=True),
    Column("aliases", Text, nullable=False),  # JSON list of ids
    Column("related", Text, nullable=False),  # JSON list of ids
    Column("summary", Text, nullable=False),
    Column("details", Text, nullable=False),
    Column("severity", Text, nullable=False),  # JSON list of [type, vector]
    Column("database_severity", String(32), nullable=True),
    Column("refs", Text, nullable=False),  # JSON list of URLs
    Column("source", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

advisory_packages = Table(
    "advisory_packages",
    metadata,
    Column(
        "advisory_id", String(128), ForeignKey("advisories.id", ondelete="CASCADE"), nullable=False
    ),
    Column("ecosystem", String(64), nullable=False),  # OSV's spelling ("PyPI", "crates.io")
    Column("name", Text, nullable=False),
    Column("package", Text, nullable=False),  # purl without version
    Column("ranges", Text, nullable=False),  # JSON list of {type, repo?, events: [[kind, v]]}
    Column("versions", Text, nullable=False),  # JSON list
    Index("ix_advisory_packages_package", "package"),
    Index("ix_advisory_packages_advisory_id", "advisory_id"),
)

# One row per ecosystem: the last import that brought its advisories (``lodestar vulns status``).
advisory_imports = Table(
    "advisory_imports",
    metadata,
    Column("ecosystem", String(64), primary_key=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("source", Text, nullable=False),
    Column("records", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("newest", DateTime(timezone=True), nullable=True),
)


# --- Ownership (CODEOWNERS, Backstage catalog-info.yaml), per scan ------------------------------

owner_rules = Table(
    "owner_rules",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("path", Text, nullable=False),  # the CODEOWNERS file
    Column("line", Integer, nullable=False),
    Column("pattern", Text, nullable=False),
    Column("owners", Text, nullable=False),  # space-separated
    Column("section", Text, nullable=True),
    Index("ix_owner_rules_scan_id", "scan_id"),
)

catalog_entities = Table(
    "catalog_entities",
    metadata,
    _owned_by("scan_id", "scans"),
    Column("path", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("namespace", String(256), nullable=False),
    Column("name", String(256), nullable=False),
    Column("owner", Text, nullable=True),
    Column("system", Text, nullable=True),
    Column("type", Text, nullable=True),
    Column("lifecycle", Text, nullable=True),
    Column("members", Text, nullable=False),  # space-separated
    Column("parent", Text, nullable=True),
    Column("email", Text, nullable=True),
    Column("display_name", Text, nullable=True),
    Column("tags", Text, nullable=False),  # space-separated
    Column("annotations", Text, nullable=False),  # JSON object
    Index("ix_catalog_entities_scan_id", "scan_id"),
)
