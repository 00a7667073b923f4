"""Run git on hostile repositories without letting them run anything.

What makes a call safe:

* git is started with an argv list (never a shell), a scrubbed environment (no inherited
  ``GIT_*`` variables, no system or global configuration, replace objects ignored, no prompts,
  no optional locks) and ``-c`` overrides that switch off every configured command a repository
  can name: hooks, fsmonitor, pagers, askpass, external diff and textconv drivers.
* Repositories are addressed with ``--git-dir`` only. No work tree is ever attached, so commands
  never read the index or the working tree, which is where filters and fsmonitor would run.
* Only plumbing that reads the object database is used: ``rev-parse``, ``ls-tree``,
  ``cat-file --batch`` (which never applies filters or textconv), and, for history,
  ``log`` with ``--no-ext-diff --no-textconv``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

from lodestar.errors import GitError, NotARepositoryError
from lodestar.records import TreeEntry

# Configuration forced on every call. Command-line ``-c`` wins over any repository config.
SAFE_CONFIG: tuple[str, ...] = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.askPass=",
    "core.untrackedCache=false",
    "core.sshCommand=false",
    "credential.helper=",
    "diff.external=",
    "protocol.allow=never",
    "gc.auto=0",
    "maintenance.auto=false",
    "safe.directory=*",
    "log.showSignature=false",
    "i18n.logOutputEncoding=UTF-8",
)

_DEFAULT_TIMEOUT = 600.0


@cache
def git_environment() -> dict[str, str]:
    """The environment every git process gets: the caller's, minus git's own variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_ATTR_NOSYSTEM": "1",
            "GIT_NO_REPLACE_OBJECTS": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "LC_ALL": "C",
            "LANG": "C",
        }
    )
    return env


def _base_argv(git_dir: Path) -> list[str]:
    argv = ["git", "--no-pager", "--no-replace-objects", f"--git-dir={git_dir}"]
    for item in SAFE_CONFIG:
        argv += ["-c", item]
    return argv


def run_git(
    git_dir: Path,
    args: Sequence[str],
    *,
    input_bytes: bytes | None = None,
    timeout: float = _DEFAULT_TIMEOUT,
    check: bool = True,
) -> bytes:
    """Run one git command on ``git_dir`` and return its standard output."""
    argv = _base_argv(git_dir) + list(args)
    try:
        proc = subprocess.run(
            argv,
            input=input_bytes,
            capture_output=True,
            env=git_environment(),
            timeout=timeout,
            check=False,
            cwd=git_dir,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH; install git 2.30 or newer") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"{git_dir}: git {args[0]} took longer than {timeout:.0f}s") from exc
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit code {proc.returncode}"
        raise GitError(f"{git_dir}: git {args[0]} failed: {detail}")
    return proc.stdout


def is_bare_repository(path: Path) -> bool:
    """Whether ``path`` looks like a bare repository (HEAD, objects/ and refs/ inside)."""
    return (
        (path / "HEAD").is_file()
        and (path / "objects").is_dir()
        and (path / "refs").is_dir()
        and not (path / ".git").exists()
    )


def resolve_git_dir(path: Path) -> Path:
    """The git directory of a working tree (``.git`` dir or ``gitdir:`` file) or bare repository."""
    dot_git = path / ".git"
    if dot_git.is_dir() and not dot_git.is_symlink():
        return dot_git
    if dot_git.is_file() and not dot_git.is_symlink():
        try:
            first = dot_git.read_text("utf-8", "replace").splitlines()[0]
        except (OSError, IndexError) as exc:
            raise NotARepositoryError(f"{path}: unreadable .git file") from exc
        if first.startswith("gitdir:"):
            target = Path(first.removeprefix("gitdir:").strip())
            return target if target.is_absolute() else (path / target).resolve()
        raise NotARepositoryError(f"{path}: .git file has no 'gitdir:' line")
    if is_bare_repository(path):
        return path
    raise NotARepositoryError(f"{path}: not a git repository (no .git, not a bare repository)")


def _parse_git_date(raw: bytes) -> str:
    """``1700000000 +0130`` → ISO 8601 with the committer's offset."""
    seconds_s, _, offset_s = raw.decode("ascii", "replace").partition(" ")
    seconds = int(seconds_s)
    sign = -1 if offset_s.startswith("-") else 1
    digits = offset_s.lstrip("+-").rjust(4, "0")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])) * sign
    moment = datetime.fromtimestamp(seconds, tz=UTC).astimezone(timezone(offset))
    return moment.isoformat()


class GitRepository:
    """Read-only access to one repository's object database."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).absolute()
        self.git_dir = resolve_git_dir(self.path)

    def run(self, args: Sequence[str], **kwargs: float | bytes | bool | None) -> bytes:
        return run_git(self.git_dir, args, **kwargs)  # type: ignore[arg-type]

    def resolve(self, rev: str = "HEAD") -> tuple[str, str]:
        """Resolve ``rev`` to (commit id, ISO committer date); GitError when it does not exist."""
        try:
            out = self.run(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"]
            )
        except GitError as exc:
            if rev == "HEAD":
                raise GitError(f"{self.path}: the repository has no commits yet") from exc
            raise GitError(
                f"{self.path}: revision {rev!r} not found; pass an existing branch, tag or commit"
            ) from exc
        commit = out.decode("ascii").strip()
        raw = self.run(["cat-file", "commit", commit])
        committed_at = ""
        for line in raw.split(b"\n"):
            if not line:
                break
            if line.startswith(b"committer "):
                committed_at = _parse_git_date(line.rsplit(b">", 1)[-1].strip())
        return commit, committed_at

    def ls_tree(self, commit: str) -> list[TreeEntry]:
        """Every entry of the commit's tree, recursively, with blob sizes."""
        out = self.run(["ls-tree", "-r", "-l", "-z", "--full-tree", "--end-of-options", commit])
        entries: list[TreeEntry] = []
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, _kind, oid, size = meta.split(maxsplit=3)
            size_s = size.strip()
            entries.append(
                TreeEntry(
                    path=raw_path.decode("utf-8", "backslashreplace"),
                    mode=mode.decode("ascii"),
                    oid=oid.decode("ascii"),
                    size=int(size_s) if size_s.isdigit() else -1,
                )
            )
        return entries

    def read_blobs(self, oids: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """Stream (oid, content) for each oid through one ``cat-file --batch`` process.

        Contents come back in the order asked. A missing object yields empty content (the
        caller decides whether that is worth a warning; it only happens in broken repositories).
        """
        argv = [*_base_argv(self.git_dir), "cat-file", "--batch"]
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=git_environment(),
            cwd=self.git_dir,
            bufsize=1 << 16,
        )
        assert proc.stdin is not None  # noqa: S101  Popen with PIPE always sets them
        assert proc.stdout is not None  # noqa: S101
        stdin, stdout = proc.stdin, proc.stdout
        wanted: list[str] = []
        lock = threading.Condition()

        def feed() -> None:
            try:
                for oid in oids:
                    with lock:
                        wanted.append(oid)
                        lock.notify()
                    stdin.write(oid.encode("ascii") + b"\n")
                stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
            finally:
                with lock:
                    wanted.append("")  # sentinel: no more requests
                    lock.notify()
                with contextlib.suppress(OSError):
                    stdin.close()

        writer = threading.Thread(target=feed, name="cat-file-feed", daemon=True)
        writer.start()
        index = 0
        try:
            while True:
                with lock:
                    while index >= len(wanted):
                        lock.wait()
                    oid = wanted[index]
                index += 1
                if not oid:
                    return
                header = stdout.readline()
                if not header:
                    raise GitError(f"{self.path}: git cat-file ended early")
                parts = header.split()
                if len(parts) < 3 or parts[1] == b"missing":
                    yield oid, b""
                    continue
                size = int(parts[2])
                data = stdout.read(size)
                stdout.read(1)  # the newline after the content
                yield oid, data
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            stdout.close()
            writer.join(timeout=5)
