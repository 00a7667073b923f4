"""SARIF 2.1.0 (validated against the official OASIS schema) and the Markdown summary."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from tests.conftest import make_repo

from lodestar.analysis.drift import RULES, Drift, find_drift
from lodestar.analysis.observed import from_scan
from lodestar.records import (
    Finding,
    LicencePolicy,
    Matcher,
    Policies,
    PolicyException,
    RadarEntry,
    RepositoryRef,
    Severity,
    SourcePosition,
    Strategy,
)
from lodestar.render.markdown_findings import findings_markdown
from lodestar.render.sarif import to_sarif
from lodestar.scan.pipeline import scan_repository

# The SARIF 2.1.0 (rtm.5) JSON schema as Microsoft's SARIF SDK publishes it on npm; pinned and
# refreshed by scripts/update_vendored.py.
SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0-rtm.5.json").read_text(encoding="utf-8")
)
TODAY = date(2026, 9, 1)
STRATEGY = Strategy(
    entries=(
        RadarEntry(
            "jquery",
            "jQuery",
            "Languages & Frameworks",
            "Hold",
            matchers=(Matcher(technology="jquery"),),
            source=SourcePosition("radar/jquery.md", 1),
        ),
    ),
    policies=Policies(
        licence=(LicencePolicy("saas", denied=("AGPL-3.0-only",)),),
        default_licence_context="saas",
        eol_warn_days=3650,
        source=SourcePosition("policies/licences.yaml", 3),
    ),
)


def validate(log: dict[str, Any]) -> None:
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def one_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Drift, Path]:
    root = tmp_path_factory.mktemp("web") / "web"
    make_repo(
        root,
        {
            "package.json": '{"name": "web", "license": "AGPL-3.0-only",\n'
            ' "engines": {"node": "22"},\n'
            ' "dependencies": {"jquery": "3.7.1"}}\n',
            ".nvmrc": "22\n",
            "index.js": "console.log(1)\n",
        },
    )
    scan = scan_repository(RepositoryRef("web", str(root)))
    return find_drift([from_scan(scan)], STRATEGY, today=TODAY), root


def test_sarif_of_one_repository_is_valid_and_located(
    one_repo: tuple[Drift, Path], tmp_path: Path
) -> None:
    drift, root = one_repo
    assert {f.rule for f in drift.findings} >= {"radar-hold-in-use", "licence-denied", "eol-soon"}
    log = to_sarif(drift, workspace=tmp_path, repository_roots={"web": root})
    validate(log)
    assert log["version"] == "2.1.0"
    # the schema does catch a broken log
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(Draft4Validator(SCHEMA).iter_errors(broken))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == root.resolve().as_uri() + "/"
    by_rule = {r["ruleId"]: r for r in run["results"]}
    hold = by_rule["radar-hold-in-use"]
    assert hold["level"] == "warning"
    assert rules[hold["ruleIndex"]]["id"] == "radar-hold-in-use"
    physical = hold["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "package.json", "uriBaseId": "SRCROOT"}
    assert physical["region"] == {"startLine": 3}
    related = hold["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"] == {"uri": "radar/jquery.md", "uriBaseId": "WORKSPACE"}
    assert by_rule["licence-denied"]["level"] == "error"
    # the same findings give the same fingerprints
    again = to_sarif(drift, workspace=tmp_path, repository_roots={"web": root})
    assert [r["partialFingerprints"] for r in again["runs"][0]["results"]] == [
        r["partialFingerprints"] for r in run["results"]
    ]


def test_sarif_of_the_organisation_falls_back_to_the_declaration() -> None:
    drift = Drift(
        (
            Finding(
                "decision-violation",
                Severity.ERROR,
                "a uses MySQL",
                "shop api",
                ("requirements.txt:2", "pkg:pypi/mysqlclient@2.2.0", "commit:abc"),
                "move",
                SourcePosition("decisions/0003.md", 1),
                "mysql",
            ),
            Finding(
                "radar-missing",
                Severity.NOTE,
                "Django is not on the radar",
                None,
                ("repository:a",),
                declaration=SourcePosition("radar"),
                subject="django",
            ),
            Finding("exception-expired", Severity.WARNING, "old exception"),
        ),
        repositories=("shop api", "b"),
    )
    log = to_sarif(drift)
    validate(log)
    run = log["runs"][0]
    first, missing, bare = run["results"]
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "requirements.txt", "uriBaseId": "REPO_shop_api"}
    assert "REPO_shop_api" in run["originalUriBaseIds"]
    assert missing["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "radar",
        "uriBaseId": "WORKSPACE",
    }
    assert "locations" not in bare
    assert missing["level"] == "note"


def test_markdown_summary_escapes_untrusted_text(one_repo: tuple[Drift, Path]) -> None:
    drift, _ = one_repo
    hostile = Finding(
        "radar-hold-in-use",
        Severity.WARNING,
        "uses <script>alert(1)</script> | [click](http://x) **bold**\nsecond line\x1b[31m",
        "web",
    )
    waiver = PolicyException("eol", None, None, "cto", "planned", date(2027, 1, 1))
    text = findings_markdown(
        replace(
            drift,
            findings=(*drift.findings, hostile),
            waived=((drift.findings[0], waiver),),
        ),
        today=TODAY,
    )
    assert text.startswith("# Lodestar check\n")
    assert "**1 errors**" in text
    assert "## Errors (1)" in text
    assert "## Warnings" in text
    assert "| `licence-denied` | web |" in text
    assert "<script>" not in text
    assert "\x1b" not in text
    assert "\\<script\\>" in text
    assert "\\| \\[click\\](http://x) \\*\\*bold\\*\\* second line" in text
    assert "## Waived by exceptions (1)" in text
    short = findings_markdown(drift, today=TODAY, max_rows=1)
    warnings = sum(1 for f in drift.findings if f.severity is Severity.WARNING)
    assert warnings > 1
    assert f"… and {warnings - 1} more" in short
    assert short.count("| `") < text.count("| `")
    clean = findings_markdown(Drift((), repositories=("web",), organisation=False), today=TODAY)
    assert "No findings" in clean
