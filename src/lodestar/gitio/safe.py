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

Offline by construction: no call can fetch or start a transport, whatever the repository says.

* ``GIT_NO_LAZY_FETCH=1`` (git 2.39.4 and newer): a partial clone's missing object is never
  fetched from its promisor remote (git reports it missing instead; older gits fall back on the
  next two lines);
* ``GIT_ALLOW_PROTOCOL`` set to nothing: git allows no transport at all. It overrides every
  ``protocol.*`` setting, so neither ``url.<x>.insteadOf`` rewrites, ``remote.<r>.uploadpack`` /
  ``receivepack``, ``ext::`` URLs, ``core.sshCommand`` nor ``core.gitProxy`` can ever run;
* ``-c protocol.<name>.allow=never`` for every protocol git knows (:data:`PROTOCOLS`), since a
  repository's own ``protocol.<name>.allow=always`` is more specific than ``protocol.allow``;
  and ``GIT_SSH_COMMAND`` / ``GIT_SSH`` / ``GIT_PROXY_COMMAND`` pinned to harmless values.

Configuration that reaches outside the repository:

* ``include.path`` / ``includeIf``: a repository configuration that includes another file is
  refused (:func:`refuse_config_includes`). An include is read by every git call, so one naming
  a FIFO hangs every call and one naming ``/dev/stdin`` swallows the object ids fed to
  ``cat-file --batch``;
* ``objects/info/alternates`` are followed: they are how ``clone --shared`` / ``--reference``
  and mirror pools share objects, and they only add objects to read, never a command to run;
* ``safe.directory=*``: repositories owned by another user (a mirror service's account) are read
  too. The ownership check protects a user from a repository's configured commands; Lodestar
  runs none of them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, cached_property
from pathlib import Path

from lodestar.errors import GitError, NotARepositoryError, UnknownRevisionError
from lodestar.gitio import objects
from lodestar.gitio.dates import parse_raw_date
from lodestar.gitio.objects import TreeListing
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
    "fetch.recurseSubmodules=false",
    "submodule.recurse=false",
)

# Every transport git has (remote helpers are named by their own scheme and are covered by
# GIT_ALLOW_PROTOCOL and protocol.allow=never). The repository's config may say "always" for any.
PROTOCOLS: tuple[str, ...] = (
    "file", "git", "ssh", "git+ssh", "ssh+git", "http", "https", "ftp", "ftps", "ext", "fd",
)  # fmt: skip
OFFLINE_CONFIG: tuple[str, ...] = tuple(f"protocol.{name}.allow=never" for name in PROTOCOLS)

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
            # offline by construction (see the module docstring)
            "GIT_NO_LAZY_FETCH": "1",
            "GIT_ALLOW_PROTOCOL": "",
            "GIT_PROTOCOL_FROM_USER": "0",
            "GIT_SSH_COMMAND": "false",
            "GIT_SSH": "false",
            "GIT_PROXY_COMMAND": "",
            "LC_ALL": "C",
            "LANG": "C",
        }
    )
    return env


def _base_argv(git_dir: Path) -> list[str]:
    argv = ["git", "--no-pager", "--no-replace-objects", f"--git-dir={git_dir}"]
    for item in (*SAFE_CONFIG, *OFFLINE_CONFIG):
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
            # never the caller's terminal: git would read from it if the config named /dev/stdin
            stdin=subprocess.DEVNULL if input_bytes is None else None,
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


def init_repository(path: Path, *, branch: str = "main") -> None:
    """Make the folder ``path`` a new git repository (a workspace: its radar history is read
    from git); GitError when git is missing or fails."""
    try:
        proc = subprocess.run(
            ["git", "init", "--quiet", f"--initial-branch={branch}", str(path)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=git_environment(),
            timeout=60,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH; install git 2.30 or newer") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"{path}: git init took longer than 60s") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"{path}: git init failed: {message[-1] if message else proc.returncode}")


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
            with dot_git.open("rb") as handle:
                first = handle.read(4096).decode("utf-8", "replace").splitlines()[0]
        except (OSError, IndexError) as exc:
            raise NotARepositoryError(f"{path}: unreadable .git file") from exc
        if first.startswith("gitdir:"):
            target = Path(first.removeprefix("gitdir:").strip())
            return target if target.is_absolute() else (path / target).resolve()
        raise NotARepositoryError(f"{path}: .git file has no 'gitdir:' line")
    if is_bare_repository(path):
        return path
    raise NotARepositoryError(
        f"{path}: not a git repository (no .git, not a bare repository); pass the folder of a "
        "repository or a bare mirror"
    )


def common_dir(git_dir: Path) -> Path:
    """Where a linked worktree's shared objects, refs and config live (``commondir``)."""
    pointer = git_dir / "commondir"
    if not pointer.is_file():
        return git_dir
    with pointer.open("rb") as handle:
        target = Path(handle.read(4096).decode("utf-8", "replace").strip())
    return target if target.is_absolute() else (git_dir / target).resolve()


_MAX_CONFIG_BYTES = 1 << 20


def refuse_config_includes(git_dir: Path) -> None:
    """GitError when the repository's configuration includes another file (module docstring)."""
    for folder in dict.fromkeys((git_dir, common_dir(git_dir))):
        for name in ("config", "config.worktree"):
            config = folder / name
            if not config.exists():
                continue
            if not config.is_file():
                raise GitError(f"{config}: not a regular file; Lodestar reads no such repository")
            with config.open("rb") as handle:
                data = handle.read(_MAX_CONFIG_BYTES + 1)
            if len(data) > _MAX_CONFIG_BYTES:
                raise GitError(f"{config}: over {_MAX_CONFIG_BYTES:,} bytes; trim it to scan")
            for number, line in enumerate(data.splitlines(), start=1):
                if line.translate(None, b" \t").lower().startswith(b"[include"):
                    raise GitError(
                        f"{config}:{number}: includes another file ([include]/[includeIf]); "
                        "Lodestar never follows a scanned repository's includes: remove the "
                        "section to scan it"
                    )


def _parse_git_date(raw: bytes) -> str:
    """``1700000000 +0130`` → ISO 8601 with the committer's offset, read as git reads it.

    An offset git accepts but cannot express (psf/requests' ``+51800``) is read as UTC, the
    moment unchanged (:func:`lodestar.gitio.dates.parse_raw_date`); a date with no moment to
    read is unknown (``""``), never an exception that costs the repository its scan.
    """
    try:
        return parse_raw_date(raw).isoformat()
    except GitError:
        return ""


class GitRepository:
    """Read-only access to one repository's object database."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).absolute()
        self.git_dir = resolve_git_dir(self.path)
        refuse_config_includes(self.git_dir)
        self._absent: frozenset[str] = frozenset()

    def run(self, args: Sequence[str], **kwargs: float | bytes | bool | None) -> bytes:
        return run_git(self.git_dir, args, **kwargs)  # type: ignore[arg-type]

    @cached_property
    def is_partial_clone(self) -> bool:
        """Whether objects may be absent by design: promisor packs (``clone --filter``)."""
        packs = common_dir(self.git_dir) / "objects" / "pack"
        return packs.is_dir() and any(packs.glob("*.promisor"))

    @cached_property
    def is_shallow(self) -> bool:
        """Whether history was cut (``clone --depth``): older commits are not there."""
        return (common_dir(self.git_dir) / "shallow").is_file()

    def resolve(self, rev: str = "HEAD") -> tuple[str, str]:
        """Resolve ``rev`` to (commit id, ISO committer date); GitError when it does not exist."""
        try:
            out = self.run(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"]
            )
        except GitError as exc:
            if rev == "HEAD":
                raise GitError(f"{self.path}: the repository has no commits yet") from exc
            raise UnknownRevisionError(
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

    def list_tree(self, commit: str, *, limit: int | None = None) -> TreeListing:
        """The commit's tree, recursively, with blob sizes; at most ``limit`` entries kept.

        In a partial clone, the blobs that are not present are listed in ``absent`` (and
        :meth:`read_blobs` yields None for them without asking git): nothing is fetched.
        """
        listing = objects.list_tree(
            self._invocation(), commit, partial=self.is_partial_clone, limit=limit
        )
        self._absent = self._absent | listing.absent
        return listing

    def ls_tree(self, commit: str) -> list[TreeEntry]:
        """Every entry of the commit's tree, recursively, with blob sizes (see list_tree)."""
        return self.list_tree(commit).entries

    def read_blobs(self, oids: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
        """Stream (oid, content) for each oid, in the order asked, through ``cat-file --batch``.

        Content is None for an object that is absent (a partial clone's, known from
        :meth:`list_tree`) or unreadable (missing or corrupt): the caller warns, the work goes on.
        """
        return objects.read_blobs(self._invocation(), oids, self._absent)

    def _invocation(self) -> objects.Invocation:
        return objects.Invocation(_base_argv(self.git_dir), git_environment(), self.git_dir)
