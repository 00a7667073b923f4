"""The quarterly board report: :func:`board_report` builds it from one evaluation of the
organisation, section by section (the records and how each figure is read:
:mod:`lodestar.analysis.board_model`).

**Extension point.** :data:`SECTIONS` lists the section builders in order (the four levels'
own); a new office (the IP register) appends its builder, or a caller passes its own list to
:func:`board_report`.
"""

from __future__ import annotations

from collections.abc import Sequence

from lodestar.analysis.board_ip import ip_section
from lodestar.analysis.board_model import (
    BoardInputs,
    BoardReport,
    Evidence,
    Figure,
    Quarter,
    Section,
    SectionBuilder,
    Table,
    parse_quarter,
    quarter_of,
)
from lodestar.analysis.board_sections import (
    change_section,
    communication_section,
    execution_section,
    strategy_section,
)
from lodestar.analysis.organisation import OrganisationEvaluation
from lodestar.analysis.training import TrainingPlan
from lodestar.analysis.verdict import Verdict, VerdictInputs
from lodestar.analysis.verdict_standing import standing_at

__all__ = [
    "SECTIONS",
    "BoardInputs",
    "BoardReport",
    "Evidence",
    "Figure",
    "Quarter",
    "Section",
    "SectionBuilder",
    "Table",
    "board_inputs",
    "board_report",
    "parse_quarter",
    "quarter_of",
]

# The report's sections in order: append a builder to add a section (the IP office's, ...).
SECTIONS: list[SectionBuilder] = [
    strategy_section,
    execution_section,
    change_section,
    communication_section,
    ip_section,  # the IP office (lodestar.analysis.board_ip); None without an IP register
]


def board_inputs(
    organisation: str,
    quarter: Quarter,
    *,
    evaluation: OrganisationEvaluation,
    verdict: Verdict,
    verdict_inputs: VerdictInputs,
    training: TrainingPlan | None,
) -> BoardInputs:
    """The sections' inputs; the previous quarter's standing is scored on its last month's
    snapshots (None without snapshots)."""
    past = verdict_inputs.past
    prev_month = quarter.previous().end.replace(day=1)
    previous = standing_at(past, prev_month) if past is not None else None
    if previous is not None and not previous.repositories:
        previous = None
    return BoardInputs(
        organisation,
        quarter,
        evaluation.today,
        evaluation,
        verdict,
        verdict_inputs,
        training,
        previous,
    )


def board_report(
    inputs: BoardInputs, sections: Sequence[SectionBuilder] | None = None
) -> BoardReport:
    """The board report of ``inputs`` (``sections``: the builders, default :data:`SECTIONS`)."""
    builders = list(SECTIONS if sections is None else sections)
    built = tuple(s for b in builders if (s := b(inputs)) is not None)
    evidence = {(e.kind, e.target): e for s in built for f in s.figures for e in f.evidence}
    for s in built:
        for t in s.tables:
            for e in t.evidence:
                if e is not None:
                    evidence.setdefault((e.kind, e.target), e)
    quarter = inputs.quarter
    return BoardReport(
        organisation=inputs.organisation,
        quarter=quarter.label,
        quarter_start=quarter.start,
        quarter_end=quarter.end,
        as_of=inputs.as_of,
        partial=inputs.as_of < quarter.end,
        previous_quarter=quarter.previous().label,
        previous_day=inputs.previous_day,
        headline=tuple(f for s in built for f in s.figures),
        sections=built,
        evidence=tuple(evidence[k] for k in sorted(evidence)),
    )
