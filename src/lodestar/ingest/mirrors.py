"""Keep the bare mirrors of remote sources fresh: clone what is missing, fetch what is there.

:func:`refresh_mirror` does one source (a worker's job: the distributed queue calls it for one
repository); :func:`run_mirrors` does many in threads, at most ``concurrency`` at once in all
and ``per_host`` at once against one host (one semaphore per host; sources are interleaved by
host so one large organisation does not hold every thread). A failure that may pass (a timeout,
a dropped connection, a 5xx) is retried with exponential back-off (2, 4, 8 … s); one that will
not (a refused URL, authentication, not found) is reported at once. A source that fails is an
outcome with its reason, never the end of the run: the others go on, and the previous mirror,
if any, is kept as it was (a clone lands only when complete).

The git calls are :func:`lodestar.gitio.update_mirror`'s (hardened: :mod:`lodestar.gitio.remote`).
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lodestar.errors import RemoteError
from lodestar.gitio import update_mirror
from lodestar.ingest.forges import clone_header
from lodestar.ingest.sources import Source

if TYPE_CHECKING:
    from lodestar.settings import SourceSettings


@dataclass(frozen=True, slots=True)
class MirrorOptions:
    """How mirrors are refreshed (``[sources]`` timeout, retries, concurrency, per_host)."""

    timeout: float = 1800.0
    retries: int = 2
    concurrency: int = 8
    per_host: int = 4
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_settings(cls, settings: SourceSettings) -> MirrorOptions:
        return cls(
            timeout=float(settings.timeout),
            retries=settings.retries,
            concurrency=settings.concurrency,
            per_host=settings.per_host,
        )


@dataclass(frozen=True, slots=True)
class MirrorOutcome:
    """What happened to one source's mirror."""

    source: Source
    status: str  # "cloned" | "fetched" | "failed"
    seconds: float = 0.0
    attempts: int = 1
    error: str | None = None
    dropped: tuple[str, ...] = ()  # configuration keys removed from a pre-existing mirror

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass(slots=True)
class MirrorSummary:
    outcomes: list[MirrorOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[MirrorOutcome]:
        return [o for o in self.outcomes if not o.ok]


def _header(source: Source) -> str | None:
    if source.token_env is None:
        return None
    token = os.environ.get(source.token_env)
    return clone_header(source.forge, token) if token else None


def refresh_mirror(source: Source, options: MirrorOptions | None = None) -> MirrorOutcome:
    """Clone or fetch one source's mirror, retrying what may pass; never raises RemoteError
    (a failure is the outcome's ``error``, one line without the token)."""
    options = options or MirrorOptions()
    start = time.perf_counter()
    header = _header(source)
    attempt = 0
    while True:
        attempt += 1
        try:
            update = update_mirror(
                source.url, source.mirror, timeout=options.timeout, header=header
            )
        except RemoteError as exc:
            if not exc.retryable or attempt > options.retries:
                seconds = time.perf_counter() - start
                return MirrorOutcome(source, "failed", seconds, attempt, str(exc))
            options.sleep(options.backoff * 2 ** (attempt - 1))
            continue
        seconds = time.perf_counter() - start
        return MirrorOutcome(source, update.action, seconds, attempt, dropped=update.dropped)


def _interleaved(sources: Sequence[Source]) -> list[Source]:
    """Sources ordered round-robin by host: a, b, c, a, b, a …"""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_host[source.host].append(source)
    queues = list(by_host.values())
    out: list[Source] = []
    for index in range(max((len(q) for q in queues), default=0)):
        out += [q[index] for q in queues if index < len(q)]
    return out


def run_mirrors(
    sources: Sequence[Source],
    options: MirrorOptions | None = None,
    on_result: Callable[[MirrorOutcome], None] | None = None,
) -> MirrorSummary:
    """Refresh every source's mirror (module docstring); ``on_result`` after each, in the
    calling thread."""
    options = options or MirrorOptions()
    start = time.perf_counter()
    limits: dict[str, threading.BoundedSemaphore] = defaultdict(
        lambda: threading.BoundedSemaphore(options.per_host)
    )
    for source in sources:  # made here, before any thread asks: no race on the dict
        _ = limits[source.host]

    def job(source: Source) -> MirrorOutcome:
        with limits[source.host]:
            return refresh_mirror(source, options)

    summary = MirrorSummary()
    workers = max(1, min(options.concurrency, len(sources)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mirror") as pool:
        futures = [pool.submit(job, source) for source in _interleaved(sources)]
        for future in as_completed(futures):
            outcome = future.result()
            summary.outcomes.append(outcome)
            if on_result is not None:
                on_result(outcome)
    summary.outcomes.sort(key=lambda o: o.source.name)
    summary.seconds = time.perf_counter() - start
    return summary
