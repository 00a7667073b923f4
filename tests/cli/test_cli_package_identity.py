"""``deps``/``trend``: a name means one exact package; ranges in every ecosystem's spelling.

Issue 10, point 6: ``deps react`` also returned ``@types/react``, ``deps vite`` returned
``@tailwindcss/vite`` and ``checkout`` matched ``actions/checkout`` (a bare name matched the
last segment of namespaced names), the version spread mixed them, the "where" table had no
package column, ``deps reakt`` / ``trend pythn`` exited 0 with nothing, and ``*``,
``^17 || ^18``, ``18.x``, ``18.0.0 - 18.3.0``, ``~>3.0`` and ``[1.0,2.0)`` were refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()


def _npm(deps: dict[str, str]) -> dict[str, str]:
    manifest = {"name": "app", "version": "1.0.0", "dependencies": dict.fromkeys(deps, "*")}
    packages: dict[str, object] = {"": {"name": "app", "version": "1.0.0", **manifest}}
    for name, version in deps.items():
        packages[f"node_modules/{name}"] = {"version": version}
    lock = {"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": packages}
    return {"package.json": json.dumps(manifest), "package-lock.json": json.dumps(lock)}


POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId><artifactId>svc</artifactId><version>1.0</version>
  <dependencies>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId>
      <version>1.7.36</version></dependency>
  </dependencies>
</project>
"""


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("identity")
    web = _npm(
        {
            "react": "18.2.0",
            "@types/react": "18.2.45",
            "vite": "5.0.12",
            "@tailwindcss/vite": "4.0.0",
            "requests": "0.3.0",
        }
    )
    web[".github/workflows/ci.yml"] = (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
    )
    make_repo(tmp / "repos" / "web", web)
    make_repo(tmp / "repos" / "legacy", _npm({"react": "17.0.2", "@types/react": "17.0.80"}))
    make_repo(
        tmp / "repos" / "api",
        {
            "requirements.txt": "requests==2.31.0\nDjango==4.2.11\n",
            ".python-version": "3.11\n",
        },
    )
    make_repo(tmp / "repos" / "svc", {"pom.xml": POM})
    ws = tmp / "ws"
    assert runner.invoke(app, ["init", str(ws), "-s", "../repos"]).exit_code == 0
    database = f"sqlite:///{tmp / 'lodestar.db'}"
    result = runner.invoke(
        app, ["-w", str(ws), "scan", "--workers", "1"], env={"LODESTAR_DATABASE_URL": database}
    )
    assert result.exit_code == 0, result.output
    return ws


def _invoke(ws: Path, *args: str) -> object:
    database = f"sqlite:///{ws.parent / 'lodestar.db'}"
    return runner.invoke(
        app, ["-w", str(ws), *args], env={"LODESTAR_DATABASE_URL": database, "COLUMNS": "200"}
    )


def _json(ws: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = _invoke(ws, *args, "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined,no-any-return]


def _packages(found: dict) -> set[str]:  # type: ignore[type-arg]
    return {u["package"] for u in found["uses"]}


def test_a_name_is_one_exact_package(org: Path) -> None:
    react = _json(org, "deps", "react")
    assert _packages(react) == {"pkg:npm/react"}
    assert react["spread"] == [["17.0.2", 1], ["18.2.0", 1]]  # @types/react's 18.2.45 is not
    assert [p["package"] for p in react["packages"]] == ["pkg:npm/react"]
    assert react["ambiguous"] is False
    assert _packages(_json(org, "deps", "vite")) == {"pkg:npm/vite"}
    assert _packages(_json(org, "deps", "@types/react")) == {"pkg:npm/%40types/react"}
    assert _packages(_json(org, "deps", "pkg:npm/@types/react")) == {"pkg:npm/%40types/react"}
    assert _packages(_json(org, "deps", "pkg:npm/react")) == {"pkg:npm/react"}
    assert _packages(_json(org, "deps", "django")) == {"pkg:pypi/django"}  # PEP 503 names
    assert _packages(_json(org, "deps", "org.slf4j:slf4j-api")) == {"pkg:maven/org.slf4j/slf4j-api"}


def test_globs_and_like_widen_and_keep_packages_apart(org: Path) -> None:
    like = _json(org, "deps", "react", "--like")
    assert _packages(like) == {"pkg:npm/react", "pkg:npm/%40types/react"}
    labels = {label for label, _ in like["spread"]}
    assert "pkg:npm/%40types/react@18.2.45" in labels and "pkg:npm/react@18.2.0" in labels
    assert _packages(_json(org, "deps", "@types/*")) == {"pkg:npm/%40types/react"}
    assert _packages(_json(org, "deps", "*/vite")) == {"pkg:npm/%40tailwindcss/vite"}
    table = _invoke(org, "deps", "react", "--like")
    assert table.exit_code == 0  # type: ignore[attr-defined]
    out = table.stdout  # type: ignore[attr-defined]
    assert "package" in out and "@types/react (npm)" in out and "react (npm)" in out


def test_a_name_several_ecosystems_carry_lists_each(org: Path) -> None:
    found = _json(org, "deps", "requests")
    assert found["ambiguous"] is True
    assert {p["package"] for p in found["packages"]} == {"pkg:npm/requests", "pkg:pypi/requests"}
    assert {label for label, _ in found["spread"]} == {
        "pkg:npm/requests@0.3.0",
        "pkg:pypi/requests@2.31.0",
    }
    table = _invoke(org, "deps", "requests")
    assert "names 2 packages" in table.output and "--ecosystem" in table.output  # type: ignore[attr-defined]
    assert _packages(_json(org, "deps", "requests", "--ecosystem", "pypi")) == {"pkg:pypi/requests"}


@pytest.mark.parametrize(
    ("args", "close"),
    [
        (["deps", "reakt"], "'react'"),
        (["deps", "checkout"], "'actions/checkout'"),
        (["deps", "slf4j-api"], "'org.slf4j:slf4j-api'"),
        (["trend", "pythn"], "'python'"),
        (["trend", "@types/react"], "'pkg:npm/%40types/react'"),
        (["trend", "pkg:npm/reakt"], "'pkg:npm/react'"),
    ],
)
def test_an_unknown_name_exits_1_with_a_did_you_mean(
    org: Path, args: list[str], close: str
) -> None:
    result = _invoke(org, *args)
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert "did you mean" in result.output and close in result.output  # type: ignore[attr-defined]
    assert "\n" not in result.output.strip()  # type: ignore[attr-defined]


def test_trend_still_follows_known_subjects(org: Path) -> None:
    assert _json(org, "trend", "python")["repositories"] == ["api"]
    assert _json(org, "trend", "pkg:pypi/Django")["subject"] == "pkg:pypi/django"


@pytest.mark.parametrize(
    ("package", "version_range", "repositories"),
    [
        ("react", "*", ["legacy", "web"]),
        ("react", "^17 || ^18", ["legacy", "web"]),
        ("react", "18.x", ["web"]),
        ("react", "17.0.0 - 17.9.9", ["legacy"]),
        ("react", ">=17 <18", ["legacy"]),
        ("django", "~=4.2", ["api"]),
        ("django", ">=5", []),
        ("org.slf4j:slf4j-api", "[1.7,2.0)", ["svc"]),
        ("org.slf4j:slf4j-api", "[2.0,)", []),
        ("requests", "~>2.0", ["api"]),  # RubyGems' ~> outside npm: 0.3.0 on npm is out
    ],
)
def test_ranges_in_each_ecosystem(
    org: Path, package: str, version_range: str, repositories: list[str]
) -> None:
    found = _json(org, "deps", package, "--range", version_range)
    assert found["repositories"] == repositories


def test_a_range_no_dialect_reads_is_a_usage_error(org: Path) -> None:
    result = _invoke(org, "deps", "react", "--range", ">>>2")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "not understood for npm" in result.output  # type: ignore[attr-defined]
