"""The cockpit listens before it is built, and is rebuilt only when its inputs change.

``serve`` listens at once and builds the cockpit in the background: meanwhile pages answer a
"warming up" page and the API 503 with ``Retry-After``. Afterwards the cockpit is rebuilt only
when its generation changed (a scan, a strategy file), reusing what did not change; requests
while nothing changed never build.
"""

from __future__ import annotations

import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lodestar.records import FileKind, FileStat, LicenceStatus, RepoLicence, RepoScan, RepositoryRef
from lodestar.settings import Workspace
from lodestar.store import database, open_read_only, save_scan
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.server import cockpit_builder


def _get(url: str) -> tuple[int, dict[str, str]]:
    """Status and headers of a GET to the live server (an error status is an answer too)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310  loopback
            return answer.status, dict(answer.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


def _until(check: Callable[[], bool], what: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


@pytest.fixture
def workspace(demo_root: Path, tmp_path: Path) -> Path:
    """A copy of the demo organisation this test may change (strategy files, store)."""
    root = tmp_path / "northwind"
    shutil.copytree(demo_root, root, symlinks=True)
    return root


@pytest.fixture
def live(workspace: Path) -> Iterator[tuple[TestClient, Any]]:
    ws = Workspace.load(workspace)
    engine = open_read_only(ws.database_url)
    builder = cockpit_builder(ws, engine)
    app = create_app(builder)
    app.state.cockpit._check_every = 0.0  # read the generation on every request
    with TestClient(app) as client:
        yield client, builder
    engine.dispose()


def test_nothing_is_rebuilt_while_nothing_changed(live: tuple[TestClient, Any]) -> None:
    client, _ = live
    cache = client.app.state.cockpit  # type: ignore[attr-defined]
    for path in ("/", "/api/metrics", "/repositories/", "/api/radar", "/people/"):
        assert client.get(path).status_code == 200
    time.sleep(0.1)
    assert client.get("/api/metrics").status_code == 200
    assert cache.builds == 1


def test_a_strategy_change_is_picked_up_keeping_the_store_and_history(
    live: tuple[TestClient, Any], workspace: Path
) -> None:
    client, builder = live
    cache = client.app.state.cockpit  # type: ignore[attr-defined]
    titles = {e["id"]: e["title"] for e in client.get("/api/radar").json()["rows"]}
    assert titles["flask"] == "Flask"
    source = workspace / "radar" / "flask.md"
    text = source.read_text("utf-8")
    assert "title: Flask\n" in text
    source.write_text(text.replace("title: Flask\n", "title: Renamed on purpose\n"), "utf-8")
    client.get("/api/metrics")  # notices the new generation: rebuilds in the background
    _until(lambda: cache.builds == 2, "the strategy change was never picked up")
    titles = {e["id"]: e["title"] for e in client.get("/api/radar").json()["rows"]}
    assert titles["flask"] == "Renamed on purpose"
    assert builder.reused == ("store", "history figures")  # the strategy was read again
    assert client.get("/api/metrics").status_code == 200
    assert cache.builds == 2


def test_a_new_scan_is_picked_up(live: tuple[TestClient, Any], workspace: Path) -> None:
    client, builder = live
    cache = client.app.state.cockpit  # type: ignore[attr-defined]
    before = client.get("/api/metrics").json()["repositories"]
    scan = RepoScan(
        repository=RepositoryRef("late-arrival", str(workspace / "late-arrival.git"), bare=True),
        ref="HEAD",
        commit="a" * 40,
        committed_at="2026-05-01T10:00:00+00:00",
        files=(FileStat("main.py", "Python", FileKind.OWN, 100, False, 40, 2, 2),),
        licence=RepoLicence("MIT", "MIT", LicenceStatus.OK),
    )
    with database(Workspace.load(workspace).database_url) as writer:
        save_scan(writer, scan, 5)
    client.get("/api/metrics")
    _until(lambda: cache.builds == 2, "the new scan was never picked up")
    assert client.get("/api/metrics").json()["repositories"] == before + 1
    assert client.get("/api/repositories/late-arrival").status_code == 200
    assert builder.reused == ()  # a new scan: everything read again


def test_pages_warm_up_while_the_first_build_runs() -> None:
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    release = threading.Event()

    def build() -> Cockpit:
        release.wait(30)
        return Cockpit(engine=engine, organisation="Slow org")

    app = create_app(build)
    app.state.cockpit.warm()
    with TestClient(app) as client:
        api = client.get("/api/radar")
        assert api.status_code == 503 and api.headers["Retry-After"] == "2"
        assert "warming up" in api.json()["detail"]
        page = client.get("/radar/")
        assert page.status_code == 503 and "warming up" in page.text
        assert client.get("/static/cockpit.css").status_code == 200
        release.set()
        _until(lambda: client.get("/radar/").status_code == 200, "never warmed up")
        assert "Slow org" in client.get("/radar/").text
    engine.dispose()


def test_a_failed_first_build_is_shown_not_hidden() -> None:
    def build() -> Cockpit:
        raise RuntimeError("the store went away")

    app = create_app(build)
    app.state.cockpit.warm()
    with TestClient(app) as client:
        _until(lambda: app.state.cockpit.warmth().error is not None, "no failure recorded")
        answer = client.get("/api/metrics")
        assert answer.status_code == 503
        assert "could not be built: RuntimeError: the store went away" in answer.json()["detail"]


def test_serve_listens_before_the_cockpit_is_built(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from lodestar.web import server

    release = threading.Event()
    made = server.cockpit_builder

    def slow_builder(*args: Any, **kwargs: Any) -> Any:
        builder = made(*args, **kwargs)
        real = builder.__class__.__call__

        class Slow(builder.__class__):  # type: ignore[misc,name-defined]
            def __call__(self) -> Cockpit:
                release.wait(60)
                return real(self)

        builder.__class__ = Slow
        return builder

    servers: list[uvicorn.Server] = []

    class Recorded(uvicorn.Server):
        def __init__(self, config: uvicorn.Config) -> None:
            super().__init__(config)
            servers.append(self)

    monkeypatch.setattr(server, "cockpit_builder", slow_builder)
    monkeypatch.setattr(server.uvicorn, "Server", Recorded)
    ws = Workspace.load(workspace)
    addresses: list[str] = []
    stages: list[str] = []
    thread = threading.Thread(
        target=server.serve,
        args=(ws, ws.database_url),
        kwargs={"port": 0, "announce": addresses.append, "progress": stages.append},
        daemon=True,
    )
    thread.start()
    try:
        _until(lambda: bool(addresses) and bool(servers) and servers[0].started, "no listener")
        status, headers = _get(addresses[0] + "api/metrics")
        assert status == 503 and headers["retry-after"] == "2"
        assert _get(addresses[0])[0] == 503
        release.set()
        _until(
            lambda: _get(addresses[0] + "api/metrics")[0] == 200,
            "the cockpit never came up",
        )
        assert any(s.startswith("reading the store") for s in stages)
        assert stages[-1].startswith("ready in ")
    finally:
        release.set()
        for s in servers:
            s.should_exit = True
        thread.join(20)
