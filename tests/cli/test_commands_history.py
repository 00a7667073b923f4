"""``lodestar scan`` mining history, ``lodestar history`` and ``lodestar trend``, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.history.histories import build_sample
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()

PEOPLE = """
["carol@example.com"]
name = "Carol Jones"
team = "web"
emails = ["carol@personal.example"]
"""


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LODESTAR_DATABASE_URL", database_url)
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    build_sample(tmp_path / "repos" / "sample")
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--name", "Acme", "-s", "../repos"])
    assert result.exit_code == 0, result.output
    (tmp_path / "ws" / "people.toml").write_text(PEOPLE)
    return tmp_path / "ws"


def _json(args: list[str]) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_scan_mines_history_then_history_and_trend_read_it(workspace: Path) -> None:
    ws = ["-w", str(workspace)]
    scan = _json([*ws, "scan", "--json", "--workers", "1"])
    assert scan["history"]["commits_read"] == 7
    assert scan["history"]["repositories"][0]["status"] == "mined"
    again = _json([*ws, "scan", "--json", "--workers", "1"])
    assert again["history"]["commits_read"] == 0
    assert again["history"]["repositories"][0]["status"] == "unchanged"

    org = _json([*ws, "history", "--json", "--as-of", "2025-06-15"])
    assert (org["commits"], org["bot_commits"], org["merges"]) == (5, 1, 1)
    assert org["active_people"] == ["carol@example.com"]
    carol = next(p for p in org["people"] if p["key"] == "carol@example.com")
    assert (carol["name"], carol["team"]) == ("Carol Jones", "web")

    repo = _json([*ws, "history", "sample", "--json", "--as-of", "2025-06-15"])
    assert [m["month"] for m in repo["months"]] == [
        "2025-01-01",
        "2025-02-01",
        "2025-03-01",
        "2025-04-01",
    ]
    assert repo["top_contributors"][0]["key"] == "alice@example.com"
    assert repo["first_commit"].startswith("2025-01-10")

    trend = _json([*ws, "trend", "pkg:pypi/requests", "--json"])
    assert trend["repositories"] == ["sample"]
    assert trend["points"][-1]["versions"] == {"2.31.0": 1}

    # without --as-of, the workspace's organisation.as_of is the reference date
    today = _json([*ws, "history", "--json"])
    assert today["active_people"] == []  # nobody committed in the 90 days before today
    config = workspace / "lodestar.toml"
    config.write_text(
        config.read_text().replace('name = "Acme"', 'name = "Acme"\nas_of = 2025-06-15')
    )
    pinned = _json([*ws, "history", "--json"])
    assert pinned["active_people"] == org["active_people"]

    text = runner.invoke(app, [*ws, "history", "--as-of", "2025-06-15"])
    assert text.exit_code == 0, text.output
    assert "Carol" in text.stdout
    assert "sample" in text.stdout


def test_no_history_flag_and_errors(workspace: Path) -> None:
    ws = ["-w", str(workspace)]
    scan = _json([*ws, "scan", "--json", "--workers", "1", "--no-history"])
    assert scan["history"] is None
    result = runner.invoke(app, [*ws, "history"])
    assert result.exit_code == 2
    assert "no history stored yet" in result.output
    result = runner.invoke(app, [*ws, "trend", "react"])
    assert result.exit_code == 2
    _json([*ws, "scan", "--json", "--workers", "1"])
    result = runner.invoke(app, [*ws, "history", "nope"])
    assert result.exit_code == 2
    assert "no repository named 'nope'" in result.output
    result = runner.invoke(app, [*ws, "history", "--as-of", "yesterday"])
    assert result.exit_code == 2


@pytest.mark.parametrize("as_json", [True, False])
def test_scan_names_the_repository_and_commit_of_an_odd_date(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    from tests.history.literal import odd_history

    monkeypatch.setenv("LODESTAR_DATABASE_URL", database_url)
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    ids = odd_history(tmp_path / "repos" / "requests")
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--name", "Acme", "-s", "../repos"])
    assert result.exit_code == 0, result.output
    ws = ["-w", str(tmp_path / "ws")]
    expected = f"requests: commit {ids['c2']}: "
    if as_json:
        scan = _json([*ws, "scan", "--json", "--workers", "1"])
        (repo,) = scan["history"]["repositories"]
        assert (repo["status"], repo["commits_read"], repo["error"]) == ("mined", 4, None)
        assert any(w.startswith(expected) and "+51800" in w for w in repo["warnings"])
    else:
        text = runner.invoke(app, [*ws, "scan", "--workers", "1"])
        assert text.exit_code == 0, text.output
        assert expected in text.stderr.replace("\n", "")
    history = _json([*ws, "history", "requests", "--json", "--as-of", "2025-06-15"])
    assert history["first_commit"].startswith("2025-01-10")
