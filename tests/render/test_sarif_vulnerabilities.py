"""Vulnerability findings in SARIF: security results GitHub code scanning can rank."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.render.test_sarif import validate
from tests.vuln_facts import OBSERVATIONS, matches

from lodestar.analysis.drift import find_drift
from lodestar.records import Strategy
from lodestar.render.sarif import to_sarif


def _log() -> dict[str, Any]:
    drift = find_drift(OBSERVATIONS, Strategy(), today=date(2026, 12, 7), vulnerabilities=matches())
    log = to_sarif(drift)
    validate(log)
    return log


def test_vulnerabilities_are_security_results() -> None:
    run = _log()["runs"][0]
    results = [r for r in run["results"] if r["ruleId"] == "vulnerability"]
    by_advisory = {(r["properties"]["repository"], r["properties"]["advisory"]): r for r in results}
    log4shell = by_advisory["billing", "GHSA-jfh8-c2jp-5v3q"]
    assert log4shell["level"] == "error"
    props = log4shell["properties"]
    assert props["security-severity"] == "10.0"
    assert props["tags"] == ["security", "vulnerability", "critical"]
    assert props["aliases"] == ["CVE-2021-44228"]
    assert props["fixed"] == "2.15.0"
    assert props["version"] == "2.14.1"
    assert props["cvssVector"] == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"
    assert props["advisoryUrl"] == "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q"
    assert log4shell["message"]["text"].endswith(
        "Fix: upgrade org.apache.logging.log4j:log4j-core to 2.15.0 (in pom.xml) "
        "See https://github.com/advisories/GHSA-jfh8-c2jp-5v3q"
    )
    physical = log4shell["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "pom.xml", "uriBaseId": "REPO_billing"}
    assert physical["region"] == {"startLine": 27}
    unpinned = by_advisory["storefront", "GHSA-x84v-xcm2-53pg"]
    assert unpinned["level"] == "note"
    assert unpinned["properties"]["status"] == "may-be-affected"
    assert "version" not in unpinned["properties"]


def test_the_rule_carries_the_security_tags_and_the_highest_score() -> None:
    rules = {r["id"]: r for r in _log()["runs"][0]["tool"]["driver"]["rules"]}
    vulnerability = rules["vulnerability"]
    assert vulnerability["properties"] == {
        "tags": ["security", "vulnerability", "dependency"],
        "security-severity": "10.0",
    }
    assert "properties" not in rules["licence-denied"]


def test_without_vulnerabilities_the_log_has_no_security_severity() -> None:
    drift = find_drift(OBSERVATIONS, Strategy(), today=date(2026, 12, 7))
    log = to_sarif(drift)
    validate(log)
    rule = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "vulnerability")
    assert "security-severity" not in rule["properties"]
    assert log["runs"][0]["results"] == []
