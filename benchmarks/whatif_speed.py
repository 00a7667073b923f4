"""Speed of ``lodestar whatif``: the once-per-run baseline and each what-if after it.

    python benchmarks/whatif_speed.py WORKSPACE [--people 20] [--runs 5] [--as-of DATE]

WORKSPACE is a scanned Lodestar workspace. The script loads the organisation's records
(``load_organisation(history=True)``, timed), derives the baseline once
(:func:`lodestar.analysis.whatif.baseline`: file authors, presences, skills, owners; timed),
then times :func:`lodestar.analysis.whatif.what_if` ``--runs`` times for: the ``--people`` most
prolific people leaving together, and each of them leaving alone. It prints the repositories,
files and commits, and each time in seconds (median of the runs).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import time
from collections import Counter
from pathlib import Path

from lodestar.analysis import presence_windows
from lodestar.analysis.whatif import baseline, what_if
from lodestar.cli.evaluation import catalogs, workspace_strategy
from lodestar.settings import Workspace
from lodestar.store import load_organisation, open_read_only


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", default=None)
    parser.add_argument(
        "--replicate",
        type=int,
        default=0,
        help="Also time what_if on a baseline holding each repository this many times "
        "(same authors: the worst case, where the leavers author files in every copy).",
    )
    args = parser.parse_args()
    ws = Workspace.load(args.workspace)
    day = dt.date.fromisoformat(args.as_of) if args.as_of else dt.datetime.now(dt.UTC).date()
    now = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)
    catalog, _ = catalogs(ws)
    strategy = workspace_strategy(ws, catalog)
    start = time.perf_counter()
    engine = open_read_only(ws.database_url)
    data = load_organisation(engine, history=True)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    base, _, _ = baseline(
        data, strategy, catalog, now=now, windows=presence_windows(ws.settings), overrides=None
    )
    prepared = time.perf_counter() - start
    commits = Counter(
        c.author_email
        for h in data.histories
        for c in h.commits
        if not (c.author_email in h.people and h.people[c.author_email].bot)
    )
    top = [p for p, _ in commits.most_common(args.people)]

    def timed(leavers: list[str]) -> tuple[float, int]:
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            result = what_if(base, leavers)
            times.append(time.perf_counter() - t0)
        return statistics.median(times), len(result.islands)

    together, islands = timed(top)
    alone = [timed([p])[0] for p in top]
    files = sum(len(r.files) for r in base.repos.values())
    print(f"repositories with history: {len(base.repos)}; authored files: {files:,}; "
          f"commits: {sum(commits.values()):,}")  # fmt: skip
    print(f"load_organisation: {loaded:.2f} s; baseline (authorship, skills, owners): "
          f"{prepared:.2f} s")  # fmt: skip
    print(f"what_if, the {len(top)} most prolific together: {together:.3f} s ({islands} islands)")
    print(f"what_if, each alone: median {statistics.median(alone):.3f} s, max {max(alone):.3f} s")
    if args.replicate:
        repos = {f"{n}#{i}": r for i in range(args.replicate) for n, r in base.repos.items()}
        base = dataclasses.replace(base, repos=repos)
        together, islands = timed(top)
        print(f"what_if over {len(repos):,} repositories (x{args.replicate}), the {len(top)} "
              f"together: {together:.3f} s ({islands} islands)")  # fmt: skip


if __name__ == "__main__":
    main()
