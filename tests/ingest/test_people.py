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


def test_person_activity_and_known_people(engine: Engine, tmp_path: Path) -> None:
    """What ownership reads without the whole history: each repository's people with their
    last commit there (aliases joined, bots left out), and the people with their team."""
    import datetime as dt

    from lodestar.ingest import refresh_people_details
    from lodestar.store import known_people, person_activity

    build_sample(tmp_path / "sample")
    mine_repository(engine, RepositoryRef("sample", str(tmp_path / "sample")))
    refresh_people_details(engine, [CAROL])
    activity = person_activity(engine)
    assert activity == {
        "sample": {
            # alice@old.example (2 Feb) joins Alice by .mailmap; her last is the merge, 10 Feb
            "alice@example.com": dt.datetime(2025, 2, 10, 10, tzinfo=dt.UTC),
            "bob@example.com": dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC),
            "carol@example.com": dt.datetime(2025, 4, 2, 8, tzinfo=dt.UTC),
        }
    }
    people = known_people(engine)
    assert people["carol@example.com"].team == "web"
    assert people["49699333+dependabot[bot]@users.noreply.github.com"].bot
