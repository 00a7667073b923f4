"""Golden tests of every npm-ecosystem lock format against the same application and workspaces."""

from __future__ import annotations

import posixpath

import pytest
from tests.scan.ecosystems.npm_helpers import (
    APP,
    MONOREPO,
    OPT,
    B,
    D,
    Parse,
    R,
    Row,
    app_context,
    expected,
    fixture,
    rows,
    tree,
)

from lodestar.records import Dependency
from lodestar.scan.dependencies import extract_dependencies
from lodestar.scan.ecosystems import (
    ManifestContext,
    parsers_for,
)
from lodestar.scan.ecosystems.npm import bun as npm_bun
from lodestar.scan.ecosystems.npm import package_lock as npm_lock
from lodestar.scan.ecosystems.npm import pnpm as npm_pnpm
from lodestar.scan.ecosystems.npm import yarn as npm_yarn
from lodestar.scan.ecosystems.registry import ManifestParser

I18NEXT = "pkg:npm/i18next@23.12.2"
TYPESCRIPT = "pkg:npm/typescript@5.5.4"
# npm 6 and Yarn do not install peers, so i18next is missing and typescript is only the root's
# dev dependency; pnpm 7 (5.4 locks) leaves the missing peer i18next out too.
NO_PEERS = expected(APP, drop=[I18NEXT], change={TYPESCRIPT: (D, True, "~5.5.3")})

APP_CASES: list[tuple[str, Parse, set[Row]]] = [
    ("package-lock-v1/package-lock.json", npm_lock.parse, NO_PEERS),
    ("package-lock-v2/package-lock.json", npm_lock.parse, expected(APP)),
    ("package-lock-v3/package-lock.json", npm_lock.parse, expected(APP)),
    ("yarn-classic/yarn.lock", npm_yarn.parse, NO_PEERS),
    ("yarn-berry/yarn.lock", npm_yarn.parse, NO_PEERS),
    ("pnpm-v5/pnpm-lock.yaml", npm_pnpm.parse, expected(APP, drop=[I18NEXT])),
    ("pnpm-v6/pnpm-lock.yaml", npm_pnpm.parse, expected(APP)),
    ("pnpm-v9/pnpm-lock.yaml", npm_pnpm.parse, expected(APP)),
    ("bun/bun.lock", npm_bun.parse, expected(APP)),
]


def _parse_app(name: str, parse: Parse, *, with_manifest: bool = True) -> list[Dependency]:
    lock = posixpath.basename(name)
    data = fixture(name)
    return parse(lock, data, app_context(lock, data, with_manifest=with_manifest))


@pytest.mark.parametrize(("name", "parse", "want"), APP_CASES, ids=[c[0] for c in APP_CASES])
def test_application_golden(name: str, parse: Parse, want: set[Row]) -> None:
    deps = _parse_app(name, parse)
    assert rows(deps) == want
    assert len(deps) == len(want)  # one record per purl
    for dep in deps:
        assert dep.manifest == posixpath.basename(name)
        assert dep.version == (dep.purl.rpartition("@")[2] if "@" in dep.purl[9:] else None)


@pytest.mark.parametrize(("name", "parse", "want"), APP_CASES, ids=[c[0] for c in APP_CASES])
def test_root_version_of_a_duplicate_comes_first(name: str, parse: Parse, want: set[Row]) -> None:
    """The merge step keeps the first version of a package: it must be the one the root uses."""
    semvers = [d.purl for d in _parse_app(name, parse) if d.name == "semver"]
    assert semvers == ["pkg:npm/semver@7.6.3", "pkg:npm/semver@6.3.1"]


@pytest.mark.parametrize(("name", "parse", "want"), APP_CASES, ids=[c[0] for c in APP_CASES])
def test_lines_point_at_the_package(name: str, parse: Parse, want: set[Row]) -> None:
    text = fixture(name).decode().splitlines()
    deps = _parse_app(name, parse)
    located = [(d.name, d.line) for d in deps if d.line is not None]
    assert len(located) >= len(deps) - 1  # package-lock v1 knows top-level entries only
    for dep_name, line in located:
        assert dep_name.split("/")[-1] in text[line - 1], (dep_name, line)


@pytest.mark.parametrize(
    "name",
    ["package-lock-v1/package-lock.json", "yarn-classic/yarn.lock"],
)
def test_without_the_manifest_nothing_is_direct(name: str) -> None:
    parse = npm_lock.parse if name.endswith(".json") else npm_yarn.parse
    deps = _parse_app(name, parse, with_manifest=False)
    assert {d.purl for d in deps} == {purl for purl, *_ in NO_PEERS}
    assert not any(d.direct for d in deps)
    assert not any(d.constraint for d in deps if "@" in d.purl[9:])


def test_package_lock_v1_without_manifest_keeps_its_flags() -> None:
    deps = _parse_app("package-lock-v1/package-lock.json", npm_lock.parse, with_manifest=False)
    scopes = {d.purl: d.scope for d in deps}
    assert scopes["pkg:npm/vite@5.3.5"] == D
    assert scopes["pkg:npm/react@18.3.1"] == R


def test_yarn_classic_without_manifest_is_all_runtime() -> None:
    deps = _parse_app("yarn-classic/yarn.lock", npm_yarn.parse, with_manifest=False)
    assert {d.scope for d in deps} == {R}


def test_yarn_berry_without_manifest_takes_roots_from_the_workspace_entry() -> None:
    deps = _parse_app("yarn-berry/yarn.lock", npm_yarn.parse, with_manifest=False)
    direct = {d.name: d.constraint for d in deps if d.direct}
    assert direct == {
        "@tanstack/react-query": "^5.51.1",
        "@types/react": "^18.3.3",
        "@vitejs/plugin-react": "^4.3.1",
        "acme-theme": "github:acme-corp/acme-theme#v2.1.0",
        "chart-lib": "file:vendor/chart-lib-1.4.0.tgz::locator=acme-web%40workspace%3A.",
        "fsevents": "~2.3.3",
        "lodash": "4.17.21",
        "react": "^18.3.1",
        "react-dom": "^18.3.1",
        "react-i18next": "^15.0.1",
        "semver": "^7.6.3",
        "string-width": "npm:string-width@^4.2.0",
        "typescript": "~5.5.3",
        "vite": "^5.3.4",
    }
    scopes = {d.purl: d.scope for d in deps}
    assert scopes["pkg:npm/vite@5.3.5"] == R  # the lock alone cannot tell dev from runtime
    assert scopes["pkg:npm/%40esbuild/linux-x64@0.21.5"] == OPT  # an optional edge still counts


MONO_CASES: list[tuple[str, Parse, set[Row]]] = [
    ("monorepo-npm/package-lock.json", npm_lock.parse, expected(MONOREPO)),
    ("monorepo-npm/yarn.lock", npm_yarn.parse, expected(MONOREPO)),
    (
        "monorepo-workspace-protocol/pnpm-lock.yaml",
        npm_pnpm.parse,
        expected(MONOREPO, change={"pkg:npm/%40acme/pnpm-config@1.2.0": (B, True, "1.2.0")}),
    ),
    ("monorepo-workspace-protocol/yarn.lock", npm_yarn.parse, expected(MONOREPO)),
    ("monorepo-workspace-protocol/bun.lock", npm_bun.parse, expected(MONOREPO)),
]


@pytest.mark.parametrize(("name", "parse", "want"), MONO_CASES, ids=[c[0] for c in MONO_CASES])
def test_workspace_golden(name: str, parse: Parse, want: set[Row]) -> None:
    """Members are never packages; their own dependencies are direct, a member's non-hoisted
    copy (clsx 1.2.1 for packages/app) is kept beside the hoisted one."""
    folder, lock = name.split("/", 1)
    files = tree(folder)
    deps = parse(lock, files[lock], ManifestContext.of(files))
    assert rows(deps) == want
    assert not any(d.name.startswith("@acme/") and d.scope is not B for d in deps)


def test_parsers_are_registered_by_file_name() -> None:
    def names(path: str) -> set[str]:
        return {p.name for p in parsers_for(path) if p.ecosystem == "npm"}

    assert names("a/package-lock.json") == {"npm-package-lock"}
    assert names("npm-shrinkwrap.json") == {"npm-package-lock"}
    assert names("yarn.lock") == {"npm-yarn-lock"}
    assert names("web/pnpm-lock.yaml") == {"npm-pnpm-lock"}
    assert names("bun.lock") == {"npm-bun-lock"}
    assert names("bun.lockb") == set()  # binary: not read
    locks: list[ManifestParser] = [p for p in parsers_for("yarn.lock") if p.ecosystem == "npm"]
    assert all(p.lock for p in locks)


def test_shrinkwrap_reads_like_a_package_lock() -> None:
    data = fixture("package-lock-v3/package-lock.json")
    deps = npm_lock.parse("npm-shrinkwrap.json", data, app_context("npm-shrinkwrap.json", data))
    assert rows(deps) == expected(APP)


def test_merge_with_the_manifest_gives_locked_versions() -> None:
    files = {
        "package.json": fixture("app/package.json"),
        "package-lock.json": fixture("package-lock-v3/package-lock.json"),
    }
    deps, warnings = extract_dependencies(files)
    assert warnings == []
    react = [d for d in deps if d.name == "react"]
    assert [(d.purl, d.direct, d.constraint, d.manifest) for d in react] == [
        ("pkg:npm/react@18.3.1", True, "^18.3.1", "package.json")
    ]
