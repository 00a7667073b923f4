"""The policies' ``vulnerabilities:`` section: bands, VEX statements, positioned errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lodestar.errors import StrategyError
from lodestar.records import SourcePosition
from lodestar.records.vulns import VexStatement, VulnerabilityPolicy
from lodestar.strategy import load_strategy

from .conftest import WriteFiles

POLICY = """\
# What the security team asks of every repository.
vulnerabilities:
  error-at: critical
  warning-at: moderate
  ignore-below: low
  may-be-affected: false
  statements:
    - advisory: CVE-2021-44228
      repository: billing
      package: pkg:maven/org.apache.logging.log4j/log4j-core
      status: not_affected
      justification: vulnerable_code_not_in_execute_path
      detail: JNDI lookups are disabled with log4j2.formatMsgNoLookups=true
      owner: security@example.com
      date: 2021-12-12
    - advisory: GHSA-x84v-xcm2-53pg
      status: under-investigation
exceptions:
  - rule: vulnerability
    subject: GHSA-35jh-r3h4-6jhm
    owner: jane@example.com
    reason: lodash template() is never given user input in the storefront
    expires: 2027-03-31
"""


def problems(root: Path) -> list[str]:
    with pytest.raises(StrategyError) as info:
        load_strategy(root)
    return [p.render() for p in info.value.problems]


def test_the_section_is_read_with_positions(workspace: WriteFiles) -> None:
    policies = load_strategy(workspace({"policies/security.yaml": POLICY})).policies
    path = "policies/security.yaml"
    assert policies.vulnerabilities == VulnerabilityPolicy(
        error_at="critical",
        warning_at="medium",  # GitHub's "moderate" is CVSS's medium
        ignore_below="low",
        may_be_affected=False,
        statements=(
            VexStatement(
                advisory="CVE-2021-44228",
                status="not_affected",
                repository="billing",
                package="pkg:maven/org.apache.logging.log4j/log4j-core",
                justification="vulnerable_code_not_in_execute_path",
                detail="JNDI lookups are disabled with log4j2.formatMsgNoLookups=true",
                owner="security@example.com",
                date=dt.date(2021, 12, 12),
                source=SourcePosition(path, 8),
            ),
            VexStatement(
                advisory="GHSA-x84v-xcm2-53pg",
                status="under_investigation",
                source=SourcePosition(path, 16),
            ),
        ),
        source=SourcePosition(path, 2),
    )
    assert policies.sections["vulnerabilities"] == SourcePosition(path, 2)
    assert [e.subject for e in policies.exceptions if e.rule == "vulnerability"] == [
        "GHSA-35jh-r3h4-6jhm"
    ]


def test_without_the_section_the_defaults_apply(workspace: WriteFiles) -> None:
    policies = load_strategy(workspace({})).policies
    assert policies.vulnerabilities == VulnerabilityPolicy()
    assert (policies.vulnerabilities.error_at, policies.vulnerabilities.warning_at) == (
        "high",
        "medium",
    )


def test_typos_are_pointed_at_with_a_suggestion(workspace: WriteFiles) -> None:
    bad = (
        POLICY.replace("error-at: critical", "error-at: critcal")
        .replace("may-be-affected", "may-be-afected")
        .replace("status: not_affected", "status: not-afected")
    )
    reports = problems(workspace({"policies/security.yaml": bad}))
    assert reports[0] == (
        "policies/security.yaml:3:13: vulnerabilities.error-at: unknown severity band 'critcal' "
        "(did you mean 'critical'?); use one of critical, high, medium, low, none\n"
        "      error-at: critcal\n"
        "                ^"
    )
    assert any(
        r.startswith(
            "policies/security.yaml:11:15: vulnerabilities.statements.0.status: "
            "unknown VEX status 'not-afected' (did you mean 'not_affected'?)"
        )
        for r in reports
    )
    assert any(
        r.startswith(
            "policies/security.yaml:6:3: unknown key 'may-be-afected' "
            "(did you mean 'may-be-affected'?)"
        )
        for r in reports
    )


def test_justifications_are_openvex_and_only_for_not_affected(workspace: WriteFiles) -> None:
    wrong = POLICY.replace("vulnerable_code_not_in_execute_path", "not_reachable")
    (report,) = problems(workspace({"policies/security.yaml": wrong}))
    assert report.startswith(
        "policies/security.yaml:12:22: vulnerabilities.statements.0.justification: unknown "
        "justification 'not_reachable'; use one of component_not_present, "
    )
    misplaced = POLICY.replace("status: not_affected", "status: affected")
    (report,) = problems(workspace({"policies/security.yaml": misplaced}))
    assert "a justification says why an advisory is not_affected, not affected" in report
    bare = POLICY.replace("      justification: vulnerable_code_not_in_execute_path\n", "").replace(
        "      detail: JNDI lookups are disabled with log4j2.formatMsgNoLookups=true\n", ""
    )
    (report,) = problems(workspace({"policies/security.yaml": bare}))
    assert report.startswith(
        "policies/security.yaml:8:7: vulnerabilities.statements.0: status not_affected needs a "
        "'justification'"
    )


def test_bad_ids_purls_and_order_of_bands(workspace: WriteFiles) -> None:
    bad = POLICY.replace("advisory: CVE-2021-44228", "advisory: log4shell").replace(
        "package: pkg:maven/org.apache.logging.log4j/log4j-core", "package: log4j-core"
    )
    reports = problems(workspace({"policies/security.yaml": bad}))
    assert reports[0].startswith(
        "policies/security.yaml:8:17: vulnerabilities.statements.0.advisory: 'log4shell' is not "
        "an advisory id; write its OSV, GHSA or CVE id"
    )
    assert "'log4j-core' is not a purl pattern" in reports[1]
    inverted = POLICY.replace("warning-at: moderate", "warning-at: critical").replace(
        "error-at: critical", "error-at: high"
    )
    reports = problems(workspace({"policies/security.yaml": inverted}))
    assert any(
        "error-at 'high' is below warning-at 'critical'" in r
        and r.startswith("policies/security.yaml:3:3:")
        for r in reports
    )


def test_the_section_is_declared_once(workspace: WriteFiles) -> None:
    reports = problems(
        workspace(
            {
                "policies/security.yaml": POLICY,
                "policies/more.yaml": "vulnerabilities:\n  error-at: high\n",
            }
        )
    )
    assert reports == [
        (
            "policies/security.yaml:2:1: section 'vulnerabilities' is already declared in "
            "policies/more.yaml; keep one\n    vulnerabilities:\n    ^"
        )
    ]
