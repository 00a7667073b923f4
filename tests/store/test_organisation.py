"""load_organisation: everything the organisation evaluator reads, in one call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from lodestar.records import (
    FileKind,
    FileStat,
    LicenceStatus,
    RepoLicence,
    RepoScan,
    RepositoryRef,
    RuntimeDeclaration,
    TechnologyUse,
)
from lodestar.store.db import database
from lodestar.store.organisation import load_organisation
from lodestar.store.writer import save_scan

PYTHON = RuntimeDeclaration("python", "3.8", "3.8", ".python-version", 1, "file", "deployed")
APP = FileStat("app.py", "Python", FileKind.OWN, 100, False, 10, 2, 1)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    with database(database_url) as engine:
        scan = RepoScan(
            repository=RepositoryRef("api", "/srv/git/api"),
            ref="HEAD",
            commit="c1",
            committed_at="2025-01-01T00:00:00+00:00",
            files=(APP,),
            licence=RepoLicence(None, None, LicenceStatus.NONE),
            technologies=(TechnologyUse("python", "language", "Python", ""),),
            runtimes=(PYTHON,),
        )
        save_scan(engine, scan, 1)
        yield engine


def test_the_current_scans_without_history(engine: Engine) -> None:
    data = load_organisation(engine, truck_factors=["api", "unknown"])
    assert [o.repository for o in data.observations] == ["api"]
    assert [(r.repository, r.declaration()) for r in data.runtimes] == [("api", PYTHON)]
    assert data.snapshots == ()  # not mined
    # neither "api" (never mined) nor "unknown" has a stored history: no truck factor
    assert data.histories == () and data.files == {}
    assert data.technologies == {} and not data.people


def test_the_whole_history_with_files_and_technologies(engine: Engine) -> None:
    data = load_organisation(engine, history=True)
    assert data.people
    assert data.files == {"api": [APP]}
    assert data.technologies == {"api": [TechnologyUse("python", "language", "Python", "")]}
