"""The home page's verdict in a real browser (Debian's Chromium driven by Playwright).

On the demo, served live: four level cards, each with a score, its colour said in words, a
sparkline whose accessible name lists the twelve months, then the top actions grouped by owner
with their fix, and the notes as one line each; the verdict and the actions fit a 390 px
phone. Screenshots at 1440x900 and 390x844, light and dark, go to ``artifacts/browser/``.
Skipped without /usr/bin/chromium or Playwright.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.web.test_browser import ARTIFACTS, CHROMIUM, live

__all__ = ["live"]  # a fixture, imported for pytest (the browser is conftest's)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")
SCORE = re.compile(r"^(\d{1,3}|–)$")  # noqa: RUF001  the dash the page shows for no score
RAG_WORDS = re.compile(r"^(on track|watch|act now|no data)$")


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_shows_the_verdict_and_the_top_actions(
    browser: Any, live: str, width: int, height: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(live + "/")
        expect = playwright_api.expect
        cards = page.locator(".verdict-card")
        expect(cards).to_have_count(4)
        for title in ("Strategy", "Execution", "Change", "Communication"):
            card = page.get_by_role("article", name=f"{title} score")
            expect(card).to_be_visible()
            expect(card.locator(".score")).to_have_text(SCORE)
            label = card.locator(".rag-label")
            expect(label).to_have_text(RAG_WORDS)  # the colour in words, never alone
            line = card.get_by_role("img")
            assert (line.get_attribute("aria-label") or "").count(",") == 11
        actions = page.get_by_role("region", name="Top actions")
        expect(actions).to_be_visible()
        expect(actions.locator("li").first).to_contain_text("Fix:")
        expect(actions.get_by_role("heading", level=3).first).to_be_visible()
        expect(actions.locator("ul.notes")).to_contain_text(
            "technologies in use are not on the radar"
        )
        assert "radar-missing" not in actions.inner_text()  # summarised, never listed
        # the verdict and the actions fit the viewport (the whole page's width is the phone
        # layout's test: the burn-down charts' two-column grid below is wider than a phone)
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('.verdict *, .top-actions *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName + '.' + e.className)"""
        )
        assert overflowing == [], overflowing
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"verdict-home-{width}-{scheme}.png"))
        assert not problems, problems
    finally:
        context.close()
