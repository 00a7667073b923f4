"""What the strategy commands (``validate``, ``radar …``, ``decision …``) show alike.

Problems of an invalid workspace (path:line:column, the line, a caret), Markdown bodies and
table cells from workspace files: all of it text from the workspace, made terminal-safe.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer
from rich.markdown import Markdown
from rich.text import Text

from lodestar.cli.output import err_console, plain
from lodestar.errors import StrategyError
from lodestar.render import terminal_safe

if TYPE_CHECKING:
    from rich.table import Table

    from lodestar.records import Matcher

P = ParamSpec("P")
R = TypeVar("R")


def print_problems(exc: StrategyError) -> None:
    """Every problem of an invalid workspace on stderr, then how many there were."""
    count = len(exc.problems)
    for problem in exc.problems:
        # path:line:column: message, then the offending line and a caret: each line escaped
        shown = "\n".join(terminal_safe(line) for line in problem.render().split("\n"))
        err_console.print(shown, soft_wrap=True)
    err_console.print(
        f"{count} problem{'s' if count != 1 else ''} in the workspace's strategy files",
        soft_wrap=True,
    )


def strategy_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print every problem of an invalid workspace (path:line:column, line, caret); exit 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except StrategyError as exc:
            print_problems(exc)
            raise typer.Exit(exc.exit_code) from exc

    return wrapper


def markdown(text: str) -> Markdown:
    """Markdown from the workspace for the terminal: control characters shown as escapes, and
    links written out with their target (no hidden terminal hyperlinks)."""
    return Markdown(terminal_safe(text, multiline=True), hyperlinks=False)


def table_row(table: Table, *cells: str | Text) -> None:
    """A table row: workspace strings are plain text, never Rich markup or terminal escapes."""
    table.add_row(*(cell if isinstance(cell, Text) else plain(cell) for cell in cells))


def matchers(matchers: tuple[Matcher, ...]) -> str:
    """A record's matchers on one line: ``postgresql >=16, pkg:npm/react``."""
    parts = []
    for m in matchers:
        subject = m.technology or m.purl or "?"
        parts.append(f"{subject} {m.versions}" if m.versions else subject)
    return ", ".join(parts)
