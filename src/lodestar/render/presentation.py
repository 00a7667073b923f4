"""The presentation toolkit the CLI and the web share: records as JSON values, short numbers.

:func:`to_jsonable` is the one converter from records (frozen dataclasses, enums, dates, sets and
containers) to plain JSON values: ``lodestar … --json``, the cockpit's API and the static site
all write what it returns. :func:`human` is the one short form of a count (``12.3k``). Text from
repositories is made terminal-safe by :mod:`lodestar.render.terminal`, the one door for that.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

__all__ = ["human", "to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Dataclasses, enums, dates, sets and tuples as plain JSON values (dates ISO 8601, sets
    sorted, mapping keys as strings); any other value is returned as it is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):  # dates and datetimes
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        try:
            ordered = sorted(value)
        except TypeError:  # values without an order keep the set's own
            ordered = list(value)
        return [to_jsonable(v) for v in ordered]
    return value


def human(n: float) -> str:
    """12345678 → '12.3M', 12345 → '12.3k', 999 → '999'."""
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if abs(n) >= size:
            return f"{n / size:.1f}{unit}"
    return f"{n:g}"
