"""The Vulnerabilities page in a real browser (Debian's Chromium driven by Playwright).

The test organisation's cockpit with real Django advisories matched (tests/web/vulns_fixture.py,
one of them with a hostile summary), served live and built as a static site: the page loads,
draws its exposure chart, filters (in place and through its plain GET form, live and static),
runs nothing an advisory says, and fits a 390 px wide phone without horizontal scrolling.
Screenshots go to ``artifacts/browser/``. Skipped without /usr/bin/chromium or Playwright.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.test_browser import (  # the shared browser and the watched page
    ARTIFACTS,
    CHROMIUM,
    Watched,
    _free_port,
    _wait,
    watched,
)
from tests.web.vulns_fixture import with_vulnerabilities

from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.site import build_site

__all__ = ["watched"]  # a fixture, imported for pytest (the browser is conftest's)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def vulns_cockpit(cockpit: Cockpit) -> Cockpit:
    return with_vulnerabilities(cockpit)


@pytest.fixture
def served(vulns_cockpit: Cockpit) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    app = create_app(lambda: vulns_cockpit)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    _wait(base + "/api/metrics")
    yield base
    server.should_exit = True
    thread.join(timeout=30)


def _visible_rows(page: Any) -> int:
    return int(page.locator("#vulnerabilities tbody tr:visible").count())


def _no_horizontal_overflow(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page is {width}px wide in a {viewport}px viewport"


def test_vulnerabilities_page_live(served: str, watched: Watched) -> None:
    page = watched.page
    expect = playwright_api.expect
    page.goto(served + "/")
    page.get_by_role("navigation").get_by_role("link", name="Vulnerabilities").click()
    expect(page.locator("h1")).to_have_text("Vulnerabilities")
    expect(page.locator("#vuln-summary")).to_contain_text("critical: 1")
    expect(page.locator("figure.chart.drawn canvas").first).to_be_visible()  # Chart.js ran
    assert _visible_rows(page) == 4
    watched.shot("vulns-01-page")

    page.select_option("#vuln-severity", "critical")  # filters in place at once
    assert _visible_rows(page) == 1
    expect(page.locator("#vuln-count")).to_have_text("1 of 4 shown")
    page.get_by_role("button", name="Filter").click()  # and through the GET form
    page.wait_for_url("**/vulnerabilities/?severity=critical*")
    expect(page.locator("#vuln-count")).to_have_text("1 of 1 shown")
    expect(page.locator("#vulnerabilities tbody")).to_contain_text("CVE-2022-34265")
    expect(page.locator("#vulnerabilities tbody")).to_contain_text("<script>window.__pwned = 9")
    watched.shot("vulns-02-critical")

    page.select_option("#vuln-severity", "")
    page.select_option("#vuln-team", "unowned")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**team=unowned*")
    assert _visible_rows(page) == 2
    assert page.locator("#exposure-history tbody tr:visible").count() == 3  # billing's three
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not watched.problems, watched.problems


def test_vulnerabilities_page_fits_a_phone(served: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = context.new_page()
        for path in ("/vulnerabilities/", "/repositories/orders-api/", "/radar/old-django/"):
            page.goto(served + path)
            playwright_api.expect(page.locator("h1")).to_be_visible()
            _no_horizontal_overflow(page)
        page.goto(served + "/vulnerabilities/")
        page.select_option("#vuln-status", "may-be-affected")
        assert _visible_rows(page) == 1
        _no_horizontal_overflow(page)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "vulns-03-phone.png"), full_page=True)
    finally:
        context.close()


def test_vulnerabilities_page_static(
    vulns_cockpit: Cockpit, tmp_path: Path, watched: Watched
) -> None:
    out = tmp_path / "site"
    build_site(vulns_cockpit, out)
    page = watched.page
    page.goto((out / "vulnerabilities" / "index.html").as_uri() + "?team=payments")
    playwright_api.expect(page.locator("#vuln-team")).to_have_value("payments")
    assert _visible_rows(page) == 2  # orders-api's two, read from the query by the script
    page.goto((out / "vulnerabilities" / "index.html").as_uri())
    assert _visible_rows(page) == 4
    page.locator("#vulnerabilities tbody a").filter(has_text="orders-api").first.click()
    playwright_api.expect(page.locator("h1")).to_have_text("orders-api")
    playwright_api.expect(page.locator("#repository-vulnerabilities")).to_contain_text(
        "CVE-2022-34265"
    )
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not watched.problems, watched.problems
