"""Lines of code: Lodestar against cloc, for speed and for fidelity.

    python benchmarks/cloc_compare.py REPO_PATH [REPO_PATH ...] [--runs 3] [--markdown]

For each git repository (a bare mirror is fine; it is only read) the script

1. resolves the commit (``--rev``, default HEAD) and makes a throw-away checkout of it under a
   temporary folder with ``git clone --shared`` (cloc's ``--vcs=git`` needs a work tree; the
   source repository is never written to);
2. times ``cloc --vcs=git --json`` in that checkout ``--runs`` times (every timed command is
   measured twice: wall-clock seconds, and CPU seconds, user + system of the process and the
   children it waits for, git included, which a shared machine's load disturbs far less);
3. times the full ``lodestar scan`` command in a fresh workspace (``lodestar init`` once, then
   ``lodestar --workspace W scan REPO --force --no-history``: languages, licences, dependencies,
   technologies, runtimes and the store, but not the git-history mining, which cloc has no
   counterpart for; ``--no-history`` is only passed where ``scan`` has it) ``--runs`` times,
   and the ``lodestar loc REPO --json`` command, cloc's counterpart (count and print, nothing
   stored), when the ``lodestar`` executable is installed (the runs of all tools are
   interleaved round by round, so that they meet the same load on a shared machine);
4. times a fresh ``python -c`` that imports and calls ``lodestar.scan.loc.count_repository``
   (what ``lodestar loc`` runs, without the CLI's start-up), and reports the call itself;
5. times a fresh ``python -c`` that imports and calls
   ``lodestar.scan.pipeline.scan_repository`` (falling back to a private ls-tree + cat-file
   harness over ``lodestar.scan.languages`` and ``line_counts`` when the pipeline cannot be
   imported), and reports the time the call itself took;
6. times, in another fresh process, only the per-file functions (``classify_kind``,
   ``is_binary``, ``detect_language``, ``count_lines``) over every blob, read into memory
   beforehand: the counting engine without git, licences, interpreter start or the store;
7. compares code lines per language: Lodestar's totals (all file kinds summed: cloc does not set
   vendored or generated code apart) against cloc's, from one extra
   ``cloc --by-file --skip-uniqueness`` run so that both sides count every path once.

Names are mapped through ``CLOC_NAMES`` (cloc's spelling to Lodestar's) and ``GROUPS`` (where one
tool splits what the other does not: Lodestar's TSX is cloc's TypeScript). cloc's "C/C++ Header"
is split file by file into the language Lodestar gave each header. Only programming languages
are listed unless ``--all-languages`` is given; ``--details N`` lists the N files whose code
counts differ most, for explaining the differences.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# cloc's language names → Lodestar's (names that are spelled the same are not listed).
CLOC_NAMES: dict[str, str] = {
    "Bourne Shell": "Shell",
    "Bourne Again Shell": "Shell",
    "zsh": "Shell",
    "Korn Shell": "Shell",
    "C Shell": "Tcsh",
    "Fish Shell": "fish",
    "make": "Makefile",
    "DOS Batch": "Batchfile",
    "Tcl/Tk": "Tcl",
    "m4": "M4",
    "awk": "Awk",
    "PO File": "Gettext Catalog",
    "diff": "Diff",
    "Vuejs Component": "Vue",
    "Protocol Buffers": "Protocol Buffer",
    "LESS": "Less",
    "Lisp": "Common Lisp",
    "ClojureScript": "Clojure",
    "ClojureC": "Clojure",
    "F# Script": "F#",
    "Fortran 77": "Fortran",
    "Fortran 90": "Fortran Free Form",
    "Fortran 95": "Fortran Free Form",
    "VB for Applications": "VBA",
    "Visual Basic": "VBA",
    "Visual Basic Script": "VBScript",
    "vim script": "Vim Script",
    "Bazel": "Starlark",
    "Containerfile": "Dockerfile",
    "Properties": "Java Properties",
    "Rmd": "RMarkdown",
    "ERB": "HTML+ERB",
    "Jinja Template": "Jinja",
    "liquid": "Liquid",
    "XSD": "XML",
    "Ant": "XML",
    "Maven": "XML",
    "Verilog-SystemVerilog": "Verilog",
    "Elixir Script": "Elixir",
    "JSX": "JSX",
}
# Where Lodestar splits a language that cloc counts as one: compare them as one group.
GROUPS: dict[str, str] = {
    "TSX": "TypeScript",
    "JSON with Comments": "JSON",
    "Gradle Kotlin DSL": "Kotlin",
    "SystemVerilog": "Verilog",
    "PLpgSQL": "SQL",
    "PLSQL": "SQL",
    "TSQL": "SQL",
}
HEADER = "C/C++ Header"
HEADER_LANGUAGES = {"C", "C++", "Objective-C", "Objective-C++"}

# Reads every blob of the commit into memory (not timed): the engine timing below runs Lodestar's
# per-file functions over them, the part of a scan this benchmark is about.
READ_BLOBS = r"""
import subprocess
def read_blobs(repo, rev):
    tree = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "-l", "-z", rev],
                          capture_output=True, check=True).stdout
    entries = []
    for item in tree.split(b"\0"):
        if not item:
            continue
        meta, path = item.split(b"\t", 1)
        mode, kind, oid, _size = meta.split()
        if kind == b"blob" and mode != b"120000":
            entries.append((path.decode("utf-8", "replace"), oid.decode()))
    out = subprocess.run(["git", "-C", repo, "cat-file", "--batch"], check=True,
                         input="".join(o + "\n" for _, o in entries).encode(),
                         capture_output=True).stdout
    blobs, pos = [], 0
    for path, _oid in entries:
        nl = out.index(b"\n", pos)
        size = int(out[pos:nl].split()[2])
        blobs.append((path, out[nl + 1 : nl + 1 + size]))
        pos = nl + 2 + size
    return blobs

from lodestar.scan.classify import classify_kind
from lodestar.scan.languages import detect_language, is_binary
from lodestar.scan.line_counts import count_lines

def engine(blobs):
    files = []
    for path, data in blobs:
        head = data[:4096]
        kind = str(classify_kind(path, head, None))
        if is_binary(data):
            files.append([path, None, kind, True, 0, 0, 0])
            continue
        lang = detect_language(path, head)
        c = count_lines(lang, data) if lang else None
        files.append([path, lang, kind, False, c.code if c else 0, c.comment if c else 0,
                      c.blank if c else 0])
    return files
"""

LOC_SNIPPET = r"""
import json, sys, time
t0 = time.perf_counter()
from lodestar.scan.loc import count_repository
t1 = time.perf_counter()
result = count_repository(sys.argv[1], sys.argv[2])
rows = result.by_language()
t2 = time.perf_counter()
json.dump({"import": t1 - t0, "count": t2 - t1, "code": sum(r.code for r in rows)}, sys.stdout)
"""

PIPELINE_SNIPPET = r"""
import json, sys, time
t0 = time.perf_counter()
from lodestar.records import RepositoryRef
from lodestar.scan.pipeline import scan_repository
t1 = time.perf_counter()
scan = scan_repository(RepositoryRef("bench", sys.argv[1], bare=sys.argv[3] == "1"), sys.argv[2])
t2 = time.perf_counter()
json.dump({"harness": "scan_repository", "import": t1 - t0, "scan": t2 - t1,
           "skipped": list(scan.skipped),
           "files": [[f.path, f.language, str(f.kind), f.binary, f.code, f.comment, f.blank]
                     for f in scan.files]}, sys.stdout)
"""

# The per-file functions alone in a fresh process, over blobs read beforehand: a first pass
# (catalog load and regex compilation included, module imports not) and a second, warm one.
ENGINE_SNIPPET = (
    READ_BLOBS
    + r"""
import json, sys, time
blobs = read_blobs(sys.argv[1], sys.argv[2])
t0 = time.perf_counter()
engine(blobs)  # first pass: loads the language catalog and compiles each counter on first use
t1 = time.perf_counter()
engine(blobs)
t2 = time.perf_counter()
json.dump({"engine": t1 - t0, "warm": t2 - t1, "bytes": sum(len(d) for _, d in blobs)},
          sys.stdout)
"""
)

HARNESS_SNIPPET = (
    READ_BLOBS
    + r"""
import json, sys, time
t0 = time.perf_counter()
import lodestar.scan.languages, lodestar.scan.line_counts, lodestar.scan.classify
t1 = time.perf_counter()
blobs = read_blobs(sys.argv[1], sys.argv[2])
files = engine(blobs)
t2 = time.perf_counter()
json.dump({"harness": "private ls-tree + cat-file harness", "import": t1 - t0,
           "scan": t2 - t1, "skipped": [], "files": files}, sys.stdout)
"""
)


# The floor under any tool that reads committed content from git's object database: list the
# commit's tree and inflate every blob through one `git cat-file --batch`, output discarded.
BLOB_FLOOR = (
    'git -C "$1" ls-tree -r --full-tree "$2" | awk \'$2 == "blob" {print $3}\' '
    '| git -C "$1" cat-file --batch > /dev/null'
)
FLOOR_LABEL = "floor: git ls-tree + cat-file --batch of every blob"
START_LABEL = "floor: python -c pass (interpreter start)"
LOC_LABEL = "lodestar loc --json (CLI, fresh process)"


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + sys of the process and its children

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def run(self, argv: Sequence[str], cwd: str | None = None) -> bytes:
        """Run ``argv`` once, recording its wall time and CPU time; its standard output."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed, out = _run(argv, cwd)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.seconds.append(elapsed)
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return out


@dataclass
class RepoResult:
    path: str
    commit: str
    loads: list[float]  # 1-minute load average before and after the timed rounds
    timings: list[Timing]
    inner_scan: list[float]
    inner_loc: list[float]
    engine: list[float]
    warm: list[float]
    megabytes: float
    harness: str
    rows: list[tuple[str, int, int, int, int]]  # group, files L, code L, files cloc, code cloc
    details: list[tuple[int, str, str, str, int, int]]
    skipped: list[str]
    only_lodestar: dict[str, int]
    only_cloc: dict[str, int]


def _run(argv: Sequence[str], cwd: str | None = None) -> tuple[float, bytes]:
    start = time.perf_counter()
    proc = subprocess.run(list(argv), cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}"
        )
    return elapsed, proc.stdout


def _git(repo: str, *args: str) -> str:
    return _run(["git", "-C", repo, *args])[1].decode().strip()


def _is_bare(repo: str) -> bool:
    return _git(repo, "rev-parse", "--is-bare-repository") == "true"


def _checkout(repo: str, commit: str, parent: str) -> str:
    target = str(Path(parent) / "checkout")
    _run(["git", "clone", "--quiet", "--shared", "--no-checkout", repo, target])
    _run(["git", "-C", target, "checkout", "--quiet", "--detach", commit])
    return target


def _flag(argv: Sequence[str]) -> str:
    return ", --no-history" if "--no-history" in argv else ""


def _lodestar_group(language: str) -> str:
    return GROUPS.get(language, language)


def _cloc_group(cloc_language: str, path: str, lodestar_language: dict[str, str | None]) -> str:
    if cloc_language == HEADER:
        mine = lodestar_language.get(path)
        name = mine if mine in HEADER_LANGUAGES else "C"
        return _lodestar_group(name or "C")
    return _lodestar_group(CLOC_NAMES.get(cloc_language, cloc_language))


def _kind_of(group: str) -> str:
    try:
        from lodestar.catalog.languages import default_catalog  # noqa: PLC0415
    except ImportError:
        return "programming"
    kind = default_catalog().kind_of(group)
    return str(kind) if kind else "unknown"


def compare(
    lodestar_files: list[list[object]],
    cloc_by_file: dict[str, dict[str, object]],
    *,
    all_languages: bool,
    details: int,
) -> tuple[
    list[tuple[str, int, int, int, int]],
    list[tuple[int, str, str, str, int, int]],
    dict[str, int],
    dict[str, int],
]:
    """Per-language code totals of both tools, the most different files, one-sided files."""
    lang_of: dict[str, str | None] = {}
    code_of: dict[str, int] = {}
    for path, language, _kind, binary, code, _comment, _blank in lodestar_files:
        if binary or language is None:
            continue
        lang_of[str(path)] = str(language)
        code_of[str(path)] = int(code)  # type: ignore[call-overload]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for path, language in lang_of.items():
        row = totals[_lodestar_group(str(language))]
        row[0] += 1
        row[1] += code_of[path]
    diffs: list[tuple[int, str, str, str, int, int]] = []
    only_cloc: dict[str, int] = defaultdict(int)
    for path, entry in cloc_by_file.items():
        cloc_lang = str(entry["language"])
        group = _cloc_group(cloc_lang, path, lang_of)
        code = int(entry["code"])  # type: ignore[call-overload]
        row = totals[group]
        row[2] += 1
        row[3] += code
        mine = code_of.get(path)
        if mine is None:
            only_cloc[group] += code
        elif mine != code or _lodestar_group(str(lang_of[path])) != group:
            diffs.append((abs(mine - code), path, cloc_lang, str(lang_of[path]), code, mine))
    only_lodestar: dict[str, int] = defaultdict(int)
    for path, language in lang_of.items():
        if path not in cloc_by_file:
            only_lodestar[_lodestar_group(str(language))] += code_of[path]
    rows = [
        (group, v[0], v[1], v[2], v[3])
        for group, v in totals.items()
        if all_languages or _kind_of(group) == "programming"
    ]
    rows.sort(key=lambda r: (-max(r[2], r[4]), r[0]))
    diffs.sort(reverse=True)
    return rows, diffs[:details], dict(only_lodestar), dict(only_cloc)


def bench_repo(repo: str, args: argparse.Namespace) -> RepoResult:
    repo = str(Path(repo).resolve())
    commit = _git(repo, "rev-parse", "--verify", f"{args.rev}^{{commit}}")
    bare = _is_bare(repo)
    python = args.python
    lodestar = shutil.which("lodestar", path=str(Path(python).parent)) or shutil.which("lodestar")
    with tempfile.TemporaryDirectory(prefix="lodestar-bench-") as tmp:
        checkout = _checkout(repo, commit, tmp)
        by_file_raw = _run(
            [args.cloc, "--vcs=git", "--json", "--by-file", "--skip-uniqueness", "--quiet", "."],
            checkout,
        )[1]
        cloc_by_file = json.loads(by_file_raw or b"{}")
        cloc_by_file.pop("header", None)
        cloc_by_file.pop("SUM", None)
        cloc_by_file = {k.removeprefix("./"): v for k, v in cloc_by_file.items()}

        workspace = str(Path(tmp) / "workspace")
        if lodestar:
            _run([lodestar, "init", workspace])
        snippet = PIPELINE_SNIPPET
        probe = subprocess.run(
            [python, "-c", "import lodestar.scan.pipeline"], capture_output=True, check=False
        )
        if probe.returncode != 0:
            snippet = HARNESS_SNIPPET
        has_loc = (
            subprocess.run(
                [python, "-c", "import lodestar.scan.loc"], capture_output=True, check=False
            ).returncode
            == 0
        )
        cloc = Timing("cloc --vcs=git --json")
        scan_argv = [lodestar or "lodestar", "--workspace", workspace, "scan", repo, "--force"]
        scan_argv.append("--json")
        if lodestar and "--no-history" in _run([lodestar, "scan", "--help"])[1].decode():
            scan_argv.append("--no-history")
        cli = Timing(f"lodestar scan (CLI, fresh process, store included{_flag(scan_argv)})")
        loc_cli = Timing(LOC_LABEL)
        loc_api = Timing("python -c count_repository (fresh process, no CLI)")
        api = Timing("python -c scan_repository (fresh process)")
        floor = Timing(FLOOR_LABEL)
        start = Timing(START_LABEL)
        inner: list[float] = []
        inner_loc: list[float] = []
        engine: list[float] = []
        warm: list[float] = []
        payload: dict[str, object] = {}
        megabytes = 0.0
        loads = [os.getloadavg()[0]]
        # Runs are interleaved, one of each tool per round, so that all tools meet the same
        # load on a shared machine.
        for index in range(args.runs):
            cloc.run([args.cloc, "--vcs=git", "--json", "--quiet", "."], checkout)
            floor.run(["sh", "-c", BLOB_FLOOR, "floor", repo, commit])
            start.run([python, "-c", "pass"])
            if lodestar:
                if not args.loc_only:
                    cli.run(scan_argv)
                loc_cli.run([lodestar, "loc", repo, "--ref", commit, "--json"])
            if has_loc:
                out = loc_api.run([python, "-c", LOC_SNIPPET, repo, commit])
                inner_loc.append(float(json.loads(out)["count"]))
            if args.loc_only and index > 0:
                continue  # one untimed scan_repository run: the files the fidelity table needs
            out = api.run([python, "-c", snippet, repo, commit, "1" if bare else "0"])
            payload = json.loads(out)
            inner.append(float(payload["scan"]))  # type: ignore[arg-type]
            if args.loc_only:
                continue
            measured = json.loads(_run([python, "-c", ENGINE_SNIPPET, repo, commit])[1])
            engine.append(float(measured["engine"]))
            warm.append(float(measured["warm"]))
            megabytes = int(measured["bytes"]) / 1e6
        loads.append(os.getloadavg()[0])
        timings = [cloc, floor, start]
        timings += ([loc_cli] if args.loc_only else [cli, loc_cli]) if lodestar else []
        timings += [loc_api] if has_loc else []
        timings += [] if args.loc_only else [api]
        if args.loc_only:
            inner = []
        files = payload["files"]
        assert isinstance(files, list)
        rows, diffs, only_l, only_c = compare(
            files, cloc_by_file, all_languages=args.all_languages, details=args.details
        )
        skipped = payload.get("skipped", [])
        assert isinstance(skipped, list)
        return RepoResult(
            repo,
            commit,
            loads,
            timings,
            inner,
            inner_loc,
            engine,
            warm,
            megabytes,
            str(payload["harness"]),
            rows,
            diffs,
            [str(s) for s in skipped],
            only_l,
            only_c,
        )


def _pct(mine: int, theirs: int) -> str:
    if theirs == 0:
        return "n/a" if mine else "0.00%"
    return f"{(mine - theirs) / theirs * 100:+.2f}%"


def _report_targets(result: RepoResult) -> None:
    """The issue's target (lodestar loc at least 10x faster than cloc) against the floors."""
    by_label = {t.label: t for t in result.timings}
    cloc, loc = result.timings[0], by_label.get(LOC_LABEL)
    floor, start = by_label[FLOOR_LABEL], by_label[START_LABEL]
    print(
        f"\n  load average {result.loads[0]:.1f} before, {result.loads[-1]:.1f} after; "
        f"wall / CPU medians of {len(cloc.seconds)}"
    )
    if loc is None:
        return
    for name, pick in (("wall", "median"), ("CPU", "cpu_median")):
        c, lo, fl, st = (getattr(t, pick) for t in (cloc, loc, floor, start))
        verdict = "met" if c / lo >= 10 else "not met"
        print(
            f"  {name}: cloc ÷ loc {c / lo:.1f}x (target 10x: {verdict});"
            f" loc ÷ blob floor {lo / fl:.2f}; cloc ÷ blob floor {c / fl:.1f}x;"
            f" loc ÷ python start {lo / st:.1f}; 10x cloc = {c / 10:.3f} s"
        )


def report(result: RepoResult, *, markdown: bool) -> None:
    cloc_median = result.timings[0].median
    cloc_cpu = result.timings[0].cpu_median
    print(f"\n## {result.path} @ {result.commit[:12]}  (Lodestar side: {result.harness})\n")
    if markdown:
        print("| tool | median s | runs (s) | cloc ÷ tool | CPU s (median) | cloc ÷ tool, CPU |")
        print("|---|---:|---|---:|---:|---:|")
    for t in result.timings:
        runs = ", ".join(f"{s:.2f}" for s in t.seconds)
        ratio = cloc_median / t.median if t.median else float("nan")
        cpu_ratio = cloc_cpu / t.cpu_median if t.cpu_median else float("nan")
        if markdown:
            print(
                f"| {t.label} | {t.median:.3f} | {runs} | {ratio:.1f}x "
                f"| {t.cpu_median:.3f} | {cpu_ratio:.1f}x |"
            )
        else:
            print(
                f"  {t.label:55s} median {t.median:7.3f}s  [{runs}]  cloc/this {ratio:5.1f}x"
                f"  CPU {t.cpu_median:6.3f}s  cloc/this {cpu_ratio:5.1f}x"
            )
    extra = [
        ("count_repository() alone, first call in a fresh process", result.inner_loc),
        ("scan_repository() alone, first call in a fresh process", result.inner_scan),
        (
            f"detect + classify + count, {result.megabytes:.1f} MB in memory, first pass",
            result.engine,
        ),
        ("the same, second (warm) pass", result.warm),
    ]
    for label, values in extra:
        if not values:
            continue
        value = statistics.median(values)
        runs = ", ".join(f"{v:.3f}" for v in values)
        if markdown:
            print(f"| {label} | {value:.3f} | {runs} | {cloc_median / value:.1f}x | | |")
        else:
            print(f"  {label:55s} median {value:7.3f}s  cloc/this {cloc_median / value:5.1f}x")
    _report_targets(result)
    print()
    if markdown:
        print("| language | files (L / cloc) | code Lodestar | code cloc | difference |")
        print("|---|---:|---:|---:|---:|")
    for group, files_l, code_l, files_c, code_c in result.rows:
        diff = _pct(code_l, code_c)
        if markdown:
            print(f"| {group} | {files_l} / {files_c} | {code_l:,} | {code_c:,} | {diff} |")
        else:
            print(
                f"  {group:22s} files {files_l:5d}/{files_c:5d}  "
                f"code {code_l:9,d} vs {code_c:9,d}  {diff:>8s}"
            )
    if result.skipped:
        print(f"\n  {len(result.skipped)} file(s) over Lodestar's size cap were not counted")
    if result.only_lodestar:
        print(f"\n  code only Lodestar counts (cloc ignores the files): {result.only_lodestar}")
    if result.only_cloc:
        print(
            f"  code only cloc counts (Lodestar has no language for the files): {result.only_cloc}"
        )
    if result.details:
        print(
            "\n  files whose code counts differ most (|Δ|, path, cloc language, Lodestar, cloc, L):"
        )
        for delta, path, cloc_lang, mine_lang, code_c, code_l in result.details:
            print(f"    {delta:6d}  {path}  [{cloc_lang} → {mine_lang}]  {code_c} → {code_l}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("repos", nargs="+", help="git repositories (bare mirrors are fine)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per tool (median shown)")
    parser.add_argument("--rev", default="HEAD", help="revision to count (default HEAD)")
    parser.add_argument("--cloc", default=shutil.which("cloc") or "/usr/bin/cloc")
    parser.add_argument("--python", default=sys.executable, help="interpreter with lodestar")
    parser.add_argument("--all-languages", action="store_true", help="not only programming")
    parser.add_argument("--details", type=int, default=0, help="list the N most different files")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument(
        "--loc-only",
        action="store_true",
        help="time cloc, lodestar loc and the floors only (not scan, scan_repository, engine)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    cloc_version = _run([args.cloc, "--version"])[1].decode().strip()
    git_version = _run(["git", "--version"])[1].decode().strip()
    cpus = os.cpu_count()
    print(
        f"# cloc {cloc_version}, {git_version}, Python {platform.python_version()}, "
        f"{platform.machine()} x {cpus} CPU, {time.strftime('%Y-%m-%d')}; "
        f"median of {args.runs} run(s)"
    )
    for repo in args.repos:
        report(bench_repo(repo, args), markdown=args.markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
