"""Presentation helpers shared by the CLI commands: JSON, errors, numbers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from lodestar.errors import LodestarError

P = ParamSpec("P")
R = TypeVar("R")

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def _default(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, dt.date):  # dates and datetimes: ISO 8601
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(data: object) -> None:
    """Write ``data`` (dataclasses, enums and containers allowed) as JSON on stdout."""
    sys.stdout.write(json.dumps(data, default=_default, indent=2, ensure_ascii=False) + "\n")


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line on stderr and return the Exit to raise."""
    # escaped: messages quote files and values ("tags: [a, b]") that are not Rich markup
    err_console.print(f"[bold red]error:[/] {escape(message)}", markup=True, soft_wrap=True)
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


def human(n: int) -> str:
    """12345678 → '12.3M', 12345 → '12.3k'."""
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if abs(n) >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 repository``, ``3 repositories``, ``0 errors``."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
