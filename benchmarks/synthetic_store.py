"""Synthetic store rows shared by the cockpit benchmarks (web_bench.py, who_uses_index.py,
org_scale.py): repository scans written through the store's own writer, a strategy, and the
timing of requests through the app.

:func:`synthetic_scan` is one repository's scan as ``lodestar scan`` would save it (files,
licence, dependencies, technologies, a runtime; optionally a CODEOWNERS team);
:func:`synthetic_strategy` a radar of 60 entries, 20 decisions, 2 campaigns, 2 initiatives;
:func:`request_times` and :func:`median_ms` time requests through FastAPI's TestClient;
:func:`every_route` lists every page and API route of the page table with an example record.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

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
from lodestar.records.owners import OwnerRule
from lodestar.web.cockpit import Cockpit
from lodestar.web.links import slug
from lodestar.web.page_table import PAGES

TECHS = ("django", "postgresql", "react", "kafka", "redis", "docker", "kubernetes", "flask",
         "spring-boot", "terraform", "nginx", "mysql")  # fmt: skip
LANGS = ("Python", "TypeScript", "Go", "Java", "Kotlin", "Ruby")
QUADRANTS = ("Techniques", "Tools", "Platforms", "Languages & Frameworks")
RINGS = ("Adopt", "Trial", "Assess", "Hold")


def synthetic_scan(i: int, deps: int, rng: random.Random, team: str | None = None) -> RepoScan:
    """Repository ``i``'s scan with ``deps`` dependency rows (owned by ``team`` when given)."""
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
        owner_rules=(OwnerRule("CODEOWNERS", 1, "*", (f"@synth/{team}",)),) if team else (),
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


def request_times(client: TestClient, path: str, runs: int, budget: float = 0.0) -> list[float]:
    """Milliseconds of ``runs`` GETs of ``path`` after one warm-up request (fewer, at least
    three, when ``budget`` seconds are spent first); exits when it does not answer 200."""
    times: list[float] = []
    spent = time.perf_counter()
    for n in range(runs + 1):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"error: {path} answered {response.status_code}")
        if budget and n >= 3 and time.perf_counter() - spent > budget:
            break
    return times[1:]  # the first request warms caches


def median_ms(client: TestClient, path: str, runs: int) -> float:
    return statistics.median(request_times(client, path, runs))


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def every_route(cockpit: Cockpit) -> list[tuple[str, str]]:
    """(kind, path) of every page and API route of the page table, in table order: the pages of
    one record (a repository, radar entry, decision, team) with the record in the middle of the
    list; kinds without a record in this cockpit are left out."""
    routes: list[tuple[str, str]] = []
    for kind in PAGES:
        if kind.item is None:
            page, api = "/" + kind.path, "/api" + kind.api_path
        else:
            records = list(kind.item.every(cockpit))
            if not records:
                continue
            key = kind.item.key(records[len(records) // 2])
            page = f"/{kind.path}{slug(key)}/"
            api = "/api" + kind.api_path.replace("{" + kind.item.param + "}", slug(key))
        if kind.template is not None:
            routes.append(("page", page))
        routes.append(("api", api))
    return routes
