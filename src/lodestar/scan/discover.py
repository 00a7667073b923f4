"""Find git repositories below a set of paths.

A directory is a repository when it holds ``.git`` (a directory, or a ``gitdir:`` file as in
worktrees and submodules) or is itself a bare repository. Discovery never descends into a
repository it found (its contents belong to that repository), never follows symbolic links, and
stops at ``max_depth`` levels below each source.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from lodestar.gitio import is_bare_repository
from lodestar.records import RepositoryRef

DEFAULT_MAX_DEPTH = 6
_SKIP_DIRS = frozenset({"node_modules", "__pycache__", ".venv", "venv", ".tox", ".cache"})


def _repo_kind(path: Path) -> bool | None:
    """True for bare, False for a working tree, None when ``path`` is not a repository."""
    dot_git = path / ".git"
    if dot_git.is_symlink():
        return None
    if dot_git.is_dir() or dot_git.is_file():
        return False
    if path.name != ".git" and is_bare_repository(path):
        return True
    return None


def _display_name(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    name = rel.as_posix() if rel.parts else path.name
    return name.removesuffix(".git") or path.name


def _walk(root: Path, max_depth: int) -> Iterator[RepositoryRef]:
    kind = _repo_kind(root)
    if kind is not None:
        yield RepositoryRef(
            name=root.name.removesuffix(".git") or root.name, path=str(root), bare=kind
        )
        return
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        current, depth = stack.pop()
        try:
            with os.scandir(current) as it:
                children = sorted(
                    (e for e in it if e.is_dir(follow_symlinks=False)), key=lambda e: e.name
                )
        except OSError:
            continue
        for entry in reversed(children):
            if entry.name in _SKIP_DIRS or entry.name == ".git":
                continue
            child = Path(entry.path)
            kind = _repo_kind(child)
            if kind is not None:
                yield RepositoryRef(name=_display_name(child, root), path=str(child), bare=kind)
            elif depth + 1 < max_depth:
                stack.append((child, depth + 1))


def expand_sources(sources: Iterable[str], base: Path) -> list[Path]:
    """Resolve configured sources (paths or globs, relative to ``base``) to existing directories."""
    out: list[Path] = []
    for source in sources:
        expanded = Path(source).expanduser()
        pattern = str(expanded if expanded.is_absolute() else base / expanded)
        # Path.glob takes no absolute patterns, hence glob.glob
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]  # noqa: PTH207
        out.extend(Path(os.path.abspath(m)) for m in matches if Path(m).is_dir())  # noqa: PTH100  normalises '..' without resolving symlinks
    return out


def discover(paths: Iterable[Path], *, max_depth: int = DEFAULT_MAX_DEPTH) -> list[RepositoryRef]:
    """Every repository at or below ``paths``, each once, in a stable order."""
    seen: dict[str, RepositoryRef] = {}
    for root in paths:
        for ref in _walk(Path(root).absolute(), max_depth):
            real = os.path.realpath(ref.path)
            seen.setdefault(real, ref)
    names: dict[str, int] = {}
    for ref in seen.values():
        names[ref.name] = names.get(ref.name, 0) + 1
    result = []
    for ref in seen.values():
        if names[ref.name] > 1:  # same display name under two sources: qualify with the parent
            parent = Path(ref.path).parent.name
            result.append(RepositoryRef(f"{parent}/{ref.name}", ref.path, ref.bare))
        else:
            result.append(ref)
    result.sort(key=lambda r: (r.name, r.path))
    return result
