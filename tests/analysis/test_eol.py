"""End of life by what a declaration states, on a scanned organisation (issue 10, point 5).

Before: pip's, flask's and requests' ``requires-python = ">=3.x"`` and a dev container's Debian
11 were ``eol-past`` errors as if production ran them; express's ``engines`` did not make it a
Node.js project, so a "Node.js 20+" campaign read 100% done and a Hold entry "Node.js before
20" matched nothing; vuejs/core's ``@types/node`` 24.13.3 counted as a Node.js 24.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from tests.conftest import make_repo

from lodestar.analysis.campaigns import campaign_report
from lodestar.analysis.drift import Drift, find_drift
from lodestar.analysis.eol import eol_exposure, judge
from lodestar.catalog.eol import load_eol
from lodestar.catalog.technologies import load_catalog
from lodestar.ingest import ScanOptions, run_scan
from lodestar.records import (
    Campaign,
    Finding,
    Matcher,
    Policies,
    RadarEntry,
    RuntimeDeclaration,
    Severity,
    SourcePosition,
    Strategy,
)
from lodestar.scan.discover import discover
from lodestar.store.db import database
from lodestar.store.inventory import declared_runtimes
from lodestar.store.observations import load_observations

TODAY = date(2026, 9, 1)
EOL = load_eol()
CATALOG = load_catalog()

VUE_LOCK = {
    "name": "core",
    "lockfileVersion": 3,
    "requires": True,
    "packages": {
        "": {"name": "core", "devDependencies": {"@types/node": "^24.13.3"}},
        "node_modules/@types/node": {"version": "24.13.3", "dev": True},
    },
}

REPOS: dict[str, dict[str, str]] = {
    # a library: supports 3.8 and later (3.8 is past its end of life, 3.9+ are not all)
    "flask": {
        "pyproject.toml": '[project]\nname = "flask"\nrequires-python = ">=3.8"\n',
        ".devcontainer/Dockerfile": "FROM debian:11\n",
        "src/flask/app.py": "print(1)\n",
    },
    # a library whose every supported Python is past its end of life
    "legacy": {
        "setup.cfg": "[options]\npython_requires = >=2.7,<3\n",
        "legacy.py": "print 1\n",
    },
    # an application: what runs is Python 3.8 (past) on Node.js 22
    "shop": {
        "Dockerfile": "FROM python:3.8-slim\n",
        ".nvmrc": "22\n",
        "app.py": "print(1)\n",
    },
    # a Node.js library that says so only through engines
    "express": {
        "package.json": '{"name": "express", "engines": {"node": ">= 18"}}\n',
        "index.js": "module.exports = 1\n",
    },
    # only @types/node: Node.js is used, its version is unknown
    "vue": {
        "package.json": '{"name": "core", "devDependencies": {"@types/node": "^24.13.3"}}\n',
        "package-lock.json": json.dumps(VUE_LOCK),
        "index.ts": "export const x = 1\n",
    },
}

NODE_BEFORE_20 = Matcher(technology="nodejs", versions="<20")
NODE_20_PLUS = Matcher(technology="nodejs", versions=">=20")


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp("runtime-org")
    for name, files in REPOS.items():
        make_repo(root / name, files)
    with database(f"sqlite:///{root / 'lodestar.db'}") as engine:
        run_scan(engine, discover([root]), ScanOptions(workers=1))
        yield engine


def strategy(*entries: RadarEntry, campaigns: tuple[Campaign, ...] = ()) -> Strategy:
    return Strategy(
        entries=entries,
        campaigns=campaigns,
        policies=Policies(source=SourcePosition("policies/lifecycle.yaml", 1)),
    )


def drift(engine: Engine, plan: Strategy) -> Drift:
    return find_drift(load_observations(engine), plan, today=TODAY, organisation=True)


def eol_findings(result: Drift) -> dict[tuple[str, str, str], Finding]:
    return {
        (f.repository, f.rule, f.subject or ""): f
        for f in result.findings
        if f.rule.startswith("eol-")
    }


def test_errors_come_from_deployed_versions_and_wholly_eol_ranges(org: Engine) -> None:
    found = eol_findings(drift(org, strategy()))
    # deployed: the application's image
    assert found["shop", "eol-past", "python@3.8"].severity is Severity.ERROR
    # a range whose every version is past end of life is past end of life
    legacy = found["legacy", "eol-past", "python@2.7"]
    assert legacy.severity is Severity.ERROR and "setup.cfg:2" in legacy.evidence
    # a range that still admits 3.8 beside supported releases: a note, not an error
    assert ("flask", "eol-past", "python@3.8") not in found
    admits = found["flask", "eol-range-admits", "python@3.8"]
    assert admits.severity is Severity.NOTE and "pyproject.toml:3" in admits.evidence
    # a dev container is not production: a warning
    devcontainer = found["flask", "eol-past", "debian@11"]
    assert devcontainer.severity is Severity.WARNING
    assert "development environment" in devcontainer.message
    # express's engines admits Node.js 18 (past) and every later release
    assert found["express", "eol-range-admits", "nodejs@18"].severity is Severity.NOTE
    errors = {(r, s) for (r, rule, s), f in found.items() if f.severity is Severity.ERROR}
    assert errors == {("shop", "python@3.8"), ("legacy", "python@2.7")}


def test_lodestar_eol_shows_the_same_verdicts(org: Engine) -> None:
    states = {
        (e.repository, e.product, e.intent): (e.state, e.severity)
        for e in eol_exposure(declared_runtimes(org), EOL, today=TODAY, warn_days=90)
    }
    assert states["express", "nodejs", "supported"] == ("admits-eol", "note")
    assert states["flask", "python", "supported"] == ("admits-eol", "note")
    assert states["legacy", "python", "supported"] == ("past-eol", "error")
    assert states["flask", "debian", "development"] == ("past-eol", "warning")
    assert states["shop", "python", "deployed"] == ("past-eol", "error")
    assert states["shop", "nodejs", "deployed"] == ("supported", None)


def test_engines_makes_node_a_technology_hold_entries_see(org: Engine) -> None:
    hold = RadarEntry(
        "node-before-20",
        "Node.js before 20",
        "Platforms",
        "Hold",
        matchers=(NODE_BEFORE_20,),
        source=SourcePosition("radar/node-before-20.md", 1),
    )
    uses = {
        f.repository for f in drift(org, strategy(hold)).findings if f.rule.startswith("radar-hold")
    }
    assert uses == {"express"}  # vue's @types/node 24.13.3 is no Node.js version
    technologies = {o.repository: o.technology_ids() for o in load_observations(org)}
    assert "nodejs" in technologies["express"]


def test_a_campaign_is_never_done_without_evidence(org: Engine) -> None:
    node20 = Campaign(
        "node20", "Node.js 20+ everywhere", source=(NODE_BEFORE_20,), target=(NODE_20_PLUS,)
    )
    report = campaign_report(node20, load_observations(org), CATALOG, today=TODAY)
    states = {r.repository: r.state for r in report.progress.repositories}
    assert states == {"shop": "done", "express": "not-started", "vue": "unknown"}
    vue = next(r for r in report.progress.repositories if r.repository == "vue")
    assert "package.json" in vue.reason
    assert report.progress.unknown == 1
    assert report.progress.percent == pytest.approx(33.3)
    assert report.schedule != "done"


def test_judge_a_range_that_only_ends_soon() -> None:
    """Every version ``~3.9`` allows (3.9) ends within the window: eol-soon, not a note."""
    rt = RuntimeDeclaration(
        "python", "3.9", "~=3.9.0", "setup.cfg", 2, intent="supported", allowed="~=3.9.0"
    )
    verdict = judge(EOL, rt, date(2025, 9, 1), 90)
    assert (verdict.state, verdict.rule, verdict.severity) == (
        "ending-soon",
        "eol-soon",
        Severity.WARNING,
    )
    later = judge(EOL, rt, date(2025, 11, 30), 90)
    assert (later.state, later.rule) == ("past-eol", "eol-past")
    lenient = judge(EOL, rt, date(2025, 11, 30), 90, error_past=False)
    assert lenient.severity is Severity.WARNING
