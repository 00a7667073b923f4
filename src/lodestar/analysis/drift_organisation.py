"""The organisation-wide drift rules, run when the whole organisation is evaluated (see
:mod:`lodestar.analysis.drift`): ``radar-missing``, ``radar-unused``, ``radar-review-due``,
``decision-review-due``, ``campaign-behind`` and ``milestone-overdue``."""

from __future__ import annotations

from collections.abc import Sequence

from lodestar.analysis.campaigns import campaign_report
from lodestar.analysis.coverage import radar_coverage
from lodestar.analysis.drift_context import RuleContext
from lodestar.records import Finding, Severity, SourcePosition

__all__ = ["campaign_rules", "milestone_rules", "radar_coverage_rules", "review_dates"]


# --- organisation-wide ----------------------------------------------------------------------


def radar_coverage_rules(ctx: RuleContext) -> None:
    """``radar-missing`` and ``radar-unused``, from :func:`radar_coverage` (the one derivation
    of what is on the radar, shared with the cockpit's pages)."""
    entries = ctx.strategy.entries
    coverage = ctx.coverage or radar_coverage(ctx.observations, entries, ctx.catalog)
    radar_dir = SourcePosition("radar")
    for missing in coverage.missing():
        tech_id, repos = missing.technology, missing.repositories
        tech = ctx.catalog.get(tech_id)
        name = tech.name if tech else tech_id
        category = tech.category.value if tech else "unknown"
        quadrant = _suggested_quadrant(category, ctx.strategy.radar.quadrants)
        ctx.add(
            Finding(
                "radar-missing",
                Severity.NOTE,
                f"{name} is used in {len(repos)} "
                f"{'repository' if len(repos) == 1 else 'repositories'} but is not on the "
                f"radar (category: {category})",
                None,
                tuple(f"repository:{r}" for r in repos),
                f"add radar/{tech_id}.md (copy radar/_template.md) with "
                f"`matchers: [{{technology: {tech_id}}}]`"
                + (f", quadrant {quadrant}" if quadrant else "")
                + " and a ring",
                radar_dir,
                tech_id,
            )
        )
    hold = ctx.strategy.radar.rings[-1] if ctx.strategy.radar.rings else None
    for entry in entries:
        if not entry.matchers or entry.ring == hold or coverage.users.get(entry.id):
            continue
        ctx.add(
            Finding(
                "radar-unused",
                Severity.NOTE,
                f"radar entry {entry.title} ({entry.ring}) matches no repository",
                None,
                (),
                "check its matchers, or move it out if nobody should use it any more",
                entry.source,
                entry.id,
            )
        )


# Where the default radar quadrants usually place a catalog category (a suggestion only).
_QUADRANT_OF = {
    "language": "Languages & Frameworks",
    "framework": "Languages & Frameworks",
    "library": "Languages & Frameworks",
    "testing": "Tools",
    "build-tool": "Tools",
    "ci-cd": "Tools",
    "observability": "Tools",
    "infrastructure-as-code": "Tools",
    "ai-ml": "Tools",
    "database": "Platforms",
    "messaging": "Platforms",
    "cache": "Platforms",
    "search": "Platforms",
    "cloud-service": "Platforms",
    "container-orchestration": "Platforms",
    "runtime": "Platforms",
    "operating-system": "Platforms",
}


def _suggested_quadrant(category: str, quadrants: Sequence[str]) -> str | None:
    """The default quadrant for a category, when the workspace's radar has it."""
    quadrant = _QUADRANT_OF.get(category)
    return quadrant if quadrant in quadrants else None


def review_dates(ctx: RuleContext) -> None:
    for entry in ctx.strategy.entries:
        if entry.review_by is not None and entry.review_by < ctx.today:
            ctx.add(
                Finding(
                    "radar-review-due",
                    Severity.WARNING,
                    f"radar entry {entry.title} ({entry.ring}) was due for review on "
                    f"{entry.review_by.isoformat()}",
                    None,
                    (),
                    f"review the ring of {entry.title} and set a new `review-by` date"
                    + (f" (owner: {entry.owner})" if entry.owner else ""),
                    entry.source,
                    entry.id,
                )
            )
    for decision in ctx.strategy.decisions:
        if decision.status.lower() != "accepted":
            continue
        if decision.review_by is not None and decision.review_by < ctx.today:
            ctx.add(
                Finding(
                    "decision-review-due",
                    Severity.WARNING,
                    f"decision {decision.id} “{decision.title}” was due for review on "
                    f"{decision.review_by.isoformat()}",
                    None,
                    (),
                    "confirm it with a new `review-by` date, amend it, or supersede it",
                    decision.source,
                    decision.id,
                )
            )


def campaign_rules(ctx: RuleContext) -> None:
    for campaign in ctx.strategy.campaigns:
        known = ctx.campaigns.get(campaign.id) if ctx.campaigns is not None else None
        report = known or campaign_report(
            campaign, ctx.observations, ctx.catalog, today=ctx.today, history=ctx.history
        )
        if report.schedule not in {"behind", "overdue"}:
            continue
        prog = report.progress
        remaining = sorted(r.repository for r in prog.repositories if r.state != "done")
        ctx.add(
            Finding(
                "campaign-behind",
                Severity.ERROR if report.schedule == "overdue" else Severity.WARNING,
                f"campaign {campaign.id} “{campaign.title}” is {report.schedule}: "
                f"{prog.done}/{prog.total} done; {report.reason}",
                None,
                tuple(f"repository:{r}" for r in remaining),
                f"{len(remaining)} repositories left"
                + (f"; owner: {campaign.owner}" if campaign.owner else ""),
                campaign.position,
                campaign.id,
            )
        )


def milestone_rules(ctx: RuleContext) -> None:
    for initiative in ctx.strategy.initiatives:
        if initiative.status.lower() != "active":
            continue
        for milestone in initiative.milestones:
            if milestone.done or milestone.due >= ctx.today:
                continue
            ctx.add(
                Finding(
                    "milestone-overdue",
                    Severity.WARNING,
                    f"initiative {initiative.id}: milestone “{milestone.title}” was due "
                    f"{milestone.due.isoformat()}",
                    None,
                    (),
                    "mark it done, or re-plan it with the initiative owner"
                    + (f" ({initiative.owner})" if initiative.owner else ""),
                    initiative.source,
                    initiative.id,
                )
            )
