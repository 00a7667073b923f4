"""The demo's planted advisories: real OSV records that match what the demo repositories use.

No scan here: the records are read as ``vulns update --from`` reads them and matched against the
versions the demo content plants, so a change to either that breaks the story fails fast.
"""

from __future__ import annotations

from importlib import resources

import pytest

from lodestar.analysis import advisory_index, match_dependencies
from lodestar.demo.content import flask, golang, java, node
from lodestar.records import Dependency, Scope
from lodestar.records.vulns import Advisory, Vulnerability
from lodestar.safeparse import read_advisories

FOLDER = resources.files("lodestar.demo") / "workspace" / "advisories"


def _records() -> list[Advisory]:
    found: list[Advisory] = []
    for item in sorted(FOLDER.iterdir(), key=lambda i: i.name):
        records, refused = read_advisories(item.read_bytes(), f"advisories/{item.name}")
        assert refused == [], item.name
        found += records
    return found


def _dep(purl: str, version: str | None, constraint: str, manifest: str) -> Dependency:
    kind, _, name = purl.removeprefix("pkg:").partition("/")
    full = f"{purl}@{version}" if version else purl
    return Dependency(full, kind, name, version, constraint, Scope.RUNTIME, True, manifest, 1)


def _matches(dependency: Dependency) -> list[Vulnerability]:
    return match_dependencies("demo", [dependency], advisory_index(_records()))


def test_every_record_is_read_and_named_by_its_file() -> None:
    records = _records()
    assert sorted(f"{r.id}.json" for r in records) == sorted(i.name for i in FOLDER.iterdir())
    assert all(r.published is not None and r.modified >= r.published for r in records)


def test_requests_two_records_are_one_advisory_and_the_february_pin_fixes_it() -> None:
    pinned = flask.PINNED["requests"]
    assert pinned == "2.19.1"
    found = _matches(_dep("pkg:pypi/requests", pinned, f"=={pinned}", "requirements.txt"))
    assert [(v.advisory, v.status, v.fixed, v.band) for v in found] == [
        ("CVE-2018-18074", "affected", "2.20.0", "high")
    ]
    assert set(found[0].aliases) == {"GHSA-x84v-xcm2-53pg", "PYSEC-2018-28"}
    fix = flask.UPGRADES["requests"][0]
    assert _matches(_dep("pkg:pypi/requests", fix, f"=={fix}", "requirements.txt")) == []


def test_an_unpinned_requests_may_be_affected() -> None:
    found = _matches(_dep("pkg:pypi/requests", None, ">=2.18", "scripts/requirements.txt"))
    assert [(v.advisory, v.status, v.version) for v in found] == [
        ("CVE-2018-18074", "may-be-affected", None)
    ]


def test_lodash_in_the_bff_is_affected_twice() -> None:
    version = node.BFF_DEPS["lodash"]
    found = _matches(_dep("pkg:npm/lodash", version, f"^{version}", "yarn.lock"))
    assert {(v.advisory, v.fixed) for v in found} == {
        ("CVE-2020-8203", "4.17.19"),
        ("CVE-2021-23337", "4.17.21"),
    }
    assert {v.status for v in found} == {"affected"}


def test_log4shell_in_the_ledger_is_critical() -> None:
    assert "<log4j2.version>2.14.1</log4j2.version>" in java.pom_xml("1", "42", "9")
    found = _matches(
        _dep("pkg:maven/org.apache.logging.log4j/log4j-core", "2.14.1", "2.14.1", "pom.xml")
    )
    assert [(v.advisory, v.fixed, v.band, v.score) for v in found] == [
        ("CVE-2021-44228", "2.15.0", "critical", 10.0)
    ]


@pytest.mark.parametrize(("version", "hit"), [("2.12.1", True), ("2.12.2", False), ("2.3", True)])
def test_log4shell_keeps_its_three_ranges(version: str, hit: bool) -> None:
    found = _matches(
        _dep("pkg:maven/org.apache.logging.log4j/log4j-core", version, version, "pom.xml")
    )
    assert bool(found) is hit


def test_terrapin_in_inventory_service_is_matched_with_go_versions() -> None:
    version = golang.INDIRECT["golang.org/x/crypto"]
    assert version == "v0.15.0"
    found = _matches(_dep("pkg:golang/golang.org/x/crypto", version, version, "go.mod"))
    assert [(v.advisory, v.fixed, v.band) for v in found] == [
        ("CVE-2023-48795", "0.17.0", "unknown")  # the Go database gives no CVSS vector
    ]
    assert set(found[0].aliases) == {"GO-2023-2402", "GHSA-45x7-px36-x8w8"}
