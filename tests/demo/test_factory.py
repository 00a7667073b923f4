"""The repository factory: what it writes is what git reads back, identically every time."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from lodestar.demo.factory import (
    Author,
    Commit,
    build_repository,
    fast_import_stream,
    linear_history,
    repository_with_files,
)

ADA = Author("Ada Lovelace", "ada@example.com")
TOMAS = Author("Tomás Silva", "tomas@example.com")
BOT = Author("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
T0 = datetime(2025, 3, 3, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}
    out = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, env=env, check=True
    ).stdout
    return out.decode("utf-8").strip()


def at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def sample_history() -> list[Commit]:
    return [
        Commit(
            ADA,
            at(0),
            "Initial commit",
            {
                "README.md": "# sample\n",
                "src/app.py": "print('hi')\n",
                "docs/old name.md": "notes\n",
                "bin/run": "#!/bin/sh\nexec python src/app.py\n",
                "assets/logo.png": b"\x89PNG\r\n\x1a\n\x00binary",
            },
            executable={"bin/run"},
            symlinks={"latest": "README.md"},
        ),
        Commit(TOMAS, at(1), "Add feature", {"src/feature.py": "X = 1\n"}, branch="feature/x"),
        Commit(
            ADA,
            at(2),
            "Rename notes and drop the logo",
            {"assets/logo.png": None, "CHANGELOG.md": "## 1.0\n"},
            renames={"docs/old name.md": "docs/new name.md"},
            tag="v1.0.0",
            tag_message="First release",
        ),
        Commit(
            TOMAS, at(3), "Merge branch 'feature/x'", merge="feature/x", lightweight_tag="v1.0.1"
        ),
        Commit(BOT, at(4), "Bump things", {"src/app.py": "print('hello')\n"}, committer=ADA),
    ]


def test_same_inputs_give_the_same_commit_ids(tmp_path: Path) -> None:
    first = build_repository(tmp_path / "one", sample_history())
    second = build_repository(tmp_path / "two", sample_history())
    bare = build_repository(tmp_path / "three.git", sample_history(), bare=True)
    assert first == second == bare
    assert len(first) == 40
    assert git(tmp_path / "one", "rev-parse", "HEAD") == first


def test_user_configuration_does_not_leak_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = build_repository(tmp_path / "clean", sample_history())
    home = tmp_path / "home"
    hooks = home / "templates" / "hooks"
    hooks.mkdir(parents=True)
    (hooks / "post-checkout").write_text("#!/bin/sh\nexit 1\n")
    (hooks / "post-checkout").chmod(0o755)
    (home / ".gitconfig").write_text(
        "[init]\n\tdefaultBranch = trunk\n\ttemplateDir = " + str(home / "templates") + "\n"
        "[core]\n\tautocrlf = true\n\thooksPath = " + str(hooks) + "\n"
        "[user]\n\tname = Somebody Else\n\temail = else@example.com\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Intruder")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2001-01-01T00:00:00Z")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    assert build_repository(tmp_path / "dirty", sample_history()) == expected
    assert not (tmp_path / "dirty" / ".git" / "hooks").exists()
    # core.autocrlf from the user's configuration would have rewritten line ends on checkout.
    assert (tmp_path / "dirty" / "README.md").read_bytes() == b"# sample\n"


def test_working_tree_is_populated_like_a_clone(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    build_repository(repo, sample_history())
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert (repo / "docs" / "new name.md").read_text() == "notes\n"
    assert (repo / "src" / "feature.py").is_file()
    assert not (repo / "assets" / "logo.png").exists()
    assert (repo / "latest").is_symlink()
    assert (repo / "latest").readlink() == Path("README.md")
    assert os.access(repo / "bin" / "run", os.X_OK)


def test_modes_symlinks_and_binary_content_in_the_tree(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    build_repository(repo, sample_history())
    modes = {
        line.split("\t")[1]: line.split()[0]
        for line in git(repo, "ls-tree", "-r", "HEAD").splitlines()
    }
    assert modes["bin/run"] == "100755"
    assert modes["latest"] == "120000"
    assert modes["README.md"] == "100644"
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    blob = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "blob", f"{first}:assets/logo.png"],
        capture_output=True,
        check=True,
    ).stdout
    assert blob == b"\x89PNG\r\n\x1a\n\x00binary"


def test_renames_are_detected_by_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    build_repository(repo, sample_history())
    status = git(repo, "log", "-M", "--diff-filter=R", "--name-status", "--format=%s")
    assert "R100\tdocs/old name.md\tdocs/new name.md" in status


def test_merge_has_two_parents_and_both_sides(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    build_repository(repo, sample_history())
    merges = git(repo, "rev-list", "--merges", "--format=%P %s", "HEAD").splitlines()
    assert len(merges) == 2  # "commit <id>" line and the formatted line
    assert len(merges[1].split(" Merge")[0].split()) == 2
    files = git(repo, "ls-tree", "-r", "--name-only", "HEAD^1").splitlines()
    assert "src/feature.py" in files and "CHANGELOG.md" in files
    # The feature branch forked from main's tip at the time, not from nothing.
    assert git(repo, "rev-parse", "feature/x^") == git(repo, "rev-list", "--max-parents=0", "HEAD")


def test_annotated_and_lightweight_tags(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    build_repository(repo, sample_history())
    assert git(repo, "cat-file", "-t", "v1.0.0") == "tag"
    assert git(repo, "cat-file", "-t", "v1.0.1") == "commit"
    assert git(repo, "for-each-ref", "--format=%(contents:subject)", "refs/tags/v1.0.0") == (
        "First release"
    )
    tagger_date = git(repo, "for-each-ref", "--format=%(taggerdate:iso-strict)", "refs/tags/v1.0.0")
    assert datetime.fromisoformat(tagger_date) == at(2)


def test_identities_dates_and_time_zones(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    build_repository(repo, sample_history())
    log = git(repo, "log", "--format=%an|%ae|%cn|%aI").splitlines()
    assert log[0] == f"dependabot[bot]|{BOT.email}|Ada Lovelace|{at(4).isoformat()}"
    assert log[-1].startswith("Ada Lovelace|ada@example.com|Ada Lovelace|2025-03-03T09:30:00+01:00")
    assert "Tomás Silva" in git(repo, "log", "--format=%an")


def test_bare_repository_has_no_working_tree(tmp_path: Path) -> None:
    repo = tmp_path / "mirror.git"
    build_repository(repo, sample_history(), bare=True)
    assert git(repo, "rev-parse", "--is-bare-repository") == "true"
    assert not (repo / "README.md").exists()
    assert (repo / "HEAD").is_file()


def test_default_branch_can_be_chosen(tmp_path: Path) -> None:
    commits = [Commit(ADA, at(0), "Initial commit", {"a": "1\n"}, branch="trunk")]
    build_repository(tmp_path / "repo", commits, default_branch="trunk")
    assert git(tmp_path / "repo", "symbolic-ref", "HEAD") == "refs/heads/trunk"


def test_helpers(tmp_path: Path) -> None:
    commits = linear_history([{"a.txt": "1\n"}, {"a.txt": "2\n"}, {"a.txt": None, "b.txt": "3\n"}])
    head = build_repository(tmp_path / "linear", commits)
    assert git(tmp_path / "linear", "log", "--format=%s") == "Change 3\nChange 2\nChange 1"
    assert git(tmp_path / "linear", "ls-tree", "--name-only", head) == "b.txt"
    one = repository_with_files(tmp_path / "one.git", {"x/y.txt": b"\x00\x01"}, bare=True)
    assert git(tmp_path / "one.git", "ls-tree", "-r", "--name-only", one) == "x/y.txt"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Commit(ADA, datetime(2025, 1, 1), "naive", {"a": "1"}), "timezone-aware"),  # noqa: DTZ001  the point of the test
        (lambda: Commit(ADA, T0, "escape", {"../a": "1"}), "invalid repository path"),
        (lambda: Commit(ADA, T0, "dotgit", {"x/.GIT/config": "1"}), "invalid repository path"),
        (lambda: Commit(ADA, T0, "abs", {"/etc/passwd": "1"}), "invalid repository path"),
        (lambda: Commit(ADA, T0, "dot", {"a/./b": "1"}), "invalid repository path"),
        (lambda: Commit(ADA, T0, "mode", {"a": "1"}, executable={"b"}), "executable"),
        (lambda: Commit(ADA, T0, "ref", {"a": "1"}, branch="bad..name"), "invalid branch"),
        (lambda: Author("Eve <evil>", "e@example.com"), "invalid character"),
    ],
)
def test_invalid_records_are_refused(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_invalid_histories_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown branch"):
        fast_import_stream([Commit(ADA, T0, "m", {"a": "1"}), Commit(ADA, T0, "m", merge="nope")])
    with pytest.raises(ValueError, match="default branch"):
        fast_import_stream([Commit(ADA, T0, "m", {"a": "1"}, branch="other")])
    with pytest.raises(ValueError, match="no such path"):
        fast_import_stream([Commit(ADA, T0, "m", {"a": "1"}, renames={"b": "c"})])
    conflict = [
        Commit(ADA, at(0), "base", {"a": "0\n"}),
        Commit(ADA, at(1), "theirs", {"a": "1\n"}, branch="topic"),
        Commit(ADA, at(2), "ours", {"a": "2\n"}),
        Commit(ADA, at(3), "merge", merge="topic"),
    ]
    with pytest.raises(ValueError, match="both sides changed 'a'"):
        fast_import_stream(conflict)
    resolved = [*conflict[:3], Commit(ADA, at(3), "merge", {"a": "3\n"}, merge="topic")]
    head = build_repository(tmp_path / "resolved", resolved)
    assert git(tmp_path / "resolved", "show", f"{head}:a") == "3"
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file").write_text("x")
    with pytest.raises(ValueError, match="not an empty directory"):
        build_repository(tmp_path / "busy", linear_history([{"a": "1"}]))


def test_history_dates_are_kept_exactly(tmp_path: Path) -> None:
    start = datetime(2024, 11, 1, tzinfo=UTC)
    commits = linear_history([{"f": str(i)} for i in range(50)], start=start)
    build_repository(tmp_path / "repo", commits)
    stamps = [int(x) for x in git(tmp_path / "repo", "log", "--format=%ct").splitlines()]
    assert stamps == [int((start + timedelta(days=i)).timestamp()) for i in reversed(range(50))]
