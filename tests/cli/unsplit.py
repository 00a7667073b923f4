"""Shared by the terminal-width tests: the words of a page drawn narrow must be the words of
the same page drawn wide (where nothing wraps): a word cut or folded at a line end leaves a
fragment ("ADR-202505", "actions-fo", "r-ci") that the wide page never shows."""

from __future__ import annotations

import io
import os
from contextlib import contextmanager
from typing import TYPE_CHECKING

from lodestar.cli.output import SafeConsole

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

_BOX = str.maketrans(dict.fromkeys("│┃━─┏┓┗┛┡┩╇╈┳┻┼├┤└┘┌┐╭╮╰╯═║╔╗╚╝", " "))


def words(page: str) -> list[str]:
    """The page's words, box drawing left out, a trailing colon (``title:`` in a stacked row)
    not part of the word."""
    return [w.removesuffix(":") for w in page.translate(_BOX).split()]


def split_words(narrow: str, wide: str) -> list[str]:
    """The words of ``narrow`` that ``wide`` does not have: fragments of split words."""
    known = set(words(wide))
    return sorted({w for w in words(narrow) if w not in known})


def drawn(draw: Callable[[SafeConsole], None], width: int) -> str:
    """What ``draw`` prints on a console ``width`` columns wide."""
    out = io.StringIO()
    draw(SafeConsole(file=out, width=width, color_system=None))
    return out.getvalue()


@contextmanager
def columns(width: int) -> Iterator[None]:
    """$COLUMNS set to ``width`` (the CLI's consoles read it each time they draw)."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
