"""Indexes for ordered lists: dependencies by (scan, package, manifest, version), repositories
by name, so that a page of the dependency list is read in index order instead of sorting every
row of the organisation.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_dependencies_scan_package",
        "dependencies",
        ["scan_id", "package", "manifest", "version"],
    )
    op.drop_index("ix_dependencies_scan_id", table_name="dependencies")
    op.create_index("ix_repositories_name", "repositories", ["name"])


def downgrade() -> None:
    op.drop_index("ix_repositories_name", table_name="repositories")
    op.create_index("ix_dependencies_scan_id", "dependencies", ["scan_id"])
    op.drop_index("ix_dependencies_scan_package", table_name="dependencies")
