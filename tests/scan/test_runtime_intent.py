"""What a runtime declaration states: a deployed version, a supported range, a dev environment.

Issue 10, point 5: ``requires-python = ">=3.10"`` and a dev container's Debian 11 were read as
what production runs. Every declaration now carries its intent (and a supported one its range).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from lodestar.catalog.eol import load_eol
from lodestar.catalog.technologies import load_catalog
from lodestar.records import Dependency, RuntimeDeclaration, Scope
from lodestar.safeparse import range_intervals
from lodestar.scan.ecosystems.docker.refs import image_dependency
from lodestar.scan.runtimes import detect_runtimes, is_runtime_file
from lodestar.scan.runtimes_versions import admitted_cycles
from lodestar.scan.technologies import detect_technologies

EOL = load_eol()
CATALOG = load_catalog()
Row = tuple[str, str, str, str | None]  # product, version, intent, allowed
GEMSPEC = 'Gem::Specification.new do |s|\n  s.required_ruby_version = ">= 2.7.8"\nend\n'
POM = "<project><properties><java.version>17</java.version></properties></project>"
GRADLE = "java {\n  toolchain {\n    languageVersion = JavaLanguageVersion.of(21)\n  }\n}\n"


def intents(
    files: Mapping[str, str], dependencies: Sequence[Dependency] = ()
) -> list[RuntimeDeclaration]:
    found, warnings = detect_runtimes({p: v.encode() for p, v in files.items()}, dependencies)
    assert warnings == []
    return found


def rows(found: Sequence[RuntimeDeclaration]) -> set[Row]:
    return {(d.product, d.version, d.intent, d.allowed) for d in found}


def image(reference: str, manifest: str) -> Dependency:
    dep = image_dependency(reference, manifest=manifest, line=1, scope=Scope.RUNTIME)
    assert dep is not None
    return dep


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({".python-version": "3.11.4\n"}, ("python", "3.11", "deployed", None)),
        ({"runtime.txt": "python-3.9.18\n"}, ("python", "3.9", "deployed", None)),
        ({".nvmrc": "v18.17.0\n"}, ("nodejs", "18", "deployed", None)),
        ({".node-version": "20\n"}, ("nodejs", "20", "deployed", None)),
        ({".tool-versions": "nodejs 20.11.0\n"}, ("nodejs", "20", "deployed", None)),
        (
            {"pyproject.toml": '[project]\nname = "f"\nrequires-python = ">=3.10"\n'},
            ("python", "3.10", "supported", ">=3.10"),
        ),
        (
            {"setup.cfg": "[options]\npython_requires = >=2.7,<3\n"},
            ("python", "2.7", "supported", ">=2.7,<3"),
        ),
        (
            {"package.json": '{"name": "express", "engines": {"node": ">= 18"}}'},
            ("nodejs", "18", "supported", ">= 18"),
        ),
        (
            {"package.json": '{"volta": {"node": "20.11.0"}}'},
            ("nodejs", "20", "deployed", None),
        ),
        (
            {"composer.json": '{"require": {"php": "^8.1"}}'},
            ("php", "8.1", "supported", "^8.1"),
        ),
        ({"Gemfile": 'ruby "3.2.2"\n'}, ("ruby", "3.2", "deployed", None)),
        ({"Gemfile": 'ruby "~> 3.2"\n'}, ("ruby", "3.2", "supported", "~> 3.2")),
        (
            {"sinatra.gemspec": GEMSPEC},
            ("ruby", "2.7", "supported", ">= 2.7.8"),
        ),
        (
            {"Cargo.toml": '[package]\nname = "rg"\nrust-version = "1.72"\n'},
            ("rust", "1.72", "supported", ">=1.72"),
        ),
        ({"go.mod": "module x\n\ngo 1.21\n"}, ("go", "1.21", "supported", ">=1.21")),
        (
            {"go.mod": "module x\n\ngo 1.21\ntoolchain go1.22.1\n"},
            ("go", "1.22", "deployed", None),
        ),
        (
            {"pom.xml": POM},
            ("eclipse-temurin", "17", "supported", ">=17"),
        ),
        (
            {"build.gradle": GRADLE},
            ("eclipse-temurin", "21", "deployed", None),
        ),
    ],
)  # fmt: skip
def test_every_file_states_its_intent(files: dict[str, str], expected: Row) -> None:
    assert all(is_runtime_file(path) for path in files)
    assert expected in rows(intents(files))


@pytest.mark.parametrize(
    ("reference", "manifest", "intent"),
    [
        ("python:3.8-slim", "Dockerfile", "deployed"),
        ("debian:11", ".devcontainer/Dockerfile", "development"),
        ("debian:bullseye", ".devcontainer/devcontainer.json", "development"),
        ("debian:11", ".devcontainer.json", "development"),
        ("node:16", ".gitpod.Dockerfile", "development"),
        ("mcr.microsoft.com/devcontainers/base:bullseye", "docker-compose.yml", "development"),
    ],
)
def test_a_dev_container_image_is_a_development_environment(
    reference: str, manifest: str, intent: str
) -> None:
    found = intents({}, [image(reference, manifest)])
    assert found, reference
    assert {d.intent for d in found} == {intent}


def test_a_deployed_and_a_supported_declaration_of_one_version_are_both_kept() -> None:
    found = intents({"package.json": '{"engines": {"node": ">=18"}, "volta": {"node": "18.1.0"}}'})
    assert {(d.version, d.intent) for d in found} == {("18", "supported"), ("18", "deployed")}


@pytest.mark.parametrize(
    ("product", "text", "cycles", "beyond"),
    [
        ("python", ">=3.10", {"3.10", "3.11", "3.12", "3.13", "3.14"}, True),
        ("python", ">=2.7,<3", {"2.7"}, False),
        ("python", ">=3.8,<3.10", {"3.8", "3.9"}, False),
        ("python", "3.9.*", {"3.9"}, False),
        ("ruby", "~> 2.6", {"2.6", "2.7"}, False),
        ("nodejs", "^16", {"16"}, False),
        ("nodejs", "14 - 16", {"14", "15", "16"}, False),
        ("nodejs", "^16 || ^18", {"16", "18"}, False),
        ("php", "^7.4|^8.0", {"7.4", "8.0", "8.1", "8.2", "8.3", "8.4", "8.5"}, True),  # 8.6 …
    ],
)
def test_the_cycles_a_range_admits(product: str, text: str, cycles: set[str], beyond: bool) -> None:
    admitted, open_above = admitted_cycles(EOL, product, text)
    assert {c.cycle for c in admitted} & cycles == cycles
    assert open_above is beyond
    if not beyond:
        assert {c.cycle for c in admitted} == cycles


def test_an_exclusive_upper_bound_leaves_its_own_cycle_out() -> None:
    [interval] = range_intervals("<3.8")
    admitted, _ = admitted_cycles(EOL, "python", "<3.8")
    assert interval.high is not None and "3.8" not in {c.cycle for c in admitted}
    assert "3.8" in {c.cycle for c in admitted_cycles(EOL, "python", "<=3.8")[0]}


def test_engines_and_version_files_make_nodejs_a_used_technology() -> None:
    """express declares only ``"engines": {"node": ">= 18"}``: it is a Node.js project."""
    found = intents({"package.json": '{"name": "express", "engines": {"node": ">= 18"}}'})
    uses = detect_technologies(
        CATALOG, paths=["package.json"], languages=["JavaScript"], dependencies=[], runtimes=found
    )
    evidence = [(u.technology, u.via, u.path) for u in uses if u.technology == "nodejs"]
    assert evidence == [("nodejs", "runtime", "package.json")]


def test_a_java_language_level_does_not_make_temurin_used() -> None:
    found = intents({"pom.xml": POM})
    uses = detect_technologies(
        CATALOG, paths=["pom.xml"], languages=[], dependencies=[], runtimes=found
    )
    assert "eclipse-temurin" not in {u.technology for u in uses}
