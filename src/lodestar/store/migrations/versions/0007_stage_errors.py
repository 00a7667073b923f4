"""Stage errors: why the last history mining or monthly snapshot run of a repository failed.

``repositories.last_error`` already keeps why the last inventory scan failed; ``history_error``
and ``snapshots_error`` do the same for the later stages, so ``lodestar repos``, the report and
the cockpit can show every failure and its reason, not only the run that met it. A later run
of the stage that succeeds sets the column back to NULL.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_COLUMNS = ("history_error", "snapshots_error")


def upgrade() -> None:
    for column in _COLUMNS:
        op.add_column("repositories", sa.Column(column, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("repositories") as batch:
        for column in _COLUMNS:
            batch.drop_column(column)
