"""Dependency licences read from the lock files that record them (npm v2/v3, composer.lock)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.scan.ecosystems.npm_helpers import app_context
from tests.scan.ecosystems.npm_helpers import fixture as npm_fixture
from tests.scan.ecosystems.polyglot_fuzz import fixture

from lodestar.scan.dependencies import extract_dependencies
from lodestar.scan.ecosystems.licence_field import MAX_CHARS, declared_licence
from lodestar.scan.ecosystems.npm import package_lock as npm_lock
from lodestar.scan.ecosystems.php.composer import parse_composer_lock
from lodestar.scan.ecosystems.registry import ManifestContext

# the non-MIT/ISC packages of the application's lock (as npm wrote them from each package.json)
NPM_NOT_MIT = {
    "acme-theme": "LicenseRef-Proprietary",  # "UNLICENSED": npm's word for proprietary
    "caniuse-lite": "CC-BY-4.0",
    "source-map-js": "BSD-3-Clause",
    "typescript": "Apache-2.0",
}


@pytest.mark.parametrize("name", ["package-lock-v2", "package-lock-v3"])
def test_npm_lock_v2_v3_golden(name: str) -> None:
    data = npm_fixture(f"{name}/package-lock.json")
    deps = npm_lock.parse("package-lock.json", data, app_context("package-lock.json", data))
    licences = {d.name: d.licence for d in deps}
    assert {n: lic for n, lic in licences.items() if lic not in {"MIT", "ISC"}} == NPM_NOT_MIT
    assert (licences["react"], licences["lru-cache"], licences["semver"]) == ("MIT", "ISC", "ISC")
    assert all(d.licence for d in deps)  # every v2/v3 entry of this lock declares one


def test_npm_lock_v1_records_no_licence() -> None:
    data = npm_fixture("package-lock-v1/package-lock.json")
    deps = npm_lock.parse("package-lock.json", data, app_context("package-lock.json", data))
    assert deps
    assert {d.licence for d in deps} == {None}


def test_the_locked_licence_survives_the_merge_with_package_json() -> None:
    files = {
        "package.json": npm_fixture("app/package.json"),
        "package-lock.json": npm_fixture("package-lock-v3/package-lock.json"),
    }
    deps, warnings = extract_dependencies(files)
    assert warnings == []
    typescript = [d for d in deps if d.name == "typescript"]
    assert [(d.manifest, d.direct, d.licence) for d in typescript] == [
        ("package.json", True, "Apache-2.0")
    ]


def test_npm_legacy_licence_shapes() -> None:
    lock = {
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "x", "dependencies": {"a": "1", "b": "1", "c": "1", "d": "1"}},
            "node_modules/a": {"version": "1.0.0", "license": {"type": "MIT", "url": "x"}},
            "node_modules/b": {
                "version": "1.0.0",
                "licenses": [
                    {"type": "MIT"},
                    {"url": "https://www.apache.org/licenses/LICENSE-2.0"},
                ],
            },
            "node_modules/c": {"version": "1.0.0", "license": "SEE LICENSE IN LICENSE.md"},
            "node_modules/d": {"version": "1.0.0", "license": 7},
        },
    }
    deps = npm_lock.parse("package-lock.json", json.dumps(lock).encode(), ManifestContext())
    assert {d.name: d.licence for d in deps} == {
        "a": "MIT",
        "b": "MIT OR Apache-2.0",
        "c": "LicenseRef-SEE-LICENSE-IN-LICENSE.md",
        "d": None,
    }


def test_composer_lock_golden() -> None:
    deps = parse_composer_lock(
        "composer.lock", fixture("composer", "composer.lock"), ManifestContext()
    )
    assert {d.name: d.licence for d in deps} == {
        "acme/legacy-bridge": "LicenseRef-Proprietary",
        "doctrine/orm": "MIT",
        "doctrine/persistence": None,  # no "license" key: unknown, not guessed
        "guzzlehttp/guzzle": "MIT",
        "guzzlehttp/promises": None,
        "monolog/monolog": None,
        "psr/http-client": None,
        "psr/log": "MIT",
        "symfony/console": "MIT",
        "symfony/framework-bundle": None,
        "symfony/http-client": None,
        "phpstan/phpstan": "MIT",
        "phpunit/phpunit": "BSD-3-Clause",
        "symfony/maker-bundle": None,
    }


def test_composer_licence_list_is_a_choice() -> None:
    lock = {
        "packages": [
            {"name": "a/b", "version": "1.0.0", "license": ["LGPL-2.1-only", "GPL-3.0-or-later"]},
            {"name": "c/d", "version": "1.0.0", "license": "GPL-2.0+"},
        ]
    }
    deps = parse_composer_lock("composer.lock", json.dumps(lock).encode(), ManifestContext())
    assert [d.licence for d in deps] == ["LGPL-2.1-only OR GPL-3.0-or-later", "GPL-2.0-or-later"]


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("MIT", "MIT"),
        ("(MIT OR Apache-2.0)", "MIT OR Apache-2.0"),
        ("Apache 2.0", "Apache-2.0"),
        ("GPL-3.0", "GPL-3.0-only"),
        ("UNLICENSED", "LicenseRef-Proprietary"),
        ("BSD", "LicenseRef-BSD"),
        ("", None),
        ("   ", None),
        (None, None),
        (3.5, None),
        ([], None),
        (["MIT", "MIT"], "MIT"),
        ([["MIT"]], None),  # nesting deeper than a list of names/objects is ignored
        ({"type": {"deep": "MIT"}}, None),
    ],
)
def test_declared_licence_values(value: object, want: str | None) -> None:
    assert declared_licence(value) == want


def test_hostile_values_are_cut() -> None:
    huge = "MIT " + "x" * 5_000_000
    found = declared_licence(huge)
    assert found is not None
    assert found.startswith("LicenseRef-")
    assert len(found) < MAX_CHARS
    many = declared_licence([f"LicenseRef-{i}" for i in range(10_000)])
    assert many is not None
    assert many.count(" OR ") == 15  # only the first MAX_ITEMS (16) count


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=80),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12))  # fmt: skip
def test_any_json_value_gives_an_expression_or_none(value: object) -> None:
    found = declared_licence(value)
    assert found is None or (isinstance(found, str) and found.strip() == found and found)
