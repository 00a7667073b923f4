"""Bytes to text: the first undecodable byte is refused with its line and column."""

from __future__ import annotations

import pytest

from lodestar.errors import ManifestError
from lodestar.safeparse.text import decode_text


def test_utf8_and_its_bom() -> None:
    assert decode_text("f", "\ufeffa = 1\n".encode()) == "a = 1\n"
    assert decode_text("f", b"caf\xc3\xa9") == "café"


def test_bad_utf8_is_positioned() -> None:
    with pytest.raises(ManifestError) as info:
        decode_text("f.toml", b"a = 1\nbb = \xff\n")
    err = info.value
    assert (err.path, err.line, err.column) == ("f.toml", 2, 6)
    assert err.reason == "not UTF-8 text (byte 11: invalid start byte)"
    assert str(err) == "f.toml:2: not UTF-8 text (byte 11: invalid start byte)"


def test_other_encodings_name_themselves() -> None:
    assert decode_text("f", b"\xe9", "latin-1") == "é"
    with pytest.raises(ManifestError, match="not ascii text"):
        decode_text("f", b"\xe9", "ascii")
