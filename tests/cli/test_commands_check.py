"""``lodestar check``: exit codes, formats, --repo; ``drift``, ``campaigns``, ``initiatives``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import ALICE, BOB, make_repo
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.demo.content.licences import mit
from lodestar.demo.factory import Commit, build_repository
from lodestar.settings import init_workspace

runner = CliRunner()
AS_OF = ["--as-of", "2026-09-01"]

RADAR_JQUERY = """---
title: jQuery
quadrant: Languages & Frameworks
ring: Hold
replaced-by: react
matchers:
  - technology: jquery
---
Use React for new front ends.
"""
RADAR_REACT = """---
title: React
quadrant: Languages & Frameworks
ring: Adopt
matchers:
  - technology: react
---
"""
DECISION = """---
status: accepted
date: 2025-03-01
governs:
  - technology: mysql
review-by: 2026-06-01
---
# Use PostgreSQL for relational data

## Considered Options

* PostgreSQL
* MySQL

## Decision Outcome

Chosen option: "PostgreSQL", because it is what we run well.
"""
POLICIES = """licence:
  default-context: internal
  contexts:
    internal:
      allowed: [MIT, Apache-2.0]
    saas:
      denied: [AGPL-3.0-only]
  repositories:
    web: saas
eol:
  error-past-eol: true
  warn-days: 90
radar:
  hold-no-new-since: 2026-01-01
dependencies:
  - action: deny
    match:
      purl: pkg:pypi/leftpad
    reason: unmaintained
exceptions:
  - rule: dependency
    repository: api
    subject: pkg:pypi/leftpad
    owner: cto@example.com
    reason: replaced in Q4
    expires: 2026-12-31
"""
CAMPAIGN = """---
title: MySQL to PostgreSQL
from:
  - technology: mysql
to:
  - technology: postgresql
owner: platform
start: 2026-01-01
due: 2026-06-30
---
Move every service to the managed PostgreSQL.
"""
INITIATIVE = """---
title: Data platform
status: active
owner: cto
milestones:
  - title: pilot
    due: 2026-05-01
objectives:
  - title: One relational database
    key-results:
      - title: repositories migrated
        target: 100
        metric: campaign:mysql-to-postgres
        unit: "%"
      - title: past-EOL runtimes
        start: 5
        target: 0
        metric: eol:past
      - title: people who know the api
        start: 1
        target: 3
        metric: truck-factor:api
---
"""


def write_strategy(root: Path) -> None:
    files = {
        "radar/jquery.md": RADAR_JQUERY,
        "radar/react.md": RADAR_REACT,
        "decisions/0001-postgresql.md": DECISION,
        "policies/policies.yaml": POLICIES,
        "campaigns/mysql-to-postgres.md": CAMPAIGN,
        "initiatives/data-platform.md": INITIATIVE,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    make_repo(
        root / "repos" / "api",
        {
            "requirements.txt": "flask==3.0.0\nmysqlclient==2.2.0\nleftpad==0.1.2\n",
            ".python-version": "3.8\n",
            "app.py": "import flask\n",
            "LICENSE": mit(2024),
        },
    )
    make_repo(
        root / "repos" / "web",
        {
            "package.json": '{"name": "web", "license": "AGPL-3.0-only",\n'
            ' "dependencies": {"jquery": "3.7.1"}}\n',
            "index.js": "console.log(1)\n",
        },
    )
    make_repo(
        root / "repos" / "legacy-ui",
        {
            "package.json": '{"name": "legacy-ui", "license": "MIT",\n'
            ' "dependencies": {"jquery": "3.7.1"}}\n',
            "LICENSE": mit(2020),
        },
    )
    make_repo(root / "repos" / "clean", {"main.go": "package main\n", "LICENSE": mit(2024)})
    # adopts jQuery in April 2026, after the radar policy's date (history tells)
    build_repository(
        root / "repos" / "newbie",
        [
            Commit(
                ALICE,
                datetime(2025, 11, 3, 10, tzinfo=UTC),
                "start",
                {
                    "package.json": '{"name": "newbie", "license": "MIT",\n'
                    ' "dependencies": {"react": "18.3.1"}}\n',
                    "LICENSE": mit(2025),
                },
            ),
            Commit(
                BOB,
                datetime(2026, 4, 7, 10, tzinfo=UTC),
                "add jquery",
                {
                    "package.json": '{"name": "newbie", "license": "MIT",\n'
                    ' "dependencies": {"react": "18.3.1", "jquery": "3.7.1"}}\n',
                },
            ),
        ],
    )
    init_workspace(root, name="Test Org", sources=["repos"])
    write_strategy(root)
    result = runner.invoke(app, ["-w", str(root), "scan", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    return root


def invoke(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.stdout


def test_check_organisation_fails_on_errors(workspace: Path) -> None:
    code, out = invoke(workspace, "check", *AS_OF, "--json")
    assert code == 1
    data = json.loads(out)
    rules = {f["rule"] for f in data["findings"]}
    assert {
        "radar-hold-in-use",
        "decision-violation",
        "decision-review-due",
        "licence-denied",
        "eol-past",
        "radar-missing",
        "campaign-behind",
        "milestone-overdue",
    } <= rules
    adopted = [f for f in data["findings"] if f["rule"] == "radar-hold-new-adoption"]
    assert [f["repository"] for f in adopted] == ["newbie"]
    assert any(e.startswith("since:2026-04") for e in adopted[0]["evidence"])
    in_use = [f["repository"] for f in data["findings"] if f["rule"] == "radar-hold-in-use"]
    assert in_use == ["legacy-ui", "web"]  # in use since before the date
    # the live exception waives the leftpad finding
    assert "dependency-denied" not in rules
    assert [w["finding"]["rule"] for w in data["waived"]] == ["dependency-denied"]
    assert data["summary"]["error"] >= 3
    assert all(f["repository"] != "clean" for f in data["findings"])


def test_fail_on_thresholds_and_exit_codes(workspace: Path) -> None:
    # the clean repository: notes only (radar-missing is organisation-wide, not in --repo mode)
    clean = str(workspace / "repos" / "clean")
    assert invoke(workspace, "check", "--repo", clean, *AS_OF)[0] == 0
    assert invoke(workspace, "check", "--repo", clean, *AS_OF, "--fail-on", "note")[0] == 0
    web = str(workspace / "repos" / "web")
    code, out = invoke(workspace, "check", "--repo", web, *AS_OF, "-f", "json")
    assert code == 1
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules == ["licence-denied", "radar-hold-in-use"]
    # warnings only: fails with --fail-on warning or note, passes with the default (error)
    ui = str(workspace / "repos" / "legacy-ui")
    code, out = invoke(workspace, "check", "--repo", ui, *AS_OF)
    assert code == 0
    assert "radar-hold-in-use" in out
    assert invoke(workspace, "check", "--repo", ui, *AS_OF, "--fail-on", "warning")[0] == 1
    assert invoke(workspace, "check", "--repo", ui, *AS_OF, "--fail-on", "note")[0] == 1


def test_after_expiry_the_exception_stops_counting(workspace: Path) -> None:
    api = str(workspace / "repos" / "api")
    code, out = invoke(workspace, "check", "--repo", api, "--as-of", "2027-01-05", "-f", "json")
    assert code == 1
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert "dependency-denied" in rules
    assert "exception-expired" in rules
    code, out = invoke(workspace, "check", "--repo", api, *AS_OF, "-f", "json")
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert "dependency-denied" not in rules
    assert "exception-expired" not in rules


def test_repo_mode_needs_no_database(workspace: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'never.db'}"
    result = runner.invoke(
        app,
        ["-w", str(workspace), "check", "--repo", str(workspace / "repos" / "web"), *AS_OF],
        env={"LODESTAR_DATABASE_URL": url},
    )
    assert result.exit_code == 1
    assert "licence-denied" in result.stdout
    assert not (tmp_path / "never.db").exists()


def test_sarif_and_markdown_to_a_file(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "check.sarif"
    web = str(workspace / "repos" / "web")
    code, _ = invoke(workspace, "check", "--repo", web, *AS_OF, "-f", "sarif", "-o", str(out))
    assert code == 1
    log = json.loads(out.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"licence-denied", "radar-hold-in-use"}
    hold = next(r for r in results if r["ruleId"] == "radar-hold-in-use")
    assert hold["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "package.json"
    org = tmp_path / "org.sarif"
    assert invoke(workspace, "check", *AS_OF, "-f", "sarif", "-o", str(org))[0] == 1
    bases = json.loads(org.read_text(encoding="utf-8"))["runs"][0]["originalUriBaseIds"]
    assert bases["REPO_web"]["uri"] == (workspace / "repos" / "web").resolve().as_uri() + "/"
    md = tmp_path / "summary.md"
    invoke(workspace, "check", *AS_OF, "-f", "markdown", "-o", str(md))
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Lodestar check: Test Org")
    assert "`decision-violation`" in text


def test_usage_and_configuration_errors_exit_2(workspace: Path, tmp_path: Path) -> None:
    assert invoke(workspace, "check", "--repo", str(tmp_path))[0] == 2  # not a repository
    assert invoke(workspace, "check", "--as-of", "yesterday")[0] == 2
    assert invoke(workspace, "check", "--fail-on", "fatal")[0] == 2
    assert invoke(workspace, "check", "--name", "x")[0] == 2
    bad = tmp_path / "bad"
    init_workspace(bad, name="Bad", sources=[])
    (bad / "radar" / "broken.md").write_text(
        "---\ntitle: Broken\nquadrant: Nowhere\nring: Hold\n---\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["-w", str(bad), "check"])
    assert result.exit_code == 2
    assert "radar/broken.md:3:11" in result.stderr


def test_drift_campaigns_initiatives(workspace: Path) -> None:
    code, out = invoke(workspace, "drift", *AS_OF, "--rule", "licence", "--json")
    assert code == 0
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["licence-denied"]
    code, out = invoke(workspace, "drift", *AS_OF, "--repository", "web")
    assert code == 0
    assert "radar-hold-in-use" in out
    assert invoke(workspace, "drift", "--rule", "nope")[0] == 2

    code, out = invoke(workspace, "campaigns", *AS_OF, "--json")
    assert code == 0
    (campaign,) = json.loads(out)["campaigns"]
    assert campaign["id"] == "mysql-to-postgres"
    assert (campaign["done"], campaign["not_started"], campaign["unknown"]) == (0, 1, 0)
    assert all("unknown" in point for point in campaign["burndown"])
    assert campaign["schedule"] == "overdue"
    code, out = invoke(workspace, "campaigns", "mysql-to-postgres", *AS_OF)
    assert code == 0
    assert "Burn-down" in out
    assert "api" in out
    assert invoke(workspace, "campaigns", "nope")[0] == 2

    code, out = invoke(workspace, "initiatives", *AS_OF, "--json")
    assert code == 0
    (initiative,) = json.loads(out)["initiatives"]
    values = [(k["key_result"]["metric"], k["value"]) for k in initiative["key_results"]]
    # truck factor from the mined history: api has one author
    assert values == [
        ("campaign:mysql-to-postgres", 0.0),
        ("eol:past", 1.0),
        ("truck-factor:api", 1.0),
    ]
    assert [m["title"] for m in initiative["overdue_milestones"]] == ["pilot"]
    code, out = invoke(workspace, "initiatives", *AS_OF)
    assert code == 0
    assert "Data platform" in out
