"""Initiatives (the R&D portfolio): key results measured from Lodestar's own figures, milestones.

A key result with a ``metric`` is measured; without one, its hand-entered ``current`` value is
used. The metrics:

===========================  ==================================================================
``campaign:ID``              percentage of the campaign's repositories done (0-100)
``eol:past``                 end-of-life exposures past their date (``eol-past`` findings)
``eol:soon``                 exposures ending within the policy's warning period
``findings:RULE``            open findings of a rule, or of a rule family (``licence`` counts
                             every ``licence-*``), or of a severity (``findings:error``)
``truck-factor:REPO``        the repository's truck factor (see
                             :mod:`lodestar.analysis.knowledge`); needs the mined history
``technology:ID``            repositories using a catalog technology
``dependency:PURL``          repositories depending on a package (a purl glob)
===========================  ==================================================================

Counts (``eol``, ``findings``, ``technology``, ``dependency``) cover the initiative's
repositories when it lists some (organisation-wide findings are then left out), else the
whole organisation. Findings waived by a live exception are not counted.

Progress of a key result is ``(value - start) / (target - start)``, clamped to 0-100%, so a
falling target (12 exposures → 0) works like a rising one. A milestone is *overdue* when it is
not done and its date has passed.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lodestar.analysis.campaigns import CampaignReport
from lodestar.analysis.drift import Drift
from lodestar.analysis.knowledge import authorship, greedy_truck_factor, is_tracked_file
from lodestar.analysis.observed import purl_matches
from lodestar.records import (
    FileStat,
    Initiative,
    KeyResult,
    Milestone,
    Observation,
    RepoHistory,
    Severity,
    Strategy,
)

__all__ = [
    "Figures",
    "InitiativeReport",
    "KeyResultStatus",
    "initiative_reports",
    "measure",
    "truck_factor_of",
    "truck_factor_repositories",
]

METRICS = ("campaign", "eol", "findings", "truck-factor", "technology", "dependency")


@dataclass(frozen=True, slots=True)
class KeyResultStatus:
    objective: str
    key_result: KeyResult
    value: float | None
    source: str  # measured | manual | missing
    progress: float | None  # 0-100
    note: str = ""


@dataclass(frozen=True, slots=True)
class InitiativeReport:
    initiative: Initiative
    key_results: tuple[KeyResultStatus, ...]
    overdue: tuple[Milestone, ...]
    next_milestone: Milestone | None

    @property
    def progress(self) -> float | None:
        """Mean progress of the key results that have a value."""
        known = [k.progress for k in self.key_results if k.progress is not None]
        return round(sum(known) / len(known), 1) if known else None


@dataclass(frozen=True, slots=True)
class Figures:
    """What the metrics are measured from."""

    drift: Drift
    campaigns: Mapping[str, CampaignReport]
    observations: Sequence[Observation]
    truck_factor: Callable[[str], int | None] | None = None


def _in(initiative: Initiative, repository: str | None) -> bool:
    if not initiative.repositories:
        return True
    if repository is None:
        return False
    return any(fnmatch.fnmatchcase(repository, p) for p in initiative.repositories)


def _metric(metric: str) -> tuple[str, str]:
    """A metric's kind (lower-cased) and argument: ``truck-factor: api`` → (truck-factor, api)."""
    kind, _, arg = metric.partition(":")
    return kind.strip().lower(), arg.strip()


def measure(metric: str, initiative: Initiative, figures: Figures) -> tuple[float | None, str]:
    """The value of a metric, and a note when it cannot be measured."""
    kind, arg = _metric(metric)
    if kind == "campaign":
        report = figures.campaigns.get(arg)
        if report is None:
            return None, f"no campaign {arg!r}"
        return report.progress.percent, ""
    if kind in {"eol", "findings"}:
        if kind == "eol":
            if arg not in {"past", "soon"}:
                return None, "eol metrics are eol:past and eol:soon"
            arg = f"eol-{arg}"
        if not arg:
            return None, "name a rule or a severity: findings:decision-violation"
        severities = {s.value for s in Severity}

        def counted(rule: str, severity: str) -> bool:
            if arg in severities:
                return severity == arg
            return rule == arg or rule.startswith(arg + "-")

        return float(
            sum(
                1
                for f in figures.drift.findings
                if counted(f.rule, f.severity.value) and _in(initiative, f.repository)
            )
        ), ""
    if kind == "truck-factor":
        if figures.truck_factor is None:
            return None, "no history mined: run the history scan"
        value = figures.truck_factor(arg)
        return (None, f"no history for {arg!r}") if value is None else (float(value), "")
    if kind == "technology":
        return float(
            sum(
                1
                for o in figures.observations
                if arg in o.technology_ids() and _in(initiative, o.repository)
            )
        ), ""
    if kind == "dependency":
        return float(
            sum(
                1
                for o in figures.observations
                if _in(initiative, o.repository)
                and any(not d.fixture and purl_matches(arg, d.purl) for d in o.dependencies)
            )
        ), ""
    return None, f"unknown metric {metric!r}; use one of: {', '.join(METRICS)}"


def progress_of(kr: KeyResult, value: float | None) -> float | None:
    if value is None:
        return None
    if kr.target == kr.start:
        return 100.0 if value == kr.target else 0.0
    share = (value - kr.start) / (kr.target - kr.start)
    return round(100 * min(1.0, max(0.0, share)), 1)


def initiative_reports(
    initiatives: Sequence[Initiative], figures: Figures, *, today: date
) -> list[InitiativeReport]:
    """Each initiative with its key results measured and its milestones judged."""
    out = []
    for initiative in initiatives:
        statuses = []
        for objective in initiative.objectives:
            for kr in objective.key_results:
                if kr.metric:
                    value, note = measure(kr.metric, initiative, figures)
                    source = "measured" if value is not None else "missing"
                    if value is None and kr.current is not None:
                        value, source = kr.current, "manual"
                else:
                    value, note = kr.current, ""
                    source = "manual" if value is not None else "missing"
                statuses.append(
                    KeyResultStatus(
                        objective.title, kr, value, source, progress_of(kr, value), note
                    )
                )
        open_ = sorted((m for m in initiative.milestones if not m.done), key=lambda m: m.due)
        out.append(
            InitiativeReport(
                initiative,
                tuple(statuses),
                tuple(m for m in open_ if m.due < today),
                next((m for m in open_ if m.due >= today), None),
            )
        )
    return out


def truck_factor_repositories(strategy: Strategy | None) -> frozenset[str]:
    """The repositories whose truck factor a key result measures (``truck-factor:REPO``): the
    histories :func:`lodestar.store.organisation.load_organisation` loads when the whole
    history is not asked for."""
    out = set()
    for initiative in strategy.initiatives if strategy is not None else ():
        for objective in initiative.objectives:
            for kr in objective.key_results:
                kind, arg = _metric(kr.metric or "")
                if kind == "truck-factor":
                    out.add(arg)
    return frozenset(out)


def truck_factor_of(
    histories: Sequence[RepoHistory], files: Mapping[str, Sequence[FileStat]]
) -> Callable[[str], int | None]:
    """Truck factor of a repository from its stored history and its current scan's files.

    None when the repository is unknown or its history has not been mined.
    """
    by_name = {h.repository: h for h in histories}

    def truck_factor(repository: str) -> int | None:
        history = by_name.get(repository)
        if history is None or not history.commits:
            return None
        tracked = [f for f in files.get(repository, ()) if is_tracked_file(f)]
        owned = authorship(history, tracked)
        return greedy_truck_factor({f.path: f.authors for f in owned}).value

    return truck_factor
