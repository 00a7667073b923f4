"""TOML parsing with positions: tomllib gives values only, so lines are found in the text.

Used by catalog files made of ``[[array]]`` tables: :func:`table_lines` gives the line of each
table header and :func:`key_line` the line of a key inside one table, so that a ConfigError can
point at the entry or the key it is about.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from lodestar.errors import ConfigError

__all__ = ["key_line", "load_toml", "table_lines"]

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_END = re.compile(r"\(at end of document\)")
_HEADER = re.compile(r"^\s*\[")


def load_toml(text: str, path: str) -> dict[str, Any]:
    """The parsed document; a syntax error becomes a ConfigError with line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _AT.search(message)
        line = int(found.group(1)) if found else None
        column = int(found.group(2)) if found else None
        if found is None and "end of document" in message:
            line = len(text.rstrip().splitlines()) or 1
        reason = _END.sub("", _AT.sub("", message)).strip()
        reason = f"invalid TOML: {reason[:1].lower()}{reason[1:]}" if reason else "invalid TOML"
        raise ConfigError(reason, path=path, line=line, column=column) from exc


def table_lines(text: str, name: str) -> list[int]:
    """1-based line numbers of the ``[[name]]`` headers, in order."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]\s*(?:#.*)?$")
    return [n for n, line in enumerate(text.splitlines(), 1) if header.match(line)]


def key_line(text: str, table_line: int | None, key: str) -> int | None:
    """The line of ``key = …`` in the table whose header is on ``table_line``, else that line."""
    if table_line is None:
        return None
    assign = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    lines = text.splitlines()
    for n in range(table_line, len(lines)):
        if _HEADER.match(lines[n]):
            break
        if assign.match(lines[n]):
            return n + 1
    return table_line
