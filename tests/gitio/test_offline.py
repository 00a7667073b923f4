"""Git can fetch nothing and run nothing: partial clones whose configuration asks for a fetch.

Each case is a real ``--filter=blob:none`` clone (tests/hostile_repos.py) whose older blobs are
absent and whose configuration would make a lazy fetch run a marker script or write objects into
the repository. Scan, loc, history mining and monthly snapshots must leave no marker and no new
object, and say that blobs are absent instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests import hostile_repos

from lodestar.errors import GitError
from lodestar.gitio import GitRepository, git_environment
from lodestar.gitio import safe as gitio_safe
from lodestar.ingest import mine_repository, update_snapshots
from lodestar.records import RepositoryRef
from lodestar.scan.loc import count_repository
from lodestar.scan.pipeline import scan_repository
from lodestar.store.db import open_engine

OLD = "HEAD~2"  # the first commit: of its blobs, only README.md's (unchanged since) is there
PRESENT = ["README.md"]
ABSENT = 2  # app.py and requirements.txt as they were then


def _scan(clone: Path, _db: Path) -> list[str]:
    scan = scan_repository(RepositoryRef("r", str(clone)), OLD)
    assert [f.path for f in scan.files] == PRESENT  # nothing absent counted as an empty file
    return [w.message for w in scan.warnings]


def _loc(clone: Path, _db: Path) -> list[str]:
    result = count_repository(clone, OLD, jobs=1)
    assert [f.path for f in result.files] == PRESENT
    return list(result.warnings)


def _history(clone: Path, db: Path) -> list[str]:
    result = mine_repository(open_engine(f"sqlite:///{db}"), RepositoryRef("r", str(clone)))
    assert result.commits == len(hostile_repos.HISTORY_FILES)
    return [w.message for w in result.warnings]


def _snapshots(clone: Path, db: Path) -> list[str]:
    engine = open_engine(f"sqlite:///{db}")
    ref = RepositoryRef("r", str(clone))
    mine_repository(engine, ref)
    result = update_snapshots(engine, ref)
    assert result.months == len(hostile_repos.HISTORY_FILES)
    return ["partial clone"]  # the snapshots' own warnings are stored per month


OPERATIONS: dict[str, Callable[[Path, Path], list[str]]] = {
    "scan": _scan,
    "loc": _loc,
    "history": _history,
    "snapshots": _snapshots,
}


@pytest.fixture
def armed(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, Path]:
    """(clone, markers folder): a partial clone armed with the trap named by the test."""
    clone, _origin = hostile_repos.partial_clone(tmp_path / "corpus")
    hostile_repos.arm(clone, request.param, tmp_path / "markers")
    return clone, tmp_path / "markers"


def test_the_traps_are_armed(tmp_path: Path) -> None:
    """Plain git with lazy fetching fetches (and runs the script) for a missing blob."""
    clone, _origin = hostile_repos.partial_clone(tmp_path / "corpus")
    hostile_repos.arm(clone, "uploadpack", tmp_path / "markers")
    assert hostile_repos.missing_blobs(clone) > 0
    before = hostile_repos.object_files(clone)
    hostile_repos.git(clone, "cat-file", "-p", f"{OLD}:app.py")
    assert (tmp_path / "markers" / "uploadpack").exists()
    assert hostile_repos.object_files(clone) - before


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("armed", hostile_repos.FETCH_TRAPS, indirect=True)
def test_a_partial_clone_is_never_fetched_from(
    armed: tuple[Path, Path], operation: str, tmp_path: Path
) -> None:
    clone, markers = armed
    before = hostile_repos.object_files(clone)
    missing = hostile_repos.missing_blobs(clone)

    warnings = OPERATIONS[operation](clone, tmp_path / "lodestar.db")

    assert sorted(p.name for p in markers.iterdir()) == []
    assert hostile_repos.object_files(clone) == before
    assert hostile_repos.missing_blobs(clone) == missing
    assert any(w.startswith("partial clone") for w in warnings)


def test_the_absent_blobs_are_counted_in_the_warning(tmp_path: Path) -> None:
    clone, _origin = hostile_repos.partial_clone(tmp_path / "corpus")
    scan = scan_repository(RepositoryRef("r", str(clone)), OLD)
    assert [w.message.split(",")[0] for w in scan.warnings] == [
        f"partial clone: {ABSENT} blobs not present"
    ]
    at_head = scan_repository(RepositoryRef("r", str(clone)))  # HEAD's blobs are all there
    assert at_head.warnings == ()
    assert len(at_head.dependencies) == 3


OFFLINE_VARIABLES = ("GIT_NO_LAZY_FETCH", "GIT_ALLOW_PROTOCOL")


def _keep_only(layer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Strip Lodestar's offline layers from its git calls, all but ``layer``."""
    env = {k: v for k, v in git_environment().items() if k not in OFFLINE_VARIABLES or k == layer}
    monkeypatch.setattr(gitio_safe, "git_environment", lambda: env)
    if layer != "protocol config":
        monkeypatch.setattr(gitio_safe, "OFFLINE_CONFIG", ())
        without = tuple(i for i in gitio_safe.SAFE_CONFIG if not i.startswith("protocol."))
        monkeypatch.setattr(gitio_safe, "SAFE_CONFIG", without)


def _read_old_blob(clone: Path) -> None:
    oid = hostile_repos.git(clone, "rev-parse", f"{OLD}:app.py")
    list(GitRepository(clone).read_blobs([oid]))


@pytest.mark.parametrize("layer", [*OFFLINE_VARIABLES, "protocol config"])
@pytest.mark.parametrize("armed", ["file-allowed", "uploadpack", "ext-url"], indirect=True)
def test_each_offline_layer_is_enough_on_its_own(
    armed: tuple[Path, Path], layer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Take all layers but one away: that one still stops the fetch (defence in depth)."""
    clone, markers = armed
    before = hostile_repos.object_files(clone)
    _keep_only(layer, monkeypatch)
    _read_old_blob(clone)
    assert list(markers.iterdir()) == []
    assert hostile_repos.object_files(clone) == before


@pytest.mark.parametrize("armed", ["uploadpack"], indirect=True)
def test_without_any_layer_the_fetch_happens(
    armed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control of the test above: with no layer left, the trap fires through Lodestar."""
    clone, markers = armed
    _keep_only("none", monkeypatch)
    _read_old_blob(clone)
    assert [p.name for p in markers.iterdir()] == ["uploadpack"]


def test_the_environment_is_offline() -> None:
    env = git_environment()
    assert env["GIT_NO_LAZY_FETCH"] == "1"
    assert env["GIT_ALLOW_PROTOCOL"] == ""
    argv = " ".join(gitio_safe._base_argv(Path("/nonexistent")))
    for protocol in ("file", "git", "ssh", "http", "https", "ext", "fd"):
        assert f"protocol.{protocol}.allow=never" in argv


@pytest.mark.parametrize(
    "section", ["[include]", '[includeIf "gitdir:/"]', "[ InClUdE ]"], ids=["include", "if", "case"]
)
def test_a_config_that_includes_a_file_is_refused(
    tmp_path: Path, repo_factory: Callable[..., Path], section: str
) -> None:
    repo = repo_factory({"a.py": "x = 1\n"})
    evil = tmp_path / "evil.config"
    evil.write_text("[protocol]\n\tallow = always\n")
    with (repo / ".git" / "config").open("a") as config:
        config.write(f"{section}\n\tpath = {evil}\n")
    with pytest.raises(GitError, match=r"config:\d+: includes another file"):
        scan_repository(RepositoryRef("r", str(repo)))


def test_an_include_of_a_fifo_does_not_hang_the_scan(
    tmp_path: Path, repo_factory: Callable[..., Path]
) -> None:
    """Every git call would block reading the FIFO; the repository is refused instead."""
    repo = repo_factory({"a.py": "x = 1\n"})
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with (repo / ".git" / "config").open("a") as config:
        config.write(f"[include]\n\tpath = {fifo}\n")
    code = (
        "import sys\nfrom lodestar.errors import GitError\n"
        "from lodestar.records import RepositoryRef\n"
        "from lodestar.scan.pipeline import scan_repository\n"
        f"try:\n    scan_repository(RepositoryRef('r', {str(repo)!r}))\n"
        "except GitError:\n    sys.exit(3)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        proc = subprocess.run([sys.executable, "-c", code], env=env, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("the scan hung on a configuration that includes a FIFO")
    assert proc.returncode == 3
