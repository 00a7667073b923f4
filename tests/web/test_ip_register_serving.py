"""The cockpit reads the IP register with the other strategy files: an ip/ file made invalid
while serving keeps the last valid strategy and names the problem in the banner."""

from __future__ import annotations

import os
import shutil
from importlib.resources import files
from pathlib import Path

from fastapi.testclient import TestClient

from lodestar.settings import Workspace, init_workspace
from lodestar.store import empty_store
from lodestar.web.app import create_app
from lodestar.web.generation import CockpitBuilder

DEMO = Path(str(files("lodestar.demo") / "workspace"))


def test_an_invalid_ip_file_keeps_the_last_valid_strategy(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", name="IP", sources=[])
    for folder in ("radar", "decisions", "policies", "ip"):
        shutil.rmtree(ws.root / folder, ignore_errors=True)
        shutil.copytree(DEMO / folder, ws.root / folder)
    ws = Workspace.load(ws.root)
    url = f"sqlite:///{ws.root / '.lodestar' / 'lodestar.db'}"
    app = create_app(CockpitBuilder(ws, empty_store(), awaiting=url))
    app.state.cockpit._check_every = 0.0
    app.state.cockpit._background = False
    client = TestClient(app)
    assert "status-banner" not in client.get("/radar/").text
    patents = ws.root / "ip" / "patents.yaml"
    before = patents.stat().st_mtime_ns
    patents.write_text(
        patents.read_text("utf-8").replace("status: pending", "status: pendng", 1), "utf-8"
    )
    os.utime(patents, ns=(before + 10_000_000, before + 10_000_000))
    page = client.get("/radar/").text
    assert "showing the last valid version" in page
    assert "<code>ip/patents.yaml:15:17</code>" in page
    assert "did you mean &#39;pending&#39;?" in page
    status = client.get("/api/status").json()
    assert status["serving_last_valid"] is True
