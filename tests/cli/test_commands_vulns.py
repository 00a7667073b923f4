"""Vulnerabilities through the CLI: ``vulns`` (table, JSON, filters, routing), ``check`` (the
findings, SARIF) and ``sbom`` (CycloneDX with VEX), on a scanned organisation with the real
requests, lodash and Log4Shell advisories imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from tests.conftest import make_repo
from tests.vuln_facts import scanned_workspace
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.settings import init_workspace

runner = CliRunner()
AS_OF = ["--as-of", "2026-12-07"]

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>billing</artifactId>
  <version>1.0.0</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>2.14.1</version>
    </dependency>
  </dependencies>
</project>
"""
PACKAGE_JSON = (
    '{"name": "storefront", "version": "1.0.0", "dependencies": {"lodash": "^4.17.20"}}\n'
)
PACKAGE_LOCK = """{
  "name": "storefront",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "storefront", "version": "1.0.0", "dependencies": {"lodash": "^4.17.20"}},
    "node_modules/lodash": {"version": "4.17.20", "license": "MIT"}
  }
}
"""
POLICY = """vulnerabilities:
  error-at: critical
  warning-at: medium
  statements:
    - advisory: GHSA-35jh-r3h4-6jhm
      repository: storefront
      status: not_affected
      justification: vulnerable_code_not_in_execute_path
      detail: template() never receives user input
      owner: jane@acme.example
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scanned_workspace(
        tmp_path_factory.mktemp("ws"),
        {
            "billing": {
                "requirements.txt": "flask==3.0.0\nrequests==2.19.1\n",
                "pom.xml": POM,
                "CODEOWNERS": "* @acme/payments\n",
            },
            "storefront": {"package.json": PACKAGE_JSON, "package-lock.json": PACKAGE_LOCK},
            "reports": {"requirements.txt": "requests==2.31.0\n"},
        },
        POLICY,
    )


def invoke(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.stdout


def test_check_reports_the_vulnerabilities(workspace: Path) -> None:
    code, out = invoke(workspace, "check", "--format", "json", *AS_OF)
    data = json.loads(out)
    found = {
        (f["repository"], f["subject"]): f for f in data["findings"] if f["rule"] == "vulnerability"
    }
    assert set(found) == {("billing", "CVE-2021-44228"), ("billing", "CVE-2018-18074")}
    log4shell = found["billing", "CVE-2021-44228"]
    assert log4shell["severity"] == "error"  # critical, at the policy's error-at
    assert log4shell["evidence"][0].startswith("pom.xml:")
    assert log4shell["owner"] == "@acme/payments"
    assert found["billing", "CVE-2018-18074"]["severity"] == "warning"  # high < critical
    assert code == 1  # an error fails the gate
    # lodash in storefront is taken out by the policy's VEX statement, and kept as analysed
    ((analysed),) = data["analysed"]
    assert analysed["finding"]["subject"] == "CVE-2021-23337"
    assert analysed["vex"]["justification"] == "vulnerable_code_not_in_execute_path"


def test_check_sarif_has_security_results(workspace: Path) -> None:
    _, out = invoke(workspace, "check", "--format", "sarif", *AS_OF)
    run = json.loads(out)["runs"][0]
    results = [r for r in run["results"] if r["ruleId"] == "vulnerability"]
    assert sorted(r["properties"]["security-severity"] for r in results) == ["10.0", "7.5"]
    assert {r["properties"]["owner"] for r in results} == {"@acme/payments"}


def test_sbom_carries_the_vulnerabilities_and_the_vex_analysis(workspace: Path) -> None:
    code, out = invoke(workspace, "sbom", "storefront")
    assert code == 0, out
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(out) is None
    (vulnerability,) = json.loads(out)["vulnerabilities"]
    assert vulnerability["id"] == "CVE-2021-23337"
    assert vulnerability["analysis"]["state"] == "not_affected"
    assert vulnerability["analysis"]["justification"] == "code_not_reachable"
    assert vulnerability["affects"] == [
        {
            "ref": "pkg:npm/lodash@4.17.20",
            "versions": [{"version": "4.17.20", "status": "affected"}],
        }
    ]
    code, out = invoke(workspace, "sbom", "reports")
    assert "vulnerabilities" not in json.loads(out)


def test_vulns_lists_most_severe_first_with_every_field(workspace: Path) -> None:
    code, out = invoke(workspace, "vulns", "--json", *AS_OF)
    assert code == 0, out
    data = json.loads(out)
    rows = data["vulnerabilities"]
    assert [(r["advisory"], r["repository"]) for r in rows] == [
        ("CVE-2021-44228", "billing"),
        ("CVE-2018-18074", "billing"),
    ]
    log4shell = rows[0]
    assert log4shell["aliases"] == ["GHSA-jfh8-c2jp-5v3q"]
    assert log4shell["package"] == "pkg:maven/org.apache.logging.log4j/log4j-core"
    assert (log4shell["version"], log4shell["fixed"]) == ("2.14.1", "2.15.0")
    assert (log4shell["band"], log4shell["score"], log4shell["severity"]) == (
        "critical",
        10.0,
        "error",
    )
    assert log4shell["manifest"] == "pom.xml"
    assert log4shell["owner"] == "@acme/payments"
    assert log4shell["url"] == "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"
    assert data["summary"]["hidden"] == 1  # lodash: not_affected by the policy's statement
    _, out = invoke(workspace, "vulns", "--all", "--json", *AS_OF)
    lodash = json.loads(out)["vulnerabilities"][-1]
    assert lodash["advisory"] == "CVE-2021-23337"
    assert lodash["hidden"] is True
    assert lodash["vex"]["status"] == "not_affected"
    assert lodash["vex"]["owner"] == "jane@acme.example"


def test_vulns_table_fits_80_columns(workspace: Path) -> None:
    result = runner.invoke(
        app, ["-w", str(workspace), "vulns", *AS_OF], env={"COLUMNS": "80"}, terminal_width=80
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = result.stdout
    for expected in (
        "CVE-2021-44228",
        "critical 10.0",
        "fix: 2.15.0",
        "pom.xml:7",
        "@acme/payments",
        "requests@2.19.1",
        "requirements.txt:2",
    ):
        assert expected in text, expected
    summary = " ".join(" ".join(lines[-2:]).split())  # the summary line, wrapped at 80
    assert summary.startswith("2 vulnerabilities in 1 repository: 1 critical, 1 high, 0 medium")
    assert summary.endswith("1 more left out by VEX statements or the policy (--all lists them)")


def test_vulns_filters_and_routing(workspace: Path) -> None:
    def advisories(*args: str) -> list[str]:
        code, out = invoke(workspace, "vulns", *args, "--json", *AS_OF)
        assert code == 0, out
        return [r["advisory"] for r in json.loads(out)["vulnerabilities"]]

    assert advisories("billing", "--severity", "critical") == ["CVE-2021-44228"]
    assert advisories("reports") == []
    assert advisories("--status", "may-be-affected") == []
    assert advisories("list", "billing") == ["CVE-2021-44228", "CVE-2018-18074"]
    code, out = invoke(workspace, "vulns", "status", "--json", *AS_OF)
    assert code == 0
    assert "ecosystems" in json.loads(out)  # the subcommand, not a repository named "status"
    result = runner.invoke(app, ["-w", str(workspace), "vulns", "updat", *AS_OF])
    assert result.exit_code == 2
    assert "did you mean 'lodestar vulns update'?" in result.output
    result = runner.invoke(app, ["-w", str(workspace), "vulns", "biling", *AS_OF])
    assert result.exit_code == 2
    assert "no scanned repository named 'biling' (did you mean 'billing'?)" in result.output


def test_check_of_one_repository_reads_the_stored_advisories(workspace: Path) -> None:
    repo = workspace / "repos" / "billing"
    code, out = invoke(
        workspace, "check", "--repo", str(repo), "--name", "billing", "-f", "json", *AS_OF
    )
    assert code == 1, out
    found = {f["subject"] for f in json.loads(out)["findings"] if f["rule"] == "vulnerability"}
    assert found == {"CVE-2021-44228", "CVE-2018-18074"}


def test_check_of_one_repository_without_a_database(tmp_path: Path) -> None:
    make_repo(tmp_path / "repo", {"requirements.txt": "requests==2.19.1\n"})
    init_workspace(tmp_path / "ws", name="Acme", sources=[])
    code, out = invoke(tmp_path / "ws", "check", "--repo", str(tmp_path / "repo"), "-f", "json")
    assert code == 0, out
    assert json.loads(out)["findings"] == []
    assert not (tmp_path / "ws" / ".lodestar" / "lodestar.db").exists()  # none was made
