"""Third-party notice evidence: what a scan saw of vendored components and the committed notice.

``scans.notices`` holds :class:`lodestar.records.notices.NoticeEvidence` as JSON
(:mod:`lodestar.store.notices`); NULL for scans made before scanner version 7, which the next
``lodestar scan`` redoes.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("scans", sa.Column("notices", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.drop_column("notices")
