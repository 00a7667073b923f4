"""Mine git history into the store, incrementally.

Per repository, the commit the mined ref pointed at last time (its *tip*) is stored:

* unchanged tip: nothing is read but the tags (one ``for-each-ref``);
* the old tip is an ancestor of the new one: only ``old..new`` is read and appended;
* otherwise (force push, rewritten history, another ref): the whole history is read again and
  replaces the stored one.

Each run of one repository is one transaction: the commits, their file changes, the tags and
the new tip land together or not at all. One odd commit never costs the repository its history:
a commit or tag with a malformed date is kept with the date git reads (or its other date), one
with no readable date is left out, and each comes back as a warning naming the repository in
:attr:`MineResult.warnings` (tags are peeled through any number of tag objects).

After mining, :func:`refresh_people` (in :mod:`lodestar.store.people`, re-exported here)
resolves every committed identity of every repository to a person; it is cheap and runs
whenever the people file may have changed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from lodestar.errors import GitError
from lodestar.gitio.history import (
    commit_headers,
    is_ancestor,
    list_tags,
    peel_tags,
    read_mailmap,
    resolve_tip,
    stream_log,
)
from lodestar.gitio.safe import GitRepository
from lodestar.records import Commit, HistoryWarning, RepositoryRef, Tag
from lodestar.scan.history import parse_log, parse_tags, tags_to_peel
from lodestar.store.people import refresh_people
from lodestar.store.schema import (
    commits,
    file_changes,
    history_tips,
    identities,
    tags,
)
from lodestar.store.writer import ensure_repository

__all__ = ["MineResult", "mine_repository", "refresh_people"]

_BATCH = 2000  # commits per executemany round
MAX_WARNINGS = 50  # per repository and run; the rest are counted in one last warning


@dataclass(frozen=True, slots=True)
class MineResult:
    repository: str
    status: str  # "mined" | "appended" | "replaced" | "unchanged" | "empty"
    tip: str | None
    commits: int  # commits read in this run
    changes: int  # file changes read in this run
    seconds: float
    # commits and tags read with odd dates, or left out (at most MAX_WARNINGS + 1), and
    # whole-repository notes (item "history"): a shallow or partial clone, commits read
    # without file changes
    warnings: tuple[HistoryWarning, ...] = ()


def _offset_minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def _tag_rows(repo_id: int, found: Iterable[Tag]) -> list[dict[str, object]]:
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


def _replace_tags(conn: Connection, repo_id: int, rows: list[dict[str, object]]) -> None:
    conn.execute(delete(tags).where(tags.c.repository_id == repo_id))
    if rows:
        conn.execute(insert(tags), rows)


def _stored_tags(conn: Connection, repo_id: int) -> list[dict[str, object]]:
    return [
        dict(r._mapping)
        for r in conn.execute(
            select(
                tags.c.repository_id, tags.c.name, tags.c.sha, tags.c.tagged_at, tags.c.tz
            ).where(tags.c.repository_id == repo_id)
        )
    ]


def read_tags(repo: GitRepository, name: str, warnings: list[HistoryWarning]) -> list[Tag]:
    """Every tag of ``repo`` peeled to its commit and dated (see ``scan.history.parse_tags``)."""
    raw = list_tags(repo)
    deep = tags_to_peel(raw)
    peeled = peel_tags(repo, deep) if deep else {}
    headers = commit_headers(repo, peeled.values()) if peeled else {}
    dates = {sha: date for sha, (_parents, date) in headers.items()}
    return parse_tags(raw, peeled=peeled, commit_dates=dates, repository=name, warnings=warnings)


def _capped(name: str, warnings: list[HistoryWarning]) -> tuple[HistoryWarning, ...]:
    if len(warnings) <= MAX_WARNINGS:
        return tuple(warnings)
    more = len(warnings) - MAX_WARNINGS
    rest = HistoryWarning(name, "history", f"{more} more commits or tags with odd dates")
    return (*warnings[:MAX_WARNINGS], rest)


def _delete_history(conn: Connection, repo_id: int) -> None:
    for table in (file_changes, commits, tags, identities):
        conn.execute(delete(table).where(table.c.repository_id == repo_id))
    conn.execute(delete(history_tips).where(history_tips.c.repository_id == repo_id))


def _write_commits(
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


def mine_repository(engine: Engine, ref: RepositoryRef, rev: str = "HEAD") -> MineResult:
    """Bring one repository's stored history up to ``rev`` (see the module docstring).

    A shallow clone is mined as far as it goes, with a warning. A partial clone's commits are
    read without file changes (``git log --numstat`` would need blobs that are absent, and
    Lodestar never fetches); so are a repository's whose objects git cannot diff (corrupt).
    """
    repo = GitRepository(ref.path)
    notes: list[str] = []
    if repo.is_shallow:
        notes.append("shallow clone: history is partial (git fetch --unshallow to mine all of it)")
    numstat = not repo.is_partial_clone
    if not numstat:
        notes.append(
            "partial clone: commits read without file changes (their blobs are not present "
            "and are never fetched)"
        )
    try:
        result = _mine(engine, ref, rev, repo, numstat=numstat)
    except GitError:
        if not numstat:
            raise
        result = _mine(engine, ref, rev, repo, numstat=False)
        notes.append(
            "commits read without file changes: git could not diff them (missing or corrupt "
            "objects; git fsck says which)"
        )
    whole = tuple(HistoryWarning(ref.name, "history", note) for note in notes)
    return replace(result, warnings=whole + result.warnings)


def _mine(
    engine: Engine, ref: RepositoryRef, rev: str, repo: GitRepository, *, numstat: bool
) -> MineResult:
    start = time.perf_counter()
    tip = resolve_tip(repo, rev)
    warnings: list[HistoryWarning] = []
    found_tags = _tag_rows(0, read_tags(repo, ref.name, warnings))
    with engine.begin() as conn:
        repo_id = ensure_repository(conn, ref)
        for row in found_tags:
            row["repository_id"] = repo_id
        stored = conn.execute(
            select(history_tips.c.tip, history_tips.c.commits).where(
                history_tips.c.repository_id == repo_id
            )
        ).first()
        if tip is None:
            if stored is not None:
                _delete_history(conn, repo_id)
            return MineResult(ref.name, "empty", None, 0, 0, time.perf_counter() - start)
        if stored is not None and stored.tip == tip:
            key = lambda r: (r["name"], r["sha"], r["tagged_at"], r["tz"])  # noqa: E731
            if sorted(map(key, _stored_tags(conn, repo_id))) != sorted(map(key, found_tags)):
                _replace_tags(conn, repo_id, found_tags)
            seconds = time.perf_counter() - start
            return MineResult(
                ref.name, "unchanged", tip, 0, 0, seconds, _capped(ref.name, warnings)
            )
        if stored is not None and is_ancestor(repo, stored.tip, tip):
            status = "appended"
            revisions = [tip, f"^{stored.tip}"]
            last = conn.execute(
                select(func.max(commits.c.seq)).where(commits.c.repository_id == repo_id)
            ).scalar()
            first_seq = 0 if last is None else int(last) + 1
        else:
            status = "mined" if stored is None else "replaced"
            revisions = [tip]
            first_seq = 0
            if stored is not None:
                _delete_history(conn, repo_id)
        log = stream_log(repo, revisions, numstat=numstat)
        stream = parse_log(log, repository=ref.name, warnings=warnings)
        n_commits, n_changes = _write_commits(conn, repo_id, stream, first_seq)
        _replace_tags(conn, repo_id, found_tags)
        mailmap = read_mailmap(repo, tip)
        total = (stored.commits if status == "appended" and stored else 0) + n_commits
        values = {
            "ref": rev,
            "tip": tip,
            "commits": total,
            "mined_at": datetime.now(UTC),
            "mailmap": mailmap,
        }
        if status == "appended":
            conn.execute(
                update(history_tips).where(history_tips.c.repository_id == repo_id).values(values)
            )
        else:
            conn.execute(insert(history_tips).values(repository_id=repo_id, **values))
    seconds = time.perf_counter() - start
    return MineResult(
        ref.name, status, tip, n_commits, n_changes, seconds, _capped(ref.name, warnings)
    )
