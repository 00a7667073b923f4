"""``lodestar loc``: a cloc-style table of one repository at a revision, without a workspace."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()


def _repo(tmp_path: Path) -> Path:
    make_repo(
        tmp_path / "api",
        {
            "app/main.py": "import os\n\n# entry point\ndef main():\n    return os.name\n",
            "vendor/lib.js": "var a = 1;\n",
            "README.md": "# API\n\nText.\n",
        },
    )
    return tmp_path / "api"


def test_table_with_totals(tmp_path: Path) -> None:
    result = runner.invoke(app, ["loc", str(_repo(tmp_path))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    python = next(line for line in lines if "Python" in line)
    assert [cell.strip() for cell in python.split("│")[1:-1]] == ["Python", "1", "1", "1", "3"]
    total = next(line for line in lines if line.startswith("│ total"))
    assert [cell.strip() for cell in total.split("│")[1:-1]] == ["total", "3", "2", "1", "6"]


def test_json_and_kind_filter(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    everything = json.loads(runner.invoke(app, ["loc", str(repo), "--json"]).output)
    assert {row["language"] for row in everything["languages"]} == {
        "Python",
        "JavaScript",
        "Markdown",
    }
    assert everything["total"]["files"] == 3
    own = json.loads(runner.invoke(app, ["loc", str(repo), "--json", "--kind", "own"]).output)
    assert own["languages"] == [
        {"language": "Python", "files": 1, "blank": 1, "comment": 1, "code": 3}
    ]
    assert own["kinds"] == ["own"]
    assert len(own["commit"]) == 40


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    bad_kind = runner.invoke(app, ["loc", str(repo), "--kind", "mine"])
    assert bad_kind.exit_code == 2
    assert "expected one of own" in bad_kind.output
    missing = runner.invoke(app, ["loc", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    not_repo = runner.invoke(app, ["loc", str(tmp_path)])
    assert not_repo.exit_code != 0
    assert "not a git repository" in not_repo.output
