"""Matching rules: unpinned declarations, what is skipped, deduplication, the index, severity."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.analysis.osv_fixtures import dep, records

from lodestar.analysis import (
    SEVERITY_BANDS,
    advisory_index,
    advisory_severity,
    match_dependencies,
    match_observations,
)
from lodestar.records.rows import Observation
from lodestar.records.vulns import (
    Advisory,
    AffectedPackage,
    AffectedRange,
    RangeEvent,
    SeverityVector,
)

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
INDEX = advisory_index(records())


def _statuses(*dependencies: object) -> list[tuple[str, str, str | None]]:
    found = match_dependencies("acme/api", dependencies, INDEX)  # type: ignore[arg-type]
    return [(v.advisory, v.status, v.affected) for v in found]


# --- unpinned declarations: may be affected, never affected ---------------------------------


@pytest.mark.parametrize(
    ("purl_type", "name", "constraint", "expected"),
    [
        ("pypi", "requests", ">=2.0,<3", [("CVE-2018-18074", "may-be-affected", "<2.20.0")]),
        ("pypi", "requests", ">=2.20.0", []),
        ("pypi", "requests", "~=2.19", [("CVE-2018-18074", "may-be-affected", "<2.20.0")]),
        ("pypi", "requests", "==2.31.*", []),
        ("pypi", "requests", "*", [("CVE-2018-18074", "may-be-affected", "<2.20.0")]),
        ("pypi", "py", ">=1.11", [("CVE-2022-42969", "may-be-affected", "<=1.11.0")]),
        ("pypi", "py", ">1.11.0", [("CVE-2022-42969", "may-be-affected", "<=1.11.0")]),
        ("pypi", "py", ">=1.11.1", []),
        ("npm", "semver", "^7.0.0", [("CVE-2022-25883", "may-be-affected", ">=7.0.0, <7.5.2")]),
        ("npm", "semver", "^7.5.2", []),
        ("npm", "semver", "^6.3.1 || ^7.5.2", []),
        (
            "npm",
            "semver",
            "^5.0.0 || ^6.0.0",
            [("CVE-2022-25883", "may-be-affected", "<5.7.2; >=6.0.0, <6.3.1")],
        ),
        ("npm", "lodash", "~4.17.21", []),
        ("npm", "lodash", "^4.17.15", [("CVE-2021-23337", "may-be-affected", "<4.17.21")]),
        ("cargo", "time", "0.1", [("CVE-2020-26235", "may-be-affected", ">=0.0.0-0, <0.2.0")]),
        ("cargo", "time", "0.3", []),
        ("cargo", "time", "=0.2.1", []),  # only 0.2.1's pre-releases are affected
        ("gem", "actionpack", "~> 7.0.2, >= 7.0.2.2", []),
        (
            "gem",
            "actionpack",
            "~> 6.1.0",
            [("CVE-2022-23633", "may-be-affected", ">=6.1.0.0, <6.1.4.6")],
        ),
        ("composer", "guzzlehttp/guzzle", "^6.5.6|^7.4.3", []),
        (
            "composer",
            "guzzlehttp/guzzle",
            "^7.0",
            [("CVE-2022-29248", "may-be-affected", ">=7.0.0, <7.4.3")],
        ),
        (
            "nuget",
            "Newtonsoft.Json",
            "[12.0.1,)",
            [("GHSA-5crp-9r3c-p9vr", "may-be-affected", "<13.0.1")],
        ),
        ("nuget", "Newtonsoft.Json", "[13.0.1,)", []),
        (
            "nuget",
            "Newtonsoft.Json",
            "[12.0.3]",
            [("GHSA-5crp-9r3c-p9vr", "may-be-affected", "<13.0.1")],
        ),
        (
            "nuget",
            "Newtonsoft.Json",
            "(,13.0.1)",
            [("GHSA-5crp-9r3c-p9vr", "may-be-affected", "<13.0.1")],
        ),
        ("maven", "org.apache.logging.log4j:log4j-core", "[2.17.1,)", []),
        ("maven", "org.apache.logging.log4j:log4j-core", "2.17.1", []),  # Maven's soft requirement
    ],
)
def test_constraints(
    purl_type: str, name: str, constraint: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _statuses(dep(purl_type, name, None, constraint)) == expected


def test_maven_interval_meets_only_the_log4shell_lines_it_admits() -> None:
    found = _statuses(dep("maven", "org.apache.logging.log4j:log4j-core", None, "[2.10,2.16)"))
    assert found == [
        ("CVE-2021-44228", "may-be-affected", ">=2.4, <2.12.2; >=2.13.0, <2.15.0"),
        ("CVE-2021-45046", "may-be-affected", "<2.12.2; >=2.13.0, <2.16.0"),
    ]


def test_a_may_be_affected_use_has_no_version_and_no_fix() -> None:
    (found,) = match_dependencies(
        "acme/api", [dep("pypi", "requests", None, ">=2", manifest="pyproject.toml", line=9)], INDEX
    )
    assert (found.version, found.constraint, found.fixed) == (None, ">=2", None)
    assert (found.manifest, found.line, found.purl) == ("pyproject.toml", 9, "pkg:pypi/requests")


@pytest.mark.parametrize("constraint", [None, "", "git+https://github.com/psf/requests", "latest"])
def test_nothing_said_without_a_version_or_a_readable_constraint(constraint: str | None) -> None:
    assert _statuses(dep("pypi", "requests", None, constraint)) == []


def test_a_version_wins_over_the_constraint() -> None:
    assert _statuses(dep("pypi", "requests", "2.31.0", ">=2.0")) == []
    assert _statuses(dep("pypi", "requests", "2.19.0", ">=2.20")) == [
        ("CVE-2018-18074", "affected", "<2.20.0")
    ]


# --- what is skipped, what is merged ----------------------------------------------------------


def test_fixture_dependencies_are_not_matched() -> None:
    assert _statuses(dep("pypi", "requests", "2.19.1", fixture=True)) == []


def test_identical_uses_are_reported_once_per_manifest() -> None:
    found = match_dependencies(
        "acme/api",
        [
            dep("npm", "lodash", "4.17.20", manifest="package-lock.json", line=10),
            dep("npm", "lodash", "4.17.20", manifest="package-lock.json", line=99, direct=False),
            dep("npm", "lodash", "4.17.20", manifest="web/package-lock.json"),
            dep("npm", "lodash", "4.17.19", manifest="package-lock.json"),
        ],
        INDEX,
    )
    assert [(v.manifest, v.version, v.line) for v in found] == [
        ("package-lock.json", "4.17.19", None),
        ("package-lock.json", "4.17.20", 10),  # the first declaration is kept
        ("web/package-lock.json", "4.17.20", None),
    ]


def test_observations_are_matched_per_repository() -> None:
    observations = [
        Observation("acme/web", "c1", dependencies=(dep("npm", "lodash", "4.17.20"),)),
        Observation("acme/api", "c2", dependencies=(dep("npm", "lodash", "4.17.20"),)),
        Observation("acme/ok", "c3", dependencies=(dep("npm", "lodash", "4.17.21"),)),
    ]
    found = match_observations(observations, INDEX)
    assert [(v.repository, v.advisory) for v in found] == [
        ("acme/api", "CVE-2021-23337"),
        ("acme/web", "CVE-2021-23337"),
    ]


def test_a_package_of_another_ecosystem_with_the_same_name_is_not_matched() -> None:
    assert _statuses(dep("npm", "requests", "2.19.1"), dep("pypi", "lodash", "4.17.20")) == []


# --- the index -----------------------------------------------------------------------------------


def _advisory(advisory_id: str, *aliases: str, withdrawn: bool = False) -> Advisory:
    return Advisory(
        advisory_id,
        NOW,
        aliases=aliases,
        withdrawn=NOW if withdrawn else None,
        affected=(
            AffectedPackage(
                "npm",
                "x",
                "pkg:npm/x",
                (AffectedRange("ECOSYSTEM", (RangeEvent("introduced", "0"),)),),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("records_", "canonical"),
    [
        (
            [
                _advisory("GHSA-bbbb-bbbb-bbbb", "CVE-2024-1"),
                _advisory("PYSEC-2024-1", "CVE-2024-1"),
            ],
            "CVE-2024-1",
        ),
        # two CVEs: the GHSA (the smallest of them)
        (
            [
                _advisory("GHSA-bbbb-bbbb-bbbb", "CVE-2024-1", "CVE-2024-2"),
                _advisory("GHSA-aaaa-aaaa-aaaa", "CVE-2024-2"),
            ],
            "GHSA-aaaa-aaaa-aaaa",
        ),
        (
            [_advisory("RUSTSEC-2024-0002"), _advisory("OSV-2024-1", "RUSTSEC-2024-0002")],
            "OSV-2024-1",
        ),
    ],
)
def test_canonical_id_whatever_the_order(records_: list[Advisory], canonical: str) -> None:
    assert [g.id for g in advisory_index(records_).groups] == [canonical]
    assert [g.id for g in advisory_index(reversed(records_)).groups] == [canonical]


def test_aliases_chain_transitively() -> None:
    index = advisory_index(
        [
            _advisory("GHSA-aaaa-aaaa-aaaa", "CVE-2024-1"),
            _advisory("PYSEC-1", "CVE-2024-1"),
            _advisory("OSV-1", "PYSEC-1"),
        ]
    )
    (group,) = index.groups
    assert group.id == "CVE-2024-1"
    assert group.aliases == ("GHSA-aaaa-aaaa-aaaa", "OSV-1", "PYSEC-1")
    assert len(group.records) == 3
    assert group.records[0].id == "GHSA-aaaa-aaaa-aaaa"  # no record has the CVE's id: GHSA first


def test_withdrawn_only_groups_disappear() -> None:
    index = advisory_index(
        [
            _advisory("GHSA-aaaa-aaaa-aaaa", "CVE-2024-1", withdrawn=True),
            _advisory("GHSA-cccc-cccc-cccc"),
        ]
    )
    assert [g.id for g in index.groups] == ["GHSA-cccc-cccc-cccc"]
    assert index.group("CVE-2024-1") is None


# --- severity ----------------------------------------------------------------------------------


def _scored(*vectors: tuple[str, str], database: str | None = None) -> Advisory:
    return Advisory(
        "GHSA-x",
        NOW,
        severity=tuple(SeverityVector(t, s) for t, s in vectors),
        database_severity=database,
    )


V4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"
V2 = "AV:N/AC:M/Au:N/C:N/I:P/A:N"


@pytest.mark.parametrize(
    ("advisory", "expected"),
    [
        (_scored(("CVSS_V3", V31), ("CVSS_V4", V4)), (9.3, "critical", V4)),  # v4 first
        (_scored(("CVSS_V4", "CVSS:4.0/AV:X"), ("CVSS_V3", V31)), (5.3, "medium", V31)),  # bad v4
        (_scored(("CVSS_V2", V2)), (4.3, "medium", V2)),
        (_scored(("CVSS_V3", "not a vector"), database="MODERATE"), (None, "medium", None)),
        (_scored(database="CRITICAL"), (None, "critical", None)),
        (_scored(database="weird"), (None, "unknown", None)),
        (_scored(("Ubuntu", "high")), (None, "unknown", None)),
        (
            _scored(("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")),
            (0.0, "none", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"),
        ),
        (_scored(("CVSS_V3", "CVSS:3.1/" + "A" * 10_000)), (None, "unknown", None)),
    ],
)
def test_severity(advisory: Advisory, expected: tuple[float | None, str, str | None]) -> None:
    assert advisory_severity(advisory) == expected
    assert expected[1] in SEVERITY_BANDS


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (10.0, "critical"),
        (9.0, "critical"),
        (8.9, "high"),
        (7.0, "high"),
        (6.9, "medium"),
        (4.0, "medium"),
        (3.9, "low"),
        (0.1, "low"),
        (0.0, "none"),
    ],
)
def test_first_bands(score: float, band: str) -> None:
    from lodestar.analysis.advisory_groups import band_for_score

    assert band_for_score(score) == band


def test_calls_sharing_an_index_share_its_verdicts() -> None:
    index = advisory_index(records())
    months = [
        [dep("npm", "lodash", "4.17.20"), dep("pypi", "requests", "2.19.1")],
        [dep("npm", "lodash", "4.17.20"), dep("pypi", "requests", "2.20.0")],
    ]
    first = [match_dependencies("acme/api", deps, index) for deps in months]
    assert [[v.advisory for v in found] for found in first] == [
        ["CVE-2018-18074", "CVE-2021-23337"],
        ["CVE-2021-23337"],
    ]
    assert len(index.memo["verdicts"]) == 3  # lodash@4.17.20 judged once for both months
    again = [match_dependencies("acme/api", deps, index) for deps in months]
    assert again == first
