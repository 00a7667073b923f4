"""Budgeted JSON: every failure a positioned ManifestError, hostile input refused quickly."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.errors import ManifestError
from lodestar.safeparse.json import load_json, load_json_object


def refusal(source: str | bytes, **options: object) -> ManifestError:
    with pytest.raises(ManifestError) as info:
        load_json("f.json", source, **options)  # type: ignore[arg-type]  options are keywords
    assert info.value.path == "f.json"
    return info.value


def test_documents_from_text_and_bytes() -> None:
    assert load_json("f", '{"a": [1, 2.5, null, true]}') == {"a": [1, 2.5, None, True]}
    assert load_json("f", b"\xef\xbb\xbf[1]") == [1]
    assert load_json_object("f", b'{"a": 1}') == {"a": 1}


def test_syntax_errors_are_positioned() -> None:
    err = refusal('{\n  "a": 1,\n  "b" 2\n}')
    assert (err.reason, err.line, err.column) == ("invalid JSON: Expecting ':' delimiter", 3, 7)
    assert str(err) == "f.json:3: invalid JSON: Expecting ':' delimiter"


def test_not_an_object() -> None:
    with pytest.raises(ManifestError, match="expected a JSON object") as info:
        load_json_object("f.json", "[1]")
    assert info.value.line == 1


def test_deep_nesting_is_refused_quickly() -> None:
    start = time.process_time()
    err = refusal("[" * 100_000 + "]" * 100_000)
    assert (time.process_time() - start) / SLACK < 1.0
    assert err.reason == "JSON nested too deeply"


def test_giant_integers_and_bad_utf8() -> None:
    assert refusal("1" * 100_000).reason.startswith("invalid JSON: Exceeds the limit")
    err = refusal(b'{"a": "\xff"}')
    assert (err.reason, err.line, err.column) == (
        "not UTF-8 text (byte 7: invalid start byte)",
        1,
        8,
    )


def test_size_budget() -> None:
    assert refusal("[1]" * 10, max_bytes=20).reason == "larger than 20 bytes: refused"
    assert load_json("f", "[1]", max_bytes=3) == [1]


def test_jsonc_comments_and_trailing_commas_keep_line_numbers() -> None:
    text = '{\n  // a comment\n  "a": [1, 2,],\n  /* block\n  */ "b": "//not a comment",\n}'
    assert load_json("f", text, jsonc=True) == {"a": [1, 2], "b": "//not a comment"}
    err = refusal('{\n  // c\n  "a": 1\n  "b": 2\n}', jsonc=True)
    assert err.line == 4


@pytest.mark.parametrize(
    "text", ['"' + "\\" * 50_000, "/*" + " " * 100_000, '{"a": ' + ",]" * 50_000, "/" * 100_000]
)
def test_jsonc_is_linear_on_hostile_text(text: str) -> None:
    start = time.process_time()
    with pytest.raises(ManifestError):
        load_json("f", text, jsonc=True)
    assert (time.process_time() - start) / SLACK < 1.0


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_value_or_a_manifest_error(data: bytes) -> None:
    for jsonc in (False, True):
        try:
            load_json("f", data, jsonc=jsonc)
        except ManifestError as exc:
            assert exc.reason
