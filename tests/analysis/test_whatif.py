"""Off-boarding what-if on hand-built histories: islands, truck factor, experts, owners."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.analysis.histories import Log, stat, when

from lodestar.analysis.knowledge import authorship
from lodestar.analysis.owner_directory import build_directory
from lodestar.analysis.presence import Presence
from lodestar.analysis.skills import Skill
from lodestar.analysis.whatif import (
    Baseline,
    gravity,
    inactive_since,
    prepare,
    resolve_people,
    single_points,
    team_members,
    what_if,
)
from lodestar.catalog import load_catalog
from lodestar.errors import UsageError
from lodestar.records import (
    Campaign,
    Decision,
    Identity,
    Initiative,
    Matcher,
    RadarEntry,
    Strategy,
)
from lodestar.records.owners import RepositoryOwner

ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"


def _log() -> Log:
    """shared.py: Alice and Bob both author it; alone/a.py, alone/b.py: Alice only;
    carol.py: Carol only."""
    log = Log()
    log.commit(ALICE, 0, "shared.py", "alone/a.py", "alone/b.py")
    log.commit(BOB, 1, "shared.py")
    log.commit(CAROL, 2, "carol.py")
    return log


def _base(
    log: Log,
    status: dict[str, Presence] | None = None,
    *,
    strategy: Strategy | None = None,
    skills: tuple[Skill, ...] = (),
    owners: dict[str, RepositoryOwner] | None = None,
) -> Baseline:
    history = log.history()
    paths = ("shared.py", "alone/a.py", "alone/b.py", "carol.py")
    files = [stat(p, code=10 * (i + 1)) for i, p in enumerate(paths)]
    people = {k: v for k, v in history.people.items() if not v.bot}
    return prepare(
        {"repo": authorship(history, files)},
        status or dict.fromkeys((ALICE, BOB, CAROL), Presence.ACTIVE),
        {k: v.name for k, v in people.items()},
        skills,
        strategy=strategy,
        catalog=load_catalog(),
        owners=owners or {},
        directory=build_directory((), people),
    )


def test_one_of_two_authors_leaves_only_her_own_files_become_islands() -> None:
    result = what_if(_base(_log()), [ALICE])
    files = {i.path for i in result.islands if i.kind == "file"}
    assert files == {"alone/a.py", "alone/b.py"}  # shared.py: Bob still knows it
    folders = [(i.path, i.files, i.code) for i in result.islands if i.kind == "folder"]
    assert folders == [("alone", 2, 20 + 30)]
    assert result.island_code == 50
    assert result.names[ALICE] == "Alice"


def test_both_authors_leave_shared_file_is_lost_and_truck_factor_falls_to_zero() -> None:
    result = what_if(_base(_log()), [ALICE, BOB])
    files = {i.path for i in result.islands if i.kind == "file"}
    assert files == {"shared.py", "alone/a.py", "alone/b.py"}
    (repo,) = result.repositories
    assert (repo.repository, repo.after) == ("repo", 0)
    assert repo.before >= 1
    assert repo.carried_by == (ALICE, BOB)  # Alice authors 3 files, Bob 1


def test_someone_who_authors_nothing_changes_nothing() -> None:
    log = _log()
    log.person("dave@example.com")
    result = what_if(_base(log), ["dave@example.com"])
    assert (result.repositories, result.islands, result.owners) == ((), (), ())


def test_already_departed_people_count_as_present_before() -> None:
    status = {ALICE: Presence.DEPARTED, BOB: Presence.DEPARTED, CAROL: Presence.ACTIVE}
    # Bob is already gone: leaving Alice loses shared.py too, compared with a world where
    # she stayed (what --inactive-since shows)
    result = what_if(_base(_log(), status), [ALICE])
    files = {i.path for i in result.islands if i.kind == "file"}
    assert files == {"shared.py", "alone/a.py", "alone/b.py"}


def _skill(person: str, commits: int, presence: Presence = Presence.ACTIVE) -> Skill:
    return Skill(
        person, person, "Python", "Python", "language", commits, float(commits),
        when(0), when(1), ("repo",), presence,
    )  # fmt: skip


def test_adopt_technology_left_with_one_expert() -> None:
    entry = RadarEntry("python", "Python", "Languages", "Adopt", matchers=(Matcher("python"),))
    hold = RadarEntry("java", "Java", "Languages", "Hold", matchers=(Matcher("java"),))
    skills = (_skill(ALICE, 9), _skill(BOB, 5), _skill(CAROL, 2))  # Carol: too few commits
    base = _base(_log(), strategy=Strategy(entries=(entry, hold)), skills=skills)
    (lost,) = what_if(base, [ALICE]).technologies
    assert (lost.entry, lost.ring, lost.before, lost.after) == (
        "python", "Adopt", (ALICE, BOB), (BOB,),
    )  # fmt: skip
    assert what_if(base, [CAROL]).technologies == ()


def test_campaign_initiative_decision_and_declared_owner_left_empty() -> None:
    strategy = Strategy(
        campaigns=(Campaign("c1", "Move", (), (), owner=ALICE),),
        initiatives=(
            Initiative("i1", "Open", "active", owner=ALICE),
            Initiative("i2", "Done", "done", owner=ALICE),
        ),
        decisions=(
            Decision("d1", "Both", "accepted", decision_makers=(ALICE, BOB)),
            Decision("d2", "Alone", "accepted", decision_makers=(ALICE,)),
        ),
    )
    owners = {"repo": RepositoryOwner("repo", declared=("@alice",), people=(ALICE,))}
    base = _base(_log(), strategy=strategy, owners=owners)
    lost = {(o.kind, o.id) for o in what_if(base, [ALICE]).owners}
    assert lost == {("campaign", "c1"), ("initiative", "i1"), ("decision", "d2"), ("owner", "repo")}
    both = {(o.kind, o.id) for o in what_if(base, [ALICE, BOB]).owners}
    assert ("decision", "d1") in both


PEOPLE = {
    ALICE: Identity(ALICE, "Alice Liddell", (ALICE, "alice@home.example"), team="Payments"),
    BOB: Identity(BOB, "Bob Stone", (BOB,), team="payments"),
    CAROL: Identity(CAROL, "Carol", (CAROL,)),
    "bot@example.com": Identity("bot@example.com", "ci[bot]", ("bot@example.com",), bot=True),
}


def test_people_by_name_email_or_key() -> None:
    found = resolve_people(["alice liddell", "ALICE@HOME.EXAMPLE", BOB, BOB], PEOPLE)
    assert found == (ALICE, BOB)


def test_unknown_person_is_a_usage_error_with_did_you_mean() -> None:
    with pytest.raises(UsageError, match="did you mean 'Alice Liddell'"):
        resolve_people(["Alice Lidell"], PEOPLE)


def test_team_members_and_unknown_team() -> None:
    directory = build_directory((), PEOPLE)
    assert team_members(directory, "PAYMENTS") == (ALICE, BOB)
    with pytest.raises(UsageError, match="did you mean 'Payments'"):
        team_members(directory, "paiments")


def test_inactive_since_leaves_bots_out() -> None:
    last = {
        ALICE: dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        BOB: dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "bot@example.com": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    }
    assert inactive_since(last, PEOPLE, dt.date(2025, 6, 1)) == (ALICE,)


def test_single_points_are_the_people_whose_departure_alone_hurts() -> None:
    status = {ALICE: Presence.ACTIVE, BOB: Presence.ACTIVE, CAROL: Presence.DEPARTED}
    base = _base(_log(), status)
    found = single_points(base)
    assert (found.examined, found.candidates) == (2, 2)  # Carol already left: not a candidate
    alone = {r.leavers: r for r in (what_if(base, [p]) for p in (ALICE, BOB))}
    assert [r.leavers for r in found.found] == sorted(
        (k for k, r in alone.items() if r.repositories), key=lambda k: (gravity(alone[k]), k)
    )
    assert found.found and all(r.repositories for r in found.found)
    assert found.found[0].leavers == (ALICE,)  # she alone knows alone/: the larger loss
    assert single_points(base, examine=1).examined == 1  # the most prolific author only


def test_gravity_puts_repositories_left_with_nobody_first() -> None:
    base = _base(_log())
    nobody_left = what_if(base, [ALICE, BOB, CAROL])
    assert [r.after for r in nobody_left.repositories] == [0]
    assert gravity(nobody_left) < gravity(what_if(base, [CAROL])) < gravity(what_if(base, []))


def test_a_past_day_reads_the_history_as_it_stood_then() -> None:
    """``whatif --as-of D`` (``baseline(cut=True)``): Bob, who picks shared.py up only after D,
    neither counts as present at D nor keeps shared.py known, so Alice's leaving loses it; on
    every stored commit (no cut) Bob's later commit still keeps it."""
    from lodestar.analysis.whatif import baseline
    from lodestar.records import OrganisationData

    log = Log()
    log.commit(ALICE, 0, "shared.py", "alone/a.py")
    log.commit(CAROL, 1, "carol.py")
    log.commit(BOB, 40, "shared.py")  # after D
    paths = ("shared.py", "alone/a.py", "carol.py")
    data = OrganisationData(
        observations=(),
        snapshots=(),
        runtimes=(),
        histories=(log.history(),),
        files={"repo": [stat(p) for p in paths]},
        people=True,
    )
    day = when(10)
    lost = {}
    for cut in (False, True):
        base, _, last = baseline(
            data, None, load_catalog(), now=day, windows=(90, 180), owners={}, cut=cut
        )
        lost[cut] = {i.path for i in what_if(base, [ALICE]).islands if i.kind == "file"}
        assert (BOB in last) is not cut
    assert lost == {False: {"alone/a.py"}, True: {"alone/a.py", "shared.py"}}
