"""``lodestar scan``, ``repos`` and ``report`` end to end on fixture repositories: --json,
tables, failures and usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()

MIT = (
    "MIT License\n\nCopyright (c) 2024 Example\n\n"
    "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
    'of this software and associated documentation files (the "Software"), to deal\n'
    "in the Software without restriction, including without limitation the rights\n"
    "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
    "copies of the Software, and to permit persons to whom the Software is\n"
    "furnished to do so, subject to the following conditions:\n\n"
    "The above copyright notice and this permission notice shall be included in all\n"
    "copies or substantial portions of the Software.\n\n"
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n'
    "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
    "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
    "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
    "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
    "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
    "SOFTWARE.\n"
)


@pytest.fixture
def workspace(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LODESTAR_DATABASE_URL", database_url)
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    make_repo(
        tmp_path / "repos" / "api",
        {
            "LICENSE": MIT,
            "app/main.py": "import os\n\n# entry point\ndef main():\n    return os.name\n",
            "web/index.ts": "// UI\nexport const x = 1;\n",
            "package.json": '{"name": "api", "license": "MIT"}\n',
        },
    )
    make_repo(
        tmp_path / "repos" / "mirror.git",
        {"main.go": "package main\n\nfunc main() {}\n"},
        bare=True,
    )
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--name", "Acme", "-s", "../repos"])
    assert result.exit_code == 0, result.output
    return tmp_path / "ws"


def test_scan_repos_report(workspace: Path) -> None:
    result = runner.invoke(app, ["-w", str(workspace), "scan", "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["scanned"], data["failed"]) == (2, 0)
    assert {r["name"] for r in data["repositories"]} == {"api", "mirror"}

    again = json.loads(runner.invoke(app, ["-w", str(workspace), "scan", "--json"]).stdout)
    assert (again["scanned"], again["unchanged"]) == (0, 2)
    forced = json.loads(
        runner.invoke(app, ["-w", str(workspace), "scan", "--json", "--force"]).stdout
    )
    assert forced["scanned"] == 2

    repos = json.loads(runner.invoke(app, ["-w", str(workspace), "repos", "--json"]).stdout)
    by_name = {r["name"]: r for r in repos["repositories"]}
    assert by_name["api"]["licence"] == "MIT"
    assert dict(map(tuple, by_name["api"]["languages"]))["Python"] == 3
    assert by_name["mirror"]["bare"] is True
    assert by_name["mirror"]["licence"] is None

    report = json.loads(runner.invoke(app, ["-w", str(workspace), "report", "--json"]).stdout)
    assert report["organisation"] == "Acme"
    assert {p["repository"]: p["kind"] for p in report["problems"]} == {"mirror": "no-licence"}
    langs = {row["language"]: row["code"] for row in report["languages"]}
    assert langs["Go"] == 2 and langs["TypeScript"] == 1

    text = runner.invoke(app, ["-w", str(workspace), "report"])
    assert text.exit_code == 0
    assert "Languages by own code" in text.output and "no-licence" in text.output
    table = runner.invoke(app, ["-w", str(workspace), "repos"])
    assert "api" in table.output and "mirror (bare)" in table.output


def test_scan_explicit_path_and_ref(workspace: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "-w",
            str(workspace),
            "scan",
            str(tmp_path / "repos" / "api"),
            "--ref",
            "HEAD~0",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["scanned"] == 1


def test_broken_repository_is_a_warning_not_the_end(workspace: Path, tmp_path: Path) -> None:
    broken = tmp_path / "repos" / "empty"
    broken.mkdir()
    (broken / ".git").mkdir()  # a .git folder that is not a repository
    result = runner.invoke(app, ["-w", str(workspace), "scan", "--json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["scanned"], data["failed"]) == (2, 1)
    [failed] = [r for r in data["repositories"] if r["status"] == "failed"]
    assert failed["name"] == "empty" and str(broken) in failed["error"]
    report = json.loads(runner.invoke(app, ["-w", str(workspace), "report", "--json"]).stdout)
    assert any(p["kind"] == "scan-failed" for p in report["problems"])


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["scan", "/nonexistent/folder"], 2, "no such folder"),
        (["scan", "--workers", "-1"], 2, ""),
        (["frobnicate"], 2, ""),
    ],
)
def test_usage_errors_exit_2(workspace: Path, args: list[str], code: int, words: str) -> None:
    result = runner.invoke(app, ["-w", str(workspace), *args])
    assert result.exit_code == code
    assert words in result.output
