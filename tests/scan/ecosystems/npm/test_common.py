"""The shared pieces of the npm-ecosystem parsers: specs, scopes, JSONC, YAML, workspaces."""

from __future__ import annotations

import time

import pytest
from tests.budget import SLACK
from tests.scan.ecosystems.npm_helpers import OPT, B, D, P, R

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.ecosystems.npm.common import (
    Collector,
    Kind,
    load_json,
    parse_spec,
    propagate,
    stronger,
)
from lodestar.scan.ecosystems.npm.workspaces import local_names, member_dirs
from lodestar.scan.ecosystems.registry import ManifestContext


@pytest.mark.parametrize(
    ("spec", "name", "kind", "version"),
    [
        ("^1.2.0", "dep", Kind.REGISTRY, None),
        ("1.2.0", "dep", Kind.REGISTRY, "1.2.0"),
        (" = v1.2.0-rc.1+build.5 ", "dep", Kind.REGISTRY, "1.2.0-rc.1+build.5"),
        ("1.2", "dep", Kind.REGISTRY, None),
        ("next", "dep", Kind.REGISTRY, None),
        ("npm:other@1.0.0", "other", Kind.REGISTRY, "1.0.0"),
        ("npm:@s/other", "@s/other", Kind.REGISTRY, None),
        ("npm:^2.0.0", "dep", Kind.REGISTRY, None),  # Berry's protocol, not an alias
        ("npm:x", "dep", Kind.REGISTRY, None),  # an x-range
        ("npm:xtend@4", "xtend", Kind.REGISTRY, None),
        ("patch:dep@npm%3A1.0.0#./p.patch", "dep", Kind.REGISTRY, "1.0.0"),
        ("patch:dep@patch:x#y", "dep", Kind.OTHER, None),
        ("workspace:^", "dep", Kind.LOCAL, None),
        ("link:../x", "dep", Kind.LOCAL, None),
        ("portal:../x", "dep", Kind.LOCAL, None),
        ("catalog:react18", "dep", Kind.OTHER, None),
        ("jsr:^1.0.0", "dep", Kind.OTHER, None),
        ("file:../x", "dep", Kind.FILE, None),
        ("../x", "dep", Kind.FILE, None),
        ("vendor/x-1.0.0.tgz", "dep", Kind.FILE, None),
        ("github:u/r", "dep", Kind.GIT, None),
        ("u/r#v1.0.0", "dep", Kind.GIT, None),
        ("git@github.com:u/r.git", "dep", Kind.GIT, None),
        ("https://github.com/u/r.git#main", "dep", Kind.GIT, None),
        ("https://example.com/x-1.0.0.tgz", "dep", Kind.URL, None),
    ],
)
def test_parse_spec(spec: str, name: str, kind: Kind, version: str | None) -> None:
    parsed = parse_spec("dep", spec)
    assert (parsed.name, parsed.kind, parsed.version) == (name, kind, version)


def test_stronger_orders_scopes() -> None:
    order = [R, P, OPT, B, D]
    for i, a in enumerate(order):
        for b in order[i:]:
            assert stronger(a, b) == stronger(b, a) == a


def test_propagate_weakens_along_edges_and_keeps_the_strongest_path() -> None:
    graph: dict[str, list[tuple[str, Scope | None]]] = {
        "app": [("lib", None), ("maybe", OPT), ("host", P)],
        "lib": [("shared", None)],
        "maybe": [("deep", None)],
        "host": [("deep", None), ("opt-under-peer", OPT)],
        "tool": [("shared", None), ("devonly", None), ("maybe", None)],
    }
    scopes = propagate([("app", R), ("tool", D)], lambda n: graph.get(n, []))
    assert scopes == {
        "app": R,
        "lib": R,
        "shared": R,
        "maybe": OPT,  # runtime through an optional edge beats dev
        "host": P,
        "deep": P,  # under a peer: peer beats optional
        "opt-under-peer": OPT,
        "tool": D,
        "devonly": D,
    }


def test_propagate_is_linear_on_long_chains() -> None:
    n = 200_000
    start = time.process_time()
    scopes = propagate([(0, R)], lambda i: [(i + 1, None)] if i < n else [])
    assert len(scopes) == n + 1
    assert (time.process_time() - start) / SLACK < 1.0


def test_collector_keeps_one_record_per_purl() -> None:
    out = Collector("lock")
    out.add("a", version="1.0.0", scope=D, order=(2, "x"))
    out.add("a", version="1.0.0", scope=R, direct=True, constraint="^1", line=7, order=(1, "y"))
    out.add("a", version="2.0.0", scope=D, order=(1, "b"))
    out.add("not a name", version="1", scope=R)
    out.add("b", version="1 0", scope=R)  # not a version: the purl carries none
    assert [(d.purl, d.scope, d.direct, d.constraint, d.line) for d in out.result()] == [
        ("pkg:npm/b", R, False, None, None),
        ("pkg:npm/a@2.0.0", D, False, None, None),
        ("pkg:npm/a@1.0.0", R, True, "^1", 7),
    ]


def test_jsonc_comments_and_trailing_commas_keep_line_numbers() -> None:
    text = '{\n  // c\n  "a": [1, 2,], /* x\n y */\n  "b": "// not a comment, ]",\n}'
    assert load_json("f", text, jsonc=True) == {"a": [1, 2], "b": "// not a comment, ]"}
    with pytest.raises(ManifestError) as err:
        load_json("f", '{\n/* a\nb */\n"a" 1}', jsonc=True)
    assert err.value.line == 4


@pytest.mark.parametrize(
    "text",
    ['"' + '\\"' * 300_000, "/*" * 300_000, "[" + ", " * 300_000 + "]", '"a' * 300_000],
)
def test_jsonc_is_linear_on_hostile_text(text: str) -> None:
    start = time.process_time()
    with pytest.raises(ManifestError):
        load_json("f", text, jsonc=True)
    assert (time.process_time() - start) / SLACK < 1.0


def test_workspace_globs() -> None:
    files = frozenset(
        {
            "package.json",
            "packages/a/package.json",
            "packages/b/package.json",
            "packages/b/node_modules/c/package.json",
            "apps/web/package.json",
            "apps/nested/deep/package.json",
            "tools/x/package.json",
            "tools/y/package.json",
            "tools/y/readme.md",
            "other/z/package.json",
        }
    )
    ctx = ManifestContext(files)
    assert member_dirs(ctx, "", ["packages/*", "apps/**", "tools/{x,y}", "!apps/web"]) == [
        "apps/nested/deep",
        "packages/a",
        "packages/b",
        "tools/x",
        "tools/y",
    ]
    assert member_dirs(ctx, "", ["./packages/*/"]) == ["packages/a", "packages/b"]
    assert member_dirs(ctx, "", ["!packages/*"]) == []
    assert member_dirs(ctx, "tools", ["*"]) == ["tools/x", "tools/y"]


def test_local_names_from_a_member_walk_up_to_the_root() -> None:
    files = {
        "package.json": b'{"workspaces": {"packages": ["libs/*"], "nohoist": ["**"]}}',
        "libs/a/package.json": b'{"name": "@o/a"}',
        "libs/b/package.json": b'{"name": "@o/b"}',
        "libs/broken/package.json": b"{",
        "apps/c/package.json": b'{"name": "c"}',
    }
    ctx = ManifestContext.of(files)
    assert local_names(ctx, "libs/a/package.json", {"name": "@o/a"}) == {"@o/a", "@o/b"}
    assert local_names(ctx, "apps/c/package.json", {"name": "c"}) == set()  # not a member
    assert local_names(ctx, "package.json", {"workspaces": ["libs/*"]}) == {"@o/a", "@o/b"}
