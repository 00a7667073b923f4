"""The IP views on the demo: ``lodestar ip`` (text and --json), /api/ip (one answer with the
CLI), the board report's IP section, and the static site's publish gate (built with and
without ``ip.publish = true``, then searched for every title, number and path of the demo's
IP register)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.strategy import load_strategy
from lodestar.web.app import create_app
from lodestar.web.server import cockpit_builder

runner = CliRunner()


def _ip(root: Path, *args: str) -> Any:
    result = runner.invoke(app, ["-w", str(root), "ip", *args], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    return result


def test_cli_text_lists_the_missed_deadline_first(demo_root: Path) -> None:
    out = _ip(demo_root).stdout
    assert out.startswith("IP register as of 2026-10-31")
    assert "disclosures: 3 (" in out and "patent families: 2 (" in out
    deadlines = out[out.index("Deadlines:") : out.index("IP findings")]
    assert deadlines.index("MISSED 8 days ago") < deadlines.index("in 20 days")
    assert "ip/patents.yaml:20" in deadlines and "extendable" in deadlines
    assert "IP findings (rules ip-* and notice-*)" in out
    assert "contributions observed to 2 of 2 upstream projects scanned, 1 without an" in out
    for rule in ("ip-deadline-missed", "ip-trade-secret-exposed", "ip-outbound-unregistered"):
        assert rule in out[out.index("IP findings") :], rule


def test_cli_json_is_the_api_summary(demo_root: Path) -> None:
    cli = json.loads(_ip(demo_root, "--json").stdout)
    ws = Workspace.load(demo_root)
    client = TestClient(create_app(cockpit_builder(ws, open_read_only(ws.database_url))))
    api = client.get("/api/ip").json()
    assert cli == api["summary"]
    upstream = {u["name"]: (u["registered"], u["commits"]) for u in cli["upstream"]}
    assert upstream == {"tidewater": (None, 2), "quayside": ("quayside", 2)}
    knowers = {k["id"]: (k["knowers"], k["active"]) for k in api["knowers"]}
    assert knowers["pricing-rules"] == (["Oliver Brennan"], [])  # known, by nobody active
    assert cli["missed"] == 1 and cli["deadlines"][0]["missed"] is True
    assert [s for s, n in cli["disclosures_by_status"] if n] == [
        "submitted", "filed", "trade-secret",
    ]  # fmt: skip


def test_as_of_moves_the_deadlines(demo_root: Path) -> None:
    early = json.loads(_ip(demo_root, "--json", "--as-of", "2026-10-01").stdout)
    assert early["missed"] == 0 and early["deadlines"][0]["days"] == 22
    bad = runner.invoke(app, ["-w", str(demo_root), "ip", "--as-of", "soon"])
    assert bad.exit_code == 2 and "--as-of 'soon'" in bad.output


def test_board_report_has_the_ip_section(demo_root: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["-w", str(demo_root), "report", "board", "-o", str(tmp_path), "--no-pdf", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["report"]
    section = next(s for s in report["sections"] if s["key"] == "ip")
    figures = {f["key"]: f for f in section["figures"]}
    assert figures["ip-deadlines-missed"]["value"] == 1
    assert figures["ip-deadlines-missed"]["evidence"][0]["target"] == "ip/patents.yaml:20"
    assert figures["ip-disclosures-decided"]["display"] == "1 of 3"
    assert "Docketed deadlines missed" in (tmp_path / "board-2026Q4.html").read_text("utf-8")


def _register_texts(root: Path) -> dict[str, set[str]]:
    """Every title, number and path of the workspace's IP register, by what it belongs to."""
    ip = load_strategy(root).ip
    shown: dict[str, set[str]] = {"disclosures": set(), "deadlines": set(), "private": set()}
    for d in ip.disclosures:
        shown["disclosures"] |= {d.title, f"ip/disclosures/{d.id}.md"}
    for f in ip.patents:
        shown["private"] |= {f.reference or f.title}
        for m in f.members:
            for dl in m.deadlines:
                shown["deadlines"] |= {dl.type, m.application or "", "ip/patents.yaml"}
            shown["private"] |= {m.grant or "", m.application or ""} - shown["deadlines"]
    for o in ip.outbound:
        shown["private"] |= {o.name, o.url or "", o.conditions, "ip/outbound.yaml"}
    for t in ip.trade_secrets:
        # a glob naming one file (forecasting/model.py) is also a plain code path that the
        # site's hotspot lists show for every repository, unlabelled: only the globs proper
        globs = {g for g in t.globs if "*" in g}
        shown["private"] |= {t.id, t.description, *globs, "ip/trade-secrets.yaml"}
    for e in ip.exports:
        shown["private"] |= {e.classification, e.note, "ip/export.yaml"}
    return {k: {v for v in values if v} for k, values in shown.items()}


def _site(root: Path, out: Path) -> str:
    result = runner.invoke(app, ["-w", str(root), "site", "build", str(out)])
    assert result.exit_code == 0, result.output
    return "\n".join(
        p.read_text("utf-8", errors="replace")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.suffix in {".html", ".json", ".csv", ".js", ".svg"}
        and "static" not in p.parts
    )  # fmt: skip


@pytest.fixture(scope="module")
def published_root(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("published") / "northwind"
    shutil.copytree(demo_root, root, symlinks=True)
    config = root / "lodestar.toml"
    config.write_text(config.read_text("utf-8") + "\n[ip]\npublish = true\n", "utf-8")
    return root


def test_site_shows_no_ip_by_default(demo_root: Path, tmp_path: Path) -> None:
    texts = _register_texts(demo_root)
    assert len(texts["disclosures"]) == 6 and len(texts["private"]) > 10
    site = _site(demo_root, tmp_path / "site")
    assert not (tmp_path / "site" / "ip").exists()
    for value in sorted(set().union(*texts.values())):
        assert value not in site, value


def test_published_site_shows_deadlines_and_disclosures_only(
    published_root: Path, tmp_path: Path
) -> None:
    texts = _register_texts(published_root)
    site = _site(published_root, tmp_path / "site")
    page = (tmp_path / "site" / "ip" / "index.html").read_text("utf-8")
    for value in sorted(texts["private"]):
        assert value not in site, value
    for value in texts["disclosures"]:
        assert value.replace("/", "/<wbr>") in page or value in page, value
    assert "EP25158321.4" in page and "Response to non-final office action" in page
