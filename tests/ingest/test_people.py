"""Resolving people after mining: the directory keeps the evidence of every join."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from tests.history.histories import build_sample

from lodestar.ingest import mine_repository
from lodestar.records import RepositoryRef
from lodestar.scan.people import PersonAlias

CAROL = PersonAlias(
    key="carol@example.com",
    name="Carol Jones",
    emails=("carol@example.com", "carol@personal.example"),
    team="web",
)


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
