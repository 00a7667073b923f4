"""Small building blocks shared by the page contexts: tiles, charts, table rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lodestar.analysis.knowledge import KnowledgeRisk


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[float | None, ...]
    style: str = ""  # "projection": drawn dashed


@dataclass(frozen=True, slots=True)
class Chart:
    """Data of one chart: drawn by the charting library, shown as a table without JavaScript."""

    id: str
    kind: str  # bar | hbar | line
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    x_title: str = ""
    y_title: str = ""


def one_series_chart(
    chart_id: str, kind: str, title: str, series: str, points: Iterable[tuple[str, float]]
) -> Chart:
    """A chart of one series: (label, value) points in the order given."""
    pairs = tuple(points)
    return Chart(
        id=chart_id,
        kind=kind,
        title=title,
        labels=tuple(label for label, _ in pairs),
        series=(Series(series, tuple(float(v) for _, v in pairs)),),
    )


@dataclass(frozen=True, slots=True)
class TileItem:
    label: str
    value: str = ""
    href: str = ""  # a page path ("radar/x/"), empty for none


@dataclass(frozen=True, slots=True)
class Tile:
    title: str
    value: str | None = None  # the headline figure
    detail: str = ""
    href: str = ""  # a page path
    items: tuple[TileItem, ...] = ()
    note: str | None = None  # "no data yet: …" when the engine behind it has no data


@dataclass(frozen=True, slots=True)
class Level:
    """One of the four levels of the CTO's work (see ARCHITECTURE.md)."""

    name: str
    purpose: str
    tiles: tuple[Tile, ...]


@dataclass(frozen=True, slots=True)
class TruckFactorView:
    """A repository's truck factor, and of its active people, with who they are."""

    repository: str
    truck_factor: int
    active_truck_factor: int
    people: tuple[str, ...]

    @classmethod
    def of(cls, risk: KnowledgeRisk) -> TruckFactorView:
        names = risk.names
        return cls(
            risk.repository,
            risk.truck_factor.value,
            risk.active_truck_factor.value,
            tuple(names.get(p, p) for p in risk.truck_factor.people),
        )


@dataclass(frozen=True, slots=True)
class IslandView:
    """A knowledge island: a file (or folder) only departed or single people know."""

    repository: str
    path: str
    code: int
    authors: tuple[str, ...]
    reason: str

    @classmethod
    def of(cls, risk: KnowledgeRisk) -> list[IslandView]:
        """The islands a page lists for one repository: its folders, else its five largest
        files."""
        names = risk.names
        return [
            cls(
                risk.repository,
                i.path or "(whole repository)",
                i.code,
                tuple(names.get(a, a) for a in i.authors),
                i.reason,
            )
            for i in (risk.island_directories or risk.island_files[:5])
        ]
