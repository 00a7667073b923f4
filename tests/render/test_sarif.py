"""SARIF 2.1.0 output, validated against the official OASIS schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from lodestar.analysis.drift import RULES, Drift
from lodestar.records import (
    Finding,
    Severity,
    SourcePosition,
)
from lodestar.render.sarif import to_sarif

# The SARIF 2.1.0 (rtm.5) JSON schema as Microsoft's SARIF SDK publishes it on npm; pinned and
# refreshed by scripts/update_vendored.py.
SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0-rtm.5.json").read_text(encoding="utf-8")
)


def validate(log: dict[str, Any]) -> None:
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


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


def test_sarif_results_carry_the_owner() -> None:
    owned = Finding(
        "licence-denied",
        Severity.ERROR,
        "web is AGPL-3.0-only",
        "web",
        ("package.json:1",),
        owner="@northwind/web-team @jane",
    )
    unowned = Finding("eol-past", Severity.ERROR, "Node 16", "legacy", (".nvmrc:1",))
    log = to_sarif(Drift((owned, unowned), repositories=("web", "legacy")))
    validate(log)
    first, second = log["runs"][0]["results"]
    assert first["properties"]["owner"] == "@northwind/web-team @jane"
    assert "owner" not in second["properties"]
