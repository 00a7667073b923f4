"""One answer per question: the cockpit's Vulnerabilities page, its API and its home tile show
the organisation evaluation's figures, read from a real store.

Real OSV records (tests/osv_records.py: requests GHSA-x84v-xcm2-53pg and its PYSEC alias,
lodash GHSA-35jh-r3h4-6jhm) are imported through the store's writer, scans and monthly
snapshots are saved as a scan would save them, and the same store is read twice: by
``load_organisation`` + ``evaluate_organisation`` (what ``lodestar vulns``/``check`` use) and by
``load_cockpit`` (the pages and the API).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.osv_records import record_bytes

from lodestar.analysis.organisation import OrganisationEvaluation, evaluate_organisation
from lodestar.records import (
    Dependency,
    FileKind,
    FileStat,
    LicenceStatus,
    RepoLicence,
    RepoScan,
    RepositoryRef,
    Scope,
)
from lodestar.records.snapshots import Snapshot
from lodestar.records.vulns import AdvisoryImport
from lodestar.safeparse import read_advisory
from lodestar.store import (
    ensure_repository,
    load_organisation,
    record_import,
    save_snapshot,
    write_advisories,
)
from lodestar.store.db import database
from lodestar.store.writer import save_scan
from lodestar.web.app import create_app
from lodestar.web.cockpit import HINTS, Cockpit, load_cockpit
from lodestar.web.contexts_home import home_context

TODAY = dt.date(2024, 6, 10)
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def _dep(purl: str, manifest: str) -> Dependency:
    package, version = purl.rsplit("@", 1)
    eco, name = package.removeprefix("pkg:").split("/", 1)
    return Dependency(purl, eco, name, version, f"=={version}", Scope.RUNTIME, True, manifest, 7)


def _scan(name: str, *deps: Dependency) -> RepoScan:
    return RepoScan(
        repository=RepositoryRef(name, f"/srv/git/{name}"),
        ref="HEAD",
        commit="c" * 40,
        committed_at="2024-06-01T10:00:00+00:00",
        files=(FileStat("app.py", "Python", FileKind.OWN, 100, False, 80, 5, 5),),
        licence=RepoLicence("MIT", "MIT", LicenceStatus.OK),
        dependencies=deps,
    )


def _store(url: str, *, advisories: tuple[str, ...]) -> None:
    old_requests = _dep("pkg:pypi/requests@2.19.1", "requirements.txt")
    lodash = _dep("pkg:npm/lodash@4.17.20", "package-lock.json")
    with database(url) as engine:
        save_scan(engine, _scan("orders-api", old_requests, lodash), 1)
        save_scan(engine, _scan("billing", _dep("pkg:pypi/requests@2.20.0", "requirements.txt")), 1)
        with engine.begin() as conn:
            billing = ensure_repository(conn, RepositoryRef("billing", "/srv/git/billing"))
            orders = ensure_repository(conn, RepositoryRef("orders-api", "/srv/git/orders-api"))
            records = [read_advisory(record_bytes(n), f"{n}.json") for n in advisories]
            write_advisories(conn, records, imported_at=NOW)
            if advisories:
                record_import(conn, AdvisoryImport("PyPI", NOW, "all.zip", len(records)))
        for month in (1, 2, 3):  # billing used requests 2.19.1 until March
            snap = Snapshot(f"{month}" * 40, (), (old_requests,), ())
            save_snapshot(engine, billing, dt.date(2024, month, 1), snap, None)
        for month in (4, 5):
            snap = Snapshot(f"{month}" * 40, (), (_dep("pkg:pypi/requests@2.20.0", "r.txt"),), ())
            save_snapshot(engine, billing, dt.date(2024, month, 1), snap, None)
        snap = Snapshot("9" * 40, (), (old_requests, lodash), ())
        save_snapshot(engine, orders, dt.date(2024, 5, 1), snap, None)


def _both(engine: Engine) -> tuple[OrganisationEvaluation, Cockpit]:
    evaluation = evaluate_organisation(load_organisation(engine, history=True), None, today=TODAY)
    cockpit = load_cockpit(engine, organisation="Parity", root=None, today=TODAY)
    return evaluation, cockpit


def test_page_api_and_home_tile_show_the_evaluation(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lodestar.db'}"
    _store(url, advisories=("requests", "requests-pysec", "lodash"))
    with database(url) as engine:
        evaluation, cockpit = _both(engine)
    assert evaluation.exposure is not None and cockpit.note("advisories") is None
    # the PYSEC record and the GHSA are one advisory: two matches, not three
    assert sorted((v.advisory, v.repository) for v in evaluation.vulnerabilities) == [
        ("CVE-2018-18074", "orders-api"),
        ("CVE-2021-23337", "orders-api"),
    ]
    body = TestClient(create_app(lambda: cockpit)).get("/api/vulnerabilities").json()
    assert [tuple(b) for b in body["open_bands"]] == list(evaluation.exposure.open_bands)
    assert [(r["advisory"], r["repository"], r["package"], r["fixed"]) for r in body["rows"]] == [
        (v.advisory, v.repository, v.package, v.fixed) for v in evaluation.vulnerabilities
    ]
    spans = {(s["advisory"], s["repository"]): (s["status"], s["days"]) for s in body["spans"]}
    assert spans == {
        (s.advisory, s.repository): (s.status, s.days) for s in evaluation.exposure.spans
    }
    # billing: requests 2.19.1 Jan-Mar 2024, 2.20.0 from April: fixed 2024-04-01, counted from
    # January (the advisory is of 2018)
    assert spans[("CVE-2018-18074", "billing")] == ("fixed", 91)
    assert [tuple(r.values()) for r in body["remediation"]] == [
        (r.team, r.fixed, r.open, r.mean_days, r.median_days)
        for r in (*evaluation.exposure.teams, evaluation.exposure.organisation)
    ]
    bands = dict(evaluation.exposure.open_bands)
    tile = next(
        t for lv in home_context(cockpit).levels for t in lv.tiles if t.title == "Vulnerabilities"
    )
    assert tile.value == str(bands["critical"] + bands["high"])


def test_without_an_import_the_page_says_how_to_import(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lodestar.db'}"
    _store(url, advisories=())
    with database(url) as engine:
        evaluation, cockpit = _both(engine)
    assert evaluation.exposure is None and cockpit.note("advisories") == HINTS["advisories"]
    body = TestClient(create_app(lambda: cockpit)).get("/api/vulnerabilities").json()
    assert "lodestar vulns update --from" in body["note"]


def test_an_import_that_names_nothing_in_use_is_not_missing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lodestar.db'}"
    _store(url, advisories=("log4shell",))  # Maven: nothing here uses log4j
    with database(url) as engine:
        evaluation, cockpit = _both(engine)
    assert evaluation.vulnerabilities == () and cockpit.note("advisories") is None
    body = TestClient(create_app(lambda: cockpit)).get("/api/vulnerabilities").json()
    assert body["note"] is None and body["rows"] == []
