"""Joining manifests with their lock files, and flagging fixtures."""

from __future__ import annotations

from lodestar.records import Dependency, Scope
from lodestar.safeparse import purl_for
from lodestar.safeparse.purls import package_key
from lodestar.scan.dependencies import extract_dependencies, is_fixture_path, merge
from lodestar.scan.ecosystems import ManifestContext, ManifestParser


def _noop(_path: str, _data: bytes, _ctx: ManifestContext) -> list[Dependency]:
    return []


MANIFEST = ManifestParser("test-manifest", "npm", ("package.json",), _noop)
LOCK = ManifestParser("test-lock", "npm", ("package-lock.json",), _noop, lock=True)


def dep(
    name: str,
    manifest: str,
    *,
    version: str | None = None,
    constraint: str | None = None,
    scope: Scope = Scope.RUNTIME,
    direct: bool = True,
    ecosystem: str = "npm",
) -> Dependency:
    return Dependency(
        purl_for(ecosystem, name, version),
        ecosystem,
        name,
        version,
        constraint,
        scope,
        direct,
        manifest,
    )


def test_package_key_drops_version_and_qualifiers() -> None:
    assert package_key("pkg:npm/%40babel/core@7.1.0?foo=bar#x") == "pkg:npm/%40babel/core"
    assert package_key("pkg:golang/github.com/x/y@v1.2.3") == "pkg:golang/github.com/x/y"
    assert package_key("pkg:pypi/requests") == "pkg:pypi/requests"


def test_manifest_and_lock_join_into_one_dependency() -> None:
    declared = [
        dep("react", "web/package.json", constraint="^18.2.0"),
        dep("vite", "web/package.json", constraint="^5.0.0", scope=Scope.DEV),
        dep("left-pad", "web/package.json", constraint="1.x"),
    ]
    locked = [
        dep("react", "web/package-lock.json", version="18.2.0", direct=False),
        dep("vite", "web/package-lock.json", version="5.0.12", direct=False),
        dep("loose-envify", "web/package-lock.json", version="1.4.0", direct=False),
    ]
    result = {d.name: d for d in merge([(MANIFEST, declared), (LOCK, locked)])}
    assert result["react"].purl == "pkg:npm/react@18.2.0"
    assert (result["react"].constraint, result["react"].direct) == ("^18.2.0", True)
    assert (result["vite"].scope, result["vite"].version) == (Scope.DEV, "5.0.12")
    assert (result["left-pad"].version, result["left-pad"].constraint) == (None, "1.x")
    assert (result["loose-envify"].direct, result["loose-envify"].manifest) == (
        False,
        "web/package-lock.json",
    )
    assert len(result) == 4


def test_workspace_member_uses_the_root_lock() -> None:
    declared = [dep("express", "packages/api/package.json", constraint="^4.18.0")]
    locked = [
        dep("express", "package-lock.json", version="4.18.2", constraint="^4.18.0", direct=False)
    ]
    [joined] = merge([(MANIFEST, declared), (LOCK, locked)])
    assert joined.version == "4.18.2" and joined.manifest == "packages/api/package.json"


def test_unrelated_nested_project_does_not_borrow_the_root_lock() -> None:
    declared = [
        dep("react", "docs/demo/package.json", constraint="15.0.0"),
        dep("react", "tests/fixtures/old/package.json", constraint="^18.2.0"),
    ]
    locked = [dep("react", "package-lock.json", version="18.2.0", constraint="^18.2.0")]
    result = {d.manifest: d.version for d in merge([(MANIFEST, declared), (LOCK, locked)])}
    assert result == {
        "docs/demo/package.json": None,
        "tests/fixtures/old/package.json": None,
        "package-lock.json": "18.2.0",
    }


def test_fixture_manifests_are_flagged() -> None:
    assert is_fixture_path("tests/fixtures/app/package.json")
    assert is_fixture_path("examples/demo/requirements.txt")
    assert is_fixture_path("src/test/resources/pom.xml")
    assert not is_fixture_path("package.json")
    assert not is_fixture_path("services/example-api/package.json")
    [d] = merge([(MANIFEST, [dep("x", "testdata/package.json")])])
    assert d.fixture


def test_every_locked_version_is_kept() -> None:
    declared = [dep("syn", "Cargo.toml", constraint="2")]
    locked = [
        dep("syn", "package-lock.json", version="2.0.52", direct=False),
        dep("syn", "package-lock.json", version="1.0.109", direct=False),
    ]
    result = sorted((d.version, d.direct) for d in merge([(MANIFEST, declared), (LOCK, locked)]))
    assert result == [("1.0.109", False), ("2.0.52", True)]


def test_workspace_member_joins_its_own_locked_copy() -> None:
    declared = [
        dep("clsx", "package.json", constraint="^2.1.0"),
        dep("clsx", "packages/app/package.json", constraint="^1.2.1"),
    ]
    locked = [
        dep("clsx", "package-lock.json", version="2.1.1", constraint="^2.1.0"),
        dep("clsx", "package-lock.json", version="1.2.1", constraint="^1.2.1", direct=False),
    ]
    result = {d.manifest: d.version for d in merge([(MANIFEST, declared), (LOCK, locked)])}
    assert result == {"package.json": "2.1.1", "packages/app/package.json": "1.2.1"}


# Regressions found by benchmarks/cdxgen_compare.py (see benchmarks/README.md).

PY_MANIFEST = ManifestParser("test-pyproject", "pypi", ("pyproject.toml",), _noop)
PY_LOCK = ManifestParser("test-uv-lock", "pypi", ("uv.lock",), _noop, lock=True)
CARGO_MANIFEST = ManifestParser("test-cargo-toml", "cargo", ("Cargo.toml",), _noop)
CARGO_LOCK = ManifestParser("test-cargo-lock", "cargo", ("Cargo.lock",), _noop, lock=True)


def test_a_lock_forked_by_python_version_keeps_every_version() -> None:
    # pallets/flask's uv.lock: sphinx 8.1.3 for Python < 3.11, 8.2.3 for 3.11 and later
    declared = [dep("sphinx", "pyproject.toml", constraint=">=8", ecosystem="pypi")]
    locked = [
        dep("sphinx", "uv.lock", version="8.1.3", direct=False, ecosystem="pypi"),
        dep("sphinx", "uv.lock", version="8.2.3", direct=False, ecosystem="pypi"),
    ]
    result = merge([(PY_MANIFEST, declared), (PY_LOCK, locked)])
    assert sorted((d.version, d.manifest) for d in result) == [
        ("8.1.3", "pyproject.toml"),
        ("8.2.3", "uv.lock"),
    ]


def test_a_member_joins_an_ancestor_lock_that_records_no_constraints() -> None:
    # BurntSushi/ripgrep: crates/*/Cargo.toml are resolved by the root Cargo.lock
    declared = [dep("memchr", "crates/core/Cargo.toml", constraint="2.6", ecosystem="cargo")]
    locked = [dep("memchr", "Cargo.lock", version="2.7.4", direct=False, ecosystem="cargo")]
    [joined] = merge([(CARGO_MANIFEST, declared), (CARGO_LOCK, locked)])
    assert (joined.version, joined.manifest, joined.constraint) == (
        "2.7.4",
        "crates/core/Cargo.toml",
        "2.6",
    )


def test_membership_decides_for_an_ancestor_lock_when_it_can_be_read() -> None:
    declared = [
        dep("clsx", "packages/app/package.json", constraint="^2.0.0"),
        dep("clsx", "docs/package.json", constraint="^2.1.0"),
    ]
    locked = [dep("clsx", "package-lock.json", version="2.1.1", constraint="^2.1.0")]

    def is_member(_ecosystem: str, _lock: str, directory: str) -> bool | None:
        return directory.startswith("packages/")

    result = {
        d.manifest: d.version for d in merge([(MANIFEST, declared), (LOCK, locked)], is_member)
    }
    assert result == {
        "packages/app/package.json": "2.1.1",  # a member: the root importer's spec differs
        "docs/package.json": None,  # not a member, though the lock records the same spec
    }


CARGO_WORKSPACE = {
    "Cargo.toml": b'[workspace]\nmembers = ["crates/*"]\n',
    "crates/core/Cargo.toml": b'[package]\nname = "core"\nversion = "0.1.0"\n\n'
    b'[dependencies]\nmemchr = "2.6"\n',
    "Cargo.lock": b'version = 4\n\n[[package]]\nname = "core"\nversion = "0.1.0"\n'
    b'dependencies = ["memchr"]\n\n[[package]]\nname = "memchr"\nversion = "2.7.4"\n'
    b'source = "registry+https://github.com/rust-lang/crates.io-index"\n',
}


def test_cargo_workspace_members_are_resolved_by_the_root_lock() -> None:
    deps, warnings = extract_dependencies(CARGO_WORKSPACE)
    assert warnings == []
    assert [(d.purl, d.manifest, d.direct) for d in deps] == [
        ("pkg:cargo/memchr@2.7.4", "crates/core/Cargo.toml", True)
    ]


PNPM_WORKSPACE = {
    "package.json": b'{"name": "root", "private": true, "devDependencies": '
    b'{"@vue/consolidate": "1.0.0", "source-map-js": "^1.2.1"}}',
    "pnpm-workspace.yaml": b"packages:\n  - 'packages/*'\n",
    "packages/sfc/package.json": b'{"name": "sfc", "dependencies": '
    b'{"@vue/consolidate": "^1.0.0", "source-map-js": "catalog:"}}',
    "playground/template/package.json": b'{"name": "t", '
    b'"dependencies": {"source-map-js": "^1.2.1"}}',
    "pnpm-lock.yaml": b"""lockfileVersion: '9.0'

importers:

  .:
    devDependencies:
      '@vue/consolidate':
        specifier: 1.0.0
        version: 1.0.0
      source-map-js:
        specifier: ^1.2.1
        version: 1.2.1

  packages/sfc:
    dependencies:
      '@vue/consolidate':
        specifier: ^1.0.0
        version: 1.0.0
      source-map-js:
        specifier: 'catalog:'
        version: 1.2.1

packages:

  '@vue/consolidate@1.0.0':
    resolution: {integrity: sha512-AAAA}

  source-map-js@1.2.1:
    resolution: {integrity: sha512-BBBB}

snapshots:

  '@vue/consolidate@1.0.0': {}

  source-map-js@1.2.1: {}
""",
}


def test_pnpm_workspace_members_join_the_root_lock_whatever_the_root_declares() -> None:
    # vuejs/core: packages/compiler-sfc declares "^1.0.0" and "catalog:" where the root
    # importer declares "1.0.0" and "^1.2.1"; a template outside the workspace is its own project
    deps, warnings = extract_dependencies(PNPM_WORKSPACE)
    assert warnings == []
    by_manifest = {(d.manifest, d.name): d.version for d in deps}
    assert by_manifest[("packages/sfc/package.json", "@vue/consolidate")] == "1.0.0"
    assert by_manifest[("packages/sfc/package.json", "source-map-js")] == "1.2.1"
    assert by_manifest[("playground/template/package.json", "source-map-js")] is None


def test_requirements_folders_are_manifests() -> None:
    from lodestar.scan.dependencies import is_manifest

    assert is_manifest("requirements/base.txt")
    assert is_manifest("services/api/requirements/dev.in")
    assert is_manifest("requirements-dev.txt")
    assert not is_manifest("docs/notes.txt")
