"""The per-rule summary: open and waived counts per rule, the worst severity, a stable order."""

from __future__ import annotations

from datetime import date

from lodestar.analysis import RULES, Drift, drift_rule_summary, rule_summary
from lodestar.records import Finding, PolicyException, Severity


def _finding(rule: str, severity: Severity, repo: str = "api") -> Finding:
    return Finding(rule=rule, severity=severity, message=f"{rule} in {repo}", repository=repo)


def test_counts_open_and_waived_findings_per_rule_most_severe_first() -> None:
    waiver = PolicyException("eol", "api", None, "ops", "upgrade planned", date(2030, 1, 1))
    drift = Drift(
        findings=(
            _finding("licence-denied", Severity.ERROR),
            _finding("radar-missing", Severity.NOTE, "a"),
            _finding("radar-missing", Severity.NOTE, "b"),
            _finding("dependency-denied", Severity.WARNING),
            _finding("dependency-denied", Severity.ERROR, "web"),
        ),
        waived=((_finding("eol-past", Severity.ERROR), waiver),),
    )
    rows = drift_rule_summary(drift)
    assert [(r.rule, r.findings, r.waived) for r in rows] == [
        ("dependency-denied", 2, 0),
        ("licence-denied", 1, 0),
        ("eol-past", 0, 1),
        ("radar-missing", 2, 0),
    ]
    by_rule = {r.rule: r for r in rows}
    # the worst severity its findings carry; the rule's default when all are waived
    assert by_rule["dependency-denied"].severity is Severity.ERROR
    assert by_rule["eol-past"].severity is RULES["eol-past"].severity
    assert by_rule["licence-denied"].title == RULES["licence-denied"].title
    assert sum(r.findings for r in rows) == len(drift.findings)


def test_no_findings_no_rows() -> None:
    assert drift_rule_summary(Drift(findings=())) == ()
    assert rule_summary(()) == ()
