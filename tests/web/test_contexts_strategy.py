"""The radar, decision and findings pages' typed contexts, from a real store and strategy."""

from __future__ import annotations

import pytest

from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_findings import findings_context
from lodestar.web.contexts_strategy import (
    decision_context,
    decisions_context,
    find_decision,
    find_entry,
    radar_context,
    radar_entry_context,
)


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
    assert ctx.matchers == ("Django",)  # the catalog's name, not the id 'django'
    assert [d.status for d in ctx.decisions] == ["accepted", "missing"]
    assert [m.kind for m in ctx.history] == ["new", "moved-in"]
    html = ctx.description_html.lower()
    assert "<strong>bold</strong>" in html and 'href="https://example.com/docs"' in html
    for bad in ("<script", "onerror", "onload", "onclick", 'href="javascript', "<svg", "<iframe"):
        assert bad not in html
    assert "style=" not in html and 'id="pwned-marker"' not in html
    assert ctx.trend_chart is None and ctx.trend_note  # no monthly snapshots


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


def test_radar_used_in_is_the_entry_pages_count_and_the_legend_follows_the_picture(
    cockpit: Cockpit,
) -> None:
    ctx = radar_context(cockpit)
    assert ctx.legend is not None and ctx.cards is not None and ctx.layout is not None
    for row in ctx.rows:
        entry = find_entry(cockpit, row.id)
        assert entry is not None
        page = radar_entry_context(cockpit, entry)
        assert row.used_in == len(page.repositories) == ctx.cards[row.id].used_in
    assert any(row.used_in for row in ctx.rows)
    # left column: the quadrants whose middle points left, top to bottom; right: the others
    quadrants = ctx.layout.quadrants
    assert [q.name for q in ctx.legend.right] == [quadrants[0], quadrants[1]]
    assert [q.name for q in ctx.legend.left] == [quadrants[3], quadrants[2]]
    listed = [i.id for q in ctx.legend.left + ctx.legend.right for r in q.rings for i in r.items]
    assert sorted(listed) == sorted(r.id for r in ctx.rows)


def test_a_first_edition_marks_nothing_as_new_but_later_additions_are(cockpit: Cockpit) -> None:
    import dataclasses
    import datetime as dt

    from lodestar.records import RadarMove

    first = cockpit.today - dt.timedelta(days=20)  # a young radar: its first edition is recent
    moves = (
        RadarMove("django", first, "a" * 40, "Adopt", None, "new"),
        RadarMove("postgresql", first, "a" * 40, "Adopt", None, "new"),
        RadarMove("kafka", first + dt.timedelta(days=7), "b" * 40, "Trial", None, "new"),
    )
    ctx = radar_context(dataclasses.replace(cockpit, moves=moves))
    movement = {r.id: r.movement for r in ctx.rows}
    assert movement["django"] is None and movement["postgresql"] is None
    assert movement["kafka"] == "new"
    assert ctx.cards is not None and ctx.cards["kafka"].movement.startswith("new (")


def test_two_editions_on_one_day_keep_their_history_order(cockpit: Cockpit) -> None:
    import dataclasses

    from lodestar.records import RadarMove

    day = cockpit.today
    moves = (  # the second commit's hash sorts before the first's
        RadarMove("django", day, "f" * 40, "Adopt", None, "new"),
        RadarMove("kafka", day, "f" * 40, "Adopt", None, "new"),
        RadarMove("django", day, "0" * 40, "Trial", "Adopt", "moved-out"),
        RadarMove("postgresql", day, "0" * 40, "Adopt", None, "new"),
    )
    ctx = radar_context(dataclasses.replace(cockpit, moves=moves))
    movement = {r.id: r.movement for r in ctx.rows}
    assert movement == {
        "django": "moved-out",
        "kafka": None,
        "postgresql": "new",
        "old-django": None,
    }


def test_the_entry_page_says_1_repository(cockpit: Cockpit) -> None:
    from lodestar.web.links import Links
    from lodestar.web.pages import render, resolve

    entry = find_entry(cockpit, "postgresql")
    assert entry is not None
    page = resolve(cockpit, f"radar/{entry.id}/")
    assert page is not None
    html = render(page, cockpit, Links(static=False))
    count = len(radar_entry_context(cockpit, entry).repositories)
    expected = "1 repository." if count == 1 else f"{count} repositories."
    assert expected in html
