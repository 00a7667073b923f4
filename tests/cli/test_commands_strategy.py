"""lodestar validate and radar commands end to end on a written workspace."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.demo.factory import Author, Commit, build_repository
from lodestar.settings import init_workspace

from ..strategy.samples import DECISION, FILES, RADAR_PYTHON

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "strategy" / "fixtures"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    root = tmp_path / "ws"
    init_workspace(root, name="Test", sources=[])
    for rel, text in FILES.items():
        (root / rel).write_text(text, "utf-8")
    return root


def run(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.output


def test_validate_ok_and_json(ws: Path) -> None:
    code, out = run(ws, "validate")
    assert code == 0
    assert "valid: 2 radar entries, 1 decision, 1 policy exception, 1 dependency rule" in out
    code, out = run(ws, "validate", "--json")
    assert code == 0
    assert json.loads(out)["counts"]["campaigns"] == 1


def test_validate_reports_every_problem_with_caret(ws: Path) -> None:
    (ws / "radar" / "python.md").write_text(RADAR_PYTHON.replace("ring: Adopt", "ring: Adpot"))
    (ws / "policies" / "x.yaml").write_text("eol:\n  warn_days: 3\n")
    code, out = run(ws, "validate")
    assert code == 1
    lines = out.splitlines()
    i = lines.index(
        "radar/python.md:4:7: ring: unknown ring 'Adpot' (did you mean 'Adopt'?); "
        "the radar's rings are: Adopt, Trial, Assess, Hold"
    )
    assert lines[i + 1 : i + 3] == ["    ring: Adpot", "          ^"]
    assert any(
        line.startswith("policies/x.yaml:2:3: unknown key 'warn_days' (did you mean 'warn-days'?)")
        for line in lines
    )
    assert lines[-1] == "2 problems in the workspace's strategy files"
    code, out = run(ws, "validate", "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert {(p["path"], p["line"], p["column"]) for p in problems} >= {
        ("radar/python.md", 4, 7),
        ("policies/x.yaml", 2, 3),
    }


def test_commands_refuse_an_invalid_workspace(ws: Path) -> None:
    (ws / "radar" / "python.md").write_text(RADAR_PYTHON.replace("title:", "titel:"))
    code, out = run(ws, "radar", "list")
    assert code == 2
    assert "radar/python.md:2:1: unknown key 'titel'" in out


def test_validate_needs_a_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2


def test_radar_list_and_show(ws: Path) -> None:
    code, out = run(ws, "radar", "list", "--ring", "hold", "--json")
    assert code == 0
    data = json.loads(out)
    assert [e["id"] for e in data["entries"]] == ["python-lt-3-10"]
    assert data["entries"][0]["matchers"] == [
        {"technology": "python", "purl": None, "versions": "<3.10"}
    ]
    code, out = run(ws, "radar", "show", "python")
    assert code == 0 and "Python 3.12+" in out and "python >=3.12" in out
    code, out = run(ws, "radar", "show", "nope")
    assert code == 2


def test_radar_import_export(ws: Path, tmp_path: Path) -> None:
    code, out = run(ws, "radar", "import", str(FIXTURES / "byor" / "radar.csv"))
    assert code == 0, out
    assert "Imported 8 radar entries" in out
    code, out = run(ws, "radar", "import", str(FIXTURES / "byor" / "radar.csv"))
    assert "8 already existed" in out
    code, out = run(ws, "radar", "import", str(FIXTURES / "aoe"), "--json")
    assert json.loads(out)["format"] == "aoe"
    assert run(ws, "validate")[0] == 0
    code, out = run(ws, "radar", "export", "--format", "byor-json")
    assert code == 0
    assert len(json.loads(out)) == 2 + 8 + 3  # jenkins exists already
    code, out = run(
        ws,
        "radar",
        "export",
        "--format",
        "aoe",
        "-o",
        str(tmp_path / "aoe"),
        "--edition",
        "2026-12-01",
    )
    assert code == 0
    assert (tmp_path / "aoe" / "radar" / "2026-12-01" / "kotlin.md").is_file()
    assert run(ws, "radar", "import", str(tmp_path / "nope.txt"))[0] == 2


def test_radar_history_from_workspace_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    cto = Author("Dana Smith", "dana@example.com")
    hold = RADAR_PYTHON.replace("ring: Adopt", "ring: Trial")
    build_repository(
        tmp_path / "ws",
        [
            Commit(
                cto,
                datetime(2025, 1, 10, tzinfo=UTC),
                "radar",
                {"radar/python.md": hold, "decisions/ADR-20250310-postgres-default.md": DECISION},
                tag="v1",
            ),
            Commit(
                cto,
                datetime(2025, 6, 10, tzinfo=UTC),
                "radar",
                {"radar/python.md": RADAR_PYTHON},
                tag="v2",
            ),
        ],
    )
    (tmp_path / "ws" / "lodestar.toml").write_text("", "utf-8")
    code, out = run(tmp_path / "ws", "radar", "history", "--json")
    assert code == 0, out
    moves = json.loads(out)["moves"]
    assert [(m["edition"], m["kind"], m["ring"]) for m in moves] == [
        ("v1", "new", "Trial"),
        ("v2", "moved-in", "Adopt"),
    ]
    code, out = run(tmp_path / "ws", "radar", "history")
    assert "Trial → Adopt" in out
    code, out = run(tmp_path / "ws", "radar", "list", "--json")
    (entry,) = json.loads(out)["entries"]
    assert entry["last_move"]["kind"] == "moved-in"
    assert entry["last_move"]["date"] == "2025-06-10"
    out_dir = tmp_path / "aoe"
    code, out = run(
        tmp_path / "ws", "radar", "export", "--format", "aoe", "-o", str(out_dir), "--all-editions"
    )
    assert code == 0, out
    assert "ring: trial" in (out_dir / "radar" / "v1" / "python.md").read_text("utf-8")
    assert "ring: adopt" in (out_dir / "radar" / "v2" / "python.md").read_text("utf-8")


def test_workspace_text_is_never_rich_markup(ws: Path) -> None:
    hostile = RADAR_PYTHON.replace("title: Python 3.12+", 'title: "[/][link=file:///etc]x[/link]"')
    (ws / "radar" / "python.md").write_text(hostile, "utf-8")
    decision = DECISION.replace("    MySQL:", "    '[/]MySQL':").replace(
        "Teams pick databases ad hoc.", "Teams pick \x1b]0;pwned\x07\x1b[2Jdatabases ad hoc."
    )
    (ws / "decisions" / "ADR-20250310-postgres-default.md").write_text(decision, "utf-8")
    old = (ws / "radar" / "python-lt-3-10.md").read_text("utf-8")
    (ws / "radar" / "python-lt-3-10.md").write_text(
        old.replace("title: Python before 3.10", 'title: "[/]x"'), "utf-8"
    )
    code, out = run(ws, "radar", "list")  # a closing tag with nothing open breaks Rich markup
    assert code == 0, out
    # a table cell, or (on a narrow terminal) the row's title line
    assert " [/]x " in out or "    title: [/]x\n" in out
    code, out = run(ws, "radar", "show", "python")
    assert code == 0 and "[/][link=file:///etc]x[/link]" in out
    code, out = run(ws, "decision", "show", "ADR-20250310-postgres-default")
    assert code == 0, out
    assert "[/]MySQL" in out
    assert "Teams pick \\x1b]0;pwned\\x07\\x1b[2Jdatabases" in out and "\x1b" not in out


def test_aoe_export_all_editions_needs_history(ws: Path, tmp_path: Path) -> None:
    code, out = run(
        ws, "radar", "export", "--format", "aoe", "-o", str(tmp_path / "x"), "--all-editions"
    )
    assert code == 2
    assert "needs the workspace's git history" in out


def test_radar_export_backstage_and_byor_status_from_the_demo_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lodestar.demo.strategy_workspace import build_demo_workspace

    from ..strategy.test_radar_backstage import plugin_errors

    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    root = tmp_path / "northwind"
    init_workspace(root, name="Northwind", sources=[])
    build_demo_workspace(root)
    code, out = run(
        root, "radar", "export", "--format", "backstage", "--cockpit-url", "https://cto.example"
    )
    assert code == 0, out
    data = json.loads(out)
    assert plugin_errors(data) == []
    java = next(e for e in data["entries"] if e["id"] == "java")
    assert [(t["moved"], t["ringId"]) for t in java["timeline"]] == [(-1, "hold"), (0, "adopt")]
    assert java["links"][0]["url"] == "https://cto.example/radar/java/"
    target = tmp_path / "radar.json"
    code, out = run(root, "radar", "export", "--format", "backstage", "-o", str(target))
    assert code == 0 and json.loads(target.read_text("utf-8"))["entries"]
    code, out = run(root, "radar", "export", "--format", "byor-csv")
    assert code == 0
    statuses = {row["name"]: row["status"] for row in csv.DictReader(io.StringIO(out))}
    assert statuses["uv"] == "New"  # new in the 2026-10 edition
    assert statuses["An SBOM for every release"] == "Moved In"
    assert statuses["Java for new services"] == "No Change"  # it moved in 2026-02
    code, out = run(root, "radar", "export", "--format", "backstage", "--cockpit-url", "file:/x")
    assert code == 2 and "not an http(s) URL" in out
    code, out = run(root, "radar", "export", "--format", "zalando")
    assert code == 2 and "byor-csv, byor-json, backstage, aoe" in out
