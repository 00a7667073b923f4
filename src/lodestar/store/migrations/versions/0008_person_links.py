"""Person links: why identities are one person (the evidence of automatic identity merging).

Rows are written by ``refresh_people`` whenever people are resolved; an existing store gets the
empty table, filled by the next ``lodestar scan``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_links",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("person", sa.String(512), nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("left_identity", sa.Text, nullable=False),
        sa.Column("right_identity", sa.Text, nullable=False),
        sa.Column("applied", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_person_links"),
    )
    op.create_index("ix_person_links_person", "person_links", ["person"])


def downgrade() -> None:
    op.drop_table("person_links")
