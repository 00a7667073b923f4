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

The job reads git (:mod:`lodestar.gitio`), parses what it reads (:mod:`lodestar.scan.history`)
and writes through :mod:`lodestar.store.history_writer`. After mining,
:func:`lodestar.ingest.people.refresh_people` resolves every committed identity of every
repository to a person; it is cheap and runs whenever the people file may have changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import Engine

from lodestar.errors import GitError
from lodestar.gitio import GitRepository
from lodestar.gitio.history import (
    commit_headers,
    is_ancestor,
    list_tags,
    peel_tags,
    read_mailmap,
    resolve_tip,
    stream_log,
)
from lodestar.records import HistoryWarning, RepositoryRef, Tag
from lodestar.scan import parse_log, parse_tags, tags_to_peel
from lodestar.store import (
    delete_history,
    ensure_repository,
    next_seq,
    replace_tags,
    save_tip,
    stored_tags,
    stored_tip,
    tag_rows,
    write_commits,
)

__all__ = ["MAX_WARNINGS", "MineResult", "mine_repository", "read_tags"]

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
    found_tags = tag_rows(0, read_tags(repo, ref.name, warnings))
    with engine.begin() as conn:
        repo_id = ensure_repository(conn, ref)
        for row in found_tags:
            row["repository_id"] = repo_id
        stored = stored_tip(conn, repo_id)
        if tip is None:
            if stored is not None:
                delete_history(conn, repo_id)
            return MineResult(ref.name, "empty", None, 0, 0, time.perf_counter() - start)
        if stored is not None and stored.tip == tip:
            key = lambda r: (r["name"], r["sha"], r["tagged_at"], r["tz"])  # noqa: E731
            if sorted(map(key, stored_tags(conn, repo_id))) != sorted(map(key, found_tags)):
                replace_tags(conn, repo_id, found_tags)
            seconds = time.perf_counter() - start
            return MineResult(
                ref.name, "unchanged", tip, 0, 0, seconds, _capped(ref.name, warnings)
            )
        if stored is not None and is_ancestor(repo, stored.tip, tip):
            status = "appended"
            revisions = [tip, f"^{stored.tip}"]
            first_seq = next_seq(conn, repo_id)
        else:
            status = "mined" if stored is None else "replaced"
            revisions = [tip]
            first_seq = 0
            if stored is not None:
                delete_history(conn, repo_id)
        log = stream_log(repo, revisions, numstat=numstat)
        stream = parse_log(log, repository=ref.name, warnings=warnings)
        n_commits, n_changes = write_commits(conn, repo_id, stream, first_seq)
        replace_tags(conn, repo_id, found_tags)
        mailmap = read_mailmap(repo, tip)
        total = (stored.commits if status == "appended" and stored else 0) + n_commits
        values: dict[str, object] = {
            "ref": rev,
            "tip": tip,
            "commits": total,
            "mined_at": datetime.now(UTC),
            "mailmap": mailmap,
        }
        save_tip(conn, repo_id, values, appended=status == "appended")
    seconds = time.perf_counter() - start
    return MineResult(
        ref.name, status, tip, n_commits, n_changes, seconds, _capped(ref.name, warnings)
    )
