"""Shared helpers of the npm-ecosystem parser tests: fixtures, expected rows, mutations, contract.

The fixtures under ``fixtures/npm`` describe one small React + Vite application
(``app/package.json``) locked by every lock format and version, plus two workspaces
(``monorepo-npm`` with npm-style member references, ``monorepo-workspace-protocol`` with
``workspace:`` references, pnpm-workspace.yaml and a two-document pnpm 11 lock).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from hypothesis import strategies as st

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.registry import ManifestContext

FIXTURES = Path(__file__).parent / "fixtures" / "npm"

Row = tuple[str, Scope, bool, str | None]
Parse = Callable[[str, bytes, ManifestContext], list[Dependency]]

R, D, OPT, P, B = Scope.RUNTIME, Scope.DEV, Scope.OPTIONAL, Scope.PEER, Scope.BUILD

# What every lock of the application resolves: purl -> (scope, direct, constraint). Scopes follow
# npm's flags: ``i18next`` is only there as react-i18next's peer, ``typescript`` is a dev
# dependency that a runtime package also names as an optional peer (npm's ``devOptional``),
# ``fsevents`` is optional for the root and for vite/rollup. semver is locked at two versions.
APP: dict[str, tuple[Scope, bool, str | None]] = {
    "pkg:npm/%40babel/core@7.25.2": (D, False, None),
    "pkg:npm/%40babel/helper-compilation-targets@7.25.2": (D, False, None),
    "pkg:npm/%40babel/runtime@7.25.0": (R, False, None),
    "pkg:npm/%40esbuild/darwin-arm64@0.21.5": (D, False, None),
    "pkg:npm/%40esbuild/linux-x64@0.21.5": (D, False, None),
    "pkg:npm/%40rollup/rollup-darwin-arm64@4.20.0": (D, False, None),
    "pkg:npm/%40rollup/rollup-linux-x64-gnu@4.20.0": (D, False, None),
    "pkg:npm/%40tanstack/query-core@5.51.21": (R, False, None),
    "pkg:npm/%40tanstack/react-query@5.51.23": (R, True, "^5.51.1"),
    "pkg:npm/%40types/estree@1.0.5": (D, False, None),
    "pkg:npm/%40types/prop-types@15.7.12": (D, False, None),
    "pkg:npm/%40types/react@18.3.3": (D, True, "^18.3.3"),
    "pkg:npm/%40vitejs/plugin-react@4.3.1": (D, True, "^4.3.1"),
    "pkg:npm/acme-theme": (R, True, "github:acme-corp/acme-theme#v2.1.0"),
    "pkg:npm/ansi-regex@5.0.1": (R, False, None),
    "pkg:npm/browserslist@4.23.3": (D, False, None),
    "pkg:npm/caniuse-lite@1.0.30001651": (D, False, None),
    "pkg:npm/chart-lib": (R, True, "file:vendor/chart-lib-1.4.0.tgz"),
    "pkg:npm/csstype@3.1.3": (D, False, None),
    "pkg:npm/debug@4.3.6": (D, False, None),
    "pkg:npm/emoji-regex@8.0.0": (R, False, None),
    "pkg:npm/esbuild@0.21.5": (D, False, None),
    "pkg:npm/fsevents@2.3.3": (OPT, True, "~2.3.3"),
    "pkg:npm/html-parse-stringify@3.0.1": (R, False, None),
    "pkg:npm/i18next@23.12.2": (P, False, None),
    "pkg:npm/is-fullwidth-code-point@3.0.0": (R, False, None),
    "pkg:npm/js-tokens@4.0.0": (R, False, None),
    "pkg:npm/lodash@4.17.21": (R, True, "4.17.21"),
    "pkg:npm/loose-envify@1.4.0": (R, False, None),
    "pkg:npm/lru-cache@5.1.1": (D, False, None),
    "pkg:npm/ms@2.1.2": (D, False, None),
    "pkg:npm/nanoid@3.3.7": (D, False, None),
    "pkg:npm/picocolors@1.0.1": (D, False, None),
    "pkg:npm/postcss@8.4.41": (D, False, None),
    "pkg:npm/react-dom@18.3.1": (R, True, "^18.3.1"),
    "pkg:npm/react-i18next@15.0.1": (R, True, "^15.0.1"),
    "pkg:npm/react-refresh@0.14.2": (D, False, None),
    "pkg:npm/react@18.3.1": (R, True, "^18.3.1"),
    "pkg:npm/regenerator-runtime@0.14.1": (R, False, None),
    "pkg:npm/rollup@4.20.0": (D, False, None),
    "pkg:npm/scheduler@0.23.2": (R, False, None),
    "pkg:npm/semver@6.3.1": (D, False, None),
    "pkg:npm/semver@7.6.3": (D, True, "^7.6.3"),
    "pkg:npm/source-map-js@1.2.0": (D, False, None),
    "pkg:npm/string-width@4.2.3": (R, True, "npm:string-width@^4.2.0"),
    "pkg:npm/strip-ansi@6.0.1": (R, False, None),
    "pkg:npm/typescript@5.5.4": (OPT, True, "~5.5.3"),
    "pkg:npm/vite@5.3.5": (D, True, "^5.3.4"),
    "pkg:npm/void-elements@3.1.0": (R, False, None),
    "pkg:npm/yallist@3.1.1": (D, False, None),
}

# Both workspaces resolve the same packages, whatever the lock format.
MONOREPO: dict[str, tuple[Scope, bool, str | None]] = {
    "pkg:npm/clsx@1.2.1": (R, True, "^1.2.1"),  # packages/app's own, not hoisted
    "pkg:npm/clsx@2.1.1": (R, True, "^2.1.1"),  # packages/ui's, hoisted
    "pkg:npm/js-tokens@4.0.0": (R, False, None),
    "pkg:npm/loose-envify@1.4.0": (R, False, None),
    "pkg:npm/prettier@3.3.3": (D, True, "^3.3.3"),
    "pkg:npm/react-dom@18.3.1": (R, True, "^18.3.1"),
    "pkg:npm/react@18.3.1": (R, True, "^18.3.1"),
    "pkg:npm/scheduler@0.23.2": (R, False, None),
    "pkg:npm/typescript@5.5.4": (D, True, "~5.5.3"),
}


def expected(
    table: dict[str, tuple[Scope, bool, str | None]],
    *,
    drop: Iterable[str] = (),
    change: dict[str, tuple[Scope, bool, str | None]] | None = None,
) -> set[Row]:
    merged = {k: v for k, v in table.items() if k not in set(drop)}
    merged.update(change or {})
    return {
        (purl, scope, direct, constraint) for purl, (scope, direct, constraint) in merged.items()
    }


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def tree(folder: str) -> dict[str, bytes]:
    """Every file of one fixture folder, keyed by its path relative to that folder."""
    base = FIXTURES / folder
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}


def app_context(lock_name: str, lock: bytes, *, with_manifest: bool = True) -> ManifestContext:
    """A repository holding the application's package.json next to ``lock``."""
    files = {lock_name: lock}
    if with_manifest:
        files["package.json"] = fixture("app/package.json")
    return ManifestContext.of(files)


def rows(deps: Iterable[Dependency]) -> set[Row]:
    return {(d.purl, d.scope, d.direct, d.constraint) for d in deps}


def check_contract(
    parse: Parse, path: str, data: bytes, ctx: ManifestContext | None = None
) -> None:
    """Any bytes in: a list of well-formed npm dependencies out, or a ManifestError."""
    try:
        deps = parse(path, data, ctx or ManifestContext.of({path: data}))
    except ManifestError as exc:
        assert exc.path == path
        return
    assert isinstance(deps, list)
    for dep in deps:
        assert isinstance(dep, Dependency)
        assert dep.ecosystem == "npm"
        assert dep.purl.startswith("pkg:npm/")
        assert dep.manifest == path
        assert (dep.version is None) == ("@" not in dep.purl.removeprefix("pkg:npm/%40"))
        assert dep.line is None or dep.line >= 1


TOKENS = (
    *(b"", b"[]", b"{}", b"null", b"1e999", b'"x"', b"-", b": ", b"\n", b"  ", b"@", b"/"),
    *(b"(", b",", b'"', b"'", b"npm:", b"link:", b"workspace:", b"node_modules/", b"#", b"*"),
)


@st.composite
def mutated(draw: st.DrawFn, originals: tuple[bytes, ...]) -> bytes:
    """A fixture with a few slices deleted, duplicated, replaced or spliced with syntax."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(("delete", "insert", "token", "duplicate")))
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 300)))
        if op == "delete":
            del data[start:end]
        elif op == "insert":
            data[start:start] = draw(st.binary(max_size=16))
        elif op == "token":
            data[start:end] = draw(st.sampled_from(TOKENS))
        else:
            data[start:start] = data[start:end]
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def reshaped(draw: st.DrawFn, document: object) -> object:
    """``document`` (parsed JSON or YAML) with a few nested values replaced by arbitrary ones:
    type confusion where the parser expects a mapping, a list or a string."""
    doc = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 4))):
        node = doc
        for _depth in range(draw(st.integers(0, 5))):
            if isinstance(node, dict) and node:
                key = draw(st.sampled_from(sorted(node)))
                if not isinstance(node[key], (dict, list)):
                    break
                node = node[key]
            elif isinstance(node, list) and node:
                child = node[draw(st.integers(0, len(node) - 1))]
                if not isinstance(child, (dict, list)):
                    break
                node = child
        if isinstance(node, dict) and node:
            node[draw(st.sampled_from(sorted(node)))] = draw(JSON_VALUES)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(JSON_VALUES)
    return doc
