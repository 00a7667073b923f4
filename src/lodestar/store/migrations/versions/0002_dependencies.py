"""Dependencies, technologies and declared runtimes of each scan.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _scan_id(table: str) -> sa.Column[int]:
    return sa.Column(
        "scan_id",
        sa.Integer,
        sa.ForeignKey("scans.id", ondelete="CASCADE", name=f"fk_{table}_scan_id_scans"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "dependencies",
        _scan_id("dependencies"),
        sa.Column("purl", sa.Text, nullable=False),
        sa.Column("package", sa.Text, nullable=False),
        sa.Column("ecosystem", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("version", sa.String(256), nullable=True),
        sa.Column("constraint", sa.Text, nullable=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("direct", sa.Boolean, nullable=False),
        sa.Column("manifest", sa.Text, nullable=False),
        sa.Column("line", sa.Integer, nullable=True),
        sa.Column("fixture", sa.Boolean, nullable=False),
    )
    op.create_index("ix_dependencies_scan_id", "dependencies", ["scan_id"])
    op.create_index("ix_dependencies_package", "dependencies", ["package"])
    op.create_table(
        "technologies",
        _scan_id("technologies"),
        sa.Column("technology", sa.String(128), nullable=False),
        sa.Column("via", sa.String(16), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
    )
    op.create_index("ix_technologies_scan_id", "technologies", ["scan_id"])
    op.create_index("ix_technologies_technology", "technologies", ["technology"])
    op.create_table(
        "runtimes",
        _scan_id("runtimes"),
        sa.Column("product", sa.String(128), nullable=False),
        sa.Column("version", sa.String(128), nullable=False),
        sa.Column("declared", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("line", sa.Integer, nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
    )
    op.create_index("ix_runtimes_scan_id", "runtimes", ["scan_id"])


def downgrade() -> None:
    for table in ("runtimes", "technologies", "dependencies"):
        op.drop_table(table)
