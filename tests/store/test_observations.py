"""load_observations: every repository's current scan as the drift engine sees it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from lodestar.records import (
    Dependency,
    FileKind,
    FileStat,
    LicenceFinding,
    LicenceSource,
    LicenceStatus,
    RepoLicence,
    RepoScan,
    RepositoryRef,
    RuntimeDeclaration,
    Scope,
    TechnologyUse,
)
from lodestar.store.db import database
from lodestar.store.observations import load_observations
from lodestar.store.writer import ensure_repository, save_scan

DJANGO = Dependency(
    "pkg:pypi/django@4.2.1", "pypi", "django", "4.2.1", "==4.2.1", Scope.RUNTIME, True,
    "requirements.txt", 3, False,
)  # fmt: skip
FIXTURE = Dependency(
    "pkg:npm/left-pad@1.0.0", "npm", "left-pad", "1.0.0", None, Scope.RUNTIME, True,
    "tests/fixtures/package.json", None, True,
)  # fmt: skip
PYTHON = RuntimeDeclaration("python", "3.8", "3.8", ".python-version", 1, "file", "deployed")


def _scan(name: str, commit: str) -> RepoScan:
    return RepoScan(
        repository=RepositoryRef(name, f"/srv/git/{name}"),
        ref="HEAD",
        commit=commit,
        committed_at="2025-01-01T00:00:00+00:00",
        files=(FileStat("app.py", "Python", FileKind.OWN, 100, False, 10, 2, 1),),
        licence=RepoLicence(
            declared="MIT",
            detected="MIT",
            status=LicenceStatus.OK,
            findings=(
                LicenceFinding("MIT", LicenceSource.METADATA, "pyproject.toml", 1.0),
                LicenceFinding("MIT", LicenceSource.FILE, "LICENSE", 0.99),
                LicenceFinding("GPL-2.0-only", LicenceSource.HEADER, "", 1.0, count=3),
            ),
        ),
        dependencies=(DJANGO, FIXTURE),
        technologies=(
            TechnologyUse("django", "dependency", "pkg:pypi/django", "requirements.txt"),
        ),
        runtimes=(PYTHON,),
    )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    with database(database_url) as engine:
        yield engine


def test_each_scanned_repository_is_one_observation(engine: Engine) -> None:
    save_scan(engine, _scan("web", "c2"), 1)
    save_scan(engine, _scan("api", "c1"), 1)
    with engine.begin() as conn:
        ensure_repository(conn, RepositoryRef("never-scanned", "/srv/git/never-scanned"))
    observations = load_observations(engine)
    assert [(o.repository, o.commit) for o in observations] == [("api", "c1"), ("web", "c2")]
    api = observations[0]
    assert (api.licence, api.licence_path) == ("MIT", "LICENSE")  # files before metadata
    assert api.headers == (("GPL-2.0-only", 3),)
    # fixtures kept; by package, then version and manifest
    assert [d.purl for d in api.dependencies] == [FIXTURE.purl, DJANGO.purl]
    assert api.technology_ids() == {"django"}
    assert api.runtimes == (PYTHON,)


def test_one_repository_is_asked_for_by_name(engine: Engine) -> None:
    save_scan(engine, _scan("web", "c2"), 1)
    save_scan(engine, _scan("api", "c1"), 1)
    (web,) = load_observations(engine, "web")
    assert web.repository == "web" and [d.name for d in web.dependencies] == ["left-pad", "django"]
