"""Tables that never cut a word a person must read or type next.

Rich wraps a cell at spaces while its column is at least as wide as the cell's longest word;
narrower, it folds words or cuts them with an ellipsis. :func:`fit_words` gives every column
of a finished table a minimum width: the longest word of its cells for a column that wraps,
the whole cell for a column that must stay on one line (``no_wrap=True``: ids, names, licences,
hashes, dates, sparklines). The other columns then give way first when the terminal is narrow.
:func:`print_table` prints a table that cannot fit even so as one block per row (see there); a
word wider than the whole terminal is printed as one logical line (the terminal wraps it;
copying it gives it whole).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

__all__ = ["fit_words", "longest_word", "print_table", "wrap_hanging"]


def longest_word(cell: object) -> int:
    """The width of the widest space-separated word of a cell (0 for a non-text cell)."""
    text = cell.plain if isinstance(cell, Text) else cell if isinstance(cell, str) else ""
    return max((cell_len(word) for word in text.split()), default=0)


def _whole(cell: object) -> int:
    text = cell.plain if isinstance(cell, Text) else cell if isinstance(cell, str) else ""
    return max((cell_len(line) for line in text.splitlines()), default=0)


def fit_words(table: Table) -> Table:
    """``table`` with each column's ``min_width`` set so that no word is cut (see above)."""
    for column in table.columns:
        measure = _whole if column.no_wrap else longest_word
        widest = max((measure(cell) for cell in column.cells), default=0)
        header = longest_word(column.header)
        column.min_width = max(widest, header, column.min_width or 0)
    return table


def wrap_hanging(text: Text, width: int, *, lead: int, hang: int) -> list[Text]:
    """``text`` as lines of at most ``width`` cells: the first indented by ``lead`` spaces,
    the others by ``hang``; lines break at spaces only (a word wider than a whole line stands
    alone on its line)."""
    plain_text = text.plain
    lines: list[Text] = []
    start = 0
    indent = lead
    n = len(plain_text)
    while start < n:
        room = max(width - indent, 1)
        end, pos, used = start, start, 0
        while pos < n:
            space = plain_text.find(" ", pos)
            word_end = n if space < 0 else space
            word = cell_len(plain_text[pos:word_end])
            gap = 0 if end == start else cell_len(plain_text[end:pos])
            if end != start and used + gap + word > room:
                break
            used += gap + word
            end = word_end
            pos = word_end
            while pos < n and plain_text[pos] == " ":
                pos += 1
        line = text[start:end]
        line.rstrip()
        lines.append(Text(" " * indent) + line)
        start = pos
        indent = hang
    return lines


def _least_width(table: Table) -> int:
    """The narrowest ``table`` can be drawn with every column at its minimum width."""
    _, right, _, left = table.padding
    columns = len(table.columns)
    borders = columns + 1 if table.box and table.show_edge else columns - 1 if table.box else 0
    edges = 0 if table.pad_edge else left + right
    return sum(c.min_width or 0 for c in table.columns) + columns * (left + right) + borders - edges


def _set_widths(table: Table, width: int) -> None:
    """Give each column of a table that fits ``width`` only by wrapping a fixed width: its
    natural width, the widest wrapping columns narrowed first, never below ``min_width``. Rich's
    own collapse narrows the widest wrapping column without regard to ``min_width`` (a single
    long word in the widest column was cut while a narrower one could still wrap)."""
    natural = [
        max(
            column.min_width or 0,
            _whole(column.header),
            max((_whole(cell) for cell in column.cells), default=0),
        )
        for column in table.columns
    ]
    minimum = [column.min_width or 0 for column in table.columns]
    excess = _least_width(table) - sum(minimum) + sum(natural) - width
    if excess <= 0:
        return  # Rich draws it at its natural widths
    wrapping = [i for i, column in enumerate(table.columns) if not column.no_wrap]
    while excess > 0:
        room = [i for i in wrapping if natural[i] > minimum[i]]
        if not room:
            break
        widest = max(room, key=lambda i: natural[i])
        natural[widest] -= 1
        excess -= 1
    for column, chosen in zip(table.columns, natural, strict=True):
        column.width = chosen


def print_table(console: Console, table: Table) -> None:
    """Print ``table`` (see :func:`fit_words`) when it fits the console; on a terminal too
    narrow for it, print each row as a block instead: the one-line columns (ids, names, dates)
    on the first line, then one ``column: value`` line per other column, indented, wrapped at
    spaces."""
    fit_words(table)
    if _least_width(table) <= console.width:
        _set_widths(table, console.width)
        console.print(table)
        return
    if table.title:
        console.print(table.title, style="bold", overflow="fold")
    columns = table.columns
    rows = [list(column.cells) for column in columns]
    for index in range(table.row_count):
        head: list[Text] = []
        rest: list[Text] = []
        for column, cells in zip(columns, rows, strict=True):
            cell = cells[index]
            text = cell.copy() if isinstance(cell, Text) else Text(str(cell))
            if not text.plain.strip():
                continue
            header = column.header if isinstance(column.header, str) else ""
            if column.no_wrap:
                if column.justify == "right" and header:  # a bare number needs its name
                    text = Text(f"{header} ", "dim") + text
                head.append(text)
            else:
                rest.append(Text(f"{header}: " if header else "", "dim") + text)
        for line in _pack(head, console.width, hang=4):
            console.print(line, soft_wrap=True)
        for text in rest:
            for part in text.split("\n"):
                for line in wrap_hanging(part, console.width, lead=4, hang=6):
                    console.print(line, soft_wrap=True)


def _pack(cells: list[Text], width: int, *, hang: int) -> list[Text]:
    """One-line cells side by side (two spaces apart) on as few lines as fit ``width``; a cell
    is never broken (a sparkline's gaps are not places to wrap)."""
    lines: list[Text] = []
    line = Text()
    for cell in cells:
        indent = hang if lines else 0
        if line.plain and indent + cell_len(line.plain) + 2 + cell_len(cell.plain) > width:
            lines.append(line)
            line = Text(" " * hang)
        elif line.plain:
            line.append("  ")
        line.append_text(cell)
    if line.plain.strip():
        lines.append(line)
    return lines
