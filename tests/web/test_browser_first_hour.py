"""A new user's first hour in a real browser (Debian's Chromium through Playwright).

Live ``lodestar serve`` on a copy of the demo: a radar file made invalid while serving brings a
banner naming the problem as ``path:line:column`` on every page, the last valid radar stays
drawn, and the banner goes once the file is fixed. ``serve`` on a workspace with strategy files
and no scan: the radar works, the observed pages say what to run. Screenshots at 1440x900 and
390x844, light and dark, under ``artifacts/browser/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from tests.web.test_browser import ARTIFACTS, CHROMIUM, _lodestar, serve_workspace

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


def _serve(root: Path) -> Iterator[str]:
    yield from serve_workspace(root, "/api/status")


@pytest.fixture
def edited_demo(demo_root: Path, tmp_path: Path) -> Path:
    """A copy of the scanned demo whose strategy files the test may break."""
    root = tmp_path / "northwind"
    shutil.copytree(demo_root, root, symlinks=True, ignore=shutil.ignore_patterns("repos"))
    return root


@pytest.fixture
def unscanned(tmp_path: Path) -> Path:
    """A new workspace (init) with the demo's strategy files and no scan."""
    root = tmp_path / "acme"
    subprocess.run(_lodestar("init", str(root), "--name", "Acme", "--no-git"), check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    demo = Path(str(files("lodestar.demo") / "workspace"))
    for folder in ("radar", "decisions", "policies", "campaigns", "initiatives"):
        shutil.copytree(demo / folder, root / folder, dirs_exist_ok=True)
    return root


def _page(browser: Any, size: str, scheme: str) -> Any:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    return context.new_page()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def _until(page: Any, url: str, ready: Callable[[Any], bool], seconds: float = 60) -> None:
    """Reload ``url`` until ``ready(page)``: the cockpit rebuilds in the background."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        if ready(page):
            return
        assert time.monotonic() < deadline, f"{url}: not ready after {seconds} s"
        time.sleep(0.5)


def _touch(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, "utf-8")
    stamp = max(before + 10_000_000, path.stat().st_mtime_ns)
    os.utime(path, ns=(stamp, stamp))


def test_an_invalid_radar_file_keeps_the_radar_and_names_the_problem(
    browser: Any, edited_demo: Path
) -> None:
    expect = playwright_api.expect
    entry = edited_demo / "radar" / "uv.md"
    good = entry.read_text("utf-8")
    for base in _serve(edited_demo):
        page = _page(browser, "desktop", "light")
        page.goto(base + "/radar/")
        expect(page.locator("svg.radar")).to_be_visible()
        blips = page.locator("svg.radar a.blip").count()
        assert blips > 40 and page.locator(".status-banner").count() == 0
        _touch(entry, good.replace("ring: Assess", "ring: Asess"))
        _until(page, base + "/radar/", lambda p: p.locator(".status-banner").count() == 1)
        banner = page.locator(".status-banner")
        expect(banner).to_contain_text("showing the last valid version")
        expect(banner.locator("code").first).to_have_text("radar/uv.md:4:7")
        expect(banner).to_contain_text("unknown ring 'Asess'")
        assert page.locator("svg.radar a.blip").count() == blips  # the last valid radar
        _shot(page, "first-hour-01-invalid-radar-desktop-light")
        for path in ("/", "/decisions/", "/repositories/"):
            page.goto(base + path)
            expect(page.locator(".status-banner code").first).to_have_text("radar/uv.md:4:7")
        for size in SIZES:
            for scheme in ("light", "dark"):
                other = _page(browser, size, scheme)
                other.goto(base + "/radar/")
                expect(other.locator(".status-banner")).to_be_visible()
                _shot(other, f"first-hour-02-banner-{size}-{scheme}")
                other.context.close()
        _touch(entry, good)
        _until(page, base + "/radar/", lambda p: p.locator(".status-banner").count() == 0)
        assert page.locator("svg.radar a.blip").count() == blips
        page.context.close()


def test_serve_before_the_first_scan(browser: Any, unscanned: Path) -> None:
    expect = playwright_api.expect
    assert not (unscanned / ".lodestar" / "lodestar.db").exists()
    for base in _serve(unscanned):
        for size in SIZES:
            for scheme in ("light", "dark"):
                page = _page(browser, size, scheme)
                page.goto(base + "/radar/")
                expect(page.locator("svg.radar")).to_be_visible()
                assert page.locator("svg.radar a.blip").count() > 40
                expect(page.locator(".nodata")).to_have_count(0)
                page.goto(base + "/repositories/")
                expect(page.locator(".status-scan")).to_contain_text("No scan yet:")
                expect(page.locator(".status-scan")).to_contain_text("lodestar scan")
                _shot(page, f"first-hour-03-no-scan-{size}-{scheme}")
                page.goto(base + "/campaigns/")
                expect(page.locator("main")).to_contain_text("Retire GitLab CI")
                page.context.close()
