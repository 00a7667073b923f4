"""The demo organisation's planted advisories (real OSV records, imported by ``lodestar demo``)
on the cockpit's Vulnerabilities page, with an exposure history read from its monthly
snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_home import home_context
from lodestar.web.contexts_vulns import vulnerabilities_context
from lodestar.web.server import cockpit_builder


@pytest.fixture(scope="module")
def demo(demo_root: Path) -> Cockpit:
    ws = Workspace.load(demo_root)
    return cockpit_builder(ws, open_read_only(ws.database_url))()


def test_the_demo_shows_its_advisories_and_their_history(demo: Cockpit) -> None:
    ctx = vulnerabilities_context(demo)
    assert ctx.note is None and ctx.rows
    advisories = {r.advisory for r in ctx.rows}
    assert "CVE-2021-44228" in advisories  # Log4Shell, planted in the demo
    assert ctx.chart is not None and ctx.spans and ctx.history_note is None
    assert any(s.months > 1 for s in ctx.spans)  # read from more than the current scan
    assert ctx.remediation[-1].team == "organisation"
    assert any(r.team != "unowned" for r in ctx.rows)  # the demo's repositories have owners
    bands = dict(ctx.open_bands)
    tile = next(
        t for lv in home_context(demo).levels for t in lv.tiles if t.title == "Vulnerabilities"
    )
    assert tile.value == str(bands["critical"] + bands["high"]) and tile.note is None
    body = TestClient(create_app(lambda: demo)).get("/vulnerabilities/").text
    assert "No data yet." not in body and "CVE-2021-44228" in body
