"""Cargo.toml and Cargo.lock parsers: golden fixtures, edge cases, fuzzing, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.scan.ecosystems.polyglot_fuzz import (
    HOSTILE,
    LARGE,
    context,
    fixture,
    list_or_manifest_error,
    mutated,
    refused_in,
    rows,
    timed,
)

from lodestar.errors import ManifestError
from lodestar.records import Scope
from lodestar.scan.ecosystems import parsers_for
from lodestar.scan.ecosystems.cargo.lock import parse_cargo_lock
from lodestar.scan.ecosystems.cargo.manifest import parse_cargo_toml
from lodestar.scan.ecosystems.registry import ManifestContext

R, D, B, OPT = Scope.RUNTIME, Scope.DEV, Scope.BUILD, Scope.OPTIONAL
C = "pkg:cargo/"
CTX = ManifestContext()
API = "crates/api/Cargo.toml"
TOWER = "git%2Bhttps://github.com/tower-rs/tower-http"
SQLX = "git%2Bhttps://github.com/launchbadge/sqlx"
ACME_REGISTRY = "https://cargo.acme.example/index/"


def test_parsers_are_registered() -> None:
    assert [p.name for p in parsers_for("crates/x/Cargo.toml")] == ["cargo-toml"]
    assert [(p.name, p.lock) for p in parsers_for("Cargo.lock")] == [("cargo-lock", True)]


def test_workspace_member_golden() -> None:
    deps = parse_cargo_toml(API, fixture("cargo", API), context("cargo"))
    assert rows(deps) == {
        (C + "anyhow", R, True, "1.0.81"),  # anyhow.workspace = true
        (C + "axum", R, True, "0.7.4"),  # "0.7.4" means ^0.7.4: no exact version
        (C + "serde", R, True, "1.0.197"),  # inherited, member adds features
        (C + "tokio", OPT, True, "1.36"),  # inherited, optional in the member
        (C + "uuid@1.7.0", R, True, "=1.7.0"),  # an exact requirement
        (C + "reqwest", R, True, "0.11"),
        (C + f"tower-http?vcs_url={TOWER}%40a1b2c3d", R, True, None),
        (C + "log", R, True, "0.4.21"),  # log_facade = { package = "log" }
        (C + f"sqlx?vcs_url={SQLX}%40main", R, True, "0.8.0-alpha.0"),
        (C + "openssl", OPT, True, "0.10"),
        (C + "serde_json", R, True, "1"),  # a quoted key
        (C + "tracing", R, True, "0.1"),  # [dependencies.tracing] workspace = true
        (C + "tokio", D, True, "1.36"),
        (C + "proptest", D, True, "1.4"),
        (C + "wiremock", D, True, "0.6"),
        (C + "prost-build", B, True, "0.12"),
        (C + "nix", R, True, "0.28"),  # [target.'cfg(unix)'.dependencies]
        (C + "windows-sys", R, True, "0.52"),
        (C + "procfs", D, True, "0.16"),
    }  # fmt: skip
    # acme-core is a path dependency (inherited from the workspace): not external
    assert "acme-core" not in {d.name for d in deps}
    lines = {(d.name, d.scope): d.line for d in deps}
    assert lines[("anyhow", R)] == 15
    assert lines[("serde_json", R)] == 25
    assert lines[("tracing", R)] == 27
    assert lines[("tokio", D)] == 31
    assert lines[("nix", R)] == 39
    assert lines[("procfs", D)] == 45
    log = next(d for d in deps if d.name == "log")
    assert (log.version, log.ecosystem, log.manifest) == (None, "cargo", API)


def test_old_spellings_and_another_member() -> None:
    path = "crates/core/Cargo.toml"
    deps = parse_cargo_toml(path, fixture("cargo", path), context("cargo"))
    assert rows(deps) == {
        (C + "serde", R, True, "1.0.197"),
        (C + "thiserror", R, True, "1.0"),
        (C + "syn", R, True, "2.0.52"),
        (C + "pretty_assertions", D, True, "1.4"),  # [dev_dependencies]
        (C + "cc", B, True, "1.0.90"),  # [build_dependencies]
    }


def test_a_virtual_workspace_root_declares_nothing() -> None:
    assert parse_cargo_toml("Cargo.toml", fixture("cargo", "Cargo.toml"), context("cargo")) == []


def test_without_the_workspace_root_inherited_dependencies_have_no_constraint() -> None:
    deps = parse_cargo_toml(API, fixture("cargo", API), CTX)
    inherited = {(d.name, d.scope): d.constraint for d in deps if d.name in {"anyhow", "tokio"}}
    assert inherited == {("anyhow", R): None, ("tokio", OPT): None, ("tokio", D): None}
    # the path dependency is only known as such through the root: kept, without a version
    assert [d.purl for d in deps if d.name == "acme-core"] == [C + "acme-core"]


def test_a_root_package_that_is_its_own_workspace_and_an_explicit_workspace_path() -> None:
    root = b"""[package]
name = "tool"
version = "1.0.0"
[workspace]
members = ["sub"]
[workspace.dependencies]
clap = { version = "4.5", features = ["derive"] }
[dependencies]
clap = { workspace = true }
"""
    member = b"""[package]
name = "sub"
workspace = "../.."
[dependencies]
clap.workspace = true
"""
    ctx = ManifestContext.of({"Cargo.toml": root, "x/sub/Cargo.toml": member})
    assert rows(parse_cargo_toml("Cargo.toml", root, ctx)) == {(C + "clap", R, True, "4.5")}
    assert rows(parse_cargo_toml("x/sub/Cargo.toml", member, ctx)) == {(C + "clap", R, True, "4.5")}


def test_cargo_lock_golden() -> None:
    deps = parse_cargo_lock("Cargo.lock", fixture("cargo", "Cargo.lock"), CTX)
    sqlx_commit = "5c1b3ba1a6e4e1d5bbad1c7b2a1e5a9f4c3b2a10"
    tower_commit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
    assert rows(deps) == {
        (C + f"acme-telemetry@2.1.0?repository_url={ACME_REGISTRY}", R, True, None),
        (C + "anyhow@1.0.81", R, True, None),
        (C + "axum@0.7.4", R, True, None),
        (C + "log@0.4.21", R, True, None),
        (C + "proc-macro2@1.0.79", R, False, None),
        (C + "quote@1.0.35", R, False, None),
        (C + "serde@1.0.197", R, True, None),
        (C + "serde_derive@1.0.197", R, False, None),
        (C + f"sqlx@0.8.0-alpha.0?vcs_url={SQLX}%40{sqlx_commit}", R, True, None),
        (C + "syn@1.0.109", R, False, None),
        (C + "syn@2.0.52", R, True, None),  # "syn 2.0.52" in a member's dependencies
        (C + "thiserror@1.0.58", R, True, None),
        (C + "thiserror-impl@1.0.58", R, False, None),
        (C + "tokio@1.36.0", R, True, None),
        (C + "tower@0.4.13", R, False, None),
        (C + f"tower-http@0.5.2?vcs_url={TOWER}%40{tower_commit}", R, True, None),
        (C + "unicode-ident@1.0.12", R, False, None),
        (C + "uuid@1.7.0", R, True, None),
    }  # fmt: skip
    # workspace members (no source) are not external
    assert not {"acme-api", "acme-core"} & {d.name for d in deps}
    # several versions of one crate: the one a member uses comes first (for the merge)
    assert [d.version for d in deps if d.name == "syn"] == ["2.0.52", "1.0.109"]
    assert {d.name: d.line for d in deps}["anyhow"] == 37


def test_cargo_lock_v1_with_root_and_metadata() -> None:
    data = b"""[root]
name = "app"
version = "0.1.0"
dependencies = [
 "libc 0.2.40 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "bitflags"
version = "1.0.1"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "libc"
version = "0.2.40"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum libc 0.2.40 (registry+https://github.com/rust-lang/crates.io-index)" = "6fd41f"
"""
    assert rows(parse_cargo_lock("Cargo.lock", data, CTX)) == {
        (C + "bitflags@1.0.1", R, False, None),
        (C + "libc@0.2.40", R, True, None),
    }


def test_cargo_lock_v4_empty() -> None:
    assert parse_cargo_lock("Cargo.lock", b"version = 4\n", CTX) == []


@pytest.mark.parametrize(
    "data",
    [
        b"[dependencies]\nserde = 1\n",
        b"dependencies = 3\n",
        b"[dependencies]\nserde = { version = 1 }\n",
        b'[dependencies]\nserde = { package = ["x"] }\n',
        b"[dependencies\n",
        b'[dependencies]\n"" = "1"\n',
        b"\xff\xfe",
    ],
)
def test_malformed_cargo_toml(data: bytes) -> None:
    with pytest.raises(ManifestError):
        parse_cargo_toml("Cargo.toml", data, CTX)


@pytest.mark.parametrize(
    "data",
    [
        b"package = 1\n",
        b"package = [1]\n",
        b'[[package]]\nname = "x"\nsource = "registry+x"\n',
        b'[[package]]\nname = "x"\ndependencies = "y"\n',
        b'[[package]]\nname = "x"\ndependencies = [1]\n',
        b'[[package]]\nname = ""\nversion = "1.0.0"\nsource = "registry+x"\n',
    ],
)
def test_malformed_cargo_lock(data: bytes) -> None:
    with pytest.raises(ManifestError):
        parse_cargo_lock("Cargo.lock", data, CTX)


def test_toml_errors_carry_the_line() -> None:
    with pytest.raises(ManifestError) as info:
        parse_cargo_toml("Cargo.toml", b'[package]\nname = "x"\nversion = \n', CTX)
    assert info.value.line == 3


_TOML_TOKENS = (
    b"[",
    b"]",
    b"[[package]]",
    b"=",
    b'"',
    b"'",
    b"{",
    b"}",
    b"\n",
    b"workspace = true",
)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    list_or_manifest_error(parse_cargo_toml, "Cargo.toml", data)
    list_or_manifest_error(parse_cargo_lock, "Cargo.lock", data)


@settings(max_examples=150, deadline=None)
@given(mutated(fixture("cargo", API), _TOML_TOKENS))
def test_mutated_cargo_toml(data: bytes) -> None:
    list_or_manifest_error(parse_cargo_toml, API, data, context("cargo"))


@settings(max_examples=100, deadline=None)
@given(mutated(fixture("cargo", "Cargo.lock"), _TOML_TOKENS))
def test_mutated_cargo_lock(data: bytes) -> None:
    list_or_manifest_error(parse_cargo_lock, "Cargo.lock", data)


@pytest.mark.parametrize(
    "data",
    [
        b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        b"x = " + b"{a=" * 50_000 + b"1" + b"}" * 50_000 + b"\n",
        b"x = " + b"9" * 100_000 + b"\n",
    ],
)
def test_hostile_toml_fails_fast(data: bytes) -> None:
    for parse in (parse_cargo_toml, parse_cargo_lock):
        assert refused_in(parse, "Cargo.toml", data) < HOSTILE


def test_large_cargo_lock_is_fast() -> None:
    entries = [
        f'[[package]]\nname = "crate{i}"\nversion = "1.{i}.0"\n'
        f'source = "registry+https://github.com/rust-lang/crates.io-index"\n'
        f'checksum = "{"ab" * 32}"\ndependencies = [\n "crate{i + 1}",\n "serde",\n]\n\n'
        for i in range(22_000)
    ]
    data = ("version = 3\n\n" + "".join(entries)).encode()
    assert len(data) > 5_000_000
    assert timed(lambda: parse_cargo_lock("Cargo.lock", data, CTX)) < LARGE
