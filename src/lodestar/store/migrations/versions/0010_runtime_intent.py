"""Runtime intent: what a runtime declaration states, and the range a library supports.

``intent`` is ``deployed`` (the version that runs: ``.nvmrc``, an image tag, a lock file),
``supported`` (a range a library supports: ``requires-python``, ``engines.node``) or
``development`` (a dev container image); ``allowed`` keeps a supported declaration's range, so
that end-of-life judging can tell a range whose every version is past its end of life from one
that merely still admits an old version. Rows written before get ``deployed`` and no range; the
scanner version went up with this change, so the next ``lodestar scan`` redoes those scans and
their monthly snapshots.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TABLES = ("runtimes", "snapshot_runtimes")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(
            table,
            sa.Column("intent", sa.String(16), nullable=False, server_default="deployed"),
        )
        op.add_column(table, sa.Column("allowed", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("allowed")
            batch.drop_column("intent")
