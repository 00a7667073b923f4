"""Where OSV records come from: a JSON file, a folder of them, or a zip as OSV publishes it.

:func:`source_tasks` splits one source into :class:`Task` s (slices of a folder's files or of a
zip's members, so that several processes can read one source), checking the budgets that need
the whole source; :func:`task_units` then yields each file's bytes (or one zip member's) under a
label ``path`` or ``path!member`` for warnings. Nothing is ever extracted to disk, and every
source is read under budgets (:class:`SourceLimits`):

* a JSON file — at most ``max_file_bytes`` (a record, or a list of records, as a whole);
* a folder — ``*.json`` below it (symlinks are not followed), at most ``max_files``, each at
  most ``max_member_bytes``;
* a zip (``<ECOSYSTEM>/all.zip``: one record per member) — at most ``max_members`` members;
  a member above ``max_member_bytes`` uncompressed, or compressed more than ``max_ratio`` times
  (a zip bomb's mark; real records compress about ten times), is refused with a warning and
  the others are read; members past ``max_total_bytes`` uncompressed are not read (a warning).
  Sizes are the zip's own headers, which bound what decompression may return (zipfile stops
  at the declared size and checks the CRC).

A refused unit is a :class:`Unit` with ``data=None`` and the warning in ``problem``.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lodestar.errors import UsageError
from lodestar.safeparse import MAX_RECORD_BYTES

__all__ = ["SourceLimits", "Task", "Unit", "source_tasks", "task_units"]

TASK_UNITS = 2_000  # files or members per task


@dataclass(frozen=True, slots=True)
class SourceLimits:
    """The budgets of one import (defaults fit OSV's largest export, npm's, many times over)."""

    max_file_bytes: int = 512 << 20
    max_files: int = 2_000_000
    max_members: int = 2_000_000
    max_member_bytes: int = MAX_RECORD_BYTES
    max_total_bytes: int = 16 << 30
    max_ratio: int = 200
    ratio_floor: int = 64 << 10  # members smaller than this are never judged by ratio


@dataclass(frozen=True, slots=True)
class Unit:
    """One file (or zip member) of a source: its label, bytes, or why it was refused."""

    label: str
    data: bytes | None
    problem: str | None = None
    single: bool = False  # a zip member or a folder's file: one record expected


@dataclass(frozen=True, slots=True)
class Task:
    """A slice of one source: a file, some of a folder's files, some of a zip's members."""

    source: int  # the index of its source in the import
    path: str
    label: str
    kind: str  # "file" | "folder" | "zip"
    items: tuple[str, ...] = ()  # folder: relative paths; zip: member indexes
    problems: tuple[str, ...] = ()  # warnings found while splitting the source

    @property
    def units(self) -> int:
        return max(len(self.items), 1 if self.kind == "file" else 0) + len(self.problems)


def source_tasks(source: int, path: Path, label: str, limits: SourceLimits) -> list[Task]:
    """The tasks of one source (UsageError when it is neither a file nor a folder)."""
    if path.is_dir():
        files = [p.relative_to(path).as_posix() for p in _folder_files(path, limits)]
        return _slices(Task(source, str(path), label, "folder"), files)
    if not path.is_file():
        raise UsageError(f"{label}: no such file or folder")
    if zipfile.is_zipfile(path):
        return _zip_tasks(Task(source, str(path), label, "zip"), limits)
    return [Task(source, str(path), label, "file")]


def task_units(task: Task, limits: SourceLimits) -> Iterator[Unit]:
    """The units of one task, the problems found while splitting first."""
    for problem in task.problems:
        yield Unit(task.label, None, problem)
    root = Path(task.path)
    if task.kind == "file":
        yield _file_unit(root, task.label, limits.max_file_bytes, single=False)
    elif task.kind == "folder":
        for item in task.items:
            yield _file_unit(root / item, f"{task.label}/{item}", limits.max_member_bytes)
    elif task.items:
        yield from _zip_units(task, limits)


def _slices(task: Task, items: list[str], problems: tuple[str, ...] = ()) -> list[Task]:
    if not items:
        return [Task(task.source, task.path, task.label, task.kind, (), problems)]
    return [
        Task(
            task.source,
            task.path,
            task.label,
            task.kind,
            tuple(items[start : start + TASK_UNITS]),
            problems if start == 0 else (),
        )
        for start in range(0, len(items), TASK_UNITS)
    ]


def _folder_files(root: Path, limits: SourceLimits) -> Iterator[Path]:
    count = 0
    for folder, dirs, files in os.walk(root):  # followlinks=False: a link leads nowhere
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if name.endswith(".json") and not path.is_symlink():
                count += 1
                if count > limits.max_files:
                    return
                yield path


def _file_unit(path: Path, label: str, cap: int, *, single: bool = True) -> Unit:
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        return Unit(label, None, f"{label}: cannot read ({exc.strerror or exc})")
    if len(data) > cap:
        return Unit(label, None, f"{label}: larger than {cap:,} bytes: refused")
    return Unit(label, data, single=single)


def _zip_tasks(task: Task, limits: SourceLimits) -> list[Task]:
    """The zip's members in slices, those over a budget left out with a warning each."""
    label = task.label
    try:
        with zipfile.ZipFile(task.path) as archive:
            members = list(enumerate(archive.infolist()))
    except (zipfile.BadZipFile, OSError) as exc:
        return _slices(task, [], (f"{label}: not a readable zip ({exc})",))
    problems: list[str] = []
    wanted = [(i, m) for i, m in members if not m.is_dir() and m.filename.endswith(".json")]
    if len(wanted) > limits.max_members:
        problems.append(
            f"{label}: {len(wanted):,} members, more than {limits.max_members:,}; "
            f"only the first {limits.max_members:,} are read"
        )
        wanted = wanted[: limits.max_members]
    kept: list[str] = []
    total = 0
    for index, info in wanted:
        problem = _member_problem(info, f"{label}!{info.filename}", limits)
        if problem is not None:
            problems.append(problem)
            continue
        if total + info.file_size > limits.max_total_bytes:
            problems.append(
                f"{label}: more than {limits.max_total_bytes:,} bytes uncompressed; "
                "the rest is not read"
            )
            break
        total += info.file_size
        kept.append(str(index))
    return _slices(task, kept, tuple(problems))


def _zip_units(task: Task, limits: SourceLimits) -> Iterator[Unit]:
    try:
        archive = zipfile.ZipFile(task.path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Unit(task.label, None, f"{task.label}: not a readable zip ({exc})")
        return
    with archive:
        members = archive.infolist()
        for item in task.items:
            info = members[int(item)]
            where = f"{task.label}!{info.filename}"
            try:
                with archive.open(info) as member:
                    data = member.read(limits.max_member_bytes + 1)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
                yield Unit(where, None, f"{where}: cannot read ({exc})")
                continue
            except NotImplementedError as exc:  # a compression method zipfile lacks
                yield Unit(where, None, f"{where}: cannot read ({exc})")
                continue
            yield Unit(where, data, single=True)


def _member_problem(info: zipfile.ZipInfo, where: str, limits: SourceLimits) -> str | None:
    if info.file_size > limits.max_member_bytes:
        return (
            f"{where}: {info.file_size:,} bytes uncompressed, "
            f"more than {limits.max_member_bytes:,}: refused"
        )
    if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        return (
            f"{where}: compressed {info.file_size // max(info.compress_size, 1):,} times "
            f"(more than {limits.max_ratio}): refused as a zip bomb"
        )
    return None
