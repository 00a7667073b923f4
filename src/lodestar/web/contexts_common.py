"""Small building blocks shared by the page contexts: tiles, charts, table rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from lodestar.errors import UsageError

if TYPE_CHECKING:
    from lodestar.analysis.knowledge import KnowledgeRisk

T = TypeVar("T")
ALL = "all"  # a page number asking for every row on one page (the static site)


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
    counts: bool = True  # the values count things: whole-number ticks (False: scores, rates)


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


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a long list stands: page ``page`` of ``pages`` (1-based), ``size`` rows
    a page (0: every row on this one), ``total`` rows in the whole list; ``param`` is the query
    parameter that picks the page."""

    param: str
    page: int
    pages: int
    total: int
    size: int

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def page_number(value: int | str | None, param: str) -> int | None:
    """A page number from a query (``None`` or ``"all"``: every row); 1 when absent."""
    if value is None or value == "":
        return 1
    if value == ALL:
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise UsageError(f"{param} must be a page number (1, 2, …) or '{ALL}', not {value!r}")
    return number


def paginate(
    rows: Sequence[T], value: int | str | None, size: int, param: str = "page"
) -> tuple[tuple[T, ...], Pager]:
    """Page ``value`` of ``rows`` at ``size`` a page; a page beyond the last is the last."""
    number = page_number(value, param)
    total = len(rows)
    if number is None:
        return tuple(rows), Pager(param, 1, 1, total, 0)
    pages = max(1, -(-total // size))
    number = min(number, pages)
    start = (number - 1) * size
    return tuple(rows[start : start + size]), Pager(param, number, pages, total, size)
