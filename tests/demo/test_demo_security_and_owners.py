"""Issue 12 on the demo organisation: the planted advisories and the declared owners, end to end.

``lodestar demo`` imports the workspace's ``advisories/`` (real OSV records) the way ``vulns
update --from`` does; every repository declares an owner in CODEOWNERS or catalog-info.yaml.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from fastapi.testclient import TestClient
from tests.demo.demo_run import AS_OF, invoke
from tests.render.test_sarif import validate

from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.app import create_app
from lodestar.web.server import cockpit_builder

CDX = JsonStrictValidator(SchemaVersion.V1_6)


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


def _bom(demo: Path, repository: str, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / f"{repository}.cdx.json"
    invoke("-w", str(demo), "sbom", repository, "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert CDX.validate_str(text) is None  # against CycloneDX 1.6's JSON schema, strictly
    bom: dict[str, Any] = json.loads(text)
    return bom


def test_cyclonedx_carries_the_vulnerabilities_and_their_vex_analysis(
    demo: Path, tmp_path: Path
) -> None:
    ledger = {v["id"]: v for v in _bom(demo, "ledger-service", tmp_path)["vulnerabilities"]}
    log4j = ledger["CVE-2021-44228"]
    assert log4j["ratings"][0]["score"] == 10.0
    assert log4j["ratings"][0]["severity"] == "critical"
    assert log4j["affects"][0]["ref"] == "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
    assert log4j["recommendation"] == "upgrade to 2.15.0"
    inventory = {v["id"]: v for v in _bom(demo, "inventory-service", tmp_path)["vulnerabilities"]}
    terrapin = inventory["CVE-2023-48795"]
    assert terrapin["analysis"]["state"] == "not_affected"
    assert terrapin["analysis"]["justification"] == "code_not_reachable"


def test_the_cockpit_shows_exposure_history_and_time_to_remediate(demo: Path) -> None:
    ws = Workspace.load(demo)
    cockpit = cockpit_builder(ws, open_read_only(ws.database_url))()
    client = TestClient(create_app(lambda: cockpit))
    body = client.get("/api/vulnerabilities").json()
    spans = {(s["advisory"], s["repository"]): s for s in body["spans"]}
    # legacy-billing: requests 2.19.1 from its first commit (November 2024) to the pin of
    # 12 February 2025; the monthly snapshots alone tell it
    remediated = spans["CVE-2018-18074", "mirrors/legacy-billing"]
    assert (remediated["status"], remediated["months"]) == ("fixed", 3)
    assert (remediated["first"], remediated["last"], remediated["fixed"]) == (
        "2024-11",
        "2025-01",
        "2025-02",
    )
    assert remediated["days"] == 92  # 1 November 2024 (after publication) to 1 February 2025
    assert remediated["team"] == "payments"
    assert spans["CVE-2021-44228", "ledger-service"]["status"] == "open"
    # the may-be-affected declaration is listed, never counted as an exposure
    assert ("CVE-2018-18074", "platform-infra") not in spans
    assert body["may_be_affected"] == 1
    payments = next(r for r in body["remediation"] if r["team"] == "payments")
    assert (payments["fixed"], payments["mean_days"]) == (1, 92.0)
    rows = {(r["advisory"], r["repository"]): r for r in body["rows"]}
    assert rows["CVE-2021-44228", "ledger-service"]["owner"] == "group:payments"
    page = client.get("/vulnerabilities/")
    assert page.status_code == 200
    assert "CVE-2021-44228" in page.text and "legacy-billing" in page.text


def test_vulns_lists_the_planted_advisories_with_owners_and_vex(demo: Path) -> None:
    listing = json.loads(invoke("-w", str(demo), "vulns", "--json", "--all"))
    rows = {(r["advisory"], r["repository"]): r for r in listing["vulnerabilities"]}
    assert set(rows) == {
        ("CVE-2021-44228", "ledger-service"),
        ("CVE-2020-8203", "mobile-bff"),
        ("CVE-2021-23337", "mobile-bff"),
        ("CVE-2018-18074", "platform-infra"),
        ("CVE-2023-48795", "inventory-service"),
    }
    log4j = rows["CVE-2021-44228", "ledger-service"]
    assert (log4j["version"], log4j["fixed"], log4j["score"]) == ("2.14.1", "2.15.0", 10.0)
    assert (log4j["owner"], log4j["team"]) == ("group:payments", "payments")
    requests = rows["CVE-2018-18074", "platform-infra"]
    assert (requests["status"], requests["version"]) == ("may-be-affected", None)
    assert set(requests["aliases"]) == {"GHSA-x84v-xcm2-53pg", "PYSEC-2018-28"}
    terrapin = rows["CVE-2023-48795", "inventory-service"]
    assert terrapin["hidden"] is True
    assert terrapin["vex"]["status"] == "not_affected"
    assert terrapin["vex"]["justification"] == "vulnerable_code_not_in_execute_path"
    shown = json.loads(invoke("-w", str(demo), "vulns", "--json"))
    assert shown["summary"]["bands"]["critical"] == 1
    assert shown["summary"]["hidden"] == 1
    assert ("CVE-2023-48795", "inventory-service") not in {
        (r["advisory"], r["repository"]) for r in shown["vulnerabilities"]
    }


def test_vulns_history_is_the_cockpit_s_exposure_history(demo: Path) -> None:
    # one answer per question: the terminal's history and time to remediate are the API's
    history = json.loads(invoke("-w", str(demo), "vulns", "history", "--json"))
    ws = Workspace.load(demo)
    cockpit = cockpit_builder(ws, open_read_only(ws.database_url))()
    body = TestClient(create_app(lambda: cockpit)).get("/api/vulnerabilities").json()
    assert history["remediation"] == body["remediation"]
    assert history["granularity"] == body["granularity"] == "month"
    cli = {(s["advisory"], s["repository"]): s for s in history["exposures"]}
    api = {(s["advisory"], s["repository"]): s for s in body["spans"]}
    assert set(cli) == set(api)
    for key, span in cli.items():
        assert (span["status"], len(span["months"]), span["days"], span["team"]) == (
            api[key]["status"],
            api[key]["months"],
            api[key]["days"],
            api[key]["team"],
        )
    remediated = cli["CVE-2018-18074", "mirrors/legacy-billing"]
    assert (remediated["fixed"], remediated["days"]) == ("2025-02-01", 92)
    payments = json.loads(
        invoke("-w", str(demo), "vulns", "history", "--team", "Payments", "--json")
    )
    assert [r["team"] for r in payments["remediation"]] == ["payments"]
    assert {s["team"] for s in payments["exposures"]} == {"payments"}
    only = json.loads(invoke("-w", str(demo), "vulns", "history", "ledger-service", "--json"))
    assert {s["repository"] for s in only["exposures"]} == {"ledger-service"}
    invoke("-w", str(demo), "vulns", "history", "ledger-servic", code=2)  # a usage error


@pytest.mark.parametrize("command", [("vulns",), ("vulns", "history")])
def test_vulns_refuses_a_team_nobody_has_as_every_team_option_does(
    demo: Path, command: tuple[str, ...]
) -> None:
    invoke("-w", str(demo), *command, "--team", "paymnts", code=2)
    listing = json.loads(invoke("-w", str(demo), "vulns", "--team", "PAYMENTS", "--json"))
    assert {r["team"] for r in listing["vulnerabilities"]} == {"payments"}
