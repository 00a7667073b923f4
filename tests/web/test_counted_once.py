"""Organisation-wide counts are read once per cockpit, not on every request, and are the same
numbers a fresh count gives (the dependency list's total, the metrics' dependency count)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from lodestar.settings import Workspace
from lodestar.store import dependency_list, open_read_only
from lodestar.web.app import create_app
from lodestar.web.server import cockpit_builder


def test_the_unfiltered_total_is_the_counted_one(demo_root: Path) -> None:
    ws = Workspace.load(demo_root)
    engine = open_read_only(ws.database_url)
    try:
        counted = dependency_list(engine, limit=1).total
        assert counted > 20
        with TestClient(create_app(cockpit_builder(ws, engine))) as client:
            listing = client.get("/api/dependencies", params={"limit": 5}).json()
            assert listing["total"] == counted
            assert client.get("/api/metrics").json()["dependencies"] == counted
            name = listing["items"][0]["name"]
            filtered = client.get("/api/dependencies", params={"name": name}).json()
            assert filtered["total"] == dependency_list(engine, name=name).total < counted
    finally:
        engine.dispose()
