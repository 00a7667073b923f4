"""One answer per team: the cockpit's Teams pages and ``?team=`` lists are the CLI's ``--team``.

On the organisation of the CLI's ``--team`` tests (tests/cli/test_teams.py: owners declared in a
Backstage ``catalog-info.yaml``, a GitHub team in ``.github/CODEOWNERS``, a person whose
``people.toml`` team is Payments, and one repository with no owner), every team's repositories,
findings by severity and campaign progress on the cockpit equal what ``lodestar repos``,
``check`` and ``campaigns`` print with ``--team``, in any case of the team's name.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.cli import test_teams

from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_home import people_context
from lodestar.web.contexts_teams import team_context, teams_context
from lodestar.web.server import cockpit_builder

org = test_teams.org  # the organisation, built and scanned once per module
AS_OF = "2026-09-01"


@pytest.fixture(scope="module")
def cockpit(org: Path) -> Cockpit:
    ws = Workspace.load(org)
    return cockpit_builder(ws, open_read_only(ws.database_url), today=dt.date(2026, 9, 1))()


def _cli(org: Path, *args: str) -> Any:
    return test_teams.as_json(org, *args)


def test_every_team_counts_what_the_cli_counts(org: Path, cockpit: Cockpit) -> None:
    teams = teams_context(cockpit).teams
    assert {t.name for t in teams} >= {"Payments", "web"}
    compared = 0
    for team in teams:
        for asked in (team.name, team.name.upper()):
            repos = _cli(org, "repos", "--team", asked)["repositories"]
            assert tuple(sorted(r["name"] for r in repos)) == team.repositories, asked
            found = _cli(org, "check", "--as-of", AS_OF, "--team", asked)["findings"]
            severities = Counter(f["severity"] for f in found)
            assert dict(team.findings or ()) == {s: n for s, n in severities.items() if n}
        campaigns = _cli(org, "campaigns", "--as-of", AS_OF, "--team", team.name)["campaigns"]
        cli = {
            c["id"]: (len(c["repositories"]), c["done"], c["in_progress"], c["not_started"])
            for c in campaigns
            if c["repositories"]
        }
        page = {
            c.id: (c.repositories, c.done, c.in_progress, c.not_started)
            for c in team_context(cockpit, team.name).campaigns
        }
        assert page == cli, team.name
        risk = _cli(org, "risk", "--as-of", AS_OF, "--team", team.name)["repositories"]
        people = people_context(cockpit, team.name).truck_factors
        assert sorted(r["repository"] for r in risk) == sorted(t.repository for t in people)
        compared += len(team.repositories)
    assert compared >= 3  # orders-api, ledger (Payments), storefront (web)
    unowned = teams_context(cockpit).unowned
    assert unowned == ("infra",)


def test_the_filtered_lists_are_the_cli_lists(org: Path, cockpit: Cockpit) -> None:
    client = TestClient(create_app(lambda: cockpit))
    for team in ("payments", "WEB"):
        api = client.get("/api/repositories", params={"team": team}).json()
        cli = _cli(org, "repos", "--team", team)["repositories"]
        assert sorted(r["name"] for r in api["repositories"]) == sorted(r["name"] for r in cli)
        findings = client.get("/api/findings", params={"team": team}).json()["findings"]
        checked = _cli(org, "check", "--as-of", AS_OF, "--team", team)["findings"]
        key = ("rule", "repository", "message", "owner")
        assert Counter(tuple(f[k] for k in key) for f in findings) == Counter(
            tuple(f[k] for k in key) for f in checked
        )
