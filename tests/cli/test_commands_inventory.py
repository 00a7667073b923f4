"""lodestar deps / tech / eol / catalog update on a small realistic organisation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()

PACKAGE_JSON = """{
  "name": "web",
  "version": "1.0.0",
  "license": "MIT",
  "dependencies": {"react": "^18.2.0", "axios": "^1.6.0"},
  "devDependencies": {"vite": "^5.0.0"}
}
"""

LOCK = """{
  "name": "web",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {"name": "web", "version": "1.0.0",
         "dependencies": {"react": "^18.2.0", "axios": "^1.6.0"},
         "devDependencies": {"vite": "^5.0.0"}},
    "node_modules/react": {"version": "18.2.0", "license": "MIT",
                           "dependencies": {"loose-envify": "^1.1.0"}},
    "node_modules/loose-envify": {"version": "1.4.0", "license": "MIT"},
    "node_modules/axios": {"version": "1.6.2", "license": "MIT"},
    "node_modules/vite": {"version": "5.0.12", "dev": true, "license": "MIT"}
  }
}
"""

PYPROJECT = """[project]
name = "api"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["django>=4.2,<5", "psycopg[binary]>=3.1", "axios-py==0.1"]
"""


def _run(ws: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["-w", str(ws), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def org(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LODESTAR_DATABASE_URL", database_url)
    make_repo(
        tmp_path / "repos" / "web",
        {
            "package.json": PACKAGE_JSON,
            "package-lock.json": LOCK,
            "Dockerfile": "FROM node:16-alpine AS build\nRUN npm ci\nFROM nginx:1.25\n",
            ".github/workflows/ci.yml": "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - uses: actions/checkout@v4\n",
            "tests/fixtures/old/package.json": '{"dependencies": {"react": "15.0.0"}}',
        },
    )
    make_repo(
        tmp_path / "repos" / "api",
        {
            "pyproject.toml": PYPROJECT,
            "Dockerfile": "FROM python:3.8-slim\nCOPY . /app\n",
            "docker-compose.yml": "services:\n  db:\n    image: postgres:11\n",
            "app/main.py": "import django\n",
        },
    )
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws), "-s", "../repos"]).exit_code == 0
    assert runner.invoke(app, ["-w", str(ws), "scan", "--workers", "1"]).exit_code == 0
    return ws


def test_deps_search_spread_and_range(org: Path) -> None:
    react = _run(org, "deps", "react")
    assert react["repositories"] == ["web"]
    [use] = react["uses"]
    assert (use["version"], use["constraint"], use["scope"], use["direct"]) == (
        "18.2.0",
        "^18.2.0",
        "runtime",
        True,
    )
    assert react["spread"] == [["18.2.0", 1]]
    assert use["licence"] == "MIT"  # from the package-lock.json v3 entry
    table = runner.invoke(app, ["-w", str(org), "deps", "axios"], env={"COLUMNS": "200"})
    assert "licence" in table.stdout and " MIT " in table.stdout
    with_fixtures = _run(org, "deps", "react", "--fixtures")
    assert {u["version"] for u in with_fixtures["uses"]} == {"18.2.0", "15.0.0"}
    assert _run(org, "deps", "react", "--range", "<18")["uses"] == []
    assert _run(org, "deps", "pkg:npm/loose-envify")["uses"][0]["direct"] is False
    django = _run(org, "deps", "Django")
    assert django["uses"][0]["constraint"] == ">=4.2,<5" and django["unresolved"] == 1


def test_deps_most_used(org: Path) -> None:
    packages = {p["name"]: p for p in _run(org, "deps")["packages"]}
    assert "react" in packages and "loose-envify" not in packages
    assert "loose-envify" in {p["name"] for p in _run(org, "deps", "--transitive")["packages"]}


def test_tech_with_evidence_and_category(org: Path) -> None:
    techs = {t["id"]: t for t in _run(org, "tech")["technologies"]}
    assert techs["react"]["repositories"] == ["web"]
    assert techs["postgresql"]["repositories"] == ["api"]
    assert techs["django"]["repositories"] == ["api"]
    assert techs["github-actions"]["repositories"] == ["web"]
    assert {"docker"} <= set(techs)
    via = {(e[1], e[2]) for e in techs["postgresql"]["evidence"]}
    assert ("image", "postgres:11") in via
    databases = _run(org, "tech", "--category", "database")["technologies"]
    assert {t["category"] for t in databases} == {"database"}
    bad = runner.invoke(app, ["-w", str(org), "tech", "--category", "nonsense"])
    assert bad.exit_code == 2 and "choose one of" in bad.output


def test_eol_says_what_each_declaration_states(org: Path) -> None:
    """requires-python is a supported range, the image what runs (issue 10, point 5)."""
    exposures = _run(org, "eol", "--all")["exposures"]
    found = {(e["repository"], e["product"], e["intent"]): e for e in exposures}
    supported = found["api", "python", "supported"]
    assert (supported["declared"], supported["allowed"]) == (">=3.11", ">=3.11")
    assert supported["state"] in {"supported", "admits-eol"}
    assert supported["severity"] in {None, "note"}
    deployed = found["api", "python", "deployed"]
    assert (deployed["state"], deployed["severity"]) == ("past-eol", "error")
    table = runner.invoke(app, ["-w", str(org), "eol"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "intent" in table.stdout and "deployed" in table.stdout


def test_catalog_update_from_file(org: Path, tmp_path: Path) -> None:
    data = tmp_path / "python.json"
    data.write_text(
        json.dumps(
            [
                {
                    "cycle": "3.8",
                    "releaseDate": "2019-10-14",
                    "support": "2021-05-03",
                    "eol": "2024-10-07",
                    "latest": "3.8.20",
                    "lts": False,
                },
            ]
        )
    )
    result = runner.invoke(
        app, ["-w", str(org), "catalog", "update", "--from", str(data), "--product", "python"]
    )
    assert result.exit_code == 0, result.output
    assert (org / "catalog" / "eol" / "python.json").is_file()
    missing = runner.invoke(app, ["-w", str(org), "catalog", "update", "--from", "/nope.json"])
    assert missing.exit_code == 2


def test_sbom_cyclonedx_and_spdx(org: Path, tmp_path: Path) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    result = runner.invoke(app, ["-w", str(org), "sbom", "web"])
    assert result.exit_code == 0, result.output
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(result.stdout) is None
    bom = json.loads(result.stdout)
    purls = {c["purl"] for c in bom["components"]}
    assert {"pkg:npm/react@18.2.0", "pkg:npm/loose-envify@1.4.0", "pkg:docker/nginx@1.25"} <= purls
    assert "pkg:npm/react@15.0.0" not in purls  # fixture manifests stay out by default
    assert bom["metadata"]["component"]["licenses"][0]["license"]["id"] == "MIT"
    # the lock's package-to-package edges survive the store: react → loose-envify, a leaf
    graph = {node["ref"]: node["dependsOn"] for node in bom["dependencies"]}
    assert graph["pkg:npm/react@18.2.0"] == ["pkg:npm/loose-envify@1.4.0"]
    assert graph["pkg:npm/loose-envify@1.4.0"] == []
    assert "pkg:docker/nginx@1.25" not in graph  # no file records an image's edges

    out = tmp_path / "sboms"
    result = runner.invoke(app, ["-w", str(org), "sbom", "--all", "-f", "spdx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["api.spdx.json", "web.spdx.json"]
    doc = json.loads((out / "api.spdx.json").read_text())
    assert doc["spdxVersion"] == "SPDX-2.3"
    refs = {r["referenceLocator"] for p in doc["packages"] for r in p.get("externalRefs", [])}
    assert "pkg:docker/python@3.8-slim" in refs


@pytest.mark.parametrize(
    ("args", "words"),
    [([], "REPOSITORY or pass --all"), (["--all"], "--output DIR"), (["nope"], "no scanned")],
)
def test_sbom_usage_errors(org: Path, args: list[str], words: str) -> None:
    result = runner.invoke(app, ["-w", str(org), "sbom", *args])
    assert result.exit_code == 2 and words in result.output


def test_stale_eol_data_says_where_fresh_data_comes_from(org: Path) -> None:
    """A year after the shipped snapshot, ``eol`` names the endoflife.date API call."""
    result = runner.invoke(
        app, ["-w", str(org), "eol", "--as-of", "2028-01-01"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    warning = " ".join(result.stderr.split())
    assert "end-of-life data is from" in warning
    assert "lodestar catalog update --from https://endoflife.date/api/v1/products/" in warning
