"""The matching engine on real advisories (tests/analysis/osv_records/), eight ecosystems.

Every expectation is what the advisory itself says: its ranges, its fixed versions, its
aliases, its CVSS vector's base score as NVD publishes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from tests.analysis.osv_fixtures import advisory, affected_entries, dep, records

from lodestar.analysis import (
    advisory_index,
    advisory_severity,
    is_affected,
    lowest_fixed,
    match_dependencies,
)
from lodestar.records.vulns import Vulnerability


def _match(*dependencies: object, repository: str = "acme/api") -> list[Vulnerability]:
    return match_dependencies(repository, dependencies, advisory_index(records()))  # type: ignore[arg-type]


def _by_advisory(found: list[Vulnerability]) -> dict[str, Vulnerability]:
    return {v.advisory: v for v in found}


# --- aliases: one advisory, not three --------------------------------------------------------


def test_requests_ghsa_pysec_and_cve_are_one_advisory() -> None:
    index = advisory_index(records())
    group = index.group("PYSEC-2018-28")
    assert group is not None
    assert group is index.group("GHSA-x84v-xcm2-53pg") is index.group("CVE-2018-18074")
    assert group.id == "CVE-2018-18074"
    assert group.aliases == ("GHSA-x84v-xcm2-53pg", "PYSEC-2018-28")
    assert group.published == dt.datetime(2018, 10, 9, 17, 29, tzinfo=dt.UTC)  # the earliest

    (found,) = _match(dep("pypi", "requests", "2.19.1", manifest="requirements.txt", line=3))
    assert (found.advisory, found.status, found.fixed) == ("CVE-2018-18074", "affected", "2.20.0")
    assert found.aliases == ("GHSA-x84v-xcm2-53pg", "PYSEC-2018-28")
    assert found.affected == "<2.20.0"
    assert (found.score, found.band) == (7.5, "high")
    assert found.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
    assert found.summary == "Moderate severity vulnerability that affects requests"  # the GHSA's
    assert (found.manifest, found.line, found.package) == (
        "requirements.txt",
        3,
        "pkg:pypi/requests",
    )
    assert _match(dep("pypi", "requests", "2.20.0")) == []


def test_a_git_range_is_ignored_and_the_versions_list_is_read_as_pep_440() -> None:
    (pysec,) = affected_entries("PYSEC-2018-28")
    assert pysec.ranges[0].type == "GIT"
    assert not is_affected("pypi", "2.20.0", pysec)
    assert not is_affected("pypi", "c45d7c49ea75133e52ab22a8e9e13173938e36ff", pysec)
    # "0.12.01" is listed; PEP 440 reads it as 0.12.1, which is listed too
    assert is_affected("pypi", "0.12.01", pysec) and is_affected("pypi", "0.12.1", pysec)


# --- Maven: Log4Shell and its incomplete fix, several ranges --------------------------------


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("2.14.1", {"CVE-2021-44228": "2.15.0", "CVE-2021-45046": "2.16.0"}),
        ("2.15.0", {"CVE-2021-45046": "2.16.0"}),
        ("2.16.0", {}),
        ("2.12.1", {"CVE-2021-44228": "2.12.2", "CVE-2021-45046": "2.12.2"}),
        ("2.12.2", {}),
        ("2.3", {"CVE-2021-44228": "2.3.1", "CVE-2021-45046": "2.12.2"}),
        ("2.3.1", {"CVE-2021-45046": "2.12.2"}),
        ("2.0-beta9", {"CVE-2021-44228": "2.3.1", "CVE-2021-45046": "2.12.2"}),
        ("2.0-rc1", {"CVE-2021-44228": "2.3.1", "CVE-2021-45046": "2.12.2"}),
        ("2.15.0-SNAPSHOT", {"CVE-2021-44228": "2.15.0", "CVE-2021-45046": "2.16.0"}),
        ("2.17.1", {}),
    ],
)
def test_log4shell_in_maven_order(version: str, expected: dict[str, str]) -> None:
    found = _match(dep("maven", "org.apache.logging.log4j:log4j-core", version))
    assert {v.advisory: v.fixed for v in found} == expected
    assert all(v.band == "critical" and v.status == "affected" for v in found)


def test_log4shell_says_which_range_the_version_is_in() -> None:
    found = _by_advisory(_match(dep("maven", "org.apache.logging.log4j:log4j-core", "2.14.1")))
    assert found["CVE-2021-44228"].affected == ">=2.13.0, <2.15.0"
    assert found["CVE-2021-44228"].score == 10.0
    assert found["CVE-2021-45046"].score == 9.0
    # log4j-api is not named by the advisory
    assert _match(dep("maven", "org.apache.logging.log4j:log4j-api", "2.14.1")) == []


def test_results_are_sorted_by_band_then_advisory() -> None:
    found = _match(
        dep("npm", "semver", "7.5.1"),  # medium
        dep("maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),  # critical, twice
        dep("pypi", "requests", "2.19.1"),  # high
    )
    assert [(v.band, v.advisory) for v in found] == [
        ("critical", "CVE-2021-44228"),
        ("critical", "CVE-2021-45046"),
        ("high", "CVE-2018-18074"),
        ("medium", "CVE-2022-25883"),
    ]


# --- npm ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "fixed"),
    [
        ("7.5.1", "7.5.2"),
        ("7.0.0", "7.5.2"),
        ("7.5.2", None),
        ("6.3.0", "6.3.1"),
        ("6.3.1", None),
        ("5.7.1", "5.7.2"),
        ("5.7.2", None),
        ("7.0.0-rc.1", None),  # a pre-release of 7.0.0 sorts before 7.0.0 (and after 6.3.1)
        ("5.7.2-beta.1", "5.7.2"),  # …and a pre-release of 5.7.2 before 5.7.2
        ("v7.5.1", "7.5.2"),  # npm's loose "v"
    ],
)
def test_semver_redos_three_lines(version: str, fixed: str | None) -> None:
    entries = advisory("GHSA-c2qf-rxjj-qqgw").affected
    assert any(is_affected("npm", version, a) for a in entries) is (fixed is not None)
    found = _match(dep("npm", "semver", version))
    assert [v.fixed for v in found] == ([fixed] if fixed else [])


def test_lodash_and_lodash_es_are_two_packages_of_one_advisory() -> None:
    found = _match(dep("npm", "lodash", "4.17.20"), dep("npm", "lodash-es", "4.17.20"))
    assert [(v.advisory, v.package, v.fixed) for v in found] == [
        ("CVE-2021-23337", "pkg:npm/lodash", "4.17.21"),
        ("CVE-2021-23337", "pkg:npm/lodash-es", "4.17.21"),
    ]
    assert found[0].score == 7.2 and found[0].band == "high"
    assert _match(dep("npm", "lodash", "4.17.21")) == []


def test_a_withdrawn_record_matches_nothing() -> None:
    index = advisory_index(records())
    assert index.group("GHSA-32vw-r77c-gm67") is None
    assert index.affecting("pkg:npm/marked") == ()
    assert _match(dep("npm", "marked", "0.3.2")) == []


# --- Go: pseudo-versions, a SEMVER range --------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("v0.0.0-20201208171446-5f87f3452ae9", True),  # an earlier commit's pseudo-version
        ("v0.0.0-20201216223049-8b5274cf687f", False),  # the fix
        ("v0.0.0-20210921155107-089bfa567519", False),
        ("v0.1.0", False),
        ("v0.0.0-00010101000000-000000000000", True),
    ],
)
def test_go_pseudo_versions(version: str, affected: bool) -> None:
    (entry,) = affected_entries("GO-2021-0227")
    assert is_affected("golang", version, entry) is affected
    found = _match(dep("golang", "golang.org/x/crypto", version, manifest="go.mod"))
    assert bool(found) is affected
    if affected:
        assert found[0].advisory == "CVE-2020-29652"  # the CVE, with GO- and GHSA- as aliases
        assert found[0].aliases == ("GHSA-3vm4-22fp-5rfm", "GO-2021-0227")
        assert found[0].fixed == "0.0.0-20201216223049-8b5274cf687f"
        assert found[0].band == "unknown"  # the Go database publishes no severity


# --- crates.io: pre-release events in one SEMVER range --------------------------------------


@pytest.mark.parametrize(
    ("version", "fixed"),
    [
        ("0.1.43", "0.2.0"),
        ("0.2.0", None),
        ("0.2.1-beta.1", "0.2.1"),  # the record affects 0.2.1's pre-releases only
        ("0.2.1", None),
        ("0.2.6", None),
        ("0.2.7", "0.2.23"),
        ("0.2.22", "0.2.23"),
        ("0.2.23", None),
        ("0.3.17", None),
    ],
)
def test_time_crate_segfault(version: str, fixed: str | None) -> None:
    (entry,) = affected_entries("RUSTSEC-2020-0071")
    assert lowest_fixed("cargo", version, entry) == fixed
    assert is_affected("cargo", version, entry) is (fixed is not None)


def test_time_crate_reports_its_segment_and_score() -> None:
    (found,) = _match(dep("cargo", "time", "0.2.22", manifest="Cargo.lock"))
    assert found.advisory == "CVE-2020-26235"
    assert found.aliases == ("GHSA-wcg3-cvx6-7396", "RUSTSEC-2020-0071")
    assert found.affected == ">=0.2.7-0, <0.2.23"
    assert (found.score, found.band) == (6.2, "medium")


# --- RubyGems: four-part versions, four lines ----------------------------------------------------


@pytest.mark.parametrize(
    ("version", "fixed"),
    [
        ("6.1.4.5", "6.1.4.6"),
        ("6.1.4.6", None),
        ("7.0.2.1", "7.0.2.2"),
        ("7.0.0", "7.0.2.2"),  # 7.0.0 == 7.0.0.0 for RubyGems
        ("7.0.0.rc1", None),  # a pre-release sorts before 7.0.0.0
        ("5.2.6", "5.2.6.2"),
        ("4.2.11.3", None),
    ],
)
def test_actionpack_lines(version: str, fixed: str | None) -> None:
    found = _match(dep("gem", "actionpack", version, manifest="Gemfile.lock"))
    assert [v.fixed for v in found] == ([fixed] if fixed else [])


# --- Packagist, NuGet ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "fixed"),
    [("6.5.5", "6.5.6"), ("6.5.6", None), ("7.4.2", "7.4.3"), ("v7.4.2", "7.4.3"), ("7.4.3", None)],
)
def test_guzzle_cookie_leak(version: str, fixed: str | None) -> None:
    found = _match(dep("composer", "guzzlehttp/guzzle", version, manifest="composer.lock"))
    assert [(v.fixed, v.score) for v in found] == ([(fixed, 8.0)] if fixed else [])


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("12.0.3", True),
        ("13.0.1", False),
        ("13.0.1-beta1", True),
        ("9.0.1", True),
        ("13.0.3", False),
    ],
)
def test_newtonsoft_json_without_a_vector(version: str, affected: bool) -> None:
    found = _match(dep("nuget", "Newtonsoft.Json", version, manifest="packages.lock.json"))
    assert bool(found) is affected
    if found:
        assert (found[0].advisory, found[0].fixed) == ("GHSA-5crp-9r3c-p9vr", "13.0.1")
        assert (found[0].score, found[0].band, found[0].vector) == (None, "low", None)


# --- last_affected, and a withdrawal that leaves another database's record -------------------


def test_last_affected_is_inclusive_and_names_no_fix() -> None:
    (found,) = _match(dep("pypi", "py", "1.11.0"))
    assert found.advisory == "CVE-2022-42969"
    assert found.aliases == ("GHSA-w596-4wvx-j9j6", "PYSEC-2022-42969")
    assert (found.affected, found.fixed) == ("<=1.11.0", None)
    assert (found.score, found.band) == (5.3, "medium")
    assert _match(dep("pypi", "py", "1.11.1")) == []
    (ghsa,) = affected_entries("GHSA-w596-4wvx-j9j6")
    assert is_affected("pypi", "1.4.7.dev3", ghsa)
    assert lowest_fixed("pypi", "1.4.7", ghsa) is None


def test_withdrawn_ghsa_leaves_the_pysec_record_standing() -> None:
    """GitHub withdrew GHSA-w596-4wvx-j9j6 in August 2025 (github/advisory-database#5878);
    the PyPA's record of the same CVE still stands, so py stays affected, now without the
    GHSA's vector (the PyPA publishes none)."""
    withdrawn = dataclasses.replace(
        advisory("GHSA-w596-4wvx-j9j6"),
        withdrawn=dt.datetime(2025, 8, 1, tzinfo=dt.UTC),
        modified=dt.datetime(2025, 8, 1, tzinfo=dt.UTC),
    )
    others = [a for a in records() if a.id != "GHSA-w596-4wvx-j9j6"]
    index = advisory_index([*others, withdrawn])
    (found,) = match_dependencies("acme/api", [dep("pypi", "py", "1.10.0")], index)
    assert found.advisory == "CVE-2022-42969"
    assert "GHSA-w596-4wvx-j9j6" in found.aliases
    assert (found.score, found.band) == (None, "unknown")
    # alone, the withdrawn record is no advisory at all
    alone = advisory_index([withdrawn])
    assert len(alone) == 0
    assert match_dependencies("acme/api", [dep("pypi", "py", "1.10.0")], alone) == []


def test_the_newest_copy_of_a_record_wins() -> None:
    old = advisory("GHSA-w596-4wvx-j9j6")
    newer = dataclasses.replace(
        old,
        withdrawn=dt.datetime(2025, 8, 1, tzinfo=dt.UTC),
        modified=dt.datetime(2025, 8, 1, tzinfo=dt.UTC),
    )
    assert len(advisory_index([old, newer])) == 0
    assert len(advisory_index([newer, old])) == 0


# --- severity -----------------------------------------------------------------------------------


def test_severity_of_real_records() -> None:
    assert advisory_severity(advisory("GHSA-jfh8-c2jp-5v3q")) == (
        10.0,
        "critical",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
    )
    assert advisory_severity(advisory("GHSA-wh98-p28r-vrc9"))[:2] == (7.4, "high")
    assert advisory_severity(advisory("GHSA-5crp-9r3c-p9vr")) == (None, "low", None)
    assert advisory_severity(advisory("GO-2021-0227")) == (None, "unknown", None)
