"""Vulnerabilities at scale: importing a 200,000-record OSV corpus (issue 12's target: ≤ 2 min).

    python benchmarks/vulns.py [--records 200000] [--runs 3] [--postgres URL] [--keep DIR]

No real OSV export can be had here (no network), so the script generates one with the shapes
of the real data, one ``<ECOSYSTEM>/all.zip`` per ecosystem as OSV publishes them: GitHub
reviewed advisories (GHSA ids, CVE aliases, CVSS v3/v4 vectors, one to four ranges, several
affected packages now and then, details of a few hundred to a few thousand characters, up to a
dozen references), PyPA/Go/RustSec records (PYSEC/GO/RUSTSEC ids, GIT ranges beside ECOSYSTEM
ones, ``versions`` lists of up to a few thousand entries), npm's many small malicious-package
records (MAL ids, ``introduced: 0``), and OS distribution records (Debian, Ubuntu, Alpine) that
the import reads and skips. Sizes follow the real ones: most records 1 to 4 KiB, a few hundred KiB.

Each run imports every zip into an empty database with :func:`lodestar.ingest.import_advisories`
(SQLite in a temporary folder; PostgreSQL too with ``--postgres``: a database of its own is
created and dropped) and reports the median seconds, records per second and the ratio to the
two-minute target, then prints a line for benchmarks/README.md. The corpus is generated once
(not timed). Network: none.

Sections: :func:`import_half` and :func:`match_half`. The matching half imports the corpus
once, untimed (kept as ``match.db`` beside the corpus under ``--keep``), and generates
``--rows`` dependency rows (default 1,000,000: 2,000 repositories of 500; three in ten name a
package some advisory names, the others packages none does; 85 % pinned to a version, the rest
an unpinned constraint in the ecosystem's own syntax; 2 % test fixtures); then it times, per
run, what ``lodestar vulns`` does: load the advisories of the packages in use from the store
(:func:`lodestar.store.load_advisories`), merge them by alias
(:func:`lodestar.analysis.advisory_index`) and match every row
(:func:`lodestar.analysis.match_observations`), against the five-minute target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import string
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy import select as sa_select
from sqlalchemy.engine import make_url

from lodestar.analysis import advisory_index, match_observations
from lodestar.ingest import import_advisories
from lodestar.records import Dependency, Scope
from lodestar.records.rows import Observation
from lodestar.safeparse import clear_osv_caches
from lodestar.store import database, load_advisories
from lodestar.store.schema import advisory_packages

TARGET_SECONDS = 120.0
MATCH_TARGET_SECONDS = 300.0

# share of the corpus per OSV ecosystem, roughly as osv.dev holds them (npm's malware reports
# are most of its records); the OS distributions are read and skipped
SHARES: dict[str, float] = {
    "npm": 0.38,
    "PyPI": 0.10,
    "Maven": 0.06,
    "Go": 0.04,
    "crates.io": 0.02,
    "RubyGems": 0.02,
    "Packagist": 0.03,
    "NuGet": 0.01,
    "Pub": 0.002,
    "Hex": 0.002,
    "GitHub Actions": 0.006,
    "Debian": 0.18,
    "Ubuntu": 0.12,
    "Alpine": 0.04,
}
_PROSE = (
    "remote attackers could execute arbitrary code via crafted input to the parser when "
    "untrusted data is deserialized prototype pollution allows denial of service through "
    "regular expression backtracking path traversal in archive extraction leads to file "
    "overwrite cross site scripting in the template renderer server side request forgery"
)
_WORDS = _PROSE.split(" ")
_CVSS3 = "CVSS:3.1/AV:{}/AC:{}/PR:{}/UI:{}/S:{}/C:{}/I:{}/A:{}"
_CVSS4 = "CVSS:4.0/AV:{}/AC:{}/AT:N/PR:{}/UI:N/VC:{}/VI:{}/VA:{}/SC:N/SI:N/SA:N"


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def _ghsa(rng: random.Random) -> str:
    alphabet = "23456789cfghjmpqrvwx"
    return "GHSA-" + "-".join("".join(rng.choice(alphabet) for _ in range(4)) for _ in range(3))


def _version(rng: random.Random) -> str:
    return f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}"


def _name(rng: random.Random, ecosystem: str, i: int) -> str:
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10)))
    names = {
        "npm": f"@{word[:4]}/{word}-{i}" if i % 5 == 0 else f"{word}-{i}",
        "Maven": f"org.{word}.core:{word}-{i}",
        "Go": f"github.com/{word}/{word}-{i}",
        "Packagist": f"{word}/{word}-{i}",
        "GitHub Actions": f"{word}/{word}-action-{i}",
    }
    return names.get(ecosystem, f"{word}-{i}")


def _ranges(rng: random.Random, git: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for _ in range(rng.choice((1, 1, 1, 2, 3, 4))):
        events: list[dict[str, str]] = [{"introduced": rng.choice(("0", _version(rng)))}]
        events.append(rng.choice(({"fixed": _version(rng)}, {"last_affected": _version(rng)})))
        out.append({"type": rng.choice(("ECOSYSTEM", "ECOSYSTEM", "SEMVER")), "events": events})
    if git:
        commit = "".join(rng.choice("0123456789abcdef") for _ in range(40))
        out.append(
            {
                "type": "GIT",
                "repo": "https://github.com/example/project",
                "events": [{"introduced": "0"}, {"fixed": commit}],
            }
        )
    return out


def _severity(rng: random.Random) -> list[dict[str, str]]:
    pick = rng.choice
    found = [
        {
            "type": "CVSS_V3",
            "score": _CVSS3.format(
                pick("NALP"),
                pick("LH"),
                pick("NLH"),
                pick("NR"),
                pick("UC"),
                pick("NLH"),
                pick("NLH"),
                pick("NLH"),
            ),
        }
    ]
    if rng.random() < 0.3:
        found.append(
            {
                "type": "CVSS_V4",
                "score": _CVSS4.format(
                    pick("NALP"), pick("LH"), pick("NLH"), pick("NLH"), pick("NLH"), pick("NLH")
                ),
            }
        )
    return found


def _record(rng: random.Random, ecosystem: str, i: int) -> dict[str, Any]:
    year = rng.randint(2015, 2026)
    published = dt.datetime(year, rng.randint(1, 12), rng.randint(1, 28), tzinfo=dt.UTC)
    when = published.isoformat().replace("+00:00", "Z")
    if ecosystem in {"Debian", "Ubuntu", "Alpine"}:
        suffix = {"Debian": ":12", "Ubuntu": ":22.04:LTS", "Alpine": ":v3.18"}[ecosystem]
        return {
            "id": f"{ecosystem.upper()}-CVE-{year}-{i}",
            "modified": when,
            "published": when,
            "upstream": [f"CVE-{year}-{i}"],
            "details": _text(rng, rng.randint(30, 200)),
            "affected": [
                {
                    "package": {"ecosystem": ecosystem + suffix, "name": _name(rng, "x", i)},
                    "ranges": [
                        {
                            "type": "ECOSYSTEM",
                            "events": [{"introduced": "0"}, {"fixed": _version(rng)}],
                        }
                    ],
                }
            ],
        }
    if ecosystem == "npm" and rng.random() < 0.6:  # a malicious-package report
        return {
            "id": f"MAL-{year}-{i}",
            "modified": when,
            "published": when,
            "summary": f"Malicious code in {_name(rng, 'x', i)} (npm)",
            "details": "This package contains malicious code. " + _text(rng, rng.randint(10, 60)),
            "affected": [
                {
                    "package": {"ecosystem": "npm", "name": _name(rng, "npm", i)},
                    "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}],
                    "versions": [_version(rng) for _ in range(rng.randint(1, 5))],
                }
            ],
            "references": [{"type": "REPORT", "url": f"https://example.org/report/{i}"}],
        }
    pypa = ecosystem in {"PyPI", "Go", "crates.io"} and rng.random() < 0.4
    prefix = {"PyPI": "PYSEC", "Go": "GO", "crates.io": "RUSTSEC"}.get(ecosystem, "")
    ident = f"{prefix}-{year}-{i}" if pypa else _ghsa(rng) + f"-{i}"
    affected = []
    for extra in range(rng.choice((1, 1, 1, 1, 2, 3))):
        entry: dict[str, Any] = {
            "package": {"ecosystem": ecosystem, "name": _name(rng, ecosystem, i * 4 + extra)},
            "ranges": _ranges(rng, git=pypa),
        }
        if pypa:  # PyPA, Go and RustSec list the affected versions, sometimes thousands
            count = min(int(rng.paretovariate(1.2) * 8), 4_000)
            entry["versions"] = [f"{v // 100}.{v % 100}.0" for v in range(count)]
        affected.append(entry)
    return {
        "schema_version": "1.6.0",
        "id": ident,
        "modified": when,
        "published": when,
        "aliases": [f"CVE-{year}-{10000 + i}"]
        + ([f"PYSEC-{year}-{i}"] if rng.random() < 0.1 else []),
        "summary": _text(rng, rng.randint(5, 14)),
        "details": _text(rng, int(rng.lognormvariate(4.5, 0.9))),
        "severity": _severity(rng),
        "affected": affected,
        "references": [
            {"type": "WEB", "url": f"https://github.com/example/project/issues/{i}/{r}"}
            for r in range(rng.randint(2, 12))
        ],
        "database_specific": {
            "cwe_ids": [f"CWE-{rng.randint(20, 1000)}"],
            "severity": rng.choice(("LOW", "MODERATE", "HIGH", "CRITICAL")),
            "github_reviewed": True,
        },
    }


def generate(folder: Path, records: int, seed: int = 12) -> list[Path]:
    """One ``<ECOSYSTEM>/all.zip`` per ecosystem under ``folder`` (reused when there)."""
    rng = random.Random(seed)  # noqa: S311  a reproducible corpus, not a secret
    zips = []
    total = sum(SHARES.values())
    counter = 0
    for ecosystem, share in SHARES.items():
        count = round(records * share / total)
        path = folder / ecosystem.replace(" ", "_") / "all.zip"
        zips.append(path)
        if path.exists():
            counter += count
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for _ in range(count):
                doc = _record(rng, ecosystem, counter)
                counter += 1
                archive.writestr(f"{doc['id']}.json", json.dumps(doc, indent=2))
    return zips


def _import_once(url: str, zips: list[Path], workers: int) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of this process and its readers, stored, skipped)."""
    with database(url) as engine:
        start, cpu = time.perf_counter(), _cpu()
        report = import_advisories(engine, zips, now=dt.datetime.now(dt.UTC), workers=workers)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    return seconds, cpu, report.read, sum(report.skipped.values())


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _postgres(url: str, run: int) -> tuple[str, Callable[[], None]]:
    base = make_url(url).set(drivername="postgresql+psycopg")
    name = f"lodestar_bench_vulns_{os.getpid()}_{run}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def import_half(args: argparse.Namespace, zips: list[Path]) -> list[str]:
    """Import the corpus ``--runs`` times per engine; the README lines."""
    engines = args.engine or ["sqlite"] + (["postgresql"] if args.postgres else [])
    lines = []
    for engine in engines:
        times: list[float] = []
        cpus: list[float] = []
        stored = skipped = 0
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                if engine == "sqlite":
                    url, drop = f"sqlite:///{tmp}/bench.db", (lambda: None)
                else:
                    url, drop = _postgres(args.postgres, run)
                try:
                    seconds, cpu, stored, skipped = _import_once(url, zips, args.workers)
                finally:
                    drop()
            times.append(seconds)
            cpus.append(cpu)
            load = os.getloadavg()[0]
            print(
                f"  {engine} run {run + 1}: {seconds:.1f} s wall, {cpu:.1f} s CPU, load {load:.1f}",
                file=sys.stderr,
            )
        median = statistics.median(times)
        total = stored + skipped
        lines.append(
            f"| import, {engine}, {args.workers} reader(s) "
            f"| {total:,} records ({stored:,} stored, {skipped:,} skipped) "
            f"| {median:.1f} s wall (runs: {', '.join(f'{t:.1f}' for t in times)}), "
            f"{statistics.median(cpus):.1f} s CPU "
            f"| {total / median:,.0f} records/s "
            f"| {median / TARGET_SECONDS:.2f} of the 2-minute target wall, "
            f"{statistics.median(cpus) / TARGET_SECONDS:.2f} CPU |"
        )
    return lines


# --- matching -------------------------------------------------------------------------------

REPOSITORY_ROWS = 500  # dependency rows per generated repository
ADVISED_SHARE = 0.3  # rows naming a package some advisory names
PINNED_SHARE = 0.85
_CONSTRAINTS = {
    "pypi": (">={a}.{b},<{c}", "~={a}.{b}", "=={a}.{b}.*"),
    "npm": ("^{a}.{b}.0", "~{a}.{b}.0", ">={a}.{b}.0 <{c}.0.0"),
    "cargo": ("{a}.{b}", "^{a}.{b}.0"),
    "gem": ("~> {a}.{b}", ">= {a}.{b}, < {c}"),
    "composer": ("^{a}.{b}", "~{a}.{b}|^{c}.0"),
    "maven": ("[{a}.{b},{c})", "{a}.{b}.0"),
    "nuget": ("[{a}.{b},{c})", "{a}.{b}.0"),
}


def _advised_packages(url: str) -> list[str]:
    with database(url) as engine, engine.connect() as conn:
        query = sa_select(advisory_packages.c.package).distinct().order_by("package")
        return [str(package) for (package,) in conn.execute(query)]


def _row(rng: random.Random, package: str, repository: int) -> Dependency:
    kind = package[4:].split("/", 1)[0]
    a, b, c = rng.randint(0, 12), rng.randint(0, 30), rng.randint(0, 40)
    version = f"v{a}.{b}.{c}" if kind == "golang" else f"{a}.{b}.{c}"
    pinned = rng.random() < PINNED_SHARE or kind not in _CONSTRAINTS
    constraint = None if pinned else rng.choice(_CONSTRAINTS[kind]).format(a=a, b=b, c=a + 1)
    return Dependency(
        purl=f"{package}@{version}" if pinned else package,
        ecosystem=kind,
        name=package.rsplit("/", 1)[-1],
        version=version if pinned else None,
        constraint=constraint,
        scope=Scope.RUNTIME,
        direct=rng.random() < 0.3,
        manifest=rng.choice(("package-lock.json", "poetry.lock", "pom.xml", "go.mod")),
        line=rng.randint(1, 4000),
        fixture=rng.random() < 0.02,
    )


def dependency_rows(advised: list[str], rows: int, seed: int = 13) -> list[Observation]:
    """``rows`` dependency rows in repositories of :data:`REPOSITORY_ROWS`."""
    rng = random.Random(seed)  # noqa: S311  a reproducible workload, not a secret
    kinds = sorted({p[4:].split("/", 1)[0] for p in advised}) or ["npm"]
    observations = []
    for repository in range(max(1, rows // REPOSITORY_ROWS)):
        deps = []
        for _ in range(min(REPOSITORY_ROWS, rows)):
            if advised and rng.random() < ADVISED_SHARE:
                package = rng.choice(advised)
            else:
                package = f"pkg:{rng.choice(kinds)}/unadvised-{rng.randrange(200_000)}"
            deps.append(_row(rng, package, repository))
        observations.append(Observation(f"org/repo-{repository}", "c0", dependencies=tuple(deps)))
    return observations


def _match_once(
    url: str, observations: list[Observation]
) -> tuple[float, float, float, int, float]:
    """Seconds to load, to index, to match; how many vulnerabilities; CPU seconds in all."""
    packages = {
        d.purl.split("@", 1)[0] if d.version else d.purl
        for o in observations
        for d in o.dependencies
    }
    cpu = time.process_time()
    start = time.perf_counter()
    with database(url) as engine:
        records = load_advisories(engine, packages)
    loaded = time.perf_counter()
    index = advisory_index(records)
    indexed = time.perf_counter()
    found = match_observations(observations, index)
    matched = time.perf_counter()
    return (
        loaded - start,
        indexed - loaded,
        matched - indexed,
        len(found),
        time.process_time() - cpu,
    )


def match_half(args: argparse.Namespace, zips: list[Path]) -> list[str]:
    """Match ``--rows`` generated dependency rows against the imported corpus, ``--runs``
    times (each in a fresh process state: the version caches are cleared); the README line."""
    with tempfile.TemporaryDirectory() as tmp:
        stored = (args.keep or Path(tmp)) / "match.db"  # kept with the corpus under --keep
        url = f"sqlite:///{stored}"
        if not stored.exists():
            _import_once(url, zips, args.workers)
        advised = _advised_packages(url)
        observations = dependency_rows(advised, args.rows)
        rows = sum(len(o.dependencies) for o in observations)
        print(f"  {rows:,} rows, {len(advised):,} advised packages", file=sys.stderr)
        runs: list[tuple[float, float, float, int, float]] = []
        for run in range(args.runs):
            _clear_caches()
            runs.append(_match_once(url, observations))
            load, index, match, found, cpu = runs[-1]
            print(
                f"  match run {run + 1}: load {load:.1f} s, index {index:.1f} s, "
                f"match {match:.1f} s (CPU {cpu:.1f} s), {found:,} vulnerabilities",
                file=sys.stderr,
            )
    totals = [sum(r[:3]) for r in runs]
    median = statistics.median(totals)
    load, index, match, found, cpu = runs[totals.index(sorted(totals)[len(totals) // 2])]
    line = (
        f"| match, sqlite | {rows:,} dependency rows, {len(advised):,} advised packages, "
        f"{found:,} vulnerabilities | {median:.1f} s (load {load:.1f} + index {index:.1f} + "
        f"match {match:.1f}; CPU {cpu:.1f}; runs: {', '.join(f'{t:.1f}' for t in totals)}; "
        f"load average {os.getloadavg()[0]:.1f}) "
        f"| {rows / median:,.0f} rows/s | {median / MATCH_TARGET_SECONDS:.2f} of the 5-minute "
        "target |"
    )
    return [line]


def _clear_caches() -> None:
    """Forget parsed versions and compiled ranges, so that each run starts cold."""
    clear_osv_caches()


SECTIONS: dict[str, Callable[[argparse.Namespace, list[Path]], list[str]]] = {
    "import": import_half,
    "match": match_half,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1_000_000, help="dependency rows to match")
    parser.add_argument(
        "--postgres", help="a server URL: postgresql://user@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the corpus here")
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--workers", type=int, default=1, help="reading processes (0: per core)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        start = time.perf_counter()
        zips = generate(folder, args.records)
        size = sum(z.stat().st_size for z in zips)
        print(
            f"corpus: {args.records:,} records in {len(zips)} zips, {size / (1 << 20):.0f} MiB "
            f"compressed ({time.perf_counter() - start:.0f} s to make)",
            file=sys.stderr,
        )
        lines = [
            "| section | input | median | speed | target |",
            "|---|---|---:|---:|---|",
        ]
        for name in args.only or list(SECTIONS):
            lines.extend(SECTIONS[name](args, zips))
    machine = f"{os.cpu_count()}-core {platform.machine()}, Python {platform.python_version()}"
    print(f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine}:")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
