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
from typing import Any

from fastapi.testclient import TestClient
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


def write_store(url: str, repos: int, deps: int, seed: int) -> tuple[float, int]:
    """Write the synthetic scans; (seconds, dependency rows)."""
    rng = random.Random(seed)  # noqa: S311  reproducible synthetic data
    rows = 0
    start = time.perf_counter()
    with database(url) as engine:
        for i in range(repos):
            count = dependency_count(rng, deps)
            rows += count
            save_scan(engine, synthetic_scan(i, count, rng, team=f"team-{i // 25:03d}"), 1)
    return time.perf_counter() - start, rows


def measure_cockpit(
    url: str, *, repos: int, deps: int, runs: int, budget: float, seed: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(one row per route, a summary of the store and the cockpit's build)."""
    written, rows = write_store(url, repos, deps, seed)
    engine = open_read_only(url)
    builds = []
    for _ in range(3):
        start = time.perf_counter()
        cockpit = load_cockpit(
            engine, organisation="Synthetic", root=None, strategy=synthetic_strategy(), today=TODAY
        )
        builds.append(time.perf_counter() - start)
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
        "cockpit_build_s (median of 3)": round(statistics.median(builds), 2),
        "routes_over_200ms_p95": sum(r["p95_ms"] > 200 for r in out),
    }
    return out, summary
