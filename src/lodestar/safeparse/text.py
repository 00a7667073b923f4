"""Bytes to text, refused with a position: the first step of every document loader here.

Used by :mod:`lodestar.safeparse.json`, :mod:`lodestar.safeparse.toml` and the scanner's
manifest parsers that read text themselves.
"""

from __future__ import annotations

from lodestar.errors import ManifestError

__all__ = ["decode_text"]


def decode_text(path: str, data: bytes, encoding: str = "utf-8-sig") -> str:
    """``data`` as text (a UTF-8 BOM is dropped); ManifestError at the first undecodable byte."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        name = "UTF-8" if encoding in {"utf-8", "utf-8-sig"} else encoding
        message = f"not {name} text (byte {exc.start}: {exc.reason})"
        raise ManifestError(message, path=path, line=line, column=column) from None
