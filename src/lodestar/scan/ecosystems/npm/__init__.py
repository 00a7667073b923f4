"""JavaScript packages: package.json, and the npm, pnpm, Yarn and Bun lock files."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "npm-bun-lock", "npm", ("bun.lock",), deferred(__name__, "bun.parse"), lock=True
    ),
    ManifestParser(
        "npm-package-lock",
        "npm",
        ("package-lock.json", "npm-shrinkwrap.json"),
        deferred(__name__, "package_lock.parse"),
        lock=True,
    ),
    ManifestParser(
        "npm-package-json", "npm", ("package.json",), deferred(__name__, "package_json.parse")
    ),
    ManifestParser(
        "npm-pnpm-lock", "npm", ("pnpm-lock.yaml",), deferred(__name__, "pnpm.parse"), lock=True
    ),
    ManifestParser(
        "npm-yarn-lock", "npm", ("yarn.lock",), deferred(__name__, "yarn.parse"), lock=True
    ),
)

# metadata files whose package's own licence the family reads
LICENCE_FILES = (("package.json", deferred(__name__, "package_json.declared_licence_of")),)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (
    (".nvmrc", deferred(__name__, "runtime.read_node_version")),
    (".node-version", deferred(__name__, "runtime.read_node_version")),
    ("package.json", deferred(__name__, "runtime.read_package_json")),
)
