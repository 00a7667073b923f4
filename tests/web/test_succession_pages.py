"""The succession pages on the demo: the off-boarding what-if and the training plan.

Their contexts (what a CTO picks, what is lost, the single points of failure), one answer per
question (``lodestar whatif --json`` == ``/api/whatif``'s ``effect`` == the page's figures;
``lodestar training --json`` == ``/api/training``; the downloads == ``--format markdown|csv``),
hostile names escaped, the static edition, and the pages without history.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.records import Identity
from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_people import LISTED, training_context, whatif_context
from lodestar.web.server import cockpit_builder
from lodestar.web.site import build_site

runner = CliRunner()
DMITRI = "dmitri.volkov@northwind-labs.example"
GREGOR = "gregor.lindqvist@northwind-labs.example"


@pytest.fixture(scope="module")
def demo_cockpit(demo_root: Path) -> Cockpit:
    ws = Workspace.load(demo_root)
    return cockpit_builder(ws, open_read_only(ws.database_url))()


@pytest.fixture(scope="module")
def client(demo_cockpit: Cockpit) -> TestClient:
    return TestClient(create_app(lambda: demo_cockpit))


def _cli(root: Path, *args: str) -> str:
    result = runner.invoke(app, ["-w", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


# --- the what-if -------------------------------------------------------------------------------


def test_without_a_question_the_page_lists_the_single_points_of_failure(
    demo_cockpit: Cockpit,
) -> None:
    ctx = whatif_context(demo_cockpit)
    assert ctx.note is None and ctx.effect is None and ctx.error is None
    assert DMITRI in {p.key for p in ctx.people}
    assert ctx.teams and "orders" in ctx.teams
    # Dmitri alone carries orders-api: his departure leaves it with nobody active
    dmitri = next(s for s in ctx.single_points if s.key == DMITRI)
    assert "orders-api" in dmitri.to_zero and dmitri.island_code > 0
    # most serious first: more repositories left with nobody, then more left with one …
    order = [(-len(s.to_zero), -len(s.to_zero) - len(s.to_one)) for s in ctx.single_points]
    assert order == sorted(order)
    assert len(ctx.single_points) <= LISTED
    assert GREGOR not in {s.key for s in ctx.single_points}  # already departed: nothing to lose
    assert ctx.examined == ctx.candidates > 0
    assert {t.key for t in ctx.team_losses} == set(ctx.teams)


def test_the_teams_are_ordered_by_the_one_gravity(demo_cockpit: Cockpit) -> None:
    ctx = whatif_context(demo_cockpit)
    effects = [whatif_context(demo_cockpit, team=t.key).effect for t in ctx.team_losses]
    keys = []
    for effect in effects:
        assert effect is not None
        zero = sum(1 for r in effect.repositories if r.active_truck_factor_after == 0)
        keys.append(
            (-zero, -len(effect.repositories), -effect.island_code, -len(effect.technologies))
        )
    assert keys == sorted(keys)


def test_a_person_leaving_and_an_unknown_name(demo_cockpit: Cockpit) -> None:
    ctx = whatif_context(demo_cockpit, leave=("Dmitri Volkov",))
    assert ctx.effect is not None and ctx.error is None
    assert [(r.repository, r.active_truck_factor_after) for r in ctx.effect.repositories] == [
        ("orders-api", 0)
    ]
    assert ctx.paths["repository:orders-api"] == "repositories/orders-api/"
    wrong = whatif_context(demo_cockpit, leave=("Dmitri Volkof",))
    assert wrong.effect is None
    assert wrong.error is not None and "did you mean 'Dmitri Volkov'" in wrong.error
    bad_day = whatif_context(demo_cockpit, inactive_since="2026-13-01")
    assert bad_day.error is not None and "2026-13-01" in bad_day.error


def test_people_team_and_date_together(demo_cockpit: Cockpit) -> None:
    both = whatif_context(demo_cockpit, leave=DMITRI, team="payments", inactive_since="2026-01-01")
    assert both.effect is not None
    keys = {p.key for p in both.effect.leavers}
    assert {DMITRI, GREGOR} <= keys and len(keys) > 2


def _figures(html: str) -> dict[str, int]:
    found = re.findall(r'<li data-figure="([a-z_]+)"><span class="figure">([0-9,]+)</span>', html)
    return {name: int(value.replace(",", "")) for name, value in found}


CELL = r"<td[^>]*>(.*?)</td>"


def _rows(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return [
        [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(CELL, row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    ]


@pytest.mark.parametrize(
    ("cli", "query"),
    [
        (("--leave", "Dmitri Volkov"), "leave=Dmitri+Volkov"),
        (("--leave", "Sofia Marquez", "--leave", DMITRI), f"leave=Sofia+Marquez&leave={DMITRI}"),
        (("--team", "orders"), "team=orders"),
        (("--inactive-since", "2026-01-01"), "inactive_since=2026-01-01"),
    ],
)
def test_cli_json_is_the_api_effect_and_the_page_figures(
    demo_root: Path, client: TestClient, cli: tuple[str, ...], query: str
) -> None:
    from_cli = json.loads(_cli(demo_root, "whatif", *cli, "--json"))
    from_api = client.get(f"/api/whatif?{query}").json()
    assert from_api["effect"] == from_cli
    html = client.get(f"/whatif/?{query}").text
    zero = sum(1 for r in from_cli["repositories"] if r["active_truck_factor_after"] == 0)
    assert _figures(html) == {
        "to_zero": zero,
        "to_one": len(from_cli["repositories"]) - zero,
        "island_code": from_cli["island_code"],
        "technologies": len(from_cli["technologies"]),
        "owners": len(from_cli["owners"]),
    }
    if from_cli["repositories"]:
        rows = _rows(html, "whatif-repositories")
        assert [(r[0], int(r[1]), int(r[2].split()[0])) for r in rows] == [
            (r["repository"], r["active_truck_factor_before"], r["active_truck_factor_after"])
            for r in from_cli["repositories"]
        ]
    if from_cli["islands"]:
        rows = _rows(html, "whatif-islands")
        assert [int(r[2].replace(",", "")) for r in rows] == [
            i["code"] for i in from_cli["islands"]
        ]


def test_repeated_leave_in_the_page_address(client: TestClient) -> None:
    html = client.get("/whatif/?leave=Sofia+Marquez&leave=Dmitri+Volkov").text
    assert html.count('name="leave" value="') == 2  # both stay ticked in the form
    assert "Sofia Marquez" in html and "Dmitri Volkov" in html
    assert client.get(f"/api/whatif?leave={'x' * 600}").json()["error"]  # bounded, no 500
    assert client.get("/api/whatif?inactive_since=yesterday").status_code == 422


def test_an_unknown_person_says_did_you_mean_on_the_page(client: TestClient) -> None:
    html = client.get("/whatif/?leave=Dmitri+Volkof").text
    assert 'id="whatif-error"' in html and "did you mean &#39;Dmitri Volkov&#39;" in html
    hostile = client.get("/whatif/?leave=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E").text
    assert "<script>window.__pwned" not in hostile and "&lt;script&gt;" in hostile


def test_hostile_names_are_escaped(demo_cockpit: Cockpit) -> None:
    parts = demo_cockpit.parts
    assert parts is not None
    evil = '<img src=x onerror="window.__pwned=1">Dmitri'
    people = dict(parts.data.identities)
    people[DMITRI] = dataclasses.replace(people[DMITRI], name=evil)
    data = dataclasses.replace(parts.data, identities=people)
    cockpit = dataclasses.replace(demo_cockpit, parts=dataclasses.replace(parts, data=data))
    assert isinstance(people[DMITRI], Identity)
    client = TestClient(create_app(lambda: cockpit))
    html = client.get(f"/whatif/?leave={DMITRI}").text
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    assert client.get(f"/api/whatif?leave={DMITRI}").json()["effect"]["names"][DMITRI] == evil


# --- the training plan -------------------------------------------------------------------------


def test_training_api_and_downloads_are_the_cli_s(
    demo_root: Path, client: TestClient, tmp_path: Path
) -> None:
    assert client.get("/api/training").json() == json.loads(_cli(demo_root, "training", "--json"))
    markdown = client.get("/training.md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text == _cli(demo_root, "training", "--format", "markdown")
    table = client.get("/training.csv")
    assert table.headers["content-disposition"] == 'attachment; filename="training.csv"'
    _cli(demo_root, "training", "--format", "csv", "--output", str(tmp_path / "plan.csv"))
    assert table.content == (tmp_path / "plan.csv").read_bytes()
    assert list(csv.reader(io.StringIO(table.text)))[1:]  # a pairing a row


def test_training_page_leads_with_the_coverage(demo_cockpit: Cockpit, client: TestClient) -> None:
    plan = training_context(demo_cockpit)
    html = client.get("/training/").text
    cov = plan.coverage
    assert f'id="training-coverage">{cov.covered} of {cov.total}</p>' in html
    assert html.index("training-coverage") < html.index("training-1-title")
    assert html.count('class="training-item"') == len(plan.items)
    mentored = next(i for i in plan.items if i.mentors)
    assert mentored.mentors[0].name in html
    assert 'href="/radar/' in html and 'href="/training.md"' in html
    docker = next(i for i in plan.items if i.subject.label == "Docker images")
    assert not docker.mentors and "no mentor" in html


# --- the static edition and the pages without history --------------------------------------------


def test_static_edition(demo_cockpit: Cockpit, tmp_path: Path) -> None:
    build_site(demo_cockpit, tmp_path / "site")
    site = tmp_path / "site"
    whatif = (site / "whatif" / "index.html").read_text("utf-8")
    assert 'id="whatif-static-note"' in whatif and "<form" not in whatif.split("<main", 1)[1]
    assert 'id="whatif-single-points"' in whatif and "whatif.js" not in whatif
    assert len(whatif) < 200_000
    training = (site / "training" / "index.html").read_text("utf-8")
    assert 'href="../training.md"' in training
    assert (site / "training.md").read_text("utf-8").startswith("#")
    assert (site / "training.csv").is_file()
    data: dict[str, Any] = json.loads((site / "api" / "training.json").read_text("utf-8"))
    assert data == json.loads(
        json.dumps(TestClient(create_app(lambda: demo_cockpit)).get("/api/training").json())
    )


def test_without_history_both_pages_say_what_to_run(bare_cockpit: Cockpit) -> None:
    ctx = whatif_context(bare_cockpit, leave="anyone")
    assert ctx.note is not None and "lodestar scan" in ctx.note and ctx.effect is None
    plan = training_context(bare_cockpit)
    assert plan.items == () and plan.subjects == 0
    client = TestClient(create_app(lambda: bare_cockpit))
    for path in ("/whatif/", "/training/"):
        html = client.get(path).text
        assert "lodestar scan" in html, path
    assert client.get("/training.csv").status_code == 200


def test_the_page_names_the_protected_code_a_leaver_alone_knows(
    demo_root: Path, client: TestClient
) -> None:
    """The IP register joined to the what-if: Hannah Kim alone knows a trade secret and a disclosed
    invention; the page, the API and the command name the same ones."""
    cli = json.loads(_cli(demo_root, "whatif", "--leave", "Hannah Kim", "--json"))
    api = client.get("/api/whatif", params={"leave": "Hannah Kim"}).json()["effect"]
    assert api["protected"] == cli["protected"]
    assert {p["id"] for p in cli["protected"]} == {
        "demand-model-weights",
        "distance-weighted-demand-forecast",
    }
    page = client.get("/whatif/", params={"leave": "Hannah Kim"}).text
    table = page.split('id="whatif-protected"', 1)[1].split("</table>", 1)[0]
    for p in cli["protected"]:
        assert f"<td>{p['title']}</td>" in unescape(table)
