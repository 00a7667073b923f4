"""Radar movement, read from the workspace's own git history (never typed by hand).

For every commit that touched ``radar/`` (oldest first), the radar entry files of that commit
are read from the object database (``ls-tree`` and ``cat-file --batch`` through the hardened
:mod:`lodestar.gitio.safe` door; the working tree is never read) and each entry's ring is
compared with the ring it had at the previous such commit:

* an entry that appears (or re-appears after being deleted) is **new**;
* a ring change towards the centre (Adopt) is **moved-in**, away from it **moved-out**, using
  the ring order of the current ``radar/config.yaml``.

A file that cannot be parsed at some commit is ignored at that commit (the entry keeps its
previous ring): history is what was, not what validates today. A workspace that is not inside a
git repository, or has no commits, has no history; that is not an error.

**Editions** are the workspace repository's tags (oldest first); a move belongs to the first
tag whose history contains its commit. Without tags, each commit date is an edition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lodestar.errors import ConfigError, GitError, ManifestError
from lodestar.gitio.safe import GitRepository
from lodestar.records import RadarConfig, RadarMove
from lodestar.strategy.markdown import MAX_BYTES, load_mapping, split_front_matter

__all__ = ["Edition", "edition_of", "radar_editions", "radar_files_at", "radar_history"]


@dataclass(frozen=True, slots=True)
class Edition:
    name: str  # tag name, or the ISO date without tags
    date: dt.date
    commit: str


def _open(root: Path) -> tuple[GitRepository, str] | None:
    """The repository holding the workspace and the workspace's path prefix inside it."""
    root = root.absolute()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            try:
                repo = GitRepository(folder)
            except GitError as exc:
                # never silently: the radar's movement and editions would just vanish
                raise ConfigError(
                    f"the workspace's git repository cannot be read safely ({exc}); radar "
                    "history and editions come from it: remove what git reports there",
                    path=str(folder / ".git"),
                ) from exc
            prefix = root.relative_to(folder).as_posix()
            return repo, "" if prefix == "." else prefix + "/"
    return None


def _entry_id(path: str, radar_dir: str) -> str | None:
    rel = PurePosixPath(path)
    if not path.startswith(radar_dir) or rel.suffix != ".md":
        return None
    if rel.name.startswith(("_", ".")) or rel.name == "README.md":
        return None
    return rel.stem


def _ring_of(data: bytes, rings: tuple[str, ...]) -> str | None:
    if len(data) > MAX_BYTES:
        return None
    try:
        parts = split_front_matter(data.decode("utf-8"))
        if parts.yaml is None:
            return None
        ring = load_mapping(parts.yaml).get("ring")
    except (UnicodeDecodeError, ManifestError):
        return None
    if not isinstance(ring, str):
        return None
    for known in rings:
        if known.lower() == ring.strip().lower():
            return known
    return ring.strip() or None


def _kind(previous: str, ring: str, rings: tuple[str, ...]) -> str:
    def index(name: str) -> int:
        return rings.index(name) if name in rings else len(rings)

    return "moved-in" if index(ring) < index(previous) else "moved-out"


def radar_history(root: Path, *, config: RadarConfig | None = None) -> tuple[RadarMove, ...]:
    """Every ring change of every radar entry, oldest first, from the workspace's git history."""
    opened = _open(Path(root))
    if opened is None:
        return ()
    repo, prefix = opened
    rings = (config or RadarConfig()).rings
    radar_dir = f"{prefix}radar/"
    try:
        log = repo.run(
            [
                "log",
                "--reverse",
                "--format=%H %cs",
                "--no-ext-diff",
                "--no-textconv",
                "HEAD",
                "--",
                radar_dir,
            ]
        )
    except GitError:
        return ()  # no commits yet
    commits = [line.split(" ", 1) for line in log.decode("ascii", "replace").splitlines() if line]
    cache: dict[str, str | None] = {}
    state: dict[str, str] = {}
    moves: list[RadarMove] = []
    for commit, day in commits:
        listing = repo.run(["ls-tree", "-r", "-z", "--full-tree", commit, "--", radar_dir])
        files: dict[str, str] = {}
        for record in listing.split(b"\0"):
            meta, _, raw_path = record.partition(b"\t")
            parts = meta.split()
            if len(parts) != 3 or parts[1] != b"blob":
                continue
            entry = _entry_id(raw_path.decode("utf-8", "replace"), radar_dir)
            if entry is not None:
                files[entry] = parts[2].decode("ascii")
        wanted = sorted({oid for oid in files.values() if oid not in cache})
        for oid, data in repo.read_blobs(wanted):
            cache[oid] = None if data is None else _ring_of(data, rings)
        date = dt.date.fromisoformat(day)
        for entry in sorted(files):
            ring = cache.get(files[entry])
            if ring is None:
                continue
            previous = state.get(entry)
            if previous == ring:
                continue
            kind = "new" if previous is None else _kind(previous, ring, rings)
            moves.append(RadarMove(entry, date, commit, ring, previous, kind))
            state[entry] = ring
        for gone in set(state) - set(files):
            del state[gone]
    return tuple(moves)


def radar_editions(root: Path) -> tuple[Edition, ...]:
    """The workspace repository's tags (oldest first), or each radar commit date without tags."""
    opened = _open(Path(root))
    if opened is None:
        return ()
    repo, prefix = opened
    try:
        out = repo.run(
            [
                "for-each-ref",
                "--sort=creatordate",
                "--format=%(refname:short) %(*objectname) %(objectname) %(creatordate:short)",
                "refs/tags",
            ]
        )
    except GitError:
        return ()
    editions = []
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) == 4:
            name, peeled, obj, day = parts
        elif len(parts) == 3:
            name, obj, day = parts
            peeled = ""
        else:
            continue
        editions.append(Edition(name, dt.date.fromisoformat(day), peeled or obj))
    if editions:
        return tuple(editions)
    try:
        log = repo.run(["log", "--reverse", "--format=%H %cs", "HEAD", "--", f"{prefix}radar/"])
    except GitError:
        return ()
    last: dict[str, str] = {}
    for line in log.decode("ascii", "replace").splitlines():
        commit, _, day = line.partition(" ")
        last[day] = commit
    return tuple(Edition(day, dt.date.fromisoformat(day), c) for day, c in last.items())


def edition_of(
    root: Path, moves: tuple[RadarMove, ...], editions: tuple[Edition, ...]
) -> dict[str, str]:
    """Commit → the name of the first edition whose history contains it (unreleased: absent)."""
    opened = _open(Path(root))
    if opened is None or not editions:
        return {}
    repo, _ = opened
    wanted = {move.commit for move in moves}
    found: dict[str, str] = {}
    for edition in editions:
        if not wanted - set(found):
            break
        out = repo.run(["rev-list", edition.commit])
        for commit in out.decode("ascii").split():
            if commit in wanted and commit not in found:
                found[commit] = edition.name
    return found


def radar_files_at(root: Path, commit: str) -> dict[str, tuple[dict[str, object], str]]:
    """Entry id → (front matter, body) of each radar entry file as committed in ``commit``.

    Files that cannot be read as front matter and markdown are left out (history is what was).
    """
    opened = _open(Path(root))
    if opened is None:
        return {}
    repo, prefix = opened
    radar_dir = f"{prefix}radar/"
    listing = repo.run(["ls-tree", "-r", "-z", "--full-tree", commit, "--", radar_dir])
    files: dict[str, str] = {}
    for record in listing.split(b"\0"):
        meta, _, raw_path = record.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob":
            entry = _entry_id(raw_path.decode("utf-8", "replace"), radar_dir)
            if entry is not None:
                files[entry] = parts[2].decode("ascii")
    by_oid: dict[str, tuple[dict[str, object], str]] = {}
    for oid, data in repo.read_blobs(sorted(set(files.values()))):
        if data is None or len(data) > MAX_BYTES:
            continue
        try:
            parts_ = split_front_matter(data.decode("utf-8"))
            if parts_.yaml is None:
                continue
            doc = load_mapping(parts_.yaml)
        except (UnicodeDecodeError, ManifestError):
            continue
        by_oid[oid] = (dict(doc), parts_.body)
    return {entry: by_oid[oid] for entry, oid in sorted(files.items()) if oid in by_oid}
