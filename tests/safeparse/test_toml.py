"""Budgeted TOML with positions: errors at their line and column, tables and keys found."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.errors import ManifestError
from lodestar.safeparse.toml import key_line, load_toml, table_lines


def refusal(source: str | bytes, **options: int) -> ManifestError:
    with pytest.raises(ManifestError) as info:
        load_toml("f.toml", source, **options)
    assert info.value.path == "f.toml"
    return info.value


def test_documents_from_text_and_bytes() -> None:
    assert load_toml("f", 'a = 1\n[b]\nc = "x"\n') == {"a": 1, "b": {"c": "x"}}
    assert load_toml("f", b"\xef\xbb\xbfa = [1, 2]\n") == {"a": [1, 2]}


@pytest.mark.parametrize(
    ("text", "reason", "line", "column"),
    [
        ("[scan\n", "invalid TOML: Expected ']' at the end of a table declaration", 1, 6),
        ("a = 1\na = 2\n", "invalid TOML: Cannot overwrite a value", 2, 6),
        ("a = 1\n\nx = [1,\n", "invalid TOML: Invalid value", 3, None),  # at end of document
    ],
)
def test_syntax_errors_are_positioned(
    text: str, reason: str, line: int, column: int | None
) -> None:
    err = refusal(text)
    assert (err.reason, err.line, err.column) == (reason, line, column)
    assert str(err) == f"f.toml:{line}: {reason}"


def test_hostile_documents() -> None:
    assert refusal("a = " + "[" * 100_000).reason == "TOML nested too deeply"
    assert refusal("a = " + "1" * 100_000).reason.startswith("invalid TOML: Exceeds the limit")
    err = refusal(b"a = 1\nb = '\xff'\n")
    assert (err.line, err.column) == (2, 6)
    assert err.reason.startswith("not UTF-8 text")


def test_separator_budget_refuses_before_parsing() -> None:
    text = "a = [" + "1," * 1_000_000 + "]\n"
    start = time.process_time()
    err = refusal(text, max_separators=600_000)
    assert (time.process_time() - start) / SLACK < 1.0
    assert err.reason == "more than 600,000 TOML separators: refused"
    assert refusal(text.encode(), max_separators=600_000).reason == err.reason
    assert load_toml("f", "a = [1, 2]\n", max_separators=3) == {"a": [1, 2]}


def test_table_and_key_lines() -> None:
    text = '[[tech]]\nid = "a"\n\n[[ tech ]] # two\n"id" = "b"\nname = "B"\n[other]\nid = 1\n'
    assert table_lines(text, "tech") == [1, 4]
    assert key_line(text, 4, "id") == 5
    assert key_line(text, 4, "name") == 6
    assert key_line(text, 1, "name") == 1  # not in that table: its header
    assert key_line(text, None, "id") is None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab=[]{}\"'.,#\n 1"), max_size=200))
def test_any_text_gives_a_table_or_a_manifest_error(text: str) -> None:
    try:
        assert isinstance(load_toml("f", text), dict)
    except ManifestError as exc:
        assert exc.reason.startswith(("invalid TOML", "TOML nested"))
