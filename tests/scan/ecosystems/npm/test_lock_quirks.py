"""Format quirks of the npm-ecosystem lock files, on small inline examples."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from tests.budget import SLACK
from tests.scan.ecosystems.npm_helpers import OPT, D, P, Parse, R, fixture, rows

from lodestar.errors import ManifestError
from lodestar.scan.ecosystems.npm import bun as npm_bun
from lodestar.scan.ecosystems.npm import package_lock as npm_lock
from lodestar.scan.ecosystems.npm import pnpm as npm_pnpm
from lodestar.scan.ecosystems.npm import yarn as npm_yarn
from lodestar.scan.ecosystems.registry import ManifestContext

CTX = ManifestContext()


def _lock(packages: dict[str, object], **top: object) -> bytes:
    return json.dumps({"lockfileVersion": 3, **top, "packages": packages}, indent=2).encode()


# --------------------------------------------------------------------------- package-lock.json


def test_package_lock_paths_flags_and_sources() -> None:
    data = _lock(
        {
            "": {"dependencies": {"@a/b": "^1", "tool": "github:me/tool"}},
            "node_modules/@a/b": {
                "version": "1.0.0",
                "resolved": "https://r.example/@a/b/-/b-1.0.0.tgz",
            },
            "node_modules/@a/b/node_modules/@c/d": {"version": "2.0.0", "peer": True},
            "node_modules/@a/b/node_modules/e": {"version": "3.0.0", "inBundle": True},
            "node_modules/tool": {
                "version": "0.1.0",
                "resolved": "git+ssh://git@github.com/me/tool.git#abc",
            },
            "node_modules/tar": {
                "version": "1.0.0",
                "resolved": "https://example.com/tar-1.0.0.tgz",
                "devOptional": True,
            },
            "node_modules/ghp": {
                "version": "1.0.0",
                "resolved": "https://npm.pkg.github.com/download/@o/ghp/1.0.0/abc",
            },
            "node_modules/local": {"resolved": "libs/local", "link": True},
            "node_modules/dir": {"version": "1.0.0", "resolved": "file:libs/dir"},
            "node_modules/odd": "not an object",
            "libs/local": {"name": "local", "version": "0.0.1"},
            "not_node_modules/x": {"version": "1.0.0"},
        }
    )
    assert rows(npm_lock.parse("package-lock.json", data, CTX)) == {
        ("pkg:npm/%40a/b@1.0.0", R, True, "^1"),
        ("pkg:npm/%40c/d@2.0.0", P, False, None),
        ("pkg:npm/e@3.0.0", R, False, None),
        ("pkg:npm/tool", R, True, "github:me/tool"),
        ("pkg:npm/tar", OPT, False, "https://example.com/tar-1.0.0.tgz"),
        ("pkg:npm/ghp@1.0.0", R, False, None),
    }


def test_package_lock_member_resolves_its_own_copy_first() -> None:
    data = _lock(
        {
            "": {"workspaces": ["apps/*"]},
            "apps/web": {"name": "web", "dependencies": {"x": "^2", "y": "^1"}},
            "apps/web/node_modules/x": {"version": "2.0.0"},
            "node_modules/x": {"version": "1.0.0"},
            "node_modules/y": {"version": "1.0.0"},
            "node_modules/web": {"resolved": "apps/web", "link": True},
        }
    )
    deps = npm_lock.parse("package-lock.json", data, CTX)
    assert {(d.purl, d.direct) for d in deps} == {
        ("pkg:npm/x@2.0.0", True),
        ("pkg:npm/x@1.0.0", False),
        ("pkg:npm/y@1.0.0", True),
    }
    assert [d.purl for d in deps if d.name == "x"] == ["pkg:npm/x@1.0.0", "pkg:npm/x@2.0.0"]


def test_package_lock_v1_aliases_and_sources() -> None:
    data = json.dumps(
        {
            "lockfileVersion": 1,
            "dependencies": {
                "cjs": {"version": "npm:string-width@4.2.3"},
                "tool": {"version": "github:me/tool#abc", "dev": True},
                "local": {
                    "version": "file:libs/local",
                    "dependencies": {"z": {"version": "1.0.0"}},
                },
                "vendored": {"version": "file:vendor/v-1.0.0.tgz", "optional": True},
                "bad": {"version": 7},
            },
        }
    ).encode()
    assert rows(npm_lock.parse("package-lock.json", data, CTX)) == {
        ("pkg:npm/string-width@4.2.3", R, False, None),
        ("pkg:npm/tool", D, False, "github:me/tool#abc"),
        ("pkg:npm/z@1.0.0", R, False, None),  # a local package's own dependencies still count
        ("pkg:npm/vendored", OPT, False, "file:vendor/v-1.0.0.tgz"),
    }


@pytest.mark.parametrize("folder", ["/abs", "/", "//", ".", "..", "a/../../b"])
def test_package_lock_odd_folders_end(folder: str) -> None:
    data = _lock({folder: {"dependencies": {"a": "^1"}}, "node_modules/a": {"version": "1.0.0"}})
    # resolution walks up to the root's node_modules, as Node does, and always ends
    assert rows(npm_lock.parse("package-lock.json", data, CTX)) == {
        ("pkg:npm/a@1.0.0", R, True, "^1")
    }


@pytest.mark.parametrize("data", [b"[]", b'"x"', b"{", b""])
def test_package_lock_not_an_object(data: bytes) -> None:
    with pytest.raises(ManifestError):
        npm_lock.parse("package-lock.json", data, CTX)


def test_package_lock_without_packages_is_empty() -> None:
    assert npm_lock.parse("package-lock.json", b'{"lockfileVersion": 3}', CTX) == []


def _best_time(build: Callable[[str], bytes], parse: Parse, path: str, count: int) -> float:
    """The faster of two parses of generated files, in CPU time (fresh names each time, so no
    cache helps; CPU time, so other processes on a loaded machine do not count)."""
    best = float("inf")
    for run in range(2):
        data = build(f"run{run}")
        assert len(data) > 3_500_000
        start = time.process_time()
        deps = parse(path, data, CTX)
        best = min(best, (time.process_time() - start) / SLACK)
        assert len(deps) == count
    return best


def _package_lock(prefix: str) -> bytes:
    packages: dict[str, object] = {"": {"dependencies": {f"p{i}": "^1" for i in range(100)}}}
    for i in range(12_000):
        packages[f"node_modules/@{prefix}{i % 40}/p{i}"] = {
            "version": f"1.{i % 50}.{i % 7}",
            "resolved": f"https://registry.npmjs.org/@s{i % 40}/p{i}/-/p{i}-1.0.0.tgz",
            "integrity": "sha512-" + "A" * 86 + "==",
            "dev": i % 2 == 0,
            "license": "MIT",
            "dependencies": {f"@s{j % 40}/p{j}": f"^1.{j}.0" for j in range(i, i + 6)},
            "engines": {"node": ">=14"},
        }
    return _lock(packages)


def test_large_package_lock_is_fast() -> None:
    assert _best_time(_package_lock, npm_lock.parse, "package-lock.json", 12_000) < 1.0


# --------------------------------------------------------------------------- yarn.lock


CLASSIC = b"""\
# yarn lockfile v1


"@scope/a@^1.0.0", "@scope/a@>= 1.2 < 2":
  version "1.4.0"
  resolved "https://registry.yarnpkg.com/@scope/a/-/a-1.4.0.tgz#abc"
  dependencies:
    b "^2.0.0"
  optionalDependencies:
    c "*"

b@^2.0.0:
  version "2.1.0"

c@*:
  version "0.3.0"

link-me@link:../x:
  version "0.0.0"
"""


def test_yarn_classic_headers_and_edges() -> None:
    ctx = ManifestContext.of({"package.json": b'{"devDependencies": {"@scope/a": ">= 1.2 < 2"}}'})
    deps = npm_yarn.parse("yarn.lock", CLASSIC, ctx)
    assert rows(deps) == {
        ("pkg:npm/%40scope/a@1.4.0", D, True, ">= 1.2 < 2"),
        ("pkg:npm/b@2.1.0", D, False, None),
        ("pkg:npm/c@0.3.0", D, False, None),
    }
    assert [d.line for d in deps] == [4, 12, 15]


def test_yarn_classic_crlf_reads_the_same() -> None:
    crlf = CLASSIC.replace(b"\n", b"\r\n")
    assert rows(npm_yarn.parse("yarn.lock", crlf, CTX)) == rows(
        npm_yarn.parse("yarn.lock", CLASSIC, CTX)
    )


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"a@^1:\n  version 1\nnot a header\n", 3),
        (b"  version 1\n", 1),
        (b"a@^1:\n\tversion 1\n", 2),
        (b"<<<<<<< HEAD\n", 1),
    ],
)
def test_yarn_classic_errors_name_the_line(data: bytes, line: int) -> None:
    with pytest.raises(ManifestError) as err:
        npm_yarn.parse("yarn.lock", data, CTX)
    assert err.value.line == line


@pytest.mark.parametrize(
    "data",
    [
        b"a@^1:\n  version" + b" " * 1_000_000 + b"x\n",
        b"b" + b", b" * 200_000 + b" :\n",
        b'"a' + b', "a' * 200_000 + b":\n",
        b'"' + b'\\"' * 300_000 + b":\n",
    ],
)
def test_yarn_classic_long_lines_are_linear(data: bytes) -> None:
    start = time.process_time()
    npm_yarn.parse("yarn.lock", data, CTX)
    assert (time.process_time() - start) / SLACK < 1.0


BERRY = b"""\
__metadata:
  version: 6

"a@npm:^1.0.0":
  version: 1.0.0
  resolution: "a@npm:1.0.0"
  dependencies:
    b: ^2.0.0
    fsevents: ~2.3.0
  dependenciesMeta:
    fsevents:
      optional: true

"b@npm:^2.0.0":
  version: 2.0.0
  resolution: "b@npm:2.0.0"

"fsevents@npm:~2.3.0":
  version: 2.3.3
  resolution: "fsevents@npm:2.3.3"

"local@portal:../local::locator=root%40workspace%3A.":
  version: 0.0.0-use.local
  resolution: "local@portal:../local::locator=root%40workspace%3A."

"root@workspace:.":
  version: 0.0.0-use.local
  resolution: "root@workspace:."
  dependencies:
    a: ^1.0.0
    local: "portal:../local::locator=root%40workspace%3A."
"""


def test_yarn_berry_v6_bare_ranges_and_optional_edges() -> None:
    assert rows(npm_yarn.parse("yarn.lock", BERRY, CTX)) == {
        ("pkg:npm/a@1.0.0", R, True, "^1.0.0"),
        ("pkg:npm/b@2.0.0", R, False, None),
        ("pkg:npm/fsevents@2.3.3", OPT, False, None),
    }


@pytest.mark.parametrize(
    "data",
    [
        b"__metadata:\n  version: 8\n- a\n",
        b"__metadata:\n  version: 8\nx: &a [1]\ny: *a\n",
        b"__metadata: !!python/object/apply:os.system [echo]\n",
        b"__metadata:\n" + b"  " * 3 + b"[" * 100_000,
    ],
)
def test_yarn_berry_hostile_yaml_is_refused(data: bytes) -> None:
    with pytest.raises(ManifestError):
        npm_yarn.parse("yarn.lock", data, CTX)


# --------------------------------------------------------------------------- pnpm-lock.yaml


def test_pnpm_v5_single_project_without_flags() -> None:
    data = b"""\
lockfileVersion: 5.3

specifiers:
  '@types/node': ^20.0.0
  lib: link:../lib
  x: ^1.0.0

dependencies:
  lib: link:../lib
  x: 1.10.0_@types+node@20.1.0

devDependencies:
  '@types/node': 20.1.0

packages:

  /@types/node/20.1.0:
    resolution: {integrity: sha512-AAAA}

  /x/1.10.0_@types+node@20.1.0:
    resolution: {integrity: sha512-BBBB}
    peerDependencies:
      '@types/node': '*'
    dependencies:
      '@types/node': 20.1.0
"""
    assert rows(npm_pnpm.parse("pnpm-lock.yaml", data, CTX)) == {
        ("pkg:npm/x@1.10.0", R, True, "^1.0.0"),  # 1.10 stays a string, never the float 1.1
        ("pkg:npm/%40types/node@20.1.0", P, True, "^20.0.0"),  # runtime x's peer beats dev root
    }


def test_pnpm_v9_directory_packages_are_local() -> None:
    data = b"""\
lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      tools:
        specifier: file:tools
        version: file:tools

packages:

  tools@file:tools:
    resolution: {directory: tools, type: directory}

snapshots:

  tools@file:tools: {}
"""
    assert npm_pnpm.parse("pnpm-lock.yaml", data, CTX) == []


@pytest.mark.parametrize(
    "data",
    [
        b"- a\n- b\n",
        b"packages: !!set {a}\n",
        b"a: &x {b: 1}\nc: *x\n",
        b"lockfileVersion: '9.0'\nimporters: {" * 1 + b"[" * 50_000,
        b"\x00\x01\x02",
    ],
)
def test_pnpm_hostile_or_broken_yaml_is_refused(data: bytes) -> None:
    with pytest.raises(ManifestError):
        npm_pnpm.parse("pnpm-lock.yaml", data, CTX)


def test_pnpm_empty_and_huge_numbers() -> None:
    assert npm_pnpm.parse("pnpm-lock.yaml", b"", CTX) == []
    assert npm_pnpm.parse("pnpm-lock.yaml", b"lockfileVersion: " + b"9" * 100_000, CTX) == []


def _pnpm_lock(prefix: str) -> bytes:
    lines = ["lockfileVersion: '9.0'", "", "importers:", "", "  .:", "    dependencies:"]
    lines += [
        f"      {prefix}{i}:\n        specifier: ^1.0.0\n        version: 1.0.{i}"
        for i in range(50)
    ]
    lines += ["", "packages:", ""]
    lines += [
        f"  {prefix}{i}@1.0.{i}:\n    resolution: {{integrity: sha512-{'A' * 86}==}}\n"
        for i in range(12_000)
    ]
    lines += ["snapshots:", ""]
    for i in range(12_000):
        deps = "".join(
            f"      {prefix}{j}: 1.0.{j}\n" for j in range(i * 7 % 11990, i * 7 % 11990 + 5)
        )
        lines.append(f"  {prefix}{i}@1.0.{i}:\n    dependencies:\n{deps}")
    return "\n".join(lines).encode()


def test_large_pnpm_lock_is_fast() -> None:
    assert _best_time(_pnpm_lock, npm_pnpm.parse, "pnpm-lock.yaml", 12_000) < 1.5


# --------------------------------------------------------------------------- bun.lock


def test_bun_jsonc_aliases_nested_copies_and_sources() -> None:
    data = b"""{
  // bun writes no comments, but JSONC allows them
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": { "a": "^1", "cjs": "npm:b@^2", "t": "https://x.example/t.tgz", },
    },
  },
  "packages": {
    "a": ["a@1.0.0", "", { "dependencies": { "b": "^3" }, "optionalDependencies": { "o": "^1" } }],
    "a/b": ["b@3.0.0", "", {}, "sha512-B"], /* a's own copy */
    "cjs": ["b@2.0.0", "", {}, "sha512-C"],
    "o": ["o@1.0.0", "", {}, "sha512-O"],
    "t": ["t@https://x.example/t.tgz", {}],
    "self": ["app@root:", {}],
    "odd": "not an array",
  },
}"""
    assert rows(npm_bun.parse("bun.lock", data, CTX)) == {
        ("pkg:npm/a@1.0.0", R, True, "^1"),
        ("pkg:npm/b@3.0.0", R, False, None),
        ("pkg:npm/b@2.0.0", R, True, "npm:b@^2"),
        ("pkg:npm/o@1.0.0", OPT, False, None),
        ("pkg:npm/t", R, True, "https://x.example/t.tgz"),
    }


@pytest.mark.parametrize(
    "data",
    [b"[" * 100_000, b'{"packages": {}, "x": ' + b"1" * 10_000 + b"}", b'{"a" 1}', b"[1]", b"\xff"],
)
def test_bun_hostile_or_broken_input_is_refused(data: bytes) -> None:
    with pytest.raises(ManifestError):
        npm_bun.parse("bun.lock", data, CTX)


def test_bun_unterminated_comments_are_linear() -> None:
    data = b"{" + b"/*" * 500_000
    start = time.process_time()
    with pytest.raises(ManifestError):
        npm_bun.parse("bun.lock", data, CTX)
    assert (time.process_time() - start) / SLACK < 1.0


def test_bun_deep_paths_are_bounded() -> None:
    key = "/".join(f"p{i}" for i in range(2000))
    doc = {"packages": {key: ["p@1.0.0", "", {"dependencies": {"q": "1"}}, ""]}}
    assert len(npm_bun.parse("bun.lock", json.dumps(doc).encode(), CTX)) == 1


def test_real_bun_fixture_reads_without_the_manifest() -> None:
    deps = npm_bun.parse("bun.lock", fixture("bun/bun.lock"), CTX)
    assert len(deps) == 50  # the lock's own workspaces section gives the roots
