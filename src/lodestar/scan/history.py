"""Parse ``git log -z --numstat -M`` output (see :mod:`lodestar.gitio.history`) into records.

The stream is a sequence of NUL-terminated tokens. A commit is ``HEADER_FIELDS`` tokens (sha,
parents, author name, author email, author date, committer email, committer date, subject),
followed, when the commit changed files, by numstat entries: the first one starts with a
newline; each is ``added<TAB>removed<TAB>path``, or, for a rename, ``added<TAB>removed<TAB>``
followed by two more tokens, the old and the new path. Binary files have ``-`` counts.

Paths and subjects are whatever bytes the repository holds: they are decoded as UTF-8 with
invalid bytes escaped (``\\xNN``), never interpreted. Input that does not follow the format
raises :class:`~lodestar.errors.GitError` naming the offset; nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone

from lodestar.errors import GitError
from lodestar.records import Commit, FileChange, Tag

HEADER_FIELDS = 8
MAX_FIELD = 1 << 16  # subjects and names longer than this are cut (they are still stored)
_SHA = re.compile(rb"[0-9a-f]{40}([0-9a-f]{24})?")
_NUMSTAT = re.compile(rb"\n?(\d{1,18}|-)\t(\d{1,18}|-)\t")
_RAW_DATE = re.compile(rb"(-?\d{1,15}) ([+-])(\d\d)(\d\d)")
_TZ_CACHE: dict[int, timezone] = {}


def _text(raw: bytes) -> str:
    return raw[:MAX_FIELD].decode("utf-8", "backslashreplace")


def parse_raw_date(raw: bytes, where: str = "") -> datetime:
    """``1700000000 +0130`` → a timezone-aware datetime in that offset."""
    match = _RAW_DATE.fullmatch(raw.strip())
    if match is None:
        raise GitError(f"{where}malformed git date {raw[:40]!r}")
    minutes = int(match.group(3)) * 60 + int(match.group(4))
    if match.group(2) == b"-":
        minutes = -minutes
    if not -1440 < minutes < 1440:
        raise GitError(f"{where}time-zone offset out of range in git date {raw[:40]!r}")
    tz = _TZ_CACHE.get(minutes)
    if tz is None:
        tz = _TZ_CACHE[minutes] = timezone(timedelta(minutes=minutes))
    try:
        return datetime.fromtimestamp(int(match.group(1)), tz=UTC).astimezone(tz)
    except (OverflowError, OSError, ValueError) as exc:
        raise GitError(f"{where}git date out of range {raw[:40]!r}") from exc


def _count(raw: bytes) -> int | None:
    return None if raw == b"-" else int(raw)


class LogParser:
    """Incremental parser: feed chunks, collect commits as they complete."""

    def __init__(self) -> None:
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
        where = f"commit {sha[:40].decode('ascii', 'replace')}: "
        return Commit(
            sha=sha.decode("ascii"),
            parents=tuple(p.decode("ascii") for p in parents.split()),
            author_name=_text(a_name),
            author_email=_text(a_email),
            authored_at=parse_raw_date(a_date, where),
            committer_email=_text(c_email),
            committed_at=parse_raw_date(c_date, where),
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


def parse_log(chunks: Iterable[bytes]) -> Iterator[Commit]:
    """Every commit of a ``git log`` stream, in stream order."""
    parser = LogParser()
    for chunk in chunks:
        yield from parser.feed(chunk)
    yield from parser.close()


def parse_tags(raw: bytes) -> list[Tag]:
    """Tags from ``for-each-ref`` (see gitio.history.TAG_FORMAT) peeled to commits.

    Tags of trees or blobs, and lines that do not follow the format, are left out.
    """
    tags: list[Tag] = []
    for line in raw.split(b"\n"):
        fields = line.split(b"\0")
        if len(fields) != 6:
            continue
        ref, kind, oid, peeled_kind, peeled, date = fields
        if not ref.startswith(b"refs/tags/"):
            continue
        if kind == b"commit":
            sha = oid
        elif kind == b"tag" and peeled_kind == b"commit":
            sha = peeled
        else:
            continue
        if _SHA.fullmatch(sha) is None:
            continue
        try:
            when = parse_raw_date(date)
        except GitError:
            continue
        tags.append(Tag(_text(ref.removeprefix(b"refs/tags/")), sha.decode("ascii"), when))
    tags.sort(key=lambda t: (t.date, t.name))
    return tags
