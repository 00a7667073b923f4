"""The quarterly board report's records (:mod:`lodestar.analysis.board` builds them): about a
dozen key figures, each with its change since the previous quarter, a one-line reading and its
evidence, read from the figures the other views show (nothing is derived twice).

**Quarters.** ``2026Q4`` is judged as of the quarter's last day, or as of the reference day when
the quarter is not over yet (the report says so: ``partial``). The previous quarter's figure is
taken at the previous quarter's last day.

**Where each figure comes from** (one derivation each, the one ``lodestar verdict``, ``check``,
``campaigns``, ``initiatives``, ``risk``, ``releases``, ``vulns`` and ``training`` show):

* the four levels: :func:`lodestar.analysis.verdict.verdict` (today's scores; the previous
  quarter's is the score of its last month in the verdict's monthly series);
* radar conformance, end of life: the open findings the verdict counts
  (:class:`~lodestar.analysis.verdict_standing.Standing`: today's, and
  :func:`~lodestar.analysis.verdict_standing.standing_at` the previous quarter's last month);
* vulnerability exposure: the evaluation's exposure history
  (:mod:`lodestar.analysis.exposure`: open high and critical pairs now and that month);
* knowledge risk: the evaluation's knowledge risk (active truck factor of 1 or less), and the
  standing's truck factors of the previous quarter's last month;
* campaigns: each campaign report's progress, projection and burn-down point of that month;
* key results: the initiatives' reports (typed by hand: no history, no change shown);
* delivery cadence: the releases of the quarter in the evaluation's delivery figures;
* technology changes: the radar's ring history (moves dated in the quarter);
* decisions: the decisions dated in the quarter;
* training coverage: :func:`lodestar.analysis.training.adopt_expert_coverage` through
  :func:`lodestar.analysis.training.training_plan` (now and at the previous quarter's end).

**Extension point.** A section is built by a :data:`SectionBuilder` (the inputs -> a
:class:`Section`, or None when it has nothing to say); :data:`lodestar.analysis.board.SECTIONS`
lists the report's builders in order, so a new office (the IP register) adds its section
without touching the others.

Everything is sorted and carries no clock but the as-of day, so the same data gives the same
report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from lodestar.analysis.organisation import OrganisationEvaluation
from lodestar.analysis.training import TrainingPlan
from lodestar.analysis.verdict import Verdict, VerdictInputs
from lodestar.analysis.verdict_standing import Standing

__all__ = [
    "BoardInputs",
    "BoardReport",
    "Evidence",
    "Figure",
    "Quarter",
    "Section",
    "SectionBuilder",
    "Table",
    "parse_quarter",
    "quarter_of",
]

_QUARTER = re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        nxt = self.following().start
        return nxt - dt.timedelta(days=1)

    def following(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> tuple[str, ...]:
        """Its three months as ``YYYY-MM``."""
        return tuple(f"{self.year}-{3 * self.number - 2 + i:02d}" for i in range(3))


def parse_quarter(text: str) -> Quarter:
    """``2026Q4`` (or ``2026-Q4``, any case); ValueError otherwise."""
    found = _QUARTER.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not a quarter; write YEARQN, e.g. 2026Q4")
    return Quarter(int(found.group(1)), int(found.group(2)))


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a figure can be checked: a cockpit page (``kind`` "page", ``target`` its path
    under the cockpit, e.g. ``campaigns/``), a workspace file (``file``, ``path:line``) or a
    commit (``commit``, its hash)."""

    kind: str  # page | repository (its page) | file | commit
    target: str
    label: str


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    level: str  # strategy | execution | change | communication (or a section's own key)
    title: str
    value: float | None  # None: no data
    display: str  # the value in words: "72/100", "3 of 14"
    previous: float | None  # at the previous quarter's end; None: not known
    change: float | None  # value - previous
    better: str  # "up" | "down" | "none": which direction is good news
    reading: str  # one plain sentence
    evidence: tuple[Evidence, ...]
    series: tuple[tuple[str, int | None], ...] = ()  # a 0-100 monthly series (oldest first)
    rag: str = ""  # a verdict level's colour (green | amber | red | none); "" for the others


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    evidence: tuple[Evidence | None, ...] = ()  # one per row (or empty)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    question: str
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()  # what the figures cannot see


@dataclass(frozen=True, slots=True)
class BoardReport:
    organisation: str
    quarter: str  # "2026Q4"
    quarter_start: dt.date
    quarter_end: dt.date
    as_of: dt.date  # the quarter's end, or the reference day when it is not over
    partial: bool  # the quarter is not over on the as-of day
    previous_quarter: str
    previous_day: dt.date  # the previous quarter's last day: what changes are measured from
    headline: tuple[Figure, ...]  # every section's figures, in section order
    sections: tuple[Section, ...]
    evidence: tuple[Evidence, ...]  # the appendix: every evidence once, sorted


@dataclass(frozen=True, slots=True)
class BoardInputs:
    """Everything the sections read, from one evaluation of the organisation on ``as_of``."""

    organisation: str
    quarter: Quarter
    as_of: dt.date
    evaluation: OrganisationEvaluation
    verdict: Verdict
    verdict_inputs: VerdictInputs
    training: TrainingPlan | None  # None: no history mined
    previous_standing: Standing | None  # the verdict's standing at the previous quarter's end

    @property
    def previous_day(self) -> dt.date:
        return self.quarter.previous().end

    @property
    def previous_month(self) -> dt.date:
        return self.previous_day.replace(day=1)


SectionBuilder = Callable[[BoardInputs], Section | None]
