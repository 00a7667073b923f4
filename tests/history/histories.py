"""Hand-built histories with known answers, shared by the history tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from lodestar.demo.factory import Author, Commit, build_repository

ALICE = Author("Alice Example", "alice@example.com")
ALICE_OLD = Author("alice", "alice@old.example")  # .mailmap joins her to ALICE
BOB = Author("Bob Example", "bob@example.com")
CAROL_HOME = Author("Carol", "carol@personal.example")  # people.toml joins her to carol@example.com
DEPENDABOT = Author("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
PARIS = timezone(timedelta(hours=1))

MAILMAP = "Alice Example <alice@example.com> <alice@old.example>\n"


def day(month: int, d: int, hour: int = 10) -> datetime:
    return datetime(2025, month, d, hour, 0, tzinfo=UTC)


def sample_commits() -> list[Commit]:
    """Seven commits: two authors and an alias, a branch and its merge, a rename, a bot, a
    binary file, an annotated and a lightweight tag.

    Expected per commit (oldest first): c1 Alice +4 (a.py 3, README.md 1); c2 Bob on
    ``feature`` +2 (b.py); c3 alice@old +1 -1 (a.py); c4 merge (no changes, tag v1.0.0);
    c5 Bob renames a.py → src/app.py (0/0); c6 dependabot +1 requirements.txt (tag v1.1.0,
    lightweight); c7 Carol adds logo.png (binary: no counts) and +2 -0 .mailmap.
    """
    return [
        Commit(
            ALICE,
            day(1, 10),
            "Initial commit",
            files={"a.py": "1\n2\n3\n", "README.md": "x\n"},
        ),
        Commit(BOB, day(1, 20), "Add b", files={"b.py": "b\nb\n"}, branch="feature"),
        Commit(ALICE_OLD, day(2, 5), "Change a", files={"a.py": "1\n2\n4\n"}),
        Commit(ALICE, day(2, 10), "Merge feature", merge="feature", tag="v1.0.0"),
        Commit(BOB, day(3, 1), "Move a", renames={"a.py": "src/app.py"}),
        Commit(
            DEPENDABOT,
            day(3, 15),
            "Bump requests",
            files={"requirements.txt": "requests==2.31.0\n"},
            lightweight_tag="v1.1.0",
        ),
        Commit(
            CAROL_HOME,
            datetime(2025, 4, 2, 9, 0, tzinfo=PARIS),
            "Logo and mailmap",
            files={"logo.png": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\x01", ".mailmap": MAILMAP + "\n"},
        ),
    ]


def build_sample(path: Path, *, bare: bool = False) -> str:
    return build_repository(path, sample_commits(), bare=bare)
