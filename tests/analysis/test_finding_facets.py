"""Findings a person can work through: filters, facet counts, rule groups, waiver snippets."""

from __future__ import annotations

import datetime as dt

import yaml

from lodestar.analysis import (
    FindingQuery,
    ListedFinding,
    facet_counts,
    listed_findings,
    rule_summary,
    waiver_snippet,
)
from lodestar.analysis.finding_facets import NO_TEAM, ORGANISATION, UNOWNED
from lodestar.records import Finding, PolicyException, Severity
from lodestar.strategy.models import PolicyFileModel

TODAY = dt.date(2026, 6, 1)
E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
TEAMS = {"orders-api": "Payments", "billing": "Payments", "web": "Web"}

FINDINGS = (
    Finding("radar-missing", N, "orders-api uses Redis, on no radar entry", "orders-api"),
    Finding("radar-missing", N, "web uses Vite, on no radar entry", "web", owner="@acme/web"),
    Finding(
        "eol-past",
        E,
        "orders-api declares Python 3.8 (python:3.8), past its end of life",
        "orders-api",
        ("Dockerfile:1",),
        "upgrade Python",
        subject="python@3.8",
        owner="@acme/payments",
    ),
    Finding(
        "eol-past",
        E,
        "billing declares Node.js 16, past its end of life",
        "billing",
        ("package.json:3",),
        "upgrade Node.js",
        subject="nodejs@16",
    ),
    Finding("licence-review", W, "web ships GPL-3.0-only code", "web", owner="@acme/web"),
    Finding("decision-review-due", W, "ADR-7 is past its review date"),
)
WAIVER = PolicyException("licence", "web", None, "Ann", "legal said yes", dt.date(2026, 9, 1))
WAIVED = (
    (Finding("licence-denied", E, "web ships AGPL-3.0 code", "web", owner="@acme/web"), WAIVER),
)


def _listed() -> tuple[ListedFinding, ...]:
    return listed_findings(FINDINGS, WAIVED, lambda repo: TEAMS.get(repo or ""))


def _counts(values: tuple[object, ...]) -> dict[str, int]:
    return {v.value: v.count for v in values}  # type: ignore[attr-defined]


def test_the_list_is_most_severe_first_with_teams_and_waivers() -> None:
    rows = _listed()
    assert [r.finding.severity for r in rows] == [E, E, E, W, W, N, N]
    assert [r.team for r in rows[:3]] == ["Payments", "Payments", "Web"]
    assert [r.waived for r in rows].count(True) == 1
    assert rows[-1].facet("owner") == "@acme/web" and rows[0].facet("owner") == UNOWNED
    review = next(r for r in rows if r.finding.rule == "decision-review-due")
    assert review.facet("repository") == ORGANISATION and review.facet("team") == NO_TEAM


def test_open_is_the_default_and_waived_ones_are_asked_for() -> None:
    rows = _listed()
    assert len(FindingQuery().apply(rows)) == len(FINDINGS)
    assert [r.finding.rule for r in FindingQuery(waived="waived").apply(rows)] == ["licence-denied"]
    assert len(FindingQuery(waived="all").apply(rows)) == len(FINDINGS) + 1
    assert not FindingQuery().active and FindingQuery(waived="all").active


def test_filters_combine_and_the_text_search_wants_every_word() -> None:
    rows = _listed()
    assert [
        r.finding.repository for r in FindingQuery(rule="eol-past", team="payments").apply(rows)
    ] == [
        "billing",
        "orders-api",
    ]  # a team in any case, as the team pages take it
    assert len(FindingQuery(severity="error", repository="web").apply(rows)) == 0  # waived
    assert len(FindingQuery(owner=UNOWNED).apply(rows)) == 3
    found = FindingQuery(text="PYTHON dockerfile").apply(rows)  # message and evidence, any case
    assert [r.finding.subject for r in found] == ["python@3.8"]
    assert FindingQuery(text="python nodejs").apply(rows) == ()  # every word must be there
    assert len(FindingQuery(text="payments").apply(rows)) == 3  # the team is searched too


def test_a_facet_counts_what_the_other_filters_keep() -> None:
    rows = _listed()
    facets = facet_counts(rows, FindingQuery(severity="error"))
    # the severity facet ignores the severity filter: every severity stays choosable
    assert _counts(facets.severity) == {"error": 2, "warning": 2, "note": 2}
    assert [v.value for v in facets.severity] == ["error", "warning", "note"]
    assert _counts(facets.rule) == {"eol-past": 2}  # the other facets count the errors only
    assert _counts(facets.team) == {"Payments": 2}
    assert _counts(facets.waived) == {"open": 2, "waived": 1}
    chosen = facet_counts(rows, FindingQuery(rule="no-such-rule"))
    assert _counts(chosen.rule)["no-such-rule"] == 0  # the asked value stays, with 0
    assert sum(v.count for v in facet_counts(rows, FindingQuery()).repository) == len(FINDINGS)


def test_rule_summary_puts_the_most_severe_rule_first_then_the_most_frequent() -> None:
    summary = rule_summary(FINDINGS)
    assert [(s.rule, s.severity, s.findings) for s in summary] == [
        ("eol-past", E, 2),
        ("decision-review-due", W, 1),
        ("licence-review", W, 1),
        ("radar-missing", N, 2),
    ]
    assert summary[0].title == "Past end of life"  # the rule table's title
    mixed = rule_summary(
        (Finding("vulnerability", W, "a"), Finding("vulnerability", E, "b"))
    )  # a rule whose severity the policy grades: its worst finding's
    assert mixed[0].severity is E and mixed[0].by_severity == ((E, 1), (W, 1))
    assert rule_summary(()) == ()


def test_the_waiver_snippet_is_an_exception_the_loader_accepts() -> None:
    hostile = Finding(
        "eol-past", E, "x", 'we"b: {a}\n- rule: *', subject="python@3.8", owner="@acme/web"
    )
    text = waiver_snippet(hostile, TODAY)
    assert text is not None
    model = PolicyFileModel.model_validate(yaml.safe_load(text))
    (exc,) = model.exceptions
    assert (exc.rule, exc.repository, exc.subject) == (
        "eol-past",
        'we"b: {a}\n- rule: *',
        "python@3.8",
    )
    assert exc.owner == "@acme/web" and exc.expires == dt.date(2026, 8, 30)  # 90 days on
    organisation_wide = waiver_snippet(FINDINGS[-1], TODAY)
    assert organisation_wide is not None and "repository" not in organisation_wide
    assert waiver_snippet(Finding("exception-expired", W, "renew it"), TODAY) is None
