"""Training plans: mentors, learners, pairings, target and progress on hand-built history.

The repository "shop" (Go, Rust, Python) on 2026-12-06 (day 699), the previous quarter ending
2026-09-30 (day 632): Go has one active expert (alice, who crossed the threshold this quarter)
and two learners (bob, carol) plus frank, whose team owns "shop"; Rust has no expert; Python
has two active experts (not listed); Java is on Hold (never listed); Shell is a language with
own code nobody touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.analysis.histories import Log, when

from lodestar.analysis.coverage import radar_coverage
from lodestar.analysis.training import (
    NO_MENTOR,
    ExpertCoverage,
    TrainingPlan,
    adopt_expert_coverage,
    cut_histories,
    previous_quarter_end,
    quarter_end,
    training_plan,
    training_subjects,
)
from lodestar.catalog.technologies import load_catalog
from lodestar.records import Identity, Matcher, RadarEntry
from lodestar.records.owners import Team
from lodestar.render.training import COLUMNS, training_csv, training_markdown

ALICE, BOB, CAROL = "alice@example.com", "bob@example.com", "carol@example.com"
ERIN, FRANK = "erin@example.com", "frank@example.com"
NOW = when(699, 1)


def _entry(id_: str, ring: str, technology: str | None) -> RadarEntry:
    matchers = (Matcher(technology=technology),) if technology else ()
    return RadarEntry(id_, id_.title(), "Languages", ring, matchers=matchers)


ENTRIES = (
    _entry("go", "Adopt", "go"),
    _entry("rust", "Trial", "rust"),
    _entry("python", "Adopt", "python"),
    _entry("java", "Hold", "java"),
    _entry("pairing", "Adopt", None),  # a practice: no commit shows who knows it
)


def _log(names: dict[str, str] | None = None) -> Log:
    log = Log("shop")
    for day in (600, 610, 650, 690):  # two before the quarter's end, two after: crossed
        log.commit(ALICE, day, "cmd/main.go")
    for day in (600, 605, 610):
        log.commit(ALICE, day, "app/a.py", hour=1)
    log.commit(BOB, 500, "cmd/b.go")
    log.commit(BOB, 680, "cmd/b.go")
    for day in (500, 650, 660):
        log.commit(BOB, day, "app/b.py", hour=1)
    log.commit(CAROL, 670, "cmd/c.go")
    log.commit(ERIN, 675, "src/lib.rs")
    log.commit(FRANK, 695, "app/f.py")
    for day in (100, 101, 102):
        log.commit("gone@example.com", day, "cmd/old.go")
    for key, name in (names or {}).items():
        log.people[key] = Identity(key, name, (key,))
    return log


def _plan(
    names: dict[str, str] | None = None, *, now: dt.datetime = NOW, cut: bool = False
) -> TrainingPlan:
    catalog = load_catalog()
    history = _log(names).history()
    coverage = radar_coverage([], ENTRIES, catalog)
    languages = {"Go": ["shop"], "Rust": ["shop"], "Python": ["shop"], "Shell": ["shop"]}
    return training_plan(
        cut_histories([history], now) if cut else [history],
        {},
        catalog,
        subjects=training_subjects(ENTRIES, coverage, catalog, languages),
        entries=ENTRIES,
        coverage=coverage,
        teams=(Team("core", members=(FRANK,), repositories=("shop",)),),
        now=now,
        windows=(90, 180),
    )


def test_quarters_and_the_cut() -> None:
    assert quarter_end(dt.date(2026, 12, 6)) == dt.date(2026, 12, 31)
    assert quarter_end(dt.date(2026, 1, 1)) == dt.date(2026, 3, 31)
    assert previous_quarter_end(dt.date(2026, 12, 6)) == dt.date(2026, 9, 30)
    assert previous_quarter_end(dt.date(2026, 2, 1)) == dt.date(2025, 12, 31)
    (cut,) = cut_histories([_log().history()], when(632))
    assert max(c.authored_at for c in cut.commits) <= when(632)
    assert len(cut.commits) < len(_log().commits)


def test_an_earlier_day_sees_only_the_commits_made_by_then() -> None:
    """A plan as of a past quarter's end is the plan that day showed (the board report compares
    two of them): commits after it neither count nor make anyone active."""
    earlier = when(660, 1)  # alice's fourth Go commit (690), carol (670), erin (675) are later
    plan = _plan(now=earlier)
    assert plan == _plan(now=earlier, cut=True)
    go = plan.items[0]
    assert [(m.person, m.commits, m.last) for m in go.mentors] == [(ALICE, 3, when(650))]
    assert go.crossed == ("Alice",)
    assert {lr.person for lr in go.learners} == {BOB}  # frank commits first on day 695
    assert plan.last_commit == when(660, 1)


def test_listed_subjects_in_order() -> None:
    plan = _plan()
    # Adopt/Trial entries in declaration order, then unnamed languages; Python (two active
    # experts), Java (Hold) and the practice are not listed.
    assert [i.subject.key for i in plan.items] == ["go", "rust", "language:Shell"]
    assert plan.subjects == 4  # go, rust, python; Shell (Go, Rust, Python are named)
    assert (plan.last_commit, plan.active_days) == (when(695), 90)
    assert (plan.as_of, plan.previous, plan.target_date) == (
        dt.date(2026, 12, 6),
        dt.date(2026, 9, 30),
        dt.date(2027, 3, 31),
    )


def test_one_expert_two_learners_and_a_team_member() -> None:
    go = _plan().items[0]
    assert [m.person for m in go.mentors] == [ALICE]
    assert go.mentors[0].commits == 4 and go.mentors[0].last == when(690)
    assert go.inactive_experts == 1  # gone@: 3 Go commits, long departed
    assert [(lr.person, lr.via) for lr in go.learners] == [
        (BOB, "commits"),
        (CAROL, "commits"),
        (FRANK, "team"),
    ]
    bob = go.learners[0]
    assert bob.commits == 2 and bob.growth > 0 and bob.previous_score > 0
    assert go.learners[1].previous_score == 0.0  # carol started this quarter
    assert go.learners[2].team == "core" and go.learners[2].score == 0.0
    # one expert is missing: one pairing, alice with the closest learner
    assert go.needed == 1
    assert [(p.mentor, p.learner) for p in go.pairings] == [(ALICE, BOB)]
    assert go.target == "2 active experts by 2027-03-31"
    assert (go.previous_active_experts, go.crossed) == (0, ("Alice",))


def test_no_active_expert_says_so() -> None:
    rust, shell = _plan().items[1:]
    assert rust.mentors == () and rust.needed == 2
    assert [lr.person for lr in rust.learners] == [ERIN, FRANK]
    assert [p.learner for p in rust.pairings] == [ERIN, FRANK]
    assert all(p.mentor is None and p.note.startswith(NO_MENTOR) for p in rust.pairings)
    # nobody touched Shell and frank's team uses it: he is the one to train
    assert [p.note for p in shell.pairings] == [f"{NO_MENTOR} (to train: Frank)"]


def test_adopt_coverage_now_and_a_quarter_ago() -> None:
    plan = _plan()
    # Adopt entries with a technology: go (1 active expert), python (alice, bob)
    assert plan.coverage == ExpertCoverage(1, 2, ("go",))
    # at 2026-09-30 bob had one Python commit: neither entry had two experts
    assert plan.previous_coverage == ExpertCoverage(0, 2, ("go", "python"))
    catalog = load_catalog()
    assert adopt_expert_coverage(ENTRIES, [], radar_coverage([], ENTRIES, catalog), catalog) == (
        ExpertCoverage(0, 2, ("go", "python"))
    )


HOSTILE = {ALICE: "=cmd|' /C calc'!A0", BOB: "@SUM(1+1) <script>alert(1)</script> *x*"}


def test_csv_one_row_per_pairing_injection_safe() -> None:
    rows = list(csv.reader(io.StringIO(training_csv(_plan(HOSTILE)))))
    assert tuple(rows[0]) == COLUMNS
    body = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]
    assert [(r["technology"], r["learner_email"]) for r in body] == [
        ("Go", BOB),
        ("Rust", ERIN),
        ("Rust", FRANK),
        ("Shell", FRANK),
    ]
    go = body[0]
    assert go["mentor"] == "'=cmd|' /C calc'!A0"
    assert go["learner"].startswith("'@SUM")
    assert go["pairing"].startswith("'=cmd")
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


def test_markdown_sections_escaped() -> None:
    text = training_markdown(_plan(HOSTILE))
    assert "**Adopt entries with >= 2 active experts: 1 of 2** (previous quarter: 0 of 2)." in text
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Go (Adopt)",
        "## Rust (Trial)",
        "## Shell (language with own code)",
    ]
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\*x\\*" in text
    assert "- Target: 2 active experts by 2027-03-31" in text
    assert f"- {NO_MENTOR} (to train: Erin)" in text
    assert "this quarter), 1 commit\n" in text  # carol, one Go commit
    assert "- Frank: in team core, which uses it" in text
