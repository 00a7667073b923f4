"""The app's cache of the :class:`~lodestar.web.cockpit.Cockpit`: built once, in the background
while ``serve`` already listens (:meth:`CockpitCache.warm`), and rebuilt only when what it is
built from changed (its *generation*: :mod:`lodestar.web.generation`)."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, replace

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from lodestar.web.cockpit import Cockpit

FAILED_BACKOFF = 30.0  # seconds before a failed rebuild is tried again


@dataclass(frozen=True, slots=True)
class Warmth:
    """Where the cache stands: ``ready`` once a cockpit can be served; before that, the stage
    of the first build (``stage``) and how long it has run, or why it failed (``error``)."""

    ready: bool
    stage: str
    seconds: float
    error: str | None = None
    builds: int = 0  # cockpits built so far (the first and every rebuild)


class CockpitCache:
    """The current Cockpit, rebuilt in the background when the store or the workspace changed.

    Only the very first build is waited for (by the first request, or :meth:`warm` starts it in
    the background and the app answers "warming up" while :meth:`warming`); later requests get
    the previous cockpit while a fresh one is read.

    With ``generation`` (a cheap reading of what the cockpit is built from: the store's scans
    and history, the strategy files, the date — :func:`lodestar.web.generation.generation`), the
    cockpit is rebuilt only when that reading changed, checked at most every ``check_every``
    seconds; without it, every ``ttl`` seconds. With ``background=False`` the request that
    notices the change waits for the rebuild (tests, the static site).
    """

    def __init__(
        self,
        build: Callable[[], Cockpit],
        ttl: float = 30.0,
        *,
        generation: Callable[[], Hashable] | None = None,
        check_every: float = 1.0,
        background: bool = True,
    ) -> None:
        self._build = build
        self._ttl = ttl
        self._generation = generation
        self._check_every = check_every
        self._background = background
        self._value: Cockpit | None = None
        self._built_from: Hashable = None
        self._at = 0.0
        self._checked = 0.0
        self._lock = threading.Lock()
        self._refreshing = False
        self._started = time.monotonic()
        self._stage = "waiting"
        self._error: str | None = None
        self.builds = 0

    def report(self, stage: str) -> None:
        """The build's current stage (shown by the warming-up page)."""
        self._stage = stage

    def warmth(self) -> Warmth:
        return Warmth(
            ready=self._value is not None,
            stage=self._stage,
            seconds=time.monotonic() - self._started,
            error=self._error,
            builds=self.builds,
        )

    def warm(self, on_ready: Callable[[], None] = lambda: None) -> None:
        """Start the first build in the background (``serve``: listen at once); ``on_ready``
        is called when it is done (or failed: see :meth:`warmth`)."""
        with self._lock:
            if self._value is not None or self._refreshing:
                return
            self._refreshing = True
            self._started = time.monotonic()

        def first() -> None:
            self._refresh()
            on_ready()

        threading.Thread(target=first, daemon=True, name="cockpit-build").start()

    def warming(self) -> bool:
        """Whether the first build is still running in the background (or failed: then the
        next attempt is started, and the failure shown meanwhile)."""
        with self._lock:
            value, running, failed = self._value, self._refreshing, self._error is not None
        if value is None and failed and not running:
            self.warm()
        return value is None and (running or failed)

    def get(self) -> Cockpit:
        """The cockpit (built now by the first caller when nobody warmed the cache)."""
        with self._lock:
            value = self._value
            due = value is not None and not self._refreshing and self._due()
            if due and self._background:
                self._refreshing = True
                threading.Thread(target=self._refresh, daemon=True).start()
        if value is not None and not (due and not self._background):
            return value
        with self._lock:
            if self._value is None or (due and not self._background):
                self._rebuild()
            assert self._value is not None  # noqa: S101  built just above
            return self._value

    def _due(self) -> bool:
        """Whether the cockpit is to be rebuilt (called under the lock)."""
        now = time.monotonic()
        if self._generation is None:
            return now - self._at > self._ttl
        if now - self._checked < self._check_every:
            return False
        self._checked = now
        return self._generation() != self._built_from

    def _rebuild(self) -> None:
        built_from = self._generation() if self._generation is not None else None
        fresh = self._build()
        self._value, self._built_from, self._at = fresh, built_from, time.monotonic()
        self._checked = self._at
        self.builds += 1
        self._stage = "ready"

    def _refresh(self) -> None:
        try:
            built_from = self._generation() if self._generation is not None else None
            fresh = self._build()
            with self._lock:
                self._value, self._built_from, self._at = fresh, built_from, time.monotonic()
                self._checked = self._at
                self.builds += 1
                self._stage = "ready"
                self._error = None
        except Exception as exc:  # noqa: BLE001  shown on the warming page and the terminal
            self._error = f"{type(exc).__name__}: {exc}".splitlines()[0]
            self._stage = "failed"
            self._checked = time.monotonic() + FAILED_BACKOFF  # a broken input: try again later
        finally:
            self._refreshing = False

    def pin(self, cockpit: Cockpit) -> None:
        """Serve this cockpit until the ttl runs out or the generation changes (tests, a given
        day)."""
        with self._lock:
            self._value = replace(cockpit)
            self._at = self._checked = time.monotonic()
            if self._generation is not None:
                self._built_from = self._generation()


RETRY_SECONDS = 2  # what a warming-up answer asks the client to wait


class WarmingUp:
    """The app's middleware while the first cockpit is being built: every page answers a small
    "warming up" page that reloads itself, every API call 503 with ``Retry-After`` (static
    assets are served as usual); once the cockpit is there, requests pass."""

    def __init__(self, cache: CockpitCache) -> None:
        self.cache = cache

    async def __call__(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if path.startswith("/static/") or not self.cache.warming():
            return await call_next(request)
        warmth = self.cache.warmth()
        headers = {"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"}
        if warmth.error:
            detail = f"the cockpit could not be built: {warmth.error}"
        else:
            detail = f"warming up: {warmth.stage} ({warmth.seconds:.0f} s so far)"
        if path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=503, headers=headers)
        body = WARMING_PAGE.format(seconds=RETRY_SECONDS, detail=html.escape(detail))
        return HTMLResponse(body, status_code=503, headers=headers)


WARMING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{seconds}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lodestar cockpit: warming up</title>
<link rel="stylesheet" href="/static/cockpit.css"></head>
<body><main><h1>The cockpit is warming up</h1>
<p role="status">{detail}</p>
<p class="muted">This page reloads itself; the organisation's figures appear when they are
read.</p></main></body></html>
"""
