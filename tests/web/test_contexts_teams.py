"""The Teams pages and the team filter of the list pages: typed contexts, API, HTML.

The cockpit is the shared one (a real store, strategy records) with owners and teams as the
ownership analysis gives them: ``orders-api`` owned by Payments (CODEOWNERS), ``billing`` by a
Backstage Group whose name is hostile markup, the third repository unowned. History figures
(activity, knowledge risk) and a campaign report are records made by hand.
"""

from __future__ import annotations

import dataclasses

from fastapi.testclient import TestClient
from tests.web.conftest import HOSTILE_TEAM

from lodestar.analysis import repositories_of_team
from lodestar.records.owners import RepositoryOwner
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_change import campaigns_context
from lodestar.web.contexts_findings import findings_context
from lodestar.web.contexts_home import people_context
from lodestar.web.contexts_inventory import (
    find_repository,
    repositories_context,
    repository_context,
)
from lodestar.web.contexts_teams import find_team, team_context, team_scope, teams_context
from lodestar.web.contexts_vulns import vulnerabilities_context
from lodestar.web.links import slug

EVIL = '<b onmouseover="x">evil</b>/repo'


def test_every_team_with_its_repositories_findings_and_risk(teams_cockpit: Cockpit) -> None:
    ctx = teams_context(teams_cockpit)
    assert ctx.note is None
    assert [t.name for t in ctx.teams] == [HOSTILE_TEAM, "Payments"]  # by name, any case
    payments = ctx.teams[1]
    assert payments.repositories == ("orders-api",)
    assert payments.findings == (("error", 1),)  # the organisation's review-due is no team's
    assert (payments.members, payments.active_members, payments.departed_members) == (2, 1, 1)
    assert payments.campaigns == 1 and payments.at_risk == 1 and payments.islands == 1
    assert payments.vulnerabilities == (("critical", 1), ("medium", 1))  # CVE-2022-34265 …
    hostile = ctx.teams[0]
    assert hostile.repositories == ("billing",) and hostile.findings == ()
    assert hostile.at_risk == 0 and hostile.sources == ("billing:catalog-info.yaml:3",)
    assert hostile.vulnerabilities == (("high", 1),)  # "may be affected" is not open
    assert ctx.unowned == (EVIL,)
    assert ctx.chart.labels == (HOSTILE_TEAM, "Payments")


def test_a_team_page_in_detail(teams_cockpit: Cockpit) -> None:
    ctx = team_context(teams_cockpit, "Payments")
    assert [(m.name, m.state) for m in ctx.members] == [
        ("Ann Example", "active"),
        ("Bob Example", "departed"),
    ]
    (repo,) = ctx.repositories
    assert (repo.name, repo.owner.source, repo.owner.status) == ("orders-api", "CODEOWNERS:2", "ok")
    assert repo.findings == (("error", 1),) and repo.truck_factor == 1
    assert [f.rule for f in ctx.findings or ()] == ["radar-hold-in-use"]
    (campaign,) = ctx.campaigns  # its one repository, not the campaign's two
    assert (campaign.repositories, campaign.done, campaign.not_started) == (1, 0, 1)
    assert campaign.percent == 0.0 and campaign.schedule == "behind"
    assert [r.repository for r in ctx.at_risk] == ["orders-api"]
    assert ctx.at_risk[0].people == ("Ann Example", "Bob Example")
    assert [(i.repository, i.path, i.authors) for i in ctx.islands] == [
        ("orders-api", "app.py", ("Ann Example",))
    ]
    other = team_context(teams_cockpit, HOSTILE_TEAM)
    assert other.at_risk == () and [c.done for c in other.campaigns] == [1]
    assert other.repositories[0].owner.departed == ("group:" + HOSTILE_TEAM,)


def test_without_history_or_drift_the_team_says_no_data(cockpit: Cockpit) -> None:
    summary = teams_context(cockpit).teams[1]
    assert summary.at_risk is None and summary.islands is None
    assert summary.vulnerabilities is None  # nothing matched: no figure rather than zero
    assert summary.active_members == 0 and summary.members == 2  # presence unknown
    no_drift = dataclasses.replace(cockpit, findings=None)
    assert team_context(no_drift, "Payments").findings is None
    assert teams_context(no_drift).teams[1].findings is None


def test_no_teams_at_all_says_how_to_declare_them(bare_cockpit: Cockpit) -> None:
    ctx = teams_context(bare_cockpit)
    assert ctx.teams == () and ctx.note and "CODEOWNERS" in ctx.note
    assert ctx.unowned == ()  # no ownership data: no claim that anything is unowned


def test_teams_are_found_by_name_any_case_or_slug(cockpit: Cockpit) -> None:
    assert find_team(cockpit, "payments") == "Payments"
    assert find_team(cockpit, slug(HOSTILE_TEAM)) == HOSTILE_TEAM
    assert find_team(cockpit, "nobody") is None


def test_the_team_filter_narrows_every_list(teams_cockpit: Cockpit) -> None:
    repos = repositories_context(teams_cockpit, "name", "payments")
    assert [r.name for r in repos.repositories] == ["orders-api"]
    assert repos.team.team == "Payments" and repos.team.known
    assert repos.repositories[0].owner == ("@acme/payments",)
    findings = findings_context(teams_cockpit, "Payments")
    assert [(f.repository, f.owner, f.team) for f in findings.findings] == [
        ("orders-api", "@acme/payments", "Payments")
    ]
    camps = campaigns_context(teams_cockpit, "Payments").campaigns
    assert [r.repository for r in camps[0].repositories] == ["orders-api"]
    assert camps[0].team_progress is not None and camps[0].team_progress.not_started == 1
    assert camps[0].done == 1  # the campaign's own figures stay whole
    people = people_context(teams_cockpit, "Payments")
    assert [t.repository for t in people.truck_factors] == ["orders-api"]
    vulns = vulnerabilities_context(teams_cockpit, team="payments")  # any case, as elsewhere
    assert {r.repository for r in vulns.rows} == {"orders-api"} and vulns.total == 2
    assert vulnerabilities_context(teams_cockpit, team="nobody").rows == ()
    assert campaigns_context(teams_cockpit, HOSTILE_TEAM).campaigns[0].team_progress.done == 1  # type: ignore[union-attr]  # one campaign touches it


def test_no_filter_keeps_everything_and_names_the_owner(teams_cockpit: Cockpit) -> None:
    repos = repositories_context(teams_cockpit)
    assert len(repos.repositories) == 3 and repos.team.team is None
    assert repos.team.teams == (HOSTILE_TEAM, "Payments")
    owners = {f.repository: (f.owner, f.team) for f in findings_context(teams_cockpit).findings}
    assert owners == {"orders-api": ("@acme/payments", "Payments"), None: (None, None)}


def test_an_unknown_team_keeps_nothing_and_lists_the_known(teams_cockpit: Cockpit) -> None:
    scope = team_scope(teams_cockpit, "<script>x</script>")
    assert not scope.filter.known and scope.filter.teams == (HOSTILE_TEAM, "Payments")
    assert repositories_context(teams_cockpit, "name", "nobody").repositories == ()
    assert findings_context(teams_cockpit, "nobody").findings == ()
    camps = campaigns_context(teams_cockpit, "nobody")
    assert camps.campaigns == () and camps.note is None and not camps.team.known
    assert people_context(teams_cockpit, "nobody").truck_factors == ()
    assert team_scope(teams_cockpit, "  ").repositories is None  # blank: no filter


def test_the_repository_page_shows_declared_and_observed_owners(teams_cockpit: Cockpit) -> None:
    owned = dataclasses.replace(
        (teams_cockpit.owners or {})["orders-api"],
        observed=("ann@example.com",),
        observed_teams=("Payments",),
    )
    cockpit = dataclasses.replace(
        teams_cockpit, owners={**teams_cockpit.owners, "orders-api": owned}
    )  # type: ignore[dict-item]  # ditto
    row = find_repository(cockpit, "orders-api")
    assert row is not None
    owner = repository_context(cockpit, row).owner
    assert owner is not None and owner.source == "CODEOWNERS:2" and owner.team == "Payments"
    assert owner.observed == ("Ann Example",) and owner.observed_teams == ("Payments",)
    evil = find_repository(cockpit, EVIL)
    assert evil is not None
    unowned = repository_context(cockpit, evil).owner
    assert unowned is not None and unowned.declared == () and unowned.status == "missing"


def test_counts_per_team_are_the_shared_filter(teams_cockpit: Cockpit) -> None:
    """Parity: every team's repositories on the Teams page are the CLI's --team answer."""
    owners = teams_cockpit.owners or {}
    for team in teams_context(teams_cockpit).teams:
        assert team.repositories == repositories_of_team(owners, team.name)
        assert team.repositories == repositories_of_team(owners, team.name.upper())


def test_api_and_pages_serve_teams_and_escape_their_names(teams_cockpit: Cockpit) -> None:
    client = TestClient(create_app(lambda: teams_cockpit))
    teams = client.get("/api/teams").json()
    assert [t["name"] for t in teams["teams"]] == [HOSTILE_TEAM, "Payments"]
    assert teams["unowned"] == [EVIL]
    one = client.get("/api/teams/payments").json()
    assert one["summary"]["repositories"] == ["orders-api"] and len(one["members"]) == 2
    assert client.get("/api/teams/nobody").status_code == 404
    assert client.get("/api/repositories", params={"team": "Payments"}).json()["team"] == {
        "team": "Payments",
        "known": True,
        "teams": [HOSTILE_TEAM, "Payments"],
    }
    for path in ("/teams/", f"/teams/{slug(HOSTILE_TEAM)}/", "/repositories/billing/",
                 "/repositories/", "/findings/"):  # fmt: skip
        html = client.get(path).text
        assert "<img src=x" not in html and "&lt;img src=x" in html, path
    page = client.get("/repositories/", params={"team": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "No team named" in page.text
    assert 'href="/repositories/?team=Payments"' in page.text  # the known teams, as filters


def test_sorting_keeps_the_team_filter(teams_cockpit: Cockpit) -> None:
    client = TestClient(create_app(lambda: teams_cockpit))
    html = client.get("/repositories/", params={"team": "Payments", "sort": "own_code"}).text
    assert 'href="/repositories/?sort=name&amp;team=Payments"' in html
    assert '<input type="hidden" name="sort" value="own_code">' in html
    assert 'id="repositories"' in html and "billing" not in html.split('id="repositories"')[1]
    team_page = client.get("/teams/Payments/").text
    assert 'href="/findings/?team=Payments"' in team_page


def test_observed_teams_do_not_move_a_repository(teams_cockpit: Cockpit) -> None:
    """The filter keeps declared ownership only: what the history shows depends on how much
    of it a view loaded, and the CLI's --team must give the cockpit's answer."""
    kept = RepositoryOwner(EVIL, observed=("ann@example.com",), observed_teams=("Payments",))
    owners = {**(teams_cockpit.owners or {}), EVIL: kept}
    cockpit = dataclasses.replace(teams_cockpit, owners=owners)
    assert repositories_of_team(owners, "payments") == ("orders-api",)
    assert [r.name for r in repositories_context(cockpit, "name", "Payments").repositories] == [
        "orders-api"
    ]
    assert EVIL in teams_context(cockpit).unowned
