"""The table of repositories that failed a stage, and why: one line each, safe for a terminal.

``lodestar scan`` prints it for the failures of the run it just made; ``lodestar repos`` for
the failures the store remembers (a stage's failure stays until a later run of it succeeds).
Reasons quote git and repository content (paths, names, messages), so every cell goes through
:func:`terminal_text` before it reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from lodestar.cli.output import console
from lodestar.cli.tables import print_table
from lodestar.render import terminal_safe

MAX_REASON = 400  # characters of a reason in the table; ``--json`` carries all of it


def terminal_text(text: str, limit: int | None = None) -> str:
    """``text`` on one line: runs of white space (line breaks and tabs included) become one
    space, every other control or format character is shown as an escape
    (:func:`~lodestar.render.terminal.terminal_safe`); cut at ``limit``. The console never
    reads markup in it."""
    line = terminal_safe(" ".join(text.split()))
    if limit is not None and len(line) > limit:
        line = line[: limit - 1] + "…"
    return line


def print_failures(rows: Iterable[tuple[str, str, str]], title: str) -> int:
    """Print (repository, stage, reason) rows as a table; returns how many there were."""
    table = Table(title=title, title_justify="left", title_style="bold red")
    table.add_column("repository", overflow="fold")
    table.add_column("stage")
    table.add_column("reason", overflow="fold")
    count = 0
    for repository, stage, reason in rows:
        table.add_row(terminal_text(repository), stage, terminal_text(reason, MAX_REASON))
        count += 1
    if count:
        print_table(console, table)
    return count
