"""One answer per question: the CLI, the cockpit's API, its pages and the static site agree.

Each view is read the way a person reads it (``lodestar check --format json``, ``GET
/api/findings``, the site's ``api/findings.json``, the page contexts, ``lodestar trend --json``,
``lodestar eol --json``) on the demo organisation, and on a copy of it whose policy's
``hold-no-new-since`` date (2020-01-01) precedes the radar's first edition.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_inventory import repository_context, technologies_context
from lodestar.web.contexts_strategy import radar_entry_context
from lodestar.web.server import cockpit_builder

runner = CliRunner()
Key = tuple[str, str, str | None, str, tuple[str, ...], str]


@pytest.fixture(scope="module")
def hold_root(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with 'no new Hold adoption since 2020-01-01', before any radar edition."""
    root = tmp_path_factory.mktemp("hold") / "northwind"
    shutil.copytree(demo_root, root, symlinks=True)
    policy = root / "policies" / "lifecycle.yaml"
    text = policy.read_text("utf-8")
    assert "hold-no-new-since: 2025-07-01" in text
    policy.write_text(text.replace("2025-07-01", "2020-01-01"), "utf-8")
    return root


def _cockpit(root: Path) -> Cockpit:
    ws = Workspace.load(root)
    return cockpit_builder(ws, open_read_only(ws.database_url))()


def _keys(findings: list[dict[str, Any]]) -> Counter[Key]:
    return Counter(
        (
            f["rule"],
            f["severity"],
            f["repository"],
            f["message"],
            tuple(f["evidence"]),
            f["hint"],
        )
        for f in findings
    )


def _check(root: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["-w", str(root), "check", "--format", "json"])
    assert result.exit_code == 1, result.output  # the demo has errors on purpose
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("which", ["demo", "hold-before-first-edition"])
def test_check_api_and_site_findings_are_one(
    which: str, demo_root: Path, hold_root: Path, tmp_path: Path
) -> None:
    root = demo_root if which == "demo" else hold_root
    checked = _keys(_check(root)["findings"])
    client = TestClient(create_app(lambda: _cockpit(root)))
    api = _keys(client.get("/api/findings").json()["findings"])
    out = tmp_path / "site"
    built = runner.invoke(app, ["-w", str(root), "site", "build", str(out), "--json"])
    assert built.exit_code == 0, built.output
    listed = json.loads((out / "api" / "findings.json").read_text("utf-8"))["findings"]
    site = _keys([f for f in listed if f["waived_until"] is None])  # the site lists both
    assert checked == api
    # a static site never shows the IP findings (without ip.publish = true): check and the
    # API do (lodestar.analysis.ip_summary.confidential_rule)
    assert any(key[0].startswith("ip-") for key in checked)
    assert site == Counter({k: n for k, n in checked.items() if not k[0].startswith("ip-")})
    waived = _keys([w["finding"] for w in _check(root)["waived"]])
    assert Counter({k: n for k, n in waived.items() if not k[0].startswith("ip-")}) == _keys(
        [f for f in listed if f["waived_until"] is not None]
    )
    assert waived == _keys(client.get("/api/findings?waived=waived").json()["findings"])
    rules = Counter(key[0] for key in checked)
    if which != "demo":  # a Hold entry counts new adoptions from its move to Hold, everywhere
        assert rules["radar-hold-in-use"] > rules["radar-hold-new-adoption"] >= 1


def test_radar_entry_charts_are_lodestar_trend(demo_root: Path) -> None:
    cockpit = _cockpit(demo_root)
    assert cockpit.strategy is not None
    compared = 0
    for entry in cockpit.strategy.entries:
        if not entry.matchers:
            continue
        chart = radar_entry_context(cockpit, entry).trend_chart
        assert chart is not None
        args = ["-w", str(demo_root), "trend", "--entry", entry.id, "--json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        points = json.loads(result.stdout)["points"]
        assert chart.labels == tuple(p["month"][:7] for p in points), entry.id
        assert chart.series[0].values == tuple(float(len(p["repositories"])) for p in points)
        compared += 1
    assert compared >= 20


def test_on_the_radar_is_one_flag_everywhere(demo_root: Path) -> None:
    cockpit = _cockpit(demo_root)
    checked = _check(demo_root)
    found = [*checked["findings"], *(w["finding"] for w in checked["waived"])]
    missing = {f["subject"] for f in found if f["rule"] == "radar-missing"}
    page = {t.id: bool(t.radar) for t in technologies_context(cockpit).technologies}
    assert page, "the demo uses technologies"
    assert {t for t, on in page.items() if not on} == missing & set(page)
    assert page["python"], "Python 3.12+ and Python before 3.12 put Python on the radar"
    names = {t.id: t.name for t in technologies_context(cockpit).technologies}
    for row in cockpit.repositories():
        ctx = repository_context(cockpit, row)
        used = {t.technology for t in ctx.technologies}
        assert set(ctx.off_radar) == {names[t] for t in used if not page[t]}, row.name
        uses = set(cockpit.radar_coverage().entries_used_by(row.name))
        assert {m.entry for m in ctx.radar} == uses, row.name
    orders = next(r for r in cockpit.repositories() if r.name == "orders-api")
    assert "python" in {m.entry for m in repository_context(cockpit, orders).radar}  # 3.12+


def test_one_ending_soon_window(demo_root: Path) -> None:
    """The demo's policy says 180 days, its lodestar.toml 90: the policy wins everywhere."""
    result = runner.invoke(app, ["-w", str(demo_root), "eol", "--all", "--json"])
    assert result.exit_code == 0, result.output
    eol = json.loads(result.stdout)
    assert eol["warn_days"] == 180
    cockpit = _cockpit(demo_root)
    shown = [(x["repository"], x["path"], x["declared"], x["state"]) for x in eol["exposures"]]
    assert shown == [(x.repository, x.path, x.declared, x.state) for x in cockpit.eol]
    checked = _check(demo_root)
    found = [*checked["findings"], *(w["finding"] for w in checked["waived"])]
    soon = {(f["repository"], f["subject"]) for f in found if f["rule"] == "eol-soon"}
    ending = {
        (x["repository"], f"{x['product']}@{x['cycle']}")
        for x in eol["exposures"]
        if x["state"] == "ending-soon"
    }
    assert soon == ending and soon


def test_eol_judges_as_of_a_given_day(demo_root: Path) -> None:
    args = ["-w", str(demo_root), "eol", "--all", "--json"]
    early = json.loads(runner.invoke(app, [*args, "--as-of", "2020-01-01"]).stdout)
    late = json.loads(runner.invoke(app, [*args, "--as-of", "2035-01-01"]).stdout)
    assert early["today"] == "2020-01-01" and late["today"] == "2035-01-01"
    past = Counter(x["state"] for x in late["exposures"])["past-eol"]
    assert Counter(x["state"] for x in early["exposures"])["past-eol"] < past


def test_a_repository_page_shows_the_evaluators_cadence_and_hotspots(demo_root: Path) -> None:
    """The repository page takes release cadence and hotspots from the one evaluation (computed
    once per cockpit) and they equal the derivation from the repository's stored history that
    the page made on every request before."""
    from dataclasses import replace

    cockpit = _cockpit(demo_root)
    by_hand = replace(cockpit, deliveries=None, repository_hotspots=None)
    assert cockpit.repository_hotspots
    compared = 0
    for row in cockpit.repositories():
        evaluated = repository_context(cockpit, row).history
        derived = repository_context(by_hand, row).history
        assert evaluated == derived, row.name
        compared += evaluated is not None and bool(evaluated.hotspots)
    assert compared >= 3
