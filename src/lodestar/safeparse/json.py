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
from typing import Any

from lodestar.errors import ManifestError
from lodestar.safeparse.text import decode_text

__all__ = ["load_json", "load_json_object"]

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


def load_json_object(
    path: str, source: str | bytes, *, jsonc: bool = False, max_bytes: int | None = None
) -> dict[str, Any]:
    """:func:`load_json` of a document that must be an object."""
    doc = load_json(path, source, jsonc=jsonc, max_bytes=max_bytes)
    if not isinstance(doc, dict):
        raise ManifestError("expected a JSON object", path=path, line=1, column=1)
    return doc
