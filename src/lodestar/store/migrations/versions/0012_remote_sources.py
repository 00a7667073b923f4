"""Remote sources: where a mirrored repository comes from and what its forge says of it.

A repository Lodestar mirrors (``[sources]`` urls, lists, forges) keeps its clone URL (without
credentials), the forge that listed it (``github``/``gitlab``; NULL for a URL or list entry),
its default branch, whether it is archived or a fork, its topics (a JSON array), visibility and
web page. Every column is NULL for a repository found on disk.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("remote_url", sa.Text()),
    ("forge", sa.String(32)),
    ("default_branch", sa.String(255)),
    ("archived", sa.Boolean()),
    ("fork", sa.Boolean()),
    ("topics", sa.Text()),
    ("visibility", sa.String(32)),
    ("web_url", sa.Text()),
)


def upgrade() -> None:
    for name, kind in _COLUMNS:
        op.add_column("repositories", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("repositories") as batch:
        for name, _ in _COLUMNS:
            batch.drop_column(name)
