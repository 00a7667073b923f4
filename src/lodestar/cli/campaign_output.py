"""What `lodestar campaigns --json` and `lodestar initiatives --json` print (the tables are
:mod:`lodestar.cli.campaign_tables`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lodestar.analysis import CampaignReport, InitiativeReport
    from lodestar.records import Milestone


__all__ = ["campaign_dict", "initiatives_dict"]


def initiatives_dict(reports: list[InitiativeReport]) -> dict[str, object]:
    return {
        "initiatives": [
            {
                "id": r.initiative.id,
                "title": r.initiative.title,
                "status": r.initiative.status,
                "owner": r.initiative.owner,
                "progress": r.progress,
                "key_results": r.key_results,
                "overdue_milestones": [_milestone(m) for m in r.overdue],
                "next_milestone": _milestone(r.next_milestone) if r.next_milestone else None,
            }
            for r in reports
        ]
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _milestone(m: Milestone) -> dict[str, Any]:
    return {"title": m.title, "due": m.due.isoformat(), "done": m.done}


def campaign_dict(r: CampaignReport) -> dict[str, Any]:
    p = r.progress
    return {
        "id": r.campaign.id,
        "title": r.campaign.title,
        "owner": r.campaign.owner,
        "start": _iso(r.campaign.start),
        "due": _iso(r.campaign.due),
        "done": p.done,
        "in_progress": p.in_progress,
        "not_started": p.not_started,
        "unknown": p.unknown,
        "percent": p.percent,
        "schedule": r.schedule,
        "reason": r.reason,
        "projection": None
        if r.projection is None
        else {
            "months": r.projection.months,
            "pace": r.projection.pace,
            "finish": _iso(r.projection.finish),
            "reason": r.projection.reason,
        },
        "repositories": p.repositories,
        "burndown": [
            {
                "month": b.month.isoformat(),
                "done": b.done,
                "in_progress": b.in_progress,
                "not_started": b.not_started,
                "unknown": b.unknown,
                "remaining": b.remaining,
            }
            for b in r.burndown
        ],
        "notes": r.notes,
    }
