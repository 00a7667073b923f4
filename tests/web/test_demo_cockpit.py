"""The cockpit on the demo organisation: every page is wired to real data, none says 'no data'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import campaigns_context, initiatives_context
from lodestar.web.contexts_findings import findings_context
from lodestar.web.contexts_home import people_context
from lodestar.web.contexts_inventory import find_repository, repository_context
from lodestar.web.contexts_strategy import (
    decision_context,
    decisions_context,
    radar_context,
    radar_entry_context,
)
from lodestar.web.server import cockpit_builder

SECTIONS = ("/", "/radar/", "/technologies/", "/repositories/", "/decisions/", "/findings/",
            "/campaigns/", "/initiatives/", "/people/", "/teams/")  # fmt: skip


@pytest.fixture(scope="module")
def demo(demo_root: Path) -> Cockpit:
    ws = Workspace.load(demo_root)
    engine = open_read_only(ws.database_url)
    return cockpit_builder(ws, engine)()


def test_every_engine_has_data(demo: Cockpit) -> None:
    assert demo.missing == {}
    assert demo.strategy is not None and len(demo.strategy.entries) >= 30
    assert demo.moves and demo.findings and demo.snapshots and demo.risks and demo.skills


def test_every_section_shows_data(demo: Cockpit) -> None:
    client = TestClient(create_app(lambda: demo))
    for path in SECTIONS:
        body = client.get(path).text
        assert "No data yet." not in body, path


def test_radar_has_movement_and_a_trend(demo: Cockpit) -> None:
    radar = radar_context(demo)
    assert len(radar.rows) == len(demo.strategy.entries) - len(radar.unplaced)  # type: ignore[union-attr]
    assert any(r.movement for r in radar.rows)
    with_tech = next(
        e
        for e in demo.strategy.entries
        if any(m.technology for m in e.matchers)  # type: ignore[union-attr]
    )
    entry = radar_entry_context(demo, with_tech)
    assert entry.trend_chart is not None and len(entry.trend_chart.labels) >= 6
    assert entry.history  # ring history read from the workspace's git history


def test_decisions_campaigns_initiatives_people(demo: Cockpit) -> None:
    decisions = decisions_context(demo)
    assert decisions.edges and decisions.due
    evaluated = next(d for d in demo.strategy.decisions if d.evaluation)  # type: ignore[union-attr]
    view = decision_context(demo, evaluated).evaluation
    assert view is not None and view.options[0].rank == 1 and view.robust is not None
    camps = campaigns_context(demo).campaigns
    assert camps and all(c.percent is not None for c in camps)
    assert any(c.burndown is not None and len(c.burndown.labels) > 3 for c in camps)
    inits = initiatives_context(demo).initiatives
    assert len(inits) >= 2 and any(kr.source == "measured" for i in inits for kr in i.key_results)
    people = people_context(demo)
    assert any(t.truck_factor == 1 for t in people.truck_factors)
    assert people.departed and people.experts
    findings = findings_context(demo)
    assert findings.by_severity and findings.findings[0].severity == "error"


def test_repository_page_knows_history(demo: Cockpit) -> None:
    row = find_repository(demo, "orders-api")
    assert row is not None
    ctx = repository_context(demo, row)
    assert ctx.history is not None and ctx.history.commits > 10
    assert ctx.history.hotspots and ctx.dependencies and ctx.technologies
    assert ctx.summary.truck_factor is not None and ctx.findings is not None
    assert dt.date.fromisoformat(ctx.history.last_commit or "") <= demo.today


def test_where_used_is_the_same_with_the_package_index(demo: Cockpit) -> None:
    from lodestar.analysis.usage import where_used

    catalog = demo.technologies()
    for entry in demo.strategy.entries:  # type: ignore[union-attr]
        plain = where_used(demo.observations(), entry.matchers, catalog)
        indexed = where_used(demo.observations(), entry.matchers, catalog, demo.package_index())
        assert plain == indexed, entry.id


def test_the_published_edition_is_the_workspace_tag(demo: Cockpit) -> None:
    assert [e.name for e in demo.editions][-1] == "2026-10"
    assert (radar_context(demo).edition or "").startswith("2026-10 (")


def test_home_execution_shows_cadence_and_hotspots(demo: Cockpit) -> None:
    from lodestar.web.contexts_home import home_context

    execution = next(level for level in home_context(demo).levels if level.name == "Execution")
    tiles = {t.title: t for t in execution.tiles}
    assert tiles["Delivery cadence"].items and tiles["Delivery cadence"].note is None
    assert tiles["Hotspots"].items[0].label.startswith("orders-api: ")  # the planted hotspot


def test_the_dependency_api_gives_the_locked_licence(demo_root: Path) -> None:
    from lodestar.store.api_reads import dependency_list

    ws = Workspace.load(demo_root)
    engine = open_read_only(ws.database_url)
    try:
        listed = dependency_list(engine, name="tinymce")
    finally:
        engine.dispose()
    assert [(i.repository, i.version, i.licence) for i in listed.items] == [
        ("storefront-web", "7.3.0", "GPL-2.0-or-later")
    ]


def test_every_demo_repository_has_a_team_and_one_a_departed_owner(demo: Cockpit) -> None:
    from lodestar.web.contexts_teams import teams_context

    teams = teams_context(demo)
    assert teams.note is None and teams.unowned == ()
    owned = [r for t in teams.teams for r in t.repositories]
    assert len(owned) == len(set(owned)) == len(demo.repositories())
    statuses = {o.status for o in (demo.owners or {}).values()}
    assert "departed" in statuses


def test_the_teams_overview_is_the_scan_per_team_it_replaces(demo: Cockpit) -> None:
    """The overview is indexed once a cockpit; its figures are the ones walking every row of
    the organisation per team gives (the derivation it replaced), team by team."""
    from collections import Counter

    from lodestar.analysis.exposure import open_by_band
    from lodestar.web.contexts_teams import teams_context

    overview = teams_context(demo)
    assert teams_context(demo) is overview  # once a cockpit, not once a request
    assert overview.teams and demo.findings and demo.risks and demo.campaigns
    for team in overview.teams:
        kept = frozenset(team.repositories)
        counts = Counter(f.severity.value for f in demo.findings if f.repository in kept)
        assert dict(team.findings or ()) == {s: n for s, n in counts.items() if n}
        concerned = [
            c for c in demo.campaigns if any(r.repository in kept for r in c.progress.repositories)
        ]
        assert team.campaigns == len(concerned)
        risks = [r for r in demo.risks if r.repository in kept]
        assert team.at_risk == sum(1 for r in risks if r.active_truck_factor.value <= 1)
        islands = sum(len(r.island_directories or r.island_files[:5]) for r in risks)
        assert team.islands == islands
        if team.vulnerabilities is not None:
            mine = [v for v in demo.open_matches() if v.repository in kept]
            assert team.vulnerabilities == tuple((b, n) for b, n in open_by_band(mine) if n)
    assert any(t.findings for t in overview.teams) and any(t.campaigns for t in overview.teams)


def test_a_radar_entry_is_derived_once_a_cockpit(demo: Cockpit) -> None:
    from lodestar.web.contexts_strategy import _entry_context

    assert demo.strategy is not None
    used = 0
    for entry in demo.strategy.entries:
        page = radar_entry_context(demo, entry)
        assert radar_entry_context(demo, entry) is page  # not once a request
        assert page == _entry_context(demo, entry)  # what deriving it afresh gives
        used += bool(page.uses)
    assert used  # entries the demo's repositories use were compared, not only empty ones
