"""The verdict's four formulas, its colours, its series and its top actions, on hand-made
records: the scores are shares of what is in order, a level with nothing to judge says "no
data", waived findings count for nothing, and the last point of a series is today's score."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lodestar.analysis import evaluate_organisation
from lodestar.analysis.verdict import (
    Thresholds,
    change_score,
    communication_score,
    evaluation_inputs,
    execution_score,
    rag,
    strategy_score,
    thresholds_from,
    verdict,
)
from lodestar.analysis.verdict_actions import NO_OWNER, top_actions
from lodestar.analysis.verdict_standing import CampaignStanding, Standing, month_end
from lodestar.catalog import load_catalog, load_eol
from lodestar.errors import ConfigError
from lodestar.records import (
    Campaign,
    Finding,
    Matcher,
    MonthlySnapshot,
    Observation,
    OrganisationData,
    Policies,
    PolicyException,
    RadarEntry,
    Severity,
    Strategy,
    TechnologyUse,
)
from lodestar.render.sparkline import score_blocks, sparkline
from lodestar.settings import Workspace

TODAY = dt.date(2026, 6, 15)
REPOS = ("billing", "orders", "search", "web")


def finding(rule: str, severity: Severity, repository: str | None, **kw: object) -> Finding:
    return Finding(rule, severity, f"{rule} in {repository}", repository, **kw)  # type: ignore[arg-type]


def standing(*findings: Finding, **kw: object) -> Standing:
    fields: dict[str, object] = {"campaigns": (), "truck_factors": None, **kw}
    return Standing(TODAY, REPOS, tuple(findings), **fields)  # type: ignore[arg-type]


def test_strategy_counts_each_repository_once_and_only_its_rules() -> None:
    s = standing(
        finding("radar-hold-in-use", Severity.WARNING, "billing"),
        finding("decision-violation", Severity.ERROR, "billing"),  # same repository
        finding("radar-assess-outside-scope", Severity.WARNING, "orders"),
        finding("eol-past", Severity.ERROR, "search"),  # execution, not strategy
        finding("licence-denied", Severity.ERROR, "web"),  # no level counts it
    )
    score = strategy_score(s, judged=True)
    assert score.score == 50
    assert score.detail == "2 of 4 repositories conform to the radar and decisions"


def test_strategy_without_anything_to_conform_to_is_no_data() -> None:
    assert strategy_score(standing(), judged=False).score is None
    assert strategy_score(Standing(TODAY, (), (), (), None), judged=True).score is None


def test_execution_counts_errors_of_end_of_life_and_vulnerabilities() -> None:
    s = standing(
        finding("eol-past", Severity.ERROR, "billing"),
        finding("vulnerability", Severity.ERROR, "orders"),
        finding("vulnerability", Severity.WARNING, "search"),  # a medium one: not counted
        finding("eol-past", Severity.WARNING, "web"),  # eol_error_past off: not counted
    )
    assert execution_score(s, advisories=True).score == 50
    without = execution_score(s, advisories=False)
    assert without.score == 50 and "no advisories imported" in without.detail


def test_change_is_the_mean_schedule_attainment() -> None:
    assert change_score(standing()).score is None  # no dated campaign: no data, not 100
    half = CampaignStanding("a", "A", done=1, total=4, elapsed=0.5)  # 25% done at 50%: 0.5
    ahead = CampaignStanding("b", "B", done=4, total=4, elapsed=0.25)  # capped at 1
    started = CampaignStanding("c", "C", done=0, total=3, elapsed=0.0)  # its first day: 1
    score = change_score(standing(campaigns=(half, ahead, started)))
    assert score.score == round(100 * (0.5 + 1 + 1) / 3)
    assert score.detail == "2 of 3 campaigns on schedule"
    overdue = CampaignStanding("d", "D", done=0, total=2, elapsed=1.0)
    assert change_score(standing(campaigns=(overdue,))).score == 0


def test_communication_is_the_share_with_two_active_experts() -> None:
    assert communication_score(standing()).score is None  # no history mined
    factors = {"billing": 2, "orders": 3, "search": 1}  # web: no history, not judged
    score = communication_score(standing(truck_factors=factors))
    assert score.score == 67
    assert score.detail == "2 of 3 repositories have 2 or more active experts"
    assert communication_score(standing(truck_factors={})).score is None


@pytest.mark.parametrize(
    ("score", "level", "colour"),
    [(80, "strategy", "green"), (79, "strategy", "amber"), (60, "strategy", "amber"),
     (59, "strategy", "red"), (None, "strategy", "none"), (55, "communication", "amber"),
     (49, "communication", "red")],
)  # fmt: skip
def test_colours_follow_the_thresholds_per_level(
    score: int | None, level: str, colour: str
) -> None:
    thresholds = Thresholds(80, 60, {"communication": (70, 50)})
    assert rag(score, level, thresholds) == colour


# --- the whole verdict, through the one evaluator ------------------------------------------

CATALOG = load_catalog()
HOLD = RadarEntry("jquery", "jQuery", "Languages & Frameworks", "Hold",
                  matchers=(Matcher(technology="jquery"),))  # fmt: skip
ADOPT = RadarEntry("react", "React", "Languages & Frameworks", "Adopt",
                   matchers=(Matcher(technology="react"),))  # fmt: skip


def _obs(repo: str, *techs: str) -> Observation:
    return Observation(repo, "c0ffee", technologies=tuple(
        TechnologyUse(t, "dependency", t, "package.json") for t in techs))  # fmt: skip


def _snap(repo: str, month: dt.date, *techs: str) -> MonthlySnapshot:
    return MonthlySnapshot(repo, month, "c0ffee", technologies=techs)


def _verdict(strategy: Strategy | None, snapshots: tuple[MonthlySnapshot, ...] = ()) -> object:
    data = OrganisationData(
        observations=(_obs("shop", "jquery"), _obs("admin", "react")),
        snapshots=snapshots,
        runtimes=(),
    )
    evaluation = evaluate_organisation(data, strategy, today=TODAY, catalog=CATALOG)
    eol = load_eol()
    inputs = evaluation_inputs(
        evaluation, data, editions=(), catalog=CATALOG, eol=eol, windows=(90, 180)
    )
    return verdict(inputs)


def test_a_hold_entry_in_use_halves_strategy_and_is_the_top_action() -> None:
    found = _verdict(Strategy(entries=(HOLD, ADOPT)))
    levels = {lv.level: lv for lv in found.levels}  # type: ignore[attr-defined]
    assert levels["strategy"].score == 50 and levels["strategy"].rag == "red"
    assert levels["execution"].score == 100 and levels["execution"].label == "on track"
    assert levels["change"].score is None and levels["change"].label == "no data"
    assert levels["communication"].score is None  # no history mined
    actions = found.actions  # type: ignore[attr-defined]
    assert [(g.owner, [a.rule for a in g.actions]) for g in actions.groups] == [
        (NO_OWNER, ["radar-hold-in-use"])
    ]


def test_all_findings_waived_conforms_and_leaves_nothing_to_do() -> None:
    waiver = PolicyException("radar-hold", None, "jquery", "cto", "legacy shop, retiring",
                             dt.date(2027, 1, 1))  # fmt: skip
    strategy = Strategy(entries=(HOLD, ADOPT), policies=Policies(exceptions=(waiver,)))
    found = _verdict(strategy)
    assert found.levels[0].score == 100  # type: ignore[attr-defined]
    assert found.actions.groups == () and found.actions.open == 0  # type: ignore[attr-defined]


def test_no_strategy_and_no_history_say_no_data() -> None:
    found = _verdict(None)
    scores = {lv.level: lv.score for lv in found.levels}  # type: ignore[attr-defined]
    assert scores == {"strategy": None, "execution": 100, "change": None, "communication": None}
    assert found.since_month is None and found.since_edition is None  # type: ignore[attr-defined]
    assert all(p.score is None for p in found.levels[0].series)  # type: ignore[attr-defined]


def test_the_series_scores_past_months_on_their_snapshots() -> None:
    campaign = Campaign("retire-jquery", "Retire jQuery", (Matcher(technology="jquery"),),
                        (Matcher(technology="react"),), start=dt.date(2026, 1, 1),
                        due=dt.date(2026, 12, 31))  # fmt: skip
    strategy = Strategy(entries=(HOLD, ADOPT), campaigns=(campaign,))
    snapshots = (
        _snap("shop", dt.date(2026, 1, 1), "jquery"),
        _snap("admin", dt.date(2026, 1, 1), "jquery"),
        _snap("admin", dt.date(2026, 4, 1), "react"),
        _snap("shop", dt.date(2026, 6, 1), "jquery"),
    )
    found = _verdict(strategy, snapshots)
    strategy_level, _, change_level, _ = found.levels  # type: ignore[attr-defined]
    points = {p.month: p.score for p in strategy_level.series}
    assert len(strategy_level.series) == 12
    assert points[dt.date(2025, 12, 1)] is None  # before the first snapshot
    assert points[dt.date(2026, 3, 1)] == 0  # both used jQuery, on Hold
    assert points[dt.date(2026, 4, 1)] == 50  # admin moved to React in April
    assert strategy_level.series[-1].score == strategy_level.score == 50  # today's score
    # change: in April 1 of 2 done, at (Apr 30 - Jan 1) / (Dec 31 - Jan 1) of the time
    elapsed = (month_end(dt.date(2026, 4, 1)) - dt.date(2026, 1, 1)).days / 364
    assert 0.3 < elapsed < 0.35
    change_points = {p.month: p.score for p in change_level.series}
    assert change_points[dt.date(2026, 4, 1)] == 100  # 50% done at a third of the time
    assert change_points[dt.date(2026, 2, 1)] == 0  # nothing done yet
    # today (June 15): shop still on jQuery, 1 of 2 done at 45% of the time: attainment 1
    assert change_level.score == 100 == change_level.series[-1].score
    assert found.since_month is not None  # type: ignore[attr-defined]
    assert found.since_month.deltas["strategy"] == 0  # type: ignore[attr-defined]


# --- top actions -----------------------------------------------------------------------------


def test_top_actions_group_by_owner_merge_places_and_summarise_notes() -> None:
    findings = [
        finding("radar-missing", Severity.NOTE, "web", subject="htmx"),
        finding("radar-missing", Severity.NOTE, "orders", subject="celery"),
        finding("radar-hold-in-use", Severity.WARNING, "web", owner="@acme/web"),
        finding("eol-past", Severity.ERROR, "web", subject="nodejs@16", owner="@acme/web",
                evidence=(".nvmrc:1",)),
        finding("eol-past", Severity.ERROR, "web", subject="nodejs@16", owner="@acme/web",
                evidence=("Dockerfile:1",)),
        finding("vulnerability", Severity.ERROR, "orders", owner="@acme/payments",
                evidence=("pom.xml:48", "pkg:maven/log4j/log4j-core@2.14.1")),
        finding("decision-review-due", Severity.WARNING, None),
    ]  # fmt: skip
    actions = top_actions(findings, limit=3)
    assert [(g.owner, [(a.rule, a.places) for a in g.actions]) for g in actions.groups] == [
        ("@acme/payments", [("vulnerability", 1)]),  # security first among errors
        ("@acme/web", [("eol-past", 2), ("radar-hold-in-use", 1)]),
    ]
    assert actions.groups[0].actions[0].evidence == "pom.xml:48"
    assert actions.shown == 3 and actions.open == 5
    assert [(n.rule, n.sentence) for n in actions.notes] == [
        ("radar-missing", "2 technologies in use are not on the radar")
    ]
    assert actions.by_severity == {"note": 2, "warning": 2, "error": 3}
    assert top_actions(findings, limit=0).groups == ()


def test_sparkline_names_every_value_and_breaks_on_gaps() -> None:
    line = sparkline([("2026-01", None), ("2026-02", 40), ("2026-03", 60), ("2026-04", None),
                      ("2026-05", 100), ("2026-06", 90)], label="Strategy")  # fmt: skip
    assert line.label == (
        "Strategy: 2026-01 no data, 2026-02 40, 2026-03 60, 2026-04 no data, 2026-05 100, "
        "2026-06 90"
    )
    assert len(line.segments) == 2  # Feb-Mar and May-Jun; the gap is not drawn across
    assert line.last is not None and line.last[0] == line.width - 3
    assert score_blocks([None, 0, 50, 100]) == " ▁▄█"


# --- settings ------------------------------------------------------------------------------


def test_thresholds_come_from_the_verdict_settings(tmp_path: Path) -> None:
    (tmp_path / "lodestar.toml").write_text(
        "[verdict]\ngreen_at = 90\namber_at = 70\n\n[verdict.levels]\ncommunication = [50, 25]\n"
    )
    thresholds = thresholds_from(Workspace.load(tmp_path).settings)
    assert thresholds.of("strategy") == (90, 70)
    assert thresholds.of("communication") == (50, 25)
    assert thresholds_from(None) == Thresholds()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("[verdict]\ngreen_at = 50\namber_at = 70\n", "amber_at (70) is above green_at (50)"),
        ("[verdict.levels]\nstrategie = [80, 60]\n", "'strategie' is not a level"),
        ("[verdict.levels]\nchange = [40, 60]\n", "give [green_at, amber_at]"),
        ("[verdict]\ngreen_at = 120\n", "verdict.green_at"),
    ],
)
def test_bad_verdict_settings_are_refused(tmp_path: Path, body: str, words: str) -> None:
    (tmp_path / "lodestar.toml").write_text(body)
    with pytest.raises(ConfigError) as info:
        Workspace.load(tmp_path)
    assert words in str(info.value)


def test_changes_count_one_finding_once_whatever_hold_rule_names_it() -> None:
    from lodestar.analysis.verdict import _changes

    then = standing(
        finding("radar-hold-new-adoption", Severity.ERROR, "gin", subject="mongodb"),
        finding("eol-past", Severity.ERROR, "composer", subject="php@5.3"),
    )
    now = standing(
        finding("radar-hold-in-use", Severity.WARNING, "gin", subject="mongodb"),
        finding("decision-violation", Severity.ERROR, "flask", subject="tox"),
    )
    changes = _changes("last month", then, now, {"strategy": (40, 45)})
    assert changes.new == {"error": 1} and changes.closed == {"error": 1}
    assert changes.deltas == {"strategy": 5}
