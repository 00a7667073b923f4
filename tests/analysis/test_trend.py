"""The monthly series of a technology, a package or a radar entry's matchers, on snapshots."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.trend import matcher_trend, trend
from lodestar.catalog.technologies import load_catalog
from lodestar.records import Dependency, Matcher, MonthlySnapshot, Scope


def _react(version: str) -> Dependency:
    return Dependency(
        f"pkg:npm/react@{version}", "npm", "react", version, None, Scope.RUNTIME, True,
        "package.json", 3, False,
    )  # fmt: skip


def _snap(repo: str, month: int, *technologies: str, react: str | None = None) -> MonthlySnapshot:
    deps = (_react(react),) if react else ()
    return MonthlySnapshot(repo, dt.date(2025, month, 1), f"{repo}{month}", technologies, deps)


SNAPSHOTS = (
    _snap("web", 1, "react", react="17.0.2"),
    _snap("web", 3, "react", react="18.2.0"),
    _snap("api", 2, "python"),
    _snap("api", 4, "python", "react", react="18.2.0"),
)


def test_a_repository_carries_its_state_through_months_without_a_commit() -> None:
    series = trend(SNAPSHOTS, "react")
    assert (series.kind, series.repositories) == ("technology", ("api", "web"))
    assert [(p.month.month, p.repositories) for p in series.points] == [
        (1, ("web",)),
        (2, ("web",)),
        (3, ("web",)),
        (4, ("api", "web")),
    ]


def test_a_package_counts_repositories_per_version() -> None:
    series = trend(SNAPSHOTS, "pkg:npm/react@18.2.0")
    assert series.subject == "pkg:npm/react" and series.kind == "package"
    assert [p.versions for p in series.points] == [
        {"17.0.2": 1},
        {"17.0.2": 1},
        {"18.2.0": 1},
        {"18.2.0": 2},
    ]


def test_matchers_follow_the_drift_engines_matching() -> None:
    old = [Matcher(purl="pkg:npm/react", versions="<18")]
    series = matcher_trend(SNAPSHOTS, old, load_catalog(), subject="react-17")
    assert [p.count for p in series.points] == [1, 1, 0, 0]
    assert series.repositories == ("web",)
    assert trend((), "react").points == ()
