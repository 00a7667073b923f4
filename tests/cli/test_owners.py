"""lodestar owners on a small organisation built with git: declared owners from CODEOWNERS,
catalog-info.yaml and lodestar.toml, observed owners from the mined history, teams from
people.toml and Backstage Groups; and the owner on lodestar check's findings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.demo.factory import Author, Commit, build_repository

runner = CliRunner()

GREG = Author("Greg Old", "greg@example.com")
ANN = Author("Ann Lee", "ann@example.com")
BOB = Author("Bob Ray", "bob@example.com")
AS_OF = "2025-10-01"

CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shop
  annotations:
    github.com/project-slug: acme/shop
spec:
  type: service
  lifecycle: production
  owner: group:default/storefront
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: storefront
spec:
  type: team
  children: []
  members: [bob]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: bob
spec:
  profile:
    email: bob@example.com
"""


def _at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("owners")
    build_repository(
        root / "repos" / "billing",
        [
            Commit(GREG, _at(1, 6), "Import", {
                "billing/invoices.py": "a = 1\n",
                ".github/CODEOWNERS": "# billing\n*  @greg\n/docs/ @acme/writers\n",
            }),
            Commit(GREG, _at(2, 3), "Fix", {"billing/invoices.py": "a = 2\n"}),
            Commit(ANN, _at(9, 1), "Docs", {"README.md": "# billing\n"}),
        ],
    )  # fmt: skip
    build_repository(
        root / "repos" / "shop",
        [
            Commit(ANN, _at(3, 3), "Create", {
                "shop/routes.py": "r = 1\n", "catalog-info.yaml": CATALOG,
                "CODEOWNERS": "* @acme/ignored-by-catalog\n",
            }),
            Commit(ANN, _at(9, 20), "Change", {"shop/routes.py": "r = 2\n"}),
        ],
    )  # fmt: skip
    build_repository(
        root / "repos" / "tools",
        [Commit(BOB, _at(9, 25), "Tools", {"tools/cli.py": "c = 1\n"})],
    )
    ws = root / "ws"
    env = {"LODESTAR_DATABASE_URL": f"sqlite:///{root / 'store.db'}"}
    result = runner.invoke(app, ["init", str(ws), "--source", str(root / "repos")], env=env)
    assert result.exit_code == 0, result.output
    (ws / "people.toml").write_text(
        '["ann@example.com"]\nname = "Ann Lee"\nteam = "Storefront"\n'
        '["greg@example.com"]\nname = "Greg Old"\nteam = "Billing"\n',
        encoding="utf-8",
    )
    with (ws / "lodestar.toml").open("a", encoding="utf-8") as config:
        config.write('\n[repositories.owners]\n"too*" = "@bob"\n')
    result = runner.invoke(app, ["-w", str(ws), "scan"], env=env)
    assert result.exit_code == 0, result.output
    return ws


def _invoke(org: Path, *args: str) -> Any:
    env = {"LODESTAR_DATABASE_URL": f"sqlite:///{org.parent / 'store.db'}", "COLUMNS": "200"}
    return runner.invoke(app, ["-w", str(org), *args], env=env)


def _json(org: Path, *args: str) -> dict[str, Any]:
    result = _invoke(org, *args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_owners_declared_observed_team_and_status(org: Path) -> None:
    data = _json(org, "owners", "--as-of", AS_OF)
    repos = {r["repository"]: r for r in data["repositories"]}
    billing, shop, tools = repos["billing"], repos["shop"], repos["tools"]
    # Greg owns billing by CODEOWNERS; his last commit (3 Feb) is 240 days old: departed
    assert (billing["declared"], billing["source"]) == (["@greg"], ".github/CODEOWNERS:2")
    assert (billing["team"], billing["status"]) == ("Billing", "departed")
    # the catalog's Component wins over CODEOWNERS; Group storefront is people.toml's team
    assert (shop["declared"], shop["source"]) == (
        ["group:default/storefront"],
        "catalog-info.yaml:10",
    )
    assert shop["team"] == "Storefront"
    assert shop["observed"] == ["ann@example.com"]
    assert shop["status"] == "ok"  # Ann is a Storefront member (people.toml)
    assert (tools["declared"], tools["source"], tools["status"]) == (
        ["@bob"],
        "lodestar.toml",
        "ok",
    )
    teams = {t["name"]: t for t in data["teams"]}
    assert set(teams["Storefront"]["members"]) == {"ann@example.com", "bob@example.com"}
    assert teams["Storefront"]["repositories"] == ["shop", "tools"]


def test_owners_of_one_repository_and_of_one_team(org: Path) -> None:
    one = _json(org, "owners", "shop", "--as-of", AS_OF)
    assert [r["repository"] for r in one["repositories"]] == ["shop"]
    assert [(r["pattern"], r["owners"]) for r in one["rules"]] == [
        ("*", ["@acme/ignored-by-catalog"])
    ]
    billing = _json(org, "owners", "billing", "--as-of", AS_OF)
    assert [(r["pattern"], r["owners"], r["line"]) for r in billing["rules"]] == [
        ("*", ["@greg"], 2),
        ("/docs/", ["@acme/writers"], 3),
    ]
    assert billing["repositories"][0]["owning_team"] == "Billing"
    team = _json(org, "owners", "--team", "storefront", "--as-of", AS_OF)
    assert [r["repository"] for r in team["repositories"]] == ["shop", "tools"]
    assert [t["name"] for t in team["teams"]] == ["Storefront"]
    unknown = _invoke(org, "owners", "nope", "--json")
    assert unknown.exit_code == 2
    assert "no scanned repository named 'nope'" in unknown.output


def test_owners_table_and_help(org: Path) -> None:
    result = _invoke(org, "owners", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    for text in ("billing", "@greg", "departed", "Storefront", "lodestar.toml"):
        assert text in result.output
    one = _invoke(org, "owners", "billing", "--as-of", AS_OF)
    assert "Owners per path" in one.output
    assert ".github/CODEOWNERS:3" in one.output
    help_text = runner.invoke(app, ["owners", "--help"]).output
    assert "Example: lodestar owners --team payments --json" in help_text


def test_check_names_the_owner_of_each_finding(org: Path) -> None:
    result = _invoke(org, "check", "--as-of", AS_OF, "-f", "json")
    data = json.loads(result.stdout)
    by_rule = {(f["rule"], f["repository"]): f for f in data["findings"]}
    departed = by_rule[("owner-departed", "billing")]
    assert departed["owner"] == "@greg"
    assert departed["evidence"] == [".github/CODEOWNERS:2"]
    assert ("owner-unknown", "billing") in by_rule  # @acme/writers is no known team
