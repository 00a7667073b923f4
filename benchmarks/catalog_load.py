"""Catalog load and match costs, each measured in a fresh interpreter.

    python benchmarks/catalog_load.py [--runs 5]

Reports, as the median of ``--runs`` fresh processes: importing the catalog modules (pydantic
included), loading the shipped technology catalog, loading the shipped EOL catalog, the first
match of each kind (which compiles the few regular expressions the indices need), and then the
steady cost of ``match_purl`` (distinct and repeated purls), ``match_path`` and ``cycle_for``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

PROBE = r"""
import json, time
t0 = time.perf_counter()
from lodestar.catalog.eol import load_eol
from lodestar.catalog.technologies import load_catalog
t1 = time.perf_counter()
catalog = load_catalog()
t2 = time.perf_counter()
eol = load_eol()
t3 = time.perf_counter()
catalog.match_purl("pkg:npm/x@1"); catalog.match_image("x:1"); catalog.match_path("a/b.c")
eol.cycle_for("python", "3.12.1")
t4 = time.perf_counter()
purls = [f"pkg:npm/package-{i}@1.0.{i}" for i in range(20_000)]
t5 = time.perf_counter()
for purl in purls:
    catalog.match_purl(purl)
t6 = time.perf_counter()
for purl in purls:
    catalog.match_purl(purl)
t7 = time.perf_counter()
paths = [f"src/module{i}/file{i}.py" for i in range(20_000)]
for path in paths:
    catalog.match_path(path)
t8 = time.perf_counter()
for i in range(20_000):
    eol.cycle_for("nodejs", f"{i % 24}.{i % 7}.0-alpine")
t9 = time.perf_counter()
print(json.dumps({
    "import_ms": (t1 - t0) * 1e3, "technologies_ms": (t2 - t1) * 1e3, "eol_ms": (t3 - t2) * 1e3,
    "first_match_ms": (t4 - t3) * 1e3, "match_purl_us": (t6 - t5) / 20_000 * 1e6,
    "match_purl_cached_us": (t7 - t6) / 20_000 * 1e6, "match_path_us": (t8 - t7) / 20_000 * 1e6,
    "cycle_for_us": (t9 - t8) / 20_000 * 1e6,
}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", PROBE], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(args.runs)
    ]
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"{key:22} median {statistics.median(values):8.2f}   min {min(values):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
