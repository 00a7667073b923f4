"""nw-cli: the developer command line, in Rust, dual-licensed MIT OR Apache-2.0."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lodestar.demo.content.lockfiles import Package, cargo_lock
from lodestar.demo.units import Unit

__all__ = [
    "COMMANDS",
    "DIRECT",
    "TRANSITIVE",
    "cargo_lock_for",
    "cargo_toml",
    "commands_rs",
    "static_files",
]

SPDX = "// SPDX-License-Identifier: MIT OR Apache-2.0\n"

DIRECT: dict[str, str] = {
    "anyhow": "1.0.75",
    "clap": "4.4.8",
    "reqwest": "0.11.22",
    "serde": "1.0.193",
    "serde_json": "1.0.108",
    "tokio": "1.34.0",
}

_REQUIRES: dict[str, tuple[str, ...]] = {
    "clap": ("clap_builder", "clap_derive"),
    "clap_builder": ("anstream", "clap_lex", "strsim"),
    "clap_derive": ("heck", "proc-macro2", "quote", "syn"),
    "reqwest": ("bytes", "http", "serde", "serde_json", "tokio", "url"),
    "serde": ("serde_derive",),
    "serde_derive": ("proc-macro2", "quote", "syn"),
    "serde_json": ("itoa", "ryu", "serde"),
    "tokio": ("bytes", "pin-project-lite"),
    "syn": ("proc-macro2", "quote", "unicode-ident"),
    "quote": ("proc-macro2",),
    "proc-macro2": ("unicode-ident",),
    "url": ("form_urlencoded", "idna", "percent-encoding"),
    "form_urlencoded": ("percent-encoding",),
    "http": ("bytes", "fnv", "itoa"),
}

TRANSITIVE: dict[str, str] = {
    "clap_builder": "4.4.8",
    "clap_derive": "4.4.7",
    "clap_lex": "0.6.0",
    "anstream": "0.6.4",
    "strsim": "0.10.0",
    "heck": "0.4.1",
    "proc-macro2": "1.0.70",
    "quote": "1.0.33",
    "syn": "2.0.39",
    "unicode-ident": "1.0.12",
    "serde_derive": "1.0.193",
    "itoa": "1.0.9",
    "ryu": "1.0.15",
    "bytes": "1.5.0",
    "pin-project-lite": "0.2.13",
    "http": "0.2.11",
    "fnv": "1.0.7",
    "url": "2.5.0",
    "form_urlencoded": "1.2.1",
    "idna": "0.5.0",
    "percent-encoding": "2.3.1",
}


def cargo_toml(version: str, deps: Mapping[str, str]) -> str:
    features = {
        "clap": ', features = ["derive"]',
        "serde": ', features = ["derive"]',
        "tokio": ', features = ["rt-multi-thread", "macros"]',
        "reqwest": ', default-features = false, features = ["json", "rustls-tls"]',
    }
    lines = "".join(
        f'{name} = {{ version = "{v}"{features.get(name, "")} }}\n'
        for name, v in sorted(deps.items())
    )
    return (
        "[package]\n"
        'name = "nw-cli"\n'
        f'version = "{version}"\n'
        'edition = "2021"\n'
        'rust-version = "1.70"\n'
        'description = "Northwind developer command line: environments, deploys, secrets"\n'
        'license = "MIT OR Apache-2.0"\n'
        'repository = "https://github.com/northwind-labs/nw-cli"\n\n'
        '[[bin]]\nname = "nw"\npath = "src/main.rs"\n\n'
        f"[dependencies]\n{lines}\n"
        "[profile.release]\nlto = true\nstrip = true\n"
    )


def cargo_lock_for(version: str, deps: Mapping[str, str]) -> str:
    root = Package("nw-cli", version, dict.fromkeys(deps, ""))
    versions = {**TRANSITIVE, **deps}
    packages = [
        Package(name, v, dict.fromkeys(_REQUIRES.get(name, ()), "")) for name, v in versions.items()
    ]
    return cargo_lock(root, packages)


COMMANDS = [
    "env_list",
    "env_describe",
    "deploy_status",
    "deploy_rollback",
    "secrets_get",
    "secrets_rotate",
    "logs_tail",
    "db_connect",
    "feature_flags",
    "oncall_who",
    "service_owners",
    "cost_report",
]


def _command(unit: Unit) -> str:
    group, action = unit.name.split("_", 1)
    return (
        f"\n/// `nw {group} {action}`\n"
        f"pub async fn {unit.name}(client: &Client, limit: usize) -> Result<()> {{\n"
        f'    let items: Vec<Value> = client.get("/{group}/{action}").await?;\n'
        f"    for item in items.iter().take(limit.min({unit.limit})) {{\n"
        '        println!("{}", serde_json::to_string(item)?);\n'
        "    }\n"
        "    Ok(())\n"
        "}\n"
    )


def commands_rs(units: Sequence[Unit]) -> str:
    return (
        SPDX + "//! Subcommand implementations.\n\n"
        "use anyhow::Result;\nuse serde_json::Value;\n\nuse crate::client::Client;\n"
        + "".join(_command(u) for u in units)
    )


def static_files() -> dict[str, str]:
    return {
        "rust-toolchain.toml": (
            '[toolchain]\nchannel = "1.74.0"\ncomponents = ["clippy", "rustfmt"]\n'
        ),
        "src/main.rs": (
            SPDX + "mod client;\nmod commands;\n\n"
            "use anyhow::Result;\nuse clap::Parser;\n\n"
            "/// Northwind developer command line.\n"
            '#[derive(Parser)]\n#[command(name = "nw", version, about)]\n'
            "struct Cli {\n"
            "    /// Subcommand group and action, e.g. `env list`.\n"
            "    args: Vec<String>,\n"
            "    /// Maximum number of items to print.\n"
            "    #[arg(long, default_value_t = 50)]\n"
            "    limit: usize,\n}\n\n"
            "#[tokio::main]\n"
            "async fn main() -> Result<()> {\n"
            "    let cli = Cli::parse();\n"
            "    let client = client::Client::from_env()?;\n"
            '    println!("nw: {} ({} items max)", cli.args.join(" "), cli.limit);\n'
            "    let _ = &client;\n"
            "    Ok(())\n}\n"
        ),
        "src/client.rs": (
            SPDX + "use anyhow::{Context, Result};\nuse serde::de::DeserializeOwned;\n\n"
            "pub struct Client {\n    base: String,\n    http: reqwest::Client,\n}\n\n"
            "impl Client {\n"
            "    pub fn from_env() -> Result<Self> {\n"
            '        let base = std::env::var("NW_API").unwrap_or_else(|_| '
            '"https://platform.northwind-labs.example".into());\n'
            "        Ok(Self { base, http: reqwest::Client::new() })\n    }\n\n"
            "    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {\n"
            '        let url = format!("{}{}", self.base, path);\n'
            "        let response = self.http.get(&url).send().await.context(url.clone())?;\n"
            "        Ok(response.error_for_status()?.json().await?)\n    }\n}\n"
        ),
    }
