"""A training plan (:func:`lodestar.analysis.training.training_plan`) as Markdown and CSV.

Markdown: a plan the people team can paste: the coverage figure, then per technology a section
with its mentors, learners, suggested pairings and target. Every name and title comes from
repositories or workspace files, so each is escaped as a findings table cell is
(:func:`lodestar.render.markdown_findings.cell`: Markdown, HTML and control characters).

CSV: one row per technology and suggested pairing, the columns in :data:`COLUMNS`; every cell
goes through :func:`lodestar.render.findings_csv.safe_cell` (a leading ``=``, ``+``, ``-``,
``@``, tab or carriage return is prefixed with ``'``: no formula runs in a spreadsheet).
"""

from __future__ import annotations

import csv
import io

from lodestar.analysis.training import TrainingItem, TrainingPlan
from lodestar.render.findings_csv import safe_cell
from lodestar.render.markdown_findings import cell

__all__ = ["COLUMNS", "training_csv", "training_markdown"]

COLUMNS = (
    "technology",
    "kind",
    "ring",
    "active_experts",
    "target",
    "mentor",
    "mentor_email",
    "learner",
    "learner_email",
    "learner_score",
    "learner_commits",
    "pairing",
)


def _commits(n: int) -> str:
    return f"{n} commit" if n == 1 else f"{n} commits"


def _day(value: object) -> str:
    return str(value)[:10]


def _section(item: TrainingItem) -> list[str]:
    s = item.subject
    ring = f" ({cell(s.ring)})" if s.ring else " (language with own code)"
    lines = [f"## {cell(s.label)}{ring}", ""]
    lines.append(
        f"- Active experts: {len(item.mentors)} (end of previous quarter: "
        f"{item.previous_active_experts}); quiet or departed experts: {item.inactive_experts}"
    )
    lines.append(f"- Repositories using it: {len(s.repositories)}")
    lines.append(f"- Target: {cell(item.target)}")
    if item.crossed:
        lines.append(f"- Became experts this quarter: {', '.join(cell(n) for n in item.crossed)}")
    lines += ["", "**Mentors**", ""]
    if item.mentors:
        lines += [
            f"- {cell(m.name)}: score {m.score:.2f}, {_commits(m.commits)}, last {_day(m.last)}"
            for m in item.mentors
        ]
    else:
        lines.append("- none active")
    lines += ["", "**Learners** (closest to expert first)", ""]
    for lr in item.learners:
        how = (
            f"score {lr.score:.2f} ({lr.growth:+.2f} this quarter), {_commits(lr.commits)}"
            if lr.via == "commits"
            else f"in team {cell(lr.team or '')}, which uses it"
        )
        lines.append(f"- {cell(lr.name)}: {how}")
    if not item.learners:
        lines.append("- none active")
    if item.more_learners:
        lines.append(f"- and {item.more_learners} more")
    lines += ["", "**Suggested pairing**", ""]
    lines += [f"- {cell(p.note)}" for p in item.pairings]
    return [*lines, ""]


def training_markdown(plan: TrainingPlan, *, title: str = "Training plan") -> str:
    """The plan as Markdown (one section per technology)."""
    c, p = plan.coverage, plan.previous_coverage
    lines = [
        f"# {cell(title)}",
        "",
        (
            f"As of {plan.as_of.isoformat()}; progress since {plan.previous.isoformat()} "
            f"(end of the previous quarter). An expert has at least {plan.min_commits} commits "
            f"on a technology; active: a commit in the last {plan.active_days} days."
        ),
        "",
        (
            f"**Adopt entries with >= 2 active experts: {c.covered} of {c.total}** "
            f"(previous quarter: {p.covered} of {p.total})."
        ),
        "",
        f"{len(plan.items)} of {plan.subjects} technologies have fewer than two active experts.",
        "",
    ]
    for item in plan.items:
        lines += _section(item)
    return "\n".join(lines).rstrip() + "\n"


def training_csv(plan: TrainingPlan) -> str:
    """One row per technology and pairing (header first; CRLF line ends as RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in plan.items:
        s = item.subject
        scores = {lr.person: lr for lr in item.learners}
        for pair in item.pairings:
            lr = scores.get(pair.learner or "")
            row = [
                s.label,
                s.kind,
                s.ring or "",
                str(len(item.mentors)),
                item.target,
                pair.mentor_name or "",
                pair.mentor or "",
                pair.learner_name or "",
                pair.learner or "",
                f"{lr.score:.3f}" if lr else "",
                str(lr.commits) if lr else "",
                pair.note,
            ]
            writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
