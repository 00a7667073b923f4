"""nw-cli: the developer command line (Rust), dual-licensed.

Planted: ``license = "MIT OR Apache-2.0"`` with LICENSE-MIT and LICENSE-APACHE; Cargo.lock;
annotated tags v0.1.0 … v0.5.0 with a tag-triggered release workflow; SPDX headers; a NOTICE
written for 0.5.0 that went stale (anyhow upgraded, semver-lite vendored after it: the policy
puts nw-cli in the distributed context, so ``lodestar check`` reports ``notice-stale``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from lodestar.demo.cast import AMARA, CHLOE, YUKI
from lodestar.demo.content import ci, owners, rust
from lodestar.demo.content.licences import APACHE_2_0, mit
from lodestar.demo.content.notices import SEMVER_LITE, nw_cli_notice
from lodestar.demo.factory import Commit
from lodestar.demo.story import Blueprint, Deps, Files, Story
from lodestar.demo.units import Module

README = """# nw

The Northwind developer command line.

```sh
cargo install --git https://github.com/northwind-labs/nw-cli
nw env list
nw deploy status orders-api
```

## Licence

Licensed under either of [Apache License, Version 2.0](LICENSE-APACHE) or
[MIT license](LICENSE-MIT) at your option.
"""


def history() -> list[Commit]:
    s = Story("nw-cli", conventional=True)
    version = {"crate": "0.1.0"}

    def manifests(deps: Mapping[str, str]) -> dict[str, str]:
        return {
            "Cargo.toml": rust.cargo_toml(version["crate"], deps),
            "Cargo.lock": rust.cargo_lock_for(version["crate"], deps),
        }

    upgrades = {"clap": ["4.5.4", "4.5.20"], "tokio": ["1.37.0", "1.41.0"], "anyhow": ["1.0.86"]}
    deps = Deps(dict(rust.DIRECT), upgrades, manifests)
    code = Module("src/commands.rs", rust.commands_rs, list(rust.COMMANDS), feature="Add {title}")

    def start() -> Files:
        return {
            "README.md": README,
            "LICENSE-MIT": mit(2024),
            "LICENSE-APACHE": APACHE_2_0,
            ".gitignore": "/target\n",
            ".github/workflows/ci.yml": ci.github_workflow(
                "ci",
                "rust",
                "stable",
                ["cargo clippy --locked -- -D warnings", "cargo test --locked"],
            ),
            ".github/workflows/release.yml": ci.release_workflow("nw"),
            code.path: code.content(),
            **rust.static_files(),
            **deps.files(),
        }

    def release(v: str) -> Files:
        version["crate"] = v
        return dict(deps.files())

    s.plan(YUKI, (2024, 11, 15, 10), "feat: first cut of nw", compute=start)
    cast = [(YUKI, 6), (CHLOE, 1), (AMARA, 1)]
    s.spread(date(2024, 11, 18), date(2026, 10, 26), 22, cast, s.routine(code, scope="cli"))
    s.releases(
        [
            ("0.2.0", YUKI, (2025, 1, 10, 18)),
            ("0.3.0", YUKI, (2025, 4, 4, 18)),
            ("0.4.0", YUKI, (2025, 9, 12, 18)),
            ("0.5.0", YUKI, (2026, 4, 17, 18)),
        ],
        release,
    )
    s.upgrade(YUKI, (2025, 6, 6, 9), deps, "clap")
    s.upgrade(YUKI, (2025, 11, 7, 9), deps, "tokio")
    s.plan(
        YUKI,
        (2026, 4, 20, 11),
        "docs: third-party NOTICE for the 0.5.0 release",
        compute=lambda: {"NOTICE": nw_cli_notice(deps.current, rust.TRANSITIVE)},
    )
    s.upgrade(CHLOE, (2026, 7, 3, 9), deps, "anyhow")
    s.plan(AMARA, (2026, 8, 14, 15), "feat: vendor semver-lite for version checks", SEMVER_LITE)
    owners.declare(s, "nw-cli")
    return s.play()


BLUEPRINT = Blueprint("nw-cli", history, "Rust CLI, MIT OR Apache-2.0")
