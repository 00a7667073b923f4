"""Exposure history from hand-built monthly snapshots, matched by a stand-in engine.

The advisories are real (ids, affected ranges, fixed versions and publication dates as GitHub's
advisory database gives them); the stand-in ``match`` compares versions the way the matching
engine does for these plain ``x.y.z`` versions, so the test is about the months, not the ranges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest
from packaging.version import Version

from lodestar.analysis.exposure import UNOWNED, vulnerability_exposure
from lodestar.analysis.organisation import evaluate_organisation
from lodestar.records import (
    Dependency,
    MonthlySnapshot,
    Observation,
    OrganisationData,
    Policies,
    Scope,
    Strategy,
)
from lodestar.records.owners import RepositoryOwner
from lodestar.records.vulns import (
    Advisory,
    AffectedPackage,
    AffectedRange,
    RangeEvent,
    SeverityVector,
    VexStatement,
    Vulnerability,
    VulnerabilityPolicy,
)

TODAY = dt.date(2025, 2, 10)

# (canonical id, aliases, package, introduced, fixed, published, band, score)
WERKZEUG = (  # high resource use parsing multipart form data
    "CVE-2023-25577",
    ("GHSA-xg9f-g7g7-2323",),
    "pkg:pypi/werkzeug",
    "0",
    "2.2.3",
    dt.date(2023, 2, 14),
    "high",
    7.5,
)
REQUESTS = (  # Proxy-Authorization header leaked on redirects
    "CVE-2023-32681",
    ("GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"),
    "pkg:pypi/requests",
    "2.3.0",
    "2.31.0",
    dt.date(2023, 5, 22),
    "medium",
    6.1,
)
LODASH = (  # command injection via template
    "CVE-2021-23337",
    ("GHSA-35jh-r3h4-6jhm",),
    "pkg:npm/lodash",
    "0",
    "4.17.21",
    dt.date(2021, 2, 15),
    "high",
    7.2,
)
ADVISORIES = (WERKZEUG, REQUESTS, LODASH)


def dep(package: str, version: str, *, line: int = 4) -> Dependency:
    eco, name = package.removeprefix("pkg:").split("/", 1)
    return Dependency(
        purl=f"{package}@{version}",
        ecosystem=eco,
        name=name,
        version=version,
        constraint=f"=={version}",
        scope=Scope.RUNTIME,
        direct=True,
        manifest="requirements.txt" if eco == "pypi" else "package-lock.json",
        line=line,
    )


def match(repository: str, deps: Sequence[Dependency]) -> list[Vulnerability]:
    out = []
    for d in deps:
        for ident, aliases, package, introduced, fixed, published, band, score in ADVISORIES:
            package_of = d.purl.split("@", 1)[0]
            if package_of != package or d.version is None:
                continue
            if Version(introduced) <= Version(d.version) < Version(fixed):
                out.append(
                    Vulnerability(
                        advisory=ident,
                        aliases=aliases,
                        summary="",
                        repository=repository,
                        purl=d.purl,
                        package=package,
                        version=d.version,
                        constraint=d.constraint,
                        manifest=d.manifest,
                        line=d.line,
                        direct=d.direct,
                        scope=d.scope.value,
                        status="affected",
                        affected=f">={introduced}, <{fixed}",
                        fixed=fixed,
                        score=score,
                        band=band,
                        published=published,
                    )
                )
    return out


def snap(repository: str, year: int, month: int, *deps: Dependency) -> MonthlySnapshot:
    return MonthlySnapshot(
        repository, dt.date(year, month, 1), f"{year:04d}{month:02d}".ljust(40, "0"), (), deps
    )


def months(
    repository: str, start: tuple[int, int], end: tuple[int, int], *deps: Dependency
) -> Iterator[MonthlySnapshot]:
    year, month = start
    while (year, month) <= end:
        yield snap(repository, year, month, *deps)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def test_exposed_january_to_may_fixed_in_june() -> None:
    snaps = [
        *months("orders", (2023, 1), (2023, 5), dep("pkg:pypi/werkzeug", "2.2.2")),
        *months("orders", (2023, 6), (2025, 1), dep("pkg:pypi/werkzeug", "2.2.3")),
    ]
    result = vulnerability_exposure(snaps, [], match, today=TODAY)
    (span,) = result.spans
    assert span.advisory == "CVE-2023-25577"
    assert span.months == tuple(dt.date(2023, m, 1) for m in range(1, 6))
    assert (span.first, span.last) == (dt.date(2023, 1, 1), dt.date(2023, 5, 1))
    assert not span.open and span.status == "fixed"
    # exposed before publication: counted from the publication (2023-02-14) to June's first day
    assert span.start == dt.date(2023, 2, 14)
    assert span.fixed == dt.date(2023, 6, 1)
    assert span.days == 107
    assert result.granularity == "month"
    assert result.organisation.fixed == 1 and result.organisation.mean_days == 107.0
    # the series counts from the month of publication: January was not yet known
    per_month = {m.month: m.total for m in result.months}
    assert dt.date(2023, 1, 1) not in per_month
    assert per_month[dt.date(2023, 2, 1)] == 1 and per_month[dt.date(2023, 5, 1)] == 1
    assert per_month[dt.date(2023, 6, 1)] == 0
    assert result.months[-1].month == dt.date(2025, 2, 1)


def test_a_dependency_added_after_publication_counts_from_its_arrival() -> None:
    snaps = [
        *months("billing", (2023, 1), (2023, 8), dep("pkg:pypi/flask", "2.3.2")),
        *months("billing", (2023, 9), (2023, 12), dep("pkg:pypi/requests", "2.28.0")),
        *months("billing", (2024, 1), (2024, 3), dep("pkg:pypi/requests", "2.31.0")),
    ]
    (span,) = vulnerability_exposure(snaps, [], match, today=TODAY).spans
    assert span.advisory == "CVE-2023-32681" and span.band == "medium"
    assert span.start == dt.date(2023, 9, 1)  # arrived after publication (2023-05-22)
    assert span.fixed == dt.date(2024, 1, 1)
    assert span.days == 122


def test_still_open_at_the_current_scan_and_months_without_a_commit_carry_forward() -> None:
    vulnerable = dep("pkg:npm/lodash", "4.17.20")
    snaps = [
        snap("web", 2024, 10),
        snap("web", 2024, 11, vulnerable),
        snap("web", 2025, 1, vulnerable),
    ]
    current = match("web", [vulnerable])
    result = vulnerability_exposure(snaps, current, match, today=TODAY)
    (span,) = result.spans
    assert span.open and span.status == "open" and span.days is None and span.fixed is None
    # December had no commit: November's state carries forward; February is the current scan
    assert span.months == (
        dt.date(2024, 11, 1),
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
    )
    assert result.organisation.open == 1 and result.organisation.mean_days is None
    last = result.months[-1]
    assert last.month == dt.date(2025, 2, 1) and last.count("critical", "high") == 1


def test_fixed_at_the_current_scan_after_the_last_snapshot() -> None:
    snaps = list(months("web", (2024, 11), (2025, 1), dep("pkg:npm/lodash", "4.17.20")))
    (span,) = vulnerability_exposure(snaps, [], match, today=TODAY).spans
    assert span.fixed == dt.date(2025, 2, 1) and span.status == "fixed"
    assert span.days == (dt.date(2025, 2, 1) - dt.date(2024, 11, 1)).days


def test_fixed_before_publication_counts_in_no_mean() -> None:
    snaps = [
        *months("orders", (2022, 6), (2022, 9), dep("pkg:pypi/werkzeug", "2.1.0")),
        *months("orders", (2022, 10), (2023, 3), dep("pkg:pypi/werkzeug", "2.2.3")),
    ]
    result = vulnerability_exposure(snaps, [], match, today=TODAY)
    (span,) = result.spans
    assert span.status == "fixed-before-publication"
    assert span.days is None and span.start is None
    assert result.organisation.fixed == 0 and result.months == ()


def test_time_to_remediate_per_team_with_an_unowned_bucket() -> None:
    old, new = dep("pkg:pypi/werkzeug", "2.2.2"), dep("pkg:pypi/werkzeug", "2.2.3")
    snaps = [
        *months("orders", (2023, 1), (2023, 3), old),  # fixed in April: 2023-02-14 -> 04-01
        *months("orders", (2023, 4), (2023, 4), new),
        *months("billing", (2023, 1), (2023, 6), old),  # fixed in July: -> 07-01
        *months("billing", (2023, 7), (2023, 7), new),
        *months("search", (2023, 1), (2023, 4), old),  # no owner: fixed in May
        *months("search", (2023, 5), (2023, 5), new),
    ]
    owners = {
        "orders": RepositoryOwner("orders", ("@acme/payments",), "CODEOWNERS:1", "payments"),
        "billing": RepositoryOwner(
            "billing", ("group:payments",), "catalog-info.yaml:5", "payments"
        ),
    }
    result = vulnerability_exposure(snaps, [], match, today=TODAY, owners=owners)
    days = {s.repository: s.days for s in result.spans}
    assert days == {"orders": 46, "billing": 137, "search": 76}
    payments, unowned = result.teams
    assert (payments.team, payments.fixed, payments.mean_days, payments.median_days) == (
        "payments",
        2,
        91.5,
        91.5,
    )
    assert (unowned.team, unowned.fixed, unowned.mean_days) == (UNOWNED, 1, 76.0)
    assert result.organisation.median_days == 76.0
    assert result.organisation.mean_days == pytest.approx((46 + 137 + 76) / 3, abs=0.05)


def test_a_repository_exposed_again_is_remediated_when_it_last_stops() -> None:
    old, new = dep("pkg:pypi/werkzeug", "2.2.2"), dep("pkg:pypi/werkzeug", "2.2.3")
    snaps = [
        snap("orders", 2023, 3, old),
        snap("orders", 2023, 4, new),
        snap("orders", 2023, 5, old),  # a revert brought it back
        snap("orders", 2023, 6, new),
    ]
    (span,) = vulnerability_exposure(snaps, [], match, today=TODAY).spans
    assert span.months == (dt.date(2023, 3, 1), dt.date(2023, 5, 1))
    assert span.fixed == dt.date(2023, 6, 1) and span.days == 92  # from March's first day


def test_matches_each_distinct_dependency_set_once() -> None:
    calls: list[int] = []

    def counting(repository: str, deps: Sequence[Dependency]) -> list[Vulnerability]:
        calls.append(len(deps))
        return match(repository, deps)

    snaps = list(months("orders", (2020, 1), (2024, 12), dep("pkg:pypi/werkzeug", "2.2.2")))
    result = vulnerability_exposure(snaps, [], counting, today=TODAY)
    assert len(calls) == 1
    assert result.spans[0].open is False  # no current match: fixed at the current scan


def test_nothing_to_show() -> None:
    result = vulnerability_exposure([], [], match, today=TODAY)
    assert result.spans == () and result.months == () and result.teams == ()
    assert result.organisation.mean_days is None and not result.history


def _werkzeug_advisory() -> Advisory:
    """GHSA-xg9f-g7g7-2323 as OSV publishes it (the facts that matter here)."""
    return Advisory(
        id="GHSA-xg9f-g7g7-2323",
        modified=dt.datetime(2024, 9, 20, tzinfo=dt.UTC),
        published=dt.datetime(2023, 2, 14, 23, 34, tzinfo=dt.UTC),
        aliases=("CVE-2023-25577",),
        summary="High resource usage when parsing multipart form data with many fields",
        severity=(SeverityVector("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"),),
        affected=(
            AffectedPackage(
                "PyPI",
                "werkzeug",
                "pkg:pypi/werkzeug",
                (
                    AffectedRange(
                        "ECOSYSTEM", (RangeEvent("introduced", "0"), RangeEvent("fixed", "2.2.3"))
                    ),
                ),
            ),
        ),
    )


def test_the_evaluator_matches_snapshots_and_scans_with_the_one_engine() -> None:
    old, new = dep("pkg:pypi/werkzeug", "2.2.2"), dep("pkg:pypi/werkzeug", "2.2.3")
    data = OrganisationData(
        observations=(
            Observation("orders", "c" * 40, dependencies=(new,)),
            Observation("billing", "d" * 40, dependencies=(old,)),
        ),
        snapshots=(
            *months("orders", (2023, 1), (2023, 5), old),
            *months("orders", (2023, 6), (2023, 7), new),
            *months("billing", (2024, 12), (2025, 1), old),
            *months("gone", (2023, 1), (2023, 2), old),  # no current scan: left out
        ),
        runtimes=(),
        advisories=(_werkzeug_advisory(),),
    )
    result = evaluate_organisation(data, None, today=TODAY)
    assert [(v.advisory, v.repository, v.band, v.fixed) for v in result.vulnerabilities] == [
        ("CVE-2023-25577", "billing", "high", "2.2.3")
    ]
    assert result.exposure is not None
    spans = {s.repository: s for s in result.exposure.spans}
    assert set(spans) == {"orders", "billing"}
    assert spans["orders"].days == 107 and spans["orders"].aliases == ("GHSA-xg9f-g7g7-2323",)
    assert spans["billing"].open and len(spans["billing"].months) == 3  # Dec, Jan, February
    assert dict(result.exposure.open_bands)["high"] == 1
    none = evaluate_organisation(replace(data, advisories=()), None, today=TODAY)
    assert none.vulnerabilities == () and none.exposure is None


def test_a_vex_statement_takes_a_repository_out_of_the_exposure() -> None:
    old = dep("pkg:pypi/werkzeug", "2.2.2")
    data = OrganisationData(
        observations=(
            Observation("orders", "c" * 40, dependencies=(old,)),
            Observation("billing", "d" * 40, dependencies=(old,)),
        ),
        snapshots=tuple(months("billing", (2024, 11), (2025, 1), old)),
        runtimes=(),
        advisories=(_werkzeug_advisory(),),
    )
    statement = VexStatement(
        "GHSA-xg9f-g7g7-2323",  # an alias: statements name any id of the advisory
        "not_affected",
        repository="billing",
        justification="vulnerable_code_not_in_execute_path",
    )
    policies = Policies(vulnerabilities=VulnerabilityPolicy(statements=(statement,)))
    result = evaluate_organisation(data, Strategy(policies=policies), today=TODAY)
    assert {v.repository for v in result.vulnerabilities} == {"orders", "billing"}  # every match
    assert result.exposure is not None
    assert [s.repository for s in result.exposure.spans] == ["orders"]  # billing: not affected
    assert dict(result.exposure.open_bands)["high"] == 1
