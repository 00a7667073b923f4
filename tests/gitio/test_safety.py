"""A scanned repository can never make Lodestar run one of its configured commands."""

from __future__ import annotations

import subprocess
from pathlib import Path

from lodestar.gitio import GitRepository
from lodestar.records import RepositoryRef
from lodestar.scan.pipeline import scan_repository

EVIL_SETTINGS = {
    "core.fsmonitor": "touch {m}/fsmonitor",
    "filter.evil.clean": "touch {m}/clean; cat",
    "filter.evil.smudge": "touch {m}/smudge; cat",
    "filter.evil.process": "touch {m}/process",
    "diff.evil.textconv": "touch {m}/textconv; cat",
    "diff.evil.command": "touch {m}/diffcommand",
    "diff.external": "touch {m}/external",
    "core.pager": "touch {m}/pager; cat",
    "core.alternateRefsCommand": "touch {m}/alternaterefs",
    "core.sshCommand": "touch {m}/ssh",
    "uploadpack.packObjectsHook": "touch {m}/packobjects",
}


def _booby_trap(repo: Path, markers: Path) -> None:
    """Configure the repository so that ordinary git commands run `touch` on a marker."""
    hooks = repo / ".git" / "evil-hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
        script = hooks / hook
        script.write_text(f"#!/bin/sh\ntouch {markers}/hook-{hook}\n")
        script.chmod(0o755)
    settings = {k: v.format(m=markers) for k, v in EVIL_SETTINGS.items()}
    settings["core.hooksPath"] = str(hooks)
    for key, value in settings.items():
        subprocess.run(["git", "-C", str(repo), "config", key, value], check=True)
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "attributes").write_text("* filter=evil diff=evil\n")


def test_naive_git_would_run_the_trap(repo_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Proves the trap is armed: plain `git status` runs the fsmonitor command."""
    repo = repo_factory({"a.py": "print('hi')\n"})
    markers = tmp_path / "markers"
    markers.mkdir()
    _booby_trap(repo, markers)
    (repo / "a.py").write_text("print('changed')\n")
    subprocess.run(["git", "-C", str(repo), "status"], capture_output=True, check=False)
    subprocess.run(["git", "-C", str(repo), "diff"], capture_output=True, check=False)
    assert {p.name for p in markers.iterdir()} & {"fsmonitor", "clean", "textconv"}


def test_scan_runs_no_configured_command(repo_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = repo_factory(
        {
            "a.py": "print('hi')\n",
            ".gitattributes": "* filter=evil diff=evil\n",
            "LICENSE": "MIT License\n",
        },
        commits=3,
    )
    markers = tmp_path / "markers"
    markers.mkdir()
    _booby_trap(repo, markers)
    (repo / "a.py").write_text("print('dirty working tree')\n")  # must be ignored too

    scan = scan_repository(RepositoryRef("r", str(repo)))
    git = GitRepository(repo)
    commit, _ = git.resolve("HEAD")
    list(git.read_blobs(e.oid for e in git.ls_tree(commit)))

    assert list(markers.iterdir()) == []
    by_path = {f.path: f for f in scan.files}
    assert by_path["a.py"].code == 1  # committed content, not the dirty working tree


def test_symlinks_are_never_followed(repo_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.py"
    secret.write_text("x = 1\n" * 1000)
    repo = repo_factory({"main.py": "x = 1\n"}, symlinks={"link.py": str(secret)})
    scan = scan_repository(RepositoryRef("r", str(repo)))
    assert [f.path for f in scan.files] == ["main.py"]


def test_oversized_files_are_skipped_and_recorded(repo_factory) -> None:  # type: ignore[no-untyped-def]
    repo = repo_factory({"big.py": "x = 1\n" * 100_000, "small.py": "y = 2\n"})
    scan = scan_repository(RepositoryRef("r", str(repo)), max_file_size=10_000)
    assert scan.skipped == ("big.py",)
    assert any(w.path == "big.py" and "cap" in w.message for w in scan.warnings)
    big = next(f for f in scan.files if f.path == "big.py")
    assert (big.code, big.language) == (0, "Python")


def test_bare_repository_reads_the_same(tmp_path: Path) -> None:
    from tests.conftest import make_repo

    files = {"src/app.py": "import os\n\n# comment\nprint(os.name)\n"}
    make_repo(tmp_path / "work", files)
    make_repo(tmp_path / "bare.git", files, bare=True)
    a = scan_repository(RepositoryRef("w", str(tmp_path / "work")))
    b = scan_repository(RepositoryRef("b", str(tmp_path / "bare.git"), bare=True))
    assert a.commit == b.commit
    assert a.files == b.files


def test_hostile_ref_names_are_not_options(repo_factory) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from lodestar.errors import GitError

    repo = repo_factory({"a.py": "x\n"})
    with pytest.raises(GitError, match="not found"):
        GitRepository(repo).resolve("--output=/tmp/pwned")
