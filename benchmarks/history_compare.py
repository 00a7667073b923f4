"""History mining speed: bare ``git log``, Lodestar, PyDriller, and an unchanged re-run.

    python benchmarks/history_compare.py REPO [--runs 3] [--pydriller-commits 3000]

(a) the exact ``git log -z --numstat -M …`` command Lodestar runs (same argv, same hardened
    environment), its output read from a pipe and discarded;
(b) Lodestar's ``mine_repository`` + ``refresh_people`` into a fresh SQLite store (parse and
    store every commit and file change, tags and people);
(c) PyDriller (``pip install -e '.[bench]'``) reading the same commits with per-file
    statistics (``modified_files`` with added/deleted lines), oldest first. On large
    repositories it runs on the first N commits only and its commits/s are extrapolated to the
    whole history: the output says so;
(d) Lodestar re-mining the unchanged repository (tip unchanged: tags checked, nothing read).

Figures are medians over ``--runs`` runs for (a), (b) and (d); (c) runs once.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lodestar.gitio.history import log_argv, resolve_tip
from lodestar.gitio.safe import GitRepository, _base_argv, git_environment
from lodestar.ingest import mine_repository, refresh_people
from lodestar.records import RepositoryRef
from lodestar.store.db import open_engine


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_git_log(repo: GitRepository, tip: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, bytes of output)."""
    argv = [*_base_argv(repo.git_dir), *log_argv([tip])]
    cpu = _cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, env=git_environment(), cwd=repo.git_dir)
    assert proc.stdout is not None
    size = 0
    while chunk := proc.stdout.read(1 << 16):
        size += len(chunk)
    proc.wait()
    return time.perf_counter() - start, _cpu() - cpu, size


def lodestar_mine(path: str, scratch: Path, run: int) -> tuple[float, float, int, int, float]:
    """(wall and CPU seconds to mine into a fresh store, commits, file changes, unchanged
    re-run seconds)."""
    engine = open_engine(f"sqlite:///{scratch / f'run{run}.db'}")
    ref = RepositoryRef(Path(path).name, path, bare=True)
    cpu = _cpu()
    start = time.perf_counter()
    result = mine_repository(engine, ref)
    refresh_people(engine)
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu
    again = []
    for _ in range(5):
        t = time.perf_counter()
        assert mine_repository(engine, ref).status == "unchanged"
        again.append(time.perf_counter() - t)
    engine.dispose()
    return seconds, cpu, result.commits, result.changes, statistics.median(again)


def pydriller_read(path: str, limit: int) -> tuple[float, int, int]:
    """(seconds, commits, file changes) for PyDriller on the first ``limit`` commits.

    PyDriller (GitPython) finds the repository by itself, which fails on mirrors without a
    ``config`` file; it reads a ``git clone --bare --shared`` of it (same object store, made in
    a fraction of a second, not timed).
    """
    with tempfile.TemporaryDirectory(prefix="lodestar-bench-pd-") as scratch:
        clone = str(Path(scratch) / "repo.git")
        subprocess.run(
            ["git", "clone", "--quiet", "--bare", "--shared", path, clone],
            check=True,
            env=git_environment(),
        )
        return _pydriller(clone, limit)


def _pydriller(path: str, limit: int) -> tuple[float, int, int]:
    from pydriller import Repository  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415  optional extra "bench"

    start = time.perf_counter()
    commits = changes = 0
    for commit in Repository(path).traverse_commits():
        for modified in commit.modified_files:
            _ = (modified.new_path or modified.old_path, modified.added_lines)
            _ = modified.deleted_lines
            changes += 1
        commits += 1
        if commits >= limit:
            break
    return time.perf_counter() - start, commits, changes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", help="path of a git repository (bare or not)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pydriller-commits", type=int, default=3000)
    parser.add_argument("--skip-pydriller", action="store_true")
    args = parser.parse_args()
    repo = GitRepository(args.repo)
    tip = resolve_tip(repo)
    if tip is None:
        print(f"{args.repo}: no commits", file=sys.stderr)
        return 2
    print(f"repository {args.repo} @ {tip[:12]}")
    print(f"machine {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    git_runs, mine_runs, rerun_runs, git_cpu, mine_cpu = [], [], [], [], []
    commits = changes = 0
    with tempfile.TemporaryDirectory(prefix="lodestar-bench-") as scratch:
        for run in range(args.runs):
            seconds, cpu, size = bare_git_log(repo, tip)
            git_runs.append(seconds)
            git_cpu.append(cpu)
            print(
                f"  run {run + 1}: bare git log {seconds:.2f}s (CPU {cpu:.2f}s, "
                f"{size / 1e6:.1f} MB)",
                flush=True,
            )
            seconds, cpu, commits, changes, rerun = lodestar_mine(args.repo, Path(scratch), run)
            mine_runs.append(seconds)
            mine_cpu.append(cpu)
            rerun_runs.append(rerun)
            print(
                f"  run {run + 1}: lodestar mine {seconds:.2f}s (CPU {cpu:.2f}s), "
                f"re-run {rerun:.3f}s",
                flush=True,
            )
    git_s, mine_s, rerun_s = map(statistics.median, (git_runs, mine_runs, rerun_runs))
    git_c, mine_c = statistics.median(git_cpu), statistics.median(mine_cpu)
    print(f"commits {commits:,}, file changes {changes:,}; medians of {args.runs} runs")
    print(
        f"(a) bare git log                 {git_s:8.2f} s  CPU {git_c:7.2f} s  "
        f"({commits / git_s:,.0f} commits/s)"
    )
    print(
        f"(b) lodestar mine (fresh SQLite) {mine_s:8.2f} s  CPU {mine_c:7.2f} s  "
        f"({commits / mine_s:,.0f} commits/s)  = {mine_s / git_s:.2f}x bare git log "
        f"(CPU {mine_c / git_c:.2f}x)"
    )
    print(f"(d) lodestar re-run, unchanged   {rerun_s:8.3f} s")
    if not args.skip_pydriller:
        pd_s, pd_commits, pd_changes = pydriller_read(args.repo, args.pydriller_commits)
        rate = pd_commits / pd_s
        whole = commits / rate
        note = (
            f"first {pd_commits:,} commits in {pd_s:.1f}s, extrapolated to {commits:,}"
            if pd_commits < commits
            else "all commits"
        )
        print(
            f"(c) PyDriller                    {whole:8.1f} s  ({rate:,.0f} commits/s; {note}; "
            f"{pd_changes:,} file changes read)"
        )
        print(f"    lodestar is {whole / mine_s:.1f}x faster than PyDriller")
    return 0


if __name__ == "__main__":
    sys.exit(main())
