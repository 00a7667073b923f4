"""Parse ``git log -z --numstat -M`` output (see :mod:`lodestar.gitio.history`) into records.

The stream is a sequence of NUL-terminated tokens. A commit is ``HEADER_FIELDS`` tokens (sha,
parents, author name, author email, author date, committer email, committer date, subject),
followed, when the commit changed files, by numstat entries: the first one starts with a
newline; each is ``added<TAB>removed<TAB>path``, or, for a rename, ``added<TAB>removed<TAB>``
followed by two more tokens, the old and the new path. Binary files have ``-`` counts.

Paths and subjects are whatever bytes the repository holds: they are decoded as UTF-8 with
invalid bytes escaped (``\\xNN``), never interpreted. Input that does not follow the format
raises :class:`~lodestar.errors.GitError` naming the offset; nothing else escapes.

Dates are read the way git reads them (:mod:`lodestar.gitio.dates`), so one odd commit never costs
the history: an offset git accepts but fsck calls ``badTimezone`` is normalised, an unreadable
date borrows the commit's other date, and a commit with no readable date at all is skipped.
Each such commit adds a :class:`~lodestar.records.HistoryWarning` that keeps the raw value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime

from lodestar.errors import GitError
from lodestar.gitio.dates import is_missing, parse_raw_date, read_date, settle_dates
from lodestar.records import Commit, FileChange, HistoryWarning, Tag

__all__ = [
    "HEADER_FIELDS",
    "LogParser",
    "parse_log",
    "parse_raw_date",
    "parse_tags",
    "tags_to_peel",
]

HEADER_FIELDS = 8
MAX_FIELD = 1 << 16  # subjects and names longer than this are cut (they are still stored)
_SHA = re.compile(rb"[0-9a-f]{40}([0-9a-f]{24})?")
_NUMSTAT = re.compile(rb"\n?(\d{1,18}|-)\t(\d{1,18}|-)\t")


def _text(raw: bytes) -> str:
    return raw[:MAX_FIELD].decode("utf-8", "backslashreplace")


def _ascii(raw: bytes) -> str:
    return raw.decode("ascii", "replace")


def _count(raw: bytes) -> int | None:
    return None if raw == b"-" else int(raw)


class LogParser:
    """Incremental parser: feed chunks, collect commits as they complete."""

    def __init__(self, repository: str = "") -> None:
        self.repository = repository  # names the repository in warnings
        self.warnings: list[HistoryWarning] = []  # commits kept with odd dates, or skipped
        self._rest = b""
        self._offset = 0  # bytes consumed before self._rest
        self._header: list[bytes] | None = None
        self._changes: list[FileChange] = []
        self._pending: tuple[int | None, int | None] | None = None  # rename: counts seen
        self._old: str | None = None
        self._state = "header"  # header | body | rename-old | rename-new

    def _error(self, message: str) -> GitError:
        return GitError(f"git log output at byte {self._offset}: {message}")

    def _finish_commit(self) -> Commit | None:
        header = self._header
        if header is None:
            return None
        self._header = None
        changes = tuple(self._changes)
        self._changes = []
        sha, parents, a_name, a_email, a_date, c_email, c_date, subject = header
        notes: list[str] = []
        if a_date == c_date:  # the usual case: read (and note) once
            authored = committed = read_date(a_date, "author and committer", notes)
        else:
            authored = read_date(a_date, "author", notes)
            committed = read_date(c_date, "committer", notes)
        dates = settle_dates(authored, committed, ("author", "committer"), notes)
        item = f"commit {sha.decode('ascii')}"
        if dates is None:
            self.warnings.append(
                HistoryWarning(self.repository, item, "; ".join([*notes, "commit skipped"]))
            )
            return None
        if notes:
            self.warnings.append(HistoryWarning(self.repository, item, "; ".join(notes)))
        return Commit(
            sha=sha.decode("ascii"),
            parents=tuple(p.decode("ascii") for p in parents.split()),
            author_name=_text(a_name),
            author_email=_text(a_email),
            authored_at=dates[0],
            committer_email=_text(c_email),
            committed_at=dates[1],
            subject=_text(subject),
            changes=changes,
        )

    def _token(self, token: bytes) -> Commit | None:
        """Consume one NUL-terminated token; returns a commit when one is complete."""
        state = self._state
        if state == "rename-old":
            self._old = _text(token)
            self._state = "rename-new"
            return None
        if state == "rename-new":
            assert self._pending is not None  # noqa: S101  set with the state
            added, removed = self._pending
            self._changes.append(FileChange(_text(token), added, removed, self._old))
            self._pending = None
            self._old = None
            self._state = "body"
            return None
        if state == "body":
            match = _NUMSTAT.match(token)
            if match is not None:
                added, removed = _count(match.group(1)), _count(match.group(2))
                path = token[match.end() :]
                if path:
                    self._changes.append(FileChange(_text(path), added, removed))
                else:
                    self._pending = (added, removed)
                    self._state = "rename-old"
                return None
            done = self._finish_commit()
            self._start_header(token)
            return done
        self._start_header(token)  # state == "header" or "fields"
        return None

    def _start_header(self, token: bytes) -> None:
        if self._header is None:
            if _SHA.fullmatch(token) is None:
                raise self._error(f"expected a commit id, got {token[:60]!r}")
            self._header = [token]
            self._state = "fields"
            return
        self._header.append(token)
        if len(self._header) == 2:
            parents = token.split()
            if any(_SHA.fullmatch(p) is None for p in parents) or token != b" ".join(parents):
                raise self._error(f"malformed parent list {token[:100]!r}")
        if len(self._header) == HEADER_FIELDS:
            self._state = "body"

    def feed(self, chunk: bytes) -> Iterator[Commit]:
        """Parse ``chunk`` (any split of the stream) and yield the commits it completes."""
        data = self._rest + chunk if self._rest else chunk
        start = 0
        find = data.find
        while True:
            end = find(b"\0", start)
            if end < 0:
                break
            commit = self._token(data[start:end])
            start = end + 1
            if commit is not None:
                yield commit
        self._offset += start
        self._rest = data[start:]
        if len(self._rest) > 64 * MAX_FIELD * 16:
            raise self._error("a single field is larger than 64 MiB")

    def close(self) -> Iterator[Commit]:
        """Flush the last commit; raises when the stream ended in the middle of a record."""
        if self._rest:
            raise self._error(f"stream ended inside a record {self._rest[:60]!r}")
        if self._state in ("rename-old", "rename-new"):
            raise self._error("stream ended inside a rename")
        if self._header is not None and len(self._header) < HEADER_FIELDS:
            raise self._error("stream ended inside a commit header")
        commit = self._finish_commit()
        if commit is not None:
            yield commit
        self._state = "header"


def parse_log(
    chunks: Iterable[bytes],
    *,
    repository: str = "",
    warnings: list[HistoryWarning] | None = None,
) -> Iterator[Commit]:
    """Every commit of a ``git log`` stream, in stream order.

    A commit read with odd dates, or skipped because it has none, adds a warning naming
    ``repository`` to ``warnings`` (see :class:`LogParser`).
    """
    parser = LogParser(repository)
    try:
        for chunk in chunks:
            yield from parser.feed(chunk)
        yield from parser.close()
    finally:
        if warnings is not None:
            warnings.extend(parser.warnings)


TAG_FIELDS = 7  # see gitio.history.TAG_FORMAT


def tags_to_peel(raw: bytes) -> list[str]:
    """Object ids of the tags whose target is itself a tag (``for-each-ref`` peels one level)."""
    out: list[str] = []
    for line in raw.split(b"\n"):
        fields = line.split(b"\0")
        deep = len(fields) == TAG_FIELDS and fields[1] == b"tag" and fields[3] == b"tag"
        if deep and _SHA.fullmatch(fields[2]) is not None:
            out.append(fields[2].decode("ascii"))
    return out


def parse_tags(
    raw: bytes,
    *,
    peeled: Mapping[str, str] | None = None,
    commit_dates: Mapping[str, bytes] | None = None,
    repository: str = "",
    warnings: list[HistoryWarning] | None = None,
) -> list[Tag]:
    """Tags from ``for-each-ref`` (see gitio.history.TAG_FORMAT) peeled to commits.

    ``peeled`` maps the object id of a tag of a tag (:func:`tags_to_peel`) to the commit it
    finally names, through any number of tag objects; ``commit_dates`` gives those commits'
    raw committer dates. A tag's date is its tagger date (annotated) or its commit's date
    (lightweight, or annotated without a readable tagger date, as git's own ``v0.99``). Tags of
    trees or blobs, and lines that do not follow the format, are left out; a tag with no
    readable date at all is left out with a warning.
    """
    peeled = peeled or {}
    commit_dates = commit_dates or {}
    tags: list[Tag] = []
    for line in raw.split(b"\n"):
        fields = line.split(b"\0")
        if len(fields) != TAG_FIELDS or not fields[0].startswith(b"refs/tags/"):
            continue
        ref, kind, oid, peeled_kind, target, date, commit_date = fields
        if kind == b"commit":  # a lightweight tag: its date is the commit's
            sha, date, commit_date = oid, b"", date
        elif kind == b"tag" and peeled_kind == b"commit":
            sha = target
        elif kind == b"tag" and peeled_kind == b"tag" and (deep := _ascii(oid)) in peeled:
            sha = peeled[deep].encode("ascii", "replace")
            commit_date = commit_dates.get(peeled[deep], b"")
        else:
            continue
        if _SHA.fullmatch(sha) is None:
            continue
        name = _text(ref.removeprefix(b"refs/tags/"))
        when = _tag_date(
            kind == b"tag",
            date,
            commit_date,
            item=f"tag {name}",
            repository=repository,
            warnings=warnings,
        )
        if when is not None:
            tags.append(Tag(name, sha.decode("ascii"), when))
    tags.sort(key=lambda t: (t.date, t.name))
    return tags


def _tag_date(
    annotated: bool,
    date: bytes,
    commit_date: bytes,
    *,
    item: str,
    repository: str,
    warnings: list[HistoryWarning] | None,
) -> datetime | None:
    """The tagger date, else the commit's date (see :func:`parse_tags`); None when neither."""
    notes: list[str] = []
    has_tagger = annotated and bool(date.strip())
    if annotated and not has_tagger:
        notes.append("annotated tag without a tagger date: dated by its commit")
    tagged = read_date(date, "tagger", notes) if has_tagger else None
    when: datetime | None = tagged
    if is_missing(tagged):
        commit = read_date(commit_date, "commit", notes)
        if has_tagger:
            dates = settle_dates(tagged, commit, ("tagger", "commit"), notes)
            when = None if dates is None else dates[0]
        else:
            when = commit
    if warnings is not None and notes:
        message = "; ".join([*notes, "tag left out"] if when is None else notes)
        warnings.append(HistoryWarning(repository, item, message))
    return when
