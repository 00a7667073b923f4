"""A mistyped command gets Click's suggestion at the top level too (the lazy command group
suggests among every command, not only those it defines itself), exit 2, through the console
entry (its fast paths first) as through the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()
TYPOS = {
    "chek": "check",
    "sacn": "scan",
    "raadr": "radar",
    "decison": "decision",
    "serv": "serve",
    "hotspot": "hotspots",
    "owner": "owners",
}
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(("typo", "meant"), sorted(TYPOS.items()))
def test_top_level_typo_suggests_the_command(typo: str, meant: str) -> None:
    result = runner.invoke(app, [typo])
    assert result.exit_code == 2
    assert f"No such command '{typo}'. Did you mean '{meant}'" in " ".join(result.output.split())


def test_nothing_close_gets_no_suggestion() -> None:
    result = runner.invoke(app, ["xyzzy"])
    assert result.exit_code == 2
    assert "No such command 'xyzzy'." in result.output and "Did you mean" not in result.output


def test_subcommand_typos_still_suggest() -> None:
    result = runner.invoke(app, ["radar", "lst"])
    assert result.exit_code == 2 and "Did you mean 'list'?" in result.output


@pytest.mark.parametrize("args", [["chek"], ["chek", "--help"], ["-w", ".", "chek"]])
def test_the_console_entry_suggests_too(args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-m", "lodestar", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert "No such command 'chek'. Did you mean 'check'?" in done.stderr
