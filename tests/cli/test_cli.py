"""The CLI end to end on fixture repositories: every command, --help, --json, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
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


def _all_commands(group: typer.Typer) -> list[list[str]]:
    import typer.main

    # through list_commands/get_command: the top-level group loads command modules lazily,
    # so its ``commands`` dict holds only what app.py defines itself
    click_group = typer.main.get_group(group)
    ctx = typer.Context(click_group)
    out: list[list[str]] = [[]]
    for name in click_group.list_commands(ctx):
        cmd = click_group.get_command(ctx, name)
        out.append([name])
        out.extend([name, sub] for sub in getattr(cmd, "commands", {}))
    return out


@pytest.mark.parametrize("command", _all_commands(app), ids=lambda c: " ".join(c) or "lodestar")
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    assert len(result.output.strip().splitlines()) > 3


def test_the_help_sweep_sees_every_command() -> None:
    from lodestar.cli.app import COMMAND_MODULES

    top = {c[0] for c in _all_commands(app) if len(c) == 1}
    assert top == {"init", *COMMAND_MODULES}
    assert ["decision", "supersede"] in _all_commands(app)


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


def test_missing_workspace_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    result = runner.invoke(app, ["repos"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "lodestar init" in lines[0]


def test_invalid_config_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "lodestar.toml").write_text('[scan]\nworkers = "lots"\n')
    result = runner.invoke(app, ["-w", str(tmp_path), "repos"])
    assert result.exit_code == 2
    assert "lodestar.toml:2: scan.workers:" in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("lodestar ")


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    import pkgutil

    import typer
    import typer.main

    import lodestar.cli
    from lodestar.cli.app import COMMAND_MODULES

    registered: dict[str, str] = {}
    for info in pkgutil.iter_modules(lodestar.cli.__path__):
        if not info.name.startswith("commands_"):
            continue
        module = __import__(f"lodestar.cli.{info.name}", fromlist=["register"])
        if not hasattr(module, "register"):
            continue
        holder = typer.Typer()
        module.register(holder)
        for name in typer.main.get_group(holder).commands:
            registered[name] = info.name
    assert registered == COMMAND_MODULES


def test_a_command_imports_only_its_own_module() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from lodestar.cli.app import app\n"
        "try:\n"
        "    app(['check', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('lodestar.cli.commands_')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded = out.strip().splitlines()[-1]
    assert "lodestar.cli.commands_check" in loaded
    for other in ("commands_strategy", "commands_risk", "commands_web", "commands_history"):
        assert f"lodestar.cli.{other}" not in loaded, loaded
