"""The parser registry: each family declares its parsers once; lazy loading."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from collections import defaultdict

import pytest

import lodestar.scan.ecosystems as package
from lodestar.scan import dependencies
from lodestar.scan.ecosystems.registry import DEFAULT_ECOSYSTEMS, parsers_for, registered


def test_each_family_declares_the_parsers_of_its_own_modules() -> None:
    by_family: dict[str, set[str]] = defaultdict(set)
    for parser in registered():
        module = parser.parse.__module__.removeprefix(f"{package.__name__}.")
        by_family[module.split(".")[0]].add(parser.name)
    assert set(by_family) == set(DEFAULT_ECOSYSTEMS)
    for family, names in by_family.items():
        declared = importlib.import_module(f"{package.__name__}.{family}").PARSERS
        assert {p.name for p in declared} == names


def test_every_parser_module_is_in_the_table() -> None:
    """Importing every module of the package registers nothing the tables do not declare."""
    before = {p.name for p in registered()}
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(info.name)
    assert {p.name for p in registered()} == before


def test_a_scan_imports_only_the_parsers_its_files_need() -> None:
    code = (
        "import json, sys\n"
        "from lodestar.scan.dependencies import extract_dependencies, is_manifest\n"
        "paths = ['README.md', 'src/app.py', 'package.json', 'sub/Cargo.lock']\n"
        "assert [p for p in paths if is_manifest(p)] == ['package.json', 'sub/Cargo.lock']\n"
        "deps, warnings = extract_dependencies({'package.json': b'{\"dependencies\": "
        '{"left-pad": "^1.3.0"}}\'})\n'
        "assert [d.purl for d in deps] == ['pkg:npm/left-pad'], deps\n"
        "prefix = 'lodestar.scan.ecosystems.'\n"
        "print(json.dumps([m[len(prefix):] for m in sys.modules if m.startswith(prefix)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    parsers = set(json.loads(out))
    assert {"npm.package_json", "cargo.lock"} <= parsers
    assert (
        not {
            "maven.dependencies",
            "kubernetes.manifests",
            "ci.github",
            "terraform.configuration",
            "python.uv_lock",
        }
        & parsers
    )


def test_a_scan_imports_only_the_runtime_readers_its_files_need() -> None:
    code = (
        "import json, sys\n"
        "from lodestar.scan.runtimes import detect_runtimes, is_runtime_file\n"
        "paths = ['README.md', 'pom.xml', 'app/App.csproj', 'x.gemspec', '.tool-versions']\n"
        "assert all(is_runtime_file(p) for p in paths[1:]) and not is_runtime_file(paths[0])\n"
        'found, warnings = detect_runtimes({\'package.json\': b\'{"engines": {"node": '
        '">=18"}}\'}, [])\n'
        "assert [(d.product, d.version) for d in found] == [('nodejs', '18')], found\n"
        "prefix = 'lodestar.scan.ecosystems.'\n"
        "print(json.dumps([m[len(prefix):] for m in sys.modules if m.startswith(prefix)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    modules = set(json.loads(out))
    assert "npm.runtime" in modules
    others = {f"{family}.runtime" for family in DEFAULT_ECOSYSTEMS} - {"npm.runtime"}
    assert not others & modules


def test_every_runtime_reader_the_families_declare_exists() -> None:
    for family in DEFAULT_ECOSYSTEMS:
        table = importlib.import_module(f"{package.__name__}.{family}")
        for _pattern, reader in getattr(table, "RUNTIME_FILES", ()):
            assert callable(reader.target()), (family, reader)


PATHS = [
    "package.json",
    "apps/web/package.json",
    "requirements.txt",
    "requirements/dev.txt",
    "deploy/requirements/prod.in",
    "docs/notes.txt",
    ".github/workflows/ci.yml",
    "charts/api/values-prod.yaml",
    "charts/api/Chart.yaml",
    "Dockerfile",
    "docker/Dockerfile.dev",
    "svc/compose.override.yaml",
    "gradle/libs.versions.toml",
    "app/build.gradle.kts",
    "src/App.csproj",
    "infra/main.tf",
    "infra/.terraform.lock.hcl",
    "pylock.dev.toml",
    "README.md",
    "src/main.rs",
]


def test_lookup_by_name_equals_matching_every_parser() -> None:
    everything = registered()
    for _ in range(2):  # the second round answers from the per-name memo
        for path in PATHS:
            expected = [p.name for p in everything if p.matches(path)]
            assert [p.name for p in parsers_for(path)] == expected, path


def test_a_manifest_over_the_byte_limit_is_a_warning_and_not_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dependencies, "MAX_MANIFEST_BYTES", 1_000)
    big = b"flask==2.0\n" + b"# padding\n" * 200
    found, warnings = dependencies.extract_dependencies(
        {"big/requirements.txt": big, "small/requirements.txt": b"django==4.2\n"}
    )
    assert [d.name for d in found] == ["django"]
    assert [(w.path, w.message) for w in warnings] == [
        (
            "big/requirements.txt",
            f"{len(big):,} bytes, larger than the 1,000-byte limit for manifests; not parsed",
        )
    ]
