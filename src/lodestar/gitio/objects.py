"""Read trees and blobs out of the object database, streaming, bounded and never fetching.

* :func:`list_tree` streams ``ls-tree -r -z`` and keeps at most ``limit`` entries (the rest are
  only counted), so a million-file tree never sits in memory twice. In an ordinary repository
  the sizes come with the listing (``-l``). In a partial clone ``ls-tree -l`` would need every
  blob, so the tree is listed without sizes, the absent blobs are found with
  ``rev-list --missing=print`` (which never fetches) and the sizes of the present ones come from
  ``cat-file --batch-check``.
* :func:`read_blobs` streams contents through ``cat-file --batch``. An absent or unreadable
  object yields ``None`` instead of content: a corrupt loose object makes git die, and the read
  goes on in a new ``cat-file`` from the next object (at most :data:`MAX_RESTARTS` times).

Every process runs with the argv and environment of :mod:`lodestar.gitio.safe`.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lodestar.errors import GitError
from lodestar.records import TreeEntry

MAX_RESTARTS = 32  # unreadable objects after which every remaining object counts as unreadable
_CHUNK = 1 << 16
_MODES: dict[bytes, str] = {}  # one str per distinct mode: a million entries share a handful


@dataclass(frozen=True, slots=True)
class Invocation:
    """How to start git on one repository: the safe argv prefix, environment and folder."""

    base: list[str]
    env: dict[str, str]
    cwd: Path


@dataclass(frozen=True, slots=True)
class TreeListing:
    """The entries of one commit's tree, as far as the budget went, and what is absent."""

    entries: list[TreeEntry]
    total: int  # entries in the tree (may exceed len(entries) when a limit was given)
    absent: frozenset[str] = field(default_factory=frozenset)  # blobs not in the repository

    @property
    def truncated(self) -> bool:
        return self.total > len(self.entries)


_LISTING_TIMEOUT = 600.0  # as gitio.safe.run_git: a hostile repository never hangs a scan


def _spawn(git: Invocation, args: Sequence[str], *, stdin: int) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            [*git.base, *args],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=git.env,
            cwd=git.cwd,
            bufsize=_CHUNK,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH; install git 2.30 or newer") from exc


class _Records:
    """NUL-terminated records of a stream, holding one chunk at a time; stops after ``stop``.

    What was read but not yielded (the rest of the last chunk) stays in ``pending``.
    """

    def __init__(self, stdout: IO[bytes], stop: int | None) -> None:
        self.stdout = stdout
        self.stop = stop
        self.pending = b""

    def __iter__(self) -> Iterator[bytes]:
        given = 0
        while chunk := self.stdout.read(_CHUNK):
            parts = (self.pending + chunk).split(b"\0")
            self.pending = parts.pop()
            for index, part in enumerate(parts):
                if not part:
                    continue
                if self.stop is not None and given >= self.stop:
                    self.pending = b"\0".join([*parts[index:], self.pending])
                    return
                given += 1
                yield part
        if self.pending and (self.stop is None or given < self.stop):
            self.pending, last = b"", self.pending
            yield last

    def count_rest(self) -> int:
        """How many records are left, without splitting them."""
        count = self.pending.count(b"\0")
        tail = bool(self.pending) and not self.pending.endswith(b"\0")
        while chunk := self.stdout.read(_CHUNK):
            count += chunk.count(b"\0")
            tail = not chunk.endswith(b"\0")
        return count + int(tail)


def _entry(record: bytes, *, sized: bool) -> TreeEntry:
    meta, _, raw_path = record.partition(b"\t")
    fields = meta.split()
    mode = _MODES.setdefault(fields[0], fields[0].decode("ascii"))
    size = fields[3] if sized and len(fields) > 3 else b"-"
    return TreeEntry(
        path=raw_path.decode("utf-8", "backslashreplace"),
        mode=mode,
        oid=fields[2].decode("ascii"),
        size=int(size) if size.isdigit() else -1,
    )


def list_tree(
    git: Invocation,
    commit: str,
    *,
    partial: bool,
    limit: int | None = None,
) -> TreeListing:
    """Every entry of ``commit``'s tree (the first ``limit``), sizes included; see the module."""
    sized = not partial
    args = ["ls-tree", "-r", "-z", "--full-tree", *(["-l"] if sized else [])]
    proc = _spawn(git, [*args, "--end-of-options", commit], stdin=subprocess.DEVNULL)
    assert proc.stdout is not None  # noqa: S101  Popen with PIPE always sets it
    entries: list[TreeEntry] = []
    total = 0
    try:
        records = _Records(proc.stdout, limit)
        for record in records:
            total += 1
            entries.append(_entry(record, sized=sized))
        total += records.count_rest()  # past the limit: counted, never parsed
    finally:
        proc.stdout.close()
        code = proc.wait()
    if code != 0:
        hint = " (a partial clone lacking trees: Lodestar never fetches)" if partial else ""
        raise GitError(f"{git.cwd}: git ls-tree of {commit} failed (exit code {code}){hint}")
    if not partial:
        return TreeListing(entries, total)
    absent = _absent_objects(git, commit)
    sizes = _sizes(git, [e.oid for e in entries if _is_blob(e) and e.oid not in absent])
    sized_entries = [
        TreeEntry(e.path, e.mode, e.oid, sizes.get(e.oid, -1)) if _is_blob(e) else e
        for e in entries
    ]
    return TreeListing(sized_entries, total, absent)


def _is_blob(entry: TreeEntry) -> bool:
    return not entry.is_submodule and not entry.mode.startswith("04")


def _absent_objects(git: Invocation, commit: str) -> frozenset[str]:
    """Objects of ``commit``'s tree the repository lacks (``--missing=print`` never fetches)."""
    args = ["rev-list", "--objects", "--no-object-names", "--missing=print"]
    try:
        proc = subprocess.run(
            [*git.base, *args, "--end-of-options", f"{commit}^{{tree}}"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=git.env,
            cwd=git.cwd,
            check=False,
            timeout=_LISTING_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise GitError(
            f"{git.cwd}: git rev-list --missing=print took longer than {_LISTING_TIMEOUT:.0f}s"
        ) from exc
    if proc.returncode != 0:
        raise GitError(f"{git.cwd}: git rev-list --missing=print of {commit} failed")
    return frozenset(
        line[1:].decode("ascii") for line in proc.stdout.splitlines() if line.startswith(b"?")
    )


def _sizes(git: Invocation, oids: list[str]) -> dict[str, int]:
    """Sizes of present objects (``cat-file --batch-check``), read while they are fed."""
    sizes: dict[str, int] = {}
    for oid, header in _batch(git, True, oids, 0):
        if header is not None:
            sizes[oid] = int(header)
    return sizes


def _batch(
    git: Invocation,
    check: bool,
    oids: Sequence[str],
    start: int,
    read_body: Callable[[IO[bytes], int], bytes | None] | None = None,
) -> Iterator[tuple[str, bytes | None]]:
    """One ``cat-file --batch[-check]`` over ``oids[start:]``: (oid, body or size or None).

    Stops early (without raising) when git dies: the caller finds out by how many were yielded.
    """
    args = ["cat-file", "--batch-check=%(objectname) %(objectsize)" if check else "--batch"]
    proc = _spawn(git, args, stdin=subprocess.PIPE)
    assert proc.stdin is not None  # noqa: S101  Popen with PIPE always sets them
    assert proc.stdout is not None  # noqa: S101
    stdin, stdout = proc.stdin, proc.stdout

    def feed() -> None:
        with contextlib.suppress(OSError, ValueError):
            for index in range(start, len(oids)):
                stdin.write(oids[index].encode("ascii") + b"\n")
            stdin.flush()
        with contextlib.suppress(OSError):
            stdin.close()

    writer = threading.Thread(target=feed, name="cat-file-feed", daemon=True)
    writer.start()
    try:
        for index in range(start, len(oids)):
            header = stdout.readline()
            if not header:
                return  # git died on oids[index]
            parts = header.split()
            if len(parts) < 2 or parts[-1] == b"missing":
                yield oids[index], None
            elif read_body is None:
                yield oids[index], parts[1]
            else:
                body = read_body(stdout, int(parts[2]))
                if body is None:
                    return  # git died while streaming oids[index] (a corrupt object)
                yield oids[index], body
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        stdout.close()
        writer.join(timeout=5)


def _read_body(stdout: IO[bytes], size: int) -> bytes | None:
    """The content after a header, or None when git stopped short of it."""
    data = stdout.read(size)
    if len(data) < size or stdout.read(1) != b"\n":  # the newline after the content
        return None
    return data


def read_blobs(
    git: Invocation, oids: Iterable[str], absent: frozenset[str]
) -> Iterator[tuple[str, bytes | None]]:
    """(oid, content or None) for each oid, in the order asked; see the module docstring."""
    wanted = list(oids)
    present = [oid for oid in wanted if oid not in absent]
    results = _read_present(git, present)
    for oid in wanted:
        if oid in absent:
            yield oid, None
        else:
            yield next(results)


def _read_present(git: Invocation, oids: list[str]) -> Iterator[tuple[str, bytes | None]]:
    start = restarts = 0
    while start < len(oids):
        for item in _batch(git, False, oids, start, _read_body):
            start += 1
            yield item
        if start < len(oids):  # git died on this one: it is unreadable, go on after it
            yield oids[start], None
            start += 1
            restarts += 1
            if restarts >= MAX_RESTARTS:
                for oid in oids[start:]:
                    yield oid, None
                return
