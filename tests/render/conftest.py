"""Shared by the findings outputs' tests: a strategy, a day and one scanned repository's drift."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import make_repo

from lodestar.analysis.drift import Drift, find_drift
from lodestar.analysis.observed import from_scan
from lodestar.records import (
    LicencePolicy,
    Matcher,
    Policies,
    RadarEntry,
    RepositoryRef,
    SourcePosition,
    Strategy,
)
from lodestar.scan.pipeline import scan_repository

TODAY = date(2026, 9, 1)
STRATEGY = Strategy(
    entries=(
        RadarEntry(
            "jquery",
            "jQuery",
            "Languages & Frameworks",
            "Hold",
            matchers=(Matcher(technology="jquery"),),
            source=SourcePosition("radar/jquery.md", 1),
        ),
    ),
    policies=Policies(
        licence=(LicencePolicy("saas", denied=("AGPL-3.0-only",)),),
        default_licence_context="saas",
        eol_warn_days=3650,
        source=SourcePosition("policies/licences.yaml", 3),
    ),
)


@pytest.fixture(scope="module")
def one_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Drift, Path]:
    root = tmp_path_factory.mktemp("web") / "web"
    make_repo(
        root,
        {
            "package.json": '{"name": "web", "license": "AGPL-3.0-only",\n'
            ' "engines": {"node": "22"},\n'
            ' "dependencies": {"jquery": "3.7.1"}}\n',
            ".nvmrc": "22\n",
            "index.js": "console.log(1)\n",
        },
    )
    scan = scan_repository(RepositoryRef("web", str(root)))
    return find_drift([from_scan(scan)], STRATEGY, today=TODAY), root
