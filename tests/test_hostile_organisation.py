"""`lodestar scan` over a whole generated organisation of hostile repositories (issue 9).

Every oddity the hostile-input tests look at one by one, together in one workspace, scanned by
the real command in a child process, as a user would run it: partial clones armed to run a
command on a lazy fetch, SHA-256 and gitdir-file repositories, a linked worktree, a shallow
clone, corrupt object stores, a repository whose config includes another file, an empty one,
manifests that would run code if anything executed them, regular-expression bombs, terminal
escapes in names, subjects and paths, a 5,000-digit version, and commit dates git accepts but
fsck does not. What must hold:

* nothing ran: no marker file appears, and no object is added to any repository;
* no traceback, and no failure whose reason is a Python exception rather than a diagnosis;
* every repository is either scanned or listed among the failures with a reason;
* no repository's inventory costs more than 10 s (divided by ``SLACK`` on a noisy machine).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from tests import hostile_repos
from tests.budget import SLACK
from tests.conftest import T0, make_repo
from tests.history import literal

from lodestar.demo.factory import Author, Commit, build_repository

ESCAPES = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b]8;;https://evil.example\x07x\x1b]8;;\x07\u202e"
EXPECTED_FAILURES = {"empty", "includes"}  # nothing to scan / a config Lodestar refuses
# A Python exception's class name in a reason means a crash was caught, not a diagnosis.
_CRASH = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception): ")


def _marker_script(path: Path, marker: Path) -> str:
    path.write_text(f'#!/bin/sh\ntouch "{marker}"\n')
    path.chmod(0o755)
    return str(path)


def _code_that_must_not_run(root: Path, markers: Path) -> None:
    """Manifests and configuration that run a command if anything executes or honours them."""
    touch = f"open({str(markers / 'python')!r}, 'w').close()\n"
    make_repo(
        root / "executes",
        {
            "setup.py": "import setuptools\n" + touch + "setuptools.setup(name='x')\n",
            "evil.pth": "import os; " + touch,
            "conftest.py": touch,
            "package.json": json.dumps(
                {
                    "name": "x",
                    "scripts": {"preinstall": f"touch {markers / 'npm'}"},
                    "dependencies": {"left-pad": "1.3.0"},
                }
            ),
            "Makefile": f"all:\n\ttouch {markers / 'make'}\n",
            ".gitattributes": "*.py filter=evil diff=evil\n",
            "app.py": "print('hello')\n",
        },
    )
    work = root / "executes"
    script = _marker_script(root / "configured.sh", markers / "configured")
    for key, value in {
        "filter.evil.clean": script,
        "filter.evil.smudge": script,
        "filter.evil.process": script,
        "diff.evil.textconv": script,
        "diff.evil.command": script,
        "core.fsmonitor": script,
        "core.pager": script,
        "core.hooksPath": str(root),
    }.items():
        subprocess.run(["git", "-C", str(work), "config", key, value], check=True)
    for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction"):
        _marker_script(root / hook, markers / f"hook-{hook}")


def _bombs(root: Path) -> None:
    """Files whose naive parsing backtracks for minutes, and numbers past int()'s limit.

    Bare: git's own checkout would spend minutes matching the attribute pattern on the path.
    """
    make_repo(
        root / "bombs.git",
        {
            "requirements.txt": "flask" + " " * 100_000 + "==2.0\n" + (" " * 1000 + "\n") * 2000,
            ".mailmap": "a" + " " * 100_000 + "b\n",
            "package.json": json.dumps(
                {"name": "b", "engines": {"node": "1" + " - 1" * 25_000}, "version": "1.0.0"}
            ),
            "main.tf": 'module "m" {\n  source = "'
            + "a/" * 50_000
            + '"\n  version = "'
            + "1" * 100_000
            + '"\n}\n',
            ".devcontainer/Dockerfile": "FROM mcr.microsoft.com/devcontainers/python:"
            + "0" * 100_000
            + "\n",
            ".gitattributes": "*a*a*a*a*a*a*b linguist-vendored\n",
            ("a" * 200 + "/") * 10 + "a" * 200 + ".txt": "deep\n",
            "pom.xml": "<project><modelVersion>4.0.0</modelVersion><dependencies><dependency>"
            "<groupId>g</groupId><artifactId>a</artifactId><version>"
            + "9" * 5000
            + "</version></dependency></dependencies></project>\n",
            "composer.json": json.dumps({"require": {"v/v": "1" * 5000}}),
        },
        bare=True,
    )


def _escapes(root: Path) -> None:
    """Terminal escapes in author names, subjects, paths, tags and package names."""
    evil = Author("Mallory" + ESCAPES + "[bold red]x[/]", "mallory@example.com")
    build_repository(
        root / ("escapes" + ESCAPES.replace("/", "_")),
        [
            Commit(
                author=evil,
                when=T0 + timedelta(days=i),
                message=f"subject {i}" + ESCAPES,
                files={
                    "src/" + ESCAPES.replace("/", "_") + ".py": f"x = {i}\n",
                    "requirements.txt": "evil" + ESCAPES.replace("/", "_") + "==1.0\n",
                },
            )
            for i in range(3)
        ],
    )


def _odd_dates(root: Path) -> None:
    """psf/requests' +51800 on the newest commit, and commits git barely reads below it."""
    repo = root / "oddtz"
    literal.odd_history(repo)
    when = literal.at(literal.T5 + timedelta(days=1), "+51800")
    head = literal.git(repo, "rev-parse", "refs/heads/main")
    top = literal.commit(
        repo,
        {"app.py": "print('tz')\n"},
        [head],
        author=f"{literal.ALICE} {when}",
        committer=f"{literal.ALICE} {when}",
        message="odd zone at the tip",
    )
    literal.update_ref(repo, "refs/heads/main", top)


def _corpus(root: Path, markers: Path) -> None:
    repos = root / "repos"
    repos.mkdir(parents=True)
    for trap in hostile_repos.FETCH_TRAPS:
        clone, _origin = hostile_repos.partial_clone(root / "origins" / trap)
        clone.rename(repos / f"partial-{trap}")
        hostile_repos.arm(repos / f"partial-{trap}", trap, markers)
    hostile_repos.sha256_repository(repos / "sha256.git", bare=True)
    hostile_repos.gitdir_file_repository(root / "gitdir")
    (root / "gitdir" / "work").rename(repos / "gitdir-file")
    (repos / "gitdir-file" / ".git").write_text(
        f"gitdir: {root / 'gitdir' / 'store' / 'work.git'}\n"
    )
    hostile_repos.linked_worktree(root / "worktrees")
    (root / "worktrees" / "linked").rename(repos / "linked-worktree")
    subprocess.run(
        [
            "git",
            "-C",
            str(root / "worktrees" / "main"),
            "worktree",
            "repair",
            str(repos / "linked-worktree"),
        ],
        check=True,
        capture_output=True,
    )
    hostile_repos.shallow_clone(root / "shallow")
    (root / "shallow" / "shallow").rename(repos / "shallow")
    hostile_repos.tree_with_missing_blob(repos / "missing-blob.git")
    hostile_repos.truncated_loose_object(repos / "truncated.git")
    make_repo(repos / "includes", {"app.py": "print(1)\n"})
    with (repos / "includes" / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(f'[include]\n\tpath = "{root / "nowhere.conf"}"\n')
    subprocess.run(["git", "init", "-q", str(repos / "empty")], check=True)
    _code_that_must_not_run(repos, markers)
    _bombs(repos)
    _escapes(repos)
    _odd_dates(repos)
    make_repo(repos / "plain", {"app.py": "print('fine')\n"}, commits=3)


def _objects(repo: Path) -> int:
    git_dir = repo / ".git" if (repo / ".git").is_dir() else repo
    return sum(1 for p in (git_dir / "objects").rglob("*") if p.is_file())


@pytest.mark.slow
def test_scan_of_a_hostile_organisation(tmp_path: Path) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    _corpus(tmp_path, markers)
    repos = sorted(p for p in (tmp_path / "repos").iterdir() if p.is_dir())
    objects_before = {
        p.name: _objects(p) for p in repos if (p / "objects").exists() or (p / ".git").is_dir()
    }
    ws = tmp_path / "ws"
    env = {**os.environ, "LODESTAR_DATABASE_URL": "", "COLUMNS": "200"}
    lodestar = [sys.executable, "-m", "lodestar"]
    subprocess.run(
        [*lodestar, "init", str(ws), "--source", "../repos"],
        env=env,
        check=True,
        capture_output=True,
    )

    run = subprocess.run(
        [*lodestar, "-w", str(ws), "scan", "--workers", "2", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout
    assert sorted(p.name for p in markers.iterdir()) == []  # nothing ran
    assert {p.name: _objects(p) for p in repos if p.name in objects_before} == objects_before
    report = json.loads(run.stdout)
    outcomes = {Path(o["path"]).name: o for o in report["repositories"]}
    failures = {(Path(f["path"]).name, f["stage"]): f["reason"] for f in report["failures"]}
    assert set(outcomes) == {p.name for p in repos}  # every repository was looked at
    for name, outcome in outcomes.items():
        assert outcome["status"] in {"scanned", "failed"}, name
        if outcome["status"] == "failed":
            assert failures[name, "inventory"], name  # listed, with a reason
        assert outcome["seconds"] < 10 * SLACK, (name, outcome["seconds"])
    failed_inventory = {name for name, stage in failures if stage == "inventory"}
    assert failed_inventory == EXPECTED_FAILURES, failures
    for reason in failures.values():
        assert not _CRASH.search(reason), reason
    history = {h["name"]: h for h in report["history"]["repositories"]}
    assert history  # the scanned repositories' histories were mined too

    # the views a person reads next carry every repository, none with a raw escape
    shown = subprocess.run(
        [*lodestar, "-w", str(ws), "repos"], env=env, capture_output=True, text=True, check=True
    )
    assert "\x1b]" not in shown.stdout and "\u202e" not in shown.stdout
    listed = json.loads(
        subprocess.run(
            [*lodestar, "-w", str(ws), "repos", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )["repositories"]
    assert len(listed) == len(repos)
    assert sorted(p.name for p in markers.iterdir()) == []
