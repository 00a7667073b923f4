"""Where the cockpit listens: who may bind where, and the bound socket (light: no web stack, so
``lodestar serve`` holds its port and prints its address before the app is even imported)."""

from __future__ import annotations

import errno
import socket

from lodestar.errors import UsageError

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_binding(host: str, token: str | None, trust_proxy_header: str | None) -> None:
    """Refuse to listen beyond this machine without a way to tell who may in."""
    if host not in LOCAL_HOSTS and not token and not trust_proxy_header:
        raise UsageError(
            f"binding to {host} exposes the cockpit beyond this machine: pass --token TOKEN "
            "(or set LODESTAR_TOKEN), or --trust-proxy-header NAME behind an authenticating proxy"
        )


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
