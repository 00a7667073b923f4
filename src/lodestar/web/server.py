"""Serving the cockpit: who may bind where, and the uvicorn run (``lodestar serve``, ``demo``)."""

from __future__ import annotations

import datetime as dt
import socket
import time
from collections.abc import Callable

import uvicorn
from sqlalchemy import Engine

from lodestar.settings import Workspace
from lodestar.store import empty_store, open_scanned
from lodestar.web.app import create_app
from lodestar.web.cache import CockpitCache
from lodestar.web.generation import CockpitBuilder
from lodestar.web.listen import LOCAL_HOSTS, address, check_binding, listen

__all__ = ["LOCAL_HOSTS", "address", "check_binding", "cockpit_builder", "listen", "serve"]


def cockpit_builder(
    ws: Workspace,
    engine: Engine,
    *,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda _: None,
    awaiting: str | None = None,
) -> CockpitBuilder:
    """A function that reads the workspace's cockpit afresh (strategy files and scans change),
    judging dates as of ``today`` (default: the workspace's organisation.as_of, else today),
    reusing what the previous call read when it did not change (its ``generation()`` tells).
    ``awaiting``: ``engine`` is an empty store until the first scan creates the one at that
    URL."""
    return CockpitBuilder(ws, engine, today=today, progress=progress, awaiting=awaiting)


def serve(
    ws: Workspace,
    database_url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    trust_proxy_header: str | None = None,
    announce: Callable[[str], None] = lambda _: None,
    any_port_if_taken: bool = False,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda _: None,
    sock: socket.socket | None = None,
) -> None:
    """Serve the cockpit until interrupted; ``announce`` receives the address first (unless
    ``sock`` is given: a socket the caller bound with :func:`listen` and announced itself).

    The port listens at once: the cockpit is built in the background meanwhile (pages answer
    "warming up", the API 503 with Retry-After), ``progress`` hearing each stage of the build
    and how long it took ("ready in 12.3 s"). Before the first scan the cockpit shows the
    strategy files and an empty store, and reads the store once a scan created it."""
    check_binding(host, token, trust_proxy_header)
    found = open_scanned(database_url)  # a store that cannot be opened fails here, at once
    engine = found or empty_store()
    builder = cockpit_builder(
        ws, engine, today=today, awaiting=None if found is not None else database_url
    )
    try:
        app = create_app(builder, token=token, trust_proxy_header=trust_proxy_header)
        cache = app.state.cockpit
        started = time.monotonic()

        def stage(name: str) -> None:
            cache.report(name)
            progress(f"{name} ({time.monotonic() - started:.1f} s)")

        builder.progress = stage
        bound = sock is not None
        sock = sock or listen(host, port, or_any=any_port_if_taken)
        with sock:
            port = int(sock.getsockname()[1])
            if not bound:
                announce(address(host, port))
            cache.warm(on_ready=lambda: progress(_ready(cache, started)))
            config = uvicorn.Config(
                app, host=host, port=port, log_level="warning", access_log=False
            )
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        builder.engine.dispose()


def _ready(cache: CockpitCache, started: float) -> str:
    warmth = cache.warmth()
    if warmth.error:
        return f"the cockpit could not be built: {warmth.error}"
    return f"ready in {time.monotonic() - started:.1f} s"
