"""What ``lodestar vulns`` lists: rows graded like the findings, filters, VEX, owners."""

from __future__ import annotations

from tests.vuln_facts import matches

from lodestar.analysis import vulnerability_listing
from lodestar.records import Severity
from lodestar.records.owners import RepositoryOwner
from lodestar.records.vulns import VexStatement, VulnerabilityPolicy

OWNERS = {
    "billing": RepositoryOwner("billing", declared=("@acme/payments",), team="payments"),
    "storefront": RepositoryOwner("storefront", declared=("jane@acme.example",), team="web"),
}


def _keys(listing: object) -> list[tuple[str, str, str | None]]:
    return [
        (r.vulnerability.advisory, r.vulnerability.repository, r.vulnerability.version)
        for r in listing.rows  # type: ignore[attr-defined]
    ]


def test_rows_are_findings_most_severe_first_with_owners() -> None:
    listing = vulnerability_listing(matches(), VulnerabilityPolicy(), owners=OWNERS)
    assert _keys(listing) == [
        ("GHSA-jfh8-c2jp-5v3q", "billing", "2.14.1"),  # critical 10.0
        ("GHSA-x84v-xcm2-53pg", "billing", "2.19.1"),  # high 7.5, two manifests: one row
        ("GHSA-x84v-xcm2-53pg", "storefront", None),  # high 7.5, unpinned
        ("GHSA-35jh-r3h4-6jhm", "storefront", "4.17.20"),  # high 7.2
    ]
    billing_requests = listing.rows[1]
    assert billing_requests.locations == ("requirements.txt:3", "uv.lock:41")
    assert billing_requests.severity is Severity.ERROR
    assert (billing_requests.owner, billing_requests.team) == ("@acme/payments", "payments")
    assert listing.rows[2].severity is Severity.NOTE
    assert listing.bands == {
        "critical": 1,
        "high": 3,
        "medium": 0,
        "low": 0,
        "none": 0,
        "unknown": 0,
    }
    assert (listing.repositories, listing.hidden) == (2, 0)


def test_filters() -> None:
    def keys(**filters: str) -> list[tuple[str, str, str | None]]:
        return _keys(
            vulnerability_listing(matches(), VulnerabilityPolicy(), owners=OWNERS, **filters)
        )  # type: ignore[arg-type]

    assert keys(repository="storefront") == [
        ("GHSA-x84v-xcm2-53pg", "storefront", None),
        ("GHSA-35jh-r3h4-6jhm", "storefront", "4.17.20"),
    ]
    assert keys(severity="critical") == [("GHSA-jfh8-c2jp-5v3q", "billing", "2.14.1")]
    assert len(keys(severity="high")) == 4
    assert keys(status="may-be-affected") == [("GHSA-x84v-xcm2-53pg", "storefront", None)]
    assert keys(team="Payments") == [
        ("GHSA-jfh8-c2jp-5v3q", "billing", "2.14.1"),
        ("GHSA-x84v-xcm2-53pg", "billing", "2.19.1"),
    ]
    assert keys(team="nobody") == []


def test_vex_and_ignore_below_hide_rows_that_all_shows() -> None:
    statement = VexStatement(
        "CVE-2021-44228", "not_affected", justification="vulnerable_code_not_in_execute_path"
    )
    policy = VulnerabilityPolicy(statements=(statement,), ignore_below="critical")
    listing = vulnerability_listing(matches(), policy)
    assert listing.rows == ()
    assert listing.hidden == 4
    everything = vulnerability_listing(matches(), policy, show_all=True)
    assert [r.hidden for r in everything.rows] == [True] * 4
    assert everything.rows[0].statement is statement
    assert everything.rows[1].severity is None  # high, below the policy's ignore-below
