"""Text from repositories and workspace files, made safe for a terminal: the one door.

Author names, commit subjects, paths, tag names, manifest values and strategy titles are
hostile input. Printed raw, ``ESC [ 2 J`` clears the screen, ``OSC 52`` writes the clipboard,
``OSC 8`` hides a link behind innocent text, ``CR`` and backspace overwrite what was printed,
and bidirectional overrides (``U+202E``) reorder what the reader sees.

:func:`terminal_safe` shows every such character visibly, the way Python's ``repr`` does
(``\\x1b``, ``\\x9b``, ``\\u202e``, ``\\r``), so an escape sequence becomes harmless text that still
tells the reader something odd is there. Unsafe means: every C0 and C1 control character and
DEL, every invisible format character (Unicode category Cf: bidi embeddings, overrides,
isolates and marks, zero-width space, soft hyphen, byte-order mark …; the zero-width
(non-)joiners that Persian, Indic scripts and emoji need are kept), the line and paragraph
separators, and lone surrogates (undecodable bytes of a path). ``multiline=True`` keeps line
feeds and tabs (Markdown bodies, multi-line messages); a CR is shown as ``\\r`` unless it ends
a CRLF line.

:func:`json_safe` applies the same judgement to a JSON document made with
``ensure_ascii=False``: ``json.dumps`` already writes C0 controls as ``\\u00XX``, but leaves
DEL, C1, format characters and lone surrogates raw; they become ``\\uXXXX`` escapes, which
changes no value.

Both are one ``str.translate`` pass (linear, no regular expression); text with nothing to
escape is returned as it is after one ``str.isprintable`` check. Rich markup is the console's
business: :mod:`lodestar.cli.output` never parses markup in data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

__all__ = ["json_safe", "terminal_safe"]

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_JOINERS = frozenset({0x200C, 0x200D})  # ZWNJ, ZWJ: needed by scripts and emoji, never reorder
_CACHE_LIMIT = 1 << 16  # distinct characters remembered per table (hostile text has many)


def _unsafe(code: int) -> bool:
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return True
    if code < 0xA0:
        return False
    return code not in _JOINERS and unicodedata.category(chr(code)) in _UNSAFE_CATEGORIES


_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def _visible(code: int) -> str:
    if code in _NAMED:
        return _NAMED[code]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _json_escape(code: int) -> str:
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


class _Table(dict[int, str]):
    """A ``str.translate`` table filled on demand: the escape of an unsafe character, the
    character itself otherwise (remembered up to a bound)."""

    def __init__(self, escape: Callable[[int], str], keep: str) -> None:
        super().__init__({ord(c): c for c in keep})
        self._escape = escape

    def __missing__(self, code: int) -> str:
        value = self._escape(code) if _unsafe(code) else chr(code)
        if len(self) < _CACHE_LIMIT:
            self[code] = value
        return value


_SINGLE_LINE = _Table(_visible, keep="")
_MULTILINE = _Table(_visible, keep="\n\t")
# a JSON document keeps its own line breaks (indent=2); json.dumps escaped those in strings
_JSON = _Table(_json_escape, keep="\n")


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control, format and bidi character shown as an escape (``\\x1b``).

    ``multiline`` keeps line feeds and tabs (and reads CRLF as a line feed).
    """
    if text.isprintable():
        return text
    if multiline:
        return text.replace("\r\n", "\n").translate(_MULTILINE)
    return text.translate(_SINGLE_LINE)


def json_safe(document: str) -> str:
    """A JSON document (``json.dumps(…, ensure_ascii=False)``) with the characters that
    :func:`terminal_safe` escapes written as ``\\uXXXX`` escapes: the same values, inert."""
    if document.isascii() and "\x7f" not in document:
        return document  # json.dumps escaped every other ASCII control
    return document.translate(_JSON)
