"""The one XML door: DTDs, entities and external references refused, errors positioned."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.budget import SLACK

from lodestar.errors import ManifestError
from lodestar.safeparse.xml import load_xml, load_xml_lines

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<project>&lol3;</project>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<project>&xxe;</project>
"""


def refusal(data: bytes, **options: int) -> ManifestError:
    with pytest.raises(ManifestError) as info:
        load_xml("pom.xml", data, **options)
    assert info.value.path == "pom.xml"
    return info.value


def test_elements_and_their_lines() -> None:
    tree = load_xml_lines("pom.xml", b"<project>\n  <a>x</a>\n  <b/>\n</project>\n")
    a, b = list(tree.root)
    assert (tree.root.tag, a.text) == ("project", "x")
    assert [tree.line_of(tree.root), tree.line_of(a), tree.line_of(b)] == [1, 2, 3]
    assert load_xml("f", b"<a/>").tag == "a"


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL, b'<!DOCTYPE a SYSTEM "x.dtd"><a/>'])
def test_dtds_entities_and_external_references_are_refused(data: bytes) -> None:
    start = time.process_time()
    err = refusal(data)
    assert (time.process_time() - start) / SLACK < 1.0
    assert err.reason == "XML refused: DTDForbidden"
    assert str(err) == "pom.xml: XML refused: DTDForbidden"


def test_malformed_xml_is_positioned() -> None:
    err = refusal(b"<project>\n  <a></b>\n</project>")
    assert (err.reason, err.line, err.column) == (
        "invalid XML: mismatched tag: line 2, column 7",
        2,
        8,
    )
    assert refusal(b"").reason == "invalid XML: no element found: line 1, column 0"


def test_bad_encodings() -> None:
    err = refusal(b'<?xml version="1.0" encoding="klingon"?><a/>')
    assert (err.reason, err.line) == ("invalid XML: unknown encoding: klingon", 1)
    err = refusal(b"<a>\xff\xfe</a>")
    assert err.reason.startswith("invalid XML: not well-formed")
    assert err.line == 1


def test_deep_nesting_and_size_budget() -> None:
    deep = b"<a>" * 100_000 + b"</a>" * 100_000
    start = time.process_time()
    root = load_xml("f", deep)  # expat and the tree builder do not recurse
    assert (time.process_time() - start) / SLACK < 1.0
    assert root.tag == "a"
    assert refusal(b"<a/>" * 10, max_bytes=8).reason == "larger than 8 bytes: refused"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_tree_or_a_manifest_error(data: bytes) -> None:
    try:
        load_xml_lines("f", data)
    except ManifestError as exc:
        assert exc.reason
