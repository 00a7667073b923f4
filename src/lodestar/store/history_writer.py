"""Write mined history: commits with their file changes, tags and the mined tip.

The job that reads git (:mod:`lodestar.ingest.history`) holds one transaction per repository
and calls these with its connection, so the commits, their file changes, the tags and the new
tip land together or not at all. Dates are stored as (epoch seconds, UTC offset in minutes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from lodestar.records import Commit, Tag
from lodestar.store.schema import (
    commits,
    file_changes,
    history_tips,
    identities,
    tags,
)

__all__ = [
    "CHANGE_COLUMNS",
    "COMMIT_COLUMNS",
    "HistoryBatch",
    "StoredTip",
    "delete_history",
    "history_batches",
    "next_seq",
    "replace_tags",
    "save_tip",
    "stored_tags",
    "stored_tip",
    "tag_rows",
    "write_commits",
    "write_history_batch",
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


class HistoryBatch(NamedTuple):
    """Rows of consecutive commits, without their repository id (a worker process builds them
    before the parent knows the id): ``commits`` in :data:`COMMIT_COLUMNS` order, ``changes`` in
    :data:`CHANGE_COLUMNS` order. Plain tuples of str, int and None: cheap to pickle."""

    commits: list[tuple[object, ...]]
    changes: list[tuple[object, ...]]


COMMIT_COLUMNS = (
    "seq",
    "sha",
    "parents",
    "author_name",
    "author_email",
    "authored_at",
    "author_tz",
    "committer_email",
    "committed_at",
    "committer_tz",
    "subject",
)
CHANGE_COLUMNS = ("seq", "path", "old_path", "added", "removed")


def history_batches(
    stream: Iterable[Commit], first_seq: int, size: int = _BATCH
) -> Iterator[HistoryBatch]:
    """The rows of ``stream``'s commits numbered from ``first_seq``, ``size`` commits a batch."""
    commit_rows: list[tuple[object, ...]] = []
    change_rows: list[tuple[object, ...]] = []
    seq = first_seq
    for c in stream:
        authored, committed = c.authored_at, c.committed_at
        commit_rows.append(
            (
                seq,
                c.sha,
                " ".join(c.parents),
                c.author_name,
                c.author_email,
                int(authored.timestamp()),
                _offset_minutes(authored),
                c.committer_email,
                int(committed.timestamp()),
                _offset_minutes(committed),
                c.subject,
            )
        )
        change_rows.extend((seq, fc.path, fc.old_path, fc.added, fc.removed) for fc in c.changes)
        seq += 1
        if len(commit_rows) >= size:
            yield HistoryBatch(commit_rows, change_rows)
            commit_rows, change_rows = [], []
    if commit_rows:
        yield HistoryBatch(commit_rows, change_rows)


def _insert_rows(
    conn: Connection, table: Table, columns: tuple[str, ...], repo_id: int, rows: list[Any]
) -> None:
    """One ``executemany`` of ``rows`` (tuples in ``columns`` order) for repository ``repo_id``.

    SQLite gets the rows as they are through the driver (no per-row dictionaries or compiled
    parameters: that cost more than SQLite's own work); other engines get SQLAlchemy's batched
    ``insertmanyvalues``.
    """
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" * (len(columns) + 1))
        names = ", ".join(("repository_id", *columns))
        conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks})",  # noqa: S608  names are ours
            [(repo_id, *row) for row in rows],
        )
        return
    conn.execute(
        insert(table),
        [dict(zip(columns, row, strict=True), repository_id=repo_id) for row in rows],
    )


def write_history_batch(conn: Connection, repo_id: int, batch: HistoryBatch) -> None:
    """Insert one batch of commit and file-change rows for repository ``repo_id``."""
    _insert_rows(conn, commits, COMMIT_COLUMNS, repo_id, batch.commits)
    _insert_rows(conn, file_changes, CHANGE_COLUMNS, repo_id, batch.changes)


def write_commits(
    conn: Connection, repo_id: int, stream: Iterable[Commit], first_seq: int
) -> tuple[int, int]:
    """Insert commits and file changes in batches; returns (commits, file changes) written."""
    n_commits = n_changes = 0
    for batch in history_batches(stream, first_seq):
        write_history_batch(conn, repo_id, batch)
        n_commits += len(batch.commits)
        n_changes += len(batch.changes)
    return n_commits, n_changes
