"""The history part of a repository's page: activity, knowledge risk, release cadence and
hotspots, each taken from the cockpit's one evaluation (indexed by repository once per cockpit)
— never derived from the repository's whole history on a request, except for a cockpit built by
hand without the evaluator's figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from lodestar.analysis.delivery import Delivery, delivery
from lodestar.analysis.hotspots import Hotspot, hotspots
from lodestar.analysis.organisation import REPOSITORY_HOTSPOTS
from lodestar.errors import UsageError
from lodestar.store import current_files, repository_history
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_common import Chart, Series

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class HotspotRow:
    path: str
    revisions: int
    code: int
    score: int
    authors: int


@dataclass(frozen=True, slots=True)
class HistoryView:
    """What the mined history says about one repository."""

    commits: int
    people: int
    active_contributors: int
    first_commit: str | None
    last_commit: str | None
    dormant: bool
    top_contributors: tuple[tuple[str, int, bool], ...]  # name, commits, active
    truck_factor: int | None
    active_truck_factor: int | None
    truck_people: tuple[str, ...]
    departed_owners: tuple[str, ...]
    hotspots: tuple[HotspotRow, ...]
    releases: int
    releases_per_month: float
    lead_median_days: float | None
    change_failure_signal: float | None
    activity_chart: Chart


def _one(cockpit: Cockpit, key: str, rows: Callable[[], Iterable[T]], name: str) -> T | None:
    """The one record of ``rows`` (one per repository) about repository ``name``."""
    found = cockpit.grouped(key, rows).get(name, ())
    return found[0] if found else None


def _cadence_and_spots(cockpit: Cockpit, name: str) -> tuple[Delivery, list[Hotspot]] | None:
    """The repository's release cadence and top files: the evaluator's (computed once, with
    the cockpit), else derived from its stored history (a cockpit built by hand)."""
    cadence = _one(cockpit, "deliveries", lambda: cockpit.deliveries or (), name)
    spots = (cockpit.repository_hotspots or {}).get(name)
    if cadence is not None and cockpit.repository_hotspots is not None:
        return cadence, list(spots or ())
    try:
        history = repository_history(cockpit.engine, name)
    except UsageError:
        return None
    files = current_files(cockpit.engine, name).get(name, [])
    return delivery(history), hotspots(history, files, top=REPOSITORY_HOTSPOTS)[0]


def history_view(cockpit: Cockpit, name: str) -> HistoryView | None:
    act = _one(
        cockpit,
        "activity",
        lambda: cockpit.activity.repositories if cockpit.activity else (),
        name,
    )
    if act is None:
        return None
    risk = _one(cockpit, "risks", lambda: cockpit.risks or (), name)
    found = _cadence_and_spots(cockpit, name)
    if found is None:
        return None
    cadence, spots = found
    months = act.months[-24:]
    names = risk.names if risk else {}
    return HistoryView(
        commits=act.commits,
        people=act.people,
        active_contributors=act.active_contributors,
        first_commit=act.first_commit.date().isoformat() if act.first_commit else None,
        last_commit=act.last_commit.date().isoformat() if act.last_commit else None,
        dormant=act.dormant,
        top_contributors=tuple((c.name, c.commits, c.active) for c in act.top_contributors),
        truck_factor=risk.truck_factor.value if risk else None,
        active_truck_factor=risk.active_truck_factor.value if risk else None,
        truck_people=tuple(names.get(p, p) for p in risk.truck_factor.people) if risk else (),
        departed_owners=tuple(d.name or d.person for d in risk.departed_owners) if risk else (),
        hotspots=tuple(HotspotRow(h.path, h.revisions, h.code, h.score, h.authors) for h in spots),
        releases=len(cadence.releases),
        releases_per_month=round(cadence.releases_per_month, 2),
        lead_median_days=cadence.lead_median_days,
        change_failure_signal=cadence.change_failure_signal,
        activity_chart=Chart(
            id="repo-activity",
            kind="bar",
            title="Commits per month",
            labels=tuple(m.month.strftime("%Y-%m") for m in months),
            series=(Series("commits", tuple(float(m.commits) for m in months)),),
        ),
    )
