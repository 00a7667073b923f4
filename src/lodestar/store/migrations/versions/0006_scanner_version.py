"""Scanner version: which version of the scanner made each stored scan and monthly snapshot
(``lodestar.scan.pipeline.SCANNER_VERSION``). Rows written before get 0, so the next
``lodestar scan`` redoes them once, even on an unchanged commit, and what a newer scanner
observes (dependency licences, since 0005) reaches existing stores without ``--force``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TABLES = ("scans", "monthly_snapshots")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("scanner", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("scanner")
