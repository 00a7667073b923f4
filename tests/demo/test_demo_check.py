"""``lodestar check`` on the demo organisation reports every kind of finding at least once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.demo.demo_run import AS_OF, DEMO_RULES
from tests.render.test_sarif import validate
from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()


def test_every_rule_fires_on_the_demo(checked: dict[str, Any]) -> None:
    seen = {f["rule"] for f in checked["findings"]}
    assert sorted(DEMO_RULES - seen) == []


def test_exceptions_waive_findings_on_the_demo(checked: dict[str, Any]) -> None:
    assert checked["waived"], "the demo workspace declares a live exception that waives something"


def test_findings_carry_evidence_hints_and_declarations(checked: dict[str, Any]) -> None:
    for finding in checked["findings"]:
        assert finding["hint"], finding
        assert finding["declaration"] is not None, finding
        if finding["repository"] is not None and finding["rule"] != "exception-expired":
            assert finding["evidence"], finding


def test_sarif_of_the_demo_is_written(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.sarif"
    args = ["-w", str(demo), "check", "--as-of", AS_OF, "-f", "sarif", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    validate(log)  # against the official SARIF 2.1.0 schema
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == DEMO_RULES


def test_the_demo_pins_its_reference_date_so_every_rule_fires_any_day(demo: Path) -> None:
    assert "as_of = 2026-10-31" in (demo / "lodestar.toml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["-w", str(demo), "check", "-f", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-10-31"
    assert sorted(DEMO_RULES - {f["rule"] for f in data["findings"]}) == []


def test_policy_findings_point_at_the_policy_line_that_makes_them(
    checked: dict[str, Any],
) -> None:
    where = {
        "licence-denied": "policies/licences.yaml",
        "eol-past": "policies/lifecycle.yaml",
        "dependency-denied": "policies/dependencies.yaml",
    }
    for rule, path in where.items():
        declarations = {
            (f["declaration"]["path"], f["declaration"]["line"])
            for f in checked["findings"]
            if f["rule"] == rule
        }
        assert declarations, rule
        for found_path, line in declarations:
            assert found_path == path, (rule, found_path)
            assert isinstance(line, int) and line > 0, (rule, line)


def test_a_dependency_licence_is_judged_on_the_demo(checked: dict[str, Any]) -> None:
    found = [f for f in checked["findings"] if f["subject"] == "pkg:npm/tinymce"]
    assert [(f["rule"], f["repository"]) for f in found] == [("licence-review", "storefront-web")]
    assert found[0]["evidence"][1] == "pkg:npm/tinymce@7.3.0"
    assert found[0]["evidence"][0].startswith("package.json:")
    assert "GPL-2.0-or-later needs review for saas distribution" in found[0]["message"]


def test_the_demo_notice_is_stale_and_check_agrees_with_notice_check(
    demo: Path, checked: dict[str, Any]
) -> None:
    (finding,) = [f for f in checked["findings"] if f["rule"] == "notice-stale"]
    assert (finding["repository"], finding["evidence"][0]) == ("nw-cli", "NOTICE")
    result = runner.invoke(app, ["-w", str(demo), "notice", "nw-cli", "--check", "--json"])
    assert result.exit_code == 1, result.output
    gate = json.loads(result.stdout)
    assert gate["stale"] is True
    assert gate["diff"]["missing"] == ["vendored:vendor/semver-lite"]
    assert gate["diff"]["changed"] == ["pkg:cargo/anyhow (anyhow 1.0.75 → anyhow 1.0.86)"]
    # one comparison behind both views: the finding says what the gate lists
    assert (
        "1 missing (vendored:vendor/semver-lite); 1 changed (pkg:cargo/anyhow" in finding["message"]
    )
