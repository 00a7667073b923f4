"""Write mined history: commits with their file changes, tags and the mined tip.

The job that reads git (:mod:`lodestar.ingest.history`) holds one transaction per repository
and calls these with its connection, so the commits, their file changes, the tags and the new
tip land together or not at all. Dates are stored as (epoch seconds, UTC offset in minutes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, delete, func, insert, select, update

from lodestar.records import Commit, Tag
from lodestar.store.schema import (
    commits,
    file_changes,
    history_tips,
    identities,
    tags,
)

__all__ = [
    "StoredTip",
    "delete_history",
    "next_seq",
    "replace_tags",
    "save_tip",
    "stored_tags",
    "stored_tip",
    "tag_rows",
    "write_commits",
]

_BATCH = 2000  # commits per executemany round


def _offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def tag_rows(repo_id: int, found: Iterable[Tag]) -> list[dict[str, object]]:
    """The rows of ``found`` for the repository ``repo_id``."""
    return [
        {
            "repository_id": repo_id,
            "name": t.name,
            "sha": t.sha,
            "tagged_at": int(t.date.timestamp()),
            "tz": _offset_minutes(t.date),
        }
        for t in found
    ]


def replace_tags(conn: Connection, repo_id: int, rows: list[dict[str, object]]) -> None:
    """The repository's stored tags become ``rows``."""
    conn.execute(delete(tags).where(tags.c.repository_id == repo_id))
    if rows:
        conn.execute(insert(tags), rows)


def stored_tags(conn: Connection, repo_id: int) -> list[dict[str, object]]:
    """The repository's stored tag rows, as :func:`tag_rows` makes them."""
    return [
        dict(r._mapping)
        for r in conn.execute(
            select(
                tags.c.repository_id, tags.c.name, tags.c.sha, tags.c.tagged_at, tags.c.tz
            ).where(tags.c.repository_id == repo_id)
        )
    ]


def delete_history(conn: Connection, repo_id: int) -> None:
    """Forget the repository's mined history: commits, file changes, tags, identities, tip."""
    for table in (file_changes, commits, tags, identities):
        conn.execute(delete(table).where(table.c.repository_id == repo_id))
    conn.execute(delete(history_tips).where(history_tips.c.repository_id == repo_id))


class StoredTip(NamedTuple):
    """Where a repository's stored history stands: its mined tip and how many commits it holds."""

    tip: str
    commits: int


def stored_tip(conn: Connection, repo_id: int) -> StoredTip | None:
    """The repository's mined tip, or None when its history was never mined."""
    row = conn.execute(
        select(history_tips.c.tip, history_tips.c.commits).where(
            history_tips.c.repository_id == repo_id
        )
    ).first()
    return None if row is None else StoredTip(str(row.tip), int(row.commits))


def next_seq(conn: Connection, repo_id: int) -> int:
    """The mining order of the next commit appended to the repository's history."""
    last = conn.execute(
        select(func.max(commits.c.seq)).where(commits.c.repository_id == repo_id)
    ).scalar()
    return 0 if last is None else int(last) + 1


def save_tip(conn: Connection, repo_id: int, values: dict[str, object], *, appended: bool) -> None:
    """Store the mined tip (``ref``, ``tip``, ``commits``, ``mined_at``, ``mailmap``): updated
    when the run appended to the stored history, inserted when it mined it whole."""
    if appended:
        conn.execute(
            update(history_tips).where(history_tips.c.repository_id == repo_id).values(values)
        )
    else:
        conn.execute(insert(history_tips).values(repository_id=repo_id, **values))


def write_commits(
    conn: Connection, repo_id: int, stream: Iterable[Commit], first_seq: int
) -> tuple[int, int]:
    """Insert commits and file changes in batches; returns (commits, file changes) written."""
    commit_rows: list[dict[str, object]] = []
    change_rows: list[dict[str, object]] = []
    seq = first_seq
    n_commits = n_changes = 0
    for c in stream:
        commit_rows.append(
            {
                "repository_id": repo_id,
                "seq": seq,
                "sha": c.sha,
                "parents": " ".join(c.parents),
                "author_name": c.author_name,
                "author_email": c.author_email,
                "authored_at": int(c.authored_at.timestamp()),
                "author_tz": _offset_minutes(c.authored_at),
                "committer_email": c.committer_email,
                "committed_at": int(c.committed_at.timestamp()),
                "committer_tz": _offset_minutes(c.committed_at),
                "subject": c.subject,
            }
        )
        change_rows.extend(
            {
                "repository_id": repo_id,
                "seq": seq,
                "path": fc.path,
                "old_path": fc.old_path,
                "added": fc.added,
                "removed": fc.removed,
            }
            for fc in c.changes
        )
        seq += 1
        if len(commit_rows) >= _BATCH:
            n_commits += len(commit_rows)
            n_changes += len(change_rows)
            conn.execute(insert(commits), commit_rows)
            if change_rows:
                conn.execute(insert(file_changes), change_rows)
            commit_rows, change_rows = [], []
    if commit_rows:
        conn.execute(insert(commits), commit_rows)
    if change_rows:
        conn.execute(insert(file_changes), change_rows)
    return n_commits + len(commit_rows), n_changes + len(change_rows)
