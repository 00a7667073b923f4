"""The verdict on the demo organisation: one derivation, shown alike everywhere.

The home page's context, ``GET /api/verdict``, the static site's ``api/verdict.json`` and
``lodestar verdict --json`` present the same record; the last point of every series is today's
score, and scoring the last monthly snapshots (the demo's histories end in the month of the
scans) gives today's scores again, so the series and today's score are one formula.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lodestar.analysis.verdict import LEVELS, evaluation_inputs, verdict
from lodestar.analysis.verdict_standing import standing_at
from lodestar.cli.app import app
from lodestar.render.presentation import to_jsonable
from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_home import home_context
from lodestar.web.contexts_verdict import cockpit_verdict
from lodestar.web.server import cockpit_builder

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_cockpit(demo_root: Path) -> Cockpit:
    ws = Workspace.load(demo_root)
    return cockpit_builder(ws, open_read_only(ws.database_url))()


def test_the_home_leads_with_four_scored_levels_and_the_top_actions(
    demo_cockpit: Cockpit,
) -> None:
    ctx = home_context(demo_cockpit)
    found = ctx.verdict.verdict
    assert [lv.level for lv in found.levels] == list(LEVELS)
    # the demo's story: Hold technologies and decision violations, runtimes past end of life,
    # every campaign but one behind, one person per repository
    assert all(lv.score is not None and 0 <= lv.score <= 100 for lv in found.levels)
    assert {lv.rag for lv in found.levels} <= {"green", "amber", "red"}
    assert all(len(lv.series) == 12 for lv in found.levels)
    assert all(card.sparkline.label.count(",") == 11 for card in ctx.verdict.cards)
    actions = found.actions
    assert actions.groups and actions.shown == 10 and actions.open > actions.shown
    shown = [a for g in actions.groups for a in g.actions]
    assert {a.severity for a in shown} == {"error"}  # errors first, notes never listed
    assert shown[0].rule == "vulnerability" and shown[0].hint
    notes = {n.rule: n.sentence for n in actions.notes}
    assert notes["radar-missing"].endswith("technologies in use are not on the radar")
    assert "Findings" not in {t.title for lv in ctx.levels for t in lv.tiles}


def test_the_last_point_is_todays_score_and_the_snapshots_agree(demo_cockpit: Cockpit) -> None:
    found = cockpit_verdict(demo_cockpit)
    for level in found.levels:
        assert level.series[-1].score == level.score, level.level
    # the same formula on the last month's snapshots: the demo's scans are its last commits
    parts = demo_cockpit.parts
    assert parts is not None and demo_cockpit.verdict_options is not None
    options = demo_cockpit.verdict_options
    from lodestar.analysis import evaluate_organisation

    evaluation = evaluate_organisation(
        parts.data,
        demo_cockpit.strategy,
        today=demo_cockpit.today,
        catalog=demo_cockpit.technologies(),
        eol=options.eol,
        moves=demo_cockpit.moves or (),
        history=options.windows,
        owners=None,
    )
    inputs = evaluation_inputs(
        evaluation,
        parts.data,
        editions=(),
        catalog=demo_cockpit.technologies(),
        eol=options.eol,
        windows=options.windows,
    )
    assert inputs.past is not None
    last = max(s.month for s in parts.data.snapshots)
    assert last == demo_cockpit.today.replace(day=1)
    past = standing_at(inputs.past, last)
    assert past.repositories == inputs.standing.repositories
    assert sorted(map(_key, past.findings)) == sorted(map(_key, inputs.standing.findings))
    assert past.truck_factors == inputs.standing.truck_factors
    again = verdict(inputs)
    assert [lv.score for lv in again.levels] == [lv.score for lv in found.levels]


def _key(finding: Any) -> tuple[str, str, str, str]:
    return (finding.rule, finding.severity.value, finding.repository or "", finding.subject or "")


def test_cli_api_site_and_home_show_one_verdict(
    demo_root: Path, demo_cockpit: Cockpit, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["-w", str(demo_root), "verdict", "--json"])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    client = TestClient(create_app(lambda: demo_cockpit))
    api = client.get("/api/verdict").json()
    home = to_jsonable(home_context(demo_cockpit).verdict.verdict)
    assert cli == api == json.loads(json.dumps(home))
    out = tmp_path / "site"
    built = runner.invoke(app, ["-w", str(demo_root), "site", "build", str(out), "--json"])
    assert built.exit_code == 0, built.output
    site = json.loads((out / "api" / "verdict.json").read_text("utf-8"))
    # the static site leaves the IP findings out (ip.publish is not set): the same scores, and
    # top actions over the other findings (lodestar.web.site.site_cockpit)
    assert {k: v for k, v in site.items() if k != "actions"} == {
        k: v for k, v in api.items() if k != "actions"
    }
    ip_open = [
        f
        for f in client.get("/api/findings").json()["findings"]
        if f["rule"].startswith("ip-") and f["severity"] != "note"
    ]
    assert ip_open and site["actions"]["open"] == api["actions"]["open"] - len(ip_open)
    rules = [a["rule"] for g in site["actions"]["groups"] for a in g["actions"]]
    assert rules and not any(rule.startswith("ip-") for rule in rules)
    page = client.get("/").text
    for level in found_titles(api):
        assert f"{level} score</h3>" in page


def found_titles(api: dict[str, Any]) -> list[str]:
    return [lv["title"] for lv in api["levels"]]


def test_the_terminal_verdict_fits_80_columns(demo_root: Path) -> None:
    result = runner.invoke(
        app, ["-w", str(demo_root), "verdict", "--top", "3"], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Verdict as of ")
    assert max(len(line) for line in lines) <= 80
    for title in ("Strategy", "Execution", "Change", "Communication"):
        assert any(line.startswith(title) and "/100" in line for line in lines)
    assert "Top actions (3 of " in result.stdout
    assert "technologies in use are not on the radar" in result.stdout
    words = set(result.stdout.split())
    assert "radar-missing" not in words  # notes are summarised, never listed


def test_as_of_must_be_a_date(demo_root: Path) -> None:
    result = runner.invoke(app, ["-w", str(demo_root), "verdict", "--as-of", "yesterday"])
    assert result.exit_code == 2
