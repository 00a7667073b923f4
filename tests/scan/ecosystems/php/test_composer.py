"""composer.json and composer.lock parsers: golden fixtures, edge cases, fuzzing, hostility."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.polyglot_fuzz import (
    HOSTILE,
    LARGE,
    context,
    fixture,
    handled_in,
    list_or_manifest_error,
    mutated,
    rows,
    timed,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.php.composer import parse_composer_json, parse_composer_lock
from lodestar.scan.ecosystems.registry import ManifestContext

R, D = Scope.RUNTIME, Scope.DEV
P = "pkg:composer/"
CTX = ManifestContext()


def test_parsers_are_registered() -> None:
    assert [p.name for p in parsers_for("app/composer.json")] == ["composer-json"]
    assert [(p.name, p.lock) for p in parsers_for("composer.lock")] == [("composer-lock", True)]


def test_composer_json_golden() -> None:
    deps = parse_composer_json(
        "composer.json", fixture("composer", "composer.json"), context("composer")
    )
    assert rows(deps) == {
        (P + "doctrine/orm", R, True, "^2.17"),
        (P + "guzzlehttp/guzzle", R, True, "^7.8"),
        (P + "monolog/monolog@3.5.0", R, True, "3.5.0"),  # an exact version
        (P + "symfony/console", R, True, "6.4.*"),
        (P + "symfony/framework-bundle", R, True, "~6.4.0"),
        (P + "symfony/http-client@v6.4.2", R, True, "v6.4.2"),  # the v is kept
        (P + "acme/legacy-bridge", R, True, "dev-main"),  # a branch: no version
        (P + "psr/log", R, True, "^3.0 || ^2.0"),  # "Psr/Log": purl names are lower case
        (P + "phpunit/phpunit", D, True, "^10.5"),
        (P + "phpstan/phpstan@1.10.50", D, True, "=1.10.50"),
        (P + "symfony/maker-bundle", D, True, "^1.52"),
    }  # fmt: skip
    names = {d.name for d in deps}
    # platform requirements are no packages; acme/pricing comes from the path repository packages/*
    assert not {"php", "ext-ctype", "ext-iconv", "lib-libxml", "composer-runtime-api"} & names
    assert "acme/pricing" not in names
    assert "Psr/Log" in names  # the name as written
    assert {d.name: d.line for d in deps}["doctrine/orm"] == 18
    assert {d.name: d.line for d in deps}["phpunit/phpunit"] == 29


def test_without_the_path_repository_its_package_stays() -> None:
    deps = parse_composer_json("composer.json", fixture("composer", "composer.json"), CTX)
    assert (P + "acme/pricing", R, True, "*@dev") in rows(deps)


def test_composer_lock_golden() -> None:
    deps = parse_composer_lock("composer.lock", fixture("composer", "composer.lock"), CTX)
    bridge = (
        "git%2Bhttps://github.com/acme/legacy-bridge.git%409e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"
    )
    assert rows(deps) == {
        (P + f"acme/legacy-bridge@dev-main?vcs_url={bridge}", R, False, None),
        (P + "doctrine/orm@2.17.2", R, False, None),
        (P + "doctrine/persistence@3.2.0", R, False, None),
        (P + "guzzlehttp/guzzle@7.8.1", R, False, None),
        (P + "guzzlehttp/promises@2.0.2", R, False, None),
        (P + "monolog/monolog@3.5.0", R, False, None),
        (P + "psr/http-client@1.0.3", R, False, None),
        (P + "psr/log@3.0.0", R, False, None),
        (P + "symfony/console@v6.4.2", R, False, None),
        (P + "symfony/framework-bundle@v6.4.2", R, False, None),
        (P + "symfony/http-client@v6.4.2", R, False, None),
        (P + "phpstan/phpstan@1.10.50", D, False, None),
        (P + "phpunit/phpunit@10.5.5", D, False, None),
        (P + "symfony/maker-bundle@v1.52.0", D, False, None),
    }
    assert "acme/pricing" not in {d.name for d in deps}  # dist type path: local code
    lines = {d.name: d.line for d in deps}
    # an author's "name" does not fool the line search
    assert (lines["monolog/monolog"], lines["psr/http-client"]) == (90, 101)


def test_empty_sections_written_by_php_as_arrays() -> None:
    data = b'{"require": [], "require-dev": [], "packages": [], "packages-dev": []}'
    assert parse_composer_json("composer.json", data, CTX) == []
    assert parse_composer_lock("composer.lock", data, CTX) == []


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b'{"require": ["a/b"]}',
        b'{"require": {"a/b": 1}}',
        b'{"require": "a/b"}',
        b'{"require": {"a/b": "^1"',
        b'{"require": {"acme/": "^1"}}',
        b"\xff\xfe{}",
    ],
)
def test_malformed_composer_json(data: bytes) -> None:
    with pytest.raises(ManifestError):
        parse_composer_json("composer.json", data, CTX)


@pytest.mark.parametrize(
    "data",
    [
        b'{"packages": {}}',
        b'{"packages": [1]}',
        b'{"packages": [{"name": "a/b"}]}',
        b'{"packages-dev": [{"version": "1.0.0"}]}',
        b'{"packages": [{"name": "acme/", "version": "1.0.0"}]}',
    ],
)
def test_malformed_composer_lock(data: bytes) -> None:
    with pytest.raises(ManifestError):
        parse_composer_lock("composer.lock", data, CTX)


def test_json_errors_carry_the_line() -> None:
    with pytest.raises(ManifestError) as info:
        parse_composer_json("composer.json", b'{\n"require": {\n"a/b": "^1",\n}\n}', CTX)
    assert info.value.line == 4


_JSON_TOKENS = (b"{", b"}", b"[", b"]", b'"', b":", b",", b'"require"', b'"packages"', b"null")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_composer_json, "composer.json", data)
    list_or_manifest_error(parse_composer_lock, "composer.lock", data)


@settings(max_examples=150, deadline=None)
@given(mutated(fixture("composer", "composer.json"), _JSON_TOKENS))
def test_mutated_composer_json(data: bytes) -> None:
    list_or_manifest_error(parse_composer_json, "composer.json", data, context("composer"))


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("composer", "composer.lock"), _JSON_TOKENS))
def test_mutated_composer_lock(data: bytes) -> None:
    list_or_manifest_error(parse_composer_lock, "composer.lock", data)


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 200_000 + b"]" * 200_000,
        b'{"require": ' * 100_000 + b"{}" + b"}" * 100_000,
        b'{"packages": [{"name": "a/b", "version": "1", "x": ' + b"9" * 100_000 + b"}]}",
        b'{"x": 1e999999}',
    ],
)
def test_hostile_json_fails_fast_or_parses(data: bytes) -> None:
    for parse in (parse_composer_json, parse_composer_lock):
        assert handled_in(parse, "composer.lock", data) < HOSTILE


def test_large_composer_lock_is_fast() -> None:
    package = {
        "version": "v6.4.2",
        "source": {"type": "git", "url": "https://github.com/x/y.git", "reference": "a" * 40},
        "require": {f"vendor/dep{j}": "^1.0" for j in range(10)},
        "description": "x" * 200,
    }
    doc = {"packages": [{"name": f"vendor/pkg{i}", **package} for i in range(8_000)]}
    data = json.dumps(doc, indent=4).encode()
    assert len(data) > 5_000_000
    assert timed(lambda: parse_composer_lock("composer.lock", data, CTX)) < LARGE
