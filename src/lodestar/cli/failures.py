"""The table of repositories that failed a stage, and why: one line each, safe for a terminal.

``lodestar scan`` prints it for the failures of the run it just made; ``lodestar repos`` for
the failures the store remembers (a stage's failure stays until a later run of it succeeds).
Reasons quote git and repository content (paths, names, messages), so every cell goes through
:func:`terminal_text` before it reaches the terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rich.markup import escape
from rich.table import Table

from lodestar.cli.output import console

MAX_REASON = 400  # characters of a reason in the table; ``--json`` carries all of it
_BREAKS = {"Zl", "Zp"}  # line and paragraph separators


def terminal_text(text: str, limit: int | None = None) -> str:
    """``text`` on one line, for a Rich console: line breaks and tabs become one space, other
    control and format characters (ESC, BEL, backspace, bidi overrides) are shown as escapes
    (``\\x1b``, ``\\u202e``) and never interpreted, Rich markup is escaped; cut at ``limit``.

    LEAD: one sanitiser for every CLI path is being built in lodestar.cli.output (issue 9,
    point 4); switch this body to it when it lands (it must keep the one-line rule).
    """
    out: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r" or category in _BREAKS:
            if out and out[-1] != " ":
                out.append(" ")
        elif category in {"Cc", "Cf"}:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    line = "".join(out).strip()
    if limit is not None and len(line) > limit:
        line = line[: limit - 1] + "…"
    return escape(line)


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
        console.print(table)
    return count
