"""Serving the cockpit: who may bind where, and the uvicorn run (``lodestar serve``, ``demo``)."""

from __future__ import annotations

import datetime as dt
import errno
import socket
import time
from collections.abc import Callable

import uvicorn
from sqlalchemy import Engine

from lodestar.errors import UsageError
from lodestar.settings import Workspace
from lodestar.store import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cache import CockpitCache
from lodestar.web.generation import CockpitBuilder

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_binding(host: str, token: str | None, trust_proxy_header: str | None) -> None:
    """Refuse to listen beyond this machine without a way to tell who may in."""
    if host not in LOCAL_HOSTS and not token and not trust_proxy_header:
        raise UsageError(
            f"binding to {host} exposes the cockpit beyond this machine: pass --token TOKEN "
            "(or set LODESTAR_TOKEN), or --trust-proxy-header NAME behind an authenticating proxy"
        )


def cockpit_builder(
    ws: Workspace,
    engine: Engine,
    *,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> CockpitBuilder:
    """A function that reads the workspace's cockpit afresh (strategy files and scans change),
    judging dates as of ``today`` (default: the workspace's organisation.as_of, else today),
    reusing what the previous call read when it did not change (its ``generation()`` tells)."""
    return CockpitBuilder(ws, engine, today=today, progress=progress)


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def listen(host: str, port: int, *, or_any: bool = False) -> socket.socket:
    """A socket bound to ``host:port`` (uvicorn serves on it): a port in use is a clear error
    before anything is announced, not a server log line after the address was printed. With
    ``or_any``, a port in use gives way to one the system picks (the demo's one command)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # not a live listener's port
    try:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if not (or_any and exc.errno == errno.EADDRINUSE):
                raise
            sock.bind((host, 0))
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {address(host, port)}: {exc.strerror or exc}; "
            "pass another --port, or stop what is using it"
        ) from exc
    return sock


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
) -> None:
    """Serve the cockpit until interrupted; ``announce`` receives the address first.

    The port listens at once: the cockpit is built in the background meanwhile (pages answer
    "warming up", the API 503 with Retry-After), ``progress`` hearing each stage of the build
    and how long it took ("ready in 12.3 s")."""
    check_binding(host, token, trust_proxy_header)
    engine = open_read_only(database_url)  # a missing or unscanned store fails here, at once
    try:
        builder = cockpit_builder(ws, engine, today=today)
        app = create_app(builder, token=token, trust_proxy_header=trust_proxy_header)
        cache = app.state.cockpit
        started = time.monotonic()

        def stage(name: str) -> None:
            cache.report(name)
            progress(f"{name} ({time.monotonic() - started:.1f} s)")

        builder.progress = stage
        sock = listen(host, port, or_any=any_port_if_taken)
        with sock:
            port = int(sock.getsockname()[1])
            announce(address(host, port))
            cache.warm(on_ready=lambda: progress(_ready(cache, started)))
            config = uvicorn.Config(
                app, host=host, port=port, log_level="warning", access_log=False
            )
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        engine.dispose()


def _ready(cache: CockpitCache, started: float) -> str:
    warmth = cache.warmth()
    if warmth.error:
        return f"the cockpit could not be built: {warmth.error}"
    return f"ready in {time.monotonic() - started:.1f} s"
