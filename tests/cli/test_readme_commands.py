"""README's command table and ``lodestar --help`` list the same commands, and subcommands."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from typer.core import TyperGroup

from lodestar.cli.app import COMMAND_MODULES, app

README = Path(__file__).resolve().parents[2] / "README.md"
# the first cell of a row: "`lodestar radar import SOURCE …` / `radar export …`"
_CELL = re.compile(r"^\| ((?:[^|\\]|\\.)*)\|")
_NAMES = re.compile(r"`(?:lodestar )?([a-z-]+)(?: ([a-z-]+))?")


def _table() -> set[tuple[str, ...]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Commands", 1)[1].split("\n### ", 1)[0]
    named: set[tuple[str, ...]] = set()
    for line in section.splitlines():
        cell = _CELL.match(line)
        if cell is None or not cell.group(1).startswith("`lodestar "):
            continue
        for first, second in _NAMES.findall(cell.group(1)):
            named.add((first,))
            if second:
                named.add((first, second))
    return named


def _commands() -> set[tuple[str, ...]]:
    group = typer.main.get_group(app)
    assert isinstance(group, TyperGroup)
    ctx = typer.Context(group)
    found: set[tuple[str, ...]] = set()
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        found.add((name,))
        if isinstance(command, TyperGroup):
            found |= {(name, sub) for sub in command.list_commands(ctx)}
    return found


def test_every_command_has_a_row_in_the_readme() -> None:
    table = _table()
    missing = sorted(" ".join(c) for c in _commands() if c not in table)
    assert missing == []


def test_every_row_of_the_readme_is_a_command() -> None:
    commands = _commands()
    unknown = sorted(" ".join(c) for c in _table() if c[0] != "init" and c not in commands)
    # a row's second word is a command only for groups ("radar list"), else an argument
    groups = {c[0] for c in commands if len(c) == 2}
    assert [u for u in unknown if len(u.split()) == 1 or u.split()[0] in groups] == []
    assert {c[0] for c in _table()} >= {"init", *COMMAND_MODULES}


def _leading() -> set[tuple[str, ...]]:
    """The commands that lead a row, or an alternative of a row (`` / `radar show ID` ``):
    mentioned in passing does not count."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Commands", 1)[1].split("\n### ", 1)[0]
    led: set[tuple[str, ...]] = set()
    for line in section.splitlines():
        cell = _CELL.match(line)
        if cell is None or not cell.group(1).startswith("`lodestar "):
            continue
        for part in cell.group(1).split(" / "):
            found = _NAMES.match(part.strip())
            if found:
                led.add((found.group(1),))
                if found.group(2):
                    led.add((found.group(1), found.group(2)))
    return led


def test_every_command_leads_a_row_of_its_own() -> None:
    """A command named only inside another command's row (``see `lodestar sbom` ``) has no
    row: the table must show how to call it."""
    commands = _commands()
    groups = {c[0] for c in commands if len(c) == 2}
    wanted = {c for c in commands if len(c) == 1 and c[0] not in groups} | {
        c for c in commands if len(c) == 2
    }
    assert sorted(" ".join(c) for c in wanted - _leading()) == []
