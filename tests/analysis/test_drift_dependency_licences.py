"""Dependency licences (from npm and composer lock files) judged by the licence policy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.conftest import make_repo

from lodestar.analysis.drift import Drift, find_drift
from lodestar.analysis.observed import from_scan
from lodestar.demo.content.licences import mit
from lodestar.ingest import ScanOptions, run_scan
from lodestar.records import (
    Finding,
    LicencePolicy,
    Policies,
    PolicyException,
    RepositoryRef,
    SourcePosition,
    Strategy,
)
from lodestar.scan.discover import discover
from lodestar.scan.pipeline import scan_repository
from lodestar.store.db import database
from lodestar.store.observations import load_observations

TODAY = date(2026, 9, 1)

PACKAGE_JSON = json.dumps(
    {
        "name": "shop",
        "license": "MIT",
        "dependencies": {"chart-kit": "^1.0.0", "mit-lib": "^2.0.0"},
        "devDependencies": {"gpl-tool": "^3.0.0"},
    },
    indent=2,
)
LOCK = json.dumps(
    {
        "name": "shop",
        "lockfileVersion": 3,
        "requires": True,
        "packages": {
            "": {
                "name": "shop",
                "license": "MIT",
                "dependencies": {"chart-kit": "^1.0.0", "mit-lib": "^2.0.0"},
                "devDependencies": {"gpl-tool": "^3.0.0"},
            },
            "node_modules/chart-kit": {
                "version": "1.4.0",
                "resolved": "https://registry.npmjs.org/chart-kit/-/chart-kit-1.4.0.tgz",
                "license": "GPL-3.0",
                "dependencies": {"odd-util": "^0.1.0"},
            },
            "node_modules/gpl-tool": {
                "version": "3.1.0",
                "resolved": "https://registry.npmjs.org/gpl-tool/-/gpl-tool-3.1.0.tgz",
                "dev": True,
                "license": "AGPL-3.0-only",
            },
            "node_modules/mit-lib": {
                "version": "2.0.1",
                "resolved": "https://registry.npmjs.org/mit-lib/-/mit-lib-2.0.1.tgz",
                "license": "MIT",
            },
            "node_modules/odd-util": {
                "version": "0.1.3",
                "resolved": "https://registry.npmjs.org/odd-util/-/odd-util-0.1.3.tgz",
                "license": "SEE LICENSE IN LICENSE",
            },
        },
    },
    indent=2,
)
COMPOSER_LOCK = json.dumps(
    {
        "packages": [{"name": "psr/log", "version": "3.0.0", "license": ["MIT"]}],
        "packages-dev": [{"name": "acme/dbtool", "version": "1.2.0", "license": ["SSPL-1.0"]}],
    },
    indent=4,
)
REPOS: dict[str, dict[str, bytes | str]] = {
    "shop": {"package.json": PACKAGE_JSON, "package-lock.json": LOCK, "LICENSE": mit(2024)},
    "tools": {"composer.lock": COMPOSER_LOCK, "LICENSE": mit(2024)},
}
POLICIES = Policies(
    licence=(
        LicencePolicy("internal", denied=("SSPL-1.0",)),
        LicencePolicy(
            "saas",
            allowed=("MIT", "Apache-2.0", "ISC"),
            denied=("AGPL-3.0-only", "SSPL-1.0"),
            review=("GPL-3.0-only",),
        ),
    ),
    licence_context={"shop": "saas"},
    source=SourcePosition("policies/licences.yaml", 1),
)


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp("org")
    for name, files in REPOS.items():
        make_repo(root / name, files)
    with database(f"sqlite:///{root / 'lodestar.db'}") as engine:
        run_scan(engine, discover([root]), ScanOptions(workers=1))
        yield engine


def _licence_findings(result: Drift) -> list[Finding]:
    return [f for f in result.findings if f.rule.startswith("licence-")]


def test_runtime_dependencies_are_judged_for_saas(org: Engine) -> None:
    result = find_drift(
        load_observations(org), Strategy(policies=POLICIES), today=TODAY, organisation=True
    )
    found = [(f.rule, f.repository, f.subject) for f in _licence_findings(result)]
    assert sorted(found) == [
        ("licence-denied", "tools", "pkg:composer/acme/dbtool"),  # internal: dev counts too
        ("licence-not-allowed", "shop", "pkg:npm/odd-util"),
        ("licence-review", "shop", "pkg:npm/chart-kit"),
        # gpl-tool (AGPL, dev) ships nowhere: not judged for saas
    ]
    review = next(f for f in result.findings if f.rule == "licence-review")
    assert review.evidence == ("package.json:5", "pkg:npm/chart-kit@1.4.0")
    assert "shop depends on chart-kit 1.4.0, licensed GPL-3.0-only" in review.message
    assert "needs review for saas distribution" in review.message
    assert review.hint.startswith("have chart-kit's licence reviewed")
    odd = next(f for f in result.findings if f.rule == "licence-not-allowed")
    assert odd.evidence[0].startswith("package-lock.json:")
    assert "LicenseRef-SEE-LICENSE-IN-LICENSE" in odd.message
    assert "transitively" in odd.hint
    denied = next(f for f in result.findings if f.rule == "licence-denied")
    assert denied.evidence[0].startswith("composer.lock:")
    assert denied.declaration == SourcePosition("policies/licences.yaml", 1)


def test_dev_dependencies_count_in_the_internal_context(org: Engine) -> None:
    internal = Policies(licence=(LicencePolicy("internal", denied=("AGPL-3.0-only", "SSPL-1.0")),))
    result = find_drift(
        load_observations(org), Strategy(policies=internal), today=TODAY, organisation=True
    )
    assert sorted((f.rule, f.subject) for f in _licence_findings(result)) == [
        ("licence-denied", "pkg:composer/acme/dbtool"),
        ("licence-denied", "pkg:npm/gpl-tool"),
    ]


def test_an_exception_for_the_package_waives_it(org: Engine) -> None:
    waiver = PolicyException(
        "licence", "shop", "pkg:npm/chart-kit", "legal", "reviewed: used server-side", TODAY
    )
    policies = Policies(
        licence=POLICIES.licence, licence_context=POLICIES.licence_context, exceptions=(waiver,)
    )
    result = find_drift(
        load_observations(org), Strategy(policies=policies), today=TODAY, organisation=True
    )
    assert "pkg:npm/chart-kit" not in {f.subject for f in result.findings}
    assert [(f.subject, e.owner) for f, e in result.waived] == [("pkg:npm/chart-kit", "legal")]


def test_the_ci_gate_judges_them_without_a_database(tmp_path: Path) -> None:
    make_repo(tmp_path / "shop", REPOS["shop"])
    scan = scan_repository(RepositoryRef("shop", str(tmp_path / "shop")))
    result = find_drift([from_scan(scan)], Strategy(policies=POLICIES), today=TODAY)
    assert sorted(f.subject or "" for f in _licence_findings(result)) == [
        "pkg:npm/chart-kit",
        "pkg:npm/odd-util",
    ]
