"""Mining git history into the store and reading it back (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from lodestar.ingest import mine_repository, refresh_people
from lodestar.records import FileChange, RepositoryRef
from lodestar.scan.people import PersonAlias
from lodestar.store.db import open_engine
from lodestar.store.history import organisation_history, repository_history

from .histories import build_sample


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = open_engine(database_url)
    yield eng
    eng.dispose()


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


def test_people_directory_keeps_the_evidence(engine: Engine, tmp_path: Path) -> None:
    from lodestar.ingest import refresh_people_details
    from lodestar.store import people_directory

    build_sample(tmp_path / "sample")
    mine_repository(engine, RepositoryRef("sample", str(tmp_path / "sample")))
    found = refresh_people_details(engine, [CAROL])
    # Alice (two emails, one via .mailmap), Bob, Carol (people.toml), dependabot
    assert (found.identities, found.people) == (4, 4)
    people = {p.identity.key: p for p in people_directory(engine)}
    alice = people["alice@example.com"]
    assert {(m.name, m.email, m.commits) for m in alice.members} == {
        ("Alice Example", "alice@example.com", 2),
        ("alice", "alice@old.example", 1),
    }
    assert [(link.rule, link.value, link.left, link.right) for link in alice.links] == [
        (".mailmap", "sample", "alice <alice@old.example>", "Alice Example <alice@example.com>")
    ]
    carol = people["carol@example.com"]
    assert [link.rule for link in carol.links] == ["people.toml"]
    assert carol.members[0].repositories == ("sample",)
