"""The tables of ``lodestar risk``, ``hotspots``, ``releases`` and ``experts``.

Names, paths, tags and subjects come from repositories: every cell is :func:`plain` text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lodestar.cli.output import console, plain
from lodestar.cli.tables import print_table
from lodestar.render.presentation import human

if TYPE_CHECKING:
    from rich.console import JustifyMethod
    from rich.text import Text

    from lodestar.analysis.delivery import Delivery
    from lodestar.analysis.hotspots import Coupling, Hotspot
    from lodestar.analysis.knowledge import Island, KnowledgeRisk
    from lodestar.analysis.skills import Coverage, Expert


def _day(moment: dt.datetime | None) -> str:
    return moment.date().isoformat() if moment else "-"


def _days(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 24:.1f} h" if value < 1 else f"{value:.1f} d"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _islands(risk: KnowledgeRisk) -> list[Island]:
    """Island folders, and island files outside them."""
    folders = [i.path for i in risk.island_directories]

    def inside(path: str) -> bool:
        return any(f == "" or path.startswith(f + "/") for f in folders)

    return [*risk.island_directories, *(i for i in risk.island_files if not inside(i.path))]


def _names(risk: KnowledgeRisk, people: tuple[str, ...]) -> Text:
    return plain(", ".join(risk.names.get(p, p) for p in people) or "-")


def print_risk(
    risks: Sequence[KnowledgeRisk], top: int, now: dt.datetime, departed_days: int
) -> None:
    from rich.table import Table

    table = Table(
        title=f"Knowledge risk as of {now.date()} (departed: no commit for {departed_days} days)",
        title_justify="left",
    )
    table.add_column("repository", no_wrap=True)
    table.add_column("files", justify="right")
    table.add_column("TF", justify="right")
    table.add_column("truck-factor people", overflow="fold")
    table.add_column("active TF", justify="right")
    table.add_column("code in islands", justify="right")
    table.add_column("departed owners", overflow="fold")
    for r in sorted(
        risks, key=lambda r: (r.active_truck_factor.value, r.truck_factor.value, r.repository)
    ):
        tf = r.truck_factor.value
        active = r.active_truck_factor.value
        table.add_row(
            plain(r.repository),
            str(r.files),
            plain(str(tf), "bold red" if tf <= 1 else ""),
            _names(r, r.truck_factor.people),
            plain(str(active), "bold red" if active < tf or active <= 1 else ""),
            f"{r.island_share:.0%} of {human(r.code)}",
            plain(", ".join(o.name for o in r.departed_owners)),
        )
    print_table(console, table)

    islands = sorted(
        ((r, i) for r in risks for i in _islands(r)),
        key=lambda ri: (-ri[1].code, ri[0].repository, ri[1].path),
    )[:top]
    if islands:
        t = Table(
            title="Knowledge islands (known by one person or only by people who left)",
            title_justify="left",
        )
        t.add_column("repository", no_wrap=True)
        for col in ("folder or file", "files", "lines", "known by", "why"):
            t.add_column(col, overflow="fold")
        for r, i in islands:
            folder = i in r.island_directories
            t.add_row(
                plain(r.repository),
                plain((i.path + "/" if folder and i.path else i.path) or "(whole repository)"),
                str(i.files),
                human(i.code),
                _names(r, i.authors),
                plain("departed", "red") if i.reason == "departed" else "one person",
            )
        print_table(console, t)

    owners = sorted(
        ((r, o) for r in risks for o in r.departed_owners),
        key=lambda ro: (-ro[1].sole_code, -ro[1].code, ro[0].repository),
    )[:top]
    if owners:
        t = Table(
            title="Departed owners (authors of current code, no commit for a while)",
            title_justify="left",
        )
        t.add_column("repository", no_wrap=True)
        for col in ("person", "last commit", "files", "lines", "only they knew"):
            t.add_column(col, overflow="fold")
        for r, o in owners:
            t.add_row(
                plain(r.repository),
                plain(o.name),
                _day(o.last_commit),
                str(o.files),
                human(o.code),
                f"{o.sole_files} files, {human(o.sole_code)} lines",
            )
        print_table(console, t)


def print_hotspots(
    repository: str, spots: list[Hotspot], folders: list[Hotspot], pairs: list[Coupling]
) -> None:
    from rich.table import Table

    for title, rows in ((f"Hotspots in {repository}: files", spots), ("Folders", folders)):
        t = Table(title=plain(title), title_justify="left")
        columns: tuple[tuple[str, JustifyMethod], ...] = (
            ("path", "left"),
            ("revisions", "right"),
            ("lines", "right"),
            ("score", "right"),
            ("authors", "right"),
            ("last change", "left"),
        )
        for col, justify in columns:
            t.add_column(col, justify=justify, overflow="fold")
        for h in rows:
            t.add_row(
                plain(h.path),
                str(h.revisions),
                human(h.code),
                human(h.score),
                str(h.authors),
                _day(h.last_change),
            )
        print_table(console, t)
    if not pairs:
        console.print("No change coupling above the thresholds.")
        return
    t = Table(title="Change coupling (files that change together)", title_justify="left")
    for col in ("file", "coupled with", "degree", "shared", "mean revisions"):
        t.add_column(col, overflow="fold")
    for p in pairs:
        t.add_row(
            plain(p.path),
            plain(p.coupled),
            f"{p.degree:.0f}%",
            str(p.shared),
            f"{p.mean_revisions:g}",
        )
    print_table(console, t)


def print_delivery(results: list[Delivery], *, detail: bool) -> None:
    from rich.table import Table

    t = Table(title="Delivery cadence (from tags and commits; no CI data)", title_justify="left")
    t.add_column("repository", no_wrap=True)
    for col in ("releases", "/month", "last release", "lead p50", "lead p90", "unreleased"):
        t.add_column(col, justify="left" if col == "last release" else "right")
    t.add_column("reverts+hotfixes", justify="right")
    t.add_column("next release has a fix", justify="right")
    for d in results:
        last = d.releases[-1] if d.releases else None
        t.add_row(
            plain(d.repository),
            str(len(d.releases)),
            f"{d.releases_per_month:.2f}",
            plain(f"{last.tag} {_day(last.date)}") if last else "-",
            _days(d.lead_median_days),
            _days(d.lead_p90_days),
            str(d.unreleased_changes),
            f"{d.reverts}+{d.hotfixes}",
            _pct(d.change_failure_signal),
        )
    print_table(console, t)
    if not detail:
        return
    (d,) = results
    if d.releases:
        r = Table(title="Releases", title_justify="left")
        for col in ("tag", "date", "changes", "lead time median", "reverts/hotfixes"):
            r.add_column(col)
        for rel in d.releases:
            r.add_row(
                plain(rel.tag),
                _day(rel.date),
                str(rel.changes),
                _days(rel.lead_median_days),
                str(rel.fixes),
            )
        print_table(console, r)
    m = Table(title="Per month", title_justify="left")
    for col in (
        "month",
        "commits",
        "releases",
        "changes shipped",
        "lead median",
        "p90",
        "reverts",
        "hotfixes",
    ):
        m.add_column(col)
    for month in d.months:
        m.add_row(
            month.month,
            str(month.commits),
            str(month.releases),
            str(month.changes),
            _days(month.lead_median_days),
            _days(month.lead_p90_days),
            str(month.reverts),
            str(month.hotfixes),
        )
    print_table(console, m)


_PRESENCE_STYLE = {"active": "green", "quiet": "yellow", "departed": "red"}


def print_experts(found: list[Expert], min_commits: int) -> None:
    from rich.table import Table

    for group in found:
        t = Table(
            title=plain(
                f"{group.label} ({group.kind}): {len(group.people)} people with "
                f"{min_commits}+ commits, {len(group.active)} active"
            ),
            title_justify="left",
        )
        for col in ("person", "score", "commits", "last", "status", "repositories"):
            t.add_column(col, overflow="fold")
        for s in group.people:
            style = _PRESENCE_STYLE[s.presence.value]
            t.add_row(
                plain(s.name),
                f"{s.score:.2f}",
                str(s.commits),
                _day(s.last),
                plain(s.presence.value, style),
                plain(", ".join(s.repositories)),
            )
        print_table(console, t)


def print_coverage(thin: list[Coverage], min_commits: int) -> None:
    from rich.table import Table

    if not thin:
        console.print("Every technology in use has at least two active experts.")
        return
    t = Table(
        title=f"Technologies in use with one or no active expert ({min_commits}+ commits)",
        title_justify="left",
    )
    for col in ("technology", "kind", "repositories", "experts", "active experts"):
        t.add_column(col, overflow="fold")
    for c in thin:
        t.add_row(
            plain(c.label),
            c.kind,
            str(c.repositories),
            str(c.experts),
            plain(", ".join(c.active_experts)) if c.active_experts else plain("none", "bold red"),
        )
    print_table(console, t)
