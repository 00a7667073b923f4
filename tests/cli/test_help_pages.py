"""Every ``--help`` page: human value labels (PATH, N, DATE …), never Python types or reprs;
help text shown whole (no Rich markup swallowing ``[`` or ``\\``); one example each."""

from __future__ import annotations

import re

import pytest
from tests.cli.test_app import _all_commands
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()
COMMANDS = _all_commands(app)
# what Typer shows by default and a person cannot type: Python types, ranges, reprs
FORBIDDEN = re.compile(
    r"<bool>|<list\[|<int|<float|<str>|<path>|<dir>|<file>|<datetime>|range\]|\[x[<>]=|"
    r"PosixPath\(|<[A-Z]\w+\.\w+: |\bNoneType\b"
)


def _help(command: list[str]) -> str:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "lodestar")
def test_help_shows_human_value_labels(command: list[str]) -> None:
    page = _help(command)
    assert FORBIDDEN.findall(page) == []


@pytest.mark.parametrize("command", [c for c in COMMANDS if c], ids=" ".join)
def test_every_command_has_one_example_of_itself(command: list[str]) -> None:
    page = " ".join(_help(command).split())
    assert "Example" in page
    said = f"lodestar {' '.join(command)}"
    if command == ["vulns", "list"]:  # the group's default: ``lodestar vulns billing`` lists
        said = "lodestar vulns "
    assert said in page.partition("Example")[2]


def test_labels_read_as_what_to_type() -> None:
    page = _help(["history"])
    assert re.search(r"--months\s+N \(1-600\)", page)
    assert "[REPOSITORY]" in page  # the argument, by its name
    assert re.search(r"--json\s+Print JSON", page)  # a flag: no label
    check = _help(["check"])
    assert re.search(r"--repo\s+DIR\s", check) and re.search(r"--output\s+-o\s+FILE\s", check)
    assert re.search(r"--fail-on\s+error\|warning\|note\s", check)
    assert re.search(r"--ref\s+REV\s", check) and re.search(r"--as-of\s+YYYY-MM-DD\s", check)
    assert re.search(r"--top\s+-n\s+N \(>= 1\)", _help(["hotspots"]))
    assert re.search(r"--source\s+-s\s+SOURCE\s", _help(["init"]))


def test_help_text_is_never_read_as_markup() -> None:
    page = _help(["init"])
    # a default holding brackets and backslashes, shown whole, as written in lodestar.toml
    assert "history.bot_patterns (default ['\\[bot\\]', '^dependabot'," in page
    assert "[[sources.forges]] kind = 'github'" in page
