"""The cockpit in a real browser: Debian's Chromium driven by Playwright.

Through the demo organisation, live (``lodestar serve`` in a subprocess) and as a static site
opened from ``file://``: home, radar, filter by a ring, a blip to its entry page, a decision link,
a repository page. Screenshots go to ``artifacts/browser/``. A hostile-markdown page proves that
nothing a repository or workspace file says gets to run. Skipped when /usr/bin/chromium or
Playwright is missing (``.ci/run`` installs Chromium; Playwright's own browsers are never
downloaded).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.links import slug
from lodestar.web.site import build_site

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


def _lodestar(*args: str) -> list[str]:
    return [sys.executable, "-m", "lodestar", *args]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 240) -> None:
    """Until ``url`` answers 200: a server still building its cockpit answers 503 (an HTTPError,
    an OSError) meanwhile. The cold build takes ~3 s on an idle machine; on two busy cores under
    ``pytest -n auto`` beside Chromium it once took over a minute."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310  our own local server
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  local server
        return json.loads(response.read())


def serve_workspace(root: Path, ready: str = "/api/metrics") -> Iterator[str]:
    """``lodestar serve`` on ``root`` in a subprocess: its address once ``ready`` answers;
    stopped when the caller's generator is closed (a fixture's teardown)."""
    port = _free_port()
    proc = subprocess.Popen(
        _lodestar("-w", str(root), "serve", "--port", str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + ready)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="session")
def live(demo_root: Path) -> Iterator[str]:
    yield from serve_workspace(demo_root)


@pytest.fixture(scope="session")
def static_site(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "cockpit"
    subprocess.run(_lodestar("-w", str(demo_root), "site", "build", str(out)), check=True,
                   capture_output=True, timeout=600)  # fmt: skip
    return out


class Watched:
    """A page that records console errors, CSP violations, dialogs and page errors."""

    def __init__(self, browser: Any, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on(
            "dialog", lambda d: (self.problems.append("dialog: " + d.message), d.dismiss())
        )

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.close()


def _entry_with_decision(base: str) -> tuple[str, str]:
    """(entry id, ring) of an entry that links a known decision, from the live API."""
    radar = _get_json(base + "/api/radar")
    for row in radar["rows"]:
        entry = _get_json(f"{base}/api/radar/{row['slug']}")
        if entry["uses"] and any(d["status"] != "missing" for d in entry["decisions"]):
            return row["id"], row["ring"]
    raise AssertionError("the demo radar has no used entry linking a decision")


def _journey(w: Watched, start: str, entry: str, ring: str, prefix: str) -> None:
    page = w.page
    page.goto(start)
    expect = playwright_api.expect
    expect(page.locator("h1")).to_contain_text("Northwind Labs")
    for level in ("Strategy", "Execution", "Change", "Communication"):
        expect(page.get_by_role("heading", name=level, exact=True)).to_be_visible()
    expect(page.locator("figure.chart.drawn canvas").first).to_be_visible()  # Chart.js ran
    w.shot(f"{prefix}-01-home")

    page.get_by_role("navigation").get_by_role("link", name="Radar").click()
    expect(page.locator("svg.radar")).to_be_visible()
    blips = page.locator("svg.radar a.blip")
    total = blips.count()
    assert total >= 30
    page.select_option("#radar-ring", ring)
    rows = page.locator("#radar-entries tbody tr:visible")
    shown = rows.count()
    assert 0 < shown < total
    for ring_cell in rows.locator("td:nth-child(4)").all_inner_texts():
        assert ring_cell.strip() == ring
    assert page.locator("svg.radar a.blip.dimmed").count() == total - shown
    expect(page.locator("#radar-count")).to_have_text(f"{shown} of {total} entries")
    w.shot(f"{prefix}-02-radar-{ring.lower()}")

    page.locator(f'svg.radar a.blip[data-id="{entry}"]').click()
    expect(page.get_by_role("heading", name="Where it is used")).to_be_visible()
    title = page.locator("h1").inner_text()
    w.shot(f"{prefix}-03-entry")

    decisions = page.locator("h2:has-text('Decisions') + ul a")
    name = decisions.first.inner_text()
    decisions.first.click()
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("p.crumbs")).to_contain_text("Decisions")
    w.shot(f"{prefix}-04-decision")

    page.get_by_role("navigation").get_by_role("link", name="Repositories").click()
    first = page.locator("#repositories tbody tr a").first
    repo = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(repo)
    expect(page.get_by_role("heading", name="Dependencies", exact=False).first).to_be_visible()
    w.shot(f"{prefix}-05-repository")
    assert title  # the entry page had a title
    assert not w.problems, w.problems


def test_live_cockpit_journey(live: str, watched: Watched) -> None:
    entry, ring = _entry_with_decision(live)
    _journey(watched, live + "/", entry, ring, "live")


def test_static_site_journey(live: str, static_site: Path, watched: Watched) -> None:
    entry, ring = _entry_with_decision(live)
    _journey(watched, (static_site / "index.html").as_uri(), entry, ring, "static")


def _table(page: Any, selector: str) -> list[list[str]]:
    return [
        [c.strip() for c in row.locator("td").all_inner_texts()]
        for row in page.locator(f"{selector} tbody tr").all()
    ]


def test_static_who_uses_search(live: str, static_site: Path, watched: Watched) -> None:
    """The static page answers "who uses X" from its build-time index, as the live page does."""
    page = watched.page
    expect = playwright_api.expect
    page.goto(f"{live}/technologies/?q=sqlalchemy&range=%3E%3D2%2C%3C3")
    live_rows = _table(page, "#who-uses-live")
    live_summary = page.locator("#search-summary").inner_text()
    assert live_rows

    page.goto((static_site / "technologies" / "index.html").as_uri())
    page.locator("#who-uses-q").fill("sqlalchemy")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#search-summary")).to_contain_text("repositories use sqlalchemy")
    every = _table(page, "#who-uses-table")
    assert len(every) > len(live_rows)  # all versions ticked: more than the 2.x line
    page.get_by_role("button", name="2.x", exact=True).click()
    expect(page.locator("#search-summary")).to_contain_text("in the versions ticked")
    static_rows = _table(page, "#who-uses-table")
    assert [r[:6] for r in static_rows] == [r[:6] for r in live_rows]  # package column included
    assert all(r[1] == "pkg:pypi/sqlalchemy" and r[2].startswith("2.") for r in static_rows)
    assert all(s[6].startswith(lv[6] + ":") for s, lv in zip(static_rows, live_rows, strict=True))
    count = page.locator("#search-summary strong").inner_text()
    assert live_summary.startswith(count + " repositories use")
    watched.shot("static-06-who-uses")
    page.locator("#who-uses-table tbody a").first.click()
    expect(page.locator("h1")).to_have_text(static_rows[0][0])

    page.go_back()  # a package of the Packages table searches for itself (#q=purl)
    package = page.locator("#packages tbody a").first
    name = package.inner_text()
    package.click()
    expect(page.locator("#search-summary")).to_contain_text("repositories use pkg:")
    expect(page.locator("#who-uses-versions legend").first).to_contain_text(name)
    assert page.locator("#who-uses-table tbody tr").count() > 0
    assert not watched.problems, watched.problems


def test_theme_toggle_and_keyboard(live: str, watched: Watched) -> None:
    page = watched.page
    page.emulate_media(color_scheme="light")
    page.goto(live + "/radar/")
    page.locator("#theme-toggle").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    watched.shot("live-06-radar-dark")
    page.reload()  # the choice is remembered
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    first = page.locator("svg.radar a.blip").first
    first.focus()
    assert page.evaluate("document.activeElement.getAttribute('class')").startswith("blip")
    label = first.get_attribute("aria-label") or ""
    page.keyboard.press("Enter")
    playwright_api.expect(page.locator("h1")).to_contain_text(label.split(". ", 1)[1].split(":")[0])
    assert not watched.problems, watched.problems


SECTIONS = ("technologies", "decisions", "findings", "campaigns", "initiatives", "people", "teams")


def test_every_section_in_the_browser(live: str, watched: Watched) -> None:
    page = watched.page
    for n, section in enumerate(SECTIONS, start=7):
        page.goto(f"{live}/{section}/")
        playwright_api.expect(page.locator("h1")).to_be_visible()
        assert page.locator("p.nodata").count() == 0, section
        watched.shot(f"live-{n:02d}-{section}")
    evaluated = next(
        d for d in _get_json(live + "/api/decisions")["rows"]
        if _get_json(f"{live}/api/decisions/{d['slug']}")["evaluation"]
    )  # fmt: skip
    page.goto(f"{live}/decisions/{evaluated['slug']}/")
    playwright_api.expect(page.get_by_role("heading", name="Weighted evaluation")).to_be_visible()
    playwright_api.expect(page.locator("figure.chart.drawn canvas").first).to_be_visible()
    watched.shot("live-13-evaluation")
    page.goto(f"{live}/technologies/?q=react&range=%3E%3D17")
    playwright_api.expect(page.locator("#search-summary")).to_contain_text("repositories use")
    watched.shot("live-14-who-uses")
    page.emulate_media(media="print")
    page.goto(f"{live}/radar/")
    assert page.locator("form.radar-filters").is_hidden()
    watched.shot("live-15-radar-print")
    assert not watched.problems, watched.problems


def _serve(cockpit: Cockpit) -> Iterator[str]:
    """The app over ``cockpit`` in a thread of this process, while the test runs."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(lambda: cockpit), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    _wait(base + "/api/metrics")
    yield base
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def hostile_server(cockpit: Cockpit) -> Iterator[str]:
    yield from _serve(cockpit)


def _assert_inert(w: Watched, url: str) -> None:
    w.page.goto(url)
    w.page.wait_for_load_state("load")
    w.page.mouse.move(5, 5)
    for link in w.page.locator(".prose a").all():
        link.hover()
    assert w.page.evaluate("typeof window.__pwned") == "undefined"
    assert w.page.locator("#pwned-marker").count() == 0
    hostile = 'main script:not([type="application/json"]), .prose svg, main iframe, main b'
    assert w.page.locator(hostile).count() == 0
    assert not [p for p in w.problems if p.startswith("dialog")]


def test_hostile_markdown_never_runs(
    hostile_server: str, cockpit: Cockpit, tmp_path: Path, watched: Watched
) -> None:
    evil = "/repositories/" + slug('<b onmouseover="x">evil</b>/repo') + "/"
    for path in ("/decisions/0002-database/", "/radar/django/", "/repositories/", evil):
        _assert_inert(watched, hostile_server + path)
    watched.shot("hostile-decision")
    out = tmp_path / "site"
    build_site(cockpit, out)
    for path in ("decisions/0002-database", "radar/django"):
        _assert_inert(watched, (out / path / "index.html").as_uri())
    page = watched.page  # who uses react: a hostile repository name and manifest path, as text
    page.goto((out / "technologies" / "index.html").as_uri() + "#q=react")
    playwright_api.expect(page.locator("#who-uses-table")).to_contain_text("<script>x</script>")
    assert page.locator("#who-uses-table b, #who-uses-table script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert not [p for p in watched.problems if p.startswith("dialog")]


@pytest.fixture
def teams_server(teams_cockpit: Cockpit) -> Iterator[str]:
    yield from _serve(teams_cockpit)


def _fits(page: Any) -> bool:
    """No horizontal scrolling of the page (wide tables scroll inside their own box)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [1440, 390])
def test_teams_pages_on_a_desktop_and_a_phone(teams_server: str, browser: Any, width: int) -> None:
    w = Watched(browser, width)
    try:
        page, expect = w.page, playwright_api.expect
        page.goto(teams_server + "/teams/")
        expect(page.locator("h1")).to_have_text("Teams")
        rows = page.locator("#teams tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first.locator("td").first).to_contain_text(
            '<img src=x onerror="window.__owned=9">team'
        )
        expect(page.locator("#unowned + p")).to_contain_text("evil")
        assert page.evaluate("typeof window.__owned") == "undefined"
        assert _fits(page), "the Teams page scrolls sideways"
        w.shot(f"teams-{width}")

        page.get_by_role("link", name="Payments", exact=True).click()
        expect(page.locator("h1")).to_have_text("Payments")
        expect(page.locator("ul.members")).to_contain_text("Ann Example")
        expect(page.locator("#team-repositories")).to_contain_text("CODEOWNERS:2")
        expect(page.locator("#team-risk")).to_contain_text("orders-api")
        assert _fits(page), "the team page scrolls sideways"
        w.shot(f"team-{width}")

        page.get_by_role("link", name="findings", exact=True).click()
        expect(page.locator("#finding-team")).to_have_value("Payments")
        expect(page.locator("li.finding")).to_have_count(1)
        assert _fits(page), "the filtered findings scroll sideways"
        page.goto(teams_server + "/repositories/")
        page.select_option("form.team-filter select", "Payments")
        page.get_by_role("button", name="Filter").click()
        expect(page.locator("#repositories tbody tr")).to_have_count(1)
        assert "team=Payments" in page.url
        w.shot(f"repositories-team-{width}")
        assert not w.problems, w.problems
    finally:
        w.close()
