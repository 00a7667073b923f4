"""``lodestar ip import`` end to end: a dry run by default, --write, --json, usage errors,
and an invalid register refused with its problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.settings import init_workspace

runner = CliRunner()
DOCKET = (
    "Family;Title;Country;Application number;Filed;Status;Deadline;Due date;Hard\n"
    "NWL-P-2025-001;Demand forecasting;EP;EP25158321.4;2025-03-12;Examination;"
    "Reply to communication under Rule 71(3) EPC;2026-10-23;yes\n"
    "NWL-P-2025-001;Demand forecasting;US;19/074,512;2025-03-12;Pending;"
    "Response to office action;2026-11-20;no\n"
    "NWL-P-2026-009;Broken row;US;19/1;2026-13-01;Pending;;;\n"
)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    root = tmp_path / "ws"
    init_workspace(root, name="Test", sources=[])
    (root / "docket.csv").write_text(DOCKET, "utf-8")
    return root


def run(ws: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_dry_run_lists_the_changes_and_writes_nothing(ws: Path) -> None:
    code, out, err = run(ws, "ip", "import", str(ws / "docket.csv"))
    assert code == 0, out + err
    assert "nwl-p-2025-001  new-family  Demand forecasting: EP EP25158321.4 pending" in out
    assert "3 rows read (1 left out), 1 changes, 1 families in ip/patents.yaml" in out
    assert "Nothing written (dry run): run again with --write" in out
    assert "docket.csv:4: row 3: Filed: '2026-13-01' is not a date (month must be in" in err
    assert not (ws / "ip" / "patents.yaml").exists()


def test_write_then_the_register_is_up_to_date_and_checkable(ws: Path) -> None:
    code, out, _ = run(ws, "ip", "import", str(ws / "docket.csv"), "--write")
    assert code == 0 and "Wrote ip/patents.yaml." in out
    code, out, _ = run(ws, "ip", "import", str(ws / "docket.csv"), "--write")
    assert code == 0 and "ip/patents.yaml is up to date with the docket." in out
    code, out, _ = run(ws, "validate")
    assert code == 0, out
    assert "0 invention disclosures, 1 patent family, 0 outbound projects" in " ".join(out.split())


def test_json_lists_changes_and_warnings(ws: Path) -> None:
    code, out, _ = run(ws, "ip", "import", str(ws / "docket.csv"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["written"] is False and data["rows"] == 3 and data["skipped"] == 1
    assert data["changes"][0]["kind"] == "new-family"
    assert data["warnings"][0]["line"] == 4


def test_usage_errors_are_one_line_and_exit_2(ws: Path) -> None:
    code, out, err = run(ws, "ip", "import", str(ws / "docket.csv"), "--format", "xlsx")
    assert code == 2 and "--format xlsx: unknown; use one of csv, phpip" in out + err
    code, out, err = run(ws, "ip", "import", str(ws / "missing.csv"))
    assert code == 2 and "missing.csv: no such file" in out + err
    code, out, err = run(ws, "ip", "import", str(ws / "docket.csv"), "-o", "../out.yaml")
    assert code == 2 and "inside the workspace" in out + err


def test_an_invalid_register_is_refused_with_its_position(ws: Path) -> None:
    (ws / "ip").mkdir()
    (ws / "ip" / "patents.yaml").write_text("families:\n  - id: x\n    titel: X\n", "utf-8")
    code, out, err = run(ws, "ip", "import", str(ws / "docket.csv"), "--write")
    assert code == 2
    assert "ip/patents.yaml:3:5: unknown key 'titel' (did you mean 'title'?)" in out + err
