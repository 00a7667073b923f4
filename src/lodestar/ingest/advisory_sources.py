"""Where OSV records come from: a JSON file, a folder of them, or a zip as OSV publishes it.

:func:`source_units` turns one source into the units it holds, each one file's bytes (or one
zip member's) under a label ``path`` or ``path!member`` for warnings. Nothing is ever extracted
to disk, and every source is read under budgets (:class:`SourceLimits`):

* a JSON file — at most ``max_file_bytes`` (a record, or a list of records, as a whole);
* a folder — ``*.json`` below it (symlinks are not followed), at most ``max_files``;
* a zip (``<ECOSYSTEM>/all.zip``: one record per member) — at most ``max_members`` members;
  a member above ``max_member_bytes`` uncompressed, or compressed more than ``max_ratio`` times
  (a zip bomb's mark; real records compress about ten times), is refused with a warning and
  the others are read; reading stops, with a warning, once ``max_total_bytes`` have come out.

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

__all__ = ["SourceLimits", "Unit", "count_units", "source_units"]


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


def count_units(path: Path, limits: SourceLimits) -> int:
    """How many units :func:`source_units` will yield for ``path`` (for progress)."""
    if path.is_dir():
        return sum(1 for _ in _folder_files(path, limits))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return min(len(_members(archive)), limits.max_members)
    return 1


def source_units(path: Path, label: str, limits: SourceLimits) -> Iterator[Unit]:
    """The units of one source (UsageError when it is neither a file nor a folder)."""
    if path.is_dir():
        for file in _folder_files(path, limits):
            yield _file_unit(file, f"{label}/{file.relative_to(path).as_posix()}", limits, True)
    elif not path.is_file():
        raise UsageError(f"{label}: no such file or folder")
    elif zipfile.is_zipfile(path):
        yield from _zip_units(path, label, limits)
    else:
        yield _file_unit(path, label, limits, False)


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


def _file_unit(path: Path, label: str, limits: SourceLimits, single: bool) -> Unit:
    cap = limits.max_member_bytes if single else limits.max_file_bytes
    try:
        with path.open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        return Unit(label, None, f"{label}: cannot read ({exc.strerror or exc})")
    if len(data) > cap:
        return Unit(label, None, f"{label}: larger than {cap:,} bytes: refused")
    return Unit(label, data, single=single)


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [i for i in archive.infolist() if not i.is_dir() and i.filename.endswith(".json")]


def _zip_units(path: Path, label: str, limits: SourceLimits) -> Iterator[Unit]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Unit(label, None, f"{label}: not a readable zip ({exc})")
        return
    with archive:
        members = _members(archive)
        if len(members) > limits.max_members:
            yield Unit(
                label,
                None,
                f"{label}: {len(members):,} members, more than {limits.max_members:,}; "
                f"only the first {limits.max_members:,} are read",
            )
        total = 0
        for info in members[: limits.max_members]:
            where = f"{label}!{info.filename}"
            problem = _member_problem(info, where, limits)
            if problem is not None:
                yield Unit(where, None, problem)
                continue
            if total + info.file_size > limits.max_total_bytes:
                yield Unit(
                    where,
                    None,
                    f"{label}: more than {limits.max_total_bytes:,} bytes uncompressed; "
                    "the rest is not read",
                )
                return
            try:
                with archive.open(info) as member:
                    data = member.read(limits.max_member_bytes + 1)
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                OSError,
                ValueError,
                NotImplementedError,
            ) as exc:
                yield Unit(where, None, f"{where}: cannot read ({exc})")
                continue
            total += len(data)
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
