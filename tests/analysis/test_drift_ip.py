"""The IP register's declaration rules: undecided disclosures, deadlines soon and missed,
unknown inventors and repositories — each with its declaring line, waivable, organisation-wide."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.drift import find_drift
from lodestar.analysis.ownership import Ownership
from lodestar.records import (
    Finding,
    Identity,
    Observation,
    Policies,
    PolicyException,
    Severity,
    SourcePosition,
    Strategy,
)
from lodestar.records.ip import (
    Deadline,
    Disclosure,
    ExportRecord,
    IpRegister,
    PatentFamily,
    PatentMember,
)

TODAY = dt.date(2026, 10, 31)
AT = SourcePosition("ip/patents.yaml", 20)
PEOPLE = {
    "oliver.brennan@northwind-labs.example": Identity(
        "oliver.brennan@northwind-labs.example",
        "Oliver Brennan",
        ("oliver.brennan@northwind-labs.example", "oliver@home.example"),
    )
}
OBSERVED = [Observation("pricing-engine", "c0ffee"), Observation("data-platform", "c0ffee")]


def disclosure(status: str, date: dt.date, **more: object) -> Disclosure:
    return Disclosure(
        "rule-stacking",
        "Rule stacking",
        status,
        date,
        source=SourcePosition("ip/disclosures/rule-stacking.md", 3),
        **more,  # type: ignore[arg-type]
    )


def family(*deadlines: Deadline, status: str = "pending") -> PatentFamily:
    member = PatentMember("EP", status, "EP25158321.4", deadlines=deadlines)
    return PatentFamily("demand-forecasting", "Demand forecasting", (member,), ("d",))


def check(register: IpRegister, *, organisation: bool = True, **policies: object) -> list[Finding]:
    strategy = Strategy(ip=register, policies=Policies(**policies))  # type: ignore[arg-type]
    drift = find_drift(
        OBSERVED,
        strategy,
        today=TODAY,
        organisation=organisation,
        ownership=Ownership({}, PEOPLE),
    )
    return [f for f in drift.findings if f.rule.startswith("ip-")]


def test_a_disclosure_undecided_past_the_setting_is_flagged_at_its_status_line() -> None:
    old = disclosure("submitted", TODAY - dt.timedelta(days=91), commits=("d3cac1c",))
    (finding,) = check(IpRegister(disclosures=(old,)))
    assert (finding.rule, finding.severity, finding.subject) == (
        "ip-disclosure-undecided",
        Severity.WARNING,
        "rule-stacking",
    )
    assert "submitted for 91 days since 2026-08-01" in finding.message
    assert finding.declaration == SourcePosition("ip/disclosures/rule-stacking.md", 3)
    assert "commit:d3cac1c" in finding.evidence
    assert "`decision-date`" in finding.hint


def test_the_undecided_window_is_the_setting_and_decided_ones_are_quiet() -> None:
    day90 = disclosure("draft", TODAY - dt.timedelta(days=90))
    assert check(IpRegister(disclosures=(day90,))) == []
    assert len(check(IpRegister(disclosures=(day90,), undecided_days=60))) == 1
    filed = disclosure("filed", TODAY - dt.timedelta(days=900))
    assert check(IpRegister(disclosures=(filed,))) == []


def test_a_passed_review_by_flags_a_young_disclosure() -> None:
    young = disclosure(
        "under-review", TODAY - dt.timedelta(days=10), review_by=TODAY - dt.timedelta(days=1)
    )
    (finding,) = check(IpRegister(disclosures=(young,)))
    assert "review-by date 2026-10-30 has passed" in finding.message


def test_deadlines_soon_missed_hard_and_extendable() -> None:
    soon = Deadline(
        "Response to office action", TODAY + dt.timedelta(days=30), hard=False, source=AT
    )
    later = Deadline("Annuity", TODAY + dt.timedelta(days=31))
    missed_hard = Deadline("Rule 71(3) reply", TODAY - dt.timedelta(days=8), source=AT)
    missed_soft = Deadline("Office action", TODAY - dt.timedelta(days=1), hard=False)
    done = Deadline("Examination fee", TODAY - dt.timedelta(days=300), done=True)
    findings = check(IpRegister(patents=(family(soon, later, missed_hard, missed_soft, done),)))
    got = sorted((f.rule, f.severity.value, f.message.split(" (")[0]) for f in findings)
    assert got == [
        ("ip-deadline-missed", "error", "Rule 71(3) reply"),
        ("ip-deadline-missed", "warning", "Office action"),
        ("ip-deadline-soon", "warning", "Response to office action"),
    ]
    hard = next(f for f in findings if f.severity is Severity.ERROR)
    assert hard.declaration == AT and hard.subject == "demand-forecasting"
    assert "8 days ago" in hard.message and "application:EP25158321.4" in hard.evidence
    assert "`done: true`" in hard.hint


def test_the_soon_window_is_the_setting_and_lapsed_applications_keep_no_deadline() -> None:
    soon = Deadline("Reply", TODAY + dt.timedelta(days=12))
    assert len(check(IpRegister(patents=(family(soon),), deadline_warn_days=12))) == 1
    assert check(IpRegister(patents=(family(soon),), deadline_warn_days=11)) == []
    missed = Deadline("Annuity", TODAY - dt.timedelta(days=3))
    assert check(IpRegister(patents=(family(missed, status="lapsed"),))) == []
    done = Deadline("Fee", TODAY, done=True)
    both = IpRegister(patents=(family(missed, status="lapsed"), family(soon, done)))
    assert [d for _, _, d in both.open_deadlines()] == [soon]  # what every view reads


def test_an_exception_waives_a_deadline_until_it_expires() -> None:
    missed = Deadline("Rule 71(3) reply", TODAY - dt.timedelta(days=8))
    waiver = PolicyException(
        "ip-deadline", None, "demand-forecasting", "counsel", "further processing filed",
        TODAY + dt.timedelta(days=7),
    )  # fmt: skip
    assert check(IpRegister(patents=(family(missed),)), exceptions=(waiver,)) == []
    family_wide = PolicyException("ip", None, None, "counsel", "r", TODAY)
    assert check(IpRegister(patents=(family(missed),)), exceptions=(family_wide,)) == []


def test_unknown_inventors_and_repositories_are_warnings() -> None:
    known = disclosure(
        "filed",
        TODAY,
        inventors=("Oliver@Home.example", "Oliver Brennan", "ext.inventor@uni.example"),
        repositories=("pricing-engine", "pricing-engin"),
    )
    exports = (ExportRecord("mobile-ios", "5D992.c"), ExportRecord("data-*", "not subject"))
    findings = check(IpRegister(disclosures=(known,), exports=exports))
    assert sorted(str(f.subject) for f in findings if f.rule == "ip-reference-unknown") == [
        "ext.inventor@uni.example",
        "mobile-ios",
        "pricing-engin",
    ]


def test_the_rules_are_organisation_wide() -> None:
    missed = Deadline("Rule 71(3) reply", TODAY - dt.timedelta(days=8))
    assert check(IpRegister(patents=(family(missed),)), organisation=False) == []
