"""``lodestar catalog list`` / ``show``: the technology ids a strategy file may name, what
detects each, did-you-mean; the validator's and update's messages name real commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.catalog import load_catalog, load_eol, technology_card
from lodestar.catalog.eol_update import API_V0, API_V1, refresh_hint, update_from
from lodestar.cli.app import app
from lodestar.errors import NotFoundError, StrategyError
from lodestar.strategy import create_workspace, load_strategy

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


@pytest.fixture(autouse=True)
def _outside_any_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)


def test_list_finds_ids_by_text_and_category() -> None:
    result = runner.invoke(app, ["catalog", "list", "postgres"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "postgresql" in result.stdout and "PostgreSQL" in result.stdout
    assert "details: lodestar catalog show ID" in result.stdout
    found = json.loads(
        runner.invoke(app, ["catalog", "list", "--category", "CI/CD", "--json"]).stdout
    )
    ids = {t["id"] for t in found["technologies"]}
    assert {"github-actions", "gitlab-ci", "jenkins"} <= ids
    assert {t["category"] for t in found["technologies"]} == {"ci-cd"}
    every = json.loads(runner.invoke(app, ["catalog", "list", "--json"]).stdout)["technologies"]
    assert len(every) == len(load_catalog())


def test_list_never_cuts_an_id_at_80_columns() -> None:
    result = runner.invoke(app, ["catalog", "list", "--category", "ci-cd"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    ids = [t.id for t in load_catalog().by_category("ci-cd")]
    longest = max(ids, key=len)
    assert any(longest in line for line in result.stdout.splitlines())


def test_an_unknown_category_is_a_usage_error_with_a_suggestion() -> None:
    result = runner.invoke(app, ["catalog", "list", "--category", "datbase"])
    assert result.exit_code == 2
    assert "did you mean 'database'" in result.output and "ci-cd" in result.output


def test_show_names_the_evidence_and_the_eol_product() -> None:
    result = runner.invoke(app, ["catalog", "show", "postgres"], env=WIDE)  # an alias
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "id:          postgresql" in out and "pkg:pypi/psycopg" in out
    assert "images:" in out and "bitnami/postgresql" in out
    assert "EOL product: postgresql (" in out and "release cycles" in out
    assert "matchers: [{technology: postgresql}]" in out
    card = json.loads(runner.invoke(app, ["catalog", "show", "python", "--json"]).stdout)
    assert card["eol_product"] == "python" and "Python" in card["languages"]
    assert card["cycles"] and card["cycle_count"] >= len(card["cycles"])


def test_show_an_unknown_id_is_not_found_with_a_did_you_mean() -> None:
    result = runner.invoke(app, ["catalog", "show", "postgress"])
    assert result.exit_code == 1
    assert "did you mean postgresql?" in result.output
    assert "'lodestar catalog list postg'" in result.output
    assert runner.invoke(app, ["catalog", "show"]).exit_code == 2  # ID missing: usage


def test_the_workspace_catalog_additions_are_listed(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root, name="Acme", sources=[], git=False)
    (root / "catalog" / "ours.toml").write_text(
        '[[technology]]\nid = "acme-bus"\nname = "Acme Bus"\ncategory = "messaging"\n'
        'homepage = "https://bus.acme.example"\npurls = ["pkg:pypi/acme-bus"]\n'
    )
    listed = runner.invoke(app, ["-w", str(root), "catalog", "list", "acme", "--json"])
    assert [t["id"] for t in json.loads(listed.stdout)["technologies"]] == ["acme-bus"]
    shown = runner.invoke(app, ["-w", str(root), "catalog", "show", "acme-bus"], env=WIDE)
    assert "pkg:pypi/acme-bus" in shown.stdout and "EOL product: none" in shown.stdout


def test_the_validator_names_a_list_command_that_finds_the_id(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root, name="Acme", sources=[], git=False)
    (root / "radar" / "db.md").write_text(
        "---\ntitle: DB\nquadrant: Platforms\nring: Adopt\nmatchers:\n"
        "  - technology: postgress\n---\n"
    )
    with pytest.raises(StrategyError) as caught:
        load_strategy(root)
    message = caught.value.problems[0].message
    assert "'lodestar catalog list postg'" in message and "see 'lodestar catalog'" not in message
    query = message.split("'lodestar catalog list ", 1)[1].split("'", 1)[0]
    found = json.loads(runner.invoke(app, ["catalog", "list", query, "--json"]).stdout)
    assert "postgresql" in {t["id"] for t in found["technologies"]}
    with pytest.raises(NotFoundError, match="lodestar catalog list"):
        technology_card(load_catalog(), load_eol(), "nope-nothing")


def test_catalog_update_explains_endoflife_date() -> None:
    result = runner.invoke(app, ["catalog", "update", "--help"], env=WIDE)
    text = " ".join(result.stdout.split())
    assert "https://endoflife.date/api/v1/products/python/" in text
    assert "https://endoflife.date/api/PRODUCT.json" in text and "no network" in text
    hint = refresh_hint(["python", "nodejs", "go", "ruby"])
    assert f"--from {API_V1.format(product='python')}" in hint and "1 more" in hint


def test_both_api_shapes_the_help_names_are_read(tmp_path: Path) -> None:
    """A v1 answer (named in it) and a v0 list (named by its URL's file name) both update."""
    v1 = {
        "schema_version": "1.2.0",
        "result": {
            "name": "python",
            "releases": [
                {"name": "3.13", "releaseDate": "2024-10-07", "isEol": False,
                 "eolFrom": "2029-10-31", "latest": {"name": "3.13.1", "date": "2024-12-03"}},
            ],
        },
    }  # fmt: skip
    done = update_from(json.dumps(v1).encode(), None, dest=tmp_path / "a", label=API_V1)
    assert done.products == ("python",)
    v0 = [{"cycle": "22", "releaseDate": "2024-04-24", "eol": "2027-04-30", "latest": "22.1"}]
    url = API_V0.format(product="nodejs")
    product = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")  # as the CLI names it
    done = update_from(json.dumps(v0).encode(), product, dest=tmp_path / "b", label=url)
    assert done.products == ("nodejs",)


@pytest.mark.parametrize("typo", ["postgress", "flaks", "kubernets", "gitlab-cicd", "rect"])
def test_the_named_list_command_lists_something(typo: str) -> None:
    """The command a message names for a misspelt id is never an empty list."""
    from lodestar.catalog import find_technologies, list_command

    catalog = load_catalog()
    query = list_command(typo, catalog).removeprefix("lodestar catalog list").strip()
    assert query and find_technologies(catalog, query)
