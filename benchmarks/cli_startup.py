"""CLI start-up against the interpreter's own: ``lodestar --version`` and ``--help`` in one run.

    python benchmarks/cli_startup.py [SRC] [--old OLD_SRC] [--runs N]

SRC (default: this checkout's ``src``) is a ``src`` folder of a Lodestar checkout; ``--old``
adds a second one (``git worktree add /tmp/old REV`` gives one for a past revision), timed in
the same rounds. Each case runs in a fresh interpreter, ``--runs`` times (default 11), cases
interleaved round by round so that they meet the same load on a shared machine:

* the floors: ``python -S -c pass`` (the bare interpreter) and ``python -c pass`` (with
  ``site``, as every console script starts);
* ``lodestar --version`` and ``lodestar --help`` as the console script runs them (``from
  lodestar.cli import main``), and ``python -m lodestar --version``;
* ``import lodestar.scan.loc`` (what ``lodestar loc`` imports before it counts).

It prints, per case, the median wall and CPU seconds (user + system of the process, which a
busy machine disturbs less than wall time), the ratio to ``python -c pass``, and the issue's
targets (``--version`` ≤ 60 ms, ``--help`` ≤ 150 ms) met or not, in wall and in CPU time; and
the load average before and after. Network: none.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = "import sys; sys.argv = ['lodestar', *sys.argv[1:]]; from lodestar.cli import main; main()"
CASES: dict[str, list[str]] = {
    "python -S -c pass (floor)": ["-S", "-c", "pass"],
    "python -c pass (floor)": ["-c", "pass"],
    "lodestar --version": ["-c", SCRIPT, "--version"],
    "python -m lodestar --version": ["-m", "lodestar", "--version"],
    "lodestar --help": ["-c", SCRIPT, "--help"],
    "import lodestar.scan.loc": ["-c", "import lodestar.scan.loc"],
}
TARGETS = {"lodestar --version": 0.060, "lodestar --help": 0.150}
FLOOR = "python -c pass (floor)"


def _measure(src: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one fresh interpreter running ``args``."""
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "100"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, capture_output=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = Path(__file__).resolve().parents[1] / "src"
    parser.add_argument("src", type=Path, nargs="?", default=here)
    parser.add_argument("--old", type=Path, help="a second src folder, timed alongside")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    sources = {"new": args.src.resolve()}
    if args.old:
        sources["old"] = args.old.resolve()
    load_before = os.getloadavg()[0]
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(max(args.runs, 1)):
        for name, argv in CASES.items():
            for label, src in sources.items():
                times.setdefault((name, label), []).append(_measure(src, argv))
    load_after = os.getloadavg()[0]

    def med(name: str, label: str, index: int) -> float:
        return statistics.median(t[index] for t in times[name, label])

    header = "| case | " + " | ".join(
        f"{label} wall ms | {label} CPU ms | {label} ÷ python, wall / CPU" for label in sources
    )
    out = [
        (
            f"# {time.strftime('%Y-%m-%d %H:%M')} UTC, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPU, medians of {args.runs}; load average {load_before:.1f} "
            f"before, {load_after:.1f} after"
        ),
        header + " | target |",
        "|---|" + "---:|---:|---:|" * len(sources) + "---|",
    ]
    for name in CASES:
        cells = []
        for label in sources:
            wall, cpu = med(name, label, 0), med(name, label, 1)
            floor_wall, floor_cpu = med(FLOOR, label, 0), med(FLOOR, label, 1)
            cells.append(
                f"{wall * 1000:.0f} | {cpu * 1000:.0f} | "
                f"{wall / floor_wall:.1f} / {cpu / max(floor_cpu, 1e-3):.1f}"
            )
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            wall_met = "met" if med(name, "new", 0) <= target else "not met"
            cpu_met = "met" if med(name, "new", 1) <= target else "not met"
            verdict = f"≤ {target * 1000:.0f} ms: wall {wall_met}, CPU {cpu_met}"
        out.append(f"| {name} | " + " | ".join(cells) + f" | {verdict} |")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
