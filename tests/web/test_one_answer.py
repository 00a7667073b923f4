"""The cockpit's figures come from the one evaluator: each test reproduces a view that disagreed.

Built on the small store of conftest.py (orders-api: Django 3.2.1, PostgreSQL, Python 3.8;
billing: Django 4.2.3, Python 3.12; a repository with a hostile name using React).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import Engine
from tests.web.conftest import strategy

from lodestar.analysis.drift import find_drift
from lodestar.catalog.technologies import load_catalog
from lodestar.records import Matcher, MonthlySnapshot, Policies, RadarEntry, Strategy
from lodestar.web.cockpit import Cockpit, load_cockpit
from lodestar.web.contexts_inventory import (
    find_repository,
    repository_context,
    technologies_context,
)
from lodestar.web.contexts_strategy import radar_entry_context

OLD_DJANGO = Matcher(purl="pkg:pypi/django", versions="<4")


def _snapshots() -> tuple[MonthlySnapshot, ...]:
    """orders-api last committed in January (on Django); billing commits every month."""
    from tests.web.conftest import _dep

    django = _dep("pkg:pypi/django", "Django", "3.2.1", "requirements.txt")
    return (
        MonthlySnapshot("orders-api", dt.date(2026, 1, 1), "a" * 40, ("django",), (django,)),
        *(
            MonthlySnapshot("billing", dt.date(2026, month, 1), f"{month:040d}", ("fastapi",))
            for month in (1, 2, 3)
        ),
    )


def test_an_entry_chart_carries_a_quiet_repository_forward(cockpit: Cockpit) -> None:
    entry = RadarEntry("old-django", "Django before 4", "Languages & Frameworks", "Hold",
                       matchers=(OLD_DJANGO,))  # fmt: skip
    quiet = replace(cockpit, snapshots=_snapshots())
    chart = radar_entry_context(quiet, entry).trend_chart
    assert chart is not None
    assert chart.labels == ("2026-01", "2026-02", "2026-03")
    assert chart.series[0].values == (1.0, 1.0, 1.0)  # orders-api still uses it in March


def test_entry_series_and_technology_trend_are_one_series() -> None:
    from lodestar.analysis.trend import matcher_trend, trend

    snapshots = _snapshots()
    by_entry = matcher_trend(snapshots, (Matcher(technology="django"),), load_catalog(),
                             subject="django")  # fmt: skip
    by_id = trend(snapshots, "django")
    assert [p.repositories for p in by_entry.points] == [p.repositories for p in by_id.points]
    assert [p.count for p in by_id.points] == [1, 1, 1]


def _only(cockpit: Cockpit, *entries: RadarEntry) -> Cockpit:
    """The cockpit with just these radar entries (its coverage derived anew)."""
    assert cockpit.strategy is not None
    return replace(cockpit, strategy=replace(cockpit.strategy, entries=entries), coverage=None)


def test_a_version_ranged_entry_puts_its_technology_on_the_radar(cockpit: Cockpit) -> None:
    entry = RadarEntry("pg-16", "PostgreSQL 16+", "Platforms", "Adopt",
                       matchers=(Matcher(technology="postgresql", versions=">=16"),))  # fmt: skip
    only = _only(cockpit, entry)
    rows = {t.id: t for t in technologies_context(only).technologies}
    assert rows["postgresql"].ring == "Adopt" and rows["postgresql"].entry == "pg-16"
    assert rows["django"].ring is None and not rows["django"].radar
    assert only.strategy is not None
    drift = find_drift(list(only.observations()), only.strategy, today=only.today,
                       catalog=only.technologies(), organisation=True)  # fmt: skip
    missing = {f.subject for f in drift.findings if f.rule == "radar-missing"}
    assert "postgresql" not in missing and "django" in missing
    row = find_repository(only, "orders-api")
    assert row is not None
    page = repository_context(only, row)
    assert "PostgreSQL" not in page.off_radar and "Django" in page.off_radar


def test_a_repository_page_lists_the_version_ranged_entries_it_uses(cockpit: Cockpit) -> None:
    entry = RadarEntry("old-django", "Django before 4", "Languages & Frameworks", "Hold",
                       matchers=(OLD_DJANGO,))  # fmt: skip
    only = _only(cockpit, entry)
    pages = {}
    for name in ("orders-api", "billing"):
        row = find_repository(only, name)
        assert row is not None
        pages[name] = {m.entry for m in repository_context(only, row).radar}
    assert pages == {"orders-api": {"old-django"}, "billing": set()}  # 3.2.1 < 4 <= 4.2.3


def test_the_policy_window_overrides_the_setting_in_the_cockpit(ro_engine: Engine) -> None:
    """The policy says 400 days, the setting 90: Python 3.8 (EOL 2024-10-07) ends soon on
    2024-01-01 on every page and in the findings."""
    declared = replace(strategy(), policies=Policies(eol_warn_days=400))
    cockpit = load_cockpit(ro_engine, organisation="Test Org", root=None, strategy=declared,
                           eol_warn_days=90, today=dt.date(2024, 1, 1))  # fmt: skip
    python = [x for x in cockpit.eol if x.repository == "orders-api" and x.product == "python"]
    assert [x.state for x in python] == ["ending-soon"]
    soon = {f.repository for f in cockpit.findings or () if f.rule == "eol-soon"}
    assert soon == {"orders-api"}


def test_without_a_policy_window_the_setting_decides(ro_engine: Engine) -> None:
    cockpit = load_cockpit(ro_engine, organisation="Test Org", root=None, strategy=Strategy(),
                           eol_warn_days=400, today=dt.date(2024, 1, 1))  # fmt: skip
    assert {x.state for x in cockpit.eol if x.product == "python"} >= {"ending-soon"}
    assert {f.repository for f in cockpit.findings or () if f.rule == "eol-soon"} == {"orders-api"}
