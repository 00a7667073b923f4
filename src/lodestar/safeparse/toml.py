"""Budgeted TOML with positions: tomllib gives values only, so errors and lines come from here.

Used by the workspace settings (``lodestar.settings``), the catalog files (``catalog/languages``,
and those made of ``[[array]]`` tables: ``catalog/technology_files``, ``catalog/technologies``),
the people file (``scan/people_file``), all through :func:`load_config_toml`, and the scanner's
TOML manifests (pyproject.toml, Cargo.toml, lock files, Gradle version catalogs).

:func:`load_toml` turns every failure into a :class:`~lodestar.errors.ManifestError` with the
path, line and column (tomllib's "at line …, column …" becomes the position, "at end of
document" the last line): bad syntax, bytes that are not UTF-8, nesting deeper than the
interpreter recurses, integers longer than Python converts, and — before parsing — more
separators than ``max_separators`` (the pure-Python tomllib takes seconds on a few million
``a = [1,1,1,…]``). :func:`table_lines` and :func:`key_line` find where a table or a key is.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from lodestar.errors import ConfigError, ManifestError
from lodestar.safeparse.text import decode_text

__all__ = ["key_line", "load_config_toml", "load_toml", "read_config_toml", "table_lines"]

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_END = re.compile(r"\(at end of document\)")
_HEADER = re.compile(r"^\s*\[")


def load_toml(
    path: str, source: str | bytes, *, max_separators: int | None = None
) -> dict[str, Any]:
    """The TOML document ``source`` holds (bytes are decoded as UTF-8); ManifestError if not."""
    if max_separators is not None and _separators(source) > max_separators:
        raise ManifestError(f"more than {max_separators:,} TOML separators: refused", path=path)
    text = decode_text(path, source) if isinstance(source, bytes) else source
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _AT.search(message)
        line = int(found.group(1)) if found else None
        column = int(found.group(2)) if found else None
        if found is None and _END.search(message):
            line = len(text.rstrip().splitlines()) or 1
        reason = _END.sub("", _AT.sub("", message)).strip()
        reason = f"invalid TOML: {reason}" if reason else "invalid TOML"
        raise ManifestError(reason, path=path, line=line, column=column) from None
    except RecursionError:
        raise ManifestError("TOML nested too deeply", path=path) from None
    except ValueError as exc:  # an integer longer than Python converts
        raise ManifestError(f"invalid TOML: {exc}", path=path) from None


def load_config_toml(path: str, source: str | bytes) -> dict[str, Any]:
    """:func:`load_toml` of a file the workspace's people edit (settings, catalog additions,
    the people file): its failures are ConfigErrors (exit code 2), with line and column."""
    try:
        return load_toml(path, source)
    except ManifestError as exc:
        raise ConfigError(exc.reason, path=path, line=exc.line, column=exc.column) from None


MAX_CONFIG_BYTES = 1 << 20  # a settings file is a few kB: larger is refused before it is read


def read_config_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of the settings file at ``path`` and its :func:`load_config_toml` document;
    ConfigError when it is over MAX_CONFIG_BYTES (not read) or invalid."""
    size = path.stat().st_size
    if size > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{size:,} bytes, over the {MAX_CONFIG_BYTES:,} a settings file may hold: "
            "refused; keep only the settings in it",
            path=str(path),
        )
    text = path.read_text("utf-8", "replace")
    return text, load_config_toml(str(path), text)


def _separators(source: str | bytes) -> int:
    if isinstance(source, bytes):
        return source.count(b",") + source.count(b"=") + source.count(b"\n")
    return source.count(",") + source.count("=") + source.count("\n")


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
