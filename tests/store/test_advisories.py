"""Advisories in the store: round trip, upsert by ``modified``, reads by package, imports."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import Engine, func, select
from tests.osv_records import record_bytes

from lodestar.records import (
    Dependency,
    LicenceStatus,
    RepoLicence,
    RepoScan,
    RepositoryRef,
    Scope,
)
from lodestar.records.snapshots import Snapshot
from lodestar.records.vulns import Advisory, AdvisoryImport
from lodestar.safeparse import read_advisory
from lodestar.store import (
    advisory_counts,
    advisory_imports,
    ensure_repository,
    load_advisories,
    load_organisation,
    record_import,
    save_scan,
    save_snapshot,
    write_advisories,
)
from lodestar.store.schema import advisories, advisory_packages

NOW = dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.UTC)


def real(name: str) -> Advisory:
    return read_advisory(record_bytes(name), f"{name}.json")


def test_round_trip_keeps_every_field(engine: Engine) -> None:
    stored = [
        real(n) for n in ("requests", "log4shell", "lodash", "requests-pysec", "babel-traverse")
    ]
    with engine.begin() as conn:
        assert write_advisories(conn, stored, imported_at=NOW) == 5
    loaded = load_advisories(engine, ["pkg:maven/org.apache.logging.log4j/log4j-core"])
    assert loaded == (real("log4shell"),)  # with its pax-logging package too
    both = load_advisories(engine, ["pkg:pypi/requests", "pkg:npm/%40babel/traverse", "pkg:x/y"])
    assert [a.id for a in both] == ["GHSA-67hx-6x53-jw92", "GHSA-x84v-xcm2-53pg", "PYSEC-2018-28"]
    assert both[2] == real("requests-pysec")  # GIT range with its repo, versions list
    assert load_advisories(engine, []) == ()
    assert advisory_counts(engine) == {"Maven": 1, "PyPI": 2, "npm": 2}


def test_newer_modified_wins_and_older_never_undoes_it(engine: Engine) -> None:
    old = real("lodash")
    new = dataclasses.replace(old, modified=old.modified + dt.timedelta(days=1), summary="newer")
    with engine.begin() as conn:
        assert write_advisories(conn, [new], imported_at=NOW) == 1
    with engine.begin() as conn:
        assert write_advisories(conn, [old], imported_at=NOW) == 0
    assert load_advisories(engine, ["pkg:npm/lodash"])[0].summary == "newer"
    moved = dataclasses.replace(
        new,
        summary="same time, later import",
        affected=(
            dataclasses.replace(new.affected[0], package="pkg:npm/lodash-es", name="lodash-es"),
        ),
    )
    with engine.begin() as conn:
        assert write_advisories(conn, [moved], imported_at=NOW) == 1  # equal modified replaces
    assert load_advisories(engine, ["pkg:npm/lodash"]) == ()
    (found,) = load_advisories(engine, ["pkg:npm/lodash-es"])
    assert found.summary == "same time, later import"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(advisory_packages)).scalar() == 1


def test_duplicates_in_one_batch_keep_the_newest(engine: Engine) -> None:
    base = real("requests")
    versions = [
        dataclasses.replace(base, modified=base.modified + dt.timedelta(hours=h), summary=str(h))
        for h in (3, 1, 2)
    ]
    with engine.begin() as conn:
        assert write_advisories(conn, versions, imported_at=NOW) == 1
    assert load_advisories(engine, ["pkg:pypi/requests"])[0].summary == "3"


def test_withdrawn_records_are_loaded_and_times_are_utc(engine: Engine) -> None:
    base = real("lodash")
    gone = dataclasses.replace(
        base, withdrawn=dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    )
    with engine.begin() as conn:
        write_advisories(conn, [gone], imported_at=NOW)
    (found,) = load_advisories(engine, ["pkg:npm/lodash"])
    assert found.withdrawn == dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
    assert found.withdrawn.utcoffset() == dt.timedelta(0)


def test_many_records_and_packages_in_chunks(engine: Engine) -> None:
    base = real("requests")
    many = [
        dataclasses.replace(
            base,
            id=f"GHSA-test-{i:04d}-aaaa",
            affected=(
                dataclasses.replace(base.affected[0], package=f"pkg:pypi/p{i}", name=f"p{i}"),
            ),
        )
        for i in range(4_500)
    ]
    with engine.begin() as conn:
        assert write_advisories(conn, iter(many), imported_at=NOW) == 4_500
    with engine.connect() as conn:  # a caller's own connection: left open for it
        found = load_advisories(conn, [f"pkg:pypi/p{i}" for i in range(0, 4_500, 2)])
        assert len(found) == 2_250
        assert conn.execute(select(func.count()).select_from(advisories)).scalar() == 4_500


def test_imports_one_row_per_ecosystem(engine: Engine) -> None:
    first = AdvisoryImport("PyPI", NOW - dt.timedelta(days=9), "old.zip", 10, 1, NOW)
    with engine.begin() as conn:
        record_import(conn, first)
        record_import(conn, AdvisoryImport("npm", NOW, "npm/all.zip", 5))
        record_import(conn, dataclasses.replace(first, imported_at=NOW, source="PyPI/all.zip"))
    rows = advisory_imports(engine)
    assert [(r.ecosystem, r.source, r.records) for r in rows] == [
        ("PyPI", "PyPI/all.zip", 10),
        ("npm", "npm/all.zip", 5),
    ]
    assert rows[0].imported_at == NOW and rows[0].newest == NOW and rows[0].skipped == 1
    assert rows[1].newest is None


def _dep(purl: str, name: str, ecosystem: str) -> Dependency:
    version = purl.rsplit("@", 1)[1]
    return Dependency(purl, ecosystem, name, version, None, Scope.RUNTIME, True, "lock", 3)


def test_load_organisation_reads_the_advisories_of_packages_in_use(engine: Engine) -> None:
    assert load_organisation(engine).advisories == ()  # nothing imported, nothing to read
    scan = RepoScan(
        repository=RepositoryRef("api", "/srv/git/api"),
        ref="HEAD",
        commit="c1",
        committed_at="2025-01-01T00:00:00+00:00",
        files=(),
        licence=RepoLicence(None, None, LicenceStatus.NONE),
        dependencies=(_dep("pkg:pypi/requests@2.19.1", "requests", "pypi"),),
    )
    save_scan(engine, scan, 1)
    with engine.begin() as conn:
        repo_id = ensure_repository(conn, scan.repository)
        write_advisories(
            conn, [real(n) for n in ("requests", "log4shell", "lodash")], imported_at=NOW
        )
    old = Snapshot("c0", (), (_dep("pkg:npm/lodash@4.17.20", "lodash", "npm"),), ())
    save_snapshot(engine, repo_id, dt.date(2024, 1, 1), old, None)
    data = load_organisation(engine)
    assert [a.id for a in data.advisories] == ["GHSA-35jh-r3h4-6jhm", "GHSA-x84v-xcm2-53pg"]
    assert data.advisories[1] == real("requests")
