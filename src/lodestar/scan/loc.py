"""Lines of code of one repository at one commit, and nothing else: what ``lodestar loc`` prints.

The same per-file measure as the full scan (:func:`measure`: kind, binary, language, code /
comment / blank lines, ``.gitattributes`` overrides honoured), over the same committed content
(``ls-tree`` and one streaming ``cat-file --batch``), without licences, dependencies,
technologies or the store. Files over the size cap are listed as skipped, with the language
their name gives and no lines; files of well-known binary formats (:data:`BINARY_EXTENSIONS`,
1 KiB or more) are recorded as binary without being read. The scan's budgets apply
(:mod:`lodestar.scan.budgets`: tree entries, bytes read); a partial clone's absent blobs are
not counted (never fetched) and a corrupt object is left out; each is said in ``warnings``.

A large tree is split in two halves counted at once, the second in a forked worker process with
its own ``cat-file`` (git's inflating of blobs and Python's counting are the two costs, and a
machine with two cores or more runs both halves side by side). ``jobs=1`` keeps everything in
one process; the result is the same either way.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lodestar.gitio import GitRepository
from lodestar.records import FileKind, FileStat, LineCounts, TreeEntry
from lodestar.scan.budgets import (
    MAX_TREE_ENTRIES,
    read_budget_warning,
    repository_notes,
    unreadable_warning,
    within_read_budget,
)
from lodestar.scan.classify import classify_kind, language_override
from lodestar.scan.gitattributes import GitAttributes
from lodestar.scan.languages import detect_language, is_binary
from lodestar.scan.line_counts import count_lines

HEAD_BYTES = 4096
DEFAULT_MAX_FILE_SIZE = 2 << 20
# Below this many blob bytes a second process costs more than it saves (fork, a second git,
# pickling the results): on the shared 2-core machine a split slowed vuejs/core (6 MB) and
# pypa/pip (16 MB) down and sped git/git (48 MB) up.
SPLIT_BYTES = 32 << 20


# Formats whose first bytes always hold a NUL, which is is_binary's test: a committed file with
# one of these extensions and at least _BINARY_MIN_SIZE bytes is binary without being read (its
# content is never inflated from the packs). Smaller files are read: a Git LFS pointer, for one,
# is a short text under such a name.
BINARY_EXTENSIONS = frozenset(
    {
        "png", "jpg", "jpeg", "ico", "bmp", "mp4", "m4a", "mov",
        "zip", "jar", "war", "ear", "apk", "aar", "whl", "egg", "nupkg", "docx", "xlsx", "pptx",
        "odt", "ods", "odp", "tar", "gem",
        "woff", "woff2", "ttf", "otf",
        "class", "pyc", "so", "dll", "exe", "dylib", "o",
    }
)  # fmt: skip
_BINARY_MIN_SIZE = 1024


def binary_by_name(path: str, size: int, attrs: GitAttributes | None) -> bool:
    """Whether ``path`` is binary by its extension and size alone (see BINARY_EXTENSIONS)."""
    if size < _BINARY_MIN_SIZE:
        return False
    name = posixpath.basename(path)
    dot = name.rfind(".")
    if dot <= 0 or name[dot + 1 :].lower() not in BINARY_EXTENSIONS:
        return False
    return not (attrs and language_override(path, attrs))


def binary_stat(path: str, size: int, attrs: GitAttributes | None) -> FileStat:
    """The FileStat of a file :func:`binary_by_name` holds binary; its kind comes from the path
    (the generated-file markers of a text file's first lines do not apply)."""
    return FileStat(path, None, classify_kind(path, b"", attrs), size, binary=True)


def measure(path: str, size: int, data: bytes, attrs: GitAttributes | None) -> FileStat:
    """Kind, language and line counts of one committed file."""
    head = data[:HEAD_BYTES]
    kind = classify_kind(path, head, attrs)
    if is_binary(data):
        return FileStat(path, None, kind, size, binary=True)
    language = (language_override(path, attrs) if attrs else None) or detect_language(path, head)
    counts = count_lines(language, data) if language else LineCounts()
    return FileStat(path, language, kind, size, False, counts.code, counts.comment, counts.blank)


def read_attributes(git: GitRepository, entries: Sequence[TreeEntry]) -> GitAttributes | None:
    """Every committed ``.gitattributes`` of the tree, outermost first; None when there is none."""
    found = [
        e
        for e in entries
        if posixpath.basename(e.path) == ".gitattributes"
        and not e.is_symlink
        and not e.is_submodule
        and 0 <= e.size <= 1 << 20
    ]
    if not found:
        return None
    texts = dict(git.read_blobs(e.oid for e in found))
    parts = [
        (posixpath.dirname(e.path), (texts.get(e.oid) or b"").decode("utf-8", "replace"))
        for e in sorted(found, key=lambda e: e.path.count("/"))
    ]
    return GitAttributes.from_files(parts)


@dataclass(frozen=True, slots=True)
class LanguageLines:
    """Files and lines of one language (one row of ``lodestar loc``)."""

    language: str
    files: int
    blank: int
    comment: int
    code: int


@dataclass(frozen=True, slots=True)
class LocResult:
    """Every committed file of one commit, measured."""

    commit: str
    files: tuple[FileStat, ...]
    skipped: tuple[str, ...]  # over the size cap: counted as files, not read
    warnings: tuple[str, ...] = ()  # budgets spent, absent or unreadable objects

    def by_language(self, kinds: Iterable[FileKind] | None = None) -> list[LanguageLines]:
        """Per-language sums over text files of ``kinds`` (default: all), most code first."""
        wanted = frozenset(kinds) if kinds is not None else frozenset(FileKind)
        acc: dict[str, list[int]] = {}
        for f in self.files:
            if f.language is None or f.binary or f.kind not in wanted:
                continue
            row = acc.setdefault(f.language, [0, 0, 0, 0])
            row[0] += 1
            row[1] += f.blank
            row[2] += f.comment
            row[3] += f.code
        rows = [LanguageLines(lang, *values) for lang, values in acc.items()]
        rows.sort(key=lambda r: (-r.code, r.language))
        return rows


def _measure_all(
    git: GitRepository, entries: Sequence[TreeEntry], attrs: GitAttributes | None
) -> tuple[list[FileStat], list[str]]:
    """(stats, paths whose object could not be read)."""
    stats: list[FileStat] = []
    unreadable: list[str] = []
    for entry, (_oid, data) in zip(entries, git.read_blobs(e.oid for e in entries), strict=True):
        if data is None:
            unreadable.append(entry.path)
        else:
            stats.append(measure(entry.path, entry.size, data, attrs))
    return stats, unreadable


def _worker(
    git_dir: str, entries: Sequence[TreeEntry], attrs: GitAttributes | None
) -> tuple[list[FileStat], list[str]]:
    return _measure_all(GitRepository(git_dir), entries, attrs)


def _can_fork() -> bool:
    import multiprocessing  # noqa: PLC0415  only for a split: 12 ms of start-up otherwise

    return "fork" in multiprocessing.get_all_start_methods()


def _measure_split(
    git: GitRepository, entries: Sequence[TreeEntry], attrs: GitAttributes | None
) -> tuple[list[FileStat], list[str]]:
    """The first half here, the second in a forked worker with its own cat-file, at once."""
    import multiprocessing  # noqa: PLC0415

    first, second = _halves(entries)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = pool.apply_async(_worker, (str(git.git_dir), second, attrs))
        stats, unreadable = _measure_all(git, first, attrs)
        more_stats, more_unreadable = pending.get()
        return stats + more_stats, unreadable + more_unreadable


def _halves(entries: Sequence[TreeEntry]) -> tuple[list[TreeEntry], list[TreeEntry]]:
    """Two lists of about equal bytes, each in tree order (cat-file reads packs in order)."""
    total = sum(e.size for e in entries)
    first: list[TreeEntry] = []
    second: list[TreeEntry] = []
    running = 0
    for entry in entries:
        (first if running < total / 2 else second).append(entry)
        running += entry.size
    return first, second


def count_repository(
    path: Path | str,
    rev: str = "HEAD",
    *,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    jobs: int = 0,
) -> LocResult:
    """Measure every committed file of ``path`` at ``rev`` (GitError when unreadable).

    ``jobs``: 1 counts in this process; 2 splits; 0 (the default) splits a tree of more than
    ``SPLIT_BYTES`` between this process and one forked worker when there are two cores.
    """
    git = GitRepository(path)
    commit, _ = git.resolve(rev)
    listing = git.list_tree(commit, limit=MAX_TREE_ENTRIES)
    notes = repository_notes(git, listing)
    attrs = read_attributes(git, listing.entries)
    stats: list[FileStat] = []
    skipped: list[str] = []
    wanted: list[TreeEntry] = []
    for entry in listing.entries:
        if entry.is_submodule or entry.is_symlink or entry.oid in listing.absent:
            continue
        if entry.size > max_file_size:
            skipped.append(entry.path)
            kind = classify_kind(entry.path, b"", attrs)
            stats.append(FileStat(entry.path, detect_language(entry.path, b""), kind, entry.size))
            continue
        if binary_by_name(entry.path, entry.size, attrs):
            stats.append(binary_stat(entry.path, entry.size, attrs))
            continue
        wanted.append(entry)
    wanted, left = within_read_budget(wanted)
    if left:
        notes.append(read_budget_warning(left))
        skipped.extend(e.path for e in left)
        stats.extend(
            FileStat(
                e.path, detect_language(e.path, b""), classify_kind(e.path, b"", attrs), e.size
            )
            for e in left
        )
    split = jobs == 2 or (
        jobs == 0 and (os.cpu_count() or 1) >= 2 and sum(e.size for e in wanted) > SPLIT_BYTES
    )
    measured, unreadable = (
        _measure_split(git, wanted, attrs)
        if split and _can_fork()
        else _measure_all(git, wanted, attrs)
    )
    stats.extend(measured)
    notes.extend(unreadable_warning(p) for p in unreadable)
    stats.sort(key=lambda s: s.path)
    warnings = tuple(f"{w.path}: {w.message}" if w.path else w.message for w in notes)
    return LocResult(commit, tuple(stats), tuple(skipped), warnings)
