"""Cockpit speed on a synthetic organisation: median render time per page and per API query.

Writes 1,000 repositories with 50 dependency rows each (50,000 rows), technologies, runtimes and
language totals into a fresh SQLite store through the store's own writer (as ``lodestar scan``
does), declares a strategy of 60 radar entries, 20 decisions (one with a weighted evaluation),
2 campaigns and 2 initiatives, builds the cockpit once (``load_cockpit``: drift, campaigns,
initiatives), then requests every page and API list through the app (in process, FastAPI's
TestClient: routing, context, template, middleware) ``--runs`` times and prints the medians.

Usage::

    python benchmarks/web_bench.py [--repos 1000] [--deps 50] [--runs 7] [--markdown]

Targets (issue 6): every page < 200 ms median, API list queries < 100 ms median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from synthetic_store import median_ms, synthetic_scan, synthetic_strategy

from lodestar.store.db import database
from lodestar.store.readonly import open_read_only
from lodestar.store.writer import save_scan
from lodestar.web.app import create_app
from lodestar.web.cockpit import load_cockpit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--deps", type=int, default=50, help="dependency rows per repository")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    rng = random.Random(6)  # noqa: S311  reproducible synthetic data
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'lodestar.db'}"
        start = time.perf_counter()
        with database(url) as engine:
            for i in range(args.repos):
                save_scan(engine, synthetic_scan(i, args.deps, rng), 1)
        written = time.perf_counter() - start
        engine = open_read_only(url)
        start = time.perf_counter()
        cockpit = load_cockpit(
            engine, organisation="Synthetic", root=None, strategy=synthetic_strategy(),
            today=dt.date(2026, 11, 1),
        )  # fmt: skip
        built = time.perf_counter() - start
        client = TestClient(create_app(lambda: cockpit))
        pages = ["/", "/radar/", "/radar/entry-01/", "/radar/entry-30/", "/technologies/",
                 "/technologies/?q=lib42&range=%3C4", "/repositories/", "/repositories/svc-0500/",
                 "/decisions/", "/decisions/ADR-003/", "/findings/", "/campaigns/",
                 "/initiatives/", "/people/"]  # fmt: skip
        apis = ["/api/repositories", "/api/dependencies?limit=100",
                "/api/dependencies?limit=100&offset=40000", "/api/dependencies?name=lib42",
                "/api/technologies", "/api/findings", "/api/radar", "/api/decisions",
                "/api/metrics"]  # fmt: skip
        rows = [("page", p, median_ms(client, p, args.runs), 200) for p in pages]
        rows += [("api", p, median_ms(client, p, args.runs), 100) for p in apis]
        engine.dispose()
    findings = len(cockpit.findings or ())
    print(f"store: {args.repos} repositories, {args.repos * args.deps} dependency rows "
          f"(written in {written:.1f} s); cockpit built in {built * 1000:.0f} ms "
          f"({findings} findings); median of {args.runs} requests each")  # fmt: skip
    if args.markdown:
        print("\n| kind | path | median ms | target ms |\n|---|---|---:|---:|")
        for kind, path, ms, target in rows:
            mark = "" if ms < target else " **over**"
            print(f"| {kind} | `{path}` | {ms:.1f}{mark} | < {target} |")
    else:
        for kind, path, ms, target in rows:
            print(f"{kind:5} {path:45} {ms:8.1f} ms  (target < {target})")
    return 0 if all(ms < target for _, _, ms, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
