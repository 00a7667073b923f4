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
and writes through :mod:`lodestar.store.history_writer`. :func:`mine_repository` does it all in
one process, writing while git's log streams; a parallel run splits it in two
(:mod:`lodestar.ingest.history_pool`): :func:`read_history` in a worker process reads git into
a spool file of row batches, :func:`store_history` in the one writing process stores it. After
mining,
:func:`lodestar.ingest.people.refresh_people` resolves every committed identity of every
repository to a person; it is cheap and runs whenever the people file may have changed.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine

from lodestar.errors import GitError, LodestarError, StoreError
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
    HistoryBatch,
    delete_history,
    ensure_repository,
    history_batches,
    next_seq,
    replace_tags,
    save_tip,
    stored_tags,
    stored_tip,
    tag_rows,
    write_history_batch,
)

__all__ = [
    "MAX_WARNINGS",
    "HistoryRead",
    "KnownHistory",
    "MineResult",
    "history_rows",
    "known_history",
    "mine_repository",
    "plan_history",
    "read_history",
    "read_history_job",
    "read_tags",
    "store_history",
]

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


@dataclass(frozen=True, slots=True)
class KnownHistory:
    """What the store holds for a repository before a run reads git: its mined tip (None: never
    mined), the commits stored and the ``seq`` the next appended commit gets."""

    tip: str | None = None
    commits: int = 0
    next_seq: int = 0


def known_history(conn: Connection, repo_id: int) -> KnownHistory:
    """The repository's :class:`KnownHistory`, read in the caller's transaction."""
    stored = stored_tip(conn, repo_id)
    if stored is None:
        return KnownHistory()
    return KnownHistory(stored.tip, stored.commits, next_seq(conn, repo_id))


@dataclass(slots=True)
class HistoryRead:
    """What one run read of one repository's git, before it is stored.

    :func:`plan_history` fills the plan (status, tip, tags, mailmap); :func:`read_history` also
    reads the new commits into a spool file of :class:`~lodestar.store.HistoryBatch` es, so a
    worker process can read git while the parent stores another repository.
    """

    ref: RepositoryRef
    rev: str
    known: KnownHistory
    status: str  # "mined" | "appended" | "replaced" | "unchanged" | "empty"
    tip: str | None
    revisions: list[str]
    tags: list[dict[str, object]]
    mailmap: str = ""
    numstat: bool = True
    notes: list[str] = field(default_factory=list)  # whole-repository notes
    warnings: list[HistoryWarning] = field(default_factory=list)  # odd commits and tags
    spool: str | None = None  # the file of pickled batches, for :func:`store_history`
    commits: int = 0
    changes: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def first_seq(self) -> int:
        return self.known.next_seq if self.status == "appended" else 0

    def result(self, commits: int, changes: int) -> MineResult:
        """The run's :class:`MineResult`: whole-repository notes first, then odd commits and
        tags (capped; an empty repository reports its notes only)."""
        name = self.ref.name
        whole = tuple(HistoryWarning(name, "history", note) for note in self.notes)
        odd = () if self.tip is None else _capped(name, self.warnings)
        seconds = time.perf_counter() - self.started
        return MineResult(name, self.status, self.tip, commits, changes, seconds, whole + odd)


def _clone_notes(repo: GitRepository) -> list[str]:
    notes: list[str] = []
    if repo.is_shallow:
        notes.append("shallow clone: history is partial (git fetch --unshallow to mine all of it)")
    if repo.is_partial_clone:
        notes.append(
            "partial clone: commits read without file changes (their blobs are not present "
            "and are never fetched)"
        )
    return notes


def plan_history(
    repo: GitRepository, ref: RepositoryRef, rev: str, known: KnownHistory
) -> HistoryRead:
    """Where ``rev`` stands against what the store holds: which commits a run reads.

    * unchanged tip: nothing but the tags (one ``for-each-ref``);
    * the stored tip is an ancestor of the new one: ``old..new`` is appended;
    * otherwise (force push, rewritten history, another ref): the whole history replaces it.
    """
    start = time.perf_counter()
    tip = resolve_tip(repo, rev)
    warnings: list[HistoryWarning] = []
    found_tags = tag_rows(0, read_tags(repo, ref.name, warnings))
    notes = _clone_notes(repo)
    revisions: list[str] = []
    if tip is None:
        status = "empty"
    elif known.tip == tip:
        status = "unchanged"
    elif known.tip is not None and is_ancestor(repo, known.tip, tip):
        status, revisions = "appended", [tip, f"^{known.tip}"]
    else:
        status = "mined" if known.tip is None else "replaced"
        revisions = [tip]
    read = HistoryRead(ref, rev, known, status, tip, revisions, found_tags, notes=notes)
    read.numstat, read.warnings, read.started = not repo.is_partial_clone, warnings, start
    if tip is not None and status not in ("unchanged", "empty"):
        read.mailmap = read_mailmap(repo, tip)
    return read


def history_rows(repo: GitRepository, read: HistoryRead) -> Iterator[HistoryBatch]:
    """The new commits of ``read``'s plan as row batches; their odd dates join its warnings."""
    log = stream_log(repo, read.revisions, numstat=read.numstat)
    stream = parse_log(log, repository=read.ref.name, warnings=read.warnings)
    for batch in history_batches(stream, read.first_seq):
        read.commits += len(batch.commits)
        read.changes += len(batch.changes)
        yield batch


_NO_NUMSTAT = (
    "commits read without file changes: git could not diff them (missing or corrupt "
    "objects; git fsck says which)"
)


def read_history(ref: RepositoryRef, rev: str, known: KnownHistory, spool_dir: str) -> HistoryRead:
    """Plan (:func:`plan_history`) and read the new commits into a spool file in ``spool_dir``:
    the part of mining that needs git but not the store (a worker process runs it)."""
    repo = GitRepository(ref.path)
    read = plan_history(repo, ref, rev, known)
    if read.status in ("unchanged", "empty"):
        return read
    fd, path = tempfile.mkstemp(prefix="history-", suffix=".pickle", dir=spool_dir)
    read.spool = path
    kept = list(read.warnings)
    with os.fdopen(fd, "wb") as out:
        try:
            for batch in history_rows(repo, read):
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
        except GitError:
            if not read.numstat:
                raise
            out.seek(0)
            out.truncate()
            read.numstat, read.commits, read.changes, read.warnings = False, 0, 0, kept
            read.notes.append(_NO_NUMSTAT)
            for batch in history_rows(repo, read):
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    return read


def read_history_job(
    ref: RepositoryRef, rev: str, known: KnownHistory, spool_dir: str
) -> tuple[HistoryRead | None, str | None]:
    """:func:`read_history` in a worker process: (what it read, None) or (None, why it failed).

    It lives here, not with the pool, so a worker imports only what reading needs.
    """
    try:
        return read_history(ref, rev, known, spool_dir), None
    except LodestarError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001  a broken repository never ends the run
        return None, f"{ref.path}: {exc.__class__.__name__}: {exc}"


def _spooled(path: str) -> Iterator[HistoryBatch]:
    with Path(path).open("rb") as spool:
        while True:
            try:
                batch = pickle.load(spool)  # noqa: S301  our own file, written by read_history
            except EOFError:
                return
            yield HistoryBatch(*batch)


def _apply(
    conn: Connection, repo_id: int, read: HistoryRead, batches: Iterable[HistoryBatch]
) -> MineResult:
    """Store ``read`` in the caller's transaction; ``batches`` are its new commits' rows."""
    status, tip = read.status, read.tip
    for row in read.tags:
        row["repository_id"] = repo_id
    if tip is None:
        if read.known.tip is not None:
            delete_history(conn, repo_id)
        return read.result(0, 0)
    if status == "unchanged":
        key = lambda r: (r["name"], r["sha"], r["tagged_at"], r["tz"])  # noqa: E731
        if sorted(map(key, stored_tags(conn, repo_id))) != sorted(map(key, read.tags)):
            replace_tags(conn, repo_id, read.tags)
        return read.result(0, 0)
    if status == "replaced":
        delete_history(conn, repo_id)
    for batch in batches:
        write_history_batch(conn, repo_id, batch)
    replace_tags(conn, repo_id, read.tags)
    total = (read.known.commits if status == "appended" else 0) + read.commits
    values: dict[str, object] = {
        "ref": read.rev,
        "tip": tip,
        "commits": total,
        "mined_at": datetime.now(UTC),
        "mailmap": read.mailmap,
    }
    save_tip(conn, repo_id, values, appended=status == "appended")
    return read.result(read.commits, read.changes)


def mine_repository(engine: Engine, ref: RepositoryRef, rev: str = "HEAD") -> MineResult:
    """Bring one repository's stored history up to ``rev`` in one transaction, reading git's
    log while it writes (see the module docstring and :func:`plan_history`).

    A shallow clone is mined as far as it goes, with a warning. A partial clone's commits are
    read without file changes (``git log --numstat`` would need blobs that are absent, and
    Lodestar never fetches); so are a repository's whose objects git cannot diff (corrupt).
    """
    repo = GitRepository(ref.path)
    try:
        return _mine(engine, ref, rev, repo, fallback=False)
    except GitError:
        if repo.is_partial_clone:
            raise
        return _mine(engine, ref, rev, repo, fallback=True)


def _mine(
    engine: Engine, ref: RepositoryRef, rev: str, repo: GitRepository, *, fallback: bool
) -> MineResult:
    with engine.begin() as conn:
        repo_id = ensure_repository(conn, ref)
        read = plan_history(repo, ref, rev, known_history(conn, repo_id))
        if fallback:
            read.numstat = False
            read.notes.append(_NO_NUMSTAT)
        return _apply(conn, repo_id, read, history_rows(repo, read))


def store_history(engine: Engine, read: HistoryRead) -> MineResult:
    """Store what :func:`read_history` read, in one transaction, and delete its spool file.

    Raises :class:`~lodestar.errors.StoreError` when the stored history changed since the
    read was planned (another run mined the repository meanwhile): nothing is written.
    """
    try:
        with engine.begin() as conn:
            repo_id = ensure_repository(conn, read.ref)
            if known_history(conn, repo_id) != read.known:
                raise StoreError(
                    f"{read.ref.path}: its stored history changed while it was read (another "
                    "run mined it); run the scan again"
                )
            return _apply(conn, repo_id, read, _spooled(read.spool) if read.spool else ())
    finally:
        if read.spool is not None:
            Path(read.spool).unlink(missing_ok=True)
