"""``lodestar initiatives``' table: each initiative's key results, overdue and next milestones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lodestar.cli.output import console, plain, styled

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lodestar.analysis import InitiativeReport


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
        table.add_column("objective / key result", overflow="fold", ratio=3)
        table.add_column("now", no_wrap=True)
        table.add_column("target", no_wrap=True)
        table.add_column("progress", no_wrap=True)
        table.add_column("measured by", overflow="fold", ratio=1)
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
            console.print(table)
        for m in r.overdue:
            console.print(styled(("overdue:", "yellow"), f" {m.title} (due {m.due.isoformat()})"))
        if r.next_milestone is not None:
            m = r.next_milestone
            console.print(plain(f"next: {m.title} (due {m.due.isoformat()})"))
