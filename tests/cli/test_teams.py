"""``--team`` on repos, check, risk and campaigns; the owner in findings; ``catalog export``.

A small organisation whose repositories declare their owners the ways real ones do: a Backstage
``catalog-info.yaml`` (orders-api, team payments), a GitHub team in ``.github/CODEOWNERS``
(storefront, team web), a person in ``CODEOWNERS`` whose ``people.toml`` team is Payments
(ledger), and nothing at all (infra).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import ALICE
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.demo.content.licences import mit
from lodestar.demo.factory import Author, Commit, build_repository
from lodestar.settings import init_workspace

from ..render.test_backstage_catalog import backstage_errors

runner = CliRunner()
AS_OF = ["--as-of", "2026-09-01"]
DANA = Author("Dana Smith", "dana@northwind.example")
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

ORDERS_INFO = """apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
  annotations:
    github.com/project-slug: northwind/orders-api
spec:
  type: service
  lifecycle: production
  owner: group:payments
  system: checkout
"""
PEOPLE = """["dana@northwind.example"]
name = "Dana Smith"
team = "Payments"
"""
RADAR_FLASK = """---
title: Flask
quadrant: Languages & Frameworks
ring: Hold
matchers:
  - technology: flask
---
"""
RADAR_JQUERY = RADAR_FLASK.replace("Flask", "jQuery").replace("flask", "jquery")
CAMPAIGN = """---
title: Flask to FastAPI
from:
  - technology: flask
to:
  - technology: fastapi
start: 2026-01-01
due: 2026-12-31
---
"""


def repo(path: Path, author: Author, files: dict[str, str], commits: int = 3) -> None:
    build_repository(
        path,
        [
            Commit(
                author=author,
                when=T0 + timedelta(days=7 * i),
                message=f"change {i}",
                files=files if i == commits - 1 else {"CHANGES.md": f"step {i}\n"},
            )
            for i in range(commits)
        ],
    )


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("teams")
    repos = root / "repos"
    repo(
        repos / "orders-api",
        DANA,
        {
            "catalog-info.yaml": ORDERS_INFO,
            "requirements.txt": "flask==3.0.0\n",
            "app.py": "import flask\n",
            "LICENSE": mit(2024),
        },
    )
    repo(
        repos / "storefront",
        ALICE,
        {
            ".github/CODEOWNERS": "# web\n*  @northwind/web\n/docs/ @alice\n",
            "package.json": '{"name": "storefront", "license": "MIT",\n'
            ' "dependencies": {"react": "18.3.1", "jquery": "3.7.1"}}\n',
            "LICENSE": mit(2024),
        },
    )
    repo(
        repos / "ledger",
        DANA,
        {
            "CODEOWNERS": "* @dana\n",
            "requirements.txt": "fastapi==0.110.0\n",
            "LICENSE": mit(2024),
        },
    )
    repo(repos / "infra", ALICE, {"main.tf": 'terraform {\n  required_version = ">= 1.6"\n}\n'})
    init_workspace(root, name="Northwind", sources=["repos"])
    (root / "people.toml").write_text(PEOPLE, "utf-8")
    for rel, text in {
        "radar/flask.md": RADAR_FLASK,
        "radar/jquery.md": RADAR_JQUERY,
        "campaigns/flask-to-fastapi.md": CAMPAIGN,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    result = runner.invoke(app, ["-w", str(root), "scan", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    return root


def invoke(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.stdout if result.exit_code != 2 else result.output


def as_json(ws: Path, *args: str, code: int = 0) -> Any:
    exit_code, out = invoke(ws, *args, "--json")
    assert exit_code == code, out
    return json.loads(out)


def test_repos_shows_owners_and_filters_by_team(org: Path) -> None:
    rows = {r["name"]: r["owner"] for r in as_json(org, "repos")["repositories"]}
    assert rows["orders-api"]["declared"] == ["group:payments"]
    assert rows["orders-api"]["source"] == "catalog-info.yaml:10"  # spec.owner
    assert rows["storefront"]["declared"] == ["@northwind/web"]
    assert rows["ledger"]["team"] == "Payments"  # dana's people.toml team
    assert rows["infra"]["status"] == "missing"
    payments = as_json(org, "repos", "--team", "payments")["repositories"]
    assert sorted(r["name"] for r in payments) == ["ledger", "orders-api"]
    assert [r["name"] for r in as_json(org, "repos", "--team", "WEB")["repositories"]] == [
        "storefront"
    ]
    code, out = invoke(org, "repos")
    assert code == 0
    assert "owner" in out and "@northwind" in out  # the table folds long cells


def test_an_unknown_team_is_a_usage_error_with_a_suggestion(org: Path) -> None:
    for command in (["repos"], ["check", *AS_OF], ["risk"], ["campaigns", *AS_OF]):
        code, out = invoke(org, *command, "--team", "paymnts")
        assert code == 2, (command, out)
        assert "unknown team 'paymnts' (did you mean 'Payments'?)" in " ".join(out.split())


def test_check_findings_carry_the_owner_and_follow_the_team(org: Path) -> None:
    everything = as_json(org, "check", *AS_OF)  # warnings and notes only: exit 0
    owners = {(f["rule"], f["repository"]): f["owner"] for f in everything["findings"]}
    assert owners[("radar-hold-in-use", "orders-api")] == "group:payments"
    assert owners[("radar-hold-in-use", "storefront")] == "@northwind/web"
    web = as_json(org, "check", *AS_OF, "--team", "web")
    assert {f["repository"] for f in web["findings"]} == {"storefront"}
    assert web["repositories"] == ["storefront"]
    code, out = invoke(org, "check", *AS_OF, "--team", "web", "--format", "sarif")
    assert code == 0
    results = json.loads(out)["runs"][0]["results"]
    assert {r["properties"]["owner"] for r in results} == {"@northwind/web"}
    code, out = invoke(org, "check", *AS_OF, "--team", "payments", "--format", "markdown")
    assert code == 0
    assert "| orders-api | group:payments |" in out
    code, table = invoke(org, "check", *AS_OF, "--team", "payments")
    assert code == 0
    assert "owner" in table and "group:pay" in table and "storefront" not in table


def test_campaigns_by_team_are_over_the_teams_repositories(org: Path) -> None:
    (everyone,) = as_json(org, "campaigns", *AS_OF)["campaigns"]
    assert (everyone["done"], everyone["not_started"]) == (1, 1)  # ledger done, orders-api not
    (payments,) = as_json(org, "campaigns", *AS_OF, "--team", "payments")["campaigns"]
    assert {r["repository"] for r in payments["repositories"]} == {"ledger", "orders-api"}
    (web,) = as_json(org, "campaigns", *AS_OF, "--team", "web")["campaigns"]
    assert (web["done"], web["not_started"], web["repositories"]) == (0, 0, [])


def test_risk_by_team(org: Path) -> None:
    everyone = {r["repository"] for r in as_json(org, "risk", *AS_OF)["repositories"]}
    assert everyone == {"orders-api", "storefront", "ledger", "infra"}
    web = as_json(org, "risk", *AS_OF, "--team", "web")
    assert [r["repository"] for r in web["repositories"]] == ["storefront"]


def test_catalog_export_backstage(org: Path, tmp_path: Path) -> None:
    code, out = invoke(org, "catalog", "export", "--cockpit-url", "https://cto.example/")
    assert code == 0, out
    docs = {d["metadata"]["title"]: d for d in yaml.safe_load_all(out) if d}
    assert sorted(docs) == ["infra", "ledger", "orders-api", "storefront"]
    assert all(backstage_errors(d) == [] for d in docs.values())
    orders = docs["orders-api"]
    assert orders["metadata"]["name"] == "orders"  # the name Backstage already knows it by
    assert orders["spec"] == {
        "type": "service",
        "lifecycle": "production",
        "owner": "group:payments",
        "system": "checkout",
    }
    assert "flask" in orders["metadata"]["tags"]
    assert docs["storefront"]["spec"]["owner"] == "group:web"
    assert docs["storefront"]["spec"]["type"] == "website"
    assert docs["ledger"]["spec"]["owner"] == "user:dana"
    assert docs["infra"]["spec"]["owner"] == "group:unknown"
    assert "# infra: no owner declared" in out
    assert docs["infra"]["metadata"]["links"][0]["url"] == "https://cto.example/repositories/infra/"
    code, out = invoke(org, "catalog", "export", "--out", str(tmp_path / "bs"), "--team", "web")
    assert code == 0, out
    (written,) = sorted((tmp_path / "bs").rglob("catalog-info.yaml"))
    assert written.relative_to(tmp_path / "bs").as_posix() == "storefront/catalog-info.yaml"
    assert yaml.safe_load(written.read_text("utf-8"))["spec"]["owner"] == "group:web"
    entities = as_json(org, "catalog", "export")["entities"]
    assert len(entities) == 4
    code, out = invoke(org, "catalog", "export", "--format", "port")
    assert code == 2 and "use backstage" in out
    a_file = tmp_path / "taken"
    a_file.write_text("", "utf-8")
    code, out = invoke(org, "catalog", "export", "--out", str(a_file))
    assert code == 2 and "not a folder" in out
    (tmp_path / "clash").mkdir()
    (tmp_path / "clash" / "infra").write_text("a file where a folder goes", "utf-8")
    code, out = invoke(org, "catalog", "export", "--out", str(tmp_path / "clash"))
    assert code == 2 and "cannot write" in out


def test_catalog_export_of_an_empty_store_says_so(tmp_path: Path) -> None:
    init_workspace(tmp_path / "empty", name="Empty", sources=[])
    result = runner.invoke(app, ["-w", str(tmp_path / "empty"), "catalog", "export"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no repository to export" in result.stderr
