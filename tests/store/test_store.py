"""The store: migrations, one transaction per scan, and the read queries (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select

from lodestar.records import (
    FileKind,
    FileStat,
    LicenceFinding,
    LicenceSource,
    LicenceStatus,
    RepoLicence,
    RepoScan,
    RepositoryRef,
    ScanWarning,
)
from lodestar.store.db import current_revision, database
from lodestar.store.queries import list_repositories, list_warnings, organisation_languages
from lodestar.store.schema import file_stats, metadata, scans
from lodestar.store.writer import save_scan

REF = RepositoryRef("api", "/srv/git/api")
HEAD = "0010"


def _scan(commit: str, py_code: int = 10) -> RepoScan:
    return RepoScan(
        repository=REF,
        ref="HEAD",
        commit=commit,
        committed_at="2025-01-01T00:00:00+00:00",
        files=(
            FileStat("app.py", "Python", FileKind.OWN, 100, False, py_code, 2, 1),
            FileStat("vendor/x.js", "JavaScript", FileKind.VENDORED, 50, False, 40, 0, 0),
            FileStat("logo.png", None, FileKind.OWN, 10, True),
        ),
        licence=RepoLicence(
            declared="MIT",
            detected="Apache-2.0",
            status=LicenceStatus.MISMATCH,
            findings=(LicenceFinding("Apache-2.0", LicenceSource.FILE, "LICENSE", 0.99),),
        ),
        warnings=(ScanWarning("big.bin", "skipped: too big"),),
    )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    with database(database_url) as engine:
        yield engine


def test_migrations_match_the_model(engine: Engine, database_url: str) -> None:
    assert current_revision(engine) == HEAD
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    with database(database_url) as again:  # a second open migrates nothing
        assert current_revision(again) == HEAD


def test_save_and_read_back(engine: Engine) -> None:
    save_scan(engine, _scan("c1"), 12)
    [row] = list_repositories(engine)
    assert (row.name, row.commit, row.own_code, row.files) == ("api", "c1", 10, 3)
    assert row.languages == (("Python", 10),)
    assert (row.licence, row.licence_status, row.licence_declared) == (
        "Apache-2.0",
        "mismatch",
        "MIT",
    )
    assert [(w.path, w.message) for w in list_warnings(engine)] == [("big.bin", "skipped: too big")]
    langs = {r.language: r.code for r in organisation_languages(engine)}
    assert langs == {"Python": 10}
    everything = {r.language: r.code for r in organisation_languages(engine, kind=None)}
    assert everything == {"Python": 10, "JavaScript": 40}


def test_rescan_same_commit_replaces_new_commit_adds(engine: Engine) -> None:
    save_scan(engine, _scan("c1", py_code=10), 1)
    save_scan(engine, _scan("c1", py_code=11), 1)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(scans)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(file_stats)).scalar_one() == 3
    save_scan(engine, _scan("c2", py_code=20), 1)
    [row] = list_repositories(engine)
    assert (row.commit, row.own_code) == ("c2", 20)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(scans)).scalar_one() == 2


def test_a_scan_of_an_older_scanner_is_redone_on_an_unchanged_commit(
    engine: Engine, tmp_path: Path
) -> None:
    from sqlalchemy import update
    from tests.conftest import make_repo

    from lodestar.ingest import ScanOptions, run_scan
    from lodestar.scan.pipeline import SCANNER_VERSION

    make_repo(tmp_path / "svc", {"app.py": "print(1)\n"})
    ref = RepositoryRef("svc", str(tmp_path / "svc"))
    options = ScanOptions(workers=1)

    def statuses() -> list[str]:
        return [o.status for o in run_scan(engine, [ref], options).outcomes]

    assert statuses() == ["scanned"]
    assert statuses() == ["unchanged"]
    with engine.begin() as conn:  # as a store written by an older scanner would be
        conn.execute(update(scans).values(scanner=SCANNER_VERSION - 1))
    assert statuses() == ["scanned"]
    with engine.connect() as conn:
        assert set(conn.execute(select(scans.c.scanner)).scalars()) == {SCANNER_VERSION}


def test_failed_write_leaves_previous_scan_current(engine: Engine) -> None:
    save_scan(engine, _scan("c1"), 1)
    broken = _scan("c2")
    bad_file = FileStat("x" * 10, "Python", FileKind.OWN, 1, False, 1, 0, 0)
    object.__setattr__(bad_file, "code", "not a number")  # make the INSERT fail mid-transaction
    broken = RepoScan(**{**{f: getattr(broken, f) for f in broken.__slots__}, "files": (bad_file,)})  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017  any driver error will do
        save_scan(engine, broken, 1)
    [row] = list_repositories(engine)
    assert row.commit == "c1"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(scans)).scalar_one() == 1


def test_dependency_licences_are_stored_and_read_back(engine: Engine) -> None:
    from lodestar.records import Dependency, Scope
    from lodestar.store.inventory import dependency_record, find_dependencies

    def dep(name: str, licence: str | None) -> Dependency:
        purl = f"pkg:npm/{name}@1.0.0"
        return Dependency(
            purl, "npm", name, "1.0.0", None, Scope.RUNTIME, False, "package-lock.json", 3,
            licence=licence,
        )  # fmt: skip

    scan = _scan("c1")
    deps = (dep("a", "MIT OR Apache-2.0"), dep("b", None), dep("c", "LicenseRef-Proprietary"))
    scan = RepoScan(**{**{f: getattr(scan, f) for f in scan.__slots__}, "dependencies": deps})  # type: ignore[arg-type]
    save_scan(engine, scan, 1)
    uses = find_dependencies(engine)
    assert [(u.name, u.licence) for u in uses] == [
        ("a", "MIT OR Apache-2.0"),
        ("b", None),
        ("c", "LicenseRef-Proprietary"),
    ]
    assert tuple(dependency_record(u) for u in uses) == deps
