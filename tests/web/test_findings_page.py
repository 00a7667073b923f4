"""The findings page: facets, filters, rule groups, search, CSV export, waiver snippets, and the
names (not ids) and counts (not "1 repositories") the pages and their charts show."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lodestar.records import Finding, Matcher, PolicyException, Severity
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_findings import findings_context, findings_rows
from lodestar.web.contexts_inventory import technologies_context
from lodestar.web.names import category_name, matcher_name, product_name
from lodestar.web.pages import plural, short_hashes
from lodestar.web.site import build_site

SHA = "0123456789abcdef0123456789abcdef01234567"
E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
HOSTILE = (
    Finding(
        "dependency-denied",
        E,
        '=HYPERLINK("http://evil.example","x")',
        "orders-api",
        ("requirements.txt:9",),
        "+cmd|' /C calc'!A0",
        subject="pkg:pypi/evil",
        owner="@acme/payments",
    ),
    Finding(
        "dependency-denied", E, "-2+3 and @SUM(A1)", "billing", ("\tpackage.json:2",), "\rremove it"
    ),
    Finding(
        "radar-hold-new-adoption",
        W,
        f"orders-api adopted Django in commit {SHA}",
        "orders-api",
        (f"commit:{SHA}", "requirements.txt:3"),
        f"revert {SHA}",
    ),
    Finding("radar-missing", N, "orders-api uses Redis, which no radar entry names", "orders-api"),
)
WAIVER = PolicyException("licence", "billing", None, "Ann", "legal agreed", dt.date(2026, 9, 1))
WAIVED = ((Finding("licence-denied", E, "billing ships AGPL code", "billing"), WAIVER),)


@pytest.fixture
def many(cockpit: Cockpit) -> Cockpit:
    """The test cockpit with hostile findings (formulas, a commit id) and a waived one."""
    return dataclasses.replace(cockpit, findings=(cockpit.findings or ()) + HOSTILE, waived=WAIVED)


def test_facets_count_what_the_other_filters_keep(many: Cockpit) -> None:
    ctx = findings_context(many)
    assert ctx.total == len(many.findings or ()) == ctx.pager.total
    assert {v.value: v.count for v in ctx.facets.severity} == {"error": 3, "warning": 2, "note": 1}
    assert {v.value: v.count for v in ctx.facets.waived} == {"open": 6, "waived": 1}
    narrowed = findings_context(many, severity="error")
    assert {f.severity for f in narrowed.findings} == {"error"} and narrowed.active
    assert {v.value: v.count for v in narrowed.facets.severity}["warning"] == 2  # still choosable
    assert {v.value: v.count for v in narrowed.facets.rule} == {
        "dependency-denied": 2,
        "radar-hold-in-use": 1,
    }
    teams = {v.value: v.count for v in ctx.facets.team}
    assert teams["Payments"] == 4 and "(no team)" in teams  # every known team, with a count


def test_groups_by_rule_most_severe_first_notes_folded(many: Cockpit) -> None:
    ctx = findings_context(many)
    assert [(g.rule, g.count) for g in ctx.groups] == [
        ("dependency-denied", 2),
        ("radar-hold-in-use", 1),
        ("radar-hold-new-adoption", 1),
        ("review-due", 1),
        ("radar-missing", 1),
    ]
    assert [g.open for g in ctx.groups] == [True, True, True, True, False]
    assert all(g.open for g in findings_context(many, rule="radar-missing").groups)
    assert ctx.by_rule[0] == ("dependency-denied", 2)


def test_search_team_and_waived_filters(many: Cockpit) -> None:
    assert [f.rule for f in findings_context(many, q="DJANGO commit").findings] == [
        "radar-hold-new-adoption"
    ]
    payments = findings_context(many, "payments", q="django")  # the ?team= filter, any case
    assert {f.repository for f in payments.findings} == {"orders-api"}
    waived = findings_context(many, waived="waived").findings
    assert [(f.rule, f.waived_until, f.waiver) for f in waived] == [
        ("licence-denied", "2026-09-01", None),
    ]  # a waived finding needs no snippet; an open one has it
    snippet = findings_context(many, rule="dependency-denied", repository="billing").findings[0]
    assert snippet.waiver == (
        "exceptions:\n  - rule: dependency-denied\n"
        '    repository: "billing"\n    owner: "WHO ACCEPTS THE RISK"\n'
        '    reason: "WHY IT IS ACCEPTED, AND THE PLAN"\n    expires: 2026-08-30\n'
    )
    assert findings_context(many, q="no such words").groups == ()
    assert findings_context(many, "Nobody").findings == ()  # an unknown team keeps nothing


def test_the_page_filters_through_its_query_without_javascript(many: Cockpit) -> None:
    client = TestClient(create_app(lambda: many))
    html = client.get("/findings/", params={"severity": "warning"}).text
    assert html.count('<li class="finding"') == 2
    assert 'data-rule="radar-hold-new-adoption"' in html and 'data-rule="radar-missing"' not in html
    assert '<option value="warning" data-label="warning" selected>warning (2)</option>' in html
    assert "2 findings shown" in html and "1 finding</span>" in html  # singular and plural
    # the commit id: 12 characters shown, the whole one in the title; rule names never wrap
    assert f'<span class="hash" title="{SHA}">{SHA[:12]}</span>' in html
    assert f">{SHA}<" not in html
    assert '<code class="rule">radar-hold-new-adoption</code>' in html
    assert "requirements.txt:<wbr>3" in html  # a path wraps at its separators only
    assert "how to waive" in html and "expires: 2026-08-30" in html
    csv_link = re.search(r'href="([^"]+)" id="finding-csv"', html.replace("&amp;", "&"))
    assert csv_link and csv_link.group(1) == "/findings.csv?severity=warning"
    assert client.get("/findings/", params={"waived": "maybe"}).status_code == 400
    assert client.get("/api/findings", params={"waived": "maybe"}).status_code == 422
    api = client.get("/api/findings", params={"rule": "dependency-denied"}).json()
    assert [f["rule"] for f in api["findings"]] == ["dependency-denied"] * 2
    assert api["facets"]["severity"][0] == {"value": "error", "count": 2}  # of that rule


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_is_the_filtered_list_and_runs_no_formula(many: Cockpit) -> None:
    client = TestClient(create_app(lambda: many))
    response = client.get("/findings.csv", params={"rule": "dependency-denied"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv(response.text)
    assert [r["repository"] for r in rows] == ["billing", "orders-api"]
    first, second = rows[1], rows[0]
    assert first["message"] == '\'=HYPERLINK("http://evil.example","x")'
    assert first["fix"] == "'+cmd|' /C calc'!A0"
    assert (first["path"], first["line"], first["owner"], first["team"]) == (
        "requirements.txt", "9", "'@acme/payments", "Payments"
    )  # fmt: skip  # a GitHub team starts with @: shown as text too
    assert second["message"] == "'-2+3 and @SUM(A1)" and second["fix"] == "'\rremove it"
    for row in rows:  # no cell a spreadsheet would evaluate
        assert not any(cell[:1] in "=+-@\t\r" for cell in row.values() if cell)
    every = _csv(client.get("/findings.csv", params={"waived": "all"}).text)
    waived = [r for r in every if r["waived"] == "yes"]
    assert [(r["rule"], r["expires"]) for r in waived] == [("licence-denied", "2026-09-01")]
    assert len(every) == len(findings_rows(many, waived="all")) == 7
    assert list(every[0]) == ["severity", "rule", "repository", "path", "line", "message",
                              "fix", "owner", "team", "waived", "expires"]  # fmt: skip
    assert client.get("/findings.csv", params={"severity": "fatal"}).status_code == 400


def test_the_static_site_holds_every_finding_and_the_csv(many: Cockpit, tmp_path: Path) -> None:
    build_site(many, tmp_path / "site")
    html = (tmp_path / "site" / "findings" / "index.html").read_text("utf-8")
    assert html.count('<li class="finding"') == 7  # open and waived: its script filters them
    assert 'data-waived="waived"' in html and 'href="../findings.csv"' in html
    rows = _csv((tmp_path / "site" / "findings.csv").read_text("utf-8"))
    assert len(rows) == 7 and {r["waived"] for r in rows} == {"yes", "no"}


def test_names_not_ids(cockpit: Cockpit) -> None:
    catalog = cockpit.technologies()
    assert category_name("ai-ml") == "AI/ML" and category_name("ci-cd") == "CI/CD"
    assert category_name("made-up") == "made-up"
    assert product_name(catalog, "nodejs") == "Node.js"
    assert product_name(catalog, "ruby-on-rails") == "Ruby on Rails"
    assert (
        matcher_name(catalog, Matcher(technology="postgresql", versions="<14")) == "PostgreSQL <14"
    )
    assert matcher_name(catalog, Matcher(purl="pkg:npm/left-pad")) == "pkg:npm/left-pad"
    tech = technologies_context(cockpit)
    labels = tech.categories_chart.labels
    assert labels and all(category_name(lbl) == lbl for lbl in labels)  # labels, not ids
    assert all(t.category_name == category_name(t.category) for t in tech.technologies)
    client = TestClient(create_app(lambda: cockpit))
    decision = client.get("/decisions/0002-database/").text
    assert "<code>PostgreSQL</code>" in decision and "<code>postgresql</code>" not in decision


def test_plural_and_short_hashes() -> None:
    assert plural(1, "repository") == "1 repository" and plural(2, "repository") == "2 repositories"
    assert plural(1.0, "finding") == "1 finding" and plural(1200, "line") == "1,200 lines"
    assert (
        plural(1, "person", "people") == "1 person" and plural(0, "person", "people") == "0 people"
    )
    assert plural(3, "day") == "3 days"
    assert (
        str(short_hashes("<b>" + SHA))
        == f'&lt;b&gt;<span class="hash" title="{SHA}">{SHA[:12]}</span>'
    )
    assert "<wbr>" not in short_hashes("a/b") and str(short_hashes("a/b:1", breakable=True)) == (
        "a/<wbr>b:<wbr>1"
    )
    assert SHA + "0" in str(short_hashes(SHA + "0"))  # 41 hex digits: not a commit id
