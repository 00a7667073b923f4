"""lodestar decision commands (new, supersede, show, import) end to end on a written workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.settings import init_workspace

from ..strategy.samples import DECISION, FILES

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


def test_decision_new_checks_governed_ids(ws: Path) -> None:
    code, out = run(ws, "decision", "new", "Use Postgres", "-g", "Postgres")
    assert code == 2
    assert "unknown technology id (did you mean 'postgresql'?)" in out
    assert not list((ws / "decisions").glob("ADR-*-use-postgres.md"))


def test_decision_new_supersede_show(ws: Path) -> None:
    code, out = run(
        ws,
        "decision",
        "new",
        "Use PostgreSQL 17",
        "-g",
        "postgresql",
        "--date",
        "2026-11-20",
        "--maker",
        "Dana Smith",
    )
    assert code == 0, out
    new_id = "ADR-20261120-use-postgresql-17"
    path = ws / "decisions" / f"{new_id}.md"
    assert path.is_file()
    assert run(ws, "validate")[0] == 0
    old_path = ws / "decisions" / "ADR-20250310-postgres-default.md"
    code, out = run(
        ws, "decision", "supersede", "ADR-20250310-postgres-default", new_id, "--accept"
    )
    assert code == 0, out
    assert "\nstatus: accepted\n" in path.read_text("utf-8")
    old_text = old_path.read_text("utf-8")
    assert old_text.startswith(
        "---\nid: ADR-20250310-postgres-default\nstatus: superseded\nlinks:\n"
        f"  superseded-by: [{new_id}]\ndate: 2025-03-10\n"
    )
    assert old_text.split("---\n", 2)[2] == DECISION.split("---\n", 2)[2]  # body untouched
    assert "evaluation:\n  criteria:\n    Operability: 3\n" in old_text
    assert "links:\n  supersedes: [ADR-20250310-postgres-default]\n" in path.read_text("utf-8")
    code, out = run(ws, "decision", "list", "--status", "superseded", "--json")
    (listed,) = json.loads(out)["decisions"]
    assert listed["links"] == [{"kind": "superseded-by", "target": new_id}]
    # a second supersession adds a successor rather than replacing it
    run(ws, "decision", "new", "Use a managed PostgreSQL", "--date", "2026-11-21")
    code, out = run(
        ws,
        "decision",
        "supersede",
        "ADR-20250310-postgres-default",
        "ADR-20261121-use-a-managed-postgresql",
    )
    assert code == 0, out
    assert (
        f"  superseded-by: [{new_id}, ADR-20261121-use-a-managed-postgresql]\n"
        in old_path.read_text("utf-8")
    )
    code, out = run(ws, "decision", "show", "ADR-20250310-postgres-default", "--json")
    data = json.loads(out)
    assert [r["option"] for r in data["ranking"]] == ["PostgreSQL", "MySQL", "MongoDB"]
    assert data["sensitivity"]["robust"] is True
    code, out = run(ws, "decision", "show", "ADR-20250310-postgres-default")
    assert "Sensitivity: robust" in out
    assert run(ws, "decision", "show", "ADR-20250310-postgres-defualt")[0] == 2


def test_decision_import(ws: Path) -> None:
    code, out = run(ws, "decision", "import", str(FIXTURES / "adr-tools"))
    assert code == 0, out
    assert "Imported 5 decisions" in out
    code, out = run(ws, "decision", "list", "--json")
    assert len(json.loads(out)["decisions"]) == 6
