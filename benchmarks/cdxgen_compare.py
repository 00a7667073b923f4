"""Dependencies: Lodestar against CycloneDX cdxgen, for speed and for fidelity.

    python benchmarks/cdxgen_compare.py REPO [REPO ...] [--runs 3] [--markdown]
        [--cdxgen PATH] [--rev HEAD] [--examples 8] [--keep DIR]

Run it with the interpreter that has Lodestar installed (``.venv/bin/python``). For each git
repository (a bare mirror is fine; it is only read) the script

1. resolves the commit (``--rev``, default HEAD) and makes a throw-away checkout of it under a
   temporary folder with ``git clone --shared`` (cdxgen reads a work tree; the source repository
   is never written to);
2. times cdxgen ``--runs`` times in that checkout, as a fresh ``node`` process each time (every
   timed command is measured as wall-clock seconds and as CPU seconds, user + system of the
   process and the children it waits for, which a shared machine's load disturbs far less;
   the runs of all tools are interleaved round by round, so that they meet the same load), in
   two configurations::

       cdxgen -o OUT --no-install-deps --recurse .                            # "defaults"
       cdxgen -o OUT --no-install-deps --recurse --no-babel --no-validate .   # "fast"

   ``--no-install-deps`` is the mode the comparison is about (read lock files, never run a
   package manager); ``--recurse`` (cdxgen's default, written out) makes it walk every folder of
   a mono-repository and every ecosystem it knows (no ``-t``: all project types). The "fast"
   run also skips cdxgen's JavaScript import analysis (``--no-babel``) and the JSON-schema check
   of its own output (``--no-validate``); neither changes the purls (the script checks that
   both runs report the same set, and says so when not), so the ratio against the "fast" run
   is the conservative one, and its BOM is the one compared. The environment
   turns every remote look-up off (``FETCH_LICENSE=false``, ``CDXGEN_FETCH_PKG_METADATA=false``,
   ``SEARCH_MAVEN_ORG=false``, ``GO_FETCH_VCS=false``, ``USE_GOSUM`` unset), and cdxgen runs in an
   empty network namespace (``unshare --net``, or ``unshare --map-root-user --net`` without
   root) when the machine allows one, so that nothing can leave the machine; ``--allow-network``
   drops the namespace;
3. times Lodestar, each in a fresh Python process:

   * the dependency step alone: ``GitRepository.ls_tree``, ``read_blobs`` of the paths for
     which ``lodestar.scan.dependencies.is_manifest`` holds outside vendored folders (as the
     scan pipeline skips them), and ``extract_dependencies`` (with a context that can read any
     other committed file, as the scan pipeline gives it); the whole process is timed, and,
     inside it, the work after the imports (parser modules are imported on demand, by the
     files the tree holds, so their import is part of the work);
   * ``scan_repository`` (the whole per-repository scan: languages, licences, dependencies,
     technologies), when its ``RepoScan`` carries ``dependencies``; its dependencies are then
     the Lodestar side of the comparison;
   * the full ``lodestar scan`` command in a fresh workspace (``lodestar init W`` once, then
     ``lodestar -w W scan REPO --force --no-history``: history mining has no counterpart in
     cdxgen), when the ``lodestar`` executable is installed: the end-to-end figure, store
     writes included;

4. compares the two sets of purls after normalising both the same way (``normalise``):

   * each purl is parsed with packageurl-python, which applies the purl spec's per-type rules
     (npm and GitHub names lower-cased, PyPI lower-cased with ``_`` → ``-``); PyPI names are then
     PEP 503 normalised (``.`` → ``-`` too), since PyPI treats those spellings as one project;
   * qualifiers are dropped (cdxgen adds none that identify a package in these repositories;
     Lodestar adds ``vcs_url`` / ``repository_url`` for packages from git or another index);
   * a GitHub Action used from a sub-folder of its repository is written by Lodestar as
     ``pkg:github/owner/repo@v#sub/path`` (the spec's subpath) and by cdxgen as
     ``pkg:github/owner/repo/sub/path@v``: both become the name ``owner/repo/sub/path``;
   * a purl without a version (a declaration no lock file resolves) is listed and counted but
     not compared: the comparison is of name and version;
   * only ``components`` of cdxgen's BOM are compared (recursively), not
     ``metadata.component``, the repository's own root package.

   Each purl keeps the files it came from (cdxgen's ``SrcFile`` property or identity evidence;
   Lodestar's manifest path). The figures are given twice: for every purl, and "outside
   fixtures", leaving out purls that only files under test fixtures, test data or examples gave
   (``lodestar.scan.dependencies.is_fixture_path``, applied to both tools' files). Every
   one-sided purl gets a mechanical hint (the repository's own package, a file Lodestar does not
   read, fixtures only); the reasons are investigated and written down in
   ``benchmarks/README.md``.

With several repositories, a last table times the dependency step of all of them in one
Lodestar process (as an organisation scan runs: the interpreter starts once) against the sum of
cdxgen's per-repository medians (cdxgen runs once per repository).

``--keep DIR`` saves each BOM and Lodestar's dependency list there for inspection.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import posixpath
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from packageurl import PackageURL

from lodestar.scan.dependencies import is_fixture_path, is_manifest

CDXGEN_DEFAULTS = ("--no-install-deps", "--recurse")
CDXGEN_FAST = (*CDXGEN_DEFAULTS, "--no-babel", "--no-validate")
CDXGEN_ENV = {
    "CDXGEN_NO_BANNER": "true",
    "FETCH_LICENSE": "false",
    "CDXGEN_FETCH_PKG_METADATA": "false",
    "SEARCH_MAVEN_ORG": "false",
    "GO_FETCH_VCS": "false",
    "NODE_NO_WARNINGS": "1",
}
_PEP503 = re.compile(r"[-_.]+")

# The dependency step alone, in a fresh process: ls-tree, read the manifests, parse and join;
# argv: REPO REV [REPO REV ...] (several repositories: one process for all, as a scan runs).
DEPS_SNIPPET = r"""
import json, sys, time
t0 = time.perf_counter()
from lodestar.gitio.safe import GitRepository
from lodestar.scan.dependencies import extract_dependencies, is_manifest
from lodestar.scan.ecosystems import ManifestContext
from lodestar.scan.ecosystems.registry import MAX_MANIFEST_BYTES
from lodestar.records import FileKind
from lodestar.scan.classify import classify_kind
t1 = time.perf_counter()
def step(repo, rev):
    git = GitRepository(repo)
    commit, _ = git.resolve(rev)
    entries = [e for e in git.ls_tree(commit) if not e.is_symlink and not e.is_submodule]
    try:  # as the scan: manifests in vendored folders are someone else's
        from lodestar.scan.loc import read_attributes
        attrs = read_attributes(git, entries)
    except ImportError:
        attrs = None
    wanted = [e for e in entries if is_manifest(e.path) and e.size <= MAX_MANIFEST_BYTES
              and classify_kind(e.path, b"", attrs) is not FileKind.VENDORED]
    blobs = git.read_blobs(e.oid for e in wanted)
    files = {e.path: data for e, (_oid, data) in zip(wanted, blobs)}
    by_path = {e.path: e for e in entries}
    def read(path):
        if path in files:
            return files[path]
        entry = by_path.get(path)
        if entry is None or entry.size > MAX_MANIFEST_BYTES:
            return None
        data = git.run(["cat-file", "blob", entry.oid])
        return None if b"\0" in data[:8192] else data
    deps, warnings = extract_dependencies(files, ManifestContext(frozenset(by_path), read))
    return {"manifests": len(files), "warnings": [[w.path, w.message] for w in warnings],
            "deps": [[d.purl, d.manifest, d.fixture] for d in deps]}
repos = [step(repo, rev) for repo, rev in zip(sys.argv[1::2], sys.argv[2::2])]
t2 = time.perf_counter()
json.dump({"import": t1 - t0, "work": t2 - t1, "repos": repos}, sys.stdout)
"""

PIPELINE_SNIPPET = r"""
import json, sys, time
t0 = time.perf_counter()
from lodestar.records import RepositoryRef
from lodestar.scan.pipeline import scan_repository
t1 = time.perf_counter()
scan = scan_repository(RepositoryRef("bench", sys.argv[1]), sys.argv[2])
t2 = time.perf_counter()
json.dump({"import": t1 - t0, "work": t2 - t1,
           "deps": [[d.purl, d.manifest, d.fixture] for d in scan.dependencies]}, sys.stdout)
"""

PROBE_PIPELINE = (
    "import dataclasses, sys\n"
    "from lodestar.records import RepoScan\n"
    "import lodestar.scan.pipeline\n"
    "sys.exit(0 if 'dependencies' in {f.name for f in dataclasses.fields(RepoScan)} else 1)\n"
)


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

    def run(
        self, argv: Sequence[str], cwd: str | None = None, env: Mapping[str, str] | None = None
    ) -> bytes:
        """Run ``argv`` once, recording wall and CPU time; its standard output."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed, out = _run(argv, cwd, env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.seconds.append(elapsed)
        self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return out


@dataclass(frozen=True, slots=True)
class Key:
    """What is compared: purl type, normalised full name, version."""

    type: str
    name: str
    version: str

    def __str__(self) -> str:
        return f"pkg:{self.type}/{self.name}@{self.version}"


@dataclass
class Side:
    """One tool's purls: versioned ones by key, with the files each came from."""

    sources: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    unversioned: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fixture_only: set[Key] = field(default_factory=set)  # every source is a fixture path
    raw: int = 0  # purls (records, components) before normalising
    renamed: dict[str, str] = field(default_factory=dict)  # purl → its key, where they differ

    def outside_fixtures(self) -> set[Key]:
        return set(self.sources) - self.fixture_only


@dataclass
class Comparison:
    both: set[Key]
    only_cdxgen: set[Key]
    only_lodestar: set[Key]

    @property
    def agreement(self) -> float:
        union = len(self.both) + len(self.only_cdxgen) + len(self.only_lodestar)
        return len(self.both) / union if union else 1.0


@dataclass
class RepoResult:
    path: str
    commit: str
    timings: list[Timing]
    deps_work: list[float]
    manifests: int
    lodestar_source: str
    cdxgen: Side
    lodestar: Side
    all_purls: Comparison
    outside: Comparison
    own: set[tuple[str, str]]
    harness_matches_pipeline: bool | None
    warnings: list[list[str]]
    cdxgen_configurations_agree: bool


def normalise(purl: str) -> tuple[Key | None, str]:
    """The comparison key of a purl (None without a version) and its display form."""
    parsed = PackageURL.from_string(purl)
    ptype = parsed.type
    name = parsed.name
    if ptype == "pypi":
        name = _PEP503.sub("-", name).lower()
    full = f"{parsed.namespace}/{name}" if parsed.namespace else name
    if ptype == "github" and parsed.subpath:
        full = f"{full}/{parsed.subpath.strip('/')}".lower()
    if not parsed.version:
        return None, f"pkg:{ptype}/{full}"
    return Key(ptype, full, parsed.version), f"pkg:{ptype}/{full}@{parsed.version}"


def _add(side: Side, purl: str, source: str) -> None:
    side.raw += 1
    try:
        key, shown = normalise(purl)
    except ValueError:
        side.unversioned[f"(unparsable) {purl}"].add(source)
        return
    if key is None:
        side.unversioned[shown].add(source)
    else:
        side.sources[key].add(source)
        written = unquote(purl.split("?", 1)[0].split("#", 1)[0])
        if written != shown or "#" in purl:
            side.renamed[purl] = shown


def _finish(side: Side) -> Side:
    side.fixture_only = {
        k for k, files in side.sources.items() if files and all(map(is_fixture_path, files))
    }
    return side


def _relative(value: str, checkout: Path) -> str:
    """A cdxgen source path relative to the checkout (it writes them relative to a parent)."""
    if value.startswith("/"):
        try:
            return Path(value).relative_to(checkout).as_posix()
        except ValueError:
            return value
    parts = checkout.parts[1:]
    for i in range(len(parts)):
        prefix = "/".join(parts[i:]) + "/"
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _components(items: Iterable[Mapping[str, object]]) -> Iterable[Mapping[str, object]]:
    for item in items:
        yield item
        nested = item.get("components")
        if isinstance(nested, list):
            yield from _components(nested)


def _source_of(component: Mapping[str, object], checkout: Path) -> str:
    props = component.get("properties")
    if isinstance(props, list):
        for prop in props:
            if isinstance(prop, dict) and prop.get("name") == "SrcFile":
                return _relative(str(prop.get("value", "")), checkout)
    evidence = component.get("evidence")
    if isinstance(evidence, dict):
        identity = evidence.get("identity")
        first = identity[0] if isinstance(identity, list) and identity else identity
        if isinstance(first, dict) and first.get("concludedValue"):
            return _relative(str(first["concludedValue"]), checkout)
    return ""


def cdxgen_side(bom: Mapping[str, object], checkout: Path) -> Side:
    side = Side()
    items = bom.get("components")
    for component in _components(items if isinstance(items, list) else []):
        purl = component.get("purl")
        if isinstance(purl, str) and purl:
            _add(side, purl, _source_of(component, checkout))
    return _finish(side)


def lodestar_side(deps: Sequence[Sequence[object]]) -> Side:
    """Lodestar's records (purl, manifest, fixture flag: ``is_fixture_path`` of the manifest)."""
    side = Side()
    for purl, manifest, _fixture in deps:
        _add(side, str(purl), str(manifest))
    return _finish(side)


def compare(cdx: set[Key], mine: set[Key]) -> Comparison:
    return Comparison(cdx & mine, cdx - mine, mine - cdx)


def own_packages(checkout: Path) -> set[tuple[str, str]]:
    """(purl type, normalised name) of the packages the repository itself declares."""
    listed = subprocess.run(
        ["git", "-C", str(checkout), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")
    own: set[tuple[str, str]] = set()
    for rel in listed.split("\0"):
        base = posixpath.basename(rel)
        try:
            if base == "package.json":
                name = json.loads((checkout / rel).read_bytes()).get("name")
                if isinstance(name, str) and name:
                    own.add(("npm", name.lower()))
            elif base == "Cargo.toml":
                name = tomllib.loads((checkout / rel).read_text()).get("package", {}).get("name")
                if isinstance(name, str):
                    own.add(("cargo", name))
            elif base == "pyproject.toml":
                data = tomllib.loads((checkout / rel).read_text())
                project = data.get("project") or data.get("tool", {}).get("poetry") or {}
                if isinstance(project.get("name"), str):
                    own.add(("pypi", _PEP503.sub("-", project["name"]).lower()))
            elif base == "go.mod":
                for line in (checkout / rel).read_text().splitlines():
                    if line.startswith("module "):
                        own.add(("golang", line.split()[1].strip('"')))
        except (OSError, ValueError, AttributeError, tomllib.TOMLDecodeError):
            continue
    return own


def hint(key: Key, sources: set[str], own: set[tuple[str, str]], outside: bool) -> str:
    """A mechanical first guess at why a purl is on one side only."""
    unread = sorted({posixpath.basename(s) for s in sources if s and not is_manifest(s)})
    if sources and unread and all(s and not is_manifest(s) for s in sources):
        return "from a file Lodestar does not read: " + ", ".join(unread[:3])
    if not outside:
        return "fixtures only"
    if (key.type, key.name) in own:
        return "the repository's own package"
    return ""


def _run(
    argv: Sequence[str], cwd: str | None = None, env: Mapping[str, str] | None = None
) -> tuple[float, bytes]:
    start = time.perf_counter()
    proc = subprocess.run(list(argv), cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(
            f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}"
        )
    return elapsed, proc.stdout


def _git(repo: str, *args: str) -> str:
    return _run(["git", "-C", repo, *args])[1].decode().strip()


def _checkout(repo: str, commit: str, parent: str) -> Path:
    target = Path(parent) / "lodestar-cdxgen-checkout"
    _run(["git", "clone", "--quiet", "--shared", "--no-checkout", repo, str(target)])
    _run(["git", "-C", str(target), "checkout", "--quiet", "--detach", commit])
    return target


def network_jail(allow_network: bool) -> list[str]:
    """The argv prefix that runs a command without network, if this machine allows it."""
    unshare = shutil.which("unshare")
    if allow_network or not unshare:
        return []
    for prefix in ([unshare, "--net"], [unshare, "--map-root-user", "--net"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    return []


def cdxgen_env(tmp: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "USE_GOSUM"}
    env.update(CDXGEN_ENV)
    env["CDXGEN_TEMP_DIR"] = tmp
    return env


def cdxgen_version(bom: Mapping[str, object]) -> str:
    metadata = bom.get("metadata")
    tools = metadata.get("tools") if isinstance(metadata, dict) else None
    items = tools.get("components", []) if isinstance(tools, dict) else tools or []
    for tool in items if isinstance(items, list) else []:
        if isinstance(tool, dict) and tool.get("name") == "cdxgen":
            return str(tool.get("version", "?"))
    return "?"


def bench_repo(repo: str, args: argparse.Namespace, jail: list[str]) -> tuple[RepoResult, str]:
    repo = str(Path(repo).resolve())
    commit = _git(repo, "rev-parse", "--verify", f"{args.rev}^{{commit}}")
    python = args.python
    lodestar = shutil.which("lodestar", path=str(Path(python).parent)) or shutil.which("lodestar")
    with tempfile.TemporaryDirectory(prefix="lodestar-cdxgen-") as tmp:
        checkout = _checkout(repo, commit, tmp)
        env = cdxgen_env(tmp)
        configurations = [
            (Timing(f"cdxgen {' '.join(flags)}"), flags, Path(tmp) / f"bom-{label}.json")
            for label, flags in (("defaults", CDXGEN_DEFAULTS), ("fast", CDXGEN_FAST))
        ]
        deps_timing = Timing("lodestar: dependency step only (python -c, fresh process)")
        deps_work: list[float] = []
        harness: dict[str, object] = {}
        has_pipeline = (
            subprocess.run([python, "-c", PROBE_PIPELINE], capture_output=True, check=False)
        ).returncode == 0
        pipe = Timing("lodestar: scan_repository() (python -c, fresh process)")
        payload: dict[str, object] = {}
        cli: Timing | None = None
        scan_argv: list[str] = []
        if has_pipeline and lodestar:
            workspace = str(Path(tmp) / "workspace")
            _run([lodestar, "init", workspace])
            scan_argv = [lodestar, "-w", workspace, "scan", repo, "--force"]
            if "--no-history" in _run([lodestar, "scan", "--help"])[1].decode():
                scan_argv.append("--no-history")  # history mining: no counterpart in cdxgen
            flags = " ".join(scan_argv[5:])
            cli = Timing(f"lodestar scan {flags} (CLI, fresh process, whole scan + store)")
        # Runs are interleaved, one of each tool per round, so that all meet the same load.
        for _ in range(args.runs):
            for cdx, flags, out in configurations:
                out.unlink(missing_ok=True)
                argv = [*jail, args.cdxgen, "-o", str(out), *flags, *args.cdxgen_arg, "."]
                cdx.run(argv, str(checkout), env)
            harness = json.loads(deps_timing.run([python, "-c", DEPS_SNIPPET, repo, commit]))
            deps_work.append(float(harness["work"]))  # type: ignore[arg-type]
            harness = {**harness, **harness["repos"][0]}  # type: ignore[dict-item]
            if has_pipeline:
                payload = json.loads(pipe.run([python, "-c", PIPELINE_SNIPPET, repo, commit]))
            if cli is not None:
                cli.run(scan_argv)
        timings = [cdx for cdx, _, _ in configurations] + [deps_timing]
        boms = [json.loads(out.read_bytes()) for _, _, out in configurations]
        bom = boms[-1]
        version = cdxgen_version(bom)
        same_sets = set(cdxgen_side(boms[0], checkout).sources) == set(
            cdxgen_side(bom, checkout).sources
        )
        deps = harness["deps"]
        assert isinstance(deps, list)
        source = "dependency step (ls-tree + read_blobs + extract_dependencies)"
        matches: bool | None = None
        if has_pipeline:
            timings.append(pipe)
            pipeline_deps = payload["deps"]
            assert isinstance(pipeline_deps, list)
            matches = sorted(map(tuple, pipeline_deps)) == sorted(map(tuple, deps))
            deps, source = pipeline_deps, "scan_repository().dependencies"
        if cli is not None:
            timings.append(cli)

        cdx_side = cdxgen_side(bom, checkout)
        mine = lodestar_side(deps)
        own = own_packages(checkout)
        if args.keep:
            keep = Path(args.keep)
            keep.mkdir(parents=True, exist_ok=True)
            stem = Path(repo).name if Path(repo).name != "repo" else Path(repo).parent.name
            (keep / f"{stem}.cdxgen.json").write_text(json.dumps(bom))
            (keep / f"{stem}.lodestar.json").write_text(json.dumps(deps, indent=0))
        warnings = harness.get("warnings", [])
        result = RepoResult(
            path=repo,
            commit=commit,
            timings=timings,
            deps_work=deps_work,
            manifests=int(harness["manifests"]),  # type: ignore[call-overload]
            lodestar_source=source,
            cdxgen=cdx_side,
            lodestar=mine,
            all_purls=compare(set(cdx_side.sources), set(mine.sources)),
            outside=compare(cdx_side.outside_fixtures(), mine.outside_fixtures()),
            own=own,
            harness_matches_pipeline=matches,
            warnings=warnings if isinstance(warnings, list) else [],
            cdxgen_configurations_agree=same_sets,
        )
        return result, version


def _examples(
    keys: set[Key],
    sources: Mapping[Key, set[str]],
    own: set[tuple[str, str]],
    outside: set[Key],
    limit: int,
) -> list[str]:
    by_hint: dict[str, list[Key]] = defaultdict(list)
    for key in keys:
        by_hint[hint(key, sources[key], own, key in outside)].append(key)
    lines: list[str] = []
    for reason in sorted(by_hint, key=lambda r: (r == "", r)):
        group = sorted(by_hint[reason], key=str)
        lines.append(f"    [{reason or 'no mechanical hint: investigate'}] {len(group)}")
        for key in group[:limit]:
            files = ", ".join(sorted(sources[key])[:2]) or "?"
            lines.append(f"      {key}   ({files})")
        if len(group) > limit:
            lines.append(f"      … {len(group) - limit} more")
    return lines


def report(result: RepoResult, *, markdown: bool, examples: int) -> None:
    slow, fast = result.timings[0].median, result.timings[1].median
    name = Path(result.path).name
    if name == "repo":
        name = Path(result.path).parent.name
    print(f"\n## {name} @ {result.commit[:12]}  (Lodestar side: {result.lodestar_source})\n")
    slow_cpu, fast_cpu = result.timings[0].cpu_median, result.timings[1].cpu_median
    if markdown:
        print(
            "| tool | median s | runs (s) | cdxgen defaults ÷ tool | cdxgen fast ÷ tool "
            "| CPU s | defaults ÷ tool, CPU | fast ÷ tool, CPU |"
        )
        print("|---|---:|---|---:|---:|---:|---:|---:|")
    rows_t = [
        (t.label, t.median, ", ".join(f"{s:.2f}" for s in t.seconds), t.cpu_median)
        for t in result.timings
    ]
    label = f"lodestar: git reads + extract_dependencies after imports ({result.manifests} files)"
    rows_t.append((label, statistics.median(result.deps_work), "", float("nan")))
    for label, median, runs, cpu in rows_t:
        cpu_cells = " | |"
        if not math.isnan(cpu):
            cpu_cells = f"{cpu:.3f} | {slow_cpu / cpu:.1f}x | {fast_cpu / cpu:.1f}x"
        if markdown:
            print(
                f"| {label} | {median:.3f} | {runs} | {slow / median:.1f}x | {fast / median:.1f}x "
                f"| {cpu_cells} |"
            )
        else:
            print(
                f"  {label:66s} {median:7.3f}s [{runs}]  "
                f"defaults/this {slow / median:5.1f}x  fast/this {fast / median:5.1f}x  "
                f"CPU: {cpu_cells.replace(' | ', '  ')}"
            )
    if not result.cdxgen_configurations_agree:
        print("\n  NOTE: cdxgen's two configurations reported different purls")
    if result.harness_matches_pipeline is False:
        print("\n  NOTE: scan_repository's dependencies differ from the dependency step's")
    cdx, mine = result.cdxgen, result.lodestar
    rows = [
        ("all purls", result.all_purls, len(cdx.sources), len(mine.sources)),
        (
            "outside fixtures",
            result.outside,
            len(cdx.outside_fixtures()),
            len(mine.outside_fixtures()),
        ),
    ]
    print()
    if markdown:
        print(
            "| purls (name@version) | cdxgen | Lodestar | both | only cdxgen | only Lodestar "
            "| agreement |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
    for label, comp, n_cdx, n_mine in rows:
        cells = (n_cdx, n_mine, len(comp.both), len(comp.only_cdxgen), len(comp.only_lodestar))
        if markdown:
            print(f"| {label} | " + " | ".join(map(str, cells)) + f" | {comp.agreement:.1%} |")
        else:
            print(
                f"  {label:17s} cdxgen {cells[0]:5d}  Lodestar {cells[1]:5d}  both {cells[2]:5d}"
                f"  only cdxgen {cells[3]:4d}  only Lodestar {cells[4]:4d}"
                f"  agreement {comp.agreement:.1%}"
            )
    print(
        f"\n  without a version, not compared: cdxgen {len(cdx.unversioned)}, "
        f"Lodestar {len(mine.unversioned)}; raw purls: cdxgen {cdx.raw}, Lodestar {mine.raw}"
    )
    for tool, side in (("cdxgen", cdx), ("Lodestar", mine)):
        if side.renamed:
            shown = [f"{a} → {b}" for a, b in sorted(side.renamed.items())[:examples]]
            print(f"  {tool} purls changed by normalising: {len(side.renamed)}: {'; '.join(shown)}")
    fence = "```" if markdown else ""
    if fence:
        print(fence)
    cdx_outside, mine_outside = cdx.outside_fixtures(), mine.outside_fixtures()
    print("  only cdxgen:")
    lines = _examples(result.all_purls.only_cdxgen, cdx.sources, result.own, cdx_outside, examples)
    print("\n".join(lines) or "    (none)")
    print("  only Lodestar:")
    lines = _examples(
        result.all_purls.only_lodestar, mine.sources, result.own, mine_outside, examples
    )
    print("\n".join(lines) or "    (none)")
    if mine.unversioned:
        shown = sorted(mine.unversioned)[:examples]
        print(f"  Lodestar without a version: {', '.join(shown)}")
    if result.warnings:
        print(f"  Lodestar warnings: {len(result.warnings)}, e.g. {result.warnings[0]}")
    if fence:
        print(fence)


def organisation(args: argparse.Namespace, results: Sequence[RepoResult]) -> None:
    """Every repository's dependency step in one Lodestar process, against one cdxgen each.

    An organisation is scanned by one process (a worker per core), which pays the interpreter's
    start-up once; cdxgen is one process per repository.
    """
    argv = [args.python, "-c", DEPS_SNIPPET]
    for result in results:
        argv += [result.path, result.commit]
    together = Timing(f"lodestar: dependency step of all {len(results)}, one process")
    work = [float(json.loads(together.run(argv))["work"]) for _ in range(args.runs)]
    rows = [
        (
            f"cdxgen {label}, one process per repository (sum of medians)",
            sum(r.timings[i].median for r in results),
            sum(r.timings[i].cpu_median for r in results),
        )
        for i, label in enumerate(("defaults", "fast"))
    ]
    rows.append((together.label, together.median, together.cpu_median))
    rows.append(("lodestar: the same, after start-up", statistics.median(work), float("nan")))
    slow, fast = rows[0][1], rows[1][1]
    print(f"\n## All {len(results)} repositories\n")
    if args.markdown:
        print("| tool | wall s | CPU s | cdxgen defaults ÷ tool | cdxgen fast ÷ tool |")
        print("|---|---:|---:|---:|---:|")
    for label, wall, cpu in rows:
        shown_cpu = "" if math.isnan(cpu) else f"{cpu:.3f}"
        cells = (f"{wall:.3f}", shown_cpu, f"{slow / wall:.1f}x", f"{fast / wall:.1f}x")
        if args.markdown:
            print(f"| {label} | " + " | ".join(cells) + " |")
        else:
            print(f"  {label:66s} " + "  ".join(cells))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("repos", nargs="+", help="git repositories (bare mirrors are fine)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per tool (median shown)")
    parser.add_argument("--rev", default="HEAD", help="revision to compare (default HEAD)")
    parser.add_argument(
        "--cdxgen",
        default=shutil.which("cdxgen") or "cdxgen",
        help="the cdxgen executable (node_modules/.bin/cdxgen of a local npm install)",
    )
    parser.add_argument(
        "--cdxgen-arg", action="append", default=[], help="an extra cdxgen argument (repeatable)"
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter with lodestar")
    parser.add_argument("--examples", type=int, default=8, help="examples per kind of difference")
    parser.add_argument("--keep", help="save each BOM and Lodestar's purls in this folder")
    parser.add_argument(
        "--allow-network", action="store_true", help="do not run cdxgen in a network namespace"
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    jail = network_jail(args.allow_network)
    node = _run(["node", "--version"])[1].decode().strip()
    git_version = _run(["git", "--version"])[1].decode().strip()
    results = [bench_repo(repo, args, jail) for repo in args.repos]
    versions = sorted({v for _, v in results})
    network = "none (" + " ".join([Path(jail[0]).name, *jail[1:]]) + ")" if jail else "allowed"
    print(
        f"# cdxgen {', '.join(versions)} on Node.js {node}, {git_version}, "
        f"Python {platform.python_version()}, {platform.machine()} x {os.cpu_count()} CPU, "
        f"{time.strftime('%Y-%m-%d')}; median of {args.runs} run(s); cdxgen network: {network}"
    )
    for result, _version in results:
        report(result, markdown=args.markdown, examples=args.examples)
    if len(results) > 1:
        organisation(args, [r for r, _ in results])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
