"""Failures you can see (issue 9): which repository failed which stage, and why.

Three repositories fail, one stage each, beside a good one: ``empty`` has no commit (its
inventory fails), ``tangled``'s history mining raises, ``frozen``'s monthly snapshots raise.
``scan`` ends with a table of them and ``--json`` carries the same list; the store remembers
each failure until a later run of that stage succeeds; ``repos``, the report and the cockpit
show them.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.errors import GitError
from lodestar.ingest import runs
from lodestar.records import RepositoryRef
from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_home import home_context
from lodestar.web.contexts_inventory import find_repository, repositories_context
from lodestar.web.pages import resolve
from lodestar.web.server import cockpit_builder

runner = CliRunner()
# a reason carries repository text: terminal escapes and Rich markup must show, not act
HOSTILE = "bad object \x1b[2J\x1b]52;c;cHduZWQ=\x07 [bold]loud[/bold]\nsecond line"
EXPECTED = {("empty", "inventory"), ("tangled", "history"), ("frozen", "snapshots")}


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LODESTAR_DATABASE_URL", database_url)
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    repos = tmp_path / "repos"
    for name in ("good", "tangled", "frozen"):
        make_repo(repos / name, {"app.py": "print(1)\n", "requirements.txt": "flask==2.0\n"})
    subprocess.run(
        ["git", "init", "-q", str(repos / "empty")],
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1"},
    )
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--name", "Acme", "-s", "../repos"])
    assert result.exit_code == 0, result.output
    return tmp_path / "ws"


def _failing(real: Callable[..., Any], name: str) -> Callable[..., Any]:
    def stage(engine: object, ref: RepositoryRef, *args: object, **kwargs: object) -> Any:
        if ref.name == name:
            raise GitError(f"{ref.path}: {HOSTILE}")
        return real(engine, ref, *args, **kwargs)

    return stage


@pytest.fixture
def breakage(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make tangled's history and frozen's snapshots fail; returns the undo."""
    monkeypatch.setattr(runs, "mine_repository", _failing(runs.mine_repository, "tangled"))
    monkeypatch.setattr(runs, "update_snapshots", _failing(runs.update_snapshots, "frozen"))
    return monkeypatch.undo


def _scan(workspace: Path, *extra: str) -> Any:
    return runner.invoke(
        app, ["-w", str(workspace), "scan", "--workers", "1", *extra], env={"COLUMNS": "500"}
    )


def test_scan_ends_with_what_failed_and_why(workspace: Path, breakage: object) -> None:
    result = _scan(workspace)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Failed: 3 repository stages" in out
    rows = {
        (cells[0], cells[1]): cells[2]
        for line in out.splitlines()
        if len(cells := [c.strip() for c in line.strip("│ ").split("│")]) == 3
        and cells[1] in {"inventory", "history", "snapshots"}
    }
    assert set(rows) == EXPECTED  # one line each, the good repository absent
    assert str(workspace.parent / "repos" / "empty") in rows["empty", "inventory"]
    reason = rows["tangled", "history"]
    assert "\\x1b[2J" in reason and "\\x07" in reason  # shown, not interpreted
    assert "[bold]loud[/bold] second line" in reason  # markup is text; one line
    assert "\x1b" not in out and "\x07" not in out
    assert "Use lodestar repos" not in out


def test_scan_json_carries_the_failures(workspace: Path, breakage: object) -> None:
    result = _scan(workspace, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    failures = data["failures"]
    assert {(f["repository"], f["stage"]) for f in failures} == EXPECTED
    by_stage = {f["stage"]: f for f in failures}
    assert by_stage["history"]["reason"].endswith(HOSTILE)  # the whole reason, as JSON text
    assert by_stage["history"]["path"] == str(workspace.parent / "repos" / "tangled")
    assert data["history"]["failed"] == 2


def test_repos_marks_failures_until_a_run_succeeds(
    workspace: Path, breakage: Callable[[], None]
) -> None:
    assert _scan(workspace, "--json").exit_code == 0
    listed = json.loads(runner.invoke(app, ["-w", str(workspace), "repos", "--json"]).stdout)
    failures = {r["name"]: r["failures"] for r in listed["repositories"]}
    assert {(name, f["stage"]) for name, fs in failures.items() for f in fs} == EXPECTED
    assert failures["good"] == [] and failures["tangled"][0]["reason"].endswith(HOSTILE)

    table = runner.invoke(app, ["-w", str(workspace), "repos"], env={"COLUMNS": "500"})
    marked = {
        line.split("│")[1].strip(): line.split("│")[-2].strip()
        for line in table.stdout.splitlines()
        if line.startswith("│") and line.count("│") == 9  # the repositories table (owner too)
    }
    assert marked == {"empty": "inventory", "frozen": "snapshots", "good": "", "tangled": "history"}
    assert "Failed in the last run of a stage" in table.stdout and "\x1b" not in table.stdout

    report = json.loads(runner.invoke(app, ["-w", str(workspace), "report", "--json"]).stdout)
    kinds = {(p["repository"], p["kind"]) for p in report["problems"]}
    assert {("tangled", "history-failed"), ("frozen", "snapshots-failed")} <= kinds

    breakage()  # the same repositories, now mined and snapshotted without fault
    again = json.loads(_scan(workspace, "--json").stdout)
    assert {(f["repository"], f["stage"]) for f in again["failures"]} == {("empty", "inventory")}
    listed = json.loads(runner.invoke(app, ["-w", str(workspace), "repos", "--json"]).stdout)
    assert {r["name"]: [f["stage"] for f in r["failures"]] for r in listed["repositories"]} == {
        "empty": ["inventory"],
        "frozen": [],
        "good": [],
        "tangled": [],
    }


def test_the_cockpit_shows_failures(workspace: Path, breakage: object, database_url: str) -> None:
    assert _scan(workspace).exit_code == 0
    ws = Workspace.load(workspace)
    engine = open_read_only(database_url)
    try:
        cockpit: Cockpit = cockpit_builder(ws, engine)()
        row = find_repository(cockpit, "tangled")
        assert row is not None
        page = resolve(cockpit, "repositories/tangled/", {})
        assert page is not None
        assert [(f.stage, f.reason) for f in page.context.summary.failures] == [
            ("history", f"{row.path}: {HOSTILE}")
        ]
        listing = repositories_context(cockpit)
        assert {(r.name, f.stage) for r in listing.repositories for f in r.failures} == EXPECTED
        execution = next(lv for lv in home_context(cockpit).levels if lv.name == "Execution")
        problems = next(t for t in execution.tiles if t.title == "Repository problems")
        shown = {(i.label, i.value) for i in problems.items}
        assert {("tangled", "history-failed"), ("frozen", "snapshots-failed")} <= shown
        assert ("empty", "scan-failed") in shown
        html = TestClient(create_app(lambda: cockpit)).get("/repositories/tangled/").text
        assert "Failed: history" in html and "[bold]loud[/bold]" in html
        listing_html = TestClient(create_app(lambda: cockpit)).get("/repositories/").text
        assert "snapshots failed" in listing_html and "inventory failed" in listing_html
    finally:
        engine.dispose()


def test_a_reason_is_one_visible_line() -> None:
    from lodestar.cli.failures import terminal_text

    assert terminal_text("a\u202eb\x9bc\r\n\tz\u2028[red]x[/red]\x7f") == (
        "a\\u202eb\\x9bc z [red]x[/red]\\x7f"  # markup stays text: the console never parses it
    )
    assert terminal_text("é" * 10, limit=5) == "éééé…"


def test_risk_names_the_repositories_it_has_no_history_for(
    workspace: Path, breakage: object
) -> None:
    assert _scan(workspace).exit_code == 0
    result = runner.invoke(app, ["-w", str(workspace), "risk", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    reasons = {row["repository"]: row["reason"] for row in data["no_history"]}
    assert set(reasons) == {"tangled", "empty"}  # failed history; never scanned
    assert "\\x1b[2J" not in reasons["tangled"] and "\x1b[2J" in reasons["tangled"]
    assert "run 'lodestar scan'" in reasons["empty"]
    table = runner.invoke(app, ["-w", str(workspace), "risk"], env={"COLUMNS": "500"})
    assert "no history: tangled — " in table.stdout
    assert "\x1b" not in table.stdout and "\\x1b[2J" in table.stdout  # shown, inert
