"""Cost of the IP office on a scanned workspace: notices from stored evidence, and what the
register is checked against through git, beside the physical floor of that git work.

    python benchmarks/ip_office.py WORKSPACE [--runs 5]

WORKSPACE is a scanned Lodestar workspace (with an ``ip/`` register for the second part). Per
repository, median of ``--runs``:

* ``notice``: :func:`lodestar.analysis.notices.notice_document` + ``notice_text`` +
  ``compare_notice`` from the stored scan (what ``notice --check`` and the ``notice-*`` rules
  cost once the observations are loaded; no git);
* ``ls-tree``: the floor of the trade-secret check, ``git ls-tree -r <scanned commit>`` in a
  plain subprocess (what :func:`lodestar.ingest.observe_ip` must at least do per repository).

Then :func:`lodestar.ingest.observe_ip`'s two parts: the trees (``read_tree`` of every
repository, as when trade secrets are declared) against the sum of the ``ls-tree`` floors, and
each upstream mirror's reading (``read_upstream``: one ``git log`` with trailers, one
``--numstat`` over the organisation's commits) against two floors over the same mirror: a plain
``git log --format=%H%x00%ae%x00%aI``, and ``git log --numstat`` of every commit.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from lodestar.analysis.notices import compare_notice, notice_document, notice_text
from lodestar.ingest.ip_observe import read_tree
from lodestar.ingest.upstream import OrgPeople, read_upstream, upstream_refs
from lodestar.records import Observation
from lodestar.settings import Workspace
from lodestar.store import known_people, list_repositories, load_observations, open_read_only


def _median(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _notice(observation: Observation) -> None:
    document = notice_document(observation)
    compare_notice(document, notice_text(document))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ws = Workspace.load(args.workspace)
    engine = open_read_only(ws.database_url)
    start = time.perf_counter()
    observations = {o.repository: o for o in load_observations(engine)}
    print(f"load observations: {time.perf_counter() - start:.3f} s, {len(observations)} repos")
    print(f"{'repository':<20} {'notice ms':>10} {'ls-tree ms':>11} {'read_tree ms':>13}")
    floor = trees = 0.0
    for row in list_repositories(engine):
        obs = observations.get(row.name)
        if obs is None or row.commit is None:
            continue

        git = ["git", "--git-dir" if row.bare else "-C", row.path, "ls-tree", "-r", row.commit]
        tree = _median(args.runs, partial(subprocess.run, git, capture_output=True, check=True))
        ours = _median(args.runs, partial(read_tree, row, notices=True))
        floor, trees = floor + tree, trees + ours
        print(
            f"{row.name:<20} {_median(args.runs, partial(_notice, obs)) * 1e3:>10.1f} "
            f"{tree * 1e3:>11.1f} {ours * 1e3:>13.1f}"
        )
    if floor:
        print(f"trees: {trees:.3f} s against the ls-tree floor {floor:.3f} s: {trees / floor:.2f}x")
    people = OrgPeople.of(ws, known_people(engine))
    for ref in upstream_refs(ws):
        log = ["git", "--git-dir", ref.path, "log", "--format=%H%x00%ae%x00%aI", "HEAD"]
        plain = _median(args.runs, partial(subprocess.run, log, capture_output=True, check=True))
        stat = [*log[:-1], "--numstat", "HEAD"]  # every commit's line counts: the upper floor
        numstat = _median(args.runs, partial(subprocess.run, stat, capture_output=True, check=True))
        read = _median(args.runs, partial(read_upstream, ref, people))
        with tempfile.TemporaryDirectory() as cache:
            read_upstream(ref, people, cache=Path(cache))  # the first run fills the cache
            kept = _median(args.runs, partial(read_upstream, ref, people, cache=Path(cache)))
        print(
            f"upstream {ref.name}: {read:.3f} s, {kept:.3f} s with its line counts kept; floors: "
            f"git log {plain:.3f} s ({kept / plain:.2f}x), git log --numstat of every commit "
            f"{numstat:.3f} s ({read / numstat:.2f}x)"
        )


if __name__ == "__main__":
    main()
