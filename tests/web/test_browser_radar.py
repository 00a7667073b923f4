"""The radar page in a real browser (Debian's Chromium driven by Playwright), on the demo
organisation (51 entries), live and as a static site opened from ``file://``.

Names beside the picture at 1440 px (and below it on a phone), readable blips drawn at 1:1,
no ring name crowded by a blip, the card on hover and on keyboard focus (Escape closes it, and
it works without a server), the highlight between legend and blip both ways, the quadrant zoom
by button and by keyboard on the quadrant's name. Screenshots at 1440x900 and 390x844 in both
themes go to ``artifacts/browser/radar-*.png``. Skipped without /usr/bin/chromium or Playwright.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.test_browser import ARTIFACTS, CHROMIUM, live, static_site

__all__ = ["live", "static_site"]  # session fixtures, imported for pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect


class Radar:
    """One radar page at a viewport size and colour scheme, recording script errors."""

    def __init__(self, browser: Any, url: str, width: int, height: int, scheme: str) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.goto(url)
        self.page.wait_for_selector("#radar-zoom:not([hidden])")

    def rect(self, selector: str) -> dict[str, float]:
        return self.page.locator(selector).first.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return {x: r.x, y: r.y, w: r.width, h: r.height}; }"
        )

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.fixture
def radar_page(browser: Any) -> Iterator[Any]:
    opened: list[Radar] = []

    def open_page(url: str, width: int = 1440, height: int = 900, scheme: str = "light") -> Radar:
        page = Radar(browser, url, width, height, scheme)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        assert not page.problems, page.problems
        page.context.close()


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["w"] <= b["x"]
        or b["x"] + b["w"] <= a["x"]
        or a["y"] + a["h"] <= b["y"]
        or b["y"] + b["h"] <= a["y"]
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_names_beside_the_radar_at_1440_and_below_it_on_a_phone(
    live: str, radar_page: Any, scheme: str
) -> None:
    desk = radar_page(live + "/radar/", 1440, 900, scheme)
    page = desk.page
    desk.shot(f"radar-1440-{scheme}")
    svg = desk.rect("svg.radar")
    left, right = desk.rect(".radar-legend-left"), desk.rect(".radar-legend-right")
    assert left["x"] + left["w"] <= svg["x"] and right["x"] >= svg["x"] + svg["w"]
    names = page.locator(".radar-names li")
    assert names.count() == page.locator("svg.radar a.blip").count() == 51
    expect(page.locator(".radar-names a", has_text="GitHub Actions")).to_be_visible()
    # readable at 1:1: discs >= 18 px across, numbers >= 11 px
    sizes = page.evaluate(
        "() => Array.from(document.querySelectorAll('svg.radar a.blip')).map(a => ["
        " a.querySelector('.blip-shape').getBoundingClientRect().width,"
        " a.querySelector('.blip-number').getBoundingClientRect().height])"
    )
    assert min(w for w, _ in sizes) >= 18 and min(h for _, h in sizes) >= 11
    # no blip crowds a ring's name (their boxes, as drawn, do not meet)
    clashes = page.evaluate(
        "() => { const out = []; const labels = document.querySelectorAll('svg.radar .ring-label');"
        " for (const l of labels) { const a = l.getBoundingClientRect();"
        "  for (const b of document.querySelectorAll('svg.radar .blip-shape')) {"
        "   const c = b.getBoundingClientRect();"
        "   if (a.left < c.right && c.left < a.right && a.top < c.bottom && c.top < a.bottom)"
        "    out.push(l.textContent); } } return out; }"
    )
    assert clashes == []
    # Hold is not drawn like Adopt
    fills = page.evaluate(
        "() => ['rc-0', 'rc-3'].map(c => getComputedStyle("
        "document.querySelector('svg.radar a.blip.' + c + ' .blip-shape')).fill)"
    )
    assert fills[0] != fills[1]

    phone = radar_page(live + "/radar/", 390, 844, scheme)
    phone.shot(f"radar-390-{scheme}")
    p = phone.page
    picture = phone.rect("svg.radar")
    assert picture["w"] >= 388  # the whole width
    assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    legend = phone.rect(".radar-legend-left")
    assert legend["y"] >= picture["y"] + picture["h"]  # stacked below the picture
    # the zoom makes blips usable on a phone
    p.locator("#radar-zoom button[data-q='3']").click()
    width = p.locator("svg.radar a.blip.q-3 .blip-shape").first.evaluate(
        "e => e.getBoundingClientRect().width"
    )
    assert width >= 18
    phone.shot(f"radar-390-{scheme}-zoomed")


def test_card_on_hover_and_keyboard_focus_closes_on_escape(live: str, radar_page: Any) -> None:
    r = radar_page(live + "/radar/")
    page = r.page
    card = page.locator("#radar-card")
    expect(card).to_be_hidden()
    blip = page.locator("svg.radar a.blip", has=page.locator("title")).first
    assert blip.count() == 0  # no native tooltip competes with the card
    blip = page.locator("svg.radar a.blip[data-title='GitHub Actions']")
    blip.hover()
    expect(card).to_be_visible()
    expect(card).to_contain_text("GitHub Actions")
    expect(card).to_contain_text("Ring")
    expect(card).to_contain_text("Used in")
    assert _overlap(r.rect("#radar-card"), r.rect("svg.radar"))  # next to the blip
    r.shot("radar-1440-card-hover")
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    # keyboard: tab onto a blip (the first one after the filters and zoom buttons)
    page.locator("#radar-zoom button").last.focus()
    page.keyboard.press("Tab")  # the first quadrant name in the picture
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('blip')"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('data-title')")
    assert focused
    expect(card).to_be_visible()
    expect(card).to_contain_text(focused)
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "radar-card"
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()


def test_escape_keeps_the_card_closed_until_the_pointer_moves(live: str, radar_page: Any) -> None:
    """WCAG 1.4.13: hiding the card can uncover a blip under a resting pointer, and Chromium then
    sends that blip a mouseenter; the card must stay closed until the pointer really moves."""
    page = radar_page(live + "/radar/").page
    card = page.locator("#radar-card")
    blip = page.locator("svg.radar a.blip[data-title='GitHub Actions']")
    blip.hover()
    expect(card).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    blip.dispatch_event("mouseenter")  # what Chromium sends when a layout change uncovers it
    expect(card).to_be_hidden()
    box = blip.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] - 40, box["y"] - 40)  # away, then back: a real move
    blip.hover()
    expect(card).to_be_visible()
    expect(card).to_contain_text("GitHub Actions")


def test_legend_and_blips_highlight_each_other(live: str, radar_page: Any) -> None:
    page = radar_page(live + "/radar/").page
    item = page.locator(".radar-names li[data-id] a").first
    entry = item.get_attribute("data-id")
    item.hover()
    expect(page.locator(f"svg.radar a.blip[data-id='{entry}']")).to_have_class(_hl())
    page.mouse.move(1, 1)
    blip = page.locator("svg.radar a.blip").nth(10)
    other = blip.get_attribute("data-id")
    blip.hover()
    expect(page.locator(f".radar-names li[data-id='{other}']")).to_have_class(_hl())
    item.focus()  # keyboard focus highlights too
    expect(page.locator(f"svg.radar a.blip[data-id='{entry}']")).to_have_class(_hl())


def _hl() -> re.Pattern[str]:
    return re.compile(r"\bhl\b")


def test_quadrant_zoom_by_button_and_by_keyboard(live: str, radar_page: Any) -> None:
    page = radar_page(live + "/radar/").page
    svg = page.locator("svg.radar")
    full = svg.get_attribute("viewBox")
    boxes = (svg.get_attribute("data-zoom") or "").split("|")
    assert len(boxes) == 4
    page.locator("#radar-zoom button[data-q='1']").click()
    assert svg.get_attribute("viewBox") == boxes[1]
    expect(page.locator("#radar-zoom button[data-q='1']")).to_have_attribute("aria-pressed", "true")
    # only the zoomed quadrant's blips stay in the tab order
    away = page.locator("svg.radar a.blip:not(.q-1)")
    assert away.count() > 0
    assert all(a.get_attribute("tabindex") == "-1" for a in away.all())
    assert page.locator("svg.radar a.blip.q-1[tabindex]").count() == 0
    page.locator("#radar-zoom button[data-q='']").click()
    assert svg.get_attribute("viewBox") == full
    assert page.locator("svg.radar a.blip[tabindex]").count() == 0
    # keyboard: the quadrant's name in the picture is a link; Enter zooms, Enter again returns
    link = page.locator("svg.radar a.quadrant-link[data-q='2']")
    link.focus()
    page.keyboard.press("Enter")
    assert svg.get_attribute("viewBox") == boxes[2]
    page.keyboard.press("Enter")
    assert svg.get_attribute("viewBox") == full
    # the legend's zoom buttons too
    page.locator("button.radar-zoom-to[data-q='0']").click()
    assert svg.get_attribute("viewBox") == boxes[0]


def test_static_site_card_and_downloads(static_site: Path, radar_page: Any) -> None:
    r = radar_page((static_site / "radar" / "index.html").as_uri())
    page = r.page
    page.locator("svg.radar a.blip").nth(3).hover()
    expect(page.locator("#radar-card")).to_be_visible()
    expect(page.locator("#radar-card")).to_contain_text("Used in")
    for name in ("radar.svg", "radar.pdf"):
        href = page.locator(f"a[href$='{name}']").get_attribute("href")
        assert href and (static_site / "radar" / href).resolve().is_file()
