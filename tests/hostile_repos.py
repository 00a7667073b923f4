"""A factory of hostile git repositories, generated on the fly (nothing binary is committed).

Each builder makes one odd-but-real repository with plain git and a fixed environment (no system
or global configuration, fixed dates), so every run makes the same objects:

* :func:`partial_clone` — a ``--filter=blob:none`` clone of a local bare repository served over
  ``file://``; its older blobs are absent and its ``origin`` is a promisor remote. :func:`arm`
  then rewrites its configuration one of the ways in :data:`FETCH_TRAPS` so that a lazy fetch
  would run a marker-writing script or write objects into the repository;
* :func:`sha256_repository` — ``git init --object-format=sha256``;
* :func:`gitdir_file_repository` and :func:`linked_worktree` — a ``.git`` *file* naming the git
  directory, as submodules and ``git worktree`` make them;
* :func:`shallow_clone` — ``--depth 1``;
* :func:`truncated_loose_object` and :func:`tree_with_missing_blob` — corrupt object databases.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import T0

from lodestar.demo.factory import Author, Commit, build_repository, fast_import_stream

ADA = Author("Ada Lovelace", "ada@example.com")

# Three commits: every file changes, so the clone's older blobs are all absent.
HISTORY_FILES: tuple[dict[str, str], ...] = (
    {"app.py": "print(1)\n", "requirements.txt": "flask==2.0.0\n", "README.md": "one\n"},
    {"app.py": "print(1)\nprint(2)\n", "requirements.txt": "flask==2.1.0\n"},
    {
        "app.py": "import os\n\nprint(os.name)\n",
        "requirements.txt": "flask==3.0.0\nrequests==2.31.0\n",
        "package.json": '{"name": "x", "dependencies": {"left-pad": "1.3.0"}}\n',
    },
)

# How a partial clone's configuration can try to make a lazy fetch run something or write objects.
FETCH_TRAPS: tuple[str, ...] = (
    "ext-url",  # remote.origin.url = ext::<script>, protocol.ext.allow=always
    "insteadof",  # url.ext::<script>.insteadOf = the origin's URL (which stays innocent)
    "uploadpack",  # remote.origin.uploadpack = <script> that runs the real upload-pack
    "ssh-command",  # ssh:// URL, core.sshCommand = <script>, protocol.ssh.allow=always
    "file-allowed",  # protocol.file.allow=always: the real origin answers and objects arrive
    "promisor-gone",  # the promisor's repository has been deleted
)


def git_env(home: Path) -> dict[str, str]:
    """A clean environment for the factory's own git calls (nothing of the machine leaks in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_AUTHOR_NAME": ADA.name,
            "GIT_AUTHOR_EMAIL": ADA.email,
            "GIT_COMMITTER_NAME": ADA.name,
            "GIT_COMMITTER_EMAIL": ADA.email,
            "GIT_AUTHOR_DATE": "1736157600 +0000",
            "GIT_COMMITTER_DATE": "1736157600 +0000",
            "LC_ALL": "C",
        }
    )
    return env


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run the factory's git in ``cwd``; its standard output, stripped."""
    proc = subprocess.run(
        ["git", "-c", "protocol.file.allow=always", *args],
        input=stdin,
        capture_output=True,
        env=git_env(cwd),
        cwd=cwd,
        check=True,
    )
    return proc.stdout.decode("utf-8", "replace").strip()


def history() -> list[Commit]:
    return [
        Commit(ADA, T0.replace(month=i + 1), f"step {i}", files=dict(files))
        for i, files in enumerate(HISTORY_FILES)
    ]


def origin_repository(path: Path) -> Path:
    """A bare repository that serves partial clones (``uploadpack.allowFilter``)."""
    build_repository(path, history(), bare=True)
    git(path, "config", "uploadpack.allowFilter", "true")
    git(path, "config", "uploadpack.allowAnySHA1InWant", "true")
    return path


def partial_clone(root: Path, *, bare: bool = False) -> tuple[Path, Path]:
    """(clone, origin): a blob-less clone of a fresh origin; HEAD's blobs present, older absent."""
    root.mkdir(parents=True, exist_ok=True)
    origin = origin_repository(root / "origin.git")
    clone = root / ("clone.git" if bare else "clone")
    flags = ["--bare"] if bare else []
    git(root, "clone", "--quiet", "--filter=blob:none", *flags, f"file://{origin}", clone.name)
    return clone, origin


def marker_script(path: Path, marker: Path, *, then: str = "exit 1") -> Path:
    """A shell script that touches ``marker`` and then runs ``then``."""
    path.write_text(f'#!/bin/sh\ntouch "{marker}"\n{then}\n')
    path.chmod(0o755)
    return path


def arm(clone: Path, trap: str, markers: Path) -> None:
    """Configure ``clone`` so that a lazy fetch would fall into ``trap`` (see FETCH_TRAPS)."""
    markers.mkdir(parents=True, exist_ok=True)
    script = marker_script(markers.parent / f"{trap}.sh", markers / trap)
    url = git(clone, "config", "remote.origin.url")
    settings: dict[str, str] = {}
    if trap == "ext-url":
        settings = {"remote.origin.url": f"ext::{script}", "protocol.ext.allow": "always"}
    elif trap == "insteadof":
        settings = {f"url.ext::{script}.insteadOf": url, "protocol.ext.allow": "always"}
    elif trap == "uploadpack":
        upload = marker_script(
            markers.parent / "upload.sh", markers / trap, then='exec git-upload-pack "$@"'
        )
        settings = {"remote.origin.uploadpack": str(upload), "protocol.file.allow": "always"}
    elif trap == "ssh-command":
        settings = {
            "remote.origin.url": "ssh://git@example.invalid/x.git",
            "core.sshCommand": str(script),
            "protocol.ssh.allow": "always",
        }
    elif trap == "file-allowed":
        settings = {"protocol.file.allow": "always", "protocol.allow": "always"}
    elif trap == "promisor-gone":
        settings = {"remote.origin.url": url.replace("origin.git", "gone.git")}
    else:
        raise ValueError(f"unknown trap {trap!r}")
    for key, value in settings.items():
        git(clone, "config", key, value)


def git_dir_of(repo: Path) -> Path:
    return repo / ".git" if (repo / ".git").is_dir() else repo


def object_files(repo: Path) -> set[str]:
    """Every file under the repository's objects/ (loose objects and packs): a fetch adds some."""
    objects = git_dir_of(repo) / "objects"
    return {str(p.relative_to(objects)) for p in objects.rglob("*") if p.is_file()}


def missing_blobs(repo: Path) -> int:
    """How many objects reachable from HEAD's history the repository lacks (never fetches)."""
    out = git(repo, "rev-list", "--objects", "--missing=print", "HEAD")
    return sum(1 for line in out.splitlines() if line.startswith("?"))


def sha256_repository(path: Path, *, bare: bool = False) -> str:
    """A SHA-256 repository holding :func:`history`; returns HEAD's 64-hex commit id."""
    path.mkdir(parents=True)
    git(path, "init", "--quiet", "--object-format=sha256", "--initial-branch=main", "--bare", ".")
    git(path, "fast-import", "--quiet", "--date-format=raw", stdin=fast_import_stream(history()))
    if not bare:
        work = path.with_name(path.name + "-work")
        git(path.parent, "clone", "--quiet", f"file://{path}", work.name)
        return git(work, "rev-parse", "HEAD")
    return git(path, "rev-parse", "HEAD")


def gitdir_file_repository(root: Path) -> Path:
    """A working tree whose ``.git`` is a file: ``gitdir: ../store/work.git`` (relative)."""
    root.mkdir(parents=True)
    store = root / "store"
    store.mkdir()
    work = root / "work"
    work.mkdir()
    build_repository(store / "work.git", history(), bare=True)
    (work / ".git").write_text("gitdir: ../store/work.git\n")
    return work


def linked_worktree(root: Path) -> Path:
    """``git worktree add``: a working tree whose ``.git`` file points into the main repository."""
    main = root / "main"
    build_repository(main, history())
    git(main, "worktree", "add", "--quiet", str(root / "linked"), "HEAD")
    return root / "linked"


def shallow_clone(root: Path) -> Path:
    """A ``--depth 1`` clone: one commit of three, a ``shallow`` file in the git directory."""
    root.mkdir(parents=True, exist_ok=True)
    origin = origin_repository(root / "origin.git")
    git(root, "clone", "--quiet", "--depth", "1", f"file://{origin}", "shallow")
    return root / "shallow"


def _commit_tree(repo: Path, entries: list[str]) -> str:
    tree = git(repo, "mktree", "--missing", stdin="".join(entries).encode())
    commit = git(repo, "commit-tree", "-m", "corrupt", tree)
    git(repo, "update-ref", "refs/heads/main", commit)
    return commit


def tree_with_missing_blob(path: Path) -> str:
    """HEAD's tree names a blob that is in no object store (``mktree --missing``)."""
    path.mkdir(parents=True)
    git(path, "init", "--quiet", "--bare", "--initial-branch=main", ".")
    good = git(path, "hash-object", "-w", "--stdin", stdin=b"print('ok')\n")
    absent = "1" * 40
    return _commit_tree(path, [f"100644 blob {good}\tok.py\n", f"100644 blob {absent}\tgone.py\n"])


def truncated_loose_object(path: Path) -> str:
    """HEAD's tree holds a blob whose loose object file has been cut in half."""
    path.mkdir(parents=True)
    git(path, "init", "--quiet", "--bare", "--initial-branch=main", ".")
    good = git(path, "hash-object", "-w", "--stdin", stdin=b"print('ok')\n")
    bad = git(path, "hash-object", "-w", "--stdin", stdin=b"x = 1\n" * 2000)
    commit = _commit_tree(path, [f"100644 blob {good}\tok.py\n", f"100644 blob {bad}\tbroken.py\n"])
    loose = path / "objects" / bad[:2] / bad[2:]
    data = loose.read_bytes()
    loose.chmod(0o644)
    loose.write_bytes(data[: len(data) // 2])
    return commit


def shared_clone(root: Path) -> Path:
    """``clone --shared``: no objects of its own, ``objects/info/alternates`` names the origin's."""
    root.mkdir(parents=True, exist_ok=True)
    origin = origin_repository(root / "origin.git")
    git(root, "clone", "--quiet", "--shared", str(origin), "shared")
    return root / "shared"
