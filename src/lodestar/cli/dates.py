"""The reference date of a command: ``--as-of``, else the workspace's ``organisation.as_of``,
else today (UTC)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.errors import UsageError

if TYPE_CHECKING:
    from lodestar.settings import Workspace

# the --as-of option of every command that judges dates against the strategy
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Judge dates (end of life, reviews, expiries, schedules) as of this day "
        "(default: the workspace's organisation.as_of, else today).",
    ),
]


def as_of_date(text: str | None, workspace: Workspace | None = None) -> dt.date:
    """The day figures are computed for."""
    if text is not None:
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise UsageError(f"--as-of {text!r}: expected a date such as 2026-06-30") from exc
    if workspace is not None:
        return workspace.today()
    return dt.datetime.now(dt.UTC).date()


def as_of_moment(text: str | None, workspace: Workspace | None = None) -> dt.datetime:
    """The last second (UTC) of :func:`as_of_date`: commits made that day count."""
    return end_of_day(as_of_date(text, workspace))


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)
