"""The networked git door: mirrors cloned and fetched over file:// and a loopback git daemon,
and nothing a URL, a configuration or a mirror folder says ever runs."""

from __future__ import annotations

import socket
import subprocess
import threading
from pathlib import Path

import pytest
from tests.hostile_repos import git, marker_script
from tests.remote_servers import GitDaemon, commit_on, delete_branch, origin, refs_of

from lodestar.errors import RemoteError
from lodestar.gitio import GitRepository, update_mirror
from lodestar.gitio import remote as gitio_remote


def test_file_url_mirror_is_cloned_then_fetched_with_prune(tmp_path: Path) -> None:
    source = origin(tmp_path / "origin.git")
    mirror = tmp_path / "mirrors" / "local" / "origin.git"
    first = update_mirror(f"file://{source}", mirror)
    assert first.action == "cloned"
    assert refs_of(mirror) == refs_of(source)
    assert not (mirror.parent / "origin.git.partial").exists()
    new = commit_on(source, "main", "third")
    delete_branch(source, "feature")
    second = update_mirror(f"file://{source}", mirror)
    assert second.action == "fetched"
    assert refs_of(mirror) == refs_of(source)
    assert refs_of(mirror)["refs/heads/main"] == new
    assert "refs/heads/feature" not in refs_of(mirror)
    # the mirror is an ordinary bare repository the offline door reads
    assert GitRepository(mirror).resolve("HEAD")[0] == new


def test_git_daemon_mirror_follows_new_commits_and_deleted_branches(
    tmp_path: Path, daemon: GitDaemon
) -> None:
    source = origin(daemon.base / "tools.git")
    mirror = tmp_path / "mirror.git"
    assert update_mirror(daemon.url("tools.git"), mirror).action == "cloned"
    assert refs_of(mirror) == refs_of(source)
    commit_on(source, "feature", "on feature")
    git(source, "tag", "v1.0", "main")
    delete_branch(source, "main")
    git(source, "symbolic-ref", "HEAD", "refs/heads/feature")
    assert update_mirror(daemon.url("tools.git"), mirror).action == "fetched"
    assert refs_of(mirror) == refs_of(source)
    # the default branch was renamed: the mirror's HEAD follows the remote's
    assert git(mirror, "symbolic-ref", "HEAD") == "refs/heads/feature"
    assert GitRepository(mirror).resolve("HEAD")[0] == refs_of(source)["refs/heads/feature"]


def test_a_missing_repository_is_a_one_line_error_not_retried(
    tmp_path: Path, daemon: GitDaemon
) -> None:
    with pytest.raises(RemoteError) as info:
        update_mirror(daemon.url("nothing-here.git"), tmp_path / "m.git")
    assert not info.value.retryable
    assert "nothing-here" in str(info.value) and "\n" not in str(info.value)
    assert not (tmp_path / "m.git").exists() and not (tmp_path / "m.git.partial").exists()


def test_a_refused_connection_is_retryable(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens
    with pytest.raises(RemoteError) as info:
        update_mirror(f"git://127.0.0.1:{port}/x.git", tmp_path / "m.git")
    assert info.value.retryable


def test_a_silent_server_is_cut_at_the_timeout(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    port = listener.getsockname()[1]
    try:
        with pytest.raises(RemoteError, match="longer than 1s") as info:
            update_mirror(f"git://127.0.0.1:{port}/slow.git", tmp_path / "m.git", timeout=1)
        assert info.value.retryable
    finally:
        for conn in accepted:
            conn.close()
        listener.close()


def _no_git(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"git was started: {args}")


@pytest.mark.parametrize(
    "url",
    [
        "ext::sh -c touch% {marker}",
        "ext::{script}",
        "fd::3",
        "http://127.0.0.1:1/x.git",
        "https://user:secret@example.com/x.git",
        "ssh://-oProxyCommand={script}/x",
    ],
)
def test_hostile_urls_are_refused_before_git_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    marker = tmp_path / "ran"
    script = marker_script(tmp_path / "evil.sh", marker)
    monkeypatch.setattr(subprocess, "Popen", _no_git)
    with pytest.raises(RemoteError, match="refused before git ran") as info:
        update_mirror(url.format(marker=marker, script=script), tmp_path / "m.git")
    assert not info.value.retryable
    assert "secret" not in str(info.value) or "credentials" in str(info.value)
    assert not marker.exists()


def test_global_and_system_insteadof_rewrites_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = origin(tmp_path / "origin.git")
    marker = tmp_path / "ran"
    script = marker_script(tmp_path / "evil.sh", marker)
    hostile = tmp_path / "hostile.gitconfig"
    hostile.write_text(
        f'[url "ext::sh -c touch% {marker}% #"]\n\tinsteadOf = file://\n'
        "[protocol]\n\tallow = always\n"
        f"[core]\n\tsshCommand = {script}\n\thooksPath = {tmp_path}\n"
        f"[credential]\n\thelper = !{script}\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(hostile.read_text())
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(hostile))
    monkeypatch.setenv("GIT_CONFIG_SYSTEM", str(hostile))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", f"url.ext::sh -c touch% {marker}% #.insteadOf")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "file://")
    gitio_remote.git_environment.cache_clear()
    try:
        mirror = tmp_path / "m.git"
        update_mirror(f"file://{source}", mirror)
        update_mirror(f"file://{source}", mirror)
    finally:
        gitio_remote.git_environment.cache_clear()
    assert refs_of(mirror) == refs_of(source)
    assert not marker.exists()


def _arm_mirror(mirror: Path, tmp_path: Path, marker: Path) -> Path:
    """Write into an existing mirror's folder every setting that would run a command."""
    script = marker_script(tmp_path / "evil.sh", marker)
    included = tmp_path / "included.cfg"
    included.write_text(f"[core]\n\tsshCommand = {script}\n")
    hooks = mirror / "hooks"
    hooks.mkdir(exist_ok=True)
    for hook in ("reference-transaction", "post-fetch", "pre-auto-gc", "post-checkout"):
        marker_script(hooks / hook, marker)
    with (mirror / "config").open("a") as config:
        config.write(
            f"[include]\n\tpath = {included}\n"
            f'[url "ext::sh -c touch% {marker}% #"]\n\tinsteadOf = file://\n'
            f'[url "ext::{script}"]\n\tpushInsteadOf = file://\n'
            "[protocol]\n\tallow = always\n"
            f"[core]\n\tsshCommand = {script}\n\tgitProxy = {script}\n\tfsmonitor = {script}\n"
            f"\thooksPath = {hooks}\n\talternateRefsCommand = {script}\n"
            f"[credential]\n\thelper = !{script}\n"
            '[remote "origin"]\n\tpromisor = true\n\tpartialclonefilter = blob:none\n'
            f"\tuploadpack = {script}\n\tvcs = evil\n"
            "[extensions]\n\tpartialClone = origin\n"
        )
    return script


def test_a_mirror_folder_armed_to_run_commands_runs_none(tmp_path: Path) -> None:
    source = origin(tmp_path / "origin.git")
    mirror = tmp_path / "m.git"
    update_mirror(f"file://{source}", mirror)
    marker = tmp_path / "ran"
    _arm_mirror(mirror, tmp_path, marker)
    new = commit_on(source, "main", "after arming")
    result = update_mirror(f"file://{source}", mirror)
    assert not marker.exists()
    assert refs_of(mirror)["refs/heads/main"] == new
    for key in ("include.path", "core.sshcommand", "core.gitproxy", "remote.origin.promisor"):
        assert key in result.dropped
    assert any(k.startswith("url.") and k.endswith(".insteadof") for k in result.dropped)
    config = (mirror / "config").read_text()
    assert "ext::" not in config and "promisor" not in config and "include" not in config


def test_an_ssh_mirror_never_runs_a_configured_ssh_command(tmp_path: Path) -> None:
    source = origin(tmp_path / "origin.git")
    mirror = tmp_path / "m.git"
    update_mirror(f"file://{source}", mirror)
    marker = tmp_path / "ran"
    _arm_mirror(mirror, tmp_path, marker)
    env = gitio_remote.remote_environment("ssh")
    assert env["GIT_SSH_COMMAND"].startswith("ssh -o BatchMode=yes")
    assert env["GIT_ALLOW_PROTOCOL"] == "ssh"
    # a host that does not resolve: ssh fails fast, and it is the pinned ssh that ran
    with pytest.raises(RemoteError):
        update_mirror("ssh://git@host.invalid/acme/x.git", mirror, timeout=60)
    assert not marker.exists()


def test_a_folder_that_is_no_mirror_or_a_symlink_is_refused(tmp_path: Path) -> None:
    source = origin(tmp_path / "origin.git")
    stray = tmp_path / "stray.git"
    stray.mkdir()
    (stray / "notes.txt").write_text("mine\n")
    with pytest.raises(RemoteError, match="no bare repository"):
        update_mirror(f"file://{source}", stray)
    assert (stray / "notes.txt").exists()
    link = tmp_path / "link.git"
    link.symlink_to(source)
    with pytest.raises(RemoteError, match="symbolic link"):
        update_mirror(f"file://{source}", link)


def test_the_token_header_is_in_the_environment_never_in_argv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[list[str], dict[str, str]]] = []
    real_popen = subprocess.Popen

    def spy(argv: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        seen.append((list(argv), dict(kwargs["env"])))  # type: ignore[call-overload]
        return real_popen(argv, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(subprocess, "Popen", spy)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    header = "Authorization: Basic c2VjcmV0LXRva2Vu"
    with pytest.raises(RemoteError) as info:
        update_mirror(f"https://127.0.0.1:{port}/acme/x.git", tmp_path / "m.git", header=header)
    assert "c2VjcmV0LXRva2Vu" not in str(info.value)
    argv, env = seen[0]
    assert not any("c2VjcmV0LXRva2Vu" in arg for arg in argv)
    assert env["GIT_CONFIG_KEY_1"] == "http.extraHeader"
    assert env["GIT_CONFIG_VALUE_1"] == header
    assert env["GIT_ALLOW_PROTOCOL"] == "https"
    assert not (tmp_path / "m.git").exists()


def test_error_messages_redact_the_token() -> None:
    err = gitio_remote._failure(
        "https://example.com/x: fetch",
        b"fatal: header Authorization: Basic c2VjcmV0 rejected\n",
        128,
        ["Basic c2VjcmV0"],
        timeout=10,
    )
    assert "c2VjcmV0" not in str(err) and "***" in str(err)


def test_a_hostile_file_origin_runs_nothing_on_our_side_of_the_clone(tmp_path: Path) -> None:
    source = origin(tmp_path / "origin.git")
    mirror = tmp_path / "m.git"
    update_mirror(f"file://{source}", mirror)
    new = commit_on(source, "main", "more")  # fetched below, once the origin is armed
    marker = tmp_path / "ran"
    script = marker_script(tmp_path / "evil.sh", marker)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-upload-pack", "pre-upload-pack", "reference-transaction", "post-checkout"):
        marker_script(hooks / hook, marker)
    for key, value in {
        "uploadpack.packObjectsHook": str(script),
        "core.hooksPath": str(hooks),
        "core.fsmonitor": str(script),
        "core.sshCommand": str(script),
    }.items():
        git(source, "config", key, value)
    update_mirror(f"file://{source}", mirror)
    update_mirror(f"file://{source}", tmp_path / "fresh.git")
    assert refs_of(mirror)["refs/heads/main"] == new
    assert refs_of(tmp_path / "fresh.git")["refs/heads/main"] == new
    assert not marker.exists()
