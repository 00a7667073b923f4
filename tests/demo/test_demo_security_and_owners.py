"""Issue 12 on the demo organisation: the planted advisories and the declared owners, end to end.

``lodestar demo`` imports the workspace's ``advisories/`` (real OSV records) the way ``vulns
update --from`` does; every repository declares an owner in CODEOWNERS or catalog-info.yaml.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.demo.demo_run import AS_OF, invoke
from tests.render.test_sarif import validate


def _findings(checked: dict[str, Any], rule: str) -> dict[tuple[str | None, str], Any]:
    return {(f["repository"], f["subject"]): f for f in checked["findings"] if f["rule"] == rule}


def test_log4shell_and_lodash_are_errors_with_their_fix_and_owner(checked: dict[str, Any]) -> None:
    found = _findings(checked, "vulnerability")
    log4j = found["ledger-service", "CVE-2021-44228"]
    assert log4j["severity"] == "error"
    assert "critical 10.0" in log4j["message"]
    assert "GHSA-jfh8-c2jp-5v3q" in log4j["message"]
    assert log4j["evidence"][0].startswith("pom.xml:")
    assert log4j["evidence"][1] == "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
    assert "2.15.0" in log4j["hint"]
    assert log4j["owner"] == "group:payments"
    lodash = found["mobile-bff", "CVE-2020-8203"]
    assert lodash["severity"] == "error"
    assert "4.17.19" in lodash["hint"]
    assert lodash["owner"] == "@northwind-labs/web"


def test_an_unpinned_requirement_may_be_affected_and_is_only_a_note(
    checked: dict[str, Any],
) -> None:
    found = _findings(checked, "vulnerability")
    requests = found["platform-infra", "CVE-2018-18074"]
    assert requests["severity"] == "note"
    assert "no locked version" in requests["message"]
    assert requests["evidence"][0].startswith("scripts/requirements.txt:")
    # one advisory, two records (GHSA and PYSEC)
    assert "GHSA-x84v-xcm2-53pg" in requests["message"]
    assert "PYSEC-2018-28" in requests["message"]
    # legacy-billing pinned 2.22.0 in February 2025: no longer affected
    assert not [k for k in found if k[0] == "mirrors/legacy-billing"]


def test_vex_and_exceptions_take_findings_out(checked: dict[str, Any]) -> None:
    found = _findings(checked, "vulnerability")
    # Terrapin in inventory-service: not_affected by the policy's VEX statement
    assert not [k for k in found if k[0] == "inventory-service"]
    waived = [w for w in checked["waived"] if w["finding"]["rule"] == "vulnerability"]
    assert [(w["finding"]["repository"], w["finding"]["subject"]) for w in waived] == [
        ("mobile-bff", "CVE-2021-23337")
    ]
    assert waived[0]["exception"]["owner"] == "Priya Raman"


def test_a_campaign_target_admitting_log4shell_is_a_warning(checked: dict[str, Any]) -> None:
    found = _findings(checked, "vulnerability-campaign-target")
    assert [f["severity"] for f in found.values()] == ["warning"]
    (finding,) = found.values()
    assert "jvm-logging-on-log4j2" in finding["message"]
    assert finding["declaration"]["path"] == "campaigns/jvm-logging-on-log4j2.md"


def test_sarif_carries_the_vulnerabilities_as_security_results(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.sarif"
    invoke("-w", str(demo), "check", "--as-of", AS_OF, "-f", "sarif", "-o", str(out), code=1)
    log = json.loads(out.read_text(encoding="utf-8"))
    validate(log)
    run = log["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "vulnerability")
    assert "security" in rule["properties"]["tags"]
    results = [r for r in run["results"] if r["ruleId"] == "vulnerability"]
    log4j = next(r for r in results if "CVE-2021-44228" in r["message"]["text"])
    assert log4j["level"] == "error"
    assert float(log4j["properties"]["security-severity"]) == 10.0
    location = log4j["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert location.endswith("pom.xml")


def test_every_repository_has_an_owner_and_teams_are_people_tomls(demo: Path) -> None:
    owners = json.loads(invoke("-w", str(demo), "owners", "--json"))
    declared = {row["repository"]: row for row in owners["repositories"]}
    assert len(declared) == 14
    assert all(row["declared"] for row in declared.values()), declared
    teams = {row["repository"]: row["team"] for row in declared.values()}
    assert teams["orders-api"] == "orders"
    assert teams["platform-infra"] == "platform"
    assert teams["mobile-bff"] == "web"
    assert set(teams.values()) == {
        "data",
        "fulfilment",
        "orders",
        "partners",
        "payments",
        "platform",
        "web",
    }


def test_one_declared_owner_has_departed_and_one_team_is_unknown(checked: dict[str, Any]) -> None:
    departed = _findings(checked, "owner-departed")
    assert list(departed) == [("mirrors/legacy-billing", "user:gregor.lindqvist")]
    assert "gregor.lindqvist" in next(iter(departed.values()))["message"]
    unknown = _findings(checked, "owner-unknown")
    assert list(unknown) == [("mobile-bff", "@northwind-labs/appsec")]
    assert next(iter(unknown.values()))["evidence"][0].startswith("CODEOWNERS:")
    assert _findings(checked, "owner-missing") == {}
