"""Rust's Cargo: ``Cargo.toml`` (the manifest) and ``Cargo.lock``."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "cargo-lock",
        "cargo",
        ("Cargo.lock",),
        deferred(__name__, "lock.parse_cargo_lock"),
        lock=True,
    ),
    ManifestParser(
        "cargo-toml", "cargo", ("Cargo.toml",), deferred(__name__, "manifest.parse_cargo_toml")
    ),
)

# metadata files whose package's own licence the family reads
LICENCE_FILES = (("Cargo.toml", deferred(__name__, "manifest.declared_licence_of")),)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (
    ("rust-toolchain", deferred(__name__, "runtime.read_rust_toolchain")),
    ("rust-toolchain.toml", deferred(__name__, "runtime.read_rust_toolchain")),
    ("Cargo.toml", deferred(__name__, "runtime.read_cargo_toml")),
)
