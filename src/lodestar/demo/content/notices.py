"""nw-cli's third-party notice as ``lodestar notice nw-cli --output NOTICE`` wrote it for the
0.5.0 release, and the code it vendored afterwards (the demo's stale NOTICE).

The demo layer imports no analysis, so the file is written here in Lodestar's notice format
(:mod:`lodestar.analysis.notices`); ``tests/demo/test_demo_notice.py`` holds the two to each other.
"""

from __future__ import annotations

from collections.abc import Mapping

from lodestar.demo.content.licences import APACHE_2_0

__all__ = ["SEMVER_LITE", "nw_cli_notice"]

_SEPARATOR = "-" * 80


def nw_cli_notice(direct: Mapping[str, str], transitive: Mapping[str, str]) -> str:
    """The NOTICE of nw-cli for these crate versions (no crate licences: Cargo.lock has none)."""
    crates = {**{n: (v, "Cargo.lock") for n, v in transitive.items()}}
    crates |= {n: (v, "Cargo.toml") for n, v in direct.items()}
    lines = [
        "THIRD-PARTY SOFTWARE NOTICES",
        "",
        "Repository: nw-cli",
        "Context: distributed (every runtime dependency and every vendored component)",
        f"Components: {len(crates)} ({len(crates)} with licence not determined)",
        "",
        "This file lists the third-party components this software includes or depends on, with",
        "their licences and copyright notices, followed by the full text of each licence.",
        "Written by Lodestar: `lodestar notice nw-cli --output FILE`;",
        "checked with `lodestar notice nw-cli --check`. Do not edit it by hand.",
        "",
    ]
    for name in sorted(crates, key=lambda n: f"pkg:cargo/{n}"):
        version, manifest = crates[name]
        lines += [
            _SEPARATOR,
            f"Component: {name} {version}",
            f"Identifier: pkg:cargo/{name}",
            "Licence: licence not determined",
            f"Declared in: {manifest}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


_LIB = """//! Semantic version parsing and comparison, vendored from semver-lite 0.3.1.
// SPDX-License-Identifier: Apache-2.0

pub fn parse(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.trim_start_matches('v').splitn(3, '.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = parts.next()?.parse().ok()?;
    Some((major, minor, patch))
}
"""

_NOTICE = """semver-lite
Copyright 2023 The semver-lite Authors

This product includes software developed at Tidewater Tools (https://tidewater.example).
"""

# vendored after the NOTICE was written: an Apache-2.0 component with a NOTICE file of its own
SEMVER_LITE: dict[str, str] = {
    "vendor/semver-lite/LICENSE": APACHE_2_0,
    "vendor/semver-lite/NOTICE": _NOTICE,
    "vendor/semver-lite/src/lib.rs": _LIB,
}
