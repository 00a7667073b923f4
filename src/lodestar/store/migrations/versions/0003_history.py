"""History: commits, file changes, tags, identities, people, mined tips, monthly snapshots.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _repository_id(table: str, *, primary_key: bool = False) -> sa.Column[int]:
    return sa.Column(
        "repository_id",
        sa.Integer,
        sa.ForeignKey(
            "repositories.id", ondelete="CASCADE", name=f"fk_{table}_repository_id_repositories"
        ),
        nullable=False,
        primary_key=primary_key,
    )


def _snapshot_id(table: str) -> sa.Column[int]:
    return sa.Column(
        "snapshot_id",
        sa.Integer,
        sa.ForeignKey(
            "monthly_snapshots.id",
            ondelete="CASCADE",
            name=f"fk_{table}_snapshot_id_monthly_snapshots",
        ),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "history_tips",
        _repository_id("history_tips", primary_key=True),
        sa.Column("ref", sa.String(512), nullable=False),
        sa.Column("tip", sa.String(64), nullable=False),
        sa.Column("commits", sa.Integer, nullable=False),
        sa.Column("mined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mailmap", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("repository_id", name="pk_history_tips"),
    )
    op.create_table(
        "commits",
        _repository_id("commits"),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("sha", sa.String(64), nullable=False),
        sa.Column("parents", sa.Text, nullable=False),
        sa.Column("author_name", sa.Text, nullable=False),
        sa.Column("author_email", sa.Text, nullable=False),
        sa.Column("authored_at", sa.BigInteger, nullable=False),
        sa.Column("author_tz", sa.Integer, nullable=False),
        sa.Column("committer_email", sa.Text, nullable=False),
        sa.Column("committed_at", sa.BigInteger, nullable=False),
        sa.Column("committer_tz", sa.Integer, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("repository_id", "seq", name="pk_commits"),
    )
    op.create_index("ix_commits_repository_sha", "commits", ["repository_id", "sha"])
    op.create_table(
        "file_changes",
        _repository_id("file_changes"),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("old_path", sa.Text, nullable=True),
        sa.Column("added", sa.Integer, nullable=True),
        sa.Column("removed", sa.Integer, nullable=True),
    )
    op.create_index("ix_file_changes_repository_seq", "file_changes", ["repository_id", "seq"])
    op.create_table(
        "tags",
        _repository_id("tags"),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sha", sa.String(64), nullable=False),
        sa.Column("tagged_at", sa.BigInteger, nullable=False),
        sa.Column("tz", sa.Integer, nullable=False),
    )
    op.create_index("ix_tags_repository_id", "tags", ["repository_id"])
    op.create_table(
        "identities",
        _repository_id("identities"),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("person", sa.Text, nullable=False),
    )
    op.create_index("ix_identities_repository_id", "identities", ["repository_id"])
    op.create_table(
        "people",
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("emails", sa.Text, nullable=False),
        sa.Column("team", sa.Text, nullable=True),
        sa.Column("bot", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_people"),
    )
    op.create_table(
        "monthly_snapshots",
        sa.Column("id", sa.Integer, nullable=False),
        _repository_id("monthly_snapshots"),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("commit", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_monthly_snapshots"),
        sa.UniqueConstraint("repository_id", "month", name="uq_monthly_snapshots_repository_month"),
    )
    op.create_table(
        "snapshot_dependencies",
        _snapshot_id("snapshot_dependencies"),
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
    op.create_index(
        "ix_snapshot_dependencies_snapshot_id", "snapshot_dependencies", ["snapshot_id"]
    )
    op.create_index("ix_snapshot_dependencies_package", "snapshot_dependencies", ["package"])
    op.create_table(
        "snapshot_technologies",
        _snapshot_id("snapshot_technologies"),
        sa.Column("technology", sa.String(128), nullable=False),
    )
    op.create_index(
        "ix_snapshot_technologies_snapshot_id", "snapshot_technologies", ["snapshot_id"]
    )
    op.create_index("ix_snapshot_technologies_technology", "snapshot_technologies", ["technology"])
    op.create_table(
        "snapshot_runtimes",
        _snapshot_id("snapshot_runtimes"),
        sa.Column("product", sa.String(128), nullable=False),
        sa.Column("version", sa.String(128), nullable=False),
        sa.Column("declared", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("line", sa.Integer, nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
    )
    op.create_index("ix_snapshot_runtimes_snapshot_id", "snapshot_runtimes", ["snapshot_id"])


def downgrade() -> None:
    for table in (
        "snapshot_runtimes",
        "snapshot_technologies",
        "snapshot_dependencies",
        "monthly_snapshots",
        "people",
        "identities",
        "tags",
        "file_changes",
        "commits",
        "history_tips",
    ):
        op.drop_table(table)
