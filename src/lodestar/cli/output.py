"""Presentation helpers shared by the CLI commands: consoles, JSON, errors, counts.

Everything the CLI prints may carry text from repositories or workspace files (names, commit
subjects, paths, tags, titles, messages), so the consoles here are built for data: they never
read Rich markup or emoji codes in a string (``[bold]`` in a commit subject stays text), and
every control, format or bidi character reaches the terminal as a visible escape
(:func:`lodestar.render.terminal.terminal_safe`), never as itself. Styling is given as
``style=`` or as :class:`rich.text.Text` built with :func:`plain` and :func:`styled`, never as
markup around data. JSON is :func:`~lodestar.render.presentation.to_jsonable` of the records,
through :func:`~lodestar.render.terminal.json_safe`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from lodestar.cli.json_output import json_document as json_document  # noqa: PLC0414  (its old home)
from lodestar.cli.json_output import print_json as print_json  # noqa: PLC0414
from lodestar.errors import LodestarError
from lodestar.render import json_safe, terminal_safe

if TYPE_CHECKING:
    from collections.abc import Iterable

    import typer
    from rich.console import (
        ConsoleOptions,
        HighlighterType,
        JustifyMethod,
        OverflowMethod,
        RenderableType,
    )
    from rich.style import Style

P = ParamSpec("P")
R = TypeVar("R")


class SafeConsole(Console):
    """A Rich console for text from repositories: no markup, no emoji codes, no highlighting,
    and nothing it writes can be a terminal control sequence except its own styling."""

    def __init__(self, **options: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **options)
        # Rich freezes $COLUMNS / $LINES at construction; these consoles live for the whole
        # process (and a test runner's), so the size is read each time it is needed instead.
        if options.get("width") is None:
            self._width = None
        if options.get("height") is None:
            self._height = None

    def render_str(
        self,
        text: str,
        *,
        style: str | Style = "",
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        emoji: bool | None = None,  # ignored: a string is data, never emoji codes
        markup: bool | None = None,  # ignored: a string is data, never markup
        highlight: bool | None = None,  # ignored: no guessing at numbers or URLs
        highlighter: HighlighterType | None = None,
    ) -> Text:
        """Every string (printed, a table cell, a title) as plain text, escapes made visible."""
        return super().render_str(
            terminal_safe(text, multiline=True),
            style=style,
            justify=justify,
            overflow=overflow,
            emoji=False,
            markup=False,
            highlight=False,
            highlighter=highlighter,
        )

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """The last line of defence: text segments built elsewhere (Markdown, progress
        columns, a Text made from raw data) are escaped too; Rich's own control segments
        (cursor moves, styles) pass."""
        for segment in super().render(renderable, options):
            text = segment.text
            if segment.control or text == "\n" or text.isprintable():
                yield segment
            else:
                yield Segment(terminal_safe(text, multiline=True), segment.style)


console = SafeConsole()
err_console = SafeConsole(stderr=True)


def plain(text: str, style: str = "") -> Text:
    """Text from a repository or workspace file (a name, path, subject, title) as one line of
    Rich text: control characters shown as escapes, never read as markup."""
    return Text(terminal_safe(text), style=style)


def styled(*parts: str | Text | tuple[str, str]) -> Text:
    """One line assembled from parts: a string is data (see :func:`plain`), a ``(text, style)``
    pair is data in that style, and a :class:`Text` is kept as built."""
    out = Text()
    for part in parts:
        if isinstance(part, Text):
            out.append_text(part)
        elif isinstance(part, tuple):
            out.append(terminal_safe(part[0]), style=part[1])
        else:
            out.append(terminal_safe(part))
    return out


def safe_document(text: str, *, is_json: bool = False) -> str:
    """A document Lodestar renders (Markdown, CSV, JSON), terminal-safe and ending in a line
    break: JSON keeps its values (escapes inside strings), other text keeps line breaks and
    tabs and shows every other control or format character as an escape."""
    text = json_safe(text) if is_json else terminal_safe(text, multiline=True)
    return text if text.endswith("\n") else text + "\n"


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line on stderr and return the Exit to raise.

    Messages quote paths, names and values from repositories and workspace files: one line,
    every control character shown as an escape, nothing read as markup (``tags: [a, b]``).
    """
    import typer  # here: commands that never fail need not load it (lodestar loc's fast path)

    err_console.print(styled(("error:", "bold red"), " ", plain(message)), soft_wrap=True)
    return typer.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn Lodestar's own errors into one clear line and the right exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except LodestarError as exc:
            raise fail(str(exc), exc.exit_code) from exc

    return wrapper


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 repository``, ``3 repositories``, ``0 errors``."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
