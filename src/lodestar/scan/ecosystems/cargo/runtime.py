"""Rust versions a Cargo project's own files declare, for the EOL checks
(:mod:`lodestar.scan.runtimes`): ``Cargo.toml``'s ``rust-version`` (the MSRV, supported) and
``rust-toolchain[.toml]``'s channel when it is a version (deployed)."""

from __future__ import annotations

from lodestar.scan.runtimes_files import (
    BARE_VERSION,
    first_token,
    get,
    load_toml,
    shared_toml,
    toml_key_line,
)
from lodestar.scan.runtimes_versions import SUPPORTED, Declared, Source, Warn


def read_rust_toolchain(source: Source, warn: Warn) -> list[Declared]:
    """``rust-toolchain.toml``'s ``[toolchain] channel``, or the legacy file's one line."""
    if source.name.endswith(".toml") or source.text.lstrip().startswith("["):
        channel = get(load_toml(source.text, warn), "toolchain", "channel")
        if not isinstance(channel, str):
            return []
        return [
            Declared("rust", channel, channel, toml_key_line(source.text, "toolchain", "channel"))
        ]
    first = first_token(source, warn)
    return [Declared("rust", first[1], first[1], first[0])] if first else []


def read_cargo_toml(source: Source, warn: Warn) -> list[Declared]:
    """``rust-version`` of ``[package]`` or ``[workspace.package]``: the oldest Rust (MSRV) the
    crate builds with, so a minimum (``1.72`` admits 1.72 and later)."""
    doc = shared_toml(source, warn)
    for table in ("package", "workspace.package"):
        value = get(doc, *table.split("."), "rust-version")
        if isinstance(value, str) and BARE_VERSION.fullmatch(value.strip()):
            line = toml_key_line(source.text, table, "rust-version")
            return [Declared("rust", f">={value.strip()}", value, line, True, SUPPORTED)]
    return []
