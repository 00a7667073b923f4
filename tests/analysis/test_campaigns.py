"""Campaign progress, burn-down and projection on hand-made observations and snapshots."""

from __future__ import annotations

from datetime import date

import pytest

from lodestar.analysis.campaigns import (
    BurnPoint,
    campaign_report,
    in_scope,
    project,
)
from lodestar.catalog.technologies import load_catalog
from lodestar.records import (
    Campaign,
    Dependency,
    Matcher,
    MonthlySnapshot,
    Observation,
    Scope,
    TechnologyUse,
)

CATALOG = load_catalog()
TODAY = date(2026, 7, 15)
CAMPAIGN = Campaign(
    "py312",
    "Flask to FastAPI",
    source=(Matcher(technology="flask"),),
    target=(Matcher(purl="pkg:pypi/fastapi"),),
    start=date(2026, 1, 1),
    due=date(2026, 12, 31),
)


def obs(repo: str, *techs: str) -> Observation:
    deps = tuple(
        Dependency(
            f"pkg:pypi/{t}@1.0", "pypi", t, "1.0", "==1.0", Scope.RUNTIME, True, "req.txt", 1
        )
        for t in techs
    )
    uses = tuple(TechnologyUse(t, "dependency", f"pkg:pypi/{t}@1.0", "req.txt") for t in techs)
    return Observation(repo, "c0ffee", dependencies=deps, technologies=uses)


def snap(repo: str, month: date, *techs: str) -> MonthlySnapshot:
    o = obs(repo, *techs)
    return MonthlySnapshot(
        repo, month, f"{repo}{month:%m}", technologies=techs, dependencies=o.dependencies
    )


CURRENT = [
    obs("a", "fastapi"),  # done
    obs("b", "flask", "fastapi"),  # in progress
    obs("c", "flask"),  # not started
    obs("d", "fastapi"),  # done
    obs("e", "django"),  # not concerned
]


def test_progress_from_the_current_scan() -> None:
    report = campaign_report(CAMPAIGN, CURRENT, CATALOG, today=TODAY)
    p = report.progress
    assert (p.done, p.in_progress, p.not_started, p.total) == (2, 1, 1, 4)
    assert p.percent == 50.0
    states = {r.repository: r.state for r in p.repositories}
    assert states == {"a": "done", "b": "in-progress", "c": "not-started", "d": "done"}
    b = next(r for r in p.repositories if r.repository == "b")
    assert "req.txt:1" in b.source
    assert "pkg:pypi/fastapi@1.0" in b.target
    # without history: 50% done, 54% of the time gone → behind
    assert report.schedule == "behind"
    assert report.burndown == (BurnPoint(date(2026, 7, 1), 2, 1, 1),)
    assert report.projection is None


def test_scope_by_repository_globs() -> None:
    scoped = Campaign("x", "x", (), (), repositories=("svc-*", "core"))
    assert in_scope(scoped, "svc-orders")
    assert in_scope(scoped, "core")
    assert not in_scope(scoped, "web")
    report = campaign_report(
        Campaign("x", "x", CAMPAIGN.source, CAMPAIGN.target, repositories=("a", "c")),
        CURRENT,
        CATALOG,
        today=TODAY,
    )
    assert [r.repository for r in report.progress.repositories] == ["a", "c"]


def test_scope_by_tags_resolved_from_the_workspace() -> None:
    tagged = Campaign(
        "x", "x", CAMPAIGN.source, CAMPAIGN.target, tags=("web",), tag_repositories=("a", "b*")
    )
    report = campaign_report(tagged, CURRENT, CATALOG, today=TODAY)
    assert [r.repository for r in report.progress.repositories] == ["a", "b"]
    both = Campaign("x", "x", (), (), repositories=("c",), tags=("web",), tag_repositories=("a",))
    assert [in_scope(both, r) for r in "abc"] == [True, False, True]
    # a tag that names no repository scopes the campaign to nothing, and the report says so
    empty = Campaign("x", "x", CAMPAIGN.source, CAMPAIGN.target, tags=("nobody",))
    report = campaign_report(empty, CURRENT, CATALOG, today=TODAY)
    assert report.progress.total == 0
    assert "its tags (nobody) name no repository" in report.notes


HISTORY = [
    # a: migrated in March; b: started in May; c: never; d: new in April, on the target
    snap("a", date(2026, 1, 1), "flask"),
    snap("a", date(2026, 3, 1), "fastapi"),
    snap("b", date(2026, 1, 1), "flask"),
    snap("b", date(2026, 5, 1), "flask", "fastapi"),
    snap("c", date(2026, 1, 1), "flask"),
    snap("d", date(2026, 4, 1), "fastapi"),
    snap("c", date(2025, 6, 1), "flask"),  # before the campaign start: not plotted
]


def test_burndown_from_monthly_snapshots() -> None:
    report = campaign_report(CAMPAIGN, CURRENT, CATALOG, today=TODAY, history=HISTORY)
    rows = [(p.month.month, p.done, p.in_progress, p.not_started) for p in report.burndown]
    assert rows == [
        (1, 0, 0, 3),
        (2, 0, 0, 3),  # no snapshot in February: carried forward
        (3, 1, 0, 2),
        (4, 2, 0, 2),
        (5, 2, 1, 1),
        (6, 2, 1, 1),
        (7, 2, 1, 1),  # the current scan
    ]
    assert [p.remaining for p in report.burndown] == [3, 3, 2, 2, 2, 2, 2]


def test_projection_is_least_squares_over_the_window() -> None:
    points = [
        BurnPoint(date(2026, m, 1), 10 - r, 0, r)
        for m, r in zip(range(1, 6), [8, 6, 4, 2, 1], strict=True)
    ]
    proj = project(points, today=date(2026, 5, 15), window=6)
    assert proj is not None
    # slope through (0,8) (1,6) (2,4) (3,2) (4,1) is -1.8 per month; 1 left → 17 days
    assert proj.pace == 1.8
    assert proj.months == 4
    assert proj.finish == date(2026, 6, 1)
    # a window of 2 months uses only the last three points: slope -1.5
    short = project(points, today=date(2026, 5, 15), window=2)
    assert short is not None
    assert short.pace == 1.5
    flat = [BurnPoint(date(2026, m, 1), 0, 0, 3) for m in range(1, 5)]
    stalled = project(flat, today=TODAY)
    assert stalled is not None
    assert stalled.finish is None
    assert "not converging" in stalled.reason
    assert project(points[:1], today=TODAY) is None


def test_schedule_from_the_projection() -> None:
    report = campaign_report(CAMPAIGN, CURRENT, CATALOG, today=TODAY, history=HISTORY)
    assert report.projection is not None
    # remaining fell from 3 to 2 over six months: too slow for a December deadline
    assert report.projection.pace == pytest.approx(0.18, abs=0.01)
    assert report.schedule == "behind"
    assert "after the due date" in report.reason
    late = Campaign(**{**_fields(CAMPAIGN), "due": date(2029, 12, 31)})
    report = campaign_report(late, CURRENT, CATALOG, today=TODAY, history=HISTORY)
    assert report.schedule == "on-track"
    done = [obs("a", "fastapi")]
    assert campaign_report(CAMPAIGN, done, CATALOG, today=TODAY).schedule == "done"
    nobody = [obs("e", "django")]
    assert campaign_report(CAMPAIGN, nobody, CATALOG, today=TODAY).schedule == "not-applicable"
    overdue = Campaign(**{**_fields(CAMPAIGN), "due": date(2026, 7, 1)})
    assert campaign_report(overdue, CURRENT, CATALOG, today=TODAY).schedule == "overdue"


def _fields(c: Campaign) -> dict[str, object]:
    return {name: getattr(c, name) for name in c.__dataclass_fields__}


NODE20 = Campaign(
    "node20",
    "Node.js 20+ everywhere",
    source=(Matcher(technology="nodejs", versions="<20"),),
    target=(Matcher(technology="nodejs", versions=">=20"),),
    repositories=("named", "web-*"),
)


def test_no_evidence_either_way_is_unknown_never_done() -> None:
    """A repository the campaign concerns with nothing that decides is unknown (issue 10)."""
    types_only = Observation(
        "web-types",
        "c0ffee",
        dependencies=(
            Dependency(
                "pkg:npm/%40types/node@24.13.3",
                "npm",
                "@types/node",
                "24.13.3",
                "^24.13.3",
                Scope.DEV,
                True,
                "package.json",
                3,
            ),
        ),
        technologies=(
            TechnologyUse("nodejs", "dependency", "pkg:npm/%40types/node@24.13.3", "package.json"),
        ),
    )
    current = [
        types_only,
        Observation("named", "c0ffee"),  # named by the campaign, shows neither side
        Observation("web-other", "c0ffee"),  # matched by a glob only, shows neither: not concerned
    ]
    report = campaign_report(NODE20, current, CATALOG, today=TODAY)
    p = report.progress
    states = {r.repository: (r.state, r.reason) for r in p.repositories}
    assert set(states) == {"web-types", "named"}
    assert states["web-types"][0] == "unknown" and "package.json:3" in states["web-types"][1]
    assert states["named"] == ("unknown", "named, but no evidence of either side")
    assert (p.done, p.unknown, p.remaining, p.percent) == (0, 2, 2, 0.0)
    assert report.schedule == "unknown" and "no evidence" in report.reason
    assert report.burndown[-1] == BurnPoint(date(2026, 7, 1), 0, 0, 0, 2)
