"""Each package metadata file is parsed once per scan (and per snapshot), not once per question.

A scan asks a pom.xml, pyproject.toml, setup.cfg, package.json, composer.json or Cargo.toml three
things:
its dependencies, its package's licence and its declared runtime. The parses are counted at the
parsers themselves (``json.loads``, ``tomllib.loads``, defusedxml's ``feed``, the Ruby
tokenizer, configparser), by the exact text each was given.
"""

from __future__ import annotations

import configparser
import json
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from defusedxml.ElementTree import XMLParser
from tests.conftest import make_repo

from lodestar.catalog import load_catalog, load_eol
from lodestar.gitio import GitRepository
from lodestar.records import RepositoryRef
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.ruby import tokens
from lodestar.scan.pipeline import scan_repository
from lodestar.scan.snapshots import SnapshotCache, snapshot_at

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.example</groupId>
  <artifactId>shop</artifactId>
  <version>1.0.0</version>
  <licenses><license><name>Apache License, Version 2.0</name></license></licenses>
  <properties><java.version>17</java.version></properties>
  <dependencies>
    <dependency>
      <groupId>com.google.guava</groupId>
      <artifactId>guava</artifactId>
      <version>33.0.0-jre</version>
    </dependency>
  </dependencies>
</project>
"""
PYPROJECT = """[project]
name = "shop"
version = "1.0"
license = "MIT"
requires-python = ">=3.10"
dependencies = ["requests>=2.31", "click"]
"""
PACKAGE_JSON = json.dumps(
    {
        "name": "shop-web",
        "license": "MIT",
        "engines": {"node": ">=18"},
        "dependencies": {"react": "^18.2.0"},
        "devDependencies": {"vite": "5.0.0"},
    },
    indent=2,
)
COMPOSER_JSON = json.dumps(
    {
        "name": "example/shop",
        "license": "MIT",
        "require": {"php": ">=8.1", "laravel/framework": "^10.0"},
    },
    indent=2,
)
CARGO_TOML = """[package]
name = "shop"
version = "0.1.0"
license = "MIT OR Apache-2.0"
rust-version = "1.74"

[dependencies]
serde = "1.0"
"""
GEMSPEC = """Gem::Specification.new do |spec|
  spec.name = "shop"
  spec.version = "1.0.0"
  spec.license = "MIT"
  spec.required_ruby_version = ">= 3.0"
  spec.add_dependency "rack", "~> 3.0"
end
"""
SETUP_CFG = """[metadata]
name = shop-tools
license = MIT

[options]
python_requires = >=3.9
install_requires =
    attrs>=23
"""
PIPFILE = """[packages]
flask = "==3.0.0"

[requires]
python_version = "3.11"
"""
CSPROJ = """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Serilog" Version="3.1.1" />
  </ItemGroup>
</Project>
"""
FILES = {
    "pom.xml": POM,
    "api/Api.csproj": CSPROJ,
    "pyproject.toml": PYPROJECT,
    "web/package.json": PACKAGE_JSON,
    "php/composer.json": COMPOSER_JSON,
    "Cargo.toml": CARGO_TOML,
    "tools/setup.cfg": SETUP_CFG,
    "app/Pipfile": PIPFILE,
    "shop.gemspec": GEMSPEC,
    "README.md": "# shop\n",
    "src/main.py": "print('hello')\n",
}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How many times each file of FILES was parsed (by the text the parser was given)."""
    by_text = {text: path for path, text in FILES.items()}
    by_bytes = {text.encode(): path for path, text in FILES.items()}
    counts: Counter[str] = Counter()
    json_loads, toml_loads, feed = json.loads, tomllib.loads, XMLParser.feed
    read_ini = configparser.ConfigParser.read_string
    tokenize = tokens.tokens

    def count_json(text: Any, *args: Any, **kwargs: Any) -> Any:
        counts[by_text.get(text, "")] += 1
        return json_loads(text, *args, **kwargs)

    def count_toml(text: str, *args: Any, **kwargs: Any) -> Any:
        counts[by_text.get(text, "")] += 1
        return toml_loads(text, *args, **kwargs)

    def count_feed(self: XMLParser, data: bytes) -> None:
        counts[by_bytes.get(data, "")] += 1
        feed(self, data)

    def count_tokens(path: str, text: str) -> Any:
        counts[by_text.get(text, "")] += 1
        return tokenize(path, text)

    def count_ini(self: configparser.ConfigParser, text: str, *args: Any, **kwargs: Any) -> None:
        counts[by_text.get(text, "")] += 1
        read_ini(self, text, *args, **kwargs)

    monkeypatch.setattr(configparser.ConfigParser, "read_string", count_ini)
    monkeypatch.setattr(json, "loads", count_json)
    monkeypatch.setattr(tomllib, "loads", count_toml)
    monkeypatch.setattr(XMLParser, "feed", count_feed)
    monkeypatch.setattr(tokens, "tokens", count_tokens)
    yield counts


def _metadata(counts: Counter[str]) -> dict[str, int]:
    metadata = (".xml", ".toml", ".json", ".cfg", "Pipfile", ".csproj")
    return {path: counts[path] for path in FILES if path.endswith(metadata)}


def test_a_scan_parses_each_metadata_file_once(tmp_path: Path, parses: Counter[str]) -> None:
    make_repo(tmp_path / "repo", FILES)
    scan = scan_repository(RepositoryRef("shop", str(tmp_path / "repo")))
    # every reader saw its file: dependencies, the declared licence, the declared runtime
    assert {d.manifest for d in scan.dependencies} >= set(FILES) - {"README.md", "src/main.py"}
    assert scan.licence.declared is not None
    assert {r.path for r in scan.runtimes} >= set(FILES) - {"README.md", "src/main.py"}
    assert _metadata(parses) == dict.fromkeys(_metadata(parses), 1)
    assert parses["shop.gemspec"] == 1  # tokenized once (the other readers search its lines)


def test_a_snapshot_parses_each_metadata_file_once(tmp_path: Path, parses: Counter[str]) -> None:
    make_repo(tmp_path / "repo", FILES)
    git = GitRepository(str(tmp_path / "repo"))
    commit, _ = git.resolve("HEAD")
    cache = SnapshotCache()
    snapshot = snapshot_at(git, commit, catalog=load_catalog(), eol=load_eol(), cache=cache)
    assert {r.path for r in snapshot.runtimes} >= {"pom.xml", "pyproject.toml", "tools/setup.cfg"}
    assert _metadata(parses) == dict.fromkeys(_metadata(parses), 1)


def test_documents_parse_once_and_refuse_what_a_reader_must_word_itself() -> None:
    documents = Documents()
    assert documents.json("a.json", b'{"a": 1}') == {"a": 1}
    assert documents.json("a.json", b'{"a": 1}') == {"a": 1}
    assert documents.parses["json"] == 1
    assert documents.json("a.json", b'{"a": 2}') == {"a": 2}  # other bytes: parsed again
    assert documents.parses["json"] == 2
    assert documents.json("b.json", b"{") is None  # each reader's own loader says why
    assert documents.json("c.json", b'\xff{"a": 1}') is None  # not UTF-8
    assert documents.toml("d.toml", b"a = [") is None
    assert documents.toml("e.toml", "\ufeffa = 1".encode()) == {"a": 1}  # a BOM is dropped
    assert documents.config("h.cfg", b"no section") is None
    config = documents.config("i.cfg", b"[options]\na = 1\na = 2\n")  # duplicates allowed
    assert config is not None
    assert config.get("options", "a") == "2"
    assert documents.xml("f.xml", b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>") is None
    tree = documents.xml("g.xml", b"<project>\n  <a/>\n</project>")
    assert tree is not None
    assert tree.line_of(tree.root[0]) == 2
