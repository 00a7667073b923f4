"""History of a whole organisation, mined in parallel, against git's own logs (issue 13, point 3).

    python benchmarks/history_parallel.py MIRROR [MIRROR ...] [--runs 3] [--workers 2]
        [--before-src /work/main/src] [--snapshots] [--workdir DIR]

Each MIRROR (a bare mirror is fine) is cloned ``--mirror --shared`` under a temporary folder
(nothing is copied, the originals are never written), as ``real_org.py`` does. Then, per run:

(a) the floor: the exact ``git log -z --reverse --numstat -M …`` Lodestar runs (same argv, same
    hardened environment) of every repository, one after the other, output read from a pipe and
    discarded: the summed time git alone needs;
(b) Lodestar's ``run_history`` (history and people, no snapshots) of all the repositories into a
    fresh SQLite store with ``--workers`` processes, in a child process (its interpreter
    start-up not counted);
(c) with ``--before-src``, the same in a child process whose ``PYTHONPATH`` is another checkout
    (e.g. the main branch: repositories mined one after the other), on the first run only.

Wall time and CPU time (user + system of the process and all its children: workers and git)
are printed per run, then the medians and the ratios to (a) of the same run. ``--snapshots``
then times the monthly snapshots alone, once: ``run_history`` with snapshots on the store of
the last run (every history unchanged). The load average is printed before and after each run:
the ratios are only meaningful against the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
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


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def clone_all(mirrors: list[Path], into: Path) -> list[Path]:
    out = []
    for mirror in mirrors:
        label = mirror.parent.name if mirror.name in ("repo", ".git") else mirror.name
        target = into / f"{label.split('+')[-1].removesuffix('.git')}.git"
        if not target.exists():
            subprocess.run(
                ["git", "clone", "--quiet", "--mirror", "--shared", str(mirror), str(target)],
                check=True,
            )
        out.append(target)
    return out


def floor(repos: list[Path]) -> tuple[float, float]:
    """(wall, CPU) of every repository's bare ``git log``, one after the other."""
    cpu, start = _cpu(), time.perf_counter()
    for path in repos:
        repo = GitRepository(path)
        tip = resolve_tip(repo)
        if tip is None:
            continue
        argv = [*_base_argv(repo.git_dir), *log_argv([tip])]
        proc = subprocess.Popen(
            argv, stdout=subprocess.PIPE, env=git_environment(), cwd=repo.git_dir
        )
        assert proc.stdout is not None
        while proc.stdout.read(1 << 16):
            pass
        proc.wait()
    return time.perf_counter() - start, _cpu() - cpu


def lodestar(
    repos: list[Path], db: Path, workers: int, *, snapshots: bool, src: str | None = None
) -> dict[str, float]:
    """Run :func:`child` in a fresh interpreter (``src`` first on its path) and read its JSON."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src
    argv = [sys.executable, __file__, "--child", str(db), str(workers), str(int(snapshots))]
    out = subprocess.run(
        [*argv, *map(str, repos)], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def child(db: str, workers: int, snapshots: bool, paths: list[str]) -> None:
    """In the child: mine ``paths`` into ``db``; print wall, CPU and commits as JSON."""
    from lodestar.ingest import HistoryOptions, run_history  # noqa: PLC0415  the src under test
    from lodestar.records import RepositoryRef  # noqa: PLC0415
    from lodestar.store.db import open_engine  # noqa: PLC0415

    engine = open_engine(f"sqlite:///{db}")
    refs = [RepositoryRef(Path(p).stem, p, bare=True) for p in paths]
    try:  # an older checkout has no workers option: it mines one after the other
        options = HistoryOptions(snapshots=snapshots, workers=workers)  # type: ignore[call-arg]
    except TypeError:
        options = HistoryOptions(snapshots=snapshots)
    cpu, start = _cpu(), time.perf_counter()
    summary = run_history(engine, refs, options)
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    failed = [o.error for o in summary.outcomes if o.error]
    print(json.dumps({"wall": wall, "cpu": cpu, "commits": summary.commits, "failed": failed}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--before-src", help="another checkout's src folder, mined once")
    parser.add_argument("--snapshots", action="store_true", help="then time snapshots once")
    parser.add_argument("--workdir", type=Path, help="keep the clones and stores here")
    args = parser.parse_args()
    cores, version = os.cpu_count(), platform.python_version()
    print(f"machine {platform.machine()} {cores} cores, Python {version}")
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, workers {args.workers}")
    with tempfile.TemporaryDirectory(prefix="lodestar-history-bench-") as scratch:
        work = args.workdir or Path(scratch)
        repos = clone_all(args.mirrors, work / "repos")
        rows: list[dict[str, float]] = []
        for run in range(args.runs):
            load = _load()
            git_wall, git_cpu = floor(repos)
            db = work / f"run{run}.db"
            db.unlink(missing_ok=True)
            mine = lodestar(repos, db, args.workers, snapshots=False)
            row = {"git": git_wall, "git_cpu": git_cpu, "mine": mine["wall"], "cpu": mine["cpu"]}
            line = (
                f"run {run + 1} (load {load} → {_load()}): floor {git_wall:.1f}s "
                f"(CPU {git_cpu:.1f}s); lodestar {mine['wall']:.1f}s (CPU {mine['cpu']:.1f}s) "
                f"= {mine['wall'] / git_wall:.2f}x wall, {mine['cpu'] / git_cpu:.2f}x CPU; "
                f"{mine['commits']:,} commits, {len(mine['failed'])} failed"
            )
            if args.before_src and run == 0:
                before_db = work / "before.db"
                before_db.unlink(missing_ok=True)
                before = lodestar(repos, before_db, 1, snapshots=False, src=args.before_src)
                row |= {"before": before["wall"], "before_cpu": before["cpu"]}
                line += (
                    f"; before {before['wall']:.1f}s (CPU {before['cpu']:.1f}s) = "
                    f"{before['wall'] / git_wall:.2f}x wall, {before['cpu'] / git_cpu:.2f}x CPU"
                )
            rows.append(row)
            print(line, flush=True)
        med = {k: statistics.median(r[k] for r in rows) for k in ("git", "git_cpu", "mine", "cpu")}
        ratio = statistics.median(r["mine"] / r["git"] for r in rows)
        cpu_ratio = statistics.median(r["cpu"] / r["git_cpu"] for r in rows)
        print(
            f"medians of {args.runs}: floor {med['git']:.1f}s (CPU {med['git_cpu']:.1f}s), "
            f"lodestar {med['mine']:.1f}s (CPU {med['cpu']:.1f}s); median ratio "
            f"{ratio:.2f}x wall, {cpu_ratio:.2f}x CPU"
        )
        if args.snapshots:
            load = _load()
            snaps = lodestar(repos, work / f"run{args.runs - 1}.db", args.workers, snapshots=True)
            print(
                f"snapshots (load {load} → {_load()}): {snaps['wall']:.1f}s "
                f"(CPU {snaps['cpu']:.1f}s), {len(snaps['failed'])} failed"
            )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5:])
        sys.exit(0)
    sys.exit(main())
