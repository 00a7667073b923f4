"""The Vulnerabilities page, the vulnerability sections of other pages, and the API serving them.

Every figure the page shows is the evaluation's (``Cockpit.vulnerabilities`` and
``Cockpit.exposure``): the parity tests compare the API's JSON with those records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import get_args

import pytest
from fastapi.testclient import TestClient
from tests.web.vulns_fixture import HOSTILE_SUMMARY, with_vulnerabilities

from lodestar.analysis.exposure import BANDS
from lodestar.errors import UsageError
from lodestar.records.vulns import VexStatement, VulnerabilityPolicy
from lodestar.web.app import create_app
from lodestar.web.cockpit import HINTS, Cockpit
from lodestar.web.contexts_home import home_context
from lodestar.web.contexts_inventory import find_repository, repository_context
from lodestar.web.contexts_strategy import find_entry, radar_entry_context
from lodestar.web.contexts_vulns import BandFilter, vulnerabilities_context
from lodestar.web.links import Links
from lodestar.web.pages import render, resolve


@pytest.fixture
def vulns(cockpit: Cockpit) -> Cockpit:
    return with_vulnerabilities(cockpit)


def test_the_filter_values_are_the_bands() -> None:
    assert get_args(BandFilter) == BANDS


def test_summary_list_and_exposure(vulns: Cockpit) -> None:
    ctx = vulnerabilities_context(vulns)
    assert ctx.note is None
    assert dict(ctx.open_bands) == {
        "critical": 1, "high": 1, "medium": 1, "low": 0, "none": 0, "unknown": 0
    }  # fmt: skip
    assert ctx.may_be_affected == 1
    assert [(r.advisory, r.repository) for r in ctx.rows] == [
        ("CVE-2022-34265", "orders-api"),
        ("CVE-2023-41164", "billing"),
        ("CVE-2021-33203", "billing"),  # medium: the may-be-affected one, then by repository
        ("CVE-2021-33203", "orders-api"),
    ]
    first = ctx.rows[0]
    assert first.link == "https://osv.dev/vulnerability/CVE-2022-34265"
    assert first.aliases == ("GHSA-p64x-8rxx-wf6q",) and first.fixed == "3.2.14"
    assert (first.manifest, first.line, first.team) == ("requirements.txt", 3, "payments")
    assert first.owner == "@northwind/payments"
    assert ctx.rows[1].team == "unowned"
    assert ctx.teams == ("payments", "unowned")
    # billing left Django 3.2.1 in April: exposed Jan-Mar, fixed on 2026-04-01, 90 days
    fixed = {(s.advisory, s.repository): s for s in ctx.spans}
    trunc = fixed[("CVE-2022-34265", "billing")]
    assert (trunc.first, trunc.last, trunc.fixed, trunc.days) == (
        "2026-01",
        "2026-03",
        "2026-04",
        90,
    )
    assert fixed[("CVE-2022-34265", "orders-api")].status == "open"
    assert [(r.team, r.fixed, r.open) for r in ctx.remediation] == [
        ("payments", 0, 2),
        ("unowned", 2, 1),
        ("organisation", 2, 3),
    ]
    assert ctx.chart is not None and ctx.chart.labels[-1] == "2026-06"
    series = {s.label: s.values for s in ctx.chart.series}
    assert series["critical"][-1] == 1 and series["critical"][0] == 2  # Jan: both repositories
    assert ctx.history_note is None and ctx.granularity == "month"


def test_filters(vulns: Cockpit) -> None:
    assert [r.advisory for r in vulnerabilities_context(vulns, severity="critical").rows] == [
        "CVE-2022-34265"
    ]
    unowned = vulnerabilities_context(vulns, team="unowned")
    assert {r.repository for r in unowned.rows} == {"billing"}
    assert {s.repository for s in unowned.spans} == {"billing"}
    maybe = vulnerabilities_context(vulns, status="may-be-affected")
    assert [(r.repository, r.version, r.constraint) for r in maybe.rows] == [
        ("billing", None, ">=3.2")
    ]
    assert vulnerabilities_context(vulns, repository="orders-api", severity="").total == 2
    assert vulnerabilities_context(vulns, repository="nope").rows == ()
    with pytest.raises(UsageError, match="unknown severity"):
        vulnerabilities_context(vulns, severity="severe")
    with pytest.raises(UsageError, match="unknown status"):
        vulnerabilities_context(vulns, status="fixed")


def test_empty_state_says_how_to_import(cockpit: Cockpit) -> None:
    none = replace(cockpit, missing={**cockpit.missing, "advisories": HINTS["advisories"]})
    ctx = vulnerabilities_context(none)
    assert ctx.note is not None and "lodestar vulns update --from" in ctx.note
    assert ctx.rows == () and ctx.chart is None
    page = resolve(none, "vulnerabilities/")
    assert page is not None
    html = render(page, none, Links())
    assert "lodestar vulns update --from" in html and 'class="nodata"' in html
    tile = next(
        t for lv in home_context(none).levels for t in lv.tiles if t.title == "Vulnerabilities"
    )
    assert tile.value is None and tile.note == HINTS["advisories"]


def test_advisory_text_is_rendered_as_text(vulns: Cockpit) -> None:
    page = resolve(vulns, "vulnerabilities/", {"severity": "critical"})
    assert page is not None
    html = render(page, vulns, Links())
    assert HOSTILE_SUMMARY not in html
    assert "&lt;script&gt;window.__pwned = 9&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="https://osv.dev/vulnerability/CVE-2022-34265"' in html
    assert "<option selected>critical</option>" in html
    assert "critical 1, high 1, medium 2." in html  # the listing's summary, as the CLI's


def test_home_tile_counts_critical_and_high_with_the_trend(vulns: Cockpit) -> None:
    change = next(lv for lv in home_context(vulns).levels if lv.name == "Change")
    tile = next(t for t in change.tiles if t.title == "Vulnerabilities")
    assert tile.value == "2"  # orders-api's critical, billing's high
    # May: orders-api critical (3.2.1) + billing high (4.2.3 since April) = 2
    assert "no change since 2026-05 (2)" in tile.detail
    assert tile.items[0].label == "CVE-2022-34265 (critical)"
    assert tile.href == "vulnerabilities/"


def test_repository_page_section(vulns: Cockpit) -> None:
    row = find_repository(vulns, "billing")
    assert row is not None
    section = repository_context(vulns, row).vulnerabilities
    assert [(r.advisory, r.status) for r in section.rows] == [
        ("CVE-2023-41164", "affected"),
        ("CVE-2021-33203", "may-be-affected"),
    ]
    assert {(s.advisory, s.status) for s in section.spans} == {
        ("CVE-2022-34265", "fixed"),
        ("CVE-2021-33203", "fixed"),
        ("CVE-2023-41164", "open"),
    }


def test_radar_entry_shows_the_open_advisories_of_what_it_matches(vulns: Cockpit) -> None:
    hold = find_entry(vulns, "old-django")  # pkg:pypi/djan* <4: orders-api's Django 3.2.1
    assert hold is not None
    ctx = radar_entry_context(vulns, hold)
    assert [(r.advisory, r.repository) for r in ctx.advisories] == [
        ("CVE-2022-34265", "orders-api"),
        ("CVE-2021-33203", "orders-api"),
    ]
    assert ctx.advisories_note is None


def test_api_serves_the_evaluation_figures(vulns: Cockpit) -> None:
    """Parity: the API's numbers are the evaluation's records, as the page shows them."""
    client = TestClient(create_app(lambda: vulns))
    body = client.get("/api/vulnerabilities").json()
    assert vulns.exposure is not None
    assert [tuple(pair) for pair in body["open_bands"]] == list(vulns.exposure.open_bands)
    assert body["total"] == len(vulns.vulnerabilities or ())
    org = vulns.exposure.organisation
    assert body["remediation"][-1] == {
        "team": "organisation",
        "fixed": org.fixed,
        "open": org.open,
        "mean_days": org.mean_days,
        "median_days": org.median_days,
    }
    days = {(s["advisory"], s["repository"]): s["days"] for s in body["spans"]}
    assert days == {(s.advisory, s.repository): s.days for s in vulns.exposure.spans}
    critical = client.get("/api/vulnerabilities", params={"severity": "critical"}).json()
    assert [r["advisory"] for r in critical["rows"]] == ["CVE-2022-34265"]
    assert client.get("/api/vulnerabilities", params={"severity": "severe"}).status_code == 422
    html = client.get("/vulnerabilities/?team=unowned&severity=&status=&repository=").text
    assert 'data-team="unowned"' in html and 'data-team="payments"' not in html


def test_without_history_the_page_says_so(vulns: Cockpit) -> None:
    assert vulns.exposure is not None
    bare = replace(vulns, exposure=replace(vulns.exposure, history=False))
    assert vulnerabilities_context(bare).history_note == HINTS["history"]
    assert dt.date(2026, 6, 1) == vulns.today


def test_severity_is_this_band_or_worse_as_the_cli(vulns: Cockpit) -> None:
    high = vulnerabilities_context(vulns, severity="high")
    assert [(r.advisory, r.band) for r in high.rows] == [
        ("CVE-2022-34265", "critical"),
        ("CVE-2023-41164", "high"),
    ]
    assert high.filters.severity == "high"


def test_a_vex_statement_hides_its_row_and_says_so(vulns: Cockpit) -> None:
    assert vulns.strategy is not None
    statement = VexStatement(
        "GHSA-68w8-qjq3-2gfm",  # CVE-2021-33203 by its GHSA alias
        "not_affected",
        repository="orders-api",
        justification="vulnerable_code_not_present",
    )
    policies = replace(
        vulns.strategy.policies, vulnerabilities=VulnerabilityPolicy(statements=(statement,))
    )
    vexed = replace(vulns, strategy=replace(vulns.strategy, policies=policies))
    ctx = vulnerabilities_context(vexed)
    assert ("CVE-2021-33203", "orders-api") not in {(r.advisory, r.repository) for r in ctx.rows}
    assert ctx.hidden == 1 and dict(ctx.listed)["medium"] == 1  # billing's may-be-affected
    # the open counts (the page's summary, the Teams pages) leave it out as well
    assert ("CVE-2021-33203", "orders-api") not in {
        (v.advisory, v.repository) for v in vexed.open_matches()
    }
    assert len(vexed.open_matches()) == len(vulns.vulnerabilities or ()) - 1
    under = replace(statement, status="under_investigation", justification=None)
    policies = replace(policies, vulnerabilities=VulnerabilityPolicy(statements=(under,)))
    shown = vulnerabilities_context(
        replace(vulns, strategy=replace(vulns.strategy, policies=policies))
    )
    row = next(
        r for r in shown.rows if (r.advisory, r.repository) == ("CVE-2021-33203", "orders-api")
    )
    assert row.vex == "under_investigation" and row.finding == "warning"
