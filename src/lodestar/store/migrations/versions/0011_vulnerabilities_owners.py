"""Vulnerabilities and ownership: OSV advisories, CODEOWNERS rules, Backstage entities.

``advisories`` holds one OSV record per id (``lodestar vulns update``), ``advisory_packages``
the packages each affects keyed like ``dependencies.package``, ``advisory_imports`` the last
import per ecosystem (``lodestar vulns status``). ``owner_rules`` and ``catalog_entities`` hang
off a scan like its other observations; the scanner version went up with them, so the next
``lodestar scan`` reads them for every repository.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _scan_id(table: str) -> sa.Column[int]:
    return sa.Column(
        "scan_id",
        sa.Integer(),
        sa.ForeignKey("scans.id", name=f"fk_{table}_scan_id_scans", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "advisories",
        sa.Column("id", sa.String(128), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("related", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("severity", sa.Text(), nullable=False),
        sa.Column("database_severity", sa.String(32), nullable=True),
        sa.Column("refs", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_advisories"),
    )
    op.create_table(
        "advisory_packages",
        sa.Column(
            "advisory_id",
            sa.String(128),
            sa.ForeignKey(
                "advisories.id",
                name="fk_advisory_packages_advisory_id_advisories",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column("ecosystem", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("package", sa.Text(), nullable=False),
        sa.Column("ranges", sa.Text(), nullable=False),
        sa.Column("versions", sa.Text(), nullable=False),
    )
    op.create_index("ix_advisory_packages_package", "advisory_packages", ["package"])
    op.create_index("ix_advisory_packages_advisory_id", "advisory_packages", ["advisory_id"])
    op.create_table(
        "advisory_imports",
        sa.Column("ecosystem", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("newest", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("ecosystem", name="pk_advisory_imports"),
    )
    op.create_table(
        "owner_rules",
        _scan_id("owner_rules"),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("pattern", sa.Text(), nullable=False),
        sa.Column("owners", sa.Text(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
    )
    op.create_index("ix_owner_rules_scan_id", "owner_rules", ["scan_id"])
    op.create_table(
        "catalog_entities",
        _scan_id("catalog_entities"),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("namespace", sa.String(256), nullable=False),
        sa.Column("name", sa.String(256), nullable=False),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("system", sa.Text(), nullable=True),
        sa.Column("type", sa.Text(), nullable=True),
        sa.Column("lifecycle", sa.Text(), nullable=True),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("parent", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("annotations", sa.Text(), nullable=False),
    )
    op.create_index("ix_catalog_entities_scan_id", "catalog_entities", ["scan_id"])


def downgrade() -> None:
    for table in (
        "catalog_entities",
        "owner_rules",
        "advisory_imports",
        "advisory_packages",
        "advisories",
    ):
        op.drop_table(table)
