"""The fast top-level help (lodestar.cli.quick_help) draws exactly what Typer draws.

``lodestar --help`` is drawn from a table of the commands' summaries, without Typer or the
command modules; these tests hold that table to the real commands and the page to Typer's own
page, byte for byte, plain and coloured, at several widths, for both program names.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

from lodestar.cli import quick_help
from lodestar.cli.app import COMMAND_MODULES, app

SRC = str(Path(__file__).resolve().parents[2] / "src")


def current_summaries() -> dict[str, str]:
    """Each command's first help paragraph, as Typer's Rich help reads it (in --help order)."""
    group = typer.main.get_group(app)
    ctx = typer.Context(group)
    out: dict[str, str] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None and not command.hidden and not command.deprecated
        assert not getattr(command, "rich_help_panel", None), f"{name}: a help panel of its own"
        first = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
        if first.startswith("\b"):
            first = first.replace("\b\n", "")
        assert "\033[" not in first, f"{name}: ANSI codes in its help"
        out[name] = first.strip()
    return out


def test_the_summaries_are_the_commands_first_help_paragraphs() -> None:
    current = current_summaries()
    assert current == quick_help.SUMMARIES, (
        "lodestar.cli.quick_help.SUMMARIES is stale; replace it with:\n"
        f"SUMMARIES: dict[str, str] = {current!r}"
    )
    assert list(current) == ["init", *COMMAND_MODULES]


def test_the_top_level_options_and_help_are_typers() -> None:
    group = typer.main.get_group(app)
    ctx = group.make_context("lodestar", [], resilient_parsing=True)
    assert group.help == quick_help.APP_HELP
    rows = [
        (
            next((o for o in p.opts if o.startswith("--")), ""),
            next((o for o in p.opts if not o.startswith("--")), ""),
            p.display_type_rich(ctx),
            p.help,
        )
        for p in group.get_params(ctx)
    ]
    assert tuple(rows) == quick_help.OPTIONS


def _page(entry: str, args: list[str], env: dict[str, str], *, module: bool) -> tuple[str, int]:
    """What ``entry`` (lodestar.cli or lodestar.cli.app) prints for ``args``, and its exit code;
    ``module``: as ``python -m lodestar`` runs it, else as the ``lodestar`` script."""
    argv0 = str(Path(SRC) / "lodestar" / "__main__.py") if module else "/usr/bin/lodestar"
    probe = (
        "import sys\n"
        f"sys.modules['__main__'].__package__ = {'lodestar' if module else None!r}\n"
        f"sys.argv = [{argv0!r}, *{args!r}]\n"
        f"from {entry} import main\n"
        "main()\n"
    )
    keep = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "NO_COLOR"}}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**keep, "PYTHONPATH": SRC, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + "\n--stderr--\n" + done.stderr, done.returncode


# (arguments, environment, run as python -m): plain and coloured, widths around Click's usage
# wrap (52 columns fit "python -m lodestar", 50 would not) and Rich's table layout.
CASES = [
    (["--help"], {"COLUMNS": "100"}, False),
    (["--help"], {"COLUMNS": "100"}, True),
    (["-h"], {"COLUMNS": "52"}, True),
    (["-h"], {"COLUMNS": "50"}, True),
    (["--help"], {"COLUMNS": "60", "FORCE_COLOR": "1"}, False),
    (["--help"], {"COLUMNS": "200", "FORCE_COLOR": "1"}, True),
    (["-h"], {"COLUMNS": "120", "FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (["--help"], {"COLUMNS": "90", "TERMINAL_WIDTH": "70"}, False),
    ([], {"COLUMNS": "80"}, False),
    ([], {"COLUMNS": "150", "FORCE_COLOR": "1"}, True),
]


@pytest.mark.parametrize(
    ("args", "env", "module"),
    CASES,
    ids=[
        " ".join([*a, *(f"{k}={v}" for k, v in e.items()), "-m" if m else ""]) for a, e, m in CASES
    ],
)
def test_the_fast_page_is_typers_page(args: list[str], env: dict[str, str], module: bool) -> None:
    fast = _page("lodestar.cli", args, env, module=module)
    typer_page = _page("lodestar.cli.app", args, env, module=module)
    assert fast == typer_page
    assert typer_page[1] == (0 if args else 2)
    assert "Usage:" in fast[0] and "loc" in fast[0]


def test_the_fast_page_imports_neither_typer_nor_the_commands() -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['lodestar', '--help']\n"
        "from lodestar.cli import main\n"
        "main()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'typer', 'pydantic', 'click'}"
        " or m.startswith('lodestar.cli.commands_') or m == 'lodestar.settings'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": SRC, "COLUMNS": "100"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_command_missing_from_the_table_leaves_the_page_to_typer() -> None:
    assert not quick_help.show(["--help"], ["init", *COMMAND_MODULES, "newcommand"])


@pytest.mark.parametrize(
    "text",
    [
        "Create a workspace: lodestar.toml and the strategy folders.",
        "Deploy :rocket: now",
        "a:b: c",
        "time 10:30: ok",
        ":smile:-emoji and :nope:",
        "no colon at all",
    ],
)
def test_emoji_codes_are_replaced_as_typer_replaces_them(text: str) -> None:
    """The fast page skips Rich's emoji table where no ``:code:`` can match (see rich_text)."""
    import re

    from rich.text import Text

    typer_text = Text.from_markup(text, style="")
    fast_text = Text.from_markup(text, style="", emoji=re.search(r":\S*?:", text) is not None)
    assert fast_text == typer_text
