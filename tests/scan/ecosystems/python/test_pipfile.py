"""Pipfile and Pipfile.lock: golden fixtures, credentials, fuzzing, hostile JSON and TOML."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.python_helpers import (
    fixture,
    holds_contract,
    lines,
    mutated,
    parse_fixture,
    rows,
    timed,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.python.pipfile import parse_pipfile, parse_pipfile_lock
from lodestar.scan.ecosystems.registry import ManifestContext

R, D, OPT = Scope.RUNTIME, Scope.DEV, Scope.OPTIONAL
P = "pkg:pypi/"
ACME = "?repository_url=https://pypi.acme.example.com/simple"  # the credentials are removed
CTX = ManifestContext()


def test_parsers_are_registered() -> None:
    assert [p.name for p in parsers_for("api/Pipfile")] == ["pipfile"]
    assert [(p.name, p.lock) for p in parsers_for("api/Pipfile.lock")] == [("pipfile-lock", True)]


def test_pipfile_golden() -> None:
    deps = parse_fixture(parse_pipfile, "pipenv/Pipfile")
    assert rows(deps) == {
        (P + "flask", R, True, "*"),
        (P + "gunicorn@21.2.0", R, True, "==21.2.0"),
        (P + "flask-sqlalchemy", R, True, ">=3.1"),  # a quoted key
        (P + "requests", R, True, ">=2.31"),
        (P + "pywin32", R, True, "*"),  # markers do not change the scope
        (
            P + "acme-auth?vcs_url=git%2Bhttps://github.com/acme/acme-auth.git%40v2.1.0",
            R,
            True,
            None,
        ),
        (P + "acme-tokens@1.4.2" + ACME, R, True, "==1.4.2"),
        (P + "pytest", D, True, ">=7.4"),
        (P + "black@23.12.1", D, True, "==23.12.1"),
        (P + "flake8", D, True, "*"),
        (P + "sphinx", Scope.DOCS, True, "*"),  # the custom category [docs]
    }  # acme-billing is a local path
    where = lines(deps)
    assert where["Flask-SQLAlchemy"] == ("pipenv/Pipfile", 14)
    assert where["black"] == ("pipenv/Pipfile", 23)
    assert "TOKEN" not in "".join(d.purl for d in deps)


def test_pipfile_lock_golden() -> None:
    deps = parse_fixture(parse_pipfile_lock, "pipenv/Pipfile.lock")
    assert rows(deps) == {
        (
            P + "acme-auth?vcs_url=git%2Bhttps://github.com/acme/acme-auth.git"
            "%409f1c2d3e4b5a69788796a5b4c3d2e1f0a9b8c7d6",
            R,
            False,
            None,
        ),
        (P + "acme-tokens@1.4.2" + ACME, R, False, None),
        (P + "blinker@1.7.0", R, False, None),
        (P + "flask@3.0.0", R, False, None),
        (P + "gunicorn@21.2.0", R, False, None),
        (P + "packaging@23.2", R, False, None),  # in default and develop: the runtime one
        (P + "werkzeug@3.0.1", R, False, None),
        (P + "pluggy@1.3.0", D, False, None),
        (P + "pytest@7.4.3", D, False, None),
    }
    where = lines(deps)
    assert where["flask"] == ("pipenv/Pipfile.lock", 47)
    assert where["pytest"] == ("pipenv/Pipfile.lock", 89)


def test_pipfile_lock_in_another_layout_has_no_lines() -> None:
    compact = json.dumps(json.loads(fixture("pipenv/Pipfile.lock"))).encode()
    deps = parse_pipfile_lock("Pipfile.lock", compact, CTX)
    assert len(deps) == 9 and all(d.line is None for d in deps)


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b'"x"',
        b"[" * 100_000,
        b'{"default": ' * 100_000,
        b'{"default": {"a": {"version": 1' + b"0" * 100_000 + b"}}}",
        b'{"default": {"bad name!": {"version": "==1"}}}',
        b"\xef\xbb\xbf{",
    ],
)
def test_hostile_pipfile_lock(data: bytes) -> None:
    def run() -> None:
        with pytest.raises(ManifestError):
            parse_pipfile_lock("Pipfile.lock", data, CTX)

    assert timed(run) < 2


def test_gigantic_version_string_is_quick() -> None:
    data = b'{"default": {"a": {"version": "==' + b"9" * 1_000_000 + b'"}}}'
    assert timed(lambda: holds_contract(parse_pipfile_lock, "Pipfile.lock", data)) < 2


def test_wrong_shapes_in_a_lock_declare_nothing() -> None:
    data = b'{"_meta": [], "default": [], "develop": {"a": 3, "b": [], "c": {"version": 1}}}'
    assert rows(parse_pipfile_lock("Pipfile.lock", data, CTX)) == {(P + "c", D, False, None)}


def test_hostile_pipfile() -> None:
    with pytest.raises(ManifestError):
        parse_pipfile("Pipfile", b"[packages]\na = " + b"[" * 100_000, CTX)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_pipfile_arbitrary_bytes(data: bytes) -> None:
    holds_contract(parse_pipfile, "Pipfile", data)


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("pipenv/Pipfile"), (b"[", b"]", b"{", b"}", b"=", b'"', b"git", b"path")))
def test_pipfile_mutated_fixture(data: bytes) -> None:
    holds_contract(parse_pipfile, "Pipfile", data)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_pipfile_lock_arbitrary_bytes(data: bytes) -> None:
    holds_contract(parse_pipfile_lock, "Pipfile.lock", data)


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("pipenv/Pipfile.lock"), (b"{", b"}", b"[", b"]", b'"', b":", b",", b"==")))
def test_pipfile_lock_mutated_fixture(data: bytes) -> None:
    holds_contract(parse_pipfile_lock, "Pipfile.lock", data)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_pipfile_lock_arbitrary_json(value: object) -> None:
    holds_contract(parse_pipfile_lock, "Pipfile.lock", json.dumps({"default": value}).encode())


def test_huge_pipfile_lock_is_bounded() -> None:
    entries = b",".join(b'"a%d": {"version": "==1"}' % i for i in range(300_000))
    data = b'{"default": {' + entries + b"}}"

    def run() -> None:
        with pytest.raises(ManifestError, match="units of work"):
            parse_pipfile_lock("Pipfile.lock", data, CTX)

    assert timed(run) < 3
