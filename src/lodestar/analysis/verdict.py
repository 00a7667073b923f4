"""The verdict: one score from 0 to 100 per level of the CTO's work, its colour, its year.

Each score is a share of what the level is about that is in order, from figures the one
evaluator of the organisation already derives (:mod:`lodestar.analysis.organisation`); the
inputs on one day are a :class:`~lodestar.analysis.verdict_standing.Standing`. A level with
nothing to judge is ``None`` ("no data"), never a made-up 100.

Strategy — radar and decision conformance
    Share of the scanned repositories with no open finding (error or warning) of
    ``radar-hold-in-use``, ``radar-hold-new-adoption``, ``radar-assess-outside-scope`` or
    ``decision-violation``. No data without a strategy that says something to conform to
    (an entry on the last ring, an Assess entry with a scope, or an accepted decision ruling an
    option out). Cannot see: technologies the radar does not name (``radar-missing`` notes;
    the radar's coverage is shown beside the score), licences and dependency policies.
Execution — end of life and vulnerabilities
    Share of the scanned repositories with no open *error* finding of ``eol-past`` (a deployed
    runtime, OS, database or framework past its end of life) or ``vulnerability`` (an advisory
    at or above the policies' ``error-at`` band, high by default; VEX applied). Cannot see:
    runtimes nobody declares in a file Lodestar reads, and advisories when none were imported
    (the score then speaks of end of life only, and says so).
Change — campaign schedule
    Mean, over the campaigns with a start and a due date that have started, of
    ``min(1, done share / share of the time from start to due elapsed)`` (a campaign counts 1
    on its start day). No data without such a campaign. Cannot see: initiatives and their key
    results (their progress is typed by hand, with no history), undated campaigns.
Communication — knowledge risk
    Share of the repositories with a mined history whose *active* truck factor (people still
    active who author its files, :mod:`lodestar.analysis.knowledge`) is 2 or more. No data
    without history. Cannot see: knowledge shared outside commits (reviews, pairing,
    documentation), people who left without it being visible yet (the ``departed_days``
    window).

Red, amber and green compare a score with the ``[verdict]`` settings (``green_at``,
``amber_at``, optionally per level); the label says it in words as well as in colour.

**Series**: twelve points per level, one per month ending with the current month; a past month
is scored by the same functions on :func:`~lodestar.analysis.verdict_standing.standing_at`
(its snapshots), the current month is today's standing, so the last point *is* today's score.

**Changes**: against the last month-end before the last radar edition (the state the edition
was written against) and against the end of the previous month: each level's score delta, the
findings of the counted rules that appeared or went (by severity; a finding is its rule,
repository and subject, a Hold entry's new adoption and use being one) and, for the edition,
the radar's ring moves since. Past months are judged against today's strategy.

**Top actions** are :func:`lodestar.analysis.verdict_actions.top_actions`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from lodestar.analysis.campaigns import CampaignReport
from lodestar.analysis.coverage import RadarCoverage
from lodestar.analysis.drift_radar import forbidden_matchers
from lodestar.analysis.figures import organisation_figures
from lodestar.analysis.knowledge import KnowledgeRisk
from lodestar.analysis.organisation import OrganisationEvaluation
from lodestar.analysis.radar_moves import edition_moves
from lodestar.analysis.verdict_actions import TopActions, top_actions
from lodestar.analysis.verdict_standing import (
    EXECUTION_RULES,
    STRATEGY_RULES,
    PastInputs,
    Standing,
    counted,
    standing_at,
    standing_today,
)
from lodestar.catalog import EolCatalog, TechnologyCatalog
from lodestar.records import Finding, Observation, OrganisationData, RadarMove, Strategy

__all__ = [
    "LEVELS",
    "Changes",
    "LevelScore",
    "LevelVerdict",
    "ScorePoint",
    "Thresholds",
    "Verdict",
    "VerdictInputs",
    "change_score",
    "communication_score",
    "evaluation_inputs",
    "execution_score",
    "rag",
    "strategy_score",
    "thresholds_from",
    "verdict",
    "verdict_inputs",
]

LEVELS = ("strategy", "execution", "change", "communication")
GREEN_AT, AMBER_AT = 80, 60
SERIES_MONTHS = 12
RAG_LABELS = {"green": "on track", "amber": "watch", "red": "act now", "none": "no data"}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Green at ``green_at`` or more, amber at ``amber_at`` or more, red below; per level
    (``levels``: level -> (green_at, amber_at)) when set."""

    green_at: int = GREEN_AT
    amber_at: int = AMBER_AT
    levels: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def of(self, level: str) -> tuple[int, int]:
        return self.levels.get(level, (self.green_at, self.amber_at))


def thresholds_from(settings: Any) -> Thresholds:
    """The thresholds of workspace settings with a ``verdict`` section (defaults without)."""
    section = getattr(settings, "verdict", None)
    if section is None:
        return Thresholds()
    levels = {k: (int(v[0]), int(v[1])) for k, v in dict(section.levels).items()}
    return Thresholds(int(section.green_at), int(section.amber_at), levels)


def rag(score: int | None, level: str, thresholds: Thresholds) -> str:
    """``green``, ``amber``, ``red``, or ``none`` for no score."""
    if score is None:
        return "none"
    green_at, amber_at = thresholds.of(level)
    return "green" if score >= green_at else "amber" if score >= amber_at else "red"


@dataclass(frozen=True, slots=True)
class LevelScore:
    score: int | None  # 0..100; None: no data
    detail: str  # the score in words: "9 of 14 repositories ..."


def _share(good: int, total: int) -> int:
    return round(100 * good / total)


def _judges(strategy: Strategy | None, catalog: TechnologyCatalog) -> bool:
    """Whether the strategy declares something to conform to."""
    if strategy is None:
        return False
    last = strategy.radar.rings[-1] if strategy.radar.rings else None
    if any(e.ring == last for e in strategy.entries):
        return True
    if strategy.policies.radar_assess_only_in and any(e.ring == "Assess" for e in strategy.entries):
        return True
    return any(forbidden_matchers(d, catalog) for d in strategy.decisions)


def _repositories_free_of(standing: Standing, findings: tuple[Finding, ...]) -> int:
    named = {f.repository for f in findings if f.repository in set(standing.repositories)}
    return len(standing.repositories) - len(named)


def strategy_score(standing: Standing, judged: bool) -> LevelScore:
    """Share of the repositories conforming to the radar and the decisions (``judged``: the
    strategy declares something to conform to)."""
    total = len(standing.repositories)
    if not judged or not total:
        return LevelScore(None, "nothing declared to conform to" if total else "no repository")
    good = _repositories_free_of(standing, counted(standing.findings, STRATEGY_RULES))
    return LevelScore(
        _share(good, total), f"{good} of {total} repositories conform to the radar and decisions"
    )


def execution_score(standing: Standing, advisories: bool) -> LevelScore:
    """Share of the repositories with no runtime past end of life and no high vulnerability."""
    total = len(standing.repositories)
    if not total:
        return LevelScore(None, "no repository")
    good = _repositories_free_of(standing, counted(standing.findings, EXECUTION_RULES))
    what = "past end of life or with a high vulnerability" if advisories else "past end of life"
    note = "" if advisories else " (no advisories imported)"
    return LevelScore(
        _share(good, total), f"{good} of {total} repositories run nothing {what}{note}"
    )


def change_score(standing: Standing) -> LevelScore:
    """Mean schedule attainment of the dated campaigns that have started."""
    campaigns = standing.campaigns
    if not campaigns:
        return LevelScore(None, "no dated campaign under way")
    attainment = [
        1.0 if c.elapsed <= 0 else min(1.0, (c.done / c.total) / c.elapsed) for c in campaigns
    ]
    on_time = sum(1 for a in attainment if a >= 1.0)
    return LevelScore(
        round(100 * sum(attainment) / len(attainment)),
        f"{on_time} of {len(campaigns)} campaigns on schedule",
    )


def communication_score(standing: Standing) -> LevelScore:
    """Share of the repositories whose active truck factor is 2 or more."""
    factors = standing.truck_factors
    if factors is None:
        return LevelScore(None, "no history mined")
    judged = [r for r in standing.repositories if r in factors]
    if not judged:
        return LevelScore(None, "no repository with history")
    good = sum(1 for r in judged if factors[r] >= 2)
    return LevelScore(
        _share(good, len(judged)),
        f"{good} of {len(judged)} repositories have 2 or more active experts",
    )


@dataclass(frozen=True, slots=True)
class ScorePoint:
    month: dt.date  # first day of the month
    score: int | None


@dataclass(frozen=True, slots=True)
class LevelVerdict:
    level: str  # one of LEVELS
    title: str
    question: str
    score: int | None
    rag: str  # green | amber | red | none
    label: str  # the colour in words
    detail: str
    formula: str
    blind: str  # what the score cannot see
    series: tuple[ScorePoint, ...]  # oldest first, the current month last
    delta_edition: int | None  # score now minus at the last radar edition
    delta_month: int | None  # score now minus at the end of last month


@dataclass(frozen=True, slots=True)
class Changes:
    """What moved since a day: score deltas, findings of the counted rules, ring moves."""

    since: str  # "radar edition 2026-10" | "last month"
    day: dt.date  # the day compared with (a month's last day)
    deltas: Mapping[str, int | None]  # level -> score delta
    new: Mapping[str, int]  # severity -> findings that appeared
    closed: Mapping[str, int]  # severity -> findings that went
    moves: tuple[tuple[str, str, str, dt.date], ...] = ()  # (entry id, kind, ring, date)


@dataclass(frozen=True, slots=True)
class Verdict:
    today: dt.date
    levels: tuple[LevelVerdict, ...]
    since_edition: Changes | None  # None: no radar edition
    since_month: Changes | None  # None: no monthly snapshot
    actions: TopActions
    coverage: str  # the radar's coverage in words (what the strategy score cannot see)


@dataclass(frozen=True, slots=True)
class VerdictInputs:
    """Everything the verdict reads, all from one evaluation of the organisation."""

    today: dt.date
    strategy: Strategy | None
    findings: tuple[Finding, ...] | None  # drift's open findings; None: no strategy
    standing: Standing  # today's (verdict_standing.standing_today)
    past: PastInputs | None  # None: no monthly snapshots to score past months on
    editions: tuple[tuple[str, dt.date], ...]  # (name, date), oldest first
    catalog: TechnologyCatalog
    advisories: bool  # whether advisories were imported
    coverage: tuple[int, int]  # (technologies in use on the radar, technologies in use)
    moves: tuple[tuple[str, str, str, dt.date], ...] = ()  # (entry, kind, ring, date)


_META = {
    "strategy": (
        "Strategy",
        "Do we run what the radar and the decisions say?",
        "repositories with no open radar Hold, Assess-scope or decision finding / repositories",
        "technologies the radar does not name, licences, dependency policies",
    ),
    "execution": (
        "Execution",
        "Is what we run supported and safe?",
        "repositories with no error finding eol-past or vulnerability / repositories",
        "runtimes no file declares; vulnerabilities when no advisories were imported",
    ),
    "change": (
        "Change",
        "Are the migrations on schedule?",
        "mean over started, dated campaigns of min(1, done share / time share elapsed)",
        "initiatives and key results (no history), campaigns without dates",
    ),
    "communication": (
        "Communication",
        "Is knowledge shared enough to survive a departure?",
        "repositories with an active truck factor of 2 or more / repositories with history",
        "knowledge shared outside commits; departures younger than the departed window",
    ),
}


def _scorers(inputs: VerdictInputs) -> dict[str, Callable[[Standing], LevelScore]]:
    judged = _judges(inputs.strategy, inputs.catalog)
    return {
        "strategy": lambda s: strategy_score(s, judged),
        "execution": lambda s: execution_score(s, inputs.advisories),
        "change": change_score,
        "communication": communication_score,
    }


def _months(today: dt.date, count: int) -> list[dt.date]:
    month = today.replace(day=1)
    out = [month]
    for _ in range(count - 1):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        out.append(month)
    return out[::-1]


# one finding under two rules, depending on when the entry was put on Hold
_SAME_FINDING = {"radar-hold-new-adoption": "radar-hold-in-use"}


def _finding_key(f: Finding) -> tuple[str, str, str]:
    return (_SAME_FINDING.get(f.rule, f.rule), f.repository or "", f.subject or "")


def _by_severity(
    findings: Sequence[Finding], keys: Counter[tuple[str, str, str]]
) -> dict[str, int]:
    """Severity -> how many of ``findings`` have one of ``keys`` (each key counted as often)."""
    left = Counter(keys)
    out: Counter[str] = Counter()
    for f in findings:
        key = _finding_key(f)
        if left[key] > 0:
            left[key] -= 1
            out[f.severity.value] += 1
    return dict(out)


def _changes(
    since: str, then: Standing, now: Standing, scores: Mapping[str, tuple[int | None, int | None]]
) -> Changes:
    before = Counter(_finding_key(f) for f in then.findings)
    after = Counter(_finding_key(f) for f in now.findings)
    new = _by_severity(now.findings, after - before)
    closed = _by_severity(then.findings, before - after)
    deltas = {
        level: (b - a) if a is not None and b is not None else None
        for level, (a, b) in scores.items()
    }
    return Changes(since, then.day, deltas, new, closed)


def _level(
    level: str,
    score: LevelScore,
    series: tuple[ScorePoint, ...],
    thresholds: Thresholds,
    changes: tuple[Changes | None, Changes | None],
) -> LevelVerdict:
    title, question, formula, blind = _META[level]
    colour = rag(score.score, level, thresholds)
    edition, month = changes
    return LevelVerdict(
        level,
        title,
        question,
        score.score,
        colour,
        RAG_LABELS[colour],
        score.detail,
        formula,
        blind,
        series,
        edition.deltas.get(level) if edition else None,
        month.deltas.get(level) if month else None,
    )


def verdict(
    inputs: VerdictInputs, thresholds: Thresholds | None = None, *, actions: int = 10
) -> Verdict:
    """The verdict of the organisation on ``inputs.today`` (see the module docstring);
    ``actions``: how many top actions to list."""
    thresholds = thresholds or Thresholds()
    scorers = _scorers(inputs)
    today = {level: score(inputs.standing) for level, score in scorers.items()}
    standings: dict[dt.date, Standing] = {}

    def at(month: dt.date) -> Standing | None:
        if inputs.past is None:
            return None
        if month not in standings:
            standings[month] = standing_at(inputs.past, month)
        return standings[month]

    months = _months(inputs.today, SERIES_MONTHS)
    series: dict[str, list[ScorePoint]] = {level: [] for level in LEVELS}
    for month in months[:-1]:
        past = at(month)
        for level in LEVELS:
            value = scorers[level](past).score if past is not None else None
            series[level].append(ScorePoint(month, value))
    for level in LEVELS:
        series[level].append(ScorePoint(months[-1], today[level].score))
    since_month = _since(inputs, "last month", at(months[-2]), scorers, today)
    since_edition = None
    if inputs.editions:
        name, day = inputs.editions[-1]
        before = (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        found = _since(inputs, f"radar edition {name}", at(before), scorers, today)
        if found is not None:
            moves = tuple(m for m in inputs.moves if m[3] > found.day)
            since_edition = replace(found, moves=moves)
    changes = (since_edition, since_month)
    on_radar, in_use = inputs.coverage
    return Verdict(
        inputs.today,
        tuple(
            _level(level, today[level], tuple(series[level]), thresholds, changes)
            for level in LEVELS
        ),
        since_edition,
        since_month,
        top_actions(inputs.findings or (), limit=actions),
        f"{on_radar} of {in_use} technologies in use are on the radar" if in_use else "",
    )


def _since(
    inputs: VerdictInputs,
    since: str,
    then: Standing | None,
    scorers: Mapping[str, Callable[[Standing], LevelScore]],
    today: Mapping[str, LevelScore],
) -> Changes | None:
    if then is None or not then.repositories:
        return None
    scores = {level: (scorers[level](then).score, today[level].score) for level in LEVELS}
    return _changes(since, then, inputs.standing, scores)


def verdict_inputs(
    *,
    today: dt.date,
    strategy: Strategy | None,
    findings: tuple[Finding, ...] | None,
    campaigns: Sequence[CampaignReport],
    risks: Sequence[KnowledgeRisk] | None,
    observations: Sequence[Observation],
    data: OrganisationData | None,
    moves: Sequence[RadarMove],
    editions: Sequence[tuple[str, dt.date]],
    catalog: TechnologyCatalog,
    eol: EolCatalog,
    windows: tuple[int, int],
    coverage: RadarCoverage,
) -> VerdictInputs:
    """The verdict's inputs from one evaluation's figures (the cockpit's or the CLI's): its
    open findings, campaign reports, knowledge risks (None: no history) and radar coverage,
    with the records it was made from (``data``; None: no past month can be scored)."""
    standing = standing_today(today, observations, findings, campaigns, risks)
    past = None
    if data is not None and data.snapshots:
        past = PastInputs(
            data,
            strategy,
            tuple(campaigns),
            tuple(moves),
            catalog,
            eol,
            windows,
            frozenset(o.repository for o in observations),
            risks is not None,
        )
    technologies = coverage.technologies.values()
    return VerdictInputs(
        today,
        strategy,
        findings,
        standing,
        past,
        tuple(editions),
        catalog,
        bool(data.advisories) if data is not None else False,
        (sum(1 for t in technologies if t.on_radar), len(technologies)),
        tuple((m.entry, m.kind, m.ring, m.date) for m in edition_moves(moves)),
    )


def evaluation_inputs(
    evaluation: OrganisationEvaluation,
    data: OrganisationData,
    *,
    editions: Sequence[tuple[str, dt.date]],
    catalog: TechnologyCatalog,
    eol: EolCatalog,
    windows: tuple[int, int],
) -> VerdictInputs:
    """:func:`verdict_inputs` of one evaluation of the organisation (``lodestar verdict``;
    the cockpit hands over the same figures from its fields)."""
    figures = organisation_figures(evaluation)
    return verdict_inputs(
        today=evaluation.today,
        strategy=figures.strategy,
        findings=figures.findings,
        campaigns=figures.campaigns or (),
        risks=figures.risks,
        observations=figures.observed,
        data=data,
        moves=evaluation.moves,
        editions=editions,
        catalog=catalog,
        eol=eol,
        windows=windows,
        coverage=figures.coverage,
    )
