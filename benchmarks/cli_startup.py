"""CLI start-up, two source trees side by side: what importing Lodestar costs before any work.

    python benchmarks/cli_startup.py OLD_SRC NEW_SRC [--runs N]

Each SRC is a ``src`` folder of a Lodestar checkout (``git worktree add /tmp/old REV`` gives
one for a past revision). For each, in interleaved rounds, the script times in a fresh
interpreter: ``lodestar --help`` (every command's help, so every command module), ``import
lodestar.scan.loc`` (one submodule of a layer, as ``lodestar loc`` needs) and ``import
lodestar.analysis`` (a layer's face). It prints the median wall seconds of each and the ratio
new ÷ old. The floor is ``python -c pass``. Network: none.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CASES: dict[str, list[str]] = {
    "python -c pass (floor)": ["-c", "pass"],
    "lodestar --help": ["-m", "lodestar", "--help"],
    "import lodestar.scan.loc": ["-c", "import lodestar.scan.loc"],
    "import lodestar.analysis": ["-c", "import lodestar.analysis"],
}


def _seconds(src: Path, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "100"}
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.runs):
        for name, argv in CASES.items():
            for label, src in (("old", args.old), ("new", args.new)):
                times.setdefault((name, label), []).append(_seconds(src.resolve(), argv))
    out = ["| case | old, s | new, s | new ÷ old |", "|---|---:|---:|---:|"]
    for name in CASES:
        old = statistics.median(times[name, "old"])
        new = statistics.median(times[name, "new"])
        out.append(f"| {name} | {old:.3f} | {new:.3f} | {new / old:.2f} |")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
