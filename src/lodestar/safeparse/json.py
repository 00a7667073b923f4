"""Budgeted JSON (and JSONC) with positioned errors.

Used by the strategy's radar imports (``strategy/radar_io``) and the scanner's JSON manifests
(package.json, composer.json/lock, packages.lock.json, Pipfile.lock and others).

Every failure is a :class:`~lodestar.errors.ManifestError` with the path, line and column: bad
syntax, bytes that are not UTF-8, a document larger than the budget, nesting deeper than the
interpreter recurses (``[[[[…``) and integers longer than Python converts. JSONC (comments and
trailing commas, as ``tsconfig.json`` and ``deno.jsonc`` allow) is reduced to JSON by one linear
pass that keeps line numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from lodestar.errors import ManifestError
from lodestar.safeparse.text import decode_text

__all__ = ["array_starts", "json_offset", "json_position", "load_json", "load_json_object"]

# JSONC: strings are matched first so that commas and slashes inside them are left alone. An
# unterminated string runs to the end of its line and an unterminated block comment to the end of
# the text, so every match attempt that starts succeeds: linear, never a rescan.
_JSONC = re.compile(r'("(?:[^"\\\n]|\\.)*"?)|,(?=\s*[\]}])|//[^\n]*|/\*(?:[\s\S]*?\*/|[\s\S]*)')


def _jsonc_replace(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1)
    return "\n" * match.group(0).count("\n")  # keep line numbers right


def load_json(
    path: str, source: str | bytes, *, jsonc: bool = False, max_bytes: int | None = None
) -> Any:
    """The JSON document ``source`` holds (bytes are decoded as UTF-8); ManifestError if not."""
    if max_bytes is not None and len(source) > max_bytes:
        raise ManifestError(f"larger than {max_bytes:,} bytes: refused", path=path)
    text = decode_text(path, source) if isinstance(source, bytes) else source
    if jsonc:
        text = _JSONC.sub(_jsonc_replace, text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(
            f"invalid JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise ManifestError("JSON nested too deeply", path=path) from None
    except ValueError as exc:  # an integer over the interpreter's digit limit
        raise ManifestError(f"invalid JSON: {exc}", path=path) from None


def json_position(text: str, where: Sequence[str | int], *, start: int = 0) -> tuple[int, int]:
    """(line, column), 1-based, of the value that ``where`` (keys and indexes) leads to in the
    JSON ``text`` from the value at offset ``start``: the deepest step found when a step is
    missing, the document's start for ``()``.

    For positioned errors about a document already loaded (``json.loads`` keeps no positions):
    one pass over the text, skipping each value that is not on the way with the decoder.
    """
    at = json_offset(text, where, start=start)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def json_offset(text: str, where: Sequence[str | int], *, start: int = 0) -> int:
    """The offset of what :func:`json_position` positions (for callers that count lines
    themselves, incrementally)."""
    decoder = json.JSONDecoder()
    at = _skip_space(text, start)
    try:
        for step in where:
            found = _member(decoder, text, at, step)
            if found is None:
                break
            at = found
    except (ValueError, IndexError):
        pass  # the text is not the document it was said to be: the last position found
    return at


def array_starts(text: str) -> list[int]:
    """The offsets where the elements of the JSON array ``text`` holds begin (one pass), for
    :func:`json_position` ``start``; [] when the text is not an array."""
    decoder = json.JSONDecoder()
    at = _skip_space(text, 0)
    starts: list[int] = []
    if not text.startswith("[", at):
        return starts
    try:
        at = _skip_space(text, at + 1)
        while at < len(text) and text[at] != "]":
            starts.append(at)
            _, at = decoder.raw_decode(text, at)
            at = _skip_space(text, at)
            if text[at] == ",":
                at = _skip_space(text, at + 1)
    except (ValueError, IndexError):
        pass
    return starts


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _member(decoder: json.JSONDecoder, text: str, at: int, step: str | int) -> int | None:
    """Where the value of key (object) or index (array) ``step`` starts; None: not there."""
    opener = text[at]
    if (opener == "{") != isinstance(step, str) or opener not in "{[":
        return None
    found = None
    at, index = _skip_space(text, at + 1), 0
    while text[at] not in "}]":
        if opener == "{":
            key, at = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]  # the stdlib's documented helper, untyped
            at = _skip_space(text, _skip_space(text, at) + 1)  # past the colon
            if key == step:
                found = at  # the last duplicate is the one json.loads keeps
        elif index == step:
            return at
        _, at = decoder.raw_decode(text, at)
        at = _skip_space(text, at)
        if text[at] == ",":
            at = _skip_space(text, at + 1)
        index += 1
    return found


def load_json_object(
    path: str, source: str | bytes, *, jsonc: bool = False, max_bytes: int | None = None
) -> dict[str, Any]:
    """:func:`load_json` of a document that must be an object."""
    doc = load_json(path, source, jsonc=jsonc, max_bytes=max_bytes)
    if not isinstance(doc, dict):
        raise ManifestError("expected a JSON object", path=path, line=1, column=1)
    return doc
