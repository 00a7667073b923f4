"""Each page's typed context, built from a real store and strategy records."""

from __future__ import annotations

import pytest

from lodestar.errors import UsageError
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import campaigns_context, initiatives_context
from lodestar.web.contexts_home import home_context, people_context
from lodestar.web.contexts_inventory import (
    find_repository,
    repositories_context,
    repository_context,
    technologies_context,
)
from lodestar.web.contexts_strategy import (
    decision_context,
    decisions_context,
    find_decision,
    find_entry,
    findings_context,
    radar_context,
    radar_entry_context,
)
from lodestar.web.links import Links, slug


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
    assert tiles["Findings"].value == "2"
    assert tiles["Activity"].value is None and "lodestar scan" in (tiles["Activity"].note or "")
    assert ctx.languages_chart.labels == ("Python",)


def test_home_without_strategy_says_what_to_run(bare_cockpit: Cockpit) -> None:
    tiles = {t.title: t for level in home_context(bare_cockpit).levels for t in level.tiles}
    assert tiles["Radar changes"].value is None
    assert "lodestar validate" in (tiles["Radar changes"].note or "")
    assert tiles["Repositories"].value == "3"  # observed data stands on its own


def test_repositories_sort_and_missing_history(cockpit: Cockpit) -> None:
    ctx = repositories_context(cockpit, "own_code")
    assert [r.name for r in ctx.repositories][:2] == ["orders-api", "billing"]
    assert ctx.total_code == 2050
    assert all(r.truck_factor is None for r in ctx.repositories)
    assert ctx.history_note and "lodestar scan" in ctx.history_note
    assert {r.name: r.findings for r in ctx.repositories}["orders-api"] == 1
    with pytest.raises(UsageError):
        repositories_context(cockpit, "nonsense")


def test_repository_page_has_everything_known(cockpit: Cockpit) -> None:
    row = find_repository(cockpit, "orders-api")
    assert row is not None
    ctx = repository_context(cockpit, row)
    assert {d.name for d in ctx.dependencies} == {"Django", "psycopg2"}
    assert {t.technology for t in ctx.technologies} == {"django", "postgresql"}
    assert [(r.product, r.state) for r in ctx.runtimes] == [("python", "past-eol")]
    # the entries it uses: Django 3.2.1 is "Django before 4" (Hold) too, as its finding says
    assert {m.entry for m in ctx.radar} == {"django", "old-django", "postgresql"}
    assert ctx.findings is not None and ctx.findings[0].rule == "radar-hold-in-use"
    assert ctx.history is None


def test_hostile_repository_name_gets_a_safe_slug(cockpit: Cockpit) -> None:
    name = '<b onmouseover="x">evil</b>/repo'
    assert find_repository(cockpit, slug(name)) is not None
    assert "/" not in slug(name) and "<" not in slug(name)
    assert Links(static=True, here="repositories/").repository(name).startswith("../repositories/")


def test_who_uses_with_a_version_range(cockpit: Cockpit) -> None:
    ctx = technologies_context(cockpit, "django", "<4")
    assert ctx.search is not None and ctx.search.error is None
    assert ctx.search.repositories == ("orders-api",)
    assert ctx.search.spread_chart is not None and ctx.search.spread_chart.labels == ("3.2.1",)
    every = technologies_context(cockpit, "django")
    assert every.search is not None and every.search.repositories == ("billing", "orders-api")
    bad = technologies_context(cockpit, "django", ">>>nope")
    assert bad.search is not None and bad.search.error
    tech = {t.id: t for t in ctx.technologies}
    assert tech["django"].repositories == 2 and tech["django"].ring == "Adopt"
    assert tech["react"].ring is None


def test_who_uses_names_the_package_and_suggests_for_unknown_names(cockpit: Cockpit) -> None:
    ctx = technologies_context(cockpit, "Django", "~=3.2")
    assert ctx.search is not None and ctx.search.error is None
    assert {(u.package, u.name, u.ecosystem) for u in ctx.search.uses} == {
        ("pkg:pypi/django", "Django", "pypi")
    }
    assert ctx.search.packages == ("pkg:pypi/django",) and not ctx.search.ambiguous
    unknown = technologies_context(cockpit, "djagno")
    assert unknown.search is not None and unknown.search.error is not None
    assert "did you mean 'Django'" in unknown.search.error


def test_radar_context_places_every_entry_with_movement(cockpit: Cockpit) -> None:
    ctx = radar_context(cockpit)
    assert ctx.layout is not None
    assert len(ctx.rows) == 4 and ctx.unplaced == ("strange: Platforms / Sometimes",)
    movement = {r.id: r.movement for r in ctx.rows}
    assert movement == {
        "django": "moved-in",
        "old-django": "moved-out",
        "postgresql": None,
        "kafka": None,
    }
    assert ctx.edition == "2026-05-02"  # no tags: the date of the latest ring change
    assert {r.id: r.overdue for r in ctx.rows}["old-django"] is True
    assert ctx.tags == ("messaging", "python", "web")


def test_radar_entry_where_used_and_sanitised_description(cockpit: Cockpit) -> None:
    entry = find_entry(cockpit, "django")
    assert entry is not None
    ctx = radar_entry_context(cockpit, entry)
    assert ctx.repositories == ("billing", "orders-api")
    assert [d.status for d in ctx.decisions] == ["accepted", "missing"]
    assert [m.kind for m in ctx.history] == ["new", "moved-in"]
    html = ctx.description_html.lower()
    assert "<strong>bold</strong>" in html and 'href="https://example.com/docs"' in html
    for bad in ("<script", "onerror", "onload", "onclick", 'href="javascript', "<svg", "<iframe"):
        assert bad not in html
    assert "style=" not in html and 'id="pwned-marker"' not in html
    assert ctx.trend_chart is None and ctx.trend_note  # no monthly snapshots


def test_purl_glob_with_range_finds_only_old_versions(cockpit: Cockpit) -> None:
    entry = find_entry(cockpit, "old-django")
    assert entry is not None
    ctx = radar_entry_context(cockpit, entry)
    assert ctx.repositories == ("orders-api",)
    assert ctx.versions_chart.labels == ("3.2.1",)


def test_decisions_timeline_graph_and_due(cockpit: Cockpit) -> None:
    ctx = decisions_context(cockpit)
    assert [r.id for r in ctx.rows] == ["0002-database", "0001-database"]
    assert [year for year, _ in ctx.timeline] == ["2024", "2025"]
    # "superseded-by" on one side and "supersedes" on the other are one edge
    assert [(e.source, e.target, e.kind) for e in ctx.edges] == [
        ("0002-database", "0001-database", "supersedes")
    ]
    assert [r.id for r in ctx.due] == ["0002-database"]


def test_decision_evaluation_is_ranked_with_sensitivity(cockpit: Cockpit) -> None:
    decision = find_decision(cockpit, "0002-database")
    assert decision is not None
    ctx = decision_context(cockpit, decision)
    assert ctx.evaluation is not None
    assert [(o.option, o.rank) for o in ctx.evaluation.options] == [
        ("PostgreSQL", 1),
        ("MongoDB", 2),
    ]
    assert ctx.evaluation.options[0].total == pytest.approx((4 * 2 + 5) / 3, abs=1e-3)
    assert ctx.evaluation.robust is True
    assert ctx.evaluation.chart.series[-1].label == "weighted total"
    assert [lv.target.id for lv in ctx.linked_from] == ["0001-database"]
    assert ctx.radar[0].id == "django"
    assert "<script" not in ctx.body_html and 'href="javascript' not in ctx.body_html.lower()


def test_findings_most_severe_first(cockpit: Cockpit, bare_cockpit: Cockpit) -> None:
    ctx = findings_context(cockpit)
    assert [f.severity for f in ctx.findings] == ["error", "warning"]
    assert ctx.by_severity == (("error", 1), ("warning", 1))
    assert findings_context(bare_cockpit).note


def test_campaigns_and_initiatives_wait_for_their_reports(cockpit: Cockpit) -> None:
    camps = campaigns_context(cockpit)
    assert [c.id for c in camps.campaigns] == ["django4"] and camps.campaigns[0].percent is None
    inits = initiatives_context(cockpit)
    assert (inits.initiatives == () and inits.note is None) or inits.note


def test_people_without_history(cockpit: Cockpit) -> None:
    ctx = people_context(cockpit)
    assert ctx.note and "lodestar scan" in ctx.note
    assert ctx.experts == () and ctx.truck_factors == ()
