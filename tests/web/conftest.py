"""A small organisation in a real store, and a strategy built from records, for the cockpit.

The store is written through the store's own writer (as a scan would), so the cockpit reads it
through the same queries as in production. Hostile text sits where repositories and workspace
files put text: a decision body, a radar description, a repository name, a manifest path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from lodestar.analysis.activity import Contributor, OrgActivity
from lodestar.analysis.campaigns import CampaignReport, Progress, RepoState
from lodestar.analysis.eol import eol_exposure
from lodestar.analysis.knowledge import Island, KnowledgeRisk, TruckFactor
from lodestar.catalog.eol import load_eol
from lodestar.catalog.technologies import load_catalog
from lodestar.records import (
    Campaign,
    Decision,
    DecisionLink,
    Dependency,
    FileKind,
    FileStat,
    Finding,
    Initiative,
    KeyResult,
    LicenceStatus,
    Matcher,
    Milestone,
    Objective,
    RadarConfig,
    RadarEntry,
    RadarMove,
    RepoLicence,
    RepoScan,
    RepositoryRef,
    RuntimeDeclaration,
    Scope,
    Severity,
    Strategy,
    TechnologyUse,
    WeightedEvaluation,
)
from lodestar.records.owners import RepositoryOwner, Team
from lodestar.store.db import database
from lodestar.store.inventory import declared_runtimes
from lodestar.store.readonly import open_read_only
from lodestar.store.writer import save_scan
from lodestar.web.cockpit import HINTS, Cockpit

TODAY = dt.date(2026, 6, 1)
HOSTILE = (
    "Intro **bold**.\n\n<script>window.__pwned = 1</script>\n\n"
    '<img src=x onerror="window.__pwned = 2">\n\n'
    "[click](javascript:window.__pwned=3)\n\n"
    '<svg onload="window.__pwned = 4"><script>window.__pwned = 5</script></svg>\n\n'
    '<a href="JaVaScRiPt:window.__pwned=6" onclick="window.__pwned=7">x</a>\n\n'
    '<iframe src="javascript:window.__pwned=8"></iframe>'
    '<div style="background:url(javascript:1)" id="pwned-marker">styled</div>\n\n'
    "Safe [link](https://example.com/docs)."
)


def _dep(purl: str, name: str, version: str | None, manifest: str, eco: str = "pypi") -> Dependency:
    return Dependency(
        purl=purl + (f"@{version}" if version else ""),
        ecosystem=eco,
        name=name,
        version=version,
        constraint=f"=={version}" if version else ">=1",
        scope=Scope.RUNTIME,
        direct=True,
        manifest=manifest,
        line=3,
    )


def _scan(
    name: str, code: int, deps: tuple[Dependency, ...], techs: tuple[str, ...], **kw: object
) -> RepoScan:
    return RepoScan(
        repository=RepositoryRef(name, f"/srv/git/{name}"),
        ref="HEAD",
        commit=f"{abs(hash(name)) % 10**12:040d}",
        committed_at="2026-05-01T10:00:00+00:00",
        files=(FileStat("app.py", "Python", FileKind.OWN, 100, False, code, 5, 5),),
        licence=RepoLicence("MIT", "MIT", LicenceStatus.OK),
        dependencies=deps,
        technologies=tuple(TechnologyUse(t, "dependency", t, "requirements.txt") for t in techs),
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cockpit') / 'lodestar.db'}"
    with database(url) as engine:
        save_scan(
            engine,
            _scan(
                "orders-api",
                1200,
                (
                    _dep("pkg:pypi/django", "Django", "3.2.1", "requirements.txt"),
                    _dep("pkg:pypi/psycopg2", "psycopg2", "2.9.1", "requirements.txt"),
                ),
                ("django", "postgresql"),
                runtimes=(
                    RuntimeDeclaration(
                        "python", "3.8", "python:3.8-slim", "Dockerfile", 1, "image"
                    ),
                ),
            ),
            10,
        )
        save_scan(
            engine,
            _scan(
                "billing",
                800,
                (_dep("pkg:pypi/django", "Django", "4.2.3", "requirements.txt"),),
                ("django",),
                runtimes=(RuntimeDeclaration("python", "3.12", "3.12", ".python-version", 1),),
            ),
            10,
        )
        save_scan(
            engine,
            _scan(
                '<b onmouseover="x">evil</b>/repo',
                50,
                (_dep("pkg:npm/react", "react", "18.2.0", "web/<script>x</script>.json", "npm"),),
                ("react",),
            ),
            10,
        )
    return url


@pytest.fixture(scope="session")
def ro_engine(store_url: str) -> Iterator[Engine]:
    engine = open_read_only(store_url)
    yield engine
    engine.dispose()


def strategy() -> Strategy:
    evaluation = WeightedEvaluation(
        criteria=(("cost", 2.0), ("maturity", 1.0)),
        scores=(("PostgreSQL", (4.0, 5.0)), ("MongoDB", (3.0, 3.0))),
    )
    return Strategy(
        radar=RadarConfig(),
        entries=(
            RadarEntry(
                "django",
                "Django",
                "Languages & Frameworks",
                "Adopt",
                description=HOSTILE,
                tags=("python", "web"),
                decisions=("0002-database", "9999-missing"),
                matchers=(Matcher(technology="django"),),
            ),
            RadarEntry(
                "old-django",
                "Django before 4",
                "Languages & Frameworks",
                "Hold",
                matchers=(Matcher(purl="pkg:pypi/djan*", versions="<4"),),
                review_by=dt.date(2026, 1, 1),
            ),
            RadarEntry(
                "postgresql",
                "PostgreSQL",
                "Platforms",
                "Adopt",
                matchers=(Matcher(technology="postgresql"),),
            ),
            RadarEntry("kafka", "Kafka", "Platforms", "Assess", tags=("messaging",)),
            RadarEntry("strange", "Strange", "Platforms", "Sometimes"),
        ),
        decisions=(
            Decision(
                "0001-database",
                "Use MySQL",
                "superseded",
                date=dt.date(2024, 3, 1),
                links=(DecisionLink("superseded-by", "0002-database"),),
            ),
            Decision(
                "0002-database",
                "Use PostgreSQL for services",
                "accepted",
                date=dt.date(2025, 5, 2),
                links=(DecisionLink("supersedes", "0001-database"),),
                review_by=dt.date(2026, 5, 1),
                options=("PostgreSQL", "MongoDB"),
                chosen="PostgreSQL",
                evaluation=evaluation,
                body=HOSTILE,
                governs=(Matcher(technology="postgresql"),),
            ),
        ),
        campaigns=(
            Campaign(
                "django4",
                "Django 4 everywhere",
                (Matcher(purl="pkg:pypi/django", versions="<4"),),
                (Matcher(purl="pkg:pypi/django", versions=">=4"),),
                due=dt.date(2026, 12, 31),
            ),
        ),
        initiatives=(
            Initiative(
                "platform",
                "Platform consolidation",
                "active",
                owner="CTO",
                milestones=(
                    Milestone("Pilot", dt.date(2026, 3, 1), True),
                    Milestone("Rollout", dt.date(2026, 5, 1)),
                ),
                objectives=(
                    Objective("Fewer databases", (KeyResult("Services on PostgreSQL", 10, 0, 4),)),
                ),
            ),
        ),
    )


MOVES = (
    RadarMove("django", dt.date(2025, 1, 10), "a" * 40, "Trial", None, "new"),
    RadarMove("django", dt.date(2026, 4, 20), "b" * 40, "Adopt", "Trial", "moved-in"),
    RadarMove("old-django", dt.date(2026, 5, 2), "c" * 40, "Hold", "Trial", "moved-out"),
)

FINDINGS = (
    Finding(
        "radar-hold-in-use",
        Severity.ERROR,
        "Django before 4 (Hold) is used",
        "orders-api",
        ("requirements.txt:3",),
        "upgrade",
        owner="@acme/payments",  # as the evaluation names it (CODEOWNERS of the path)
    ),
    Finding("review-due", Severity.WARNING, "decision 0002-database is past its review date"),
)

# a team name as a catalog-info.yaml Group may write it: it must stay text on every page
HOSTILE_TEAM = '<img src=x onerror="window.__owned=9">team'
OWNERS = {
    "orders-api": RepositoryOwner(
        "orders-api",
        declared=("@acme/payments",),
        source="CODEOWNERS:2",
        team="Payments",
        status="ok",
    ),
    "billing": RepositoryOwner(
        "billing",
        declared=("group:" + HOSTILE_TEAM,),
        source="catalog-info.yaml:7",
        team=HOSTILE_TEAM,
        status="departed",
        departed=("group:" + HOSTILE_TEAM,),
    ),
}
TEAMS = (
    Team("Payments", ("ann@example.com", "bob@example.com"), ("orders-api",), ("people.toml",)),
    Team(HOSTILE_TEAM, (), ("billing",), ("billing:catalog-info.yaml:3",)),
)


@pytest.fixture
def cockpit(ro_engine: Engine) -> Cockpit:
    """Strategy, moves and findings from records; no mined history."""
    return Cockpit(
        engine=ro_engine,
        organisation="Test Org",
        today=TODAY,
        catalog=load_catalog(),
        eol=tuple(eol_exposure(declared_runtimes(ro_engine), load_eol(), today=TODAY)),
        strategy=strategy(),
        moves=MOVES,
        findings=FINDINGS,
        owners=OWNERS,
        teams=TEAMS,
        missing={"history": HINTS["history"], "people": HINTS["people"]},
    )


NOW = dt.datetime(2026, 6, 1, 23, 59, tzinfo=dt.UTC)


def _person(key: str, name: str, *, active: bool, departed: bool = False) -> Contributor:
    when = NOW - dt.timedelta(days=10 if active else 400)
    return Contributor(key, name, "Payments", 40, 1000, 10, when, when, ("orders-api",),
                       active=active, departed=departed)  # fmt: skip


def _risk(repository: str, active: int, people: tuple[str, ...]) -> KnowledgeRisk:
    return KnowledgeRisk(
        repository=repository,
        files=10,
        code=1200,
        truck_factor=TruckFactor(len(people), people, 10, (1.0, 0.0)),
        active_truck_factor=TruckFactor(active, people[:active], 10, (1.0, 0.0)),
        island_files=(Island("app.py", 100, 1, people[:1], "single-author"),),
        island_directories=(),
        island_code=100,
        departed_owners=(),
        orphan_files=0,
        untracked_files=0,
        names={"ann@example.com": "Ann Example", "bob@example.com": "Bob Example"},
    )


@pytest.fixture
def teams_cockpit(cockpit: Cockpit) -> Cockpit:
    """The cockpit with owners, teams, history figures, the campaign's report and real Django
    advisories matched (tests/web/vulns_fixture.py)."""
    from tests.web.vulns_fixture import current

    campaign = strategy().campaigns[0]
    progress = Progress(
        (
            RepoState("orders-api", "not-started", ("pkg:pypi/django@3.2.1",), ()),
            RepoState("billing", "done", (), ("pkg:pypi/django@4.2.3",)),
        )
    )
    report = CampaignReport(campaign, progress, (), None, "behind", "half done")
    activity = OrgActivity(
        now=NOW, active_days=90, departed_days=180, dormant_days=365, commits=80, merges=0,
        bot_commits=0, added=2000, removed=20,
        people=(_person("ann@example.com", "Ann Example", active=True),
                _person("bob@example.com", "Bob Example", active=False, departed=True)),
    )  # fmt: skip
    return dataclasses.replace(
        cockpit,
        campaigns=(report,),
        risks=(_risk("orders-api", 1, ("ann@example.com", "bob@example.com")),
               _risk("billing", 2, ("ann@example.com", "bob@example.com"))),
        activity=activity,
        vulnerabilities=current(),
        missing={},
    )  # fmt: skip


@pytest.fixture
def bare_cockpit(ro_engine: Engine) -> Cockpit:
    """Nothing declared, nothing mined: every page must say so."""
    return Cockpit(
        engine=ro_engine,
        organisation="Test Org",
        today=TODAY,
        catalog=load_catalog(),
        missing={k: HINTS[k] for k in ("strategy", "radar-history", "drift", "history", "people")},
    )


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation, built and scanned by the demo command itself (no serving)."""
    root = tmp_path_factory.mktemp("demo") / "northwind"
    subprocess.run(
        [sys.executable, "-m", "lodestar", "demo", str(root), "--no-serve"],
        check=True,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        timeout=600,
    )
    return root


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium per test process for every browser test module: a fixture defined (or
    imported) in two modules starts two sync Playwright sessions in one process, and the second
    refuses to run inside the first's event loop."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    chromium_path = Path("/usr/bin/chromium")
    if not chromium_path.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(chromium_path), args=["--no-sandbox"])
        yield chromium
        chromium.close()
