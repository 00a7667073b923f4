"""Size of the static site's "who uses X" index on the synthetic organisation of web_bench.py.

Writes the same 1,000 repositories x 50 dependency rows (50,000 rows, same seed) into a fresh
SQLite store through the store's writer, then builds the index ``lodestar site build`` writes to
``api/who-uses.js`` (:mod:`lodestar.web.who_uses`) ``--runs`` times and prints its size (raw and
gzipped, as a web server would send it) and the median build time.

Usage::

    python benchmarks/who_uses_index.py [--repos 1000] [--deps 50] [--runs 5]
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import tempfile
import time
from pathlib import Path

from synthetic_store import synthetic_scan

from lodestar.store.db import database
from lodestar.store.readonly import open_read_only
from lodestar.store.writer import save_scan
from lodestar.web.who_uses import build_index, index_script


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--deps", type=int, default=50, help="dependency rows per repository")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(6)  # noqa: S311  reproducible synthetic data, as web_bench.py
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'lodestar.db'}"
        with database(url) as engine:
            for i in range(args.repos):
                save_scan(engine, synthetic_scan(i, args.deps, rng), 1)
        engine = open_read_only(url)
        times = []
        script = ""
        for _ in range(args.runs):
            start = time.perf_counter()
            index = build_index(engine)
            script = index_script(index)
            times.append(time.perf_counter() - start)
        engine.dispose()
    raw = len(script.encode("utf-8"))
    packed = len(gzip.compress(script.encode("utf-8")))
    rows = sum(len(p.uses) for p in index.packages)
    print(f"{args.repos} repositories, {rows} rows, {len(index.packages)} packages")
    print(f"api/who-uses.js: {raw / 1e6:.2f} MB raw, {packed / 1e6:.2f} MB gzipped")
    print(
        f"build (query + index + script), median of {args.runs}: {statistics.median(times):.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
