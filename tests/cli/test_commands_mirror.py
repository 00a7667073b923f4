"""``lodestar mirror`` and ``scan`` with remote sources, end to end: a file:// origin, a loopback
git daemon and a GitHub-shaped API on 127.0.0.1, all started by the test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.remote_servers import (
    ForgeServer,
    GitDaemon,
    commit_on,
    github_repo,
    origin,
    refs_of,
    running,
)
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()


@pytest.fixture
def forge() -> Iterator[ForgeServer]:
    yield from running(ForgeServer())


@pytest.fixture
def workspace(
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    daemon: GitDaemon,
    forge: ForgeServer,
) -> Path:
    monkeypatch.setenv("LODESTAR_DATABASE_URL", database_url)
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    origin(tmp_path / "origins" / "tools.git")
    origin(daemon.base / "acme" / "api.git")
    forge.github["acme"] = [
        github_repo("acme", "api", daemon.url("acme/api.git"), topics=["payments"]),
        github_repo("acme", "legacy", daemon.url("acme/legacy.git"), archived=True),
    ]
    origin(tmp_path / "local" / "billing")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "lodestar.toml").write_text(
        "[sources]\n"
        'paths = ["../local"]\n'
        f'urls = ["file://{tmp_path}/origins/tools.git"]\n'
        'lists = ["repos.txt"]\n'
        "retries = 0\n"
        f'[[sources.forges]]\nkind = "github"\norg = "acme"\napi = "{forge.api}"\n'
    )
    (ws / "repos.txt").write_text(f"# broken on purpose\nfile://{tmp_path}/origins/gone.git\n")
    return ws


def test_mirror_clones_then_fetches_and_reports_the_failure(
    workspace: Path, tmp_path: Path, daemon: GitDaemon
) -> None:
    result = runner.invoke(app, ["-w", str(workspace), "mirror", "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert (data["cloned"], data["fetched"], data["failed"]) == (2, 0, 1)
    by_name = {r["name"]: r for r in data["repositories"]}
    assert set(by_name) == {"acme/api", "gone", "tools"}
    assert by_name["gone"]["status"] == "failed" and "gone.git" in by_name["gone"]["error"]
    assert by_name["gone"]["origin"] == "repos.txt:2"
    api_mirror = Path(by_name["acme/api"]["mirror"])
    assert api_mirror.parent.parent.name == f"127.0.0.1_{daemon.port}"
    assert refs_of(api_mirror) == refs_of(daemon.base / "acme" / "api.git")

    new = commit_on(daemon.base / "acme" / "api.git", "main", "upstream work")
    again = runner.invoke(app, ["-w", str(workspace), "mirror"])
    assert again.exit_code == 1
    assert "fetched" in again.stdout and "Failed: 1 mirror" in again.stdout
    assert "gone.git" in again.stdout
    assert refs_of(api_mirror)["refs/heads/main"] == new

    repos = json.loads(runner.invoke(app, ["-w", str(workspace), "repos", "--json"]).stdout)
    remote = {r["name"]: r["remote"] for r in repos["repositories"]}
    assert remote["acme/api"]["forge"] == "github"
    assert remote["acme/api"]["topics"] == ["payments"]
    assert remote["acme/api"]["default_branch"] == "main"
    assert remote["tools"]["url"] == f"file://{tmp_path}/origins/tools.git"
    assert remote["tools"]["forge"] is None


def test_scan_mirrors_first_unless_no_fetch(workspace: Path, daemon: GitDaemon) -> None:
    first = runner.invoke(
        app, ["-w", str(workspace), "scan", "--json", "--workers", "1", "--no-history"]
    )
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert {r["name"] for r in data["repositories"]} == {"acme/api", "billing", "tools"}
    assert data["mirrors"]["cloned"] == 2 and data["mirrors"]["failed"] == 1
    assert [(f["repository"], f["stage"]) for f in data["failures"]] == [("gone", "mirror")]

    upstream = daemon.base / "acme" / "api.git"
    new = commit_on(upstream, "main", "upstream work")
    offline = runner.invoke(
        app,
        ["-w", str(workspace), "scan", "--json", "--workers", "1", "--no-history", "--no-fetch"],
    )
    assert offline.exit_code == 0, offline.output
    data = json.loads(offline.stdout)
    assert data["mirrors"] is None
    by_name = {r["name"]: r for r in data["repositories"]}
    assert set(by_name) == {"acme/api", "billing", "tools"}  # same names without the network
    assert by_name["acme/api"]["status"] == "unchanged"

    fetched = runner.invoke(
        app, ["-w", str(workspace), "scan", "--json", "--workers", "1", "--no-history"]
    )
    by_name = {r["name"]: r for r in json.loads(fetched.stdout)["repositories"]}
    assert by_name["acme/api"]["status"] == "scanned"
    assert by_name["acme/api"]["commit"] == new


def test_mirror_without_remote_sources_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "lodestar.toml").write_text('[sources]\npaths = ["."]\n')
    result = runner.invoke(app, ["-w", str(tmp_path), "mirror"])
    assert result.exit_code == 2
    assert "no remote sources" in result.output


def test_a_refused_url_in_settings_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "lodestar.toml").write_text('[sources]\nurls = ["ext::sh -c id"]\n')
    result = runner.invoke(app, ["-w", str(tmp_path), "mirror"])
    assert result.exit_code == 2
    assert "lodestar.toml:2: sources.urls" in result.output
