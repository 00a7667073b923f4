"""Initial store: repositories, scans and what a scan observes.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "repositories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("bare", sa.Boolean, nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("current_scan_id", sa.Integer, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_repositories"),
        sa.UniqueConstraint("path", name="uq_repositories_path"),
    )
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "repository_id",
            sa.Integer,
            sa.ForeignKey(
                "repositories.id",
                ondelete="CASCADE",
                name="fk_scans_repository_id_repositories",
            ),
            nullable=False,
        ),
        sa.Column("commit", sa.String(64), nullable=False),
        sa.Column("ref", sa.String(512), nullable=False),
        sa.Column("committed_at", sa.String(40), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("files", sa.Integer, nullable=False),
        sa.Column("own_code", sa.Integer, nullable=False),
        sa.Column("licence", sa.Text, nullable=True),
        sa.Column("licence_declared", sa.Text, nullable=True),
        sa.Column("licence_detected", sa.Text, nullable=True),
        sa.Column("licence_status", sa.String(16), nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scans"),
        sa.UniqueConstraint("repository_id", "commit", name="uq_scans_repository_commit"),
    )
    children: dict[str, list[sa.Column[Any]]] = {
        "file_stats": [
            sa.Column("path", sa.Text, nullable=False),
            sa.Column("language", sa.String(64), nullable=True),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("size", sa.Integer, nullable=False),
            sa.Column("binary", sa.Boolean, nullable=False),
            sa.Column("code", sa.Integer, nullable=False),
            sa.Column("comment", sa.Integer, nullable=False),
            sa.Column("blank", sa.Integer, nullable=False),
        ],
        "language_totals": [
            sa.Column("language", sa.String(64), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("files", sa.Integer, nullable=False),
            sa.Column("code", sa.Integer, nullable=False),
            sa.Column("comment", sa.Integer, nullable=False),
            sa.Column("blank", sa.Integer, nullable=False),
        ],
        "licence_findings": [
            sa.Column("spdx", sa.Text, nullable=False),
            sa.Column("source", sa.String(16), nullable=False),
            sa.Column("path", sa.Text, nullable=False),
            sa.Column("confidence", sa.Float, nullable=False),
            sa.Column("count", sa.Integer, nullable=False),
        ],
        "scan_warnings": [
            sa.Column("path", sa.Text, nullable=False),
            sa.Column("message", sa.Text, nullable=False),
        ],
    }
    for table, columns in children.items():
        op.create_table(
            table,
            sa.Column(
                "scan_id",
                sa.Integer,
                sa.ForeignKey("scans.id", ondelete="CASCADE", name=f"fk_{table}_scan_id_scans"),
                nullable=False,
            ),
            *columns,
        )
        op.create_index(f"ix_{table}_scan_id", table, ["scan_id"])


def downgrade() -> None:
    for table in ("scan_warnings", "licence_findings", "language_totals", "file_stats"):
        op.drop_table(table)
    op.drop_table("scans")
    op.drop_table("repositories")
