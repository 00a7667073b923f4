"""The board report's four level sections (:mod:`lodestar.analysis.board`): each reads its
figures from the one evaluation, the verdict and the training plan, never deriving them again."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from lodestar.analysis.board_model import BoardInputs, Evidence, Figure, Section, Table
from lodestar.analysis.radar_moves import edition_moves
from lodestar.analysis.verdict import LevelVerdict
from lodestar.analysis.verdict_standing import Standing
from lodestar.records import Finding, SourcePosition

__all__ = [
    "RADAR_RULES",
    "change_section",
    "communication_section",
    "execution_section",
    "strategy_section",
]

# the verdict's strategy rules that are about the radar (decision-violation is the decisions')
RADAR_RULES = frozenset(
    {"radar-hold-in-use", "radar-hold-new-adoption", "radar-assess-outside-scope"}
)
HIGH_BANDS = ("critical", "high")
_MAX_ROWS = 12  # rows of a section table (the cockpit page behind it has them all)


def _page(path: str, label: str) -> Evidence:
    return Evidence("page", path, label)


def _file(position: SourcePosition | None, label: str) -> Evidence | None:
    if position is None:
        return None
    where = f"{position.path}:{position.line}" if position.line else position.path
    return Evidence("file", where, label)


def _figure(  # noqa: PLR0917  a figure's fields in the record's order
    key: str,
    level: str,
    title: str,
    value: float | None,
    display: str,
    previous: float | None,
    better: str,
    reading: str,
    evidence: Iterable[Evidence | None],
    series: tuple[tuple[str, int | None], ...] = (),
) -> Figure:
    change = round(value - previous, 1) if value is not None and previous is not None else None
    return Figure(
        key,
        level,
        title,
        value,
        display,
        previous,
        change,
        better,
        reading,
        tuple(e for e in evidence if e is not None),
        series,
    )


def _then(previous: float | None, inputs: BoardInputs, unit: str = "") -> str:
    if previous is None:
        return ""
    number = f"{previous:g}"
    return f" ({number}{unit} at the end of {inputs.quarter.previous().label})"


def _level(inputs: BoardInputs, name: str) -> Figure:
    level: LevelVerdict = next(v for v in inputs.verdict.levels if v.level == name)
    prev_month = inputs.previous_month
    previous = next((p.score for p in level.series if p.month == prev_month), None)
    series = tuple((p.month.strftime("%Y-%m"), p.score) for p in level.series)
    display = f"{level.score}/100" if level.score is not None else "no data"
    reading = f"{level.label.capitalize()}: {level.detail}."
    figure = _figure(
        f"verdict-{name}",
        name,
        f"{level.title} verdict",
        level.score,
        display,
        previous,
        "up",
        reading,
        [_page("verdict/", "The verdict: four scores and their year")],
        series,
    )
    return replace(figure, rag=level.rag)


def _repositories_with(standing: Standing | None, rules: Iterable[str]) -> int | None:
    if standing is None:
        return None
    wanted = set(rules)
    return len({f.repository for f in standing.findings if f.rule in wanted and f.repository})


def _findings(standing: Standing | None, rule: str) -> list[Finding]:
    return [] if standing is None else [f for f in standing.findings if f.rule == rule]


def _radar_conformance(inputs: BoardInputs) -> Figure:
    now = inputs.verdict_inputs.standing
    off = _repositories_with(now, RADAR_RULES) or 0
    total = len(now.repositories)
    prev = _repositories_with(inputs.previous_standing, RADAR_RULES)
    judged = inputs.evaluation.strategy is not None and total > 0
    value = float(off) if judged else None
    return _figure(
        "radar-conformance",
        "strategy",
        "Repositories off the radar",
        value,
        f"{off} of {total}" if judged else "no data",
        float(prev) if prev is not None else None,
        "down",
        f"{off} of {total} repositories use a technology on Hold or Assess outside its "
        f"scope{_then(prev, inputs)}.",
        [
            _page("findings/?rule=radar-hold-in-use", "Open radar findings"),
            _page("radar/", "Radar"),
        ],
    )


def _shown(title: str, total: int) -> str:
    if total <= _MAX_ROWS:
        return title
    return f"{title} (the first {_MAX_ROWS} of {total}; the cockpit lists them all)"


def _in_quarter(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def _radar_changes(inputs: BoardInputs) -> tuple[Figure, Table]:
    strategy = inputs.evaluation.strategy
    last_ring = strategy.radar.rings[-1] if strategy and strategy.radar.rings else None
    q, p = inputs.quarter, inputs.quarter.previous()
    # the first edition's entries are the baseline, not news (as the verdict's changes)
    moves = sorted(
        edition_moves(inputs.evaluation.moves), key=lambda m: (m.date, m.entry, m.commit)
    )
    this = [m for m in moves if _in_quarter(m.date, q.start, inputs.as_of)]
    before = [m for m in moves if _in_quarter(m.date, p.start, p.end)]

    def kind(m_kind: str, ring: str) -> str:
        if m_kind == "new":
            return "new"
        return "retired" if ring == last_ring else "moved"

    counts = {
        k: sum(1 for m in this if kind(m.kind, m.ring) == k) for k in ("new", "moved", "retired")
    }
    words = ", ".join(f"{n} {k}" for k, n in counts.items())
    figure = _figure(
        "technology-changes",
        "strategy",
        "Technology changes on the radar",
        float(len(this)) if strategy is not None else None,
        f"{len(this)} ({words})",
        float(len(before)) if strategy is not None else None,
        "none",
        f"The radar recorded {len(this)} ring changes this quarter: {words}"
        f" ({len(before)} in {p.label}).",
        [_page("radar/", "Radar and its movement")],
    )
    rows = tuple(
        (m.date.isoformat(), m.entry, kind(m.kind, m.ring), f"{m.previous_ring or '-'} -> {m.ring}")
        for m in this
    )
    evidence = tuple(
        Evidence("commit", m.commit, "workspace commit") if m.commit else None for m in this
    )
    return figure, Table(
        "Ring changes this quarter", ("date", "entry", "change", "ring"), rows, evidence
    )


def _decisions(inputs: BoardInputs) -> tuple[Figure, Table]:
    strategy = inputs.evaluation.strategy
    decisions = strategy.decisions if strategy is not None else ()
    q, p = inputs.quarter, inputs.quarter.previous()
    this = sorted(
        (d for d in decisions if _in_quarter(d.date, q.start, inputs.as_of)),
        key=lambda d: (d.date or q.start, d.id),
    )
    before = sum(1 for d in decisions if _in_quarter(d.date, p.start, p.end))
    accepted = sum(1 for d in this if d.status == "accepted")
    figure = _figure(
        "decisions",
        "strategy",
        "Decisions of the quarter",
        float(len(this)) if strategy is not None else None,
        f"{len(this)} ({accepted} accepted)",
        float(before) if strategy is not None else None,
        "none",
        f"{len(this)} technology decisions were recorded this quarter, {accepted} accepted "
        f"({before} in {p.label}).",
        [_page("decisions/", "Decision records")],
    )
    rows = tuple((d.date.isoformat() if d.date else "", d.id, d.title, d.status) for d in this)
    evidence = tuple(_file(d.source, d.id) for d in this)
    return figure, Table(
        "Decisions this quarter", ("date", "id", "title", "status"), rows, evidence
    )


def strategy_section(inputs: BoardInputs) -> Section:
    changes, moves = _radar_changes(inputs)
    decisions, decided = _decisions(inputs)
    return Section(
        "strategy",
        "Strategy",
        "Do we run what the radar and the decisions say?",
        (_level(inputs, "strategy"), _radar_conformance(inputs), changes, decisions),
        (moves, decided),
        (inputs.verdict.coverage,) if inputs.verdict.coverage else (),
    )


def _eol(inputs: BoardInputs) -> tuple[Figure, Table]:
    now = _findings(inputs.verdict_inputs.standing, "eol-past")
    prev = (
        None
        if inputs.previous_standing is None
        else len(_findings(inputs.previous_standing, "eol-past"))
    )
    repos = len({f.repository for f in now})
    figure = _figure(
        "eol-exposure",
        "execution",
        "Runtimes past end of life",
        float(len(now)),
        f"{len(now)} in {repos} repositories",
        float(prev) if prev is not None else None,
        "down",
        f"{len(now)} deployed runtimes, databases or frameworks are past their end of life in "
        f"{repos} repositories{_then(prev, inputs)}.",
        [_page("findings/?rule=eol-past", "Open eol-past findings")],
    )
    shown = [e for e in inputs.evaluation.eol if e.state in {"past-eol", "ending-soon"}]
    rows = tuple(
        (
            e.repository,
            f"{e.product} {e.version}",
            e.state,
            e.eol or "",
            f"{e.path}:{e.line}" if e.line else e.path,
        )
        for e in shown[:_MAX_ROWS]
    )
    evidence = tuple(Evidence("repository", e.repository, e.repository) for e in shown[:_MAX_ROWS])
    table = Table(
        _shown("End of life: past and ending soon", len(shown)),
        ("repository", "runtime", "state", "end of life", "declared in"),
        rows,
        evidence,
    )
    return figure, table


def _high(bands: Sequence[tuple[str, int]]) -> int:
    return sum(n for band, n in bands if band in HIGH_BANDS)


def _vulnerabilities(inputs: BoardInputs) -> Figure:
    exposure = inputs.evaluation.exposure
    if exposure is None:
        return _figure(
            "vulnerability-exposure",
            "execution",
            "High and critical vulnerabilities open",
            None,
            "no data",
            None,
            "down",
            "No advisories were imported: run 'lodestar vulns import' to measure exposure.",
            [_page("vulnerabilities/", "Vulnerabilities")],
        )
    now = _high(exposure.open_bands)
    month = next((m for m in exposure.months if m.month == inputs.previous_month), None)
    prev = _high(month.bands) if month is not None else None
    return _figure(
        "vulnerability-exposure",
        "execution",
        "High and critical vulnerabilities open",
        float(now),
        str(now),
        float(prev) if prev is not None else None,
        "down",
        f"{now} (advisory, repository) pairs of high or critical severity are open"
        f"{_then(prev, inputs)}.",
        [_page("vulnerabilities/", "Vulnerability exposure")],
    )


def _delivery(inputs: BoardInputs) -> Figure:
    history = inputs.evaluation.history
    q, p = inputs.quarter, inputs.quarter.previous()
    if history is None:
        return _figure(
            "delivery-cadence",
            "execution",
            "Releases this quarter",
            None,
            "no data",
            None,
            "up",
            "No history mined: run 'lodestar scan' with history.",
            [],
        )
    this_months, prev_months = set(q.months()), set(p.months())
    now = sum(m.releases for d in history.deliveries for m in d.months if m.month in this_months)
    prev = sum(m.releases for d in history.deliveries for m in d.months if m.month in prev_months)
    releasing = sorted(
        {
            d.repository
            for d in history.deliveries
            for m in d.months
            if m.month in this_months and m.releases
        }
    )
    return _figure(
        "delivery-cadence",
        "execution",
        "Releases this quarter",
        float(now),
        f"{now} from {len(releasing)} repositories",
        float(prev),
        "up",
        f"{len(releasing)} repositories shipped {now} tagged releases this quarter "
        f"({prev} in {p.label}).",
        [_page("repositories/", "Repositories (release cadence on each page)")],
    )


def execution_section(inputs: BoardInputs) -> Section:
    eol, eol_table = _eol(inputs)
    return Section(
        "execution",
        "Execution",
        "Is what we run supported, safe and shipping?",
        (_level(inputs, "execution"), eol, _vulnerabilities(inputs), _delivery(inputs)),
        (eol_table,),
    )


def _campaign_previous(inputs: BoardInputs) -> float | None:
    """Repositories done at the previous quarter's end: each campaign's burn-down point of that
    month (a campaign whose burn-down starts later had none done); None without any burn-down."""
    reports = list(inputs.evaluation.campaigns.values())
    if not any(r.burndown for r in reports):
        return None
    month = inputs.previous_month
    done = 0
    for r in reports:
        point = next((b for b in r.burndown if b.month == month), None)
        done += point.done if point is not None else 0
    return float(done)


def _campaigns(inputs: BoardInputs) -> tuple[Figure, Table]:
    reports = list(inputs.evaluation.campaigns.values())
    done = sum(r.progress.done for r in reports)
    total = sum(r.progress.total for r in reports)
    schedules = Counter(r.schedule for r in reports)
    states = ", ".join(f"{n} {state}" for state, n in sorted(schedules.items()))
    prev = _campaign_previous(inputs)
    figure = _figure(
        "campaign-progress",
        "change",
        "Migrations done",
        float(done) if reports else None,
        f"{done} of {total} repositories" if reports else "no campaign",
        prev,
        "up",
        f"{done} of {total} repositories in scope of {len(reports)} campaigns are migrated; "
        f"schedules: {states or 'none'}{_then(prev, inputs, ' done')}.",
        [_page("campaigns/", "Campaigns and burn-downs")],
    )
    rows = []
    for r in reports:
        c, proj = r.campaign, r.projection
        finish = proj.finish.isoformat() if proj is not None and proj.finish else "-"
        rows.append(
            (
                c.title,
                f"{r.progress.done}/{r.progress.total}",
                r.schedule,
                finish,
                c.due.isoformat() if c.due else "-",
            )
        )
    table = Table(
        "Campaigns",
        ("campaign", "done", "schedule", "projected finish", "due"),
        tuple(rows),
        tuple(_file(r.campaign.position, r.campaign.id) for r in reports),
    )
    return figure, table


def _key_results(inputs: BoardInputs) -> tuple[Figure, Table]:
    reports = inputs.evaluation.initiatives
    statuses = [(r, k) for r in reports for k in r.key_results]
    known = [k.progress for _, k in statuses if k.progress is not None]
    met = sum(1 for p in known if p >= 100)
    mean = round(sum(known) / len(known)) if known else None
    figure = _figure(
        "key-results",
        "change",
        "Key results met",
        float(met) if statuses else None,
        f"{met} of {len(statuses)}" if statuses else "no key result",
        None,
        "up",
        (
            f"{met} of {len(statuses)} key results of {len(reports)} initiatives are met; "
            f"mean progress {mean}% (key results typed by hand have no history to compare)."
            if mean is not None
            else f"{len(statuses)} key results declared, none with a value yet."
        ),
        [_page("initiatives/", "Initiatives and key results")],
    )
    rows = tuple(
        (
            r.initiative.title,
            k.key_result.title,
            "-" if k.value is None else f"{k.value:g}{k.key_result.unit}",
            f"{k.key_result.target:g}{k.key_result.unit}",
            "-" if k.progress is None else f"{k.progress:g}%",
        )
        for r, k in statuses
    )
    evidence = tuple(_file(r.initiative.source, r.initiative.id) for r, _ in statuses)
    table = Table(
        "Key results", ("initiative", "key result", "value", "target", "progress"), rows, evidence
    )
    return figure, table


def change_section(inputs: BoardInputs) -> Section:
    campaigns, campaign_table = _campaigns(inputs)
    krs, kr_table = _key_results(inputs)
    return Section(
        "change",
        "Change",
        "Are the migrations and initiatives on schedule?",
        (_level(inputs, "change"), campaigns, krs),
        (campaign_table, kr_table),
    )


def _knowledge(inputs: BoardInputs) -> tuple[Figure, Table | None]:
    history = inputs.evaluation.history
    if history is None:
        figure = _figure(
            "knowledge-risk",
            "communication",
            "Repositories one departure from lost",
            None,
            "no data",
            None,
            "down",
            "No history mined: run 'lodestar scan' with history.",
            [],
        )
        return figure, None
    fragile = sorted(
        (r for r in history.risks if r.active_truck_factor.value <= 1),
        key=lambda r: (r.active_truck_factor.value, -r.code, r.repository),
    )
    before = inputs.previous_standing.truck_factors if inputs.previous_standing else None
    prev = sum(1 for v in before.values() if v <= 1) if before is not None else None
    figure = _figure(
        "knowledge-risk",
        "communication",
        "Repositories one departure from lost",
        float(len(fragile)),
        f"{len(fragile)} of {len(history.risks)}",
        float(prev) if prev is not None else None,
        "down",
        f"{len(fragile)} of {len(history.risks)} repositories have an active truck factor of 1 "
        f"or less: one departure leaves their code without an active author{_then(prev, inputs)}.",
        [_page("people/", "People and knowledge risk")],
    )
    rows = tuple(
        (r.repository, str(r.active_truck_factor.value), str(r.truck_factor.value), f"{r.code:,}")
        for r in fragile[:_MAX_ROWS]
    )
    evidence = tuple(
        Evidence("repository", r.repository, r.repository) for r in fragile[:_MAX_ROWS]
    )
    table = Table(
        _shown("Repositories with an active truck factor of 1 or less", len(fragile)),
        ("repository", "active truck factor", "truck factor", "lines of code"),
        rows,
        evidence,
    )
    return figure, table


def _training(inputs: BoardInputs) -> Figure:
    plan = inputs.training
    if plan is None or not plan.coverage.total:
        return _figure(
            "training-coverage",
            "communication",
            "Adopt technologies with two active experts",
            None,
            "no data",
            None,
            "up",
            "No history mined, or no Adopt entry names a technology.",
            [_page("people/", "Experts")],
        )
    now, then = plan.coverage, plan.previous_coverage
    short = ", ".join(now.uncovered[:5]) + (" ..." if len(now.uncovered) > 5 else "")
    return _figure(
        "training-coverage",
        "communication",
        "Adopt technologies with two active experts",
        float(now.covered),
        f"{now.covered} of {now.total}",
        float(then.covered),
        "up",
        f"{now.covered} of {now.total} Adopt entries have two or more active experts "
        f"({then.covered} at the end of {inputs.quarter.previous().label})"
        + (f"; short: {short}." if short else "."),
        [_page("people/", "Experts"), _page("radar/", "Radar")],
    )


def communication_section(inputs: BoardInputs) -> Section:
    knowledge, table = _knowledge(inputs)
    return Section(
        "communication",
        "Communication",
        "Is knowledge shared enough to survive a departure?",
        (_level(inputs, "communication"), knowledge, _training(inputs)),
        (table,) if table is not None else (),
        ("Training plans: lodestar training --format markdown",),
    )
