"""The Home and People pages' typed contexts, built from a real store and strategy records."""

from __future__ import annotations

from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_home import home_context, people_context


def test_home_has_the_four_levels_and_real_figures(cockpit: Cockpit) -> None:
    ctx = home_context(cockpit)
    assert [level.name for level in ctx.levels] == [
        "Strategy",
        "Execution",
        "Change",
        "Communication",
    ]
    tiles = {t.title: t for level in ctx.levels for t in level.tiles}
    assert tiles["Repositories"].value == "3"
    assert tiles["Decisions due for review"].value == "1"  # 0002 review date is past
    assert tiles["Radar changes"].items[0].label == "Django before 4"  # newest first
    assert tiles["End-of-life exposure"].value == "1"  # python 3.8 in orders-api
    assert "Findings" not in tiles  # the verdict's top actions and note lines replace it
    assert sum(ctx.verdict.verdict.actions.by_severity.values()) == 2
    assert tiles["Activity"].value is None and "lodestar scan" in (tiles["Activity"].note or "")
    assert ctx.languages_chart.labels == ("Python",)


def test_home_without_strategy_says_what_to_run(bare_cockpit: Cockpit) -> None:
    tiles = {t.title: t for level in home_context(bare_cockpit).levels for t in level.tiles}
    assert tiles["Radar changes"].value is None
    assert "lodestar validate" in (tiles["Radar changes"].note or "")
    assert tiles["Repositories"].value == "3"  # observed data stands on its own


def test_people_without_history(cockpit: Cockpit) -> None:
    ctx = people_context(cockpit)
    assert ctx.note and "lodestar scan" in ctx.note
    assert ctx.experts == () and ctx.truck_factors == ()


def test_home_verdict_without_strategy_or_history_says_no_data(bare_cockpit: Cockpit) -> None:
    view = home_context(bare_cockpit).verdict
    scores = {lv.level: (lv.score, lv.label) for lv in view.verdict.levels}
    assert scores["strategy"] == (None, "no data")  # nothing declared: not a made-up 100
    assert scores["change"] == (None, "no data") and scores["communication"] == (None, "no data")
    assert view.verdict.actions.groups == ()
    assert view.actions_note and "lodestar check" in view.actions_note
