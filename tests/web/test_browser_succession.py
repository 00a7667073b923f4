"""The what-if and training pages in Chromium, on the demo served live.

The what-if picker: typing a name offers the matching people, picking one draws the effect in
place (no navigation: a mark set on the window survives) with the figures of ``/api/whatif``,
and the address becomes the shareable question; a team and a wrong name answer the same way.
At 1440x900 and 390x844 (the page fits the phone). Screenshots:
``artifacts/browser/whatif-picked-<width>.png``, ``training-<width>.png``. The page table walk
(tests/web/test_browser_phone.py) covers both pages in both themes, live and static, with axe.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from tests.web.test_browser import ARTIFACTS, CHROMIUM, _get_json, live

__all__ = ["live"]  # the fixture, imported for pytest (the browser is conftest's)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")

DMITRI = "dmitri.volkov@northwind-labs.example"
SIZES = {1440: 900, 390: 844}


class Tab:
    """A page at one size that records script errors."""

    def __init__(self, browser: Any, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": SIZES[width]})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))

    def fits(self) -> bool:
        return bool(self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(params=sorted(SIZES, reverse=True), ids=lambda w: f"{w}px")
def tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Tab]:
    t = Tab(browser, request.param)
    yield t
    t.context.close()


def _figures(page: Any) -> dict[str, int]:
    pairs = page.eval_on_selector_all(
        "#whatif-effect [data-figure]",
        "els => els.map(e => [e.dataset.figure, e.querySelector('.figure').textContent])",
    )
    return {name: int(value.replace(",", "")) for name, value in pairs}


def _expected(effect: dict[str, Any]) -> dict[str, int]:
    zero = sum(1 for r in effect["repositories"] if r["active_truck_factor_after"] == 0)
    return {
        "to_zero": zero,
        "to_one": len(effect["repositories"]) - zero,
        "island_code": effect["island_code"],
        "technologies": len(effect["technologies"]),
        "owners": len(effect["owners"]),
    }


def test_pick_a_person_and_the_effect_updates_in_place(live: str, tab: Tab) -> None:
    page = tab.page
    page.goto(live + "/whatif/")
    assert not page.query_selector("#whatif-summary")  # no question yet
    page.evaluate("window.__stayed = 'here'")
    page.fill("#whatif-person", "dmitri")
    page.click(f"#whatif-matches button[data-key='{DMITRI}']")
    page.wait_for_selector("#whatif-summary")
    assert page.evaluate("window.__stayed") == "here"  # drawn in place, not a new page
    assert "leave=" + quote(DMITRI, safe="") in page.url or "leave=" + DMITRI in page.url
    effect = _get_json(f"{live}/api/whatif?leave={DMITRI}")["effect"]
    assert _figures(page) == _expected(effect)
    rows = page.eval_on_selector_all(
        "#whatif-repositories tbody tr", "rs => rs.map(r => r.cells[0].textContent)"
    )
    assert rows == [r["repository"] for r in effect["repositories"]] == ["orders-api"]
    assert page.get_attribute("#whatif-repositories a", "href") == "/repositories/orders-api/"
    assert tab.fits(), "the what-if page is wider than the window"
    tab.shot(f"whatif-picked-{page.viewport_size['width']}")
    # the shared address answers the same question without the script's help
    page.goto(page.url)
    assert _figures(page) == _expected(effect)
    assert page.evaluate("window.__stayed") is None
    assert tab.problems == []


def test_a_team_and_a_wrong_name_answer_in_place(live: str, tab: Tab) -> None:
    page = tab.page
    page.goto(live + "/whatif/")
    page.evaluate("window.__stayed = 'here'")
    page.select_option("#whatif-team", "orders")
    page.wait_for_selector("#whatif-summary")
    effect = _get_json(f"{live}/api/whatif?team=orders")["effect"]
    assert _figures(page) == _expected(effect)
    assert "team=orders" in page.url
    page.select_option("#whatif-team", "")
    page.fill("#whatif-person", "Dmitri Volkof")  # nobody matches: Enter asks the cockpit
    page.press("#whatif-person", "Enter")
    page.wait_for_selector("#whatif-error")
    assert "did you mean 'Dmitri Volkov'" in page.inner_text("#whatif-error")
    assert page.evaluate("window.__stayed") == "here"
    assert tab.problems == []


def test_training_page(live: str, tab: Tab) -> None:
    page = tab.page
    page.goto(live + "/training/")
    plan = _get_json(live + "/api/training")
    coverage = plan["coverage"]
    assert page.inner_text("#training-coverage") == f"{coverage['covered']} of {coverage['total']}"
    assert page.locator(".training-item").count() == len(plan["items"])
    assert page.get_attribute("a[href='/training.csv']", "download") is not None
    assert tab.fits(), "the training page is wider than the window"
    tab.shot(f"training-{page.viewport_size['width']}")
    assert tab.problems == []
