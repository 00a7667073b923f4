"""Contexts of the pages built on the workspace's declarations: radar, decisions,
campaigns and initiatives (the findings page: :mod:`lodestar.web.contexts_findings`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from lodestar.analysis import Use
from lodestar.analysis.evaluation import rank, sensitivity
from lodestar.analysis.radar_moves import edition_moves, latest_moves
from lodestar.analysis.trend import matcher_trend
from lodestar.records import Decision, RadarEntry, RadarMove
from lodestar.render import RadarLayout, layout_radar, render_markdown
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_common import Chart, Series
from lodestar.web.contexts_radar import (
    RadarCard,
    RadarLegend,
    entry_uses,
    radar_cards,
    radar_legend,
    review_overdue,
    used_in,
)
from lodestar.web.contexts_vulns import VulnerabilityRow, entry_vulnerabilities
from lodestar.web.links import slug
from lodestar.web.names import matcher_name

MOVEMENT_WINDOW_DAYS = 90  # a ring change this recent is drawn as a movement marker
REVIEW_SOON_DAYS = 30


# --- radar ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RadarRow:
    number: int
    id: str
    slug: str
    title: str
    quadrant: str
    ring: str
    tags: tuple[str, ...]
    movement: str | None
    owner: str | None
    review_by: dt.date | None
    overdue: bool
    used_in: int  # repositories using it (as its page's "Where it is used")


@dataclass(frozen=True, slots=True)
class RadarContext:
    note: str | None  # no strategy yet
    moves_note: str | None
    layout: RadarLayout | None
    rows: tuple[RadarRow, ...]
    quadrants: tuple[str, ...]
    rings: tuple[str, ...]
    tags: tuple[str, ...]
    unplaced: tuple[str, ...]  # "id: quadrant/ring" of entries the configuration lacks
    edition: str | None  # the latest edition (workspace tag) or the date of the latest change
    moved: tuple[RadarMove, ...]  # ring changes of the movement window, newest first
    legend: RadarLegend | None = None
    cards: dict[str, RadarCard] | None = None  # entry id -> what its blip's card says


def radar_context(cockpit: Cockpit) -> RadarContext:
    strategy = cockpit.strategy
    if strategy is None:
        return RadarContext(cockpit.note("strategy"), None, None, (), (), (), (), (), None, ())
    window = cockpit.today - dt.timedelta(days=MOVEMENT_WINDOW_DAYS)
    latest = latest_moves(edition_moves(cockpit.moves))  # the first edition is the baseline
    movements = {e: m.kind for e, m in latest.items() if m.date >= window}
    since: dict[str, str] = {}
    for move in cockpit.moves or ():
        since.setdefault(move.entry, move.date.isoformat())
    layout = layout_radar(strategy.radar, strategy.entries, movements=movements, since=since)
    by_id = {e.id: e for e in strategy.entries}
    rows = tuple(
        RadarRow(
            number=b.number,
            id=b.id,
            slug=slug(b.id),
            title=b.title,
            quadrant=b.quadrant,
            ring=b.ring,
            tags=b.tags,
            movement=b.movement,
            owner=by_id[b.id].owner,
            review_by=by_id[b.id].review_by,
            overdue=review_overdue(by_id[b.id], cockpit.today),
            used_in=used_in(cockpit, by_id[b.id]),
        )
        for b in layout.blips
    )
    recent = tuple(
        sorted(
            (m for m in cockpit.moves or () if m.date >= window),
            key=lambda m: (m.date, m.entry),
            reverse=True,
        )
    )
    return RadarContext(
        note=None
        if strategy.entries
        else "no radar entries yet: add one file per entry under radar/ in the workspace",
        moves_note=cockpit.note("radar-history"),
        layout=layout,
        rows=rows,
        quadrants=layout.quadrants,
        rings=layout.rings,
        tags=tuple(sorted({t for e in strategy.entries for t in e.tags})),
        unplaced=tuple(f"{e.id}: {e.quadrant} / {e.ring}" for e in layout.unplaced),
        edition=_edition(cockpit),
        moved=recent,
        legend=radar_legend(layout),
        cards=radar_cards(cockpit, layout, strategy.entries, latest),
    )


def _edition(cockpit: Cockpit) -> str | None:
    """The latest edition's name and date ("2026-10 (2026-10-05)"; a date named after itself
    once), or the date of the latest change without editions."""
    if cockpit.editions:
        name, date = cockpit.editions[-1].name, cockpit.editions[-1].date.isoformat()
        return name if name == date else f"{name} ({date})"
    return max(m.date for m in cockpit.moves).isoformat() if cockpit.moves else None


@dataclass(frozen=True, slots=True)
class DecisionRef:
    id: str
    slug: str
    title: str
    status: str  # "missing" when no decision has this id


@dataclass(frozen=True, slots=True)
class RadarEntryContext:
    entry: RadarEntry
    slug: str
    description_html: str  # sanitised
    history: tuple[RadarMove, ...]  # oldest first
    history_note: str | None
    decisions: tuple[DecisionRef, ...]
    replaced_by: DecisionRef | None  # another radar entry (status: its ring)
    matchers: tuple[str, ...]
    uses: tuple[Use, ...]
    repositories: tuple[str, ...]
    versions_chart: Chart
    trend_chart: Chart | None
    trend_note: str | None
    overdue: bool
    advisories: tuple[VulnerabilityRow, ...]  # open advisories of the packages it matches
    advisories_note: str | None


def _decision_ref(decisions: dict[str, Decision], decision_id: str) -> DecisionRef:
    found = decisions.get(decision_id)
    if found is None:
        return DecisionRef(decision_id, slug(decision_id), decision_id, "missing")
    return DecisionRef(found.id, slug(found.id), found.title, found.status)


def find_entry(cockpit: Cockpit, key: str) -> RadarEntry | None:
    for entry in cockpit.strategy.entries if cockpit.strategy else ():
        if key in (entry.id, slug(entry.id)):
            return entry
    return None


def radar_entry_context(cockpit: Cockpit, entry: RadarEntry) -> RadarEntryContext:
    """One radar entry's page: where it is used, its trend and advisories, derived once a
    cockpit per entry (the strategy's entries bound them) rather than once a request."""
    return cockpit.derived(f"radar-entry:{entry.id}", lambda: _entry_context(cockpit, entry))


def _entry_context(cockpit: Cockpit, entry: RadarEntry) -> RadarEntryContext:
    strategy = cockpit.strategy
    decisions = {d.id: d for d in strategy.decisions} if strategy else {}
    entries = {e.id: e for e in strategy.entries} if strategy else {}
    uses = entry_uses(cockpit, entry)
    per_version: dict[str, set[str]] = defaultdict(set)
    for use in uses:
        for version in use.versions or ("version unknown",):
            per_version[version].add(use.repository)
    spread = sorted(per_version.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:25]
    replaced = None
    if entry.replaced_by:
        other = entries.get(entry.replaced_by)
        replaced = DecisionRef(
            entry.replaced_by,
            slug(entry.replaced_by),
            other.title if other else entry.replaced_by,
            other.ring if other else "missing",
        )
    trend, trend_note = _trend(cockpit, entry)
    return RadarEntryContext(
        entry=entry,
        slug=slug(entry.id),
        description_html=render_markdown(entry.description),
        history=tuple(m for m in cockpit.moves or () if m.entry == entry.id),
        history_note=cockpit.note("radar-history"),
        decisions=tuple(_decision_ref(decisions, d) for d in entry.decisions),
        replaced_by=replaced,
        matchers=tuple(matcher_name(cockpit.technologies(), m) for m in entry.matchers),
        uses=uses,
        repositories=tuple(sorted({u.repository for u in uses})),
        versions_chart=Chart(
            id="entry-versions",
            kind="bar",
            title="Repositories per observed version",
            labels=tuple(v for v, _ in spread),
            series=(Series("repositories", tuple(float(len(r)) for _, r in spread)),),
        ),
        trend_chart=trend,
        trend_note=trend_note,
        overdue=bool(entry.review_by and entry.review_by < cockpit.today),
        advisories=entry_vulnerabilities(cockpit, entry.id, (u.repository for u in uses)),
        advisories_note=cockpit.note("advisories"),
    )


TREND_MONTHS = 24  # the entry chart's window, as 'lodestar trend --months' by default


def _trend(cockpit: Cockpit, entry: RadarEntry) -> tuple[Chart | None, str | None]:
    """Repositories matching the entry per month: ``lodestar trend --entry ID``'s series (each
    repository's state carried forward through months without a commit)."""
    if not entry.matchers:
        return None, "the entry has no matchers tying it to what repositories use"
    if cockpit.snapshots is None:
        return None, cockpit.note("history") or "no monthly snapshots stored yet"
    series = matcher_trend(
        cockpit.snapshots, entry.matchers, cockpit.technologies(), subject=entry.id
    )
    points = series.points[-TREND_MONTHS:]
    return (
        Chart(
            id="entry-trend",
            kind="line",
            title="Repositories using it, per month (each repository's latest state)",
            labels=tuple(p.month.strftime("%Y-%m") for p in points),
            series=(Series("repositories", tuple(float(p.count) for p in points)),),
        ),
        None,
    )


# --- decisions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DecisionRow:
    id: str
    slug: str
    title: str
    status: str
    date: dt.date | None
    review_by: dt.date | None
    overdue: bool
    links: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str
    target: str
    kind: str


@dataclass(frozen=True, slots=True)
class DecisionsContext:
    note: str | None
    rows: tuple[DecisionRow, ...]  # newest first
    timeline: tuple[tuple[str, tuple[DecisionRow, ...]], ...]  # (year, rows oldest first)
    edges: tuple[GraphEdge, ...]
    statuses: tuple[tuple[str, int], ...]
    due: tuple[DecisionRow, ...]  # review date past or within REVIEW_SOON_DAYS


_FORWARD = {"supersedes", "amends", "relates-to"}


def _edges(decisions: tuple[Decision, ...]) -> tuple[GraphEdge, ...]:
    known = {d.id for d in decisions}
    seen: set[tuple[str, str, str]] = set()
    for d in decisions:
        for link in d.links:
            if link.target not in known:
                continue
            if link.kind == "relates-to":  # symmetric: one edge for both directions
                first, second = sorted((d.id, link.target))
                seen.add((first, second, link.kind))
            elif link.kind in _FORWARD:
                seen.add((d.id, link.target, link.kind))
            elif link.kind == "superseded-by":
                seen.add((link.target, d.id, "supersedes"))
            elif link.kind == "amended-by":
                seen.add((link.target, d.id, "amends"))
    return tuple(GraphEdge(s, t, k) for s, t, k in sorted(seen))


def _row(d: Decision, today: dt.date) -> DecisionRow:
    return DecisionRow(
        d.id,
        slug(d.id),
        d.title,
        d.status,
        d.date,
        d.review_by,
        bool(d.review_by and d.review_by < today and d.status in {"accepted", "proposed"}),
        len(d.links),
    )


def decisions_context(cockpit: Cockpit) -> DecisionsContext:
    if cockpit.strategy is None:
        return DecisionsContext(cockpit.note("strategy"), (), (), (), (), ())
    decisions = cockpit.strategy.decisions
    rows = [_row(d, cockpit.today) for d in decisions]
    rows.sort(key=lambda r: (r.date or dt.date.min, r.id), reverse=True)
    by_year: dict[str, list[DecisionRow]] = defaultdict(list)
    for row in reversed(rows):
        by_year[str(row.date.year) if row.date else "undated"].append(row)
    soon = cockpit.today + dt.timedelta(days=REVIEW_SOON_DAYS)
    due = tuple(
        sorted(
            (
                r
                for r in rows
                if r.review_by and r.review_by <= soon and r.status in {"accepted", "proposed"}
            ),
            key=lambda r: (r.review_by, r.id),
        )
    )
    return DecisionsContext(
        note=None if decisions else "no decisions yet: run 'lodestar decision new TITLE'",
        rows=tuple(rows),
        timeline=tuple((year, tuple(items)) for year, items in sorted(by_year.items())),
        edges=_edges(decisions),
        statuses=tuple(sorted(Counter(r.status for r in rows).items())),
        due=due,
    )


@dataclass(frozen=True, slots=True)
class OptionScore:
    option: str
    scores: tuple[float, ...]
    total: float | None
    rank: int | None
    chosen: bool


@dataclass(frozen=True, slots=True)
class EvaluationView:
    criteria: tuple[tuple[str, float], ...]
    options: tuple[OptionScore, ...]  # by rank when ranked, else as written
    chart: Chart
    robust: bool | None
    sensitivity: tuple[str, ...]  # one sentence per flip
    note: str | None


@dataclass(frozen=True, slots=True)
class LinkView:
    kind: str
    target: DecisionRef


@dataclass(frozen=True, slots=True)
class DecisionContext:
    decision: Decision
    slug: str
    body_html: str
    links: tuple[LinkView, ...]
    linked_from: tuple[LinkView, ...]  # other decisions that point here
    governs: tuple[str, ...]
    radar: tuple[DecisionRef, ...]  # radar entries citing it (status: ring)
    overdue: bool
    evaluation: EvaluationView | None


def find_decision(cockpit: Cockpit, key: str) -> Decision | None:
    for d in cockpit.strategy.decisions if cockpit.strategy else ():
        if key in (d.id, slug(d.id)):
            return d
    return None


def _evaluation(decision: Decision) -> EvaluationView | None:
    ev = decision.evaluation
    if ev is None:
        return None
    written = dict(ev.scores)
    options = [
        OptionScore(
            r.option, written[r.option], round(r.total, 3), r.rank, r.option == decision.chosen
        )
        for r in rank(ev)
    ]
    result = sensitivity(ev)
    sentences = []
    for flip in result.flips:
        direction = "+" if flip.change > 1 else "-"
        percent = round(abs(flip.change - 1) * 100)
        sentences.append(
            f"{flip.criterion} {direction}{percent}%: {flip.leader} leads "
            f"({flip.leader_total:g} against {flip.winner_total:g})"
        )
    if result.winner is None:
        sentences.append("two or more options tie for first place")
    return EvaluationView(
        criteria=ev.criteria,
        options=tuple(options),
        chart=Chart(
            id="evaluation",
            kind="bar",
            title="Scores per option and criterion, and the weighted total",
            labels=tuple(o.option for o in options),
            series=(
                *(
                    Series(name, tuple(o.scores[i] if i < len(o.scores) else None for o in options))
                    for i, (name, _) in enumerate(ev.criteria)
                ),
                Series("weighted total", tuple(o.total for o in options)),
            ),
            counts=False,
        ),
        robust=result.robust,
        sensitivity=tuple(sentences),
        note=None,
    )


def decision_context(cockpit: Cockpit, decision: Decision) -> DecisionContext:
    strategy = cockpit.strategy
    decisions = {d.id: d for d in strategy.decisions} if strategy else {}
    linked_from = tuple(
        LinkView(link.kind, _decision_ref(decisions, other.id))
        for other in decisions.values()
        for link in other.links
        if link.target == decision.id
    )
    radar = tuple(
        DecisionRef(e.id, slug(e.id), e.title, e.ring)
        for e in (strategy.entries if strategy else ())
        if decision.id in e.decisions
    )
    return DecisionContext(
        decision=decision,
        slug=slug(decision.id),
        body_html=render_markdown(decision.body),
        links=tuple(
            LinkView(lk.kind, _decision_ref(decisions, lk.target)) for lk in decision.links
        ),
        linked_from=linked_from,
        governs=tuple(matcher_name(cockpit.technologies(), m) for m in decision.governs),
        radar=radar,
        overdue=_row(decision, cockpit.today).overdue,
        evaluation=_evaluation(decision),
    )
