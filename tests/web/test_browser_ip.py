"""The IP page in a real browser: live on the demo (the timeline's links reach the deadline's
row, the missed one reads "missed" in red) and the static site's published edition (built with
``ip.publish = true``), each at 390 and 1440 px in both themes with axe-core.

Screenshots: ``artifacts/browser/ip-*.png``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.web.test_browser import ARTIFACTS, CHROMIUM, _lodestar, live
from tests.web.test_browser_phone import _visit_every_page

__all__ = ["live"]  # a fixture, imported for pytest (the browser is conftest's)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def published_site(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("published") / "northwind"
    shutil.copytree(demo_root, root, symlinks=True)
    config = root / "lodestar.toml"
    config.write_text(config.read_text("utf-8") + "\n[ip]\npublish = true\n", "utf-8")
    out = root.parent / "site"
    subprocess.run(_lodestar("-w", str(root), "site", "build", str(out)), check=True,
                   capture_output=True, timeout=600)  # fmt: skip
    return out


def test_the_ip_page_live(live: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(live + "/")
        page.get_by_role("navigation").get_by_role("link", name="IP", exact=True).click()
        expect = playwright_api.expect
        expect(page.locator("h1")).to_have_text("IP office")
        expect(page.locator("svg.ip-timeline line.today")).to_have_count(1)
        missed = page.locator("svg.ip-timeline a.missed")
        expect(missed).to_have_count(1)
        assert (missed.locator("text").text_content() or "").startswith("missed: ")
        colour = missed.locator("text").evaluate("e => getComputedStyle(e).fill")
        assert colour == "rgb(179, 36, 60)", colour  # --bad
        missed.click()
        assert page.url.endswith("#deadline-1")
        row = page.locator("tr#deadline-1")
        expect(row).to_contain_text("missed 8 days ago")
        expect(row).to_contain_text("ip/patents.yaml:20")
        expect(page.get_by_role("heading", name="Disclosures by status")).to_be_visible()
        expect(page.locator(".ip-column")).to_have_count(7)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "ip-01-live.png"), full_page=True)
    finally:
        context.close()
    assert not problems, problems


def test_the_ip_page_fits_and_passes_axe(live: str, published_site: Path, browser: Any) -> None:
    problems = _visit_every_page(
        browser, live, [("ip-office", "ip/")], shots=True, axe_at=(390, 1440)
    )
    problems += _visit_every_page(
        browser,
        published_site.as_uri(),
        [("ip-office-published", "ip/")],
        shots=True,
        axe_at=(390, 1440),
    )
    assert not problems, "\n".join(problems)
    html = (published_site / "ip" / "index.html").read_text("utf-8")
    assert "Trade secrets" not in html and "Outbound contributions" not in html
