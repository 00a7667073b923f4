"""Rust's Cargo: ``Cargo.toml`` (the manifest) and ``Cargo.lock``."""
