"""lodestar.toml edited while serving: an invalid file keeps the last valid settings and the
cockpit's banner and ``/api/status`` name its problem as ``lodestar.toml:line:column``; once
fixed, the banner goes and the new settings apply (the organisation's name, here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lodestar.errors import ConfigError
from lodestar.settings import Workspace, init_workspace
from lodestar.store import empty_store
from lodestar.web.app import create_app
from lodestar.web.cockpit import StrategyProblem, strategy_problems
from lodestar.web.generation import CockpitBuilder

PAGES = ("", "radar/", "repositories/", "decisions/")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", name="Acme Before", sources=[])
    return Workspace.load(ws.root)


def _client(ws: Workspace) -> TestClient:
    url = f"sqlite:///{ws.root / '.lodestar' / 'lodestar.db'}"
    app = create_app(CockpitBuilder(ws, empty_store(), awaiting=url))
    app.state.cockpit._check_every = 0.0  # notice each edit at once
    app.state.cockpit._background = False  # the request waits for the rebuild
    return TestClient(app)


def _touch(path: Path, text: str | bytes) -> None:
    """Write ``text`` and move the modification time on (two writes in one tick)."""
    before = path.stat().st_mtime_ns
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")
    stamp = max(before + 10_000_000, path.stat().st_mtime_ns)
    os.utime(path, ns=(stamp, stamp))


def _settings_banner(page: str) -> str:
    assert 'class="status-banner status-settings"' in page
    return page.split('class="status-banner status-settings"', 1)[1].split("</section>", 1)[0]


def test_an_invalid_lodestar_toml_keeps_the_last_settings_with_a_banner(
    workspace: Workspace,
) -> None:
    client = _client(workspace)
    assert "status-settings" not in client.get("/").text
    assert client.get("/api/status").json()["settings_valid"] is True
    config = workspace.config_path
    good = config.read_text("utf-8")
    lines = good.splitlines()
    line = lines.index("[eol]") + 1
    _touch(config, good.replace("[eol]", "[eol"))  # a broken table header
    for path in PAGES:
        page = client.get("/" + path)
        assert page.status_code == 200, path
        banner = _settings_banner(page.text)
        assert f"<code>lodestar.toml:{line}:" in banner, path
        assert "invalid TOML" in banner and "last valid settings" in banner
        assert "Acme Before" in page.text  # the settings it started with still serve
    status = client.get("/api/status").json()
    assert status["settings_valid"] is False
    (problem,) = status["settings_problems"]
    assert problem["location"].startswith(f"lodestar.toml:{line}:")
    assert status["problems"] == [] and status["strategy_valid"] is True
    _touch(config, good.replace("Acme Before", "Acme After"))
    fixed = client.get("/").text
    assert "status-settings" not in fixed
    assert "Acme After" in fixed and "Acme Before" not in fixed  # the new settings apply
    status = client.get("/api/status").json()
    assert status["settings_valid"] is True and status["settings_problems"] == []


def test_a_setting_out_of_range_names_its_line_and_key(workspace: Workspace) -> None:
    client = _client(workspace)
    client.get("/")
    config = workspace.config_path
    good = config.read_text("utf-8")
    line = good.splitlines().index("warn_days = 90") + 1
    _touch(config, good.replace("warn_days = 90", "warn_days = 'soon'"))
    banner = _settings_banner(client.get("/radar/").text)
    assert f"<code>lodestar.toml:{line}</code>: eol.warn_days:" in banner
    (problem,) = client.get("/api/status").json()["settings_problems"]
    assert problem["location"] == f"lodestar.toml:{line}"


def test_hostile_settings_are_escaped_and_never_crash(workspace: Workspace) -> None:
    client = _client(workspace)
    client.get("/")
    config = workspace.config_path
    good = config.read_text("utf-8")
    hostile = good + '\n[x]\n"<script>alert(1)</script>\x1b[31m\x00" = 1\n'
    _touch(config, hostile)  # an unknown setting whose key is markup and control bytes
    page = client.get("/")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "\x1b" not in page.text
    assert "\x00" not in page.text
    _settings_banner(page.text)
    status = client.get("/api/status").json()
    (problem,) = status["settings_problems"]
    assert problem["location"].startswith("lodestar.toml")
    assert "\x1b" not in problem["message"] and "\x00" not in problem["message"]
    # control characters in the TOML itself, and a value far longer than a message shows
    _touch(config, good.replace('"Acme Before"', '"' + "\x07" * 5 + "x" * 5000 + '"'))
    page = client.get("/")
    assert page.status_code == 200 and "\x07" not in page.text
    (problem,) = client.get("/api/status").json()["settings_problems"]
    assert len(problem["message"]) <= 300
    _touch(config, good.replace("name = ", "name = [" + "1," * 50_000 + "] #"))
    (problem,) = client.get("/api/status").json()["settings_problems"]
    assert len(problem["message"]) <= 300
    # a huge file is refused before it is parsed
    _touch(config, good + "# " + "a = [1,1,1]\n" * 200_000)
    page = client.get("/repositories/")
    assert page.status_code == 200
    assert "a settings file may hold: refused" in _settings_banner(page.text)
    _touch(config, good)
    assert "status-settings" not in client.get("/").text


def test_a_strategy_read_while_the_settings_are_invalid_names_them_relative() -> None:
    """A new scan rebuilds everything: the strategy loader then reads lodestar.toml too (its
    [repositories.tags], [ip]); its problem is named as the banner names it, not by the
    absolute path."""
    exc = ConfigError("invalid TOML: boom", path="/home/me/ws/lodestar.toml", line=3, column=9)
    (problem,) = strategy_problems(exc)
    assert problem == StrategyProblem("lodestar.toml:3:9", "invalid TOML: boom")
    other = ConfigError("bad catalog", path="/home/me/ws/catalog/languages.toml", line=2)
    assert strategy_problems(other)[0].message.startswith("/home/me/ws/catalog/")
