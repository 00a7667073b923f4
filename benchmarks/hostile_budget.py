"""Pathological repositories against Lodestar's budgets: scan and loc next to git's floor.

    python benchmarks/hostile_budget.py [--runs 3] [--case tree|shared|locks ...]
                                        [--entries 1000000] [--locks 80] [--lock-mb 7.6]
                                        [--workdir DIR]

The script generates each repository itself, as a bare repository under a temporary folder
(``--workdir DIR`` keeps them there and reuses them on the next run), with one streamed
``git fast-import`` per repository (one commit, every blob inline), in a child process so that
the measuring process stays small (see "peak RSS" below):

* ``tree``: one tree of ``--entries`` (1,000,000) files, ``src/m0000/f000.js`` …, 1,000 per
  folder, each a *distinct* small blob (``export const v<i> = <i>;``, 21 to 31 bytes), so that
  reading every blob costs what a real million-file tree costs. Lodestar's budget is
  ``MAX_TREE_ENTRIES`` (500,000, ``lodestar.scan.budgets``): it scans the first half in tree
  order, counts the rest and warns.
* ``shared``: the same 1,000,000 paths sharing 1,000 blobs (path *i* holds blob *i* mod
  1,000, so the 1,000 folders are one shared tree): a few kilobytes of objects that list as a
  million files, the cheap way to make a huge tree (git's floor is then the listing alone).
* ``locks``: ``--locks`` (80) folders ``apps/app-NN/`` holding a ``package.json`` and a
  ``package-lock.json`` of about ``--lock-mb`` (7.6) MB each: npm lockfileVersion 3 with about
  18,000 packages (names, versions, registry URLs, sha512 integrity, dependencies, nested
  ``node_modules`` paths), each lock different (its own seed). The files are over the per-file
  read cap (2 MiB: no line counts) and under the manifest cap (8 MiB); the evidence budget
  (``MAX_EVIDENCE_BYTES``, 64 MiB) stops parsing after the first few and warns.

For every case, ``--runs`` rounds, each running in turn (interleaved, so that all meet the
same load on a shared machine):

1. the listing floor, ``git ls-tree -r -l -z HEAD`` (output discarded);
2. the reading floor, ``git cat-file --batch-all-objects --batch`` (output discarded), once
   in object-id order and once with ``--unordered`` (pack order): every object inflated once,
   more than Lodestar reads under its budgets. The faster of the two medians is the floor:
   object-id order wins on the million small blobs, pack order on the lock files, whose
   delta chains (fast-import stores each lock as a delta of the previous one, chains up to
   50 deep, as a pushed repository keeps them) make object-id order re-inflate bases;
3. ``python -m lodestar --workspace W scan REPO --force --no-history --json`` into a fresh
   SQLite workspace (``python -m lodestar init W`` first, not timed);
4. ``python -m lodestar loc REPO --json``;
5. ``python -c`` calling ``lodestar.scan.pipeline.scan_repository`` on the repository: what
   ``scan`` computes, without the CLI and the store, to tell the two costs apart.

git runs with exactly the argv prefix and environment Lodestar gives its own git calls. Each
command is one child process measured with ``os.wait4``: wall seconds, CPU seconds (user +
system of the child and the children it waited for, git included) and peak RSS (``ru_maxrss``:
the largest single process of the child's tree, not their sum). Linux starts a child's
``ru_maxrss`` at the peak its launcher had reached, which is why the repositories are built
in another process and this one streams what it reads; the output prints this process's peak,
the lowest figure the peak column can show. Figures are medians (peaks in MiB); ratios are
Lodestar ÷ floor, the floor being listing + the faster reading (sums of medians). The
warnings that say a budget was spent come from ``repos --warnings --json`` after the first
scan (the scan's ``--json`` counts warnings without their text) and from ``loc --json``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import multiprocessing
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from base64 import b64encode
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lodestar.gitio.safe import _base_argv, git_environment

STAMP = "Ada Lovelace <ada@example.com> 1736157600 +0000"
PER_FOLDER = 1000
SHARED_BLOBS = 1000  # distinct blobs of the "shared" case
CASES = ("tree", "shared", "locks")
SYLLABLES = [c + v for c in "bcdfghklmnprstvyz" for v in "aeiou"] + ["an", "el", "or"]
LICENCES = ("MIT", "MIT", "MIT", "ISC", "ISC", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause")


# Generating the repositories ----------------------------------------------------------------


def _header(message: str) -> bytes:
    body = message.encode() + b"\n"
    return (
        b"feature done\ncommit refs/heads/main\n"
        + f"author {STAMP}\ncommitter {STAMP}\n".encode()
        + b"data %d\n%s\n" % (len(body), body)
    )


def _file(path: str, body: bytes) -> bytes:
    return b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(body), body)


def tree_stream(entries: int, distinct: int | None = None) -> Iterator[bytes]:
    """One commit of ``entries`` small JavaScript files, 1,000 per folder: all distinct, or
    ``distinct`` blobs shared in turn by the paths."""
    yield _header(f"{entries:,} files")
    chunk: list[bytes] = []
    for i in range(entries):
        folder, name = divmod(i, PER_FOLDER)
        value = i if distinct is None else i % distinct
        body = b"export const v%d = %d;\n" % (value, value)
        chunk.append(_file(f"src/m{folder:04d}/f{name:03d}.js", body))
        if len(chunk) == 10_000:
            yield b"".join(chunk)
            chunk.clear()
    yield b"".join(chunk) + b"\ndone\n"


def _name(rng: random.Random) -> str:
    words = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(2)]
    name = "-".join(words) if rng.random() < 0.4 else words[0]
    return f"@{words[1]}/{words[0]}" if rng.random() < 0.2 else name


def _version(rng: random.Random) -> str:
    return f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}"


def _package(rng: random.Random, name: str, names: list[str]) -> dict[str, object]:
    version = _version(rng)
    base = name.rsplit("/", 1)[-1]
    digest = hashlib.sha512(f"{name}@{version}".encode()).digest()
    entry: dict[str, object] = {
        "version": version,
        "resolved": f"https://registry.npmjs.org/{name}/-/{base}-{version}.tgz",
        "integrity": "sha512-" + b64encode(digest).decode(),
    }
    if rng.random() < 0.5:
        entry["dev"] = True
    entry["license"] = rng.choice(LICENCES)
    if names and rng.random() < 0.7:
        picks = rng.sample(names, min(len(names), rng.randint(1, 5)))
        entry["dependencies"] = {d: f"^{_version(rng)}" for d in sorted(picks)}
    if rng.random() < 0.3:
        entry["engines"] = {"node": f">={rng.choice((10, 12, 14, 16, 18))}"}
    return entry


def lock_files(index: int, target: int) -> tuple[bytes, bytes]:
    """(package.json, package-lock.json of about ``target`` bytes): npm lockfileVersion 3.

    Sizes are tracked with the fast compact encoder, scaled by the indented-to-compact ratio
    of the fifth batch of 100; the indented document is encoded once, at the end.
    """
    app = f"app-{index:02d}"
    rng = random.Random(index)  # noqa: S311  reproducible generated data, not security
    names: list[str] = []
    root: dict[str, object] = {"name": app, "version": "1.0.0"}
    packages: dict[str, object] = {"": root}
    compact, ratio = 0, 1.3  # compact bytes so far; indented ÷ compact, from the fifth batch
    for batches in itertools.count(1):
        if compact * ratio >= target:
            break
        batch: dict[str, object] = {}
        for _ in range(100):
            name = _name(rng)
            key = f"node_modules/{name}"
            if names and rng.random() < 0.15:  # a second version, nested under a dependent
                key = f"node_modules/{rng.choice(names)}/node_modules/{name}"
            if key in packages or key in batch:
                continue
            batch[key] = _package(rng, name, names[-200:])
            names.append(name)
        size = len(json.dumps(batch))
        compact += size
        if batches == 5:  # once 200 names are there to pick dependencies from
            ratio = len(json.dumps({"packages": batch}, indent=2)) / size
        packages |= batch
    direct = sorted(set(names[:40]))
    root["dependencies"] = dict.fromkeys(direct[:25], "^1.0.0")
    root["devDependencies"] = dict.fromkeys(direct[25:], "^1.0.0")
    document = {"name": app, "version": "1.0.0", "lockfileVersion": 3, "requires": True}
    document["packages"] = packages
    manifest = {"name": app, "version": "1.0.0", "private": True}
    manifest |= {k: root[k] for k in ("dependencies", "devDependencies")}
    lock = json.dumps(document, indent=2).encode() + b"\n"
    return json.dumps(manifest, indent=2).encode() + b"\n", lock


def _app(args: tuple[int, int]) -> bytes:
    index, target = args
    manifest, lock = lock_files(index, target)
    return _file(f"apps/app-{index:02d}/package.json", manifest) + _file(
        f"apps/app-{index:02d}/package-lock.json", lock
    )


def locks_stream(locks: int, target: int) -> Iterator[bytes]:
    """``locks`` applications, generated on two processes, in order."""
    yield _header(f"{locks} npm applications")
    with multiprocessing.Pool(2) as pool:
        yield from pool.imap(_app, [(i, target) for i in range(locks)])
    yield b"\ndone\n"


def build(case: str, path: Path, entries: int, locks: int, lock_mb: float) -> None:
    """Create the bare repository of ``case`` at ``path`` (runs in a child process)."""
    env = git_environment()
    init = ["git", "init", "--quiet", "--bare", "--initial-branch=main", "--template=", str(path)]
    subprocess.run(init, check=True, env=env)
    argv = [*_base_argv(path), "fast-import", "--quiet", "--date-format=raw"]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env, cwd=path)
    assert proc.stdin is not None
    if case == "locks":
        stream = locks_stream(locks, int(lock_mb * 1e6))
    else:
        stream = tree_stream(entries, SHARED_BLOBS if case == "shared" else None)
    for chunk in stream:
        proc.stdin.write(chunk)
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit(f"{path}: git fast-import failed (exit {proc.returncode})")


# What ``lodestar scan`` does for one repository before storing it (the CLI's imports and the
# store left out): tells the scan's own cost from the store's.
PIPELINE = """
import sys
from lodestar.records import RepositoryRef
from lodestar.scan.pipeline import scan_repository
scan_repository(RepositoryRef("bench", sys.argv[1], bare=True), "HEAD")
"""


# Measuring ----------------------------------------------------------------------------------


@dataclass
class Timing:
    """Wall, CPU seconds and peak RSS (KiB) of one command over the runs."""

    label: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: list[int] = field(default_factory=list)

    def run(self, argv: list[str], env: dict[str, str], cwd: Path | None = None) -> bytes:
        """Run ``argv`` once and record it; its standard output (discarded for git floors)."""
        keep = not argv[0].endswith("git")
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if keep else subprocess.DEVNULL,
                stderr=err,
                env=env,
                cwd=cwd,
            )
            out = proc.stdout.read() if proc.stdout is not None else b""
            _, status, usage = os.wait4(proc.pid, 0)
            self.wall.append(time.perf_counter() - start)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.stdout is not None:
                proc.stdout.close()
            err.seek(0)
            detail = err.read().decode("utf-8", "replace").strip()[-500:]
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv[-6:])}: exit {proc.returncode}: {detail}")
        self.cpu.append(usage.ru_utime + usage.ru_stime)
        self.peak.append(usage.ru_maxrss)
        return out

    def medians(self) -> tuple[float, float, float]:
        """(wall s, CPU s, peak MiB)."""
        peak = statistics.median(self.peak) / 1024
        return statistics.median(self.wall), statistics.median(self.cpu), peak


def _lodestar_env() -> dict[str, str]:
    """This environment without a database or workspace override: a fresh SQLite each time."""
    drop = {"LODESTAR_DATABASE_URL", "LODESTAR_WORKSPACE"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _blob_figures(repo: Path) -> tuple[int, int, int]:
    """(tree entries, blob bytes, pack bytes) of HEAD, read line by line: this process must
    stay small (see the module docstring)."""
    argv = [*_base_argv(repo), "ls-tree", "-r", "-l", "HEAD"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, env=git_environment())
    assert proc.stdout is not None
    entries = size = 0
    for line in proc.stdout:
        entries += 1
        size += int(line.split(b"\t", 1)[0].split()[3])
    if proc.wait() != 0:
        raise SystemExit(f"{repo}: git ls-tree failed (exit {proc.returncode})")
    pack = sum(p.stat().st_size for p in (repo / "objects" / "pack").glob("*.pack"))
    return entries, size, pack


@dataclass
class CaseResult:
    case: str
    entries: int
    blob_bytes: int
    pack_bytes: int
    build_seconds: float
    timings: list[Timing]
    warnings: list[str]


def measure_case(case: str, repo: Path, runs: int, scratch: Path) -> tuple[list[Timing], list[str]]:
    """The four commands, ``runs`` rounds; (timings, budget warnings of the first round)."""
    git, lodestar_env = git_environment(), _lodestar_env()
    python = [sys.executable, "-m", "lodestar"]
    listing = Timing("`git ls-tree -r -l HEAD`")
    reading = Timing("`git cat-file --batch-all-objects --batch`")
    unordered = Timing("`git cat-file --batch-all-objects --batch --unordered`")
    scan = Timing("`lodestar scan --force --no-history --json`")
    loc = Timing("`lodestar loc --json`")
    inner = Timing("`scan_repository()` alone (`python -c`, no CLI, no store)")
    warnings: list[str] = []
    for run in range(runs):
        listing.run([*_base_argv(repo), "ls-tree", "-r", "-l", "-z", "HEAD"], git, repo)
        every = [*_base_argv(repo), "cat-file", "--batch-all-objects", "--batch"]
        reading.run(every, git, repo)
        unordered.run([*every, "--unordered"], git, repo)
        workspace = scratch / f"{case}-workspace-{run}"
        subprocess.run([*python, "init", str(workspace)], check=True, capture_output=True)
        argv = [*python, "--workspace", str(workspace), "scan", str(repo), "--force"]
        scan_out = scan.run([*argv, "--no-history", "--json"], lodestar_env)
        loc_out = loc.run([*python, "loc", str(repo), "--json"], lodestar_env)
        inner.run([sys.executable, "-c", PIPELINE, str(repo)], lodestar_env)
        if run == 0:
            warnings = budget_warnings(scan_out, loc_out, workspace)
        shutil.rmtree(workspace)
        timings = [listing, reading, unordered, scan, loc, inner]  # the order printed
        figures = ", ".join(f"{t.wall[-1]:.2f}s/{t.peak[-1] / 1024:.0f}MiB" for t in timings)
        print(f"  {case} {run + 1}: {figures}", flush=True)
    return timings, warnings


def budget_warnings(scan_out: bytes, loc_out: bytes, workspace: Path) -> list[str]:
    """Repository-level warnings of the scan (from the store) and of ``loc``."""
    argv = [sys.executable, "-m", "lodestar", "--workspace", str(workspace), "repos"]
    listed = subprocess.run(
        [*argv, "--warnings", "--json"], capture_output=True, check=True, env=_lodestar_env()
    ).stdout
    stored = json.loads(listed)["warnings"]
    warnings = [f"scan: {w['message']}" for w in stored if w["path"] == ""]
    scan = json.loads(scan_out)["repositories"][0]
    warnings.append(
        f"scan: {scan['status']}, {scan['files']:,} files stored, "
        f"{scan['warnings']:,} warnings in all"
    )
    loc = json.loads(loc_out)
    warnings.append(
        f"loc: {loc['total']['files']:,} files counted, {len(loc['skipped']):,} over the size cap"
    )
    warnings += [f"loc: {w}" for w in loc["warnings"]]
    return warnings


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}x" if floor > 0 else "-"


def report(result: CaseResult) -> None:
    """The case's medians as a Markdown table, then its budget warnings."""
    listing, reading, unordered, *tools = result.timings
    fastest = min(reading, unordered, key=lambda t: t.medians()[0])
    floor_wall = listing.medians()[0] + fastest.medians()[0]
    floor_cpu = listing.medians()[1] + fastest.medians()[1]
    runs = len(listing.wall)
    print(
        f"\n### {result.case}: {result.entries:,} tree entries, "
        f"{result.blob_bytes / 1e6:,.1f} MB of blobs, {result.pack_bytes / 1e6:,.1f} MB packed "
        + (
            "(reused)"
            if math.isnan(result.build_seconds)
            else f"(built in {result.build_seconds:.1f} s)"
        )
    )
    print(f"\n| command (median of {runs}) | wall s | CPU s | peak RSS MiB | ÷ floor, wall / CPU |")
    print("|---|---:|---:|---:|---:|")
    for timing in (listing, reading, unordered):
        wall, cpu, peak = timing.medians()
        print(f"| {timing.label} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | |")
    print(f"| floor = listing + the faster reading | {floor_wall:.2f} | {floor_cpu:.2f} | | 1 |")
    for timing in tools:
        wall, cpu, peak = timing.medians()
        ratios = f"{_ratio(wall, floor_wall)} / {_ratio(cpu, floor_cpu)}"
        print(f"| {timing.label} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | **{ratios}** |")
    print("\nWarnings (first run):")
    for warning in result.warnings:
        print(f"- {warning}")


def _repository(case: str, workdir: Path, args: argparse.Namespace) -> tuple[Path, float]:
    """The case's repository under ``workdir``, built (in a child process) unless there."""
    repo = workdir / f"{case}.git"
    if (repo / "HEAD").exists():
        return repo, float("nan")
    start = time.perf_counter()
    argv = [sys.executable, __file__, "--build", case, "--workdir", str(workdir)]
    argv += ["--entries", str(args.entries), "--locks", str(args.locks)]
    subprocess.run([*argv, "--lock-mb", str(args.lock_mb)], check=True)
    return repo, time.perf_counter() - start


def _machine() -> str:
    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    git = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    return (
        f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores, "
        f"{int(memory) / 2**20:.1f} GiB, Python {platform.python_version()}, "
        f"{git.stdout.strip()}, load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--case", action="append", choices=CASES)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--locks", type=int, default=80)
    parser.add_argument("--lock-mb", type=float, default=7.6)
    parser.add_argument("--workdir", type=Path, help="keep the repositories here (reused)")
    parser.add_argument("--build", choices=CASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:  # the child process that generates one repository
        build(
            args.build, args.workdir / f"{args.build}.git", args.entries, args.locks, args.lock_mb
        )
        return 0
    print(f"machine: {_machine()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="lodestar-hostile-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = []
        for case in args.case or list(CASES):
            repo, seconds = _repository(case, workdir, args)
            entries, blob_bytes, pack_bytes = _blob_figures(repo)
            print(f"{case}: {repo}, {entries:,} entries, build {seconds:.1f} s", flush=True)
            print("  wall/peak of ls-tree, cat-file sorted, unordered, scan, loc, pipeline")
            timings, warnings = measure_case(case, repo, args.runs, Path(tmp))
            results.append(
                CaseResult(case, entries, blob_bytes, pack_bytes, seconds, timings, warnings)
            )
    for result in results:
        report(result)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nThis process peaked at {own:.0f} MiB: no child's peak can show less.")
    print(f"machine at the end: {_machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
