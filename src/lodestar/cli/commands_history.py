"""``lodestar history`` and ``lodestar trend``: activity and time travel from stored history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lodestar.cli.common import add_commands, load_workspace, store
from lodestar.cli.dates import as_of_moment
from lodestar.cli.output import console, handle_errors, plain, print_json, styled
from lodestar.cli.tables import print_table
from lodestar.errors import UsageError
from lodestar.render.presentation import human, to_jsonable

if TYPE_CHECKING:
    from rich.console import JustifyMethod
    from rich.text import Text

    from lodestar.analysis.activity import Contributor, MonthActivity, OrgActivity, RepoActivity
    from lodestar.analysis.trend import Trend
    from lodestar.records import MonthlySnapshot
    from lodestar.settings import Workspace

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Reference date for active, departed and dormant "
        "(default: the workspace's organisation.as_of, else today).",
    ),
]
_BLOCKS = "▁▂▃▄▅▆▇█"

commands = typer.Typer()  # this module's commands; register(app) adds them


def sparkline(values: Sequence[int]) -> str:
    """One block character per value, scaled to the largest (blank for zero)."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(
        " " if v <= 0 else _BLOCKS[min(len(_BLOCKS) - 1, (v * len(_BLOCKS) - 1) // top)]
        for v in values
    )


def _day(moment: dt.datetime | None) -> str:
    return moment.date().isoformat() if moment else "-"


@commands.command()
@handle_errors
def history(
    repository: Annotated[
        str | None,
        typer.Argument(help="Repository name (as 'lodestar repos' lists it); omit for all."),
    ] = None,
    months: Annotated[
        int, typer.Option(min=1, max=600, help="How many recent months to show.")
    ] = 24,
    top: Annotated[int, typer.Option(min=1, max=500, help="How many contributors.")] = 10,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Activity from git history: commits, lines and people per month, top contributors."""
    from lodestar.analysis.activity import organisation_activity
    from lodestar.store import organisation_history, repository_history

    ws = load_workspace()
    settings = ws.settings.history
    now = as_of_moment(as_of, ws)
    with store(ws) as engine:
        histories = organisation_history(engine)
        if repository is not None and all(h.repository != repository for h in histories):
            repository_history(engine, repository)  # raises the precise UsageError
    if not histories:
        raise UsageError("no history stored yet; run 'lodestar scan' (without --no-history)")
    org = organisation_activity(
        histories,
        now=now,
        active_days=settings.active_days,
        departed_days=settings.departed_days,
        dormant_days=settings.dormant_days,
        top=top,
    )
    if repository is None:
        if as_json:
            print_json(to_jsonable(_org_dict(org, months)))
        else:
            _print_org(org, months, top)
        return
    repo = next(r for r in org.repositories if r.repository == repository)
    if as_json:
        data = to_jsonable(repo)
        data["months"] = data["months"][-months:]
        print_json(data)
    else:
        _print_repo(repo, months, now)


@commands.command()
@handle_errors
def trend(
    subject: Annotated[
        str | None,
        typer.Argument(
            metavar="TECH_OR_PURL",
            help="A catalog technology id (react, postgresql) or a package URL "
            "(pkg:npm/react, pkg:pypi/django).",
        ),
    ] = None,
    entry: Annotated[
        str | None,
        typer.Option(
            "--entry",
            metavar="ID",
            help="Instead: a radar entry's id, the repositories its matchers match "
            "(version ranges included): the series of its cockpit page.",
        ),
    ] = None,
    months: Annotated[
        int, typer.Option(min=1, max=600, help="How many recent months to show.")
    ] = 24,
    as_json: JsonOption = False,
) -> None:
    """Repositories using a technology, package or radar entry, month by month (each
    repository's latest state carried through months without a commit; for a package, the
    spread of versions)."""
    from lodestar.analysis.packages import trend_subject
    from lodestar.analysis.trend import trend as compute
    from lodestar.catalog import load_catalog
    from lodestar.store import monthly_snapshots

    if (subject is None) == (entry is None):
        raise UsageError("pass a technology id or package URL, or --entry ID (one of them)")
    ws = load_workspace()
    with store(ws) as engine:
        snapshots = monthly_snapshots(engine)
    if not snapshots:
        raise UsageError(
            "no monthly snapshots stored yet; run 'lodestar scan' (without --no-history)"
        )
    if entry is not None:
        result = _entry_trend(ws, snapshots, entry)
    else:
        catalog = load_catalog(tuple(Path(d) for d in ws.catalog_dirs))
        ids = (t.id for t in catalog)
        result = compute(snapshots, trend_subject(snapshots, subject or "", ids))
    if as_json:
        data = to_jsonable(result)
        data["points"] = data["points"][-months:]
        print_json(data)
        return
    _print_trend(result, months)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)


def _entry_trend(ws: Workspace, snapshots: Sequence[MonthlySnapshot], entry_id: str) -> Trend:
    """The series of a radar entry's matchers, as its cockpit page draws it."""
    from pathlib import Path

    from lodestar.analysis.trend import matcher_trend
    from lodestar.catalog import load_catalog
    from lodestar.strategy import load_strategy

    catalog = load_catalog(tuple(Path(d) for d in ws.catalog_dirs))
    entries = {e.id: e for e in load_strategy(ws.root, catalog=catalog).entries}
    found = entries.get(entry_id)
    if found is None:
        raise UsageError(f"no radar entry {entry_id!r}; 'lodestar radar list' lists them")
    if not found.matchers:
        raise UsageError(f"radar entry {entry_id!r} has no matchers; add match: to its file")
    return matcher_trend(snapshots, found.matchers, catalog, subject=found.id)


def _month_rows(months: Sequence[MonthActivity]) -> Any:
    from rich.table import Table

    table = Table(title="Per month", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("month", "left"),
        ("commits", "right"),
        ("authors", "right"),
        ("bots", "right"),
        ("merges", "right"),
        ("+lines", "right"),
        ("-lines", "right"),
        ("", "left"),
    )
    for col, just in columns:  # the bar never wraps
        table.add_column(col, justify=just, no_wrap=True)
    top = max((m.commits for m in months), default=0) or 1
    for m in months:
        table.add_row(
            m.month.strftime("%Y-%m"),
            str(m.commits),
            str(m.authors),
            str(m.bot_commits or ""),
            str(m.merges or ""),
            f"{m.added:,}",
            f"{m.removed:,}",
            "█" * round(m.commits * 30 / top),
        )
    return table


def _people_table(title: str, people: Sequence[Contributor], *, org: bool) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    table.add_column("person", overflow="fold")
    table.add_column("team", no_wrap=True)
    table.add_column("commits", justify="right", no_wrap=True)
    table.add_column("+lines", justify="right", no_wrap=True)
    table.add_column("-lines", justify="right", no_wrap=True)
    table.add_column("last commit", no_wrap=True)
    table.add_column("status", no_wrap=True)
    if org:
        table.add_column("repositories", justify="right", no_wrap=True)
    for p in people:
        status = (
            plain("active", "green") if p.active else plain("departed", "red") if p.departed else ""
        )
        row: list[Text | str] = [
            plain(f"{p.name} <{p.key}>" if p.name != p.key else p.key),
            plain(p.team or ""),
            str(p.commits),
            human(p.added),
            human(p.removed),
            _day(p.last_commit),
            status,
        ]
        if org:
            row.append(str(len(p.repositories)))
        table.add_row(*row)
    return table


def _org_dict(org: OrgActivity, months: int) -> dict[str, Any]:
    data = {f.name: getattr(org, f.name) for f in dataclasses.fields(org)}
    data["months"] = org.months[-months:]
    data["repositories"] = [
        {**to_jsonable(r), "months": to_jsonable(r.months[-months:])} for r in org.repositories
    ]
    return data


def _print_org(org: OrgActivity, months: int, top: int) -> None:
    from rich.table import Table

    console.rule(plain("Activity", "bold"))
    recent = org.months[-months:]
    console.print(
        styled(
            f"{len(org.repositories)} repositories · ",
            (f"{org.commits:,}", "bold"),
            f" commits by people · {org.bot_commits:,} by bots · {org.merges:,} merges · "
            f"+{org.added:,} / -{org.removed:,} lines · {len(org.people)} people, "
            f"{len(org.active_people)} active (last {org.active_days} days), "
            f"{len(org.departed_people)} departed (none for {org.departed_days} days)",
        )
    )
    console.print(
        f"first commit {_day(org.first_commit)} · last commit {_day(org.last_commit)} · "
        f"as of {org.now.date().isoformat()}"
    )
    if recent:
        console.print(
            styled(
                f"commits per month {recent[0].month:%Y-%m} … {recent[-1].month:%Y-%m}: ",
                (sparkline([m.commits for m in recent]), "cyan"),
            )
        )
    table = Table(title="Repositories", title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("repository", "left"),
        ("commits", "right"),
        ("bots", "right"),
        ("people", "right"),
        ("active", "right"),
        ("first", "left"),
        ("last", "left"),
        ("per month", "left"),
    )
    for col, just in columns:  # names, dates and sparklines never wrap
        table.add_column(col, justify=just, no_wrap=True)
    span = [m.month for m in recent]
    for r in org.repositories:
        counts = {m.month: m.commits + m.bot_commits for m in r.months}
        last = styled(_day(r.last_commit), (" (dormant)" if r.dormant else "", "yellow"))
        table.add_row(
            plain(r.repository),
            f"{r.commits:,}",
            str(r.bot_commits or ""),
            str(r.people),
            str(r.active_contributors),
            _day(r.first_commit),
            last,
            sparkline([counts.get(m, 0) for m in span]),
        )
    print_table(console, table)
    print_table(console, _people_table("Top contributors", org.people[:top], org=True))
    departed = [p for p in org.people if p.departed]
    if departed:
        console.print(
            plain(
                "Departed: "
                + ", ".join(f"{p.name} (last commit {_day(p.last_commit)})" for p in departed)
            )
        )
    if org.dormant_repositories:
        console.print(
            plain(
                f"Dormant (no commit for {org.dormant_days} days): "
                + ", ".join(org.dormant_repositories),
                "yellow",
            )
        )


def _print_repo(repo: RepoActivity, months: int, now: dt.datetime) -> None:
    console.rule(plain(repo.repository, "bold"))
    console.print(
        styled(
            (f"{repo.commits:,}", "bold"),
            f" commits by {repo.people} people "
            f"({repo.active_contributors} active) · {repo.bot_commits:,} by bots"
            + (f" ({', '.join(repo.bots)})" if repo.bots else "")
            + f" · {repo.merges:,} merges · +{repo.added:,} / -{repo.removed:,} lines · "
            f"{repo.tags} tags",
        )
    )
    console.print(
        styled(
            f"first commit {_day(repo.first_commit)} · last commit {_day(repo.last_commit)}",
            (" (dormant)" if repo.dormant else "", "yellow"),
            f" · as of {now.date().isoformat()}",
        )
    )
    print_table(console, _month_rows(repo.months[-months:]))
    print_table(console, _people_table("Top contributors", repo.top_contributors, org=False))


_KINDS = {"package": "package URL", "technology": "technology id", "matchers": "radar entry"}


def _print_trend(result: Trend, months: int) -> None:
    from rich.table import Table

    points = result.points[-months:]
    if not result.repositories:
        console.print(
            plain(
                f"No repository used {result.subject} in any monthly snapshot "
                f"({_KINDS.get(result.kind, result.kind)})."
            )
        )
        return
    console.rule(styled((result.subject, "bold"), f" ({result.kind})"))
    console.print(
        plain(
            f"used by {len(result.repositories)} repositories at some point: "
            + ", ".join(result.repositories)
        )
    )
    console.print(
        styled("repositories per month: ", (sparkline([p.count for p in points]), "cyan"))
    )
    table = Table(title_justify="left")
    table.add_column("month", no_wrap=True)
    table.add_column("repos", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)  # the bar
    versions = any(p.versions for p in points)
    if versions:
        table.add_column("versions (repositories)", overflow="fold")
    top = max((p.count for p in points), default=0) or 1
    for p in points:
        row: list[Text | str] = [
            p.month.strftime("%Y-%m"),
            str(p.count),
            "█" * round(p.count * 20 / top),
        ]
        if versions:
            row.append(plain(", ".join(f"{v} ({n})" for v, n in p.versions.items())))
        table.add_row(*row)
    print_table(console, table)
