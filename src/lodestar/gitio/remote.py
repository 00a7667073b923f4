"""The only git calls that touch the network: ``clone --mirror`` and ``fetch --prune``.

Everything else in :mod:`lodestar.gitio` is offline by construction (:mod:`.safe`). This module
keeps bare mirrors of remote repositories fresh, and nothing a remote, a URL or a pre-existing
mirror folder says can make it run a command:

* **URLs** pass :func:`lodestar.safeparse.parse_git_url` first: https, ssh, git and file only;
  ``ext::``, ``fd::``, any ``<helper>::`` address, credentials in the URL, option-like hosts
  and paths are refused before git starts (:class:`~lodestar.errors.RemoteError`).
* **Transports**: ``GIT_ALLOW_PROTOCOL`` is the URL's own scheme and nothing else, so neither a
  redirect to another transport nor a ``url.<x>.insteadOf`` rewrite can reach ``ext::``; and
  ``protocol.allow=never`` with ``protocol.<scheme>.allow=always`` on the command line.
* **Configuration**: no system or global configuration (``GIT_CONFIG_NOSYSTEM``,
  ``GIT_CONFIG_GLOBAL=/dev/null``); the mirror's own configuration is Lodestar's, rewritten to
  :func:`canonical_config` before every fetch, so a folder someone edited loses its
  ``include``, ``url.*.insteadOf``, ``core.sshCommand``, ``core.gitProxy``, promisor and
  ``extensions.partialClone`` settings (each dropped key is reported); and ``-c`` overrides
  switch off hooks, credential helpers, askpass, fsmonitor, alternate-refs commands and proxy
  commands whatever a file says.
* **ssh** runs as ``ssh -o BatchMode=yes`` (no password or passphrase prompt, no new host
  accepted silently; keys and ``known_hosts`` are the operator's).
* **Tokens** (forge https clones) travel as an ``http.extraHeader`` given through
  ``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_n``/``GIT_CONFIG_VALUE_n`` in git's environment: never
  in argv (which every local user can read), never on disk, and redacted from every message.
* **Objects** are checked as they arrive (``transfer.fsckObjects``), with the historical
  oddities that real, old projects carry (a bad time zone, a zero-padded file mode) tolerated.
* **Time**: every call has a timeout; the whole process group (git and its ``ssh`` or
  ``git-remote-https`` children) is killed when it runs out. A clone is made in a sibling
  ``*.partial`` folder and renamed into place, so a killed run never leaves half a mirror.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lodestar.errors import RemoteError, UsageError
from lodestar.gitio.safe import SAFE_CONFIG, git_environment, is_bare_repository, run_git
from lodestar.safeparse import GitUrl, parse_git_url, scrub_url

SSH_COMMAND = "ssh -o BatchMode=yes -o ConnectTimeout=30 -o ServerAliveInterval=15"
_OFF = {"core.sshCommand", "protocol.allow", "core.askPass", "credential.helper"}
REMOTE_CONFIG: tuple[str, ...] = (
    *(item for item in SAFE_CONFIG if item.split("=", 1)[0] not in _OFF),
    f"core.sshCommand={SSH_COMMAND}",
    "core.askPass=",
    "credential.helper=",
    "core.gitProxy=",
    "core.alternateRefsCommand=",
    "protocol.allow=never",
    "http.sslVerify=true",
    "http.lowSpeedLimit=1000",
    "http.lowSpeedTime=60",
    "transfer.fsckObjects=true",
    "fetch.writeCommitGraph=false",
    *(
        f"fetch.fsck.{msg}=ignore"  # what real old projects carry (psf/requests' +51800)
        for msg in (
            "badTimezone",
            "badDate",
            "badDateOverflow",
            "zeroPaddedFilemode",
            "missingSpaceBeforeDate",
            "badEmail",
            "missingEmail",
            "badFilemode",
        )
    ),
)
MIRROR_REFSPEC = "+refs/*:refs/*"
_KEPT_KEYS = frozenset(
    {
        "core.repositoryformatversion",
        "core.filemode",
        "core.bare",
        "extensions.objectformat",
        "remote.origin.url",
        "remote.origin.fetch",
        "remote.origin.mirror",
    }
)
_MAX_CONFIG_BYTES = 1 << 20
_MAX_MESSAGE = 300
# what git says when trying again cannot help (anything else may pass: retried)
_PERMANENT = (
    "not found",
    "no such repository",
    "does not appear",
    "not a git repository",
    "not allowed",
    "authentication",
    "could not read username",
    "denied",
    "error: 401",
    "error: 403",
    "error: 404",
    "host key verification failed",
)


@dataclass(frozen=True, slots=True)
class MirrorUpdate:
    """What one clone or fetch did."""

    action: str  # "cloned" | "fetched"
    path: Path
    seconds: float
    dropped: tuple[str, ...] = ()  # configuration keys removed from a pre-existing mirror


def check_remote_url(url: str) -> GitUrl:
    """The parsed URL, or :class:`~lodestar.errors.RemoteError` (not retryable) saying why not."""
    try:
        return parse_git_url(url)
    except UsageError as exc:
        raise RemoteError(f"refused before git ran: {exc}") from None


def remote_environment(scheme: str, header: str | None = None) -> dict[str, str]:
    """git's environment for a networked call over ``scheme`` (module docstring)."""
    env = dict(git_environment())
    env.pop("GIT_SSH", None)
    env.update(
        {
            "GIT_ALLOW_PROTOCOL": scheme,
            "GIT_SSH_COMMAND": SSH_COMMAND,
            "GIT_SSH_VARIANT": "ssh",
            "GIT_PROXY_COMMAND": "",
            "GIT_TEMPLATE_DIR": "",
        }
    )
    entries = [("http.extraHeader", "")]  # empty first: forget any configured header
    if header is not None:
        entries.append(("http.extraHeader", header))
    env["GIT_CONFIG_COUNT"] = str(len(entries))
    for index, (key, value) in enumerate(entries):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


def _argv(scheme: str, git_dir: Path | None, args: Sequence[str]) -> list[str]:
    argv = ["git", "--no-pager", "--no-replace-objects"]
    if git_dir is not None:
        argv.append(f"--git-dir={git_dir}")
    for item in (*REMOTE_CONFIG, f"protocol.{scheme}.allow=always"):
        argv += ["-c", item]
    return [*argv, *args]


def _redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _failure(
    what: str, stderr: bytes, code: int | None, secrets: Sequence[str], *, timeout: float
) -> RemoteError:
    if code is None:
        return RemoteError(f"{what}: took longer than {timeout:.0f}s", retryable=True)
    lines = [
        line.strip()
        for line in stderr.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.lower().startswith(("hint:", "warning:"))
    ]
    errors = [line for line in lines if line.lower().startswith(("fatal:", "error:"))]
    detail = (errors or lines or [f"exit code {code}"])[0]
    detail = _redact(detail, secrets)[:_MAX_MESSAGE]
    lowered = detail.lower()
    permanent = any(word in lowered for word in _PERMANENT)
    return RemoteError(f"{what}: {detail}", retryable=not permanent)


def _run(
    argv: list[str],
    env: Mapping[str, str],
    *,
    what: str,
    timeout: float,
    secrets: Sequence[str],
    cwd: Path,
) -> bytes:
    """Run one networked git call, its standard output; RemoteError (redacted, one line) when
    it fails."""
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,  # its own process group: a timeout kills ssh/https helpers
        )
    except FileNotFoundError as exc:
        raise RemoteError("git is not installed or not on PATH; install git 2.31 or newer") from exc
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise _failure(what, b"", None, secrets, timeout=timeout) from None
    if proc.returncode != 0:
        raise _failure(what, stderr, proc.returncode, secrets, timeout=timeout)
    return stdout


def _read_config(path: Path) -> list[tuple[str, str]]:
    """(key, value) of every entry of a mirror's config file, as git reads it (no includes)."""
    if path.is_symlink() or not path.is_file():
        raise RemoteError(f"{path}: not a regular file; delete the mirror folder to clone again")
    if path.stat().st_size > _MAX_CONFIG_BYTES:
        raise RemoteError(f"{path}: over {_MAX_CONFIG_BYTES:,} bytes; delete the mirror folder")
    proc = subprocess.run(  # `git config --file` reads one file and runs nothing
        ["git", "config", "--file", str(path), "--no-includes", "--null", "--list"],
        capture_output=True,
        env=git_environment(),
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RemoteError(
            f"{path}: unreadable git configuration ({detail[-1] if detail else 'error'}); "
            "delete the mirror folder to clone again"
        )
    entries = []
    for item in proc.stdout.split(b"\0"):
        if item:
            key, _, value = item.decode("utf-8", "replace").partition("\n")
            entries.append((key.lower(), value))
    return entries


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def canonical_config(url: str, object_format: str | None) -> str:
    """The whole configuration of a Lodestar mirror: a bare repository mirroring ``url``."""
    version = 1 if object_format else 0
    lines = [
        "[core]",
        f"\trepositoryformatversion = {version}",
        "\tfilemode = true",
        "\tbare = true",
    ]
    if object_format:
        lines += ["[extensions]", f"\tobjectformat = {object_format}"]
    lines += [
        '[remote "origin"]',
        f"\turl = {_quote(url)}",
        f"\tfetch = {MIRROR_REFSPEC}",
        "\tmirror = true",
    ]
    return "\n".join(lines) + "\n"


def reset_mirror_config(git_dir: Path, url: str) -> tuple[str, ...]:
    """Rewrite the mirror's configuration to :func:`canonical_config`; the keys it dropped."""
    config = git_dir / "config"
    entries = _read_config(config)
    formats = [v for k, v in entries if k == "extensions.objectformat"]
    object_format = formats[-1].lower() if formats else None
    if object_format not in (None, "sha1", "sha256"):
        raise RemoteError(f"{config}: unknown object format {object_format!r}")
    dropped = tuple(dict.fromkeys(k for k, _ in entries if k not in _KEPT_KEYS))
    text = canonical_config(url, None if object_format == "sha1" else object_format)
    partial = config.with_name("config.lodestar-new")
    partial.write_text(text, "utf-8")
    partial.replace(config)
    return dropped


def _check_mirror_folder(path: Path) -> None:
    if path.is_symlink():
        raise RemoteError(f"{path}: a symbolic link; Lodestar keeps mirrors in real folders")
    if not is_bare_repository(path):
        raise RemoteError(
            f"{path}: exists but is no bare repository; move it away so the mirror can be cloned"
        )
    for pointer in ("commondir", "gitdir"):
        if (path / pointer).exists():
            raise RemoteError(f"{path}: has a {pointer} file; delete the folder to clone again")


def update_mirror(
    url: str,
    path: Path,
    *,
    timeout: float = 1800.0,
    header: str | None = None,
) -> MirrorUpdate:
    """Clone ``url`` as a bare mirror at ``path``, or fetch it (``--prune``) if already there.

    ``header`` (``Authorization: Bearer …``) is sent on https requests and never shown.
    Raises :class:`~lodestar.errors.RemoteError`; its ``retryable`` says whether to try again.
    """
    parsed = check_remote_url(url)
    secrets = [header.split(":", 1)[-1].strip()] if header else []
    shown = scrub_url(url)
    env = remote_environment(parsed.scheme, header)
    start = time.perf_counter()
    if path.exists() or path.is_symlink():
        _check_mirror_folder(path)
        dropped = reset_mirror_config(path, url)
        fetch = ["fetch", "--prune", "--quiet", "--no-write-fetch-head", "--no-auto-maintenance"]
        argv = _argv(parsed.scheme, path, [*fetch, "--", url, MIRROR_REFSPEC])
        _run(argv, env, what=f"{shown}: fetch", timeout=timeout, secrets=secrets, cwd=path)
        if run_git(path, ["rev-parse", "--verify", "--quiet", "HEAD"], check=False) == b"":
            # HEAD names a branch the fetch pruned (the default branch was renamed): follow
            # the remote's HEAD, asked only now
            ls_remote = ["ls-remote", "--symref", "--", url, "HEAD"]
            out = _run(
                _argv(parsed.scheme, path, ls_remote),
                env,
                what=f"{shown}: ls-remote",
                timeout=timeout,
                secrets=secrets,
                cwd=path,
            )
            _point_head(path, out)
        return MirrorUpdate("fetched", path, time.perf_counter() - start, dropped)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    if partial.exists() or partial.is_symlink():
        _remove(partial)
    clone = ["clone", "--mirror", "--quiet", "--template=", "--", url, str(partial)]
    argv = _argv(parsed.scheme, None, clone)
    try:
        _run(argv, env, what=f"{shown}: clone", timeout=timeout, secrets=secrets, cwd=path.parent)
        reset_mirror_config(partial, url)
    except BaseException:
        _remove(partial)
        raise
    partial.rename(path)
    return MirrorUpdate("cloned", path, time.perf_counter() - start)


def _point_head(path: Path, ls_remote: bytes) -> None:
    """Point the mirror's HEAD where ``ls-remote --symref … HEAD`` says the remote's is, when
    that branch is in the mirror (git checks the name)."""
    for line in ls_remote.decode("utf-8", "replace").splitlines()[:4]:
        target, _, name = line.removeprefix("ref: ").partition("\t")
        if line.startswith("ref: ") and name == "HEAD" and target.startswith("refs/heads/"):
            if run_git(path, ["rev-parse", "--verify", "--quiet", target], check=False):
                run_git(path, ["symbolic-ref", "HEAD", target])
            return


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)
