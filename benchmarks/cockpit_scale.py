"""The cockpit on a large synthetic store: ``org_scale.py cockpit``'s measurement.

Writes ``repos`` synthetic scans (``synthetic_store.synthetic_scan``: files, licence,
technologies, a runtime, a CODEOWNERS team per 25 repositories) with log-normal dependency
counts averaging ``deps`` (sigma 0.6, so most repositories have a few dozen and a few have
hundreds) through the store's writer (``save_scan``, as ``lodestar scan`` does); builds the
cockpit (``load_cockpit``, the synthetic strategy of ``web_bench.py``); then requests every page
and API route of the page table through the app (FastAPI's TestClient, in process) ``runs``
times each (fewer, at least three, once ``budget`` seconds are spent on one route) and reports
the median and the 95th percentile per route.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from synthetic_store import every_route, p95, request_times, synthetic_scan, synthetic_strategy

from lodestar.store.db import database
from lodestar.store.readonly import open_read_only
from lodestar.store.writer import save_scan
from lodestar.web.app import create_app
from lodestar.web.cockpit import load_cockpit

SIGMA = 0.6
TODAY = dt.date(2026, 11, 1)


def dependency_count(rng: random.Random, mean: int) -> int:
    """A log-normal count with this mean (median = mean / e^(sigma^2 / 2)), 1..20 x mean."""
    median = mean / math.exp(SIGMA**2 / 2)
    return max(1, min(20 * mean, round(rng.lognormvariate(math.log(median), SIGMA))))


def _write_part(args: tuple[str, range, int, int]) -> int:
    url, indexes, deps, seed = args
    rows = 0
    with database(url) as engine:
        for i in indexes:
            rng = random.Random(f"{seed}/{i}")  # noqa: S311  reproducible synthetic data
            count = dependency_count(rng, deps)
            rows += count
            save_scan(engine, synthetic_scan(i, count, rng, team=f"team-{i // 25:03d}"), 1)
    return rows


def write_store(
    url: str, repos: int, deps: int, seed: int, processes: int = 2
) -> tuple[float, int]:
    """Write the synthetic scans in ``processes`` writers; (seconds, dependency rows).

    On PostgreSQL the database is set to ``synchronous_commit = off`` first: writing the rows is
    the set-up, not the measurement, and one fsync per repository would make it the longest part.
    """
    start = time.perf_counter()
    with database(url) as engine:  # migrated once, before the writers start
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                name = conn.execute(text("SELECT current_database()")).scalar_one()
                conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
        if engine.dialect.name != "postgresql":
            processes = 1  # SQLite: one writer
    parts = [(url, range(k, repos, processes), deps, seed) for k in range(processes)]
    with ProcessPoolExecutor(max_workers=processes) as pool:
        rows = sum(pool.map(_write_part, parts))
    return time.perf_counter() - start, rows


def _stored(url: str, repos: int) -> tuple[float, int]:
    """(0, dependency rows) of a store that already holds ``repos`` repositories, else (0, 0)."""
    with database(url) as engine, engine.connect() as conn:
        held = conn.execute(text("SELECT count(*) FROM repositories")).scalar_one()
        if held != repos:
            return 0.0, 0
        return 0.0, int(conn.execute(text("SELECT count(*) FROM dependencies")).scalar_one())


def measure_cockpit(
    url: str, *, repos: int, deps: int, runs: int, budget: float, seed: int, builds: int = 3
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(one row per route, a summary of the store and the cockpit's build, ``builds`` times)."""
    written, rows = _stored(url, repos)
    if rows == 0:
        written, rows = write_store(url, repos, deps, seed)
    engine = open_read_only(url)
    build_times = []
    for _ in range(builds):
        start = time.perf_counter()
        cockpit = load_cockpit(
            engine, organisation="Synthetic", root=None, strategy=synthetic_strategy(), today=TODAY
        )
        build_times.append(time.perf_counter() - start)
    client = TestClient(create_app(lambda: cockpit))
    out = []
    for kind, path in every_route(cockpit):
        times = request_times(client, path, runs, budget)
        size = len(client.get(path).content)
        out.append(
            {
                "kind": kind,
                "path": path,
                "requests": len(times),
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(p95(times), 1),
                "kB": round(size / 1000, 1),
            }
        )
    engine.dispose()
    summary = {
        "dependency_rows": rows,
        "write_s": round(written, 1),
        f"cockpit_build_s (median of {builds})": round(statistics.median(build_times), 2),
        "routes_over_200ms_p95": sum(r["p95_ms"] > 200 for r in out),
    }
    return out, summary
