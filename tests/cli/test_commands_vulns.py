"""Vulnerabilities through the CLI: ``vulns`` (table, JSON, filters, routing), ``check`` (the
findings, SARIF) and ``sbom`` (CycloneDX with VEX), on a scanned organisation with the real
requests, lodash and Log4Shell advisories imported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from tests.conftest import make_repo
from tests.vuln_facts import ADVISORIES
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.settings import Workspace, init_workspace
from lodestar.store import database, write_advisories

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
    root = tmp_path_factory.mktemp("ws")
    make_repo(
        root / "repos" / "billing",
        {
            "requirements.txt": "flask==3.0.0\nrequests==2.19.1\n",
            "pom.xml": POM,
            "CODEOWNERS": "* @acme/payments\n",
        },
    )
    make_repo(
        root / "repos" / "storefront",
        {"package.json": PACKAGE_JSON, "package-lock.json": PACKAGE_LOCK},
    )
    make_repo(root / "repos" / "reports", {"requirements.txt": "requests==2.31.0\n"})
    init_workspace(root, name="Acme", sources=["repos"])
    (root / "policies").mkdir(exist_ok=True)
    (root / "policies" / "security.yaml").write_text(POLICY, "utf-8")
    result = runner.invoke(app, ["-w", str(root), "scan", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    with database(Workspace.load(root).database_url) as engine, engine.begin() as conn:
        write_advisories(conn, ADVISORIES, imported_at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    return root


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
