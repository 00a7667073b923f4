"""Vulnerabilities and VEX analysis in the CycloneDX SBOM, validated against CycloneDX 1.6."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from tests.vuln_facts import ADVISORIES, OBSERVATIONS

from lodestar.analysis import advisory_index, match_dependencies
from lodestar.records.vulns import VexStatement
from lodestar.render.sbom import SbomSubject, cyclonedx_json, spdx_json

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
CDX = JsonStrictValidator(SchemaVersion.V1_6)
LOG4SHELL_VEX = VexStatement(
    "CVE-2021-44228",
    "not_affected",
    repository="billing",
    justification="vulnerable_code_not_in_execute_path",
    detail="JNDI lookups are disabled (log4j2.formatMsgNoLookups=true)",
    owner="security@example.com",
)


def _subject(repository: str, *statements: VexStatement) -> SbomSubject:
    obs = next(o for o in OBSERVATIONS if o.repository == repository)
    matches = match_dependencies(repository, obs.dependencies, advisory_index(ADVISORIES))
    return SbomSubject(
        repository=repository,
        commit=obs.commit or "",
        committed_at="2026-12-01T10:00:00+00:00",
        organisation="Acme",
        tool_version="0.1.0",
        dependencies=obs.dependencies,
        vulnerabilities=tuple(matches),
        statements=statements,
    )


def _bom(subject: SbomSubject) -> dict[str, Any]:
    text = cyclonedx_json(subject, now=NOW)
    errors = CDX.validate_str(text, all_errors=True)
    assert errors is None, [str(e) for e in errors]
    data: dict[str, Any] = json.loads(text)
    return data


def test_vulnerabilities_are_in_the_bom_with_ratings_and_fixes() -> None:
    bom = _bom(_subject("billing"))
    by_id = {v["id"]: v for v in bom["vulnerabilities"]}
    assert set(by_id) == {"CVE-2021-44228", "CVE-2018-18074"}  # requests once, two manifests
    log4shell = by_id["CVE-2021-44228"]
    assert log4shell["source"] == {
        "name": "NVD",
        "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
    }
    assert log4shell["references"] == [
        {
            "id": "GHSA-jfh8-c2jp-5v3q",
            "source": {
                "name": "GitHub Advisory Database",
                "url": "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q",
            },
        }
    ]
    (rating,) = log4shell["ratings"]
    assert rating["method"] == "CVSSv31"
    assert rating["score"] == 10.0
    assert rating["severity"] == "critical"
    # the method names the CVSS version; cyclonedx-python-lib drops the vector's "CVSS:3.1/"
    assert rating["vector"] == "AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"
    assert log4shell["recommendation"] == "upgrade to 2.15.0"
    assert log4shell["published"].startswith("2021-12-10")
    component = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
    assert log4shell["affects"] == [
        {"ref": component, "versions": [{"version": "2.14.1", "status": "affected"}]}
    ]
    assert component in {c["bom-ref"] for c in bom["components"]}
    assert "analysis" not in log4shell  # nobody has analysed it yet
    requests = by_id["CVE-2018-18074"]
    assert requests["ratings"][0]["method"] == "CVSSv3"  # the vector is CVSS 3.0
    assert requests["ratings"][0]["score"] == 7.5


def test_vex_statements_become_the_analysis() -> None:
    bom = _bom(_subject("billing", LOG4SHELL_VEX))
    by_id = {v["id"]: v for v in bom["vulnerabilities"]}
    assert by_id["CVE-2021-44228"]["analysis"] == {
        "state": "not_affected",
        "justification": "code_not_reachable",
        "detail": "JNDI lookups are disabled (log4j2.formatMsgNoLookups=true) "
        "(security@example.com)",
    }
    assert {
        "name": "lodestar:vex-justification",
        "value": "vulnerable_code_not_in_execute_path",
    } in (by_id["CVE-2021-44228"]["properties"])
    confirmed = VexStatement("GHSA-x84v-xcm2-53pg", "affected", detail="upgrade planned")
    bom = _bom(_subject("billing", confirmed))
    by_id = {v["id"]: v for v in bom["vulnerabilities"]}
    assert by_id["CVE-2018-18074"]["analysis"] == {
        "state": "exploitable",
        "detail": "upgrade planned",
    }


def test_an_unpinned_dependency_is_in_triage() -> None:
    bom = _bom(_subject("storefront"))
    by_id = {v["id"]: v for v in bom["vulnerabilities"]}
    loose = by_id["CVE-2018-18074"]
    assert loose["analysis"]["state"] == "in_triage"
    assert "admits affected versions (<2.20.0)" in loose["analysis"]["detail"]
    assert loose["affects"] == [{"ref": "pkg:pypi/requests"}]
    assert by_id["CVE-2021-23337"]["affects"][0]["ref"] == "pkg:npm/lodash@4.17.20"


def test_the_serial_number_follows_the_vulnerabilities() -> None:
    plain, vexed = _bom(_subject("billing")), _bom(_subject("billing", LOG4SHELL_VEX))
    assert plain["serialNumber"] == _bom(_subject("billing"))["serialNumber"]
    assert plain["serialNumber"] != vexed["serialNumber"]


def test_no_vulnerabilities_no_array_and_spdx_is_unchanged() -> None:
    subject = _subject("reports")  # requests 2.31.0: fixed
    assert subject.vulnerabilities == ()
    assert "vulnerabilities" not in _bom(subject)
    with_vulns = _subject("billing")
    bare = SbomSubject(
        repository="billing",
        commit=with_vulns.commit,
        committed_at=with_vulns.committed_at,
        organisation="Acme",
        tool_version="0.1.0",
        dependencies=with_vulns.dependencies,
    )
    assert spdx_json(with_vulns, now=NOW) == spdx_json(bare, now=NOW)
