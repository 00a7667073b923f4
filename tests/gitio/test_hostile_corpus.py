"""Odd but real repositories are scanned, not failed (tests/hostile_repos.py builds them).

SHA-256 object format, ``.git`` files and linked worktrees read like any repository; a shallow
clone is read with a warning that its history is partial; a corrupt object (a truncated loose
object, a tree naming a blob that is nowhere) is a warning on its path and the rest is counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests import hostile_repos

from lodestar.ingest import mine_repository, update_snapshots
from lodestar.records import RepositoryRef
from lodestar.scan.loc import count_repository
from lodestar.scan.pipeline import scan_repository
from lodestar.store.db import open_engine
from lodestar.store.history import repository_history

COMMITS = len(hostile_repos.HISTORY_FILES)


def _summary(path: Path) -> tuple[object, ...]:
    scan = scan_repository(RepositoryRef("r", str(path)))
    return (
        tuple((f.path, f.language, f.code) for f in scan.files),
        tuple(sorted(d.name for d in scan.dependencies)),
        scan.warnings,
    )


@pytest.fixture
def reference(tmp_path: Path) -> tuple[object, ...]:
    """What the plain SHA-1 repository of the same history scans to."""
    hostile_repos.partial_clone(tmp_path / "reference")
    return _summary(tmp_path / "reference" / "origin.git")


def _mine_and_snapshot(path: Path, db: Path) -> tuple[int, int, tuple[str, ...]]:
    engine = open_engine(f"sqlite:///{db}")
    ref = RepositoryRef("r", str(path))
    mined = mine_repository(engine, ref)
    snapshots = update_snapshots(engine, ref)
    return mined.commits, snapshots.months, tuple(w.message for w in mined.warnings)


@pytest.mark.parametrize("bare", [True, False], ids=["bare", "work"])
def test_a_sha256_repository_is_scanned_like_any_other(
    tmp_path: Path, reference: tuple[object, ...], bare: bool
) -> None:
    head = hostile_repos.sha256_repository(tmp_path / "sha.git", bare=bare)
    path = tmp_path / "sha.git" if bare else tmp_path / "sha.git-work"
    assert len(head) == 64
    assert _summary(path) == reference
    scan = scan_repository(RepositoryRef("r", str(path)))
    assert scan.commit == head
    assert count_repository(path).commit == head
    assert _mine_and_snapshot(path, tmp_path / "db.sqlite") == (COMMITS, COMMITS, ())
    history = repository_history(open_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"), "r")
    assert {len(c.sha) for c in history.commits} == {64}


@pytest.mark.parametrize(
    "build",
    [hostile_repos.gitdir_file_repository, hostile_repos.linked_worktree],
    ids=["gitdir-file", "worktree"],
)
def test_a_dot_git_file_repository_is_scanned(
    tmp_path: Path, reference: tuple[object, ...], build: object
) -> None:
    path = build(tmp_path / "case")  # type: ignore[operator]  # a factory of the two above
    assert (path / ".git").is_file()
    assert _summary(path) == reference
    assert _mine_and_snapshot(path, tmp_path / "db.sqlite") == (COMMITS, COMMITS, ())


def test_a_shallow_clone_is_scanned_with_a_warning(tmp_path: Path) -> None:
    path = hostile_repos.shallow_clone(tmp_path / "case")
    scan = scan_repository(RepositoryRef("r", str(path)))
    assert len(scan.dependencies) == 3
    assert [w.message.split(";")[0] for w in scan.warnings] == ["shallow clone: history is partial"]
    commits, months, warnings = _mine_and_snapshot(path, tmp_path / "db.sqlite")
    assert (commits, months) == (1, 1)
    assert [w.split(" (")[0] for w in warnings] == ["shallow clone: history is partial"]


def test_a_tree_naming_a_missing_blob_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "missing.git"
    hostile_repos.tree_with_missing_blob(path)
    scan = scan_repository(RepositoryRef("r", str(path)))
    assert [f.path for f in scan.files] == ["ok.py"]
    assert [(w.path, w.message.split(":")[0]) for w in scan.warnings] == [("gone.py", "not read")]
    loc = count_repository(path)
    assert [f.path for f in loc.files] == ["ok.py"]
    assert [w.split(":")[0] for w in loc.warnings] == ["gone.py"]
    commits, _months, warnings = _mine_and_snapshot(path, tmp_path / "db.sqlite")
    assert commits == 1
    assert [w.split(":")[0] for w in warnings] == ["commits read without file changes"]


def test_a_truncated_loose_object_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "truncated.git"
    hostile_repos.truncated_loose_object(path)
    scan = scan_repository(RepositoryRef("r", str(path)))
    assert [f.path for f in scan.files] == ["ok.py"]
    assert [(w.path, w.message.split(":")[0]) for w in scan.warnings] == [("broken.py", "not read")]
    for jobs in (1, 2):  # in this process, and in a forked worker with its own cat-file
        loc = count_repository(path, jobs=jobs)
        assert [f.path for f in loc.files] == ["ok.py"]
        assert [w.split(":")[0] for w in loc.warnings] == ["broken.py"]
    commits, _months, warnings = _mine_and_snapshot(path, tmp_path / "db.sqlite")
    assert commits == 1
    assert [w.split(":")[0] for w in warnings] == ["commits read without file changes"]


def test_reading_goes_on_after_many_corrupt_objects(tmp_path: Path) -> None:
    """Each corrupt object costs one cat-file restart, up to MAX_RESTARTS; then all are None."""
    from lodestar.gitio import GitRepository
    from lodestar.gitio.objects import MAX_RESTARTS

    path = tmp_path / "truncated.git"
    hostile_repos.truncated_loose_object(path)
    git = GitRepository(path)
    good = hostile_repos.git(path, "rev-parse", "HEAD:ok.py")
    bad = hostile_repos.git(path, "rev-parse", "HEAD:broken.py")
    asked = [good, bad] * (MAX_RESTARTS + 2)
    got = list(git.read_blobs(asked))
    assert [oid for oid, _ in got] == asked
    readable = [data is not None for _, data in got]
    assert readable[: 2 * MAX_RESTARTS] == [True, False] * MAX_RESTARTS
    assert not any(readable[2 * MAX_RESTARTS :])


def test_alternates_are_followed(tmp_path: Path, reference: tuple[object, ...]) -> None:
    """A ``clone --shared`` reads its objects from the origin's store (documented in gitio.safe:
    alternates add objects to read, never a command)."""
    path = hostile_repos.shared_clone(tmp_path / "case")
    assert (path / ".git" / "objects" / "info" / "alternates").is_file()
    assert _summary(path) == reference
