"""Lodestar at organisation scale: a synthetic organisation and the figures of issue 13.

Each measurement is its own sub-command, sized by its parameters (a smoke test runs them on a
handful of repositories). The organisation is built once by ``generate`` (see
``synthetic_org.py`` for the distributions) and read by the others, which scan the first
``--repos`` repositories of it; the cockpit measurement needs no git repositories (it writes
synthetic scans through the store's writer, as ``web_bench.py`` does).

Usage::

    python benchmarks/org_scale.py generate --repos 2000 [--seed 13] [--org DIR] [--processes 2]
    python benchmarks/org_scale.py inventory --repos 1000 [--postgres URL] [--runs 3]
    python benchmarks/org_scale.py workers --repos 2000 --postgres URL [--counts 1,2,4] [--queue]
    python benchmarks/org_scale.py rescan --repos 1000 [--share 0.05] [--postgres URL] [--runs 3]
    python benchmarks/org_scale.py cockpit --repos 10000 --deps 100 [--postgres URL] [--runs 20]

* ``inventory``: a first ``lodestar scan`` (inventory, then history) of a fresh store;
* ``workers``: the same on 1, 2, 4 workers: the local process pool (``scan --workers N``), or
  with ``--queue`` the PostgreSQL queue (``scan --queue``, then N ``lodestar worker --once``
  processes, as on N machines, until each has drained the queue and exited); scaling
  efficiency = T(1) / (N x T(N));
* ``rescan``: a nightly re-scan of a scanned store: nothing changed, then ``--share`` of the
  repositories with one new commit each (on a copy of the repositories: the organisation is
  not changed; or, with ``--scanned WS``, on the store an ``inventory`` run left, whose
  repositories are the organisation's own: they get the commits);
* ``cockpit``: ``--repos`` synthetic scans of log-normal dependency counts averaging
  ``--deps``, then every page and API route of the page table, median and p95 per route.

``--postgres postgresql://USER@HOST:PORT`` runs on PostgreSQL, in databases named
``--db-prefix``_<measurement> (dropped after, unless ``--keep``); without it, on SQLite in the
workspace. Every figure is printed (``--markdown`` for a table) and appended, with the date,
the machine and the load average, to ``results.jsonl`` beside the organisation.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import synthetic_org
from cockpit_scale import measure_cockpit
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lodestar.settings import init_workspace

DEFAULT_ORG = Path("/tmp/lodestar-org-scale/org")  # noqa: S108  a scratch folder by default
Row = dict[str, Any]


# The machine, the stores, the CLI ------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    memory = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) // 1024
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "memory_mib": memory,
        "python": platform.python_version(),
        "system": platform.platform(),
        "load": [round(x, 2) for x in os.getloadavg()],
    }


class Stores:
    """Fresh stores for one measurement: SQLite files in the workspace, or PostgreSQL databases
    named ``prefix_name`` (created empty, dropped by :meth:`drop_all` unless kept)."""

    def __init__(self, postgres: str | None, prefix: str, keep: bool) -> None:
        self.postgres = postgres
        self.prefix = prefix
        self.keep = keep
        self.created: set[str] = set()

    @property
    def engine_name(self) -> str:
        return "PostgreSQL" if self.postgres else "SQLite"

    def _admin(self) -> Any:
        url = make_url(self.postgres or "")
        url = url.set(drivername="postgresql+psycopg", database="postgres")
        return create_engine(url, isolation_level="AUTOCOMMIT")

    def fresh(self, name: str, workspace: Path, *, reuse: bool = False) -> str:
        """The URL of an empty store called ``name`` (``reuse``: as it is, when it exists)."""
        if not self.postgres:
            path = workspace / ".lodestar" / f"{name}.db"
            for stale in path.parent.glob(f"{name}.db*") if not reuse else ():
                stale.unlink()
            return f"sqlite:///{path}"
        database = f"{self.prefix}_{name}"
        admin = self._admin()
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": database}
            ).first()
            if not (reuse and exists):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{database}"'))
        admin.dispose()
        self.created.add(database)
        url = make_url(self.postgres).set(drivername="postgresql+psycopg", database=database)
        return url.render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.postgres or self.keep:
            return
        admin = self._admin()
        with admin.connect() as conn:
            for database in sorted(self.created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def workspace(folder: Path, sources: list[Path], url: str) -> Path:
    """A fresh workspace at ``folder`` scanning ``sources`` into the store at ``url``."""
    shutil.rmtree(folder, ignore_errors=True)
    init_workspace(
        folder,
        name="Synthetic organisation",
        sources=[str(s) for s in sources],
        database=url,
        as_of=synthetic_org.AS_OF.date(),
    )
    return folder


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far: lodestar, its pool
    processes and the git it runs (not the PostgreSQL server's)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


LAST_CPU: list[float] = [0.0]  # CPU seconds of the last lodestar() call


def lodestar(ws: Path, *args: str, check: bool = True) -> tuple[float, Any]:
    """Run ``lodestar ARGS --json`` in ``ws``; (wall seconds, its JSON); its CPU seconds are
    left in ``LAST_CPU[0]``."""
    env = {**os.environ, "LODESTAR_WORKSPACE": str(ws)}
    env.pop("LODESTAR_DATABASE_URL", None)
    start, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "lodestar", *args, "--json"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - start
    LAST_CPU[0] = children_cpu() - cpu
    if check and proc.returncode != 0:
        command = " ".join(args)
        sys.exit(f"error: lodestar {command} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return wall, json.loads(proc.stdout) if proc.stdout.strip() else None


def scan_figures(wall: float, out: dict[str, Any]) -> Row:
    """The figures of one ``lodestar scan --json``."""
    history = out.get("history") or {}
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(LAST_CPU[0], 2),
        "scan_s": out["seconds"],
        "history_s": history.get("seconds", 0.0),
        "scanned": out["scanned"],
        "unchanged": out["unchanged"],
        "failed": out["failed"],
        "commits_read": history.get("commits_read", 0),
    }


def medians(rows: list[Row]) -> Row:
    """The median of every numeric figure of ``rows`` (runs of one measurement)."""
    return {
        key: round(statistics.median(r[key] for r in rows), 3)
        for key in rows[0]
        if isinstance(rows[0][key], int | float) and key not in {"run", "workers"}
    }


def report(args: argparse.Namespace, name: str, params: Row, rows: list[Row], load0: Any) -> None:
    """Print ``rows`` and append them, with the machine, to ``results.jsonl``."""
    record = {"measurement": name, "params": params, "machine": machine(), "rows": rows}
    record["machine"]["load_before"] = load0
    with (args.org / "results.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")
    print(f"{name} {json.dumps(params)}  (load {load0} -> {record['machine']['load']})")
    keys = list(dict.fromkeys(k for r in rows for k in r))
    if args.markdown:
        print("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
        for r in rows:
            print("| " + " | ".join(str(r.get(k, "")) for k in keys) + " |")
    else:
        for r in rows:
            print("  " + "  ".join(f"{k}={r.get(k)}" for k in keys))


def scratch(args: argparse.Namespace, name: str) -> Path:
    """A folder of one measurement beside the organisation (``ORG-ws-NAME``): its workspace,
    its SQLite store, its copy of repositories."""
    return args.org.parent / f"{args.org.name}-ws-{name}"


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _organisation(args: argparse.Namespace) -> list[Path]:
    """The folders of the first ``--repos`` repositories (building the organisation first when
    ``--org`` holds none)."""
    if not (args.org / "org.json").is_file():
        synthetic_org.build_organisation(args.org, args.repos, args.seed, args.processes)
    return synthetic_org.slice_folders(args.org, args.repos)


# Measurements --------------------------------------------------------------------------------


def cmd_generate(args: argparse.Namespace) -> None:
    load0 = _load()
    summary = synthetic_org.build_organisation(args.org, args.repos, args.seed, args.processes)
    rate = summary["repos"] / max(summary["build_seconds"], 1e-9)
    row = {**{k: v for k, v in summary.items() if k != "quantiles"}, "repos_per_s": round(rate, 1)}
    row["quantiles (p50, p90, p99, max)"] = summary["quantiles"]
    report(args, "generate", {"repos": args.repos, "seed": args.seed}, [row], load0)


def _scan_runs(
    args: argparse.Namespace, stores: Stores, name: str, folders: list[Path], extra: list[str]
) -> list[Row]:
    rows = []
    for run in range(args.runs):
        ws = scratch(args, name)
        ws = workspace(ws, folders, stores.fresh(name, ws))
        wall, out = lodestar(ws, "scan", *extra)
        rows.append({"run": run + 1, **scan_figures(wall, out)})
    return rows


def cmd_inventory(args: argparse.Namespace) -> None:
    load0, folders = _load(), _organisation(args)
    stores = Stores(args.postgres, args.db_prefix, args.keep)
    extra = ["--workers", str(args.workers)] + (["--no-history"] if args.no_history else [])
    try:
        rows = _scan_runs(args, stores, "inventory", folders, extra)
    finally:
        stores.drop_all()
    rows.append({"run": "median", **medians(rows)})
    params = {"repos": args.repos, "store": stores.engine_name, "workers": args.workers}
    report(args, "inventory", params, rows, load0)


def _queue_run(ws: Path, count: int, history: bool) -> Row:
    """``scan --queue``, then ``count`` ``lodestar worker --once`` processes (as on ``count``
    machines) until every one has drained the queue and exited."""
    env = {**os.environ, "LODESTAR_WORKSPACE": str(ws)}
    env.pop("LODESTAR_DATABASE_URL", None)
    start, cpu = time.perf_counter(), children_cpu()
    enqueue, _ = lodestar(ws, "scan", "--queue", *([] if history else ["--no-history"]))
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "lodestar", "worker", "--once", "--name", f"w{k}", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for k in range(count)
    ]
    jobs = {"scanned": 0, "unchanged": 0, "failed": 0}
    for proc in workers:
        out, _ = proc.communicate()
        for line in out.splitlines():
            with contextlib.suppress(ValueError):
                status = json.loads(line).get("status")
                if status in jobs:
                    jobs[status] += 1
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    _, queue = lodestar(ws, "queue")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "enqueue_s": round(enqueue, 2),
        **jobs,
        "queue_failed": queue["totals"]["failed"],
        "queue_pending": queue["totals"]["pending"],
    }


def cmd_workers(args: argparse.Namespace) -> None:
    load0, folders = _load(), _organisation(args)
    stores = Stores(args.postgres, args.db_prefix, args.keep)
    counts = [int(c) for c in args.counts.split(",")]
    rows: list[Row] = []
    try:
        for count in counts:
            runs = []
            for run in range(args.runs):
                ws = scratch(args, "workers")
                ws = workspace(ws, folders, stores.fresh("workers", ws))
                if args.queue:
                    figures = _queue_run(ws, count, not args.no_history)
                else:
                    extra = ["--workers", str(count)] + (["--no-history"] * args.no_history)
                    figures = scan_figures(*lodestar(ws, "scan", *extra))
                runs.append({"workers": count, "run": run + 1, **figures})
            rows += runs
            rows.append({"workers": count, "run": "median", **medians(runs)})
    finally:
        stores.drop_all()
    _efficiency(rows)
    mode = "queue (scan --queue, N x worker --once)" if args.queue else "process pool (--workers)"
    params = {"repos": args.repos, "store": stores.engine_name, "mode": mode}
    report(args, "workers", params, rows, load0)


def _efficiency(rows: list[Row]) -> None:
    """Add speed-up and efficiency (T1 / (N x TN)) to the median rows."""
    med = {r["workers"]: r for r in rows if r["run"] == "median"}
    if 1 not in med:
        return
    for n, r in med.items():
        r["speedup"] = round(med[1]["wall_s"] / r["wall_s"], 2)
        r["efficiency"] = round(med[1]["wall_s"] / (n * r["wall_s"]), 2)


def _rescan_copy(args: argparse.Namespace, folders: list[Path], stores: Stores) -> Path:
    """A copy of the first ``--repos`` repositories under ``rescan-org`` (the nights' commits
    land there) and a fresh workspace scanning them; returns the workspace."""
    copy = scratch(args, "rescan-org")
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    for name in ("org.json", "plans.json"):
        shutil.copy2(args.org / name, copy / name)
    copies = [copy / "repos" / f.name for f in folders]
    for source, target in zip(folders, copies, strict=True):
        shutil.copytree(source, target)
    ws = scratch(args, "rescan")
    return workspace(ws, copies, stores.fresh("rescan", ws))


def cmd_rescan(args: argparse.Namespace) -> None:
    load0, folders = _load(), _organisation(args)
    stores = Stores(args.postgres, args.db_prefix, args.keep)
    rows: list[Row] = []
    copy = scratch(args, "rescan-org")
    try:
        if args.scanned:  # a workspace inventory left scanned: commits land in the organisation
            ws, target = args.scanned.absolute(), args.org
        else:
            ws, target = _rescan_copy(args, folders, stores), copy
            rows.append({"case": "first scan", **scan_figures(*lodestar(ws, "scan"))})
        same = [
            {"case": "unchanged", **scan_figures(*lodestar(ws, "scan"))} for _ in range(args.runs)
        ]
        changed = []
        label = f"{args.share:.0%} changed"
        for night in range(1, args.runs + 1):
            synthetic_org.add_commits(target, args.repos, args.share, night + args.night)
            changed.append({"case": label, **scan_figures(*lodestar(ws, "scan"))})
        rows += [*same, {"case": "unchanged, median", **medians(same)}]
        rows += [*changed, {"case": f"{label}, median", **medians(changed)}]
    finally:
        stores.drop_all()
        shutil.rmtree(copy, ignore_errors=True)
    engine = "SQLite" if args.scanned and not args.postgres else stores.engine_name
    params = {"repos": args.repos, "store": engine, "share": args.share}
    report(args, "rescan", params, rows, load0)


def cmd_cockpit(args: argparse.Namespace) -> None:
    load0 = _load()
    args.org.mkdir(parents=True, exist_ok=True)
    stores = Stores(args.postgres, args.db_prefix, args.keep)
    ws = scratch(args, "cockpit")
    ws.mkdir(parents=True, exist_ok=True)
    (ws / ".lodestar").mkdir(exist_ok=True)
    try:
        rows, summary = measure_cockpit(
            stores.fresh("cockpit", ws, reuse=args.reuse),
            repos=args.repos,
            deps=args.deps,
            runs=args.runs,
            budget=args.budget,
            seed=args.seed,
            builds=args.builds,
        )
    finally:
        stores.drop_all()
    params = {"repos": args.repos, "store": stores.engine_name, **summary}
    report(args, "cockpit", params, rows, load0)


# Command line --------------------------------------------------------------------------------


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], None], str]] = {
    "generate": (cmd_generate, "build the synthetic organisation"),
    "inventory": (cmd_inventory, "first scan: inventory and history time"),
    "workers": (cmd_workers, "1, 2, 4 workers: scaling efficiency"),
    "rescan": (cmd_rescan, "nightly re-scan: unchanged, and a share with a new commit"),
    "cockpit": (cmd_cockpit, "every page and API route on synthetic store rows: median, p95"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = top.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--repos", type=int, default=1000)
        p.add_argument("--org", type=Path, default=DEFAULT_ORG, help="the organisation's folder")
        p.add_argument("--seed", type=int, default=13)
        p.add_argument("--processes", type=int, default=2, help="generator processes")
        p.add_argument("--runs", type=int, default=3, help="repetitions (medians reported)")
        p.add_argument("--postgres", help="PostgreSQL server URL (default: SQLite)")
        p.add_argument("--db-prefix", default="lodestar_org_scale", help="database name prefix")
        p.add_argument("--keep", action="store_true", help="keep the PostgreSQL databases")
        p.add_argument("--markdown", action="store_true")
        p.add_argument("--workers", type=int, default=0, help="scan --workers (0: per core)")
        p.add_argument("--no-history", action="store_true", help="scan --no-history")
        if name == "workers":
            p.add_argument("--counts", default="1,2,4", help="worker counts, comma-separated")
            p.add_argument("--queue", action="store_true", help="scan --queue + lodestar worker")
        if name == "rescan":
            p.add_argument("--share", type=float, default=0.05, help="share given a commit")
            p.add_argument(
                "--scanned",
                type=Path,
                help="a workspace `inventory --keep` left scanned: no copy, no first scan; the "
                "nights' commits land in the organisation's own repositories",
            )
            p.add_argument("--night", type=int, default=0, help="nights already added (dates)")
        if name == "cockpit":
            p.add_argument("--deps", type=int, default=100, help="mean dependency rows per repo")
            p.add_argument("--budget", type=float, default=30.0, help="seconds per route at most")
            p.add_argument("--builds", type=int, default=3, help="cockpit builds timed")
            p.add_argument(
                "--reuse", action="store_true", help="keep a store already holding --repos"
            )
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.org = args.org.absolute()
    COMMANDS[args.command][0](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
