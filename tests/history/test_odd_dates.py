"""One odd commit or tag never costs a repository its history.

The repositories here are written object by object with ``git hash-object --literally`` (see
:mod:`tests.history.literal`): a commit with the time zone ``+51800`` (psf/requests 5e6ecda),
one with no dates at all, one whose author date has 30 digits, tags of tags, a tag without a
tagger line (git's v0.99), a tagger date with garbage, and two releases on one commit (gin's
v1.7.4 and v1.7.6).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from lodestar.analysis.delivery import delivery
from lodestar.ingest import mine_repository, refresh_people, update_snapshots
from lodestar.ingest.history import MAX_WARNINGS
from lodestar.records import RepositoryRef
from lodestar.store.db import open_engine
from lodestar.store.history import repository_history

from . import literal
from .literal import ALICE, HOUR, T1, T2, T4, T5, odd_history


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = open_engine(database_url)
    yield eng
    eng.dispose()


def test_a_commit_with_a_malformed_time_zone_is_kept(engine: Engine, tmp_path: Path) -> None:
    ids = odd_history(tmp_path / "requests")
    result = mine_repository(engine, RepositoryRef("requests", str(tmp_path / "requests")))
    assert (result.status, result.commits) == ("mined", 4)  # c3 has no date: left out
    refresh_people(engine)
    history = repository_history(engine, "requests")
    assert [c.sha for c in history.commits] == [ids["c1"], ids["c2"], ids["c4"], ids["c5"]]
    _c1, c2, c4, _c5 = history.commits
    # +51800 is 518 hours: no time zone. The moment is git's (%at), read in UTC.
    assert c2.authored_at == c2.committed_at == T2
    assert c2.authored_at.utcoffset() == timedelta(0)
    assert c2.changes[0].path == "b.py"
    # a 30-digit author date (git prints 0): the committer date stands in
    assert c4.authored_at == c4.committed_at == T4
    assert c4.committed_at.utcoffset() == HOUR
    assert {p.name for p in history.people.values()} == {
        "Alice Example",
        "Bob Example",
        "Dave Example",
    }
    by_item = {w.item: w for w in result.warnings}
    assert set(by_item) == {f"commit {ids[c]}" for c in ("c2", "c3", "c4")}
    for warning in result.warnings:
        assert warning.repository == "requests"
        assert str(warning).startswith(f"requests: {warning.item}: ")
    assert "+51800" in by_item[f"commit {ids['c2']}"].message  # the raw value is kept
    assert "UTC" in by_item[f"commit {ids['c2']}"].message
    assert "skipped" in by_item[f"commit {ids['c3']}"].message
    assert "committer date" in by_item[f"commit {ids['c4']}"].message


def test_monthly_snapshots_walk_through_a_left_out_commit(engine: Engine, tmp_path: Path) -> None:
    repo = tmp_path / "requests"
    odd_history(repo)
    (repo / "requirements.txt").write_text("")  # the working tree is never read
    ref = RepositoryRef("requests", str(repo))
    mine_repository(engine, ref)
    snaps = update_snapshots(engine, ref)
    # January (c1), February (c2), March (c4), April (c5): c3 is walked through, not a stop
    assert (snaps.months, snaps.computed) == (4, 4)


def _tagged(repo: Path, *, odd: bool) -> dict[str, str]:
    ids = odd_history(repo, odd=odd)
    # a tag of a tag of a tag of c4, dated by the outermost tag
    inner = literal.tag(repo, ids["c4"], "commit", "v1.1.0", f"{ALICE} {literal.at(T4 + HOUR)}")
    middle = literal.tag(repo, inner, "tag", "v1.1.0", f"{ALICE} {literal.at(T4 + 2 * HOUR)}")
    outer = literal.tag(repo, middle, "tag", "v1.1.0", f"{ALICE} {literal.at(T4 + 3 * HOUR)}")
    literal.update_ref(repo, "refs/tags/v1.1.0", outer)
    literal.update_ref(repo, "refs/tags/v1.0.0-rc1", middle)  # two levels
    # git's v0.99: an annotated tag without a tagger line
    literal.update_ref(
        repo, "refs/tags/v0.99", literal.tag(repo, ids["c1"], "commit", "v0.99", None)
    )
    literal.update_ref(repo, "refs/tags/v1.0.0", ids["c2"])  # lightweight, on the +51800 commit
    garbage = literal.tag(repo, ids["c4"], "commit", "v1.2.0", f"{ALICE} garbage")
    literal.update_ref(repo, "refs/tags/v1.2.0", garbage)
    # gin: two releases on one commit, one tagger date with a malformed offset
    v200 = literal.tag(repo, ids["c5"], "commit", "v2.0.0", f"{ALICE} {literal.at(T5 + HOUR)}")
    v201 = literal.tag(
        repo, ids["c5"], "commit", "v2.0.1", f"{ALICE} {literal.at(T5 + 2 * HOUR, '+2400')}"
    )
    literal.update_ref(repo, "refs/tags/v2.0.0", v200)
    literal.update_ref(repo, "refs/tags/v2.0.1", v201)
    # a tag of a tree is no release
    tree = literal.git(repo, "rev-parse", f"{ids['c1']}^{{tree}}")
    literal.update_ref(
        repo, "refs/tags/tree", literal.tag(repo, tree, "tree", "tree", ALICE + " 1 +0000")
    )
    return ids


@pytest.mark.parametrize("odd", [False, True])
def test_tags_are_peeled_through_tags_and_dated(engine: Engine, tmp_path: Path, odd: bool) -> None:
    repo = tmp_path / "git"
    ids = _tagged(repo, odd=odd)
    result = mine_repository(engine, RepositoryRef("git", str(repo)))
    tags = {t.name: (t.sha, t.date) for t in repository_history(engine, "git").tags}
    assert tags == {
        "v0.99": (ids["c1"], T1),  # no tagger: its commit's date
        "v1.0.0": (ids["c2"], T2),
        "v1.0.0-rc1": (ids["c4"], T4 + 2 * HOUR),
        "v1.1.0": (ids["c4"], T4 + 3 * HOUR),
        "v1.2.0": (ids["c4"], T4),  # for-each-ref reads "garbage" as 0: the commit's date
        "v2.0.0": (ids["c5"], T5 + HOUR),
        "v2.0.1": (ids["c5"], T5 + 2 * HOUR),
    }
    tag_warnings = {w.item: w.message for w in result.warnings if w.item.startswith("tag ")}
    assert "+2400" in tag_warnings.pop("tag v2.0.1")
    if odd:  # the lightweight v1.0.0 is dated by the +51800 commit: read in UTC, like it
        assert "+51800" in tag_warnings.pop("tag v1.0.0")
    assert set(tag_warnings) == {"tag v0.99", "tag v1.2.0"}


def test_every_release_tag_counts_several_per_commit(engine: Engine, tmp_path: Path) -> None:
    repo = tmp_path / "gin"
    _tagged(repo, odd=False)
    literal.update_ref(repo, "refs/tags/2.0.0", literal.git(repo, "rev-parse", "v2.0.0"))
    mine_repository(engine, RepositoryRef("gin", str(repo)))
    d = delivery(repository_history(engine, "gin"))
    # 2.0.0 is v2.0.0 spelled without the v, on the same commit: one release (the earliest
    # in (date, name) order: both names point at one tag object)
    assert [r.tag for r in d.releases] == [
        "v0.99",
        "v1.0.0",
        "v1.2.0",
        "v1.1.0",
        "2.0.0",
        "v2.0.1",
    ]
    assert [r.changes for r in d.releases] == [1, 1, 2, 0, 1, 0]


def test_warnings_are_capped_per_repository(engine: Engine, tmp_path: Path) -> None:
    repo = tmp_path / "many"
    literal.init(repo)
    parent: list[str] = []
    for i in range(MAX_WARNINGS + 5):
        sha = literal.commit(
            repo,
            {"a": str(i)},
            parent,
            author=f"{ALICE} {literal.at(T1 + i * HOUR, '+9999')}",
            committer=f"{ALICE} {literal.at(T1 + i * HOUR)}",
            message=str(i),
        )
        parent = [sha]
    literal.update_ref(repo, "refs/heads/main", parent[0])
    result = mine_repository(engine, RepositoryRef("many", str(repo)))
    assert result.commits == MAX_WARNINGS + 5
    assert len(result.warnings) == MAX_WARNINGS + 1
    assert result.warnings[-1].message.startswith("5 more")


@pytest.mark.parametrize("offset", ["+51800", "+2400", "-99999"])
def test_a_head_commit_with_an_odd_offset_is_scanned(tmp_path: Path, offset: str) -> None:
    """The inventory reads the scanned commit's date as git does, too (not only history)."""
    from lodestar.scan.pipeline import scan_repository

    repo = tmp_path / "requests"
    literal.init(repo)
    when = literal.at(T1, offset)
    head = literal.commit(
        repo,
        {"app.py": "print('hi')\n"},
        [],
        author=f"{ALICE} {when}",
        committer=f"{ALICE} {when}",
        message="odd zone",
    )
    literal.update_ref(repo, "refs/heads/main", head)
    scan = scan_repository(RepositoryRef("requests", str(repo)))
    assert scan.commit == head
    assert scan.committed_at == T1.isoformat()  # the moment kept, read as UTC
