"""Mining git history into the store and reading it back (SQLite and PostgreSQL); incremental
mining: only new commits are read, a rewritten history is replaced."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.history.histories import ALICE, BOB, build_sample, day, sample_commits

from lodestar.demo.factory import Commit, build_repository
from lodestar.gitio.safe import GitRepository
from lodestar.ingest import mine_repository, refresh_people
from lodestar.records import FileChange, RepositoryRef
from lodestar.scan.people import PersonAlias
from lodestar.store.db import open_engine
from lodestar.store.history import organisation_history, repository_history

CAROL = PersonAlias(
    key="carol@example.com",
    name="Carol Jones",
    emails=("carol@example.com", "carol@personal.example"),
    team="web",
)


@pytest.mark.parametrize("bare", [False, True])
def test_sample_history_is_stored_as_git_has_it(engine: Engine, tmp_path: Path, bare: bool) -> None:
    path = tmp_path / "sample"
    head = build_sample(path, bare=bare)
    ref = RepositoryRef("sample", str(path), bare)
    result = mine_repository(engine, ref)
    assert (result.status, result.tip, result.commits, result.changes) == ("mined", head, 7, 8)
    refresh_people(engine, [CAROL])
    history = repository_history(engine, "sample")
    subjects = [c.subject for c in history.commits]
    assert subjects == [
        "Initial commit",
        "Add b",
        "Change a",
        "Merge feature",
        "Move a",
        "Bump requests",
        "Logo and mailmap",
    ]
    c1, c2, c3, merge, move, bump, logo = history.commits
    assert sorted(c1.changes, key=lambda f: f.path) == [
        FileChange("README.md", 1, 0),
        FileChange("a.py", 3, 0),
    ]
    assert c3.changes == (FileChange("a.py", 1, 1),)
    assert merge.is_merge and merge.parents == (c3.sha, c2.sha) and merge.changes == ()
    assert move.changes == (FileChange("src/app.py", 0, 0, old_path="a.py"),)
    assert sorted(logo.changes, key=lambda f: f.path) == [
        FileChange(".mailmap", 2, 0),
        FileChange("logo.png", None, None),
    ]
    assert logo.sha == head
    # dates keep their offset
    assert logo.authored_at == datetime(2025, 4, 2, 8, 0, tzinfo=UTC)
    assert logo.authored_at.utcoffset() is not None
    assert logo.authored_at.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    # people: .mailmap joins alice@old.example, people.toml joins Carol, the bot is a bot
    assert c3.author_email == c1.author_email == "alice@example.com"
    assert logo.author_email == "carol@example.com"
    assert c3.author_name == "alice"  # the name as committed stays on the commit
    people = history.people
    assert set(people) == {
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
        "49699333+dependabot[bot]@users.noreply.github.com",
    }
    assert people["carol@example.com"].team == "web"
    assert people["carol@example.com"].name == "Carol Jones"
    assert people["alice@example.com"].name == "Alice Example"
    assert "alice@old.example" in people["alice@example.com"].emails
    assert [k for k, p in people.items() if p.bot] == [bump.author_email]
    # tags peeled to commits, dated by the tagger (annotated) or the commit (lightweight)
    assert [(t.name, t.sha, t.date.date().isoformat()) for t in history.tags] == [
        ("v1.0.0", merge.sha, "2025-02-10"),
        ("v1.1.0", bump.sha, "2025-03-15"),
    ]
    assert [h.repository for h in organisation_history(engine)] == ["sample"]


def _shas(engine: Engine, name: str = "sample") -> list[str]:
    return [c.sha for c in repository_history(engine, name).commits]


def test_rerun_on_unchanged_repository_reads_nothing(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "sample"
    build_sample(path)
    ref = RepositoryRef("sample", str(path))
    mine_repository(engine, ref)
    before = repository_history(engine, "sample")
    again = mine_repository(engine, ref)
    assert (again.status, again.commits, again.changes) == ("unchanged", 0, 0)
    assert repository_history(engine, "sample") == before


def test_new_commits_are_appended(engine: Engine, tmp_path: Path, database_url: str) -> None:
    path = tmp_path / "sample"
    build_sample(path)
    git = GitRepository(path)
    third, _ = git.resolve("HEAD~4")  # "Change a", before the merge
    ref = RepositoryRef("sample", str(path))
    first = mine_repository(engine, ref, rev=third)
    assert (first.status, first.commits) == ("mined", 2)  # Initial commit, Change a
    second = mine_repository(engine, ref)
    # the merge brings "Add b" from the branch, then Merge, Move, Bump, Logo
    assert (second.status, second.commits) == ("appended", 5)
    refresh_people(engine)
    incremental = repository_history(engine, "sample")
    # the same history as a fresh mine in an empty store
    fresh_engine = open_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    mine_repository(fresh_engine, ref)
    refresh_people(fresh_engine)
    fresh = repository_history(fresh_engine, "sample")
    fresh_engine.dispose()
    assert incremental.commits == fresh.commits
    assert incremental.tags == fresh.tags
    assert len({c.sha for c in incremental.commits}) == 7


def test_force_push_replaces_the_history(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "sample"
    build_sample(path)
    ref = RepositoryRef("sample", str(path))
    mine_repository(engine, ref)
    old = set(_shas(engine))
    # the branch is rewritten: same path, a different history whose old tip no longer exists
    shutil.rmtree(path)
    rewritten = [
        *sample_commits()[:1],
        Commit(BOB, day(5, 1), "Rewritten", files={"c.py": "c\n"}),
    ]
    head = build_repository(path, rewritten)
    result = mine_repository(engine, ref)
    assert (result.status, result.tip, result.commits) == ("replaced", head, 2)
    new = _shas(engine)
    assert new[-1] == head
    assert len(new) == 2
    assert new[0] in old  # the unchanged root commit has the same id
    assert [t.name for t in repository_history(engine, "sample").tags] == []


def test_moving_to_a_commit_that_is_not_a_descendant_replaces(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "branchy"
    commits = [
        Commit(ALICE, day(1, 1), "one", files={"a": "1\n"}),
        Commit(ALICE, day(1, 2), "two", files={"a": "2\n"}),
        Commit(BOB, day(1, 3), "side", files={"b": "b\n"}, branch="side"),
    ]
    build_repository(path, commits)
    ref = RepositoryRef("branchy", str(path))
    assert mine_repository(engine, ref, rev="side").commits == 3
    back = mine_repository(engine, ref, rev="main")
    assert (back.status, back.commits) == ("replaced", 2)
    assert [c.subject for c in repository_history(engine, "branchy").commits] == ["one", "two"]


def test_empty_repository_has_an_empty_history(engine: Engine, tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "empty"
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    result = mine_repository(engine, RepositoryRef("empty", str(path)))
    assert result.status == "empty"
