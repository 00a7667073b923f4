"""Repository discovery: working trees, bare mirrors, no descent into repositories."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_repo

from lodestar.scan.discover import discover, expand_sources


def test_finds_work_trees_and_bare_mirrors_without_descending(tmp_path: Path) -> None:
    root = tmp_path / "org"
    make_repo(root / "team-a" / "api", {"a.py": "x = 1\n"})
    make_repo(root / "team-b" / "web", {"index.js": "x\n"})
    make_repo(root / "mirrors" / "billing.git", {"b.go": "package b\n"}, bare=True)
    # a repository nested inside another repository's tree belongs to the outer one
    make_repo(root / "team-a" / "api" / "vendor" / "lib", {"l.py": "y\n"})
    (root / "notes").mkdir()

    found = discover([root])

    assert [(r.name, r.bare) for r in found] == [
        ("mirrors/billing", True),
        ("team-a/api", False),
        ("team-b/web", False),
    ]


def test_path_that_is_a_repository_is_returned_itself(tmp_path: Path) -> None:
    make_repo(tmp_path / "svc", {"a.py": "x\n"})
    [ref] = discover([tmp_path / "svc"])
    assert ref.name == "svc"
    assert ref.path == str(tmp_path / "svc")


def test_symlinked_folders_are_not_followed(tmp_path: Path) -> None:
    make_repo(tmp_path / "real" / "svc", {"a.py": "x\n"})
    (tmp_path / "scan").mkdir()
    (tmp_path / "scan" / "link").symlink_to(tmp_path / "real")
    assert discover([tmp_path / "scan"]) == []


def test_depth_limit(tmp_path: Path) -> None:
    make_repo(tmp_path / "a" / "b" / "c" / "deep", {"a.py": "x\n"})
    assert discover([tmp_path], max_depth=2) == []
    assert [r.name for r in discover([tmp_path], max_depth=4)] == ["a/b/c/deep"]


def test_same_repository_twice_is_listed_once(tmp_path: Path) -> None:
    make_repo(tmp_path / "svc", {"a.py": "x\n"})
    assert len(discover([tmp_path, tmp_path / "svc"])) == 1


def test_expand_sources_globs_relative_to_workspace(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / "git" / name).mkdir(parents=True)
    found = expand_sources(["git/*", "missing"], tmp_path)
    assert [p.name for p in found] == ["one", "two"]
