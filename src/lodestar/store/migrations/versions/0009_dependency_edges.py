"""Dependency edges: the package-to-package graph lock files record, for complete SBOMs.

An existing store gets the empty table; ``scan.pipeline.SCANNER_VERSION`` 3 makes the next
``lodestar scan`` redo every repository's scan, which fills it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dependency_edges",
        sa.Column(
            "scan_id",
            sa.Integer,
            sa.ForeignKey("scans.id", ondelete="CASCADE", name="fk_dependency_edges_scan_id_scans"),
            nullable=False,
        ),
        sa.Column("manifest", sa.Text, nullable=False),
        sa.Column("purl", sa.Text, nullable=False),
        sa.Column("depends_on", sa.Text, nullable=False),
    )
    op.create_index("ix_dependency_edges_scan_id", "dependency_edges", ["scan_id"])


def downgrade() -> None:
    op.drop_table("dependency_edges")
