"""Cockpit speed on a synthetic organisation: median render time per page and per API query.

Writes 1,000 repositories with 50 dependency rows each (50,000 rows), technologies, runtimes and
language totals into a fresh SQLite store through the store's own writer (as ``lodestar scan``
does), declares a strategy of 60 radar entries, 20 decisions (one with a weighted evaluation),
2 campaigns and 2 initiatives, builds the cockpit once (``load_cockpit``: drift, campaigns,
initiatives), then requests every page and API list through the app (in process, FastAPI's
TestClient: routing, context, template, middleware) ``--runs`` times and prints the medians.

Usage::

    python benchmarks/web_bench.py [--repos 1000] [--deps 50] [--runs 7] [--markdown]

Targets (issue 6): every page < 200 ms median, API list queries < 100 ms median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from lodestar.records import (
    Campaign,
    Decision,
    DecisionLink,
    Dependency,
    FileKind,
    FileStat,
    Initiative,
    KeyResult,
    LicenceStatus,
    Matcher,
    Milestone,
    Objective,
    RadarEntry,
    RepoLicence,
    RepoScan,
    RepositoryRef,
    RuntimeDeclaration,
    Scope,
    Strategy,
    TechnologyUse,
    WeightedEvaluation,
)
from lodestar.store.db import database
from lodestar.store.readonly import open_read_only
from lodestar.store.writer import save_scan
from lodestar.web.app import create_app
from lodestar.web.cockpit import load_cockpit

TECHS = ("django", "postgresql", "react", "kafka", "redis", "docker", "kubernetes", "flask",
         "spring-boot", "terraform", "nginx", "mysql")  # fmt: skip
LANGS = ("Python", "TypeScript", "Go", "Java", "Kotlin", "Ruby")
QUADRANTS = ("Techniques", "Tools", "Platforms", "Languages & Frameworks")
RINGS = ("Adopt", "Trial", "Assess", "Hold")


def synthetic_scan(i: int, deps: int, rng: random.Random) -> RepoScan:
    name = f"svc-{i:04d}"
    ecosystem = rng.choice(("pypi", "npm", "maven"))
    versions = [f"{rng.randint(1, 6)}.{rng.randint(0, 20)}.0" for _ in range(deps)]
    dependencies = tuple(
        Dependency(
            purl=f"pkg:{ecosystem}/lib{(i * 7 + k) % 2500}@{versions[k]}",
            ecosystem=ecosystem,
            name=f"lib{(i * 7 + k) % 2500}",
            version=versions[k],
            constraint=None,
            scope=Scope.RUNTIME if k % 4 else Scope.DEV,
            direct=k < deps // 2,
            manifest="requirements.txt" if ecosystem == "pypi" else "package-lock.json",
            line=k + 1,
        )
        for k in range(deps)
    )
    techs = rng.sample(TECHS, 4)
    files = tuple(
        FileStat(
            f"src/f{j}.x", rng.choice(LANGS), FileKind.OWN, 1000, False, rng.randint(50, 900), 10, 5
        )
        for j in range(12)
    )
    return RepoScan(
        repository=RepositoryRef(name, f"/srv/git/{name}.git", bare=True),
        ref="HEAD",
        commit=f"{i:040x}",
        committed_at="2026-10-01T12:00:00+00:00",
        files=files,
        licence=RepoLicence("MIT", "MIT", LicenceStatus.OK),
        dependencies=dependencies,
        technologies=tuple(TechnologyUse(t, "dependency", t, "requirements.txt") for t in techs),
        runtimes=(
            RuntimeDeclaration(
                "python", rng.choice(("3.8", "3.11", "3.12")), "python:3", "Dockerfile", 1, "image"
            ),
        ),
    )


def synthetic_strategy() -> Strategy:
    entries = tuple(
        RadarEntry(
            id=f"entry-{n:02d}",
            title=f"Technology {n}",
            quadrant=QUADRANTS[n % 4],
            ring=RINGS[(n // 4) % 4],
            description="Why **this** ring.\n\n- reason one\n- reason two",
            tags=(f"tag{n % 5}",),
            decisions=(f"ADR-{n % 20:03d}",),
            matchers=(Matcher(technology=TECHS[n % len(TECHS)]),)
            if n < 24
            else (Matcher(purl=f"pkg:pypi/lib{n}*", versions="<3"),),
        )
        for n in range(60)
    )
    evaluation = WeightedEvaluation(
        criteria=(("cost", 3.0), ("maturity", 2.0), ("skills", 1.0)),
        scores=(("A", (4.0, 3.0, 5.0)), ("B", (3.0, 5.0, 2.0)), ("C", (2.0, 2.0, 2.0))),
    )
    decisions = tuple(
        Decision(
            id=f"ADR-{n:03d}",
            title=f"Decision {n}",
            status="accepted" if n % 5 else "superseded",
            date=dt.date(2024, 1, 1) + dt.timedelta(days=30 * n),
            links=(DecisionLink("supersedes", f"ADR-{n - 1:03d}"),) if n % 5 == 1 else (),
            review_by=dt.date(2026, 1, 1) + dt.timedelta(days=20 * n),
            evaluation=evaluation if n == 3 else None,
            options=("A", "B", "C") if n == 3 else (),
            chosen="A" if n == 3 else None,
            body="## Context\n\nSome text.\n\n## Decision\n\nMore text.",
        )
        for n in range(20)
    )
    campaigns = (
        Campaign("py312", "Python 3.12", (Matcher(technology="python", versions="<3.12"),),
                 (Matcher(technology="python", versions=">=3.12"),), due=dt.date(2027, 6, 30)),
        Campaign("no-mysql", "Retire MySQL", (Matcher(technology="mysql"),),
                 (Matcher(technology="postgresql"),), due=dt.date(2027, 3, 31)),
    )  # fmt: skip
    initiatives = tuple(
        Initiative(
            id=f"init-{n}",
            title=f"Initiative {n}",
            status="active",
            milestones=(
                Milestone("Start", dt.date(2026, 1, 15)),
                Milestone("End", dt.date(2027, 1, 15)),
            ),
            objectives=(
                Objective("Migrate", (KeyResult("Python 3.12", 100, 0, metric="campaign:py312"),)),
            ),
        )
        for n in range(2)
    )
    return Strategy(
        entries=entries, decisions=decisions, campaigns=campaigns, initiatives=initiatives
    )


def median_ms(client: TestClient, path: str, runs: int) -> float:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"error: {path} answered {response.status_code}")
    return statistics.median(times[1:])  # the first request warms caches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--deps", type=int, default=50, help="dependency rows per repository")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    rng = random.Random(6)  # noqa: S311  reproducible synthetic data
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'lodestar.db'}"
        start = time.perf_counter()
        with database(url) as engine:
            for i in range(args.repos):
                save_scan(engine, synthetic_scan(i, args.deps, rng), 1)
        written = time.perf_counter() - start
        engine = open_read_only(url)
        start = time.perf_counter()
        cockpit = load_cockpit(
            engine, organisation="Synthetic", root=None, strategy=synthetic_strategy(),
            today=dt.date(2026, 11, 1),
        )  # fmt: skip
        built = time.perf_counter() - start
        client = TestClient(create_app(lambda: cockpit))
        pages = ["/", "/radar/", "/radar/entry-01/", "/radar/entry-30/", "/technologies/",
                 "/technologies/?q=lib42&range=%3C4", "/repositories/", "/repositories/svc-0500/",
                 "/decisions/", "/decisions/ADR-003/", "/findings/", "/campaigns/",
                 "/initiatives/", "/people/"]  # fmt: skip
        apis = ["/api/repositories", "/api/dependencies?limit=100",
                "/api/dependencies?limit=100&offset=40000", "/api/dependencies?name=lib42",
                "/api/technologies", "/api/findings", "/api/radar", "/api/decisions",
                "/api/metrics"]  # fmt: skip
        rows = [("page", p, median_ms(client, p, args.runs), 200) for p in pages]
        rows += [("api", p, median_ms(client, p, args.runs), 100) for p in apis]
        engine.dispose()
    findings = len(cockpit.findings or ())
    print(f"store: {args.repos} repositories, {args.repos * args.deps} dependency rows "
          f"(written in {written:.1f} s); cockpit built in {built * 1000:.0f} ms "
          f"({findings} findings); median of {args.runs} requests each")  # fmt: skip
    if args.markdown:
        print("\n| kind | path | median ms | target ms |\n|---|---|---:|---:|")
        for kind, path, ms, target in rows:
            mark = "" if ms < target else " **over**"
            print(f"| {kind} | `{path}` | {ms:.1f}{mark} | < {target} |")
    else:
        for kind, path, ms, target in rows:
            print(f"{kind:5} {path:45} {ms:8.1f} ms  (target < {target})")
    return 0 if all(ms < target for _, _, ms, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
