"""The findings page and the charts in a real browser (Debian's Chromium driven by Playwright).

On the demo organisation, live and as a static site from ``file://``: filtering by severity and
rule (live: the form asks the server; static: the rows are filtered in place and the query kept
in the address), every label of a horizontal bar chart drawn (Chart.js's own ticks), whole-number
ticks on count axes, no horizontal overflow at 390 px. Screenshots of the findings page at
1440x900 and 390x844 in both themes go to ``artifacts/browser/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.web.test_browser import (  # the shared servers, site and watched page
    ARTIFACTS,
    CHROMIUM,
    Watched,
    live,
    static_site,
    watched,
)

__all__ = ["live", "static_site", "watched"]  # fixtures, imported for pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


def _visible(page: Any, attribute: str) -> list[str]:
    return [
        row.get_attribute(f"data-{attribute}") or ""
        for row in page.locator("li.finding:visible").all()
    ]


def _filter_by_severity_and_rule(page: Any) -> None:
    expect = playwright_api.expect
    everything = page.locator("li.finding:visible").count()
    page.select_option("#finding-severity", "warning")
    expect(page.locator("#finding-severity")).to_have_value("warning")
    severities = _visible(page, "severity")
    assert severities and set(severities) == {"warning"} and len(severities) < everything
    rule = next(
        o.get_attribute("value")
        for o in page.locator("#finding-rule option").all()
        if o.get_attribute("value") and not o.inner_text().endswith("(0)")
    )
    page.select_option("#finding-rule", rule)
    expect(page.locator("#finding-rule")).to_have_value(rule)
    rows = _visible(page, "rule")
    assert rows and set(rows) == {rule} and set(_visible(page, "severity")) == {"warning"}
    expect(page.locator("#finding-count")).to_have_text(
        f"{len(rows)} finding{'s' if len(rows) != 1 else ''} shown"
    )
    # the rule facet's counts are of the warnings: the chosen rule's count is what is shown
    chosen = page.locator("#finding-rule option:checked").inner_text()
    assert chosen.endswith(f"({len(rows)})"), chosen


def test_live_findings_filter_through_the_server(live: str, watched: Watched) -> None:
    page = watched.page
    page.goto(live + "/findings/")
    with page.expect_navigation():
        page.select_option("#finding-severity", "warning")
    assert "severity=warning" in page.url
    rules = [
        o.get_attribute("value")
        for o in page.locator("#finding-rule option").all()
        if o.get_attribute("value") and not o.inner_text().endswith("(0)")
    ]
    with page.expect_navigation():
        page.select_option("#finding-rule", rules[0])
    assert f"rule={rules[0]}" in page.url and "severity=warning" in page.url  # shareable
    assert set(_visible(page, "rule")) == {rules[0]}
    assert set(_visible(page, "severity")) == {"warning"}
    assert page.locator("details.finding-group[open]").count() >= 1
    watched.shot("findings-live-filtered")
    assert not watched.problems, watched.problems


def test_static_findings_filter_in_place(static_site: Path, watched: Watched) -> None:
    page = watched.page
    start = (static_site / "findings" / "index.html").as_uri()
    page.goto(start)
    waived = page.locator('li.finding[data-waived="waived"]')
    assert waived.count() >= 1 and not waived.first.is_visible()  # open ones by default
    _filter_by_severity_and_rule(page)
    watched.shot("findings-static-filtered")
    page.goto(start + "?severity=note&q=radar")  # an address someone shared
    notes = _visible(page, "severity")
    assert notes and set(notes) == {"note"}
    assert all(
        "radar" in (r.get_attribute("data-search") or "")
        for r in page.locator("li.finding:visible").all()
    )
    page.select_option("#finding-waived", "waived")
    assert set(_visible(page, "waived")) == {"waived"} or page.locator("#finding-none").is_visible()
    assert not watched.problems, watched.problems


def _charts(page: Any) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """() => Object.values(window.Chart.instances).map(c => {
                const labelAxis = c.options.indexAxis === 'y' ? 'y' : 'x';
                const valueAxis = labelAxis === 'y' ? 'x' : 'y';
                return {
                    id: c.canvas.dataset.chart,
                    horizontal: c.options.indexAxis === 'y',
                    labels: c.data.labels.length,
                    drawn: c.scales[labelAxis].ticks.length,
                    values: c.scales[valueAxis].ticks.map(t => t.value),
                    rowHeight: c.scales[labelAxis].height / Math.max(1, c.data.labels.length),
                };
            })"""
        )
    )


@pytest.mark.parametrize("path", ["technologies/", "repositories/", "findings/?rule=eol-past"])
def test_every_label_drawn_and_whole_number_counts(live: str, watched: Watched, path: str) -> None:
    page = watched.page
    page.goto(f"{live}/{path}")
    page.wait_for_function(
        "() => !document.querySelector('canvas[data-chart]')"
        " || (window.Chart && Object.keys(window.Chart.instances).length > 0)"
    )
    charts = _charts(page)
    for chart in charts:
        assert chart["drawn"] == chart["labels"], chart  # no label skipped
        if chart["horizontal"]:
            assert chart["rowHeight"] >= 14, chart  # each label has a readable row
        assert all(float(v).is_integer() for v in chart["values"]), chart  # counts: 0, 1, 2 …
    if path == "technologies/":
        ids = {c["id"] for c in charts}
        assert {"tech-categories", "top-packages"} <= ids
        labels = page.evaluate(
            "() => window.Chart.getChart(document.querySelector("
            "'canvas[data-chart=\"tech-categories\"]')).scales.y.ticks.map(t => t.label)"
        )
        assert "CI/CD" in labels or "AI/ML" in labels or "Build tool" in labels, labels
        assert not any(label in ("ci-cd", "ai-ml", "build-tool") for label in labels)
    assert not watched.problems, watched.problems


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", [(1440, 900), (390, 844)])
def test_findings_screenshots(
    browser: Any, static_site: Path, live: str, theme: str, size: tuple[int, int]
) -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=theme)
    static = (static_site / "findings" / "index.html").as_uri()
    try:
        page = context.new_page()
        for where, url in (("live", live + "/findings/"), ("static", static)):
            page.goto(url)
            page.locator("details.f-waive summary").first.click()  # one snippet open
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"findings-{where}-{width}-{theme}.png"))
        assert "expires:" in page.locator("details.f-waive[open] pre").first.inner_text()
    finally:
        context.close()
