"""The ``lodestar`` app: every command has --help and is mapped to its module, loaded lazily;
workspace and version errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()


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
