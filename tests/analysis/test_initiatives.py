"""Key results measured from Lodestar's own figures; milestones."""

from __future__ import annotations

from datetime import date

from tests.analysis.test_campaigns import CURRENT

from lodestar.analysis.campaigns import campaign_report
from lodestar.analysis.drift import Drift
from lodestar.analysis.initiatives import Figures, initiative_reports, measure
from lodestar.catalog.technologies import load_catalog
from lodestar.records import (
    Campaign,
    Finding,
    Initiative,
    KeyResult,
    Matcher,
    Milestone,
    Objective,
    Severity,
)

TODAY = date(2026, 7, 15)
CAMPAIGN = Campaign(
    "flask-out",
    "Flask to FastAPI",
    source=(Matcher(technology="flask"),),
    target=(Matcher(purl="pkg:pypi/fastapi"),),
)
DRIFT = Drift(
    (
        Finding("eol-past", Severity.ERROR, "x", "a"),
        Finding("eol-past", Severity.ERROR, "x", "b"),
        Finding("eol-soon", Severity.WARNING, "x", "c"),
        Finding("licence-denied", Severity.ERROR, "x", "c"),
        Finding("licence-review", Severity.WARNING, "x", "a"),
        Finding("radar-missing", Severity.NOTE, "x", None),
    )
)
FIGURES = Figures(
    DRIFT,
    {"flask-out": campaign_report(CAMPAIGN, CURRENT, load_catalog(), today=TODAY)},
    CURRENT,
    truck_factor={"a": 2}.get,
)
ORG = Initiative("org", "Org-wide", "active")
AB = Initiative("ab", "Only a and b", "active", repositories=("a", "b"))


def test_metrics() -> None:
    assert measure("campaign:flask-out", ORG, FIGURES) == (50.0, "")
    assert measure("campaign:nope", ORG, FIGURES)[0] is None
    assert measure("eol:past", ORG, FIGURES) == (2.0, "")
    assert measure("eol:soon", ORG, FIGURES) == (1.0, "")
    assert measure("eol:soon", AB, FIGURES) == (0.0, "")
    assert measure("findings:licence", ORG, FIGURES) == (2.0, "")
    assert measure("findings:licence-denied", ORG, FIGURES) == (1.0, "")
    assert measure("findings:error", ORG, FIGURES) == (3.0, "")
    assert measure("findings:note", ORG, FIGURES) == (1.0, "")
    assert measure("findings:note", AB, FIGURES) == (0.0, "")  # org-wide findings left out
    assert measure("truck-factor:a", ORG, FIGURES) == (2.0, "")
    assert measure("truck-factor:zz", ORG, FIGURES)[0] is None
    assert measure("technology:flask", ORG, FIGURES) == (2.0, "")
    assert measure("dependency:pkg:pypi/fast*", AB, FIGURES) == (2.0, "")
    value, note = measure("velocity:x", ORG, FIGURES)
    assert value is None
    assert "unknown metric" in note


def test_key_results_and_milestones() -> None:
    initiative = Initiative(
        "modern",
        "Modern stack",
        "active",
        milestones=(
            Milestone("pilot", date(2026, 3, 1), done=True),
            Milestone("half", date(2026, 6, 30)),
            Milestone("all", date(2026, 12, 31)),
        ),
        objectives=(
            Objective(
                "Leave Flask",
                (
                    KeyResult("repositories migrated", 100, metric="campaign:flask-out", unit="%"),
                    KeyResult("no past-EOL runtimes", 0, start=4, metric="eol:past"),
                    KeyResult("bus factor of a", 3, start=1, metric="truck-factor:a"),
                ),
            ),
            Objective(
                "People",
                (
                    KeyResult("trained engineers", 10, current=4),
                    KeyResult("talks given", 3),
                    KeyResult("hand value when unmeasurable", 10, current=5, metric="eol:x"),
                ),
            ),
        ),
    )
    (report,) = initiative_reports([initiative], FIGURES, today=TODAY)
    rows = [(k.key_result.title, k.value, k.source, k.progress) for k in report.key_results]
    assert rows == [
        ("repositories migrated", 50.0, "measured", 50.0),
        ("no past-EOL runtimes", 2.0, "measured", 50.0),  # 4 → 0, now 2
        ("bus factor of a", 2.0, "measured", 50.0),
        ("trained engineers", 4, "manual", 40.0),
        ("talks given", None, "missing", None),
        ("hand value when unmeasurable", 5, "manual", 50.0),
    ]
    assert report.progress == 48.0
    assert [m.title for m in report.overdue] == ["half"]
    assert report.next_milestone is not None
    assert report.next_milestone.title == "all"
