"""Tables of the store (SQLAlchemy Core).

One row in ``scans`` per (repository, commit) scanned; every observation of that scan hangs off
it, so a scan is written, replaced or discarded as one unit. ``repositories.current_scan_id``
points at the scan the reports use. Alembic migrations in ``migrations/`` create these tables;
this module is the model they are checked against.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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
    Column("last_error", Text, nullable=True),
)

scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "repository_id",
        Integer,
        ForeignKey("repositories.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("commit", String(64), nullable=False),
    Column("ref", String(512), nullable=False),
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
    UniqueConstraint("repository_id", "commit", name="uq_scans_repository_commit"),
)

file_stats = Table(
    "file_stats",
    metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
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
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
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
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
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
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("path", Text, nullable=False),
    Column("message", Text, nullable=False),
    Index("ix_scan_warnings_scan_id", "scan_id"),
)

dependencies = Table(
    "dependencies",
    metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("purl", Text, nullable=False),
    Column("package", Text, nullable=False),  # purl without version/qualifiers: the package
    Column("ecosystem", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("version", String(256), nullable=True),
    Column("constraint", Text, nullable=True),
    Column("scope", String(16), nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("manifest", Text, nullable=False),
    Column("line", Integer, nullable=True),
    Column("fixture", Boolean, nullable=False),
    Index("ix_dependencies_scan_id", "scan_id"),
    Index("ix_dependencies_package", "package"),
)

technologies = Table(
    "technologies",
    metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
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
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("product", String(128), nullable=False),
    Column("version", String(128), nullable=False),
    Column("declared", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("line", Integer, nullable=True),
    Column("source", String(16), nullable=False),
    Index("ix_runtimes_scan_id", "scan_id"),
)
