"""Write monthly snapshots, and read what the job that computes them needs to know.

:func:`snapshot_progress` reads, in one connection, where a mined repository's snapshots stand:
its mined tip, whether the snapshot at the tip is already current (then nothing else is read),
its commit graph and the stored months. :func:`save_snapshot` writes one month in one
transaction. The job itself (which months, and reading them from git) is
:mod:`lodestar.ingest.snapshots`; the snapshots are read back by
:func:`lodestar.store.history.monthly_snapshots`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, func, insert, select

from lodestar.records.snapshots import Snapshot
from lodestar.store.schema import (
    commits,
    dependency_row,
    history_tips,
    monthly_snapshots,
    repositories,
    runtime_row,
    snapshot_dependencies,
    snapshot_runtimes,
    snapshot_technologies,
)

__all__ = ["SnapshotProgress", "delete_snapshots", "save_snapshot", "snapshot_progress"]


@dataclass(frozen=True, slots=True)
class SnapshotProgress:
    """Where the stored snapshots of one mined repository stand."""

    repository_id: int
    tip: str
    # months stored when the snapshot at the tip is current (months are computed oldest
    # first, so every month up to the tip is then done and nothing more is read); else 0
    done: int
    parents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sha → parent shas
    committed: dict[str, int] = field(default_factory=dict)  # sha → committer epoch seconds
    # month → (snapshot id, its commit, or "" when an older scanner made it: it is redone)
    months: dict[dt.date, tuple[int, str]] = field(default_factory=dict)


def snapshot_progress(engine: Engine, path: str, scanner: int) -> SnapshotProgress | None:
    """The snapshots of the repository at ``path`` as the scanner version ``scanner`` sees
    them; None when its history was never mined."""
    with engine.connect() as conn:
        row = conn.execute(
            select(repositories.c.id, history_tips.c.tip)
            .join(history_tips, history_tips.c.repository_id == repositories.c.id)
            .where(repositories.c.path == path)
        ).first()
        if row is None:
            return None
        repo_id, tip = int(row.id), str(row.tip)
        # Months are computed oldest first, so a stored snapshot at the tip means every month
        # up to the tip is done: nothing to read.
        done = conn.execute(
            select(func.count())
            .select_from(monthly_snapshots)
            .where(monthly_snapshots.c.repository_id == repo_id)
            .where(
                monthly_snapshots.c.repository_id.in_(
                    select(monthly_snapshots.c.repository_id).where(
                        monthly_snapshots.c.repository_id == repo_id,
                        monthly_snapshots.c.commit == tip,
                        monthly_snapshots.c.scanner >= scanner,
                    )
                )
            )
        ).scalar()
        if done:
            return SnapshotProgress(repo_id, tip, int(done))
        parents: dict[str, tuple[str, ...]] = {}
        committed: dict[str, int] = {}
        for sha, parent_list, when in conn.execute(
            select(commits.c.sha, commits.c.parents, commits.c.committed_at).where(
                commits.c.repository_id == repo_id
            )
        ):
            parents[sha] = tuple(parent_list.split())
            committed[sha] = int(when)
        stored = {
            # a snapshot made by an older scanner is redone: its commit does not count as done
            r.month: (int(r.id), r.commit if r.scanner >= scanner else "")
            for r in conn.execute(
                select(
                    monthly_snapshots.c.id,
                    monthly_snapshots.c.month,
                    monthly_snapshots.c.commit,
                    monthly_snapshots.c.scanner,
                ).where(monthly_snapshots.c.repository_id == repo_id)
            )
        }
    return SnapshotProgress(repo_id, tip, 0, parents, committed, stored)


def delete_snapshots(engine: Engine, ids: Sequence[int]) -> None:
    """Delete the stored snapshots ``ids`` (months the history no longer has)."""
    with engine.begin() as conn:
        conn.execute(delete(monthly_snapshots).where(monthly_snapshots.c.id.in_(ids)))


def save_snapshot(
    engine: Engine, repo_id: int, month: dt.date, snap: Snapshot, old: tuple[int, str] | None
) -> None:
    """One month in one transaction: the old snapshot of that month goes, the new one lands
    with the scanner version that made it."""
    with engine.begin() as conn:
        if old is not None:
            conn.execute(delete(monthly_snapshots).where(monthly_snapshots.c.id == old[0]))
        sid = int(
            conn.execute(
                insert(monthly_snapshots).values(
                    repository_id=repo_id, month=month, commit=snap.commit, scanner=snap.scanner
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        )
        if snap.technologies:
            conn.execute(
                insert(snapshot_technologies),
                [{"snapshot_id": sid, "technology": t} for t in snap.technologies],
            )
        if snap.dependencies:
            conn.execute(
                insert(snapshot_dependencies),
                [dependency_row(d, snapshot_id=sid) for d in snap.dependencies],
            )
        if snap.runtimes:
            conn.execute(
                insert(snapshot_runtimes),
                [runtime_row(r, snapshot_id=sid) for r in snap.runtimes],
            )
