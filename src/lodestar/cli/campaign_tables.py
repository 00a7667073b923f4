"""The tables of ``lodestar campaigns`` and ``lodestar initiatives`` (Rich, on the console)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lodestar.cli.output import console, plain, styled
from lodestar.cli.tables import print_table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lodestar.analysis import CampaignReport, InitiativeReport

__all__ = ["print_campaign", "print_campaigns", "print_initiatives"]


_SCHEDULE_STYLE = {
    "done": "green",
    "on-track": "green",
    "behind": "yellow",
    "overdue": "bold red",
    "unknown": "dim",
    "not-applicable": "dim",
}


def print_campaigns(reports: Sequence[CampaignReport]) -> None:
    from rich.table import Table

    table = Table(
        title="Campaigns (done / in progress / not started / unknown)", title_justify="left"
    )
    table.add_column("campaign")
    table.add_column("repositories", no_wrap=True)
    table.add_column("due", no_wrap=True)
    table.add_column("projected", no_wrap=True)
    table.add_column("schedule", no_wrap=True)
    for r in reports:
        p = r.progress
        proj = r.projection.finish.isoformat() if r.projection and r.projection.finish else "-"
        pct = "" if p.percent is None else f"  {p.percent:.0f}%"
        table.add_row(
            plain(r.campaign.title).append("\n").append_text(plain(r.campaign.id, "dim")),
            f"{p.done} / {p.in_progress} / {p.not_started} / {p.unknown}{pct}",
            r.campaign.due.isoformat() if r.campaign.due else "-",
            proj,
            plain(r.schedule, _SCHEDULE_STYLE.get(r.schedule, "")),
        )
    print_table(console, table)


def print_campaign(r: CampaignReport) -> None:
    from rich.table import Table

    c, p = r.campaign, r.progress
    console.print(styled((c.title, "bold"), f" ({c.id})", f", owner {c.owner}" if c.owner else ""))
    dates = ", ".join(
        x
        for x in (
            f"started {c.start.isoformat()}" if c.start else "",
            f"due {c.due.isoformat()}" if c.due else "",
        )
        if x
    )
    if dates:
        console.print(dates)
    pct = "-" if p.percent is None else f"{p.percent:.0f}%"
    console.print(
        styled(
            f"{p.done} done, {p.in_progress} in progress, {p.not_started} not started, "
            f"{p.unknown} unknown ({pct} done): ",
            (r.schedule, _SCHEDULE_STYLE.get(r.schedule, "")),
            f" — {r.reason}",
        )
    )
    table = Table(title="Repositories", title_justify="left")
    table.add_column("repository", no_wrap=True)
    for col in ("state", "still uses", "already uses"):
        table.add_column(col, overflow="fold")
    for s in p.repositories:
        table.add_row(
            plain(s.repository),
            plain(s.state),
            plain(", ".join(s.source[:3]) or s.reason),
            plain(", ".join(s.target[:3])),
        )
    print_table(console, table)
    console.print()
    console.print(
        styled(("Burn-down", "bold"), " (█ done  ▒ in progress  ░ not started  ? unknown)")
    )
    width = 40
    top = max((b.done + b.remaining for b in r.burndown), default=0) or 1
    for b in r.burndown:
        scale = width / top
        console.print(
            styled(
                f"{b.month:%Y-%m} ",
                ("█" * round(b.done * scale), "green"),
                ("▒" * round(b.in_progress * scale), "yellow"),
                ("░" * round(b.not_started * scale), "red"),
                ("?" * round(b.unknown * scale), "dim"),
                f" {b.remaining} remaining",
            )
        )
    if r.projection is not None:
        proj = r.projection
        finish = proj.finish.isoformat() if proj.finish else "no finish date"
        console.print(plain(f"Projection: {finish} ({proj.reason})"))
    for note in r.notes:
        console.print(plain(f"note: {note}", "dim"))


def print_initiatives(reports: Sequence[InitiativeReport]) -> None:
    from rich.table import Table

    if not reports:
        console.print("No initiative declared: add one under initiatives/ in the workspace.")
        return
    for r in reports:
        i = r.initiative
        overall = "-" if r.progress is None else f"{r.progress:.0f}%"
        console.print()
        console.print(
            styled(
                (i.title, "bold"),
                f" ({i.id}, {i.status}" + (f", owner {i.owner}" if i.owner else "") + "): ",
                overall,
            )
        )
        table = Table(show_header=True, title_justify="left")
        table.add_column("objective / key result", overflow="fold")
        table.add_column("now", no_wrap=True)
        table.add_column("target", no_wrap=True)
        table.add_column("progress", no_wrap=True)
        table.add_column("measured by", overflow="fold")
        shown: str | None = None
        for k in r.key_results:
            kr = k.key_result
            if k.objective != shown:
                table.add_row(plain(k.objective, "bold"), "", "", "", "")
                shown = k.objective
            value = "-" if k.value is None else f"{k.value:g}{kr.unit}"
            how = kr.metric if k.source == "measured" else k.source
            if k.note:
                how = f"{how} ({k.note})"
            table.add_row(
                plain(f"  {kr.title}"),
                plain(value),
                plain(f"{kr.target:g}{kr.unit}"),
                "-" if k.progress is None else f"{k.progress:.0f}%",
                plain(how or ""),
            )
        if r.key_results:
            print_table(console, table)
        for m in r.overdue:
            console.print(styled(("overdue:", "yellow"), f" {m.title} (due {m.due.isoformat()})"))
        if r.next_milestone is not None:
            m = r.next_milestone
            console.print(plain(f"next: {m.title} (due {m.due.isoformat()})"))
