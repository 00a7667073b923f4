"""The one YAML reader: plain values with positions, refused with a position under each rules.

The strategy files' cases moved here from tests/strategy/test_hostile.py (strategy/yamlpos);
the lock files' and delivery files' cases repeat those of tests/scan/ecosystems (npm_yaml,
docker_yaml) against this reader, so that those modules can go.
"""

from __future__ import annotations

import functools
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.errors import ManifestError
from lodestar.safeparse.yaml import (
    DELIVERY_YAML,
    LOCK_YAML,
    STRATEGY_MAX_BYTES,
    STRATEGY_YAML,
    Pos,
    YamlList,
    YamlMap,
    YamlRules,
    load_yaml,
    load_yaml_mapping,
    position,
)

MAX_DEPTH = STRATEGY_YAML.max_depth
YamlProblem = ManifestError  # the name the strategy tests knew; positions are line and column


def load_mapping(text: str, *, line_offset: int = 0) -> YamlMap:
    return load_yaml_mapping("f.yaml", text, STRATEGY_YAML, line_offset=line_offset)


load_documents = functools.partial(load_yaml, rules=LOCK_YAML)


def load_all(path: str, data: bytes) -> list[object]:
    return load_yaml(path, data, DELIVERY_YAML)


def refusal(source: str | bytes, rules: YamlRules) -> ManifestError:
    with pytest.raises(ManifestError) as info:
        load_yaml("f.yaml", source, rules)
    assert info.value.path == "f.yaml"
    return info.value


# --- strategy files (from tests/strategy/test_hostile.py) ----------------------------------


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("{", "}")])
def test_deep_nesting_is_refused(opening: str, closing: str) -> None:
    # Lodestar's own budget fires first, at the first bracket past the limit: the YAML
    # library's limits (and its messages) are never reached.
    text = "title: x\na: " + opening * 10_000 + closing * 10_000 + "\n"
    with pytest.raises(YamlProblem, match=f"deeper than {MAX_DEPTH}") as info:
        load_mapping(text, line_offset=1)
    assert (info.value.line, info.value.column) == (3, 4 + MAX_DEPTH)


def test_nesting_at_the_limit_is_read() -> None:
    inner = MAX_DEPTH - 1  # the top-level mapping is the first level
    text = "a: " + "[" * inner + "1" + "]" * inner + "\n"
    value = load_mapping(text)["a"]
    for _ in range(inner - 1):
        assert isinstance(value, list)
        value = value[0]
    assert value == ["1"]


@given(st.text(max_size=300))
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_read_or_refused(text: str) -> None:
    try:
        doc = load_mapping(text)
    except YamlProblem as exc:
        assert exc.reason
    else:
        assert isinstance(doc, dict)


# --- strategy files: what the loader relied on yamlpos for ---------------------------------


def test_strategy_alias_bomb_is_refused_at_the_anchor() -> None:
    text = "a: &a [lol, lol]\nb: [*a, *a]\n"
    err = refusal(text, STRATEGY_YAML)
    assert err.reason == "YAML anchors and aliases are not allowed in strategy files"
    assert (err.line, err.column) == (1, 4)
    assert str(err) == "f.yaml:1: YAML anchors and aliases are not allowed in strategy files"


def test_strategy_tags_are_refused_with_what_was_found() -> None:
    err = refusal("licence: !!python/object/apply:os.system ['echo pwned']\n", STRATEGY_YAML)
    assert err.reason.startswith("YAML tags are not allowed in strategy files (found tag:")
    assert (err.line, err.column) == (1, 10)


def test_strategy_duplicate_keys_and_collection_keys_are_refused() -> None:
    err = refusal("eol:\n  warn-days: 3\neol:\n  warn-days: 4\n", STRATEGY_YAML)
    assert (err.reason, err.line, err.column) == ("duplicate key 'eol'", 3, 1)
    err = refusal("? [a]\n: b\n", STRATEGY_YAML)
    assert "not a scalar" in err.reason
    assert err.line == 1


def test_strategy_size_and_node_budgets() -> None:
    err = refusal("a: b\n" + "#" * STRATEGY_MAX_BYTES, STRATEGY_YAML)
    assert err.reason == "file larger than 1024 KiB; split it"
    many = "[" + ",".join(["1"] * (STRATEGY_YAML.max_nodes or 0)) + "]"
    err = refusal(many, STRATEGY_YAML)
    assert err.reason == "more than 100000 YAML nodes; split the file"
    assert err.line == 1


def test_one_mapping_with_positions() -> None:
    doc = load_mapping("title: x\nlinks:\n  - a\n  - {b: 1}\n", line_offset=1)
    assert doc == {"title": "x", "links": ["a", {"b": "1"}]}
    assert doc.pos == Pos(2, 1)
    assert doc.key_pos["links"] == Pos(3, 1)
    assert position(doc, ("links", 1, "b")) == Pos(5, 9)
    assert position(doc, ("links", 1, "b"), key=True) == Pos(5, 6)
    assert position(doc, ("links", 7)) == Pos(4, 3)  # the nearest parent
    assert position(doc, ("title",), key=True) == Pos(2, 1)
    assert isinstance(doc["links"], YamlList)
    assert doc["links"].item_pos == [Pos(4, 5), Pos(5, 5)]
    assert load_mapping("") == {}
    with pytest.raises(ManifestError, match="only one YAML document"):
        load_mapping("a: 1\n---\nb: 2\n")
    with pytest.raises(ManifestError, match="expected a mapping") as info:
        load_mapping("- a\n", line_offset=1)
    assert (info.value.line, info.value.column) == (2, 1)


def test_invalid_yaml_and_bad_utf8_are_positioned() -> None:
    err = refusal("a: b: c\n", STRATEGY_YAML)
    assert err.reason.startswith("invalid YAML: mapping values are not allowed")
    assert (err.line, err.column) == (1, 5)
    err = refusal(b"a: 1\nb: \xff\xfe\n", DELIVERY_YAML)
    assert err.reason == "invalid YAML: unacceptable character #x00ff: invalid leading UTF-8 octet"
    assert (err.line, err.column) == (2, 4)
    err = refusal("a: 1\nb: \x07\n", LOCK_YAML)
    assert err.reason.startswith("invalid YAML: unacceptable character #x0007")
    assert (err.line, err.column) == (2, 4)
    with pytest.raises(ManifestError) as info:  # front matter: the markdown file's lines
        load_mapping("title: K\nring: x\x1b y\n", line_offset=1)
    assert (info.value.line, info.value.column) == (3, 8)


# --- lock files (the cases of tests/scan/ecosystems/npm/test_common.py) ---------------------


def test_yaml_plain_scalars_stay_strings() -> None:
    [doc] = load_documents("f", "a: 1.10\nb: on\nc: ~\nd: true\ne: '1'\nf: 2001-12-14\ng:\n")
    assert doc == {
        "a": "1.10",
        "b": "on",
        "c": None,
        "d": True,
        "e": "1",
        "f": "2001-12-14",
        "g": None,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [1, 2]\nb: *x\n", "aliases"),
        ("a: !!binary aGVsbG8=\n", "tags"),
        ("a: !custom x\n", "tags"),
        ("a: !!python/object/apply:os.system ['true']\n", "tags"),
        ("[" * 1000 + "]" * 1000, "nested"),
        ("a:\n" + "".join(" " * (i + 1) + "- \n" for i in range(200)), "nested"),
        ("? [a]\n: b\n", "not a scalar"),
        ("a: b: c\n", "invalid YAML"),
        ("a: 'unterminated\n", "invalid YAML"),
    ],
)
def test_yaml_refuses_hostile_documents(text: str, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        load_documents("f", text)


def test_yaml_deep_nesting_never_reaches_the_c_composer() -> None:
    start = time.process_time()
    with pytest.raises(ManifestError):
        load_documents("f", "[" * 1_000_000)
    assert (time.process_time() - start) / SLACK < 1.0


def test_yaml_billion_laughs_is_refused_at_the_first_alias() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(ManifestError, match="aliases"):
        load_documents("f", "\n".join(lines))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab:-[]{}&*!'\"#|>,? \n\t@~%"), max_size=300))
def test_yaml_any_text_gives_documents_or_a_manifest_error(text: str) -> None:
    try:
        docs = load_documents("f", text)
    except ManifestError:
        return
    assert isinstance(docs, list)


def test_lock_documents_are_plain_and_a_later_duplicate_wins() -> None:
    docs = load_documents("f", "env: 1\n---\na: 1\na: 2\nb: [x]\n---\n")
    assert docs == [{"env": "1"}, {"a": "2", "b": ["x"]}, None]
    assert type(docs[1]) is dict
    assert type(docs[1]["b"]) is list


# --- delivery files (the cases of tests/scan/ecosystems/docker/test_compose.py) --------------


def test_yaml_reader_keeps_scalars_as_written_and_lines() -> None:
    [doc] = load_all("x.yaml", b"a: 1.10\nb: on\nc: ~\nd: true\ne: !reference [x, y]\n")
    assert doc == {"a": "1.10", "b": "on", "c": None, "d": True, "e": ["x", "y"]}
    assert isinstance(doc, YamlMap) and doc.line_of("e") == 5


BILLION_LAUGHS = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""
MERGE_BOMB = b"a: &a {x: 1, y: 2}\n" + b"".join(
    b"k%d: &k%d {<<: [%s]}\n" % (i + 1, i + 1, b", ".join([b"*k%d" % i if i else b"*a"] * 9))
    for i in range(8)
)


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (BILLION_LAUGHS, "YAML aliases expand too far (alias bomb?)", 6),
        (MERGE_BOMB, "YAML aliases expand too far (alias bomb?)", 6),
        (b"services: " + b"[" * 100_000, "YAML nested deeper than 100 levels", 1),
        (b"a:\n" + b"".join(b" " * i + b"- \n" for i in range(1, 300)), "nested deeper", 101),
        (b"services:\n  a:\n    image: *missing\n", "unknown alias *missing", 3),
        (b"services: {a: [}\n", "invalid YAML", 1),
        (b"\xff\xfe\xfa", "invalid YAML", 1),
    ],
)
def test_hostile_delivery_yaml_is_refused_quickly(
    data: bytes, message: str, line: int | None
) -> None:
    start = time.process_time()
    err = refusal(data, DELIVERY_YAML)
    assert (time.process_time() - start) / SLACK < 1.0
    assert message in err.reason
    assert err.line == line


def test_delivery_aliases_are_shared_and_merge_keys_apply() -> None:
    [doc] = load_all(
        "ci.yml",
        b"base: &base {image: x, tags: [a]}\njob:\n  <<: *base\n  image: y\nother: *base\n",
    )
    assert isinstance(doc, YamlMap)
    assert doc["job"] == {"image": "y", "tags": ["a"]}
    assert doc["other"] is doc["base"]
    job = doc["job"]
    assert isinstance(job, YamlMap)
    assert job.line_of("image") == 4
    assert job.line_of("tags") == 1  # where the merged key is written


def test_unsafe_tags_and_giant_numbers_are_inert() -> None:
    data = (
        b"a: !!python/object/apply:os.system {image: 'x:1'}\nb: {image: 1" + b"9" * 10_000 + b"}\n"
    )
    [doc] = load_all("x.yaml", data)
    assert isinstance(doc, dict)
    assert doc["a"] == {"image": "x:1"}
    assert doc["b"] == {"image": "1" + "9" * 10_000}
    with pytest.raises(ManifestError):
        load_all("x.yaml", b"a: [")


def test_delivery_collection_keys_are_dropped() -> None:
    [doc] = load_all("x.yaml", b"? [a]\n: b\nc: d\n")
    assert doc == {"c": "d"}


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    for rules in (STRATEGY_YAML, LOCK_YAML, DELIVERY_YAML):
        try:
            docs = load_yaml("f.yaml", data, rules)
        except ManifestError as exc:
            assert exc.reason
        else:
            assert isinstance(docs, list)
