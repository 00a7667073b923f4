"""Dependency licences: a nullable ``licence`` column (an SPDX expression, as the lock file
declares it) on ``dependencies`` and ``snapshot_dependencies``. Rows written before stay NULL
(unknown) until their repository is scanned again; migration 0006 records the scanner version
so that the next ``lodestar scan`` redoes scans and monthly snapshots made before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TABLES = ("dependencies", "snapshot_dependencies")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("licence", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("licence")
