"""Package-to-package edges (``Dependency.depends_on``) from every lock file that records them.

The npm family is held to the shared application fixtures (one app, nine lock formats); the other
ecosystems to small lock files written the way their tools write them. Files that record no edges
leave ``depends_on`` None ("unknown"), which is not ``()`` ("requires nothing").
"""

from __future__ import annotations

import json
import posixpath
import time

import pytest
from tests.budget import SLACK
from tests.scan.ecosystems.npm_helpers import FIXTURES, app_context, fixture, tree

from lodestar.records import Dependency
from lodestar.scan.dependencies import extract_dependencies
from lodestar.scan.ecosystems.cargo.lock import parse_cargo_lock
from lodestar.scan.ecosystems.edges import Budget, forget
from lodestar.scan.ecosystems.npm import bun as npm_bun
from lodestar.scan.ecosystems.npm import package_lock as npm_lock
from lodestar.scan.ecosystems.npm import pnpm as npm_pnpm
from lodestar.scan.ecosystems.npm import yarn as npm_yarn
from lodestar.scan.ecosystems.nuget.lock import parse_packages_lock
from lodestar.scan.ecosystems.php.composer import parse_composer_lock
from lodestar.scan.ecosystems.python.poetry_pdm import parse_pdm_lock, parse_poetry_lock
from lodestar.scan.ecosystems.python.pylock import parse_pylock
from lodestar.scan.ecosystems.python.uv_lock import parse_uv_lock
from lodestar.scan.ecosystems.registry import ManifestContext, Parse
from lodestar.scan.ecosystems.ruby.lock import parse_gemfile_lock

CTX = ManifestContext()
Graph = dict[str, tuple[str, ...] | None]


def graph(deps: list[Dependency]) -> Graph:
    return {d.purl: d.depends_on for d in deps}


def parsed(parse: Parse, path: str, text: str) -> Graph:
    data = text.encode()
    return graph(parse(path, data, ManifestContext.of({path: data})))


# --- npm, pnpm, Yarn, Bun ----------------------------------------------------------------------

NPM = "pkg:npm/"
BABEL_CORE = NPM + "%40babel/core@7.25.2"
TARGETS = NPM + "%40babel/helper-compilation-targets@7.25.2"
SEMVER_6, SEMVER_7 = NPM + "semver@6.3.1", NPM + "semver@7.6.3"
FORMATS: list[tuple[str, Parse, bool]] = [  # (fixture, parser, whether installed peers are edges)
    ("package-lock-v1/package-lock.json", npm_lock.parse, False),  # npm 6 installs no peers
    ("package-lock-v2/package-lock.json", npm_lock.parse, True),
    ("package-lock-v3/package-lock.json", npm_lock.parse, True),
    ("yarn-classic/yarn.lock", npm_yarn.parse, False),  # Yarn records no peer resolutions
    ("yarn-berry/yarn.lock", npm_yarn.parse, False),
    ("pnpm-v5/pnpm-lock.yaml", npm_pnpm.parse, True),
    ("pnpm-v6/pnpm-lock.yaml", npm_pnpm.parse, True),
    ("pnpm-v9/pnpm-lock.yaml", npm_pnpm.parse, True),
    ("bun/bun.lock", npm_bun.parse, True),
]


def _app(name: str, parse: Parse) -> Graph:
    lock = posixpath.basename(name)
    data = fixture(name)
    return graph(parse(lock, data, app_context(lock, data)))


@pytest.mark.parametrize(("name", "parse", "peers"), FORMATS, ids=[f[0] for f in FORMATS])
def test_every_npm_lock_format_records_the_same_graph(name: str, parse: Parse, peers: bool) -> None:
    edges = _app(name, parse)
    # @babel/core requires semver ^6: its nested copy, not the hoisted 7.6.3 the root uses
    assert edges[BABEL_CORE] == (TARGETS, NPM + "debug@4.3.6", SEMVER_6)
    assert SEMVER_6 in (edges[TARGETS] or ())
    assert edges[SEMVER_6] == edges[SEMVER_7] == ()  # leaves: known to require nothing
    assert edges[NPM + "react@18.3.1"] == (NPM + "loose-envify@1.4.0",)
    vite = edges[NPM + "vite@5.3.5"] or ()
    assert {NPM + "rollup@4.20.0", NPM + "fsevents@2.3.3"} <= set(vite)  # optional edges count
    react_dom = edges[NPM + "react-dom@18.3.1"] or ()
    assert (NPM + "react@18.3.1" in react_dom) is peers  # a peer, where the lock resolves peers
    assert all(d is not None for d in edges.values())
    every = {target for d in edges.values() for target in d or ()}
    assert every <= set(edges)  # an edge always points at a package of the same lock


MONOREPOS = [
    ("monorepo-npm", "package-lock.json"),
    ("monorepo-npm", "yarn.lock"),
    ("monorepo-workspace-protocol", "pnpm-lock.yaml"),
    ("monorepo-workspace-protocol", "yarn.lock"),
    ("monorepo-workspace-protocol", "bun.lock"),
]


@pytest.mark.parametrize(("folder", "lock"), MONOREPOS)
def test_workspace_members_are_never_edge_targets(folder: str, lock: str) -> None:
    files = tree(folder)
    deps = extract_dependencies(files)[0]
    from_lock = {d.purl: d.depends_on for d in deps if d.manifest == lock}
    assert from_lock[NPM + "loose-envify@1.4.0"] == (NPM + "js-tokens@4.0.0",)
    targets = {t for edges in from_lock.values() for t in edges or ()}
    assert not any(t.startswith(NPM + "%40acme/") for t in targets)


def test_a_declared_package_joined_with_its_lock_carries_the_lock_edges() -> None:
    files = {
        "package.json": fixture("app/package.json"),
        "package-lock.json": fixture("package-lock-v3/package-lock.json"),
    }
    deps, warnings = extract_dependencies(files)
    assert warnings == []
    (react,) = [d for d in deps if d.purl == NPM + "react@18.3.1"]
    assert (react.manifest, react.direct) == ("package.json", True)
    assert react.depends_on == (NPM + "loose-envify@1.4.0",)


def test_a_package_lock_v1_resolves_requires_through_the_nesting() -> None:
    lock = """{
  "name": "app", "version": "1.0.0", "lockfileVersion": 1, "requires": true,
  "dependencies": {
    "a": {"version": "1.0.0", "requires": {"b": "^2.0.0", "c": "^1.0.0"},
          "dependencies": {"b": {"version": "2.0.0", "requires": {"c": "^1.0.0"}}}},
    "b": {"version": "1.0.0"},
    "c": {"version": "1.1.0"},
    "d": {"version": "1.0.0", "requires": {"b": "^1.0.0", "missing": "^1.0.0"}}
  }
}"""
    edges = parsed(npm_lock.parse, "package-lock.json", lock)
    assert edges[NPM + "a@1.0.0"] == (NPM + "b@2.0.0", NPM + "c@1.1.0")  # own nested copy first
    assert edges[NPM + "b@2.0.0"] == (NPM + "c@1.1.0",)  # then the enclosing levels
    assert edges[NPM + "d@1.0.0"] == (NPM + "b@1.0.0",)  # what is not installed is no edge
    assert edges[NPM + "c@1.1.0"] == ()


# --- Cargo -------------------------------------------------------------------------------------

CRATES = "registry+https://github.com/rust-lang/crates.io-index"
CARGO_LOCK = f"""\
version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde", "syn 2.0.52"]

[[package]]
name = "proc-macro2"
version = "1.0.79"
source = "{CRATES}"

[[package]]
name = "serde"
version = "1.0.197"
source = "{CRATES}"
dependencies = ["serde_derive"]

[[package]]
name = "serde_derive"
version = "1.0.197"
source = "{CRATES}"
dependencies = ["proc-macro2", "syn 2.0.52"]

[[package]]
name = "syn"
version = "1.0.109"
source = "{CRATES}"
dependencies = ["proc-macro2"]

[[package]]
name = "syn"
version = "2.0.52"
source = "{CRATES}"
dependencies = ["proc-macro2", "app"]

[[package]]
name = "legacy"
version = "0.1.0"
source = "{CRATES}"
dependencies = ["syn 1.0.109 ({CRATES})"]
"""


def test_cargo_lock_edges_pick_the_named_version() -> None:
    edges = parsed(parse_cargo_lock, "Cargo.lock", CARGO_LOCK)
    cargo = "pkg:cargo/"
    assert edges[cargo + "serde_derive@1.0.197"] == (
        cargo + "proc-macro2@1.0.79",
        cargo + "syn@2.0.52",
    )
    assert edges[cargo + "legacy@0.1.0"] == (cargo + "syn@1.0.109",)  # name, version, source
    assert edges[cargo + "syn@2.0.52"] == (cargo + "proc-macro2@1.0.79",)  # not the member
    assert edges[cargo + "proc-macro2@1.0.79"] == ()


# --- Python ------------------------------------------------------------------------------------

PY = "pkg:pypi/"
UV_LOCK = """\
version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "httpx", extra = ["http2"] }]

[[package]]
name = "anyio"
version = "4.4.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "idna" }]

[[package]]
name = "h2"
version = "4.1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "httpx"
version = "0.27.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "anyio" }, { name = "idna" }, { name = "app" }]

[package.optional-dependencies]
http2 = [{ name = "h2" }]
socks = [{ name = "socksio" }]

[[package]]
name = "idna"
version = "3.7"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "socksio"
version = "1.0.0"
source = { registry = "https://pypi.org/simple" }
"""


def test_uv_lock_edges_follow_the_extras_asked_for() -> None:
    edges = parsed(parse_uv_lock, "uv.lock", UV_LOCK)
    # http2 is asked for by the project, socks by nobody; the project itself is no target
    assert edges[PY + "httpx@0.27.0"] == (PY + "anyio@4.4.0", PY + "h2@4.1.0", PY + "idna@3.7")
    assert edges[PY + "anyio@4.4.0"] == (PY + "idna@3.7",)
    assert edges[PY + "idna@3.7"] == ()


POETRY_LOCK = """\
[[package]]
name = "pandas"
version = "2.2.2"
optional = false
python-versions = ">=3.9"
groups = ["main"]

[package.dependencies]
numpy = [
    {version = ">=1.22.4", markers = "python_version < \\"3.11\\""},
    {version = ">=1.26.0", markers = "python_version >= \\"3.12\\""},
]
python-dateutil = ">=2.8.2"
tzdata = {version = ">=2022.7", optional = true}

[[package]]
name = "numpy"
version = "1.24.4"
optional = false
python-versions = ">=3.8"
groups = ["main"]

[[package]]
name = "numpy"
version = "2.0.1"
optional = false
python-versions = ">=3.9"
groups = ["main"]

[[package]]
name = "python-dateutil"
version = "2.9.0.post0"
optional = false
python-versions = "*"
groups = ["main"]

[package.dependencies]
six = ">=1.5"

[[package]]
name = "six"
version = "1.16.0"
optional = false
python-versions = "*"
groups = ["main"]

[[package]]
name = "legacy-tool"
version = "0.1.0"
optional = false
python-versions = "*"
groups = ["main"]

[package.dependencies]
numpy = "<2"

[metadata]
lock-version = "2.1"
python-versions = ">=3.9"
content-hash = "0"
"""


def test_poetry_lock_edges_narrow_forks_by_range() -> None:
    edges = parsed(parse_poetry_lock, "poetry.lock", POETRY_LOCK)
    assert edges[PY + "pandas@2.2.2"] == (  # both forks of numpy; tzdata is not locked
        PY + "numpy@1.24.4",
        PY + "numpy@2.0.1",
        PY + "python-dateutil@2.9.0.post0",
    )
    assert edges[PY + "legacy-tool@0.1.0"] == (PY + "numpy@1.24.4",)  # "<2" admits one fork
    assert edges[PY + "python-dateutil@2.9.0.post0"] == (PY + "six@1.16.0",)
    assert edges[PY + "six@1.16.0"] == ()


PDM_LOCK = """\
[metadata]
groups = ["default"]
strategy = ["inherit_metadata"]
lock_version = "4.4.2"

[[package]]
name = "requests"
version = "2.32.3"
requires_python = ">=3.8"
groups = ["default"]
dependencies = [
    "certifi>=2017.4.17",
    "charset-normalizer<4,>=2",
    "idna<4,>=2.5",
    "urllib3<3,>=1.21.1; python_version >= \\"3.8\\"",
]

[[package]]
name = "certifi"
version = "2024.7.4"
groups = ["default"]

[[package]]
name = "charset-normalizer"
version = "3.3.2"
groups = ["default"]

[[package]]
name = "idna"
version = "3.7"
groups = ["default"]

[[package]]
name = "urllib3"
version = "2.2.2"
groups = ["default"]
"""


def test_pdm_lock_edges_come_from_its_requirement_strings() -> None:
    edges = parsed(parse_pdm_lock, "pdm.lock", PDM_LOCK)
    assert edges[PY + "requests@2.32.3"] == (
        PY + "certifi@2024.7.4",
        PY + "charset-normalizer@3.3.2",
        PY + "idna@3.7",
        PY + "urllib3@2.2.2",
    )
    assert edges[PY + "idna@3.7"] == ()


PYLOCK = """\
lock-version = "1.0"
created-by = "uv"

[[packages]]
name = "app"
directory = { path = "." }
dependencies = [{ name = "flask" }]

[[packages]]
name = "flask"
version = "3.0.3"
index = "https://pypi.org/simple"
dependencies = [{ name = "werkzeug" }, { name = "click", version = "8.1.7" }]

[[packages]]
name = "werkzeug"
version = "3.0.3"
index = "https://pypi.org/simple"

[[packages]]
name = "click"
version = "8.1.7"
index = "https://pypi.org/simple"

[[packages]]
name = "click"
version = "7.1.2"
index = "https://pypi.org/simple"
"""


def test_pylock_edges_and_a_pip_lock_without_them() -> None:
    edges = parsed(parse_pylock, "pylock.toml", PYLOCK)
    assert edges[PY + "flask@3.0.3"] == (PY + "click@8.1.7", PY + "werkzeug@3.0.3")
    assert edges[PY + "werkzeug@3.0.3"] == ()
    no_edges = PYLOCK.replace('dependencies = [{ name = "werkzeug" }, ', "x = [").replace(
        'dependencies = [{ name = "flask" }]', ""
    )
    assert set(parsed(parse_pylock, "pylock.toml", no_edges).values()) == {None}


# --- Ruby, PHP, .NET ---------------------------------------------------------------------------

GEMFILE_LOCK = """\
GEM
  remote: https://rubygems.org/
  specs:
    actionpack (7.1.3)
      rack (>= 2.2.4)
      rails-html-sanitizer (~> 1.6)
    nokogiri (1.16.2-arm64-darwin)
      racc (~> 1.4)
    nokogiri (1.16.2-x86_64-linux)
      racc (~> 1.4)
    rack (3.0.9)
    racc (1.7.3)
    rails-html-sanitizer (1.6.0)
      loofah (~> 2.21)
      nokogiri (~> 1.14)

PLATFORMS
  arm64-darwin
  x86_64-linux

DEPENDENCIES
  actionpack (~> 7.1)

BUNDLED WITH
   2.5.6
"""


def test_gemfile_lock_edges_are_the_specs_nested_requirements() -> None:
    edges = parsed(parse_gemfile_lock, "Gemfile.lock", GEMFILE_LOCK)
    gem = "pkg:gem/"
    assert edges[gem + "actionpack@7.1.3"] == (
        gem + "rack@3.0.9",
        gem + "rails-html-sanitizer@1.6.0",
    )
    # a platform-less gem needs nokogiri, which is locked for two platforms: both; loofah is not
    # locked (a truncated lock): no edge
    assert edges[gem + "rails-html-sanitizer@1.6.0"] == (
        gem + "nokogiri@1.16.2?platform=arm64-darwin",
        gem + "nokogiri@1.16.2?platform=x86_64-linux",
    )
    assert edges[gem + "nokogiri@1.16.2?platform=x86_64-linux"] == (gem + "racc@1.7.3",)
    assert edges[gem + "rack@3.0.9"] == ()


COMPOSER_LOCK = """{
  "packages": [
    {"name": "laravel/framework", "version": "v11.9.2",
     "require": {"php": "^8.2", "ext-mbstring": "*", "monolog/monolog": "^3.0",
                 "symfony/console": "^7.0"},
     "replace": {"illuminate/support": "self.version", "illuminate/collections": "self.version"}},
    {"name": "monolog/monolog", "version": "3.6.0",
     "require": {"php": ">=8.1", "psr/log": "^2.0 || ^3.0"}},
    {"name": "psr/log", "version": "3.0.0", "require": {"php": ">=8.0.0"}},
    {"name": "symfony/console", "version": "v7.1.1", "require": {"psr/log": "^1|^2|^3"}},
    {"name": "acme/local", "version": "dev-main",
     "dist": {"type": "path", "url": "packages/local"}},
    {"name": "spatie/laravel-package-tools", "version": "1.16.4",
     "require": {"illuminate/support": "^10.0|^11.0", "acme/local": "*"}}
  ],
  "packages-dev": [
    {"name": "phpunit/phpunit", "version": "11.2.2", "require": {"myclabs/deep-copy": "^1.10"},
     "require-dev": {"psr/log": "^3"}}
  ]
}"""


def test_composer_lock_edges_follow_require_and_replace() -> None:
    edges = parsed(parse_composer_lock, "composer.lock", COMPOSER_LOCK)
    php = "pkg:composer/"
    assert edges[php + "laravel/framework@v11.9.2"] == (  # platform requirements are no packages
        php + "monolog/monolog@3.6.0",
        php + "symfony/console@v7.1.1",
    )
    # illuminate/support is replaced by laravel/framework; acme/local is this repository's code
    tools = edges[php + "spatie/laravel-package-tools@1.16.4"]
    assert tools == (php + "laravel/framework@v11.9.2",)
    assert edges[php + "phpunit/phpunit@11.2.2"] == ()  # a dependency's require-dev: not installed
    assert edges[php + "psr/log@3.0.0"] == ()


NUGET_LOCK = """{
  "version": 1,
  "dependencies": {
    "net8.0": {
      "Serilog.AspNetCore": {"type": "Direct", "requested": "[8.0.1, )", "resolved": "8.0.1",
        "dependencies": {"Serilog": "3.1.1", "Acme.Shared": "1.0.0"}},
      "Serilog": {"type": "Transitive", "resolved": "3.1.1"},
      "Acme.Shared": {"type": "Project"}
    },
    "net6.0": {
      "Serilog.AspNetCore": {"type": "Direct", "requested": "[8.0.1, )", "resolved": "8.0.1",
        "dependencies": {"serilog": "2.12.0", "Microsoft.Extensions.Logging": "6.0.0"}},
      "Serilog": {"type": "Transitive", "resolved": "2.12.0"},
      "Microsoft.Extensions.Logging": {"type": "Transitive", "resolved": "6.0.0"}
    }
  }
}"""


def test_nuget_lock_edges_are_resolved_per_target_framework() -> None:
    edges = parsed(parse_packages_lock, "packages.lock.json", NUGET_LOCK)
    nuget = "pkg:nuget/"
    assert edges[nuget + "Serilog.AspNetCore@8.0.1"] == (  # the union over frameworks
        nuget + "Microsoft.Extensions.Logging@6.0.0",
        nuget + "Serilog@2.12.0",
        nuget + "Serilog@3.1.1",
    )
    assert edges[nuget + "Serilog@3.1.1"] == ()


# --- files that record no edges ----------------------------------------------------------------


@pytest.mark.parametrize(
    "folder",
    ["go", "gradle", "python/pipenv", "maven"],
)
def test_files_without_edges_leave_them_unknown(folder: str) -> None:
    base = FIXTURES.parent / folder
    files = {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}
    deps, _ = extract_dependencies(files)
    assert deps
    assert {d.depends_on for d in deps} == {None}


# --- hostile input -----------------------------------------------------------------------------


def test_edges_past_the_budget_are_unknown_never_slow() -> None:
    """Copies nested 250 deep, each requiring a thousand installed names: resolving Node-style
    is quadratic, so past the edge budget the file's edges are unknown; its packages stay."""
    packages: dict[str, object] = {"": {"name": "x"}}
    packages.update({f"node_modules/p{i}": {"version": "1.0.0"} for i in range(1000)})
    deep = "node_modules/a" + "/node_modules/a" * 250
    wanted = {f"p{i}": "1" for i in range(1000)}
    for k in range(40):
        packages[f"{deep}/node_modules/d{k}"] = {"version": "1.0.0", "dependencies": wanted}
    data = json.dumps({"lockfileVersion": 3, "packages": packages}).encode()
    start = time.process_time()
    deps = npm_lock.parse("package-lock.json", data, CTX)
    assert (time.process_time() - start) / SLACK < 0.5
    assert len(deps) == 1040
    assert {d.depends_on for d in deps} == {None}


def test_an_exhausted_budget_forgets_every_edge_of_the_file() -> None:
    budget = Budget(3)
    deps = npm_lock.parse("package-lock.json", fixture("package-lock-v3/package-lock.json"), CTX)
    assert forget(deps, budget) == deps  # within the budget: kept as they are
    assert budget.spend(2) and not budget.exhausted
    assert not budget.spend(2) and budget.exhausted
    assert {d.depends_on for d in forget(deps, budget)} == {None}
