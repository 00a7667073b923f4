"""package.json: golden fixture, every spec form, workspaces, fuzzing, hostile input."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.budget import SLACK
from tests.scan.ecosystems.npm_helpers import (
    OPT,
    D,
    P,
    R,
    check_contract,
    fixture,
    mutated,
    reshaped,
    rows,
    tree,
)

from lodestar.errors import ManifestError
from lodestar.records import Dependency
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.npm.package_json import parse
from lodestar.scan.ecosystems.registry import ManifestContext

CTX = ManifestContext()


def _parse(doc: object, path: str = "package.json", ctx: ManifestContext = CTX) -> list[Dependency]:
    return parse(path, json.dumps(doc, indent=2).encode(), ctx)


def test_registered_for_package_json_only() -> None:
    assert [p.name for p in parsers_for("web/package.json")] == ["npm-package-json"]
    assert not any(p.name == "npm-package-json" for p in parsers_for("package-lock.json"))


def test_react_vite_app_golden() -> None:
    deps = parse("package.json", fixture("app/package.json"), CTX)
    assert rows(deps) == {
        ("pkg:npm/%40tanstack/react-query", R, True, "^5.51.1"),
        ("pkg:npm/acme-theme", R, True, "github:acme-corp/acme-theme#v2.1.0"),
        ("pkg:npm/chart-lib", R, True, "file:vendor/chart-lib-1.4.0.tgz"),  # a vendored tarball
        ("pkg:npm/lodash@4.17.21", R, True, "4.17.21"),  # an exact pin
        ("pkg:npm/react", R, True, "^18.3.1"),
        ("pkg:npm/react-dom", R, True, "^18.3.1"),
        ("pkg:npm/react-i18next", R, True, "^15.0.1"),
        ("pkg:npm/string-width", R, True, "npm:string-width@^4.2.0"),  # the alias's target
        ("pkg:npm/%40types/react", D, True, "^18.3.3"),
        ("pkg:npm/%40vitejs/plugin-react", D, True, "^4.3.1"),
        ("pkg:npm/semver", D, True, "^7.6.3"),
        ("pkg:npm/typescript", D, True, "~5.5.3"),
        ("pkg:npm/vite", D, True, "^5.3.4"),
        ("pkg:npm/fsevents", OPT, True, "~2.3.3"),
    }  # engines and packageManager are not package dependencies
    by_name = {d.name: d for d in deps}
    assert by_name["lodash"].version == "4.17.21"
    assert by_name["react"].version is None
    assert by_name["string-width"].line == 19
    assert by_name["@tanstack/react-query"].line == 12
    assert by_name["fsevents"].line == 29
    assert {d.manifest for d in deps} == {"package.json"}


def test_workspace_members_are_not_external_dependencies() -> None:
    files = tree("monorepo-npm")
    ctx = ManifestContext.of(files)
    app = parse("packages/app/package.json", files["packages/app/package.json"], ctx)
    assert rows(app) == {  # "@acme/ui": "^1.0.0" is the sibling member, not a registry package
        ("pkg:npm/clsx", R, True, "^1.2.1"),
        ("pkg:npm/react", R, True, "^18.3.1"),
        ("pkg:npm/react-dom", R, True, "^18.3.1"),
    }
    ui = parse("packages/ui/package.json", files["packages/ui/package.json"], ctx)
    assert rows(ui) == {  # a peer that is also a dev dependency is both
        ("pkg:npm/clsx", R, True, "^2.1.1"),
        ("pkg:npm/react", P, True, "^18.0.0 || ^19.0.0"),
        ("pkg:npm/react", D, True, "^18.3.1"),
    }
    root = parse("package.json", files["package.json"], ctx)
    assert rows(root) == {
        ("pkg:npm/prettier", D, True, "^3.3.3"),
        ("pkg:npm/typescript", D, True, "~5.5.3"),
    }


def test_workspace_protocol_and_pnpm_workspace_file() -> None:
    files = tree("monorepo-workspace-protocol")
    ctx = ManifestContext.of(files)
    app = parse("packages/app/package.json", files["packages/app/package.json"], ctx)
    assert {d.name for d in app} == {"clsx", "react", "react-dom"}


def test_root_does_not_report_its_members() -> None:
    ctx = ManifestContext.of(
        {
            "package.json": b"",
            "pnpm-workspace.yaml": b"packages:\n  - 'apps/**'\n  - '!apps/legacy'\n",
            "apps/web/package.json": b'{"name": "@acme/web"}',
            "apps/tools/cli/package.json": b'{"name": "acme-cli"}',
            "apps/legacy/package.json": b'{"name": "legacy"}',
            "node_modules/x/package.json": b'{"name": "x"}',
        }
    )
    doc = {
        "name": "root",
        "dependencies": {"@acme/web": "*", "acme-cli": "^2.0.0", "legacy": "^1.0.0", "x": "^1"},
    }
    assert {d.name for d in _parse(doc, ctx=ctx)} == {"legacy", "x"}  # legacy is excluded


def test_large_workspace_is_fast() -> None:
    """Each member reads its siblings' names: n² small reads over a scan, kept cheap."""
    files = {"package.json": b'{"workspaces": ["packages/*"]}'}
    for i in range(300):
        doc = {"name": f"@o/p{i}", "dependencies": {f"@o/p{(i + 1) % 300}": "*", "react": "^18"}}
        files[f"packages/p{i}/package.json"] = json.dumps(doc).encode()
    files.update({f"src/f{i}.ts": b"" for i in range(20_000)})
    ctx = ManifestContext.of(files)
    start = time.process_time()
    found = [
        d.name for p, data in files.items() if p.endswith(".json") for d in parse(p, data, ctx)
    ]
    assert (time.process_time() - start) / SLACK < 3.0
    assert found == ["react"] * 300


@pytest.mark.parametrize(
    ("spec", "purl", "constraint"),
    [
        ("^1.2.3", "pkg:npm/dep", "^1.2.3"),
        ("1.2.3", "pkg:npm/dep@1.2.3", "1.2.3"),
        ("=1.2.3", "pkg:npm/dep@1.2.3", "=1.2.3"),
        ("v2.0.0-beta.1", "pkg:npm/dep@2.0.0-beta.1", "v2.0.0-beta.1"),
        ("1.2.3 - 2.0.0", "pkg:npm/dep", "1.2.3 - 2.0.0"),
        ("latest", "pkg:npm/dep", "latest"),
        ("", "pkg:npm/dep", ""),
        ("*", "pkg:npm/dep", "*"),
        ("npm:@scope/Real@1.0.0", "pkg:npm/%40scope/real@1.0.0", "npm:@scope/Real@1.0.0"),
        ("npm:real", "pkg:npm/real", "npm:real"),
        ("npm:xml2js@^0.6", "pkg:npm/xml2js", "npm:xml2js@^0.6"),
        ("github:user/repo#v1", "pkg:npm/dep", "github:user/repo#v1"),
        ("user/repo#semver:^1", "pkg:npm/dep", "user/repo#semver:^1"),
        ("git+https://github.com/u/r.git#abc", "pkg:npm/dep", "git+https://github.com/u/r.git#abc"),
        ("https://example.com/dep-1.0.0.tgz", "pkg:npm/dep", "https://example.com/dep-1.0.0.tgz"),
        ("file:../vendor/dep.tgz", "pkg:npm/dep", "file:../vendor/dep.tgz"),
        ("catalog:", "pkg:npm/dep", "catalog:"),
        (
            "patch:dep@npm%3A1.0.0#./patches/dep.patch",
            "pkg:npm/dep@1.0.0",
            "patch:dep@npm%3A1.0.0#./patches/dep.patch",
        ),
    ],
)
def test_specs(spec: str, purl: str, constraint: str) -> None:
    [dep] = _parse({"dependencies": {"dep": spec}})
    assert (dep.purl, dep.constraint) == (purl, constraint)


@pytest.mark.parametrize("spec", ["workspace:*", "workspace:^", "link:../dep", "portal:../dep"])
def test_local_specs_are_skipped(spec: str) -> None:
    assert _parse({"dependencies": {"dep": spec}}) == []


def test_file_directory_with_package_json_is_local() -> None:
    ctx = ManifestContext.of({"web/package.json": b"", "libs/util/package.json": b"{}"})
    doc = {"dependencies": {"util": "file:../libs/util", "other": "file:../libs/other"}}
    assert [d.name for d in _parse(doc, "web/package.json", ctx)] == ["other"]


def test_optional_entry_replaces_runtime_entry_and_odd_values_are_ignored() -> None:
    doc = {
        "dependencies": {"a": "^1", "b": "^2", "c": 3, "": "^1", "bad name": "^1"},
        "optionalDependencies": {"a": "^1"},
        "devDependencies": ["not", "a", "mapping"],
        "bundleDependencies": ["b"],
        "engines": {"node": ">=18"},
    }
    assert {(d.name, d.scope) for d in _parse(doc)} == {("a", OPT), ("b", R)}


def test_not_an_object_or_not_json() -> None:
    with pytest.raises(ManifestError) as err:
        parse("package.json", b"[1, 2]", CTX)
    assert err.value.line == 1
    with pytest.raises(ManifestError) as err:
        parse("package.json", b'{\n  "name": "x",\n  "dependencies": {,}\n}', CTX)
    assert err.value.line == 3
    with pytest.raises(ManifestError):
        parse("package.json", b"\xff\xfe{}", CTX)


def test_utf8_bom_and_no_dependencies() -> None:
    assert parse("package.json", b'\xef\xbb\xbf{"name": "x"}', CTX) == []


def test_hostile_input_is_refused_quickly() -> None:
    with pytest.raises(ManifestError):
        parse("package.json", b"[" * 200_000, CTX)
    with pytest.raises(ManifestError):
        parse("package.json", b'{"dependencies": {"a": ' + b"9" * 100_000 + b"}}", CTX)
    globs = json.dumps({"workspaces": ["**/" * 300 + "*" * 400], "dependencies": {"a": "1"}})
    ctx = ManifestContext.of({f"p{i}/{'x/' * 40}package.json": b"{}" for i in range(200)})
    assert len(parse("package.json", globs.encode(), ctx)) == 1


FIXTURES = (fixture("app/package.json"), fixture("monorepo-npm/packages/ui/package.json"))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_list_or_a_manifest_error(data: bytes) -> None:
    check_contract(parse, "package.json", data)


@settings(max_examples=150, deadline=None)
@given(mutated(FIXTURES))
def test_mutated_fixtures_give_a_list_or_a_manifest_error(data: bytes) -> None:
    check_contract(parse, "package.json", data, ManifestContext.of(tree("monorepo-npm")))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FIXTURES).flatmap(lambda f: reshaped(json.loads(f))))
def test_reshaped_fixtures_give_a_list_or_a_manifest_error(doc: object) -> None:
    check_contract(parse, "package.json", json.dumps(doc).encode())
