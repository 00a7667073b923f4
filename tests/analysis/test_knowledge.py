"""Truck factor (Avelino et al., ICPC 2016), knowledge islands and departed owners.

Every expected value below was computed by hand from
DOA = 3.293 + 1.098·FA + 0.164·DL - 0.321·ln(1 + AC), with ln 2 = 0.6931, ln 3 = 1.0986,
ln 11 = 2.3979; author when DOA/max > 0.75 and DOA >= 3.293.
"""

from __future__ import annotations

import pytest
from tests.analysis.histories import BOT, Log, stat, when

from lodestar.analysis.knowledge import (
    authorship,
    degree_of_authorship,
    greedy_truck_factor,
    knowledge_risk,
)
from lodestar.analysis.lineage import file_touches
from lodestar.analysis.presence import Presence, last_commits, presence
from lodestar.records import FileKind

ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"
DAVE = "dave@example.com"


def _authors(log: Log, *paths: str) -> dict[str, tuple[str, ...]]:
    return {f.path: f.authors for f in authorship(log.history(), [stat(p) for p in paths])}


def test_doa_formula() -> None:
    # creator, no later changes: 3.293 + 1.098 = 4.391
    assert degree_of_authorship(True, 0, 0) == pytest.approx(4.391)
    # creator, 1 delivery, 1 change by others: 4.391 + 0.164 - 0.321*ln 2 = 4.3325
    assert degree_of_authorship(True, 1, 1) == pytest.approx(4.3325, abs=1e-4)
    # no FA, 1 delivery, 10 changes by others: 3.457 - 0.321*ln 11 = 2.6873
    assert degree_of_authorship(False, 1, 10) == pytest.approx(2.6873, abs=1e-4)


def test_truck_factor_one() -> None:
    log = Log()
    log.commit(ALICE, 0, "a.py", "b.py", "c.py")
    log.commit(ALICE, 1, "a.py")
    log.commit(BOB, 2, "b.py")
    # a.py: alice FA, DL 1, AC 0 = 4.555 -> author (only developer)
    # b.py: alice FA, DL 0, AC 1 = 4.391 - 0.2225 = 4.1685; bob DL 1, AC 0 = 3.457,
    #       3.457/4.1685 = 0.829 > 0.75 and >= 3.293 -> both authors
    # c.py: alice only. Alice authors 3 files, bob 1.
    # Coverage 3/3 -> remove alice; coverage 1/3 (b.py by bob) < 50% -> TF = 1.
    assert _authors(log, "a.py", "b.py", "c.py") == {
        "a.py": (ALICE,),
        "b.py": (ALICE, BOB),
        "c.py": (ALICE,),
    }
    risk = knowledge_risk(log.history(), [stat(p) for p in ("a.py", "b.py", "c.py")], {})
    assert risk.truck_factor.value == 1
    assert risk.truck_factor.people == (ALICE,)
    assert risk.truck_factor.coverage == pytest.approx((1.0, 1 / 3))


def test_truck_factor_two() -> None:
    log = Log()
    log.commit(ALICE, 0, "a.py", "b.py")
    log.commit(BOB, 1, "c.py", "d.py")
    log.commit(ALICE, 2, "a.py")
    log.commit(BOB, 3, "d.py")
    # Each file has one developer (its creator): alice {a, b}, bob {c, d}.
    # Coverage 4/4 -> remove alice (2 files; tie broken by key) -> 2/4 = 50%, not below
    # -> remove bob -> 0/4 -> TF = 2.
    tf = greedy_truck_factor(_authors(log, "a.py", "b.py", "c.py", "d.py"))
    assert (tf.value, tf.people, tf.coverage) == (2, (ALICE, BOB), (1.0, 0.5, 0.0))


def test_small_contribution_is_not_authorship() -> None:
    log = Log()
    log.commit(ALICE, 0, "x.py")
    for day in range(1, 11):
        log.commit(ALICE, day, "x.py")
    log.commit(BOB, 12, "x.py")
    # alice: FA, DL 10, AC 1 = 4.391 + 1.64 - 0.2225 = 5.8085
    # bob: DL 1, AC 10 = 2.6873 -> normalised 0.46 and below 3.293 -> not an author
    (f,) = authorship(log.history(), [stat("x.py")])
    assert f.authors == (ALICE,)
    doa = {a.person: a.doa for a in f.developers}
    assert doa[ALICE] == pytest.approx(5.8085, abs=1e-4)
    assert doa[BOB] == pytest.approx(2.6873, abs=1e-4)
    assert f.commits == 12


def test_rename_chain_is_followed() -> None:
    log = Log()
    log.commit(ALICE, 0, "old/a.py")
    log.commit(BOB, 1, "old/a.py->mid/a.py")
    log.commit(ALICE, 2, "mid/a.py")
    log.commit(CAROL, 3, "mid/a.py->new/a.py")
    # The path old/a.py is re-used by dave for a new file after the rename.
    log.commit(DAVE, 4, "old/a.py")
    # new/a.py lineage: alice creates, bob renames (delivery), alice edits, carol renames.
    # alice: FA, DL 1, AC 2 = 4.391 + 0.164 - 0.321*ln 3 = 4.2023
    # bob, carol: DL 1, AC 2 = 3.457 - 0.3527 = 3.1043 < 3.293 -> not authors
    # old/a.py: dave alone (the walk stops where the old name was renamed away).
    files = {f.path: f for f in authorship(log.history(), [stat("new/a.py"), stat("old/a.py")])}
    assert files["new/a.py"].authors == (ALICE,)
    assert files["new/a.py"].commits == 4
    assert files["new/a.py"].developers[0].doa == pytest.approx(4.2023, abs=1e-4)
    assert files["old/a.py"].authors == (DAVE,)
    assert files["old/a.py"].commits == 1
    touches = file_touches(log.history(), ["new/a.py"])["new/a.py"]
    assert [t.path for t in touches] == ["old/a.py", "mid/a.py", "mid/a.py", "new/a.py"]


def test_bots_are_excluded() -> None:
    log = Log()
    log.commit(ALICE, 0, "a.py")
    for day in range(1, 6):
        log.commit(BOT, day, "a.py")
    log.commit(BOB, 7, "a.py")
    log.commit(BOT, 8, "gen.py")
    log.commit(ALICE, 9, "gen.py")
    # a.py without the bot: alice FA, AC 1 = 4.1685; bob DL 1 = 3.457 (0.829) -> both authors.
    # (Counting the bot, it would top the file with DL 5 and bob would drop out.)
    # gen.py: created by the bot, so nobody is first author; alice DL 1, AC 0 = 3.457 -> author.
    authors = _authors(log, "a.py", "gen.py")
    assert authors == {"a.py": (ALICE, BOB), "gen.py": (ALICE,)}
    tf = greedy_truck_factor(authors)
    # alice {a, gen}, bob {a}: remove alice -> 1/2 = 50% -> remove bob -> TF = 2; no bot in it
    assert tf.people == (ALICE, BOB)


def test_only_own_code_in_a_language_counts() -> None:
    log = Log()
    log.commit(ALICE, 0, "src/a.py", "vendor/lib.py", "README.md", "gen_pb2.py", "LICENSE")
    log.commit(BOB, 1, "vendor/lib.py", "README.md", "gen_pb2.py", "LICENSE", "src/b.py")
    files = [
        stat("src/a.py"),
        stat("src/b.py"),
        stat("vendor/lib.py", kind=FileKind.VENDORED),
        stat("README.md", kind=FileKind.DOCUMENTATION, language="Markdown"),
        stat("gen_pb2.py", kind=FileKind.GENERATED),
        stat("LICENSE", language=None),
        stat("src/new.py"),  # in the scan, not in the stored history
    ]
    risk = knowledge_risk(log.history(), files, {})
    assert risk.files == 2
    assert risk.untracked_files == 1
    # alice {src/a.py}, bob {src/b.py}: TF 2
    assert risk.truck_factor.value == 2


def test_departed_discount_islands_and_owners() -> None:
    log = Log()
    log.commit(ALICE, 0, "billing/a.py", "billing/b.py")
    log.commit(BOB, 1, "api/c.py", "api/d.py")
    log.commit(ALICE, 2, "billing/a.py")
    log.commit(BOB, 300, "api/c.py")
    files = [
        stat("billing/a.py", 300),
        stat("billing/b.py", 100),
        stat("api/c.py", 50),
        stat("api/d.py", 20),
    ]
    now = when(320)
    last = last_commits([log.history()])
    status = {p: presence(t, now) for p, t in last.items()}
    assert status == {ALICE: Presence.DEPARTED, BOB: Presence.ACTIVE}
    risk = knowledge_risk(log.history(), files, status, last)
    # alice {a, b}, bob {c, d}: TF 2 (see test_truck_factor_two).
    assert risk.truck_factor.value == 2
    # Without departed alice: coverage 2/4 = 50% -> remove bob -> TF 1.
    assert risk.active_truck_factor.value == 1
    assert risk.active_truck_factor.people == (BOB,)
    # Every file has one author: all four are islands, alice's as departed.
    assert [(i.path, i.reason) for i in risk.island_files] == [
        ("billing/a.py", "departed"),
        ("billing/b.py", "departed"),
        ("api/c.py", "single-author"),
        ("api/d.py", "single-author"),
    ]
    assert risk.island_code == 470
    assert risk.island_share == 1.0
    # The repository as a whole has two authors, one active: only the folders are islands.
    assert [(i.path, i.code, i.files, i.reason) for i in risk.island_directories] == [
        ("billing", 400, 2, "departed"),
        ("api", 70, 2, "single-author"),
    ]
    (owner,) = risk.departed_owners
    assert (owner.person, owner.name, owner.files, owner.sole_files, owner.sole_code) == (
        ALICE,
        "Alice",
        2,
        2,
        400,
    )
    assert owner.last_commit == when(2)


def test_active_truck_factor_zero_when_the_owner_left() -> None:
    log = Log()
    log.commit(ALICE, 0, "a.py", "b.py", "c.py")
    log.commit(BOB, 1, "c.py")
    # alice {a, b, c}, bob {c} (as in test_truck_factor_one): TF 1.
    # Alice departed: coverage without her is 1/3 < 50% before anyone else leaves -> 0.
    status = {ALICE: Presence.DEPARTED, BOB: Presence.ACTIVE}
    risk = knowledge_risk(log.history(), [stat(p) for p in ("a.py", "b.py", "c.py")], status)
    assert (risk.truck_factor.value, risk.active_truck_factor.value) == (1, 0)
    # a.py and b.py are alice's alone; c.py has two authors, one active, so neither c.py nor
    # the repository as a whole is an island.
    assert [(i.path, i.reason) for i in risk.island_files] == [
        ("a.py", "departed"),
        ("b.py", "departed"),
    ]
    assert risk.island_directories == ()


def test_presence_windows() -> None:
    now = when(400)
    assert presence(when(400 - 90), now) == Presence.ACTIVE
    assert presence(when(400 - 91), now) == Presence.QUIET
    assert presence(when(400 - 180), now) == Presence.QUIET
    assert presence(when(400 - 181), now) == Presence.DEPARTED
    assert presence(when(400 - 20), now, active_days=10, departed_days=15) == Presence.DEPARTED
    assert presence(None, now) == Presence.DEPARTED


def test_last_commits_span_repositories_and_skip_bots() -> None:
    one, two = Log("one"), Log("two")
    one.commit(ALICE, 0, "a.py")
    one.commit(BOT, 50, "a.py")
    two.commit(ALICE, 30, "b.py")
    assert last_commits([one.history(), two.history()]) == {ALICE: when(30)}


def test_no_files_no_truck_factor() -> None:
    assert greedy_truck_factor({}).value == 0
    assert greedy_truck_factor({"a.py": ()}).coverage == (0.0,)


def test_two_files_swapping_names_keep_their_own_history() -> None:
    log = Log()
    log.commit(ALICE, 0, "a.py")
    log.commit(BOB, 1, "b.py")
    log.commit(CAROL, 2, "a.py->b.py", "b.py->a.py")
    touches = file_touches(log.history(), ["a.py", "b.py"])
    # b.py is alice's file (created as a.py); a.py is bob's (created as b.py).
    assert [(t.person, t.path) for t in touches["b.py"]] == [(ALICE, "a.py"), (CAROL, "b.py")]
    assert [(t.person, t.path) for t in touches["a.py"]] == [(BOB, "b.py"), (CAROL, "a.py")]
    # First authors with one rename by carol each (carol DL 1, AC 0 = 3.457; creator FA, AC 1
    # = 4.1685; 3.457 / 4.1685 = 0.829): both are authors of each file.
    assert _authors(log, "a.py", "b.py") == {"a.py": (BOB, CAROL), "b.py": (ALICE, CAROL)}
