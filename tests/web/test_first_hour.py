"""The cockpit in a new user's first hour: served before the first scan (the strategy pages from
the workspace's files, the observed pages saying what to run), and a strategy file made invalid
while serving (the last valid declarations kept, every problem named in a banner)."""

from __future__ import annotations

import os
import shutil
from importlib.resources import files
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lodestar.settings import Workspace, init_workspace
from lodestar.store import empty_store, open_scanned
from lodestar.web.app import create_app
from lodestar.web.generation import CockpitBuilder

DEMO = Path(str(files("lodestar.demo") / "workspace"))
STRATEGY_PAGES = ("radar/", "decisions/", "campaigns/", "initiatives/")
OBSERVED_PAGES = ("", "repositories/", "technologies/", "findings/", "vulnerabilities/",
                  "people/", "teams/")  # fmt: skip


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A workspace with the demo's strategy files and no database: never scanned."""
    ws = init_workspace(tmp_path / "ws", name="First Hour", sources=[])
    for folder in ("radar", "decisions", "policies", "campaigns", "initiatives"):
        shutil.rmtree(ws.root / folder)
        shutil.copytree(DEMO / folder, ws.root / folder)
    return Workspace.load(ws.root)


def _client(ws: Workspace) -> tuple[TestClient, CockpitBuilder]:
    url = f"sqlite:///{ws.root / '.lodestar' / 'lodestar.db'}"
    assert open_scanned(url) is None  # no scan yet
    builder = CockpitBuilder(ws, empty_store(), awaiting=url)
    app = create_app(builder)
    app.state.cockpit._check_every = 0.0  # notice each edit at once
    app.state.cockpit._background = False  # the request waits for the rebuild
    return TestClient(app), builder


def _touch(path: Path, text: str) -> None:
    """Write ``text`` and move the modification time on (two writes in one tick)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, "utf-8")
    stamp = max(before + 10_000_000, path.stat().st_mtime_ns)
    os.utime(path, ns=(stamp, stamp))


def test_strategy_pages_work_before_the_first_scan(workspace: Workspace) -> None:
    client, _ = _client(workspace)
    radar = client.get("/radar/")
    assert radar.status_code == 200
    assert "GitHub Actions" in radar.text and "No data yet" not in radar.text
    for path in STRATEGY_PAGES:
        page = client.get("/" + path)
        assert page.status_code == 200, path
        assert "No scan yet" not in page.text, path
    assert "Retire GitLab CI" in client.get("/campaigns/").text
    assert client.get("/api/radar").json()["rows"]


def test_observed_pages_say_what_to_run_before_the_first_scan(workspace: Workspace) -> None:
    client, _ = _client(workspace)
    for path in OBSERVED_PAGES:
        page = client.get("/" + path)
        assert page.status_code == 200, path
        assert "No scan yet:" in page.text and "lodestar scan" in page.text, path
    status = client.get("/api/status").json()
    assert status["scanned"] is False and "lodestar scan" in status["scan_note"]
    assert status["strategy_valid"] is True and status["problems"] == []
    assert client.get("/api/repositories").json()["repositories"] == []


def _break_radar(ws: Workspace) -> Path:
    entry = ws.root / "radar" / "uv.md"
    _touch(entry, entry.read_text("utf-8").replace("ring: Assess", "ring: Asess"))
    return entry


def test_an_invalid_file_keeps_the_last_valid_strategy_with_a_banner(
    workspace: Workspace,
) -> None:
    client, _ = _client(workspace)
    assert "status-banner" not in client.get("/radar/").text
    entry = workspace.root / "radar" / "uv.md"
    good = entry.read_text("utf-8")
    _break_radar(workspace)
    hostile = workspace.root / "radar" / "evil.md"
    _touch(hostile, "---\ntitle: <script>alert(1)</script>\nquadrant: Tools\n---\n")
    for path in ("radar/", "decisions/", "repositories/", ""):
        page = client.get("/" + path)
        assert page.status_code == 200
        assert 'class="status-banner"' in page.text, path
        assert "showing the last valid version" in page.text
        assert "<code>radar/uv.md:4:7</code>" in page.text, path
        assert "<script>alert(1)" not in page.text
    radar = client.get("/radar/").text
    assert "GitHub Actions" in radar and "No data yet" not in radar
    status = client.get("/api/status").json()
    assert status["serving_last_valid"] is True
    assert {p["location"] for p in status["problems"]} >= {"radar/uv.md:4:7"}
    _touch(entry, good)
    hostile.unlink()
    fixed = client.get("/radar/").text
    assert "status-banner" not in fixed and "GitHub Actions" in fixed
    assert client.get("/api/status").json()["problems"] == []


def test_a_strategy_never_valid_says_what_is_wrong(workspace: Workspace) -> None:
    _break_radar(workspace)
    client, _ = _client(workspace)
    radar = client.get("/radar/").text
    assert "Invalid strategy files:" in radar and "radar/uv.md:4:7" in radar
    assert "No data yet" not in radar
    for path in ("decisions/", "campaigns/", "initiatives/", "findings/"):
        page = client.get("/" + path).text
        assert "<strong>Invalid strategy files:</strong> radar/uv.md:4:7" in page, path
    assert "nothing declared can be shown" in radar
    assert client.get("/api/status").json()["serving_last_valid"] is False


def test_the_banner_lists_ten_problems_then_how_many_more(workspace: Workspace) -> None:
    client, _ = _client(workspace)
    client.get("/radar/")
    for n in range(13):
        _touch(workspace.root / "radar" / f"broken-{n}.md", "---\nquadrant: Nowhere\n---\n")
    page = client.get("/radar/").text
    banner = page.split('class="status-banner"', 1)[1].split("</section>", 1)[0]
    assert banner.count("<li>") == 11 and "more (<code>lodestar validate</code>" in banner
    assert len(client.get("/api/status").json()["problems"]) > 13


def test_the_cockpit_reads_the_store_once_the_first_scan_made_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    from lodestar.store import database

    client, builder = _client(workspace)
    assert client.get("/api/status").json()["scanned"] is False
    url = f"sqlite:///{workspace.root / '.lodestar' / 'lodestar.db'}"
    with database(url):
        pass  # the first scan migrates the store before writing
    client.get("/api/status")
    assert builder.awaiting is None  # the real store is read from now on
