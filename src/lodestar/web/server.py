"""Serving the cockpit: who may bind where, and the uvicorn run (``lodestar serve``, ``demo``)."""

from __future__ import annotations

import datetime as dt
import errno
import socket
from collections.abc import Callable
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from lodestar.errors import UsageError
from lodestar.settings import Workspace
from lodestar.store import open_read_only
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit, load_cockpit

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_binding(host: str, token: str | None, trust_proxy_header: str | None) -> None:
    """Refuse to listen beyond this machine without a way to tell who may in."""
    if host not in LOCAL_HOSTS and not token and not trust_proxy_header:
        raise UsageError(
            f"binding to {host} exposes the cockpit beyond this machine: pass --token TOKEN "
            "(or set LODESTAR_TOKEN), or --trust-proxy-header NAME behind an authenticating proxy"
        )


def cockpit_builder(
    ws: Workspace, engine: Engine, *, today: dt.date | None = None
) -> Callable[[], Cockpit]:
    """A function that reads the workspace's cockpit afresh (strategy files and scans change),
    judging dates as of ``today`` (default: the workspace's organisation.as_of, else today)."""

    def build() -> Cockpit:
        return load_cockpit(
            engine,
            organisation=ws.settings.organisation.name,
            root=ws.root,
            catalog_dirs=tuple(Path(d) for d in ws.catalog_dirs),
            eol_dirs=ws.eol_dirs,
            eol_warn_days=ws.settings.eol.warn_days,
            active_days=ws.settings.history.active_days,
            departed_days=ws.settings.history.departed_days,
            today=today or ws.today(),
            owners=ws.settings.repositories.owners,
        )

    return build


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
) -> None:
    """Serve the cockpit until interrupted; ``announce`` receives the address first."""
    check_binding(host, token, trust_proxy_header)
    engine = open_read_only(database_url)
    try:
        app = create_app(
            cockpit_builder(ws, engine, today=today),
            token=token,
            trust_proxy_header=trust_proxy_header,
        )
        app.state.cockpit.get()  # read once before announcing: errors show before the address
        sock = listen(host, port, or_any=any_port_if_taken)
        with sock:
            port = int(sock.getsockname()[1])
            announce(address(host, port))
            config = uvicorn.Config(
                app, host=host, port=port, log_level="warning", access_log=False
            )
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        engine.dispose()
