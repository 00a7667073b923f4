"""Monthly snapshots (time travel), kept up to date incrementally.

For each month of a repository's mined history, the snapshot commit is the last commit of that
month (by committer date, in UTC) on the first-parent line of the mined tip: the state of the
main line when the month ended. A commit that mining left out (it has no readable date) is
walked through, not stopped at: its parents are read from git. A month whose stored snapshot is
already at that commit is left alone; a month whose commit changed (new commits this month, a
rewritten history) is computed again; months that no longer exist are deleted.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, func, insert, select

from lodestar.catalog.eol import load_eol
from lodestar.catalog.technologies import load_catalog
from lodestar.gitio.history import commit_headers
from lodestar.gitio.safe import GitRepository
from lodestar.records import RepositoryRef
from lodestar.scan.pipeline import SCANNER_VERSION
from lodestar.scan.snapshots import Snapshot, SnapshotCache, snapshot_at
from lodestar.store.schema import (
    commits,
    dependency_row,
    history_tips,
    monthly_snapshots,
    repositories,
    snapshot_dependencies,
    snapshot_runtimes,
    snapshot_technologies,
)


@dataclass(frozen=True, slots=True)
class SnapshotResult:
    repository: str
    months: int  # months the history spans
    computed: int  # snapshots computed in this run
    parses: int  # times the manifest parsers ran (the rest reused an identical month)
    seconds: float


def month_ends(
    tip: str, parents: dict[str, tuple[str, ...]], committed: dict[str, int]
) -> list[tuple[dt.date, str]]:
    """(first day of month, last commit of that month) along the first-parent line of ``tip``."""
    out: dict[dt.date, str] = {}
    sha: str | None = tip
    seen: set[str] = set()
    while sha is not None and sha in parents and sha not in seen:
        seen.add(sha)
        if sha in committed:  # a commit left out by mining has no date: it picks no month
            moment = dt.datetime.fromtimestamp(committed[sha], dt.UTC)
            month = dt.date(moment.year, moment.month, 1)
            if month not in out:
                out[month] = sha
        first = parents.get(sha, ())
        sha = first[0] if first else None
    return sorted(out.items())


def _bridge_left_out(
    path: str, tip: str, parents: dict[str, tuple[str, ...]], committed: dict[str, int]
) -> None:
    """Add to ``parents`` the parents of first-parent commits mining left out (no date).

    They get no date, so they never pick a month; the walk goes on through them. Only commits
    that are not stored cost a git call, so a history without such commits costs nothing.
    """
    sha: str | None = tip
    seen: set[str] = set()
    for _ in range(64):  # a run of left-out commits is read 64 deep at most
        while sha is not None and sha in parents and sha not in seen:
            seen.add(sha)
            first = parents[sha]
            sha = first[0] if first else None
        if sha is None or sha in seen or sha in committed:
            return
        found = commit_headers(GitRepository(path), [sha]).get(sha)
        if found is None:
            return
        parents[sha] = tuple(found[0].split())


def update_snapshots(
    engine: Engine,
    ref: RepositoryRef,
    *,
    catalog_dirs: tuple[str, ...] = (),
    on_month: Callable[[dt.date], None] | None = None,
) -> SnapshotResult:
    """Compute the missing or outdated monthly snapshots of one mined repository."""
    start = time.perf_counter()
    with engine.connect() as conn:
        row = conn.execute(
            select(repositories.c.id, history_tips.c.tip)
            .join(history_tips, history_tips.c.repository_id == repositories.c.id)
            .where(repositories.c.path == ref.path)
        ).first()
        if row is None:
            return SnapshotResult(ref.name, 0, 0, 0, time.perf_counter() - start)
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
                        monthly_snapshots.c.scanner >= SCANNER_VERSION,
                    )
                )
            )
        ).scalar()
        if done:
            return SnapshotResult(ref.name, int(done), 0, 0, time.perf_counter() - start)
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
            r.month: (int(r.id), r.commit if r.scanner >= SCANNER_VERSION else "")
            for r in conn.execute(
                select(
                    monthly_snapshots.c.id,
                    monthly_snapshots.c.month,
                    monthly_snapshots.c.commit,
                    monthly_snapshots.c.scanner,
                ).where(monthly_snapshots.c.repository_id == repo_id)
            )
        }
    _bridge_left_out(ref.path, tip, parents, committed)
    wanted = month_ends(tip, parents, committed)
    wanted_months = {m for m, _ in wanted}
    gone = [sid for month, (sid, _c) in stored.items() if month not in wanted_months]
    todo = [(m, c) for m, c in wanted if stored.get(m, (0, ""))[1] != c]
    if gone:
        with engine.begin() as conn:
            conn.execute(delete(monthly_snapshots).where(monthly_snapshots.c.id.in_(gone)))
    if not todo:
        return SnapshotResult(ref.name, len(wanted), 0, 0, time.perf_counter() - start)
    git = GitRepository(ref.path)
    catalog = load_catalog(tuple(Path(d) for d in catalog_dirs))
    eol = load_eol(tuple(Path(d) / "eol" for d in catalog_dirs if (Path(d) / "eol").is_dir()))
    cache = SnapshotCache()
    # oldest first, so consecutive months share the cache
    for month, commit in todo:
        snap = snapshot_at(git, commit, catalog=catalog, eol=eol, cache=cache)
        _save(engine, repo_id, month, snap, stored.get(month))
        if on_month is not None:
            on_month(month)
    return SnapshotResult(
        ref.name, len(wanted), len(todo), cache.parses, time.perf_counter() - start
    )


def _save(
    engine: Engine, repo_id: int, month: dt.date, snap: Snapshot, old: tuple[int, str] | None
) -> None:
    """One month in one transaction: the old snapshot of that month goes, the new one lands."""
    with engine.begin() as conn:
        if old is not None:
            conn.execute(delete(monthly_snapshots).where(monthly_snapshots.c.id == old[0]))
        sid = int(
            conn.execute(
                insert(monthly_snapshots).values(
                    repository_id=repo_id, month=month, commit=snap.commit, scanner=SCANNER_VERSION
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
                [
                    {
                        "snapshot_id": sid,
                        "product": r.product,
                        "version": r.version,
                        "declared": r.declared,
                        "path": r.path,
                        "line": r.line,
                        "source": r.source,
                        "intent": r.intent,
                        "allowed": r.allowed,
                    }
                    for r in snap.runtimes
                ],
            )
