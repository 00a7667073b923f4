"""Build git repositories deterministically, in one ``git fast-import`` per repository.

A history is a sequence of :class:`Commit` values. :func:`build_repository` turns it into a
fast-import stream (every blob inline, every commit marked), feeds it to one git process and,
for a non-bare repository, checks the default branch out so the result looks like a clone.

Identical inputs give identical object ids: author and committer dates are taken from the
records, and git runs with a scrubbed environment (no system or global configuration, an empty
``HOME``, no templates, no hooks), so nothing of the machine's git setup leaks in.

Branches: a commit names the branch it lands on. The first commit on a branch other than the
default forks from the default branch's tip at that point of the sequence. ``merge`` names a
branch whose tip becomes the second parent.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lodestar.errors import GitError

__all__ = [
    "Author",
    "Commit",
    "build_repository",
    "linear_history",
    "repository_with_files",
]

_REF_NAME = re.compile(r"^(?!.*\.\.)(?!/)(?!.*//)[A-Za-z0-9._/+-]+(?<![/.])$")
_MODE_FILE = "100644"
_MODE_EXECUTABLE = "100755"
_MODE_SYMLINK = "120000"

# Forced on every git call: nothing configurable may run or change what is written.
_SAFE_CONFIG: tuple[str, ...] = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.autocrlf=false",
    "core.symlinks=true",
    "core.fileMode=true",
    "core.pager=cat",
    "gc.auto=0",
    "maintenance.auto=false",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "protocol.allow=never",
)


@dataclass(frozen=True, slots=True)
class Author:
    """A person (or bot) as git records them."""

    name: str
    email: str

    def __post_init__(self) -> None:
        for value in (self.name, self.email):
            if any(c in value for c in "<>\n\0"):
                raise ValueError(f"invalid character in identity {value!r}")

    def ident(self, when: datetime) -> str:
        """``Name <email> seconds ±hhmm`` as fast-import's raw date format wants it."""
        return f"{self.name} <{self.email}> {_raw_date(when)}"


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit to write: who, when, what changed, and where it lands.

    ``files`` maps paths to new contents (``None`` deletes the path); ``renames`` are applied
    before ``files``, so a renamed file can be changed in the same commit. Paths listed in
    ``executable`` must be written in ``files``; ``symlinks`` maps a link path to its target.
    ``tag`` creates an annotated tag dated ``when``; ``lightweight_tag`` a plain ref.
    """

    author: Author
    when: datetime
    message: str
    files: Mapping[str, bytes | str | None] = field(default_factory=dict)
    renames: Mapping[str, str] = field(default_factory=dict)
    committer: Author | None = None
    branch: str = "main"
    merge: str | None = None
    tag: str | None = None
    executable: Set[str] = frozenset()
    symlinks: Mapping[str, str] = field(default_factory=dict)
    lightweight_tag: str | None = None
    tag_message: str | None = None

    def __post_init__(self) -> None:
        if self.when.tzinfo is None or self.when.utcoffset() is None:
            raise ValueError(f"commit date must be timezone-aware: {self.when!r}")
        for path in [*self.files, *self.renames, *self.renames.values(), *self.symlinks]:
            _check_path(path)
        for ref in (self.branch, self.merge, self.tag, self.lightweight_tag):
            if ref is not None and not _REF_NAME.match(ref):
                raise ValueError(f"invalid branch or tag name {ref!r}")
        missing = set(self.executable) - {p for p, v in self.files.items() if v is not None}
        if missing:
            raise ValueError(f"executable paths not written in this commit: {sorted(missing)}")


def _check_path(path: str) -> None:
    parts = path.split("/")
    if "\n" in path or "\0" in path or any(p in {"", ".", ".."} for p in parts):
        raise ValueError(f"invalid repository path {path!r}")
    if any(p.lower() == ".git" for p in parts):
        raise ValueError(f"invalid repository path {path!r}")


def _raw_date(when: datetime) -> str:
    offset = when.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{int(when.timestamp())} {sign}{hours:02d}{mins:02d}"


def _quote(path: str) -> str:
    """C-style quote a path when fast-import would otherwise misread it."""
    if not any(c in path for c in ' "\\\t') and not path.startswith('"'):
        return path
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return f'"{escaped}"'


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def _message(text: str) -> bytes:
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


_Tree = dict[str, tuple[str, bytes]]  # path -> (mode, content)


def _apply(tree: _Tree, commit: Commit) -> list[bytes]:
    """Apply ``commit``'s own changes to ``tree`` as fast-import will; return the commands."""
    out: list[bytes] = []
    for old, new in commit.renames.items():
        moved = {p: v for p, v in tree.items() if p == old or p.startswith(old + "/")}
        if not moved:
            raise ValueError(f"rename of {old!r}: no such path")
        for p, v in moved.items():
            del tree[p]
            tree[new + p[len(old) :]] = v
        out.append(f"R {_quote(old)} {_quote(new)}\n".encode())
    for path, content in commit.files.items():
        if content is None:
            for p in [p for p in tree if p == path or p.startswith(path + "/")]:
                del tree[p]
            out.append(f"D {_quote(path)}\n".encode())
            continue
        mode = _MODE_EXECUTABLE if path in commit.executable else _MODE_FILE
        payload = content.encode("utf-8") if isinstance(content, str) else content
        tree[path] = (mode, payload)
        out += [f"M {mode} inline {_quote(path)}\n".encode(), _data(payload)]
    for path, target in commit.symlinks.items():
        tree[path] = (_MODE_SYMLINK, target.encode("utf-8"))
        out += [f"M {_MODE_SYMLINK} inline {_quote(path)}\n".encode(), _data(tree[path][1])]
    return out


def _merged(base: _Tree, ours: _Tree, theirs: _Tree, commit: Commit) -> _Tree:
    """File-level three-way merge; a path changed on both sides must be resolved in ``files``."""
    result = dict(ours)
    for path in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(path), ours.get(path), theirs.get(path)
        if t in (b, o):
            continue
        if o != b and path not in commit.files:
            raise ValueError(f"merge of {commit.merge!r}: both sides changed {path!r}")
        if t is None:
            del result[path]
        else:
            result[path] = t
    return result


def _tree_commands(before: _Tree, after: _Tree) -> list[bytes]:
    out = [f"D {_quote(path)}\n".encode() for path in sorted(set(before) - set(after))]
    for path in sorted(after):
        if before.get(path) != after[path]:
            mode, payload = after[path]
            out.append(f"M {mode} inline {_quote(path)}\n".encode())
            out.append(_data(payload))
    return out


def _header(commit: Commit, mark: int, parent: int | None, merge: int | None) -> list[bytes]:
    committer = commit.committer or commit.author
    out = [
        f"commit refs/heads/{commit.branch}\n".encode(),
        f"mark :{mark}\n".encode(),
        f"author {commit.author.ident(commit.when)}\n".encode(),
        f"committer {committer.ident(commit.when)}\n".encode(),
        _data(_message(commit.message)),
    ]
    if parent is not None:
        out.append(f"from :{parent}\n".encode())
    if merge is not None:
        out.append(f"merge :{merge}\n".encode())
    return out


def _tag_stream(commit: Commit, mark: int) -> bytes:
    out = []
    if commit.tag is not None:
        tagger = commit.committer or commit.author
        text = commit.tag_message or f"Release {commit.tag}"
        out += [
            f"tag {commit.tag}\n".encode(),
            f"from :{mark}\n".encode(),
            f"tagger {tagger.ident(commit.when)}\n".encode(),
            _data(_message(text)),
        ]
    if commit.lightweight_tag is not None:
        out.append(f"reset refs/tags/{commit.lightweight_tag}\nfrom :{mark}\n\n".encode())
    return b"".join(out)


class _Stream:
    """Accumulates the fast-import stream while modelling every branch's tree.

    Histories with merges keep every commit's tree (a merge base can be any ancestor); others
    keep only the branch tips', so long linear histories cost no more than their last tree.
    """

    def __init__(self, default_branch: str, keep_all: bool) -> None:
        self.default_branch = default_branch
        self.keep_all = keep_all
        self.tips: dict[str, int] = {}
        self.trees: dict[int, _Tree] = {0: {}}
        self.parents: dict[int, tuple[int, ...]] = {0: ()}
        self.chunks = [b"feature done\n"]

    def _ancestors(self, mark: int) -> set[int]:
        seen: set[int] = set()
        todo = [mark]
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(self.parents[m])
        return seen

    def add(self, mark: int, commit: Commit) -> None:
        explicit: int | None = None
        if commit.branch in self.tips:
            first = self.tips[commit.branch]
        elif commit.branch != self.default_branch and self.default_branch in self.tips:
            first = explicit = self.tips[self.default_branch]
        else:
            first = 0
        shared = commit.branch not in self.tips or list(self.tips.values()).count(first) > 1
        tree = dict(self.trees[first]) if self.keep_all or shared else self.trees.pop(first)
        body: list[bytes] = []
        other: int | None = None
        if commit.merge is not None:
            if commit.merge not in self.tips:
                raise ValueError(f"commit {mark} merges unknown branch {commit.merge!r}")
            if first == 0:
                raise ValueError(f"merge commit {mark} lands on empty branch {commit.branch!r}")
            other = self.tips[commit.merge]
            base = max((self._ancestors(first) & self._ancestors(other)) or {0})
            merged = _merged(self.trees[base], tree, self.trees[other], commit)
            body = _tree_commands(tree, merged)
            tree = merged
        changes = _apply(tree, commit)
        self.chunks += _header(commit, mark, explicit, other)
        self.chunks += body + changes + [b"\n", _tag_stream(commit, mark)]
        self.trees[mark] = tree
        self.parents[mark] = tuple(m for m in (first, other) if m)
        self.tips[commit.branch] = mark


def fast_import_stream(commits: Sequence[Commit], *, default_branch: str = "main") -> bytes:
    """The complete fast-import stream for ``commits`` (exposed for tests and debugging)."""
    stream = _Stream(default_branch, keep_all=any(c.merge for c in commits))
    for mark, commit in enumerate(commits, start=1):
        stream.add(mark, commit)
    if default_branch not in stream.tips:
        raise ValueError(f"no commit lands on the default branch {default_branch!r}")
    stream.chunks.append(b"done\n")
    return b"".join(stream.chunks)


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_ATTR_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_NO_REPLACE_OBJECTS": "1",
            "LC_ALL": "C",
            "LANG": "C",
        }
    )
    return env


class _Git:
    """git with the factory's environment, run in one directory."""

    def __init__(self, cwd: Path, home: Path) -> None:
        self.cwd = cwd
        self.env = _environment(home)

    def __call__(self, *args: str, stdin: bytes | None = None) -> str:
        argv = ["git"]
        for item in _SAFE_CONFIG:
            argv += ["-c", item]
        argv += args
        try:
            proc = subprocess.run(
                argv, input=stdin, capture_output=True, env=self.env, cwd=self.cwd, check=False
            )
        except FileNotFoundError as exc:
            raise GitError("git is not installed or not on PATH") from exc
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip() or f"exit {proc.returncode}"
            raise GitError(f"{self.cwd}: git {args[0]} failed: {detail}")
        return proc.stdout.decode("utf-8", "replace").strip()


def build_repository(
    path: Path,
    commits: Sequence[Commit],
    *,
    bare: bool = False,
    default_branch: str = "main",
) -> str:
    """Create a repository at ``path`` holding ``commits``; return the HEAD commit id.

    ``path`` must not exist or be an empty directory. A non-bare repository gets its working
    tree and index populated from the default branch, like a fresh clone.
    """
    stream = fast_import_stream(commits, default_branch=default_branch)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ValueError(f"{path} exists and is not an empty directory")
    path.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lodestar-factory-") as scratch:
        home = Path(scratch)
        git = _Git(path, home)
        init = ["init", "--quiet", f"--initial-branch={default_branch}", f"--template={home}"]
        if bare:
            init.append("--bare")
        git(*init)
        git("fast-import", "--quiet", "--date-format=raw", stdin=stream)
        if not bare:
            git("reset", "--quiet", "--hard")
        return git("rev-parse", "--verify", "HEAD^{commit}")


# Helpers for tests ---------------------------------------------------------------------------

DEFAULT_AUTHOR = Author("Ada Lovelace", "ada@example.com")
DEFAULT_START = datetime(2025, 1, 6, 10, 0, tzinfo=UTC)


def linear_history(
    changes: Sequence[Mapping[str, bytes | str | None]],
    *,
    author: Author = DEFAULT_AUTHOR,
    start: datetime = DEFAULT_START,
    interval: timedelta = timedelta(days=1),
    message: str = "Change {n}",
) -> list[Commit]:
    """One commit per mapping of ``changes``, ``interval`` apart, on the main branch.

    ``message`` is formatted with ``n`` (1-based commit number).
    """
    return [
        Commit(author=author, when=start + i * interval, message=message.format(n=i + 1), files=f)
        for i, f in enumerate(changes)
    ]


def repository_with_files(
    path: Path,
    files: Mapping[str, bytes | str],
    *,
    bare: bool = False,
    author: Author = DEFAULT_AUTHOR,
    when: datetime = DEFAULT_START,
) -> str:
    """A repository whose single commit holds ``files``; returns its commit id."""
    commit = Commit(author=author, when=when, message="Initial commit", files=dict(files))
    return build_repository(path, [commit], bare=bare)
