"""Every page of the cockpit on a phone and a desktop, in both themes, with axe-core and a keyboard.

The pages come from the page table (:data:`lodestar.web.page_table.PAGES`): every list page, and
one record of each kind of record page (a repository, a radar entry, a decision, a team), picked
from the demo's static site. Each is opened at 390x844 and 1440x900 in the light and the dark
theme (``prefers-color-scheme``, as Playwright's ``color_scheme`` emulates it), live and from the
static site, and:

* is no wider than the viewport (``document.documentElement.scrollWidth <= innerWidth``): wide
  tables scroll inside their own box or become cards, the navigation folds;
* has no serious or critical axe-core violation (axe-core is vendored for the tests only, in
  tests/web/vendor/axe-core; it is injected into every page before the page's own scripts);
* (live, light, 1440 px) hands the keyboard focus, Tab after Tab, to every visible link, button,
  field, summary and tabindex element in document order, each with a visible focus indicator.

Screenshots: ``artifacts/browser/<page>-<width>-<theme>.png`` (the live edition).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.test_browser import ARTIFACTS, CHROMIUM, live, static_site

from lodestar.web.page_table import PAGES

__all__ = ["live", "static_site"]  # fixtures, imported for pytest (the browser is conftest's)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {390: 844, 1440: 900}  # a phone (iPhone 12-15) and a desktop
THEMES = ("light", "dark")


def cockpit_pages(site: Path, *, static: bool = False) -> list[tuple[str, str]]:
    """(name, path) of every HTML page of the page table; a record page once, with the first
    record of its kind that the static site has a page for. ``static``: only the pages the
    static site has (the IP page is there only with ``ip.publish = true``)."""
    pages: dict[str, str] = {}
    for kind in PAGES:
        if kind.template is None:
            continue
        name = re.sub(r"[^a-z0-9]+", "-", kind.title.lower()).strip("-")
        if static and kind.item is None and not (site / kind.path / "index.html").is_file():
            continue
        if kind.item is None:
            pages[name] = kind.path
            continue
        records = sorted(p.parent.name for p in (site / kind.head).glob("*/index.html"))
        if records:
            pages[name] = f"{kind.path}{records[0]}/"
    return list(pages.items())


def _url(base: str, path: str) -> str:
    """The page's address: live (``http://…/radar/``) or static (``file://…/radar/index.html``)."""
    if base.startswith("file:"):
        return f"{base}/{path}index.html"
    return f"{base}/{path}"


_SERIOUS = """async () => {
  const result = await window.axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.slice(0, 5).map((n) =>
      `    ${n.target.join(" ")}: ${(n.failureSummary || "").split("\\n").slice(1).join(" ")}`
    ).join("\\n"));
}"""


def _visit_every_page(
    browser: Any, base: str, pages: list[tuple[str, str]], shots: bool, axe_at: tuple[int, ...]
) -> list[str]:
    """Open every page at each width in each theme; what does not fit, and what axe finds at
    the widths ``axe_at``."""
    problems: list[str] = []
    script = AXE.read_text(encoding="utf-8")
    for theme in THEMES:
        for width, height in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=theme
            )
            context.add_init_script(script=script)  # before the page's scripts, beside its CSP
            page = context.new_page()
            page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
            try:
                for name, path in pages:
                    where = f"{name} ({path or '/'}) at {width} px, {theme}"
                    page.goto(_url(base, path))
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    if wide > width:
                        problems.append(f"{where}: the page is {wide} px wide")
                    if shots:
                        ARTIFACTS.mkdir(parents=True, exist_ok=True)
                        shot = ARTIFACTS / f"{name}-{width}-{theme}.png"
                        page.screenshot(path=str(shot), full_page=True)
                    if width in axe_at:
                        problems.extend(f"{where}: {v}" for v in page.evaluate(_SERIOUS))
            finally:
                context.close()
    return problems


def test_every_live_page_fits_and_passes_axe(live: str, static_site: Path, browser: Any) -> None:
    pages = cockpit_pages(static_site)
    problems = _visit_every_page(browser, live, pages, shots=True, axe_at=tuple(WIDTHS))
    assert not problems, "\n".join(problems)


def test_every_static_page_fits_and_passes_axe(static_site: Path, browser: Any) -> None:
    """The static edition renders the same templates (its own search forms and links): every
    width is measured, axe runs on the phone, where the layout differs most."""
    pages = cockpit_pages(static_site, static=True)
    problems = _visit_every_page(browser, static_site.as_uri(), pages, shots=False, axe_at=(390,))
    assert not problems, "\n".join(problems)


def test_the_pages_cover_the_page_table(static_site: Path) -> None:
    """Every template of the page table is visited, the record pages included."""
    names = dict(cockpit_pages(static_site))
    templates = {k.template for k in PAGES if k.template}
    assert len(names) == len(templates)
    for kind in ("repository", "radar-entry", "decision", "team"):
        assert names[kind].count("/") == 2, (kind, names[kind])


# --- the keyboard ---------------------------------------------------------------------------

_TABBABLE = """() => {
  const all = document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex], iframe");
  const out = [];
  for (const el of all) {
    if (el.disabled || el.tabIndex < 0 || el.closest("[inert]")) { continue; }
    /* inside a closed <details> only its own summary is drawn (Chromium still reports boxes) */
    let folded = false;
    for (let d = el.closest("details"); d; d = d.parentElement?.closest("details")) {
      if (!d.open && !(el.tagName === "SUMMARY" && el.parentElement === d)) { folded = true; }
    }
    if (folded) { continue; }
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility !== "visible") { continue; }
    el.setAttribute("data-kb", String(out.length));
    out.push(el.outerHTML.slice(0, 120));
  }
  return out;
}"""

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return [null, false, false]; }
  const style = getComputedStyle(el);
  let shown = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  shown = shown || style.boxShadow !== "none";
  if (!shown && el instanceof SVGElement) {  /* an SVG link shows its focus by a stroke */
    shown = Array.from(el.querySelectorAll("*")).some((c) => {
      const s = getComputedStyle(c);
      return s.stroke !== "none" && parseFloat(s.strokeWidth) >= 2;
    });
  }
  const hidden = !!el.closest("[aria-hidden=true]");
  return [el.getAttribute("data-kb"), shown && el.matches(":focus-visible"), hidden];
}"""


def _tab_through(page: Any) -> list[str]:
    """Press Tab once per tabbable element: each receives the focus in document order, with a
    visible focus indicator, and none is hidden from the accessibility tree."""
    tabbable = page.evaluate(_TABBABLE)
    problems: list[str] = []
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for expected, html in enumerate(tabbable):
        page.keyboard.press("Tab")
        index, visible, hidden = page.evaluate(_FOCUSED)
        if index != str(expected):
            got = tabbable[int(index)] if index is not None else "nothing tabbable"
            problems.append(f"Tab {expected + 1} should reach {html}, reached {got}")
            break  # the order is lost from here on
        if not visible:
            problems.append(f"no visible focus on {html}")
        if hidden:
            problems.append(f"focusable but hidden from the accessibility tree: {html}")
    return problems


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme="light")
    yield context.new_page()
    context.close()


def test_the_keyboard_reaches_everything_on_every_page(
    live: str, static_site: Path, desktop: Any
) -> None:
    problems = []
    for name, path in cockpit_pages(static_site):
        desktop.goto(_url(live, path))
        problems += [f"{name}: {p}" for p in _tab_through(desktop)]
    assert not problems, "\n".join(problems)


# --- the phone: the folding navigation, cards, scroll boxes -------------------------------


def test_the_navigation_folds_on_a_phone(live: str, browser: Any) -> None:
    expect = playwright_api.expect
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live + "/findings/")
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_have_attribute("aria-expanded", "false")
        nav = page.get_by_role("navigation", name="Sections")
        expect(nav).to_be_hidden()
        page.locator(".skip").focus()  # the keyboard: skip link, brand, then the Menu button
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(menu).to_be_focused()
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(nav.get_by_role("link", name="Radar")).to_be_visible()
        page.keyboard.press("Tab")  # into the list, then Escape folds it back
        expect(nav.get_by_role("link", name="Home")).to_be_focused()
        page.keyboard.press("Escape")
        expect(menu).to_be_focused()
        expect(nav).to_be_hidden()
        menu.click()
        nav.get_by_role("link", name="Repositories").click()
        expect(page.locator("h1")).to_have_text("Repositories")
        page.set_viewport_size({"width": 1440, "height": 900})  # a desktop: no Menu button
        expect(menu).to_be_hidden()
        expect(nav.get_by_role("link", name="Radar")).to_be_visible()
    finally:
        context.close()


def test_without_javascript_the_navigation_is_open(live: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        for path in ("/", "/findings/", "/technologies/", "/repositories/"):
            page.goto(live + path)
            playwright_api.expect(page.get_by_role("button", name="Menu")).to_be_hidden()
            nav = page.get_by_role("navigation", name="Sections")
            playwright_api.expect(nav.get_by_role("link", name="Findings")).to_be_visible()
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, f"{path} is {wide} px wide without JavaScript"
    finally:
        context.close()


def test_rows_become_cards_and_wide_tables_scroll_in_a_region(live: str, browser: Any) -> None:
    expect = playwright_api.expect
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live + "/repositories/")
        first = page.locator("#repositories tbody tr").first
        assert first.evaluate("r => getComputedStyle(r).display") == "block"
        expect(first.locator("td").nth(1)).to_have_attribute("data-label", "Owner")
        assert page.locator("#repositories thead").is_hidden()
        box = page.locator("#repositories").locator("xpath=..")
        assert box.get_attribute("tabindex") is None  # cards fit: no needless tab stop

        page.goto(live + "/technologies/")  # a wide table of 4+ columns: a box that scrolls
        regions = page.locator("main .table-scroll[role=region]")
        assert regions.count() > 0
        region = regions.first
        expect(region).to_have_attribute("tabindex", "0")
        assert "scrolls sideways" in (region.get_attribute("aria-label") or "")
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('main .table-scroll[role=region]').scrollLeft > 0"
        )

        page.set_viewport_size({"width": 1440, "height": 900})  # a desktop: tables, no regions
        page.wait_for_function("() => !document.querySelector('main .table-scroll[role=region]')")
        assert page.locator("#technologies").evaluate("t => getComputedStyle(t).display") == (
            "table"
        )
    finally:
        context.close()


def test_a_table_drawn_later_gets_its_box_too(static_site: Path, browser: Any) -> None:
    """The static "who uses" search draws its table after the page loaded: it scrolls in a box
    of its own as well, search after search."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto((static_site / "technologies" / "index.html").as_uri() + "#q=sqlalchemy")
        for query in ("react", "sqlalchemy"):
            page.locator("#who-uses-q").fill(query)
            page.get_by_role("button", name="Search", exact=True).click()
            playwright_api.expect(page.locator("#search-summary")).to_contain_text(query)
            table = page.locator("#who-uses-table")
            assert table.evaluate("t => !!t.parentElement.closest('.table-scroll')"), query
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, query
    finally:
        context.close()
