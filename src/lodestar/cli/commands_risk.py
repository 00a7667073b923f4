"""``lodestar risk``, ``hotspots``, ``releases`` and ``experts``: figures from stored history.

Every command reads the store only (mined history and the current scans); none runs git.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.analysis.delivery import HOTFIX_PATTERN, REVERT_PATTERN
from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.dates import as_of_moment
from lodestar.cli.output import console, handle_errors, plain, print_json, styled
from lodestar.errors import UsageError
from lodestar.render.presentation import human, to_jsonable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import JustifyMethod
    from rich.text import Text
    from sqlalchemy import Engine

    from lodestar.analysis.delivery import Delivery
    from lodestar.analysis.hotspots import Coupling, Hotspot
    from lodestar.analysis.knowledge import Island, KnowledgeRisk
    from lodestar.analysis.skills import Coverage, Expert
    from lodestar.catalog.technologies import TechnologyCatalog
    from lodestar.records import RepoHistory, TechnologyUse
    from lodestar.settings import Workspace
    from lodestar.store.queries import RepositoryRow

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Reference date (YYYY-MM-DD) for who is active or departed and for recency "
        "(default: the workspace's organisation.as_of, else today).",
    ),
]
TopOption = Annotated[int, typer.Option("--top", "-n", min=1, help="Rows per table.")]

commands = typer.Typer()  # this module's commands; register(app) adds them


def _since(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--since {text!r}: expected a date such as 2026-01-01") from exc
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


def _without_history(
    rows: Sequence[RepositoryRow], histories: Sequence[RepoHistory], repository: str | None
) -> list[tuple[str, str]]:
    """(repository, why) of each repository no risk figure can be computed for: its history
    failed (the stored reason) or was never mined."""
    mined = {h.repository for h in histories}
    out = []
    for row in rows:
        if repository is not None and row.name != repository:
            continue
        failed = next((f.reason for f in row.failures if f.stage == "history"), None)
        if failed is not None:
            out.append((row.name, failed))
        elif row.name not in mined:
            out.append((row.name, "no history mined yet: run 'lodestar scan' (not --no-history)"))
    return out


def _histories(engine: Engine) -> list[RepoHistory]:
    from lodestar.store.history import organisation_history

    histories = [h for h in organisation_history(engine) if h.commits]
    if not histories:
        raise UsageError(
            "no mined history in the store yet; run 'lodestar scan' "
            "(history.enabled must be true in lodestar.toml)"
        )
    return histories


def _one_history(engine: Engine, repository: str) -> RepoHistory:
    from lodestar.store.history import repository_history

    history = repository_history(engine, repository)
    if not history.commits:
        raise UsageError(
            f"{repository}: no mined history yet; run 'lodestar scan' "
            "(history.enabled must be true in lodestar.toml)"
        )
    return history


def _windows(ws: Workspace) -> tuple[int, int]:
    from lodestar.analysis.presence import presence_windows

    return presence_windows(ws.settings)


def _day(moment: dt.datetime | None) -> str:
    return moment.date().isoformat() if moment else "-"


def _days(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 24:.1f} h" if value < 1 else f"{value:.1f} d"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


@commands.command()
@handle_errors
def risk(
    repository: Annotated[
        str | None, typer.Argument(help="Only this repository (default: all).")
    ] = None,
    as_of: AsOfOption = None,
    top: TopOption = 10,
    as_json: JsonOption = False,
) -> None:
    """Knowledge risk: truck factors, knowledge islands and departed owners.

    Truck factor as in Avelino et al. (ICPC 2016) over own code; the active truck factor
    first discounts people with no commit anywhere for history.departed_days (180).
    """
    from lodestar.analysis.organisation import knowledge_risks
    from lodestar.store.current import current_files
    from lodestar.store.queries import list_repositories

    ws = load_workspace()
    now = as_of_moment(as_of, ws)
    active_days, departed_days = _windows(ws)
    with store(ws) as engine:
        histories = _histories(engine)
        files = current_files(engine, repository)
        no_history = _without_history(list_repositories(engine), histories, repository)
    chosen = [h for h in histories if repository is None or h.repository == repository]
    if repository is not None and not chosen:
        raise UsageError(f"{repository}: no mined history; see 'lodestar repos' for names")
    risks = knowledge_risks(
        histories,
        files,
        now=now,
        active_days=active_days,
        departed_days=departed_days,
        repository=repository,
    )
    unscanned = sorted(h.repository for h in chosen if not files.get(h.repository))
    if as_json:
        print_json(
            {
                "as_of": now.isoformat(),
                "active_days": active_days,
                "departed_days": departed_days,
                "repositories": [
                    {**to_jsonable(r), "island_share": round(r.island_share, 4)} for r in risks
                ],
                "unscanned": unscanned,
                "no_history": [{"repository": n, "reason": why} for n, why in no_history],
            }
        )
        return
    _print_risk(risks, top, now, departed_days)
    if unscanned:
        console.print(
            plain(f"Left out, no current scan: {', '.join(unscanned)} (run 'lodestar scan')")
        )
    for name, why in no_history:
        console.print(styled(("no history: ", "yellow"), name, " — ", why))


@commands.command()
@handle_errors
def hotspots(
    repository: Annotated[str, typer.Argument(help="Repository name (see lodestar repos).")],
    since: Annotated[
        str | None, typer.Option(help="Only commits from this date (YYYY-MM-DD).")
    ] = None,
    top: TopOption = 15,
    bots: Annotated[bool, typer.Option("--bots", help="Count bot commits too.")] = False,
    min_revisions: Annotated[
        float, typer.Option(help="Coupling: minimum mean revisions of the pair.")
    ] = 5,
    min_shared: Annotated[
        int, typer.Option(min=1, help="Coupling: minimum commits shared by the pair.")
    ] = 5,
    min_degree: Annotated[
        float, typer.Option(min=0, max=100, help="Coupling: minimum degree, in %.")
    ] = 30,
    max_changeset: Annotated[
        int, typer.Option(min=2, help="Coupling: ignore commits changing more files.")
    ] = 30,
    as_json: JsonOption = False,
) -> None:
    """Hotspots (revisions x lines of code) of files and folders, and change coupling.

    Coupling follows code-maat: shared commits / mean revisions of the two files.
    """
    from lodestar.analysis.hotspots import change_coupling
    from lodestar.analysis.hotspots import hotspots as find_hotspots
    from lodestar.store.current import current_files

    ws = load_workspace()
    start = _since(since)
    with store(ws) as engine:
        history = _one_history(engine, repository)
        files = current_files(engine, repository).get(repository, [])
    if not files:
        raise UsageError(f"{repository}: no current scan; run 'lodestar scan' first")
    spots, folders = find_hotspots(history, files, top=top, since=start, include_bots=bots)
    pairs = change_coupling(
        history,
        files,
        min_revisions=min_revisions,
        min_shared=min_shared,
        min_degree=min_degree,
        max_changeset=max_changeset,
        since=start,
        include_bots=bots,
        top=top,
    )
    if as_json:
        print_json(
            to_jsonable(
                {
                    "repository": repository,
                    "since": start,
                    "files": spots,
                    "directories": folders,
                    "coupling": {
                        "min_revisions": min_revisions,
                        "min_shared": min_shared,
                        "min_degree": min_degree,
                        "max_changeset": max_changeset,
                        "pairs": pairs,
                    },
                }
            )
        )
        return
    _print_hotspots(repository, spots, folders, pairs)


@commands.command()
@handle_errors
def releases(
    repository: Annotated[
        str | None, typer.Argument(help="One repository, with its releases and months.")
    ] = None,
    tag_pattern: Annotated[
        str | None,
        typer.Option(
            help="Regular expression for release tags (default: the setting "
            "history.release_tag_pattern)."
        ),
    ] = None,
    revert_pattern: Annotated[
        str, typer.Option(help="Regular expression on commit subjects marking a revert.")
    ] = REVERT_PATTERN,
    hotfix_pattern: Annotated[
        str, typer.Option(help="Regular expression on commit subjects marking a hotfix.")
    ] = HOTFIX_PATTERN,
    as_json: JsonOption = False,
) -> None:
    """Delivery cadence from git alone: releases, lead time for changes, reverts and hotfixes.

    Lead time: from a commit's authored date to the first release tag containing it.
    No CI or deployment data is read: see the README for what these figures cannot see.
    """
    import re

    from lodestar.analysis.delivery import delivery

    ws = load_workspace()
    pattern = tag_pattern or ws.settings.history.release_tag_pattern
    for option, value in (
        ("--tag-pattern", pattern),
        ("--revert-pattern", revert_pattern),
        ("--hotfix-pattern", hotfix_pattern),
    ):
        try:
            re.compile(value)
        except re.error as exc:
            raise UsageError(f"{option} {value!r}: not a regular expression ({exc})") from exc
    with store(ws) as engine:
        histories = [_one_history(engine, repository)] if repository else _histories(engine)
    results = [
        delivery(
            h,
            tag_pattern=pattern,
            revert_pattern=revert_pattern,
            hotfix_pattern=hotfix_pattern,
        )
        for h in histories
    ]
    if as_json:
        print_json(to_jsonable({"repositories": results}))
        return
    _print_delivery(results, detail=repository is not None)


@commands.command()
@handle_errors
def experts(
    technology: Annotated[
        str | None,
        typer.Argument(
            help="A language (Python, TypeScript …) or catalog technology (django, kafka …). "
            "Without it: technologies in use with one or no active expert."
        ),
    ] = None,
    min_commits: Annotated[
        int, typer.Option(min=1, help="Commits touching it that make an expert.")
    ] = 3,
    half_life: Annotated[
        float, typer.Option(min=1, help="Days after which a commit weighs half.")
    ] = 365,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who knows a technology, and whether they are still active.

    Score: sum over their commits touching it of 0.5 ** (age in days / half-life).
    """
    from lodestar.analysis.presence import last_commits, presences
    from lodestar.analysis.skills import coverage, skills_map
    from lodestar.analysis.skills import experts as find_experts
    from lodestar.catalog.technologies import load_catalog
    from lodestar.store.current import current_technologies

    ws = load_workspace()
    now = as_of_moment(as_of, ws)
    active_days, departed_days = _windows(ws)
    catalog = load_catalog(tuple(Path(d) for d in ws.catalog_dirs))
    with store(ws) as engine:
        histories = _histories(engine)
        uses = current_technologies(engine)
        in_use = _in_use(engine, uses, catalog) if technology is None else {}
    last = last_commits(histories)
    status = presences(last, now, active_days=active_days, departed_days=departed_days)
    skills = skills_map(histories, uses, catalog, status, now=now, half_life_days=half_life)
    if technology is None:
        thin = coverage(skills, in_use, min_commits=min_commits)
        if as_json:
            print_json(to_jsonable({"as_of": now, "thin_coverage": thin}))
            return
        _print_coverage(thin, min_commits)
        return
    found = find_experts(skills, technology, catalog, min_commits=min_commits)
    if not found:
        raise UsageError(
            f"nobody has changed files of {technology!r}; name a language (Python) "
            "or a catalog technology (see lodestar tech)"
        )
    if as_json:
        print_json(to_jsonable({"as_of": now, "query": technology, "experts": found}))
        return
    _print_experts(found, min_commits)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)


def _in_use(
    engine: Engine, uses: dict[str, list[TechnologyUse]], catalog: TechnologyCatalog
) -> dict[tuple[str, str], tuple[str, int]]:
    """(kind, key) -> (label, repositories) for the languages and technologies in use now."""
    from lodestar.analysis.skills import is_skill_language
    from lodestar.catalog.technology_model import Category
    from lodestar.store.queries import organisation_languages

    out: dict[tuple[str, str], tuple[str, int]] = {}
    for row in organisation_languages(engine, kind="own"):
        if row.code > 0 and is_skill_language(row.language):
            out[("language", row.language)] = (row.language, row.repositories)
    repos: dict[str, set[str]] = {}
    for repository, found in uses.items():
        for use in found:
            repos.setdefault(use.technology, set()).add(repository)
    for tech_id, names in repos.items():
        tech = catalog.get(tech_id)
        if tech is None or tech.category == Category.LANGUAGE:
            continue
        out[("technology", tech_id)] = (tech.name, len(names))
    return out


def _islands(risk: KnowledgeRisk) -> list[Island]:
    """Island folders, and island files outside them."""
    folders = [i.path for i in risk.island_directories]

    def inside(path: str) -> bool:
        return any(f == "" or path.startswith(f + "/") for f in folders)

    return [*risk.island_directories, *(i for i in risk.island_files if not inside(i.path))]


def _names(risk: KnowledgeRisk, people: tuple[str, ...]) -> Text:
    return plain(", ".join(risk.names.get(p, p) for p in people) or "-")


def _print_risk(
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
    console.print(table)

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
        console.print(t)

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
        console.print(t)


def _print_hotspots(
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
        console.print(t)
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
    console.print(t)


def _print_delivery(results: list[Delivery], *, detail: bool) -> None:
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
    console.print(t)
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
        console.print(r)
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
    console.print(m)


_PRESENCE_STYLE = {"active": "green", "quiet": "yellow", "departed": "red"}


def _print_experts(found: list[Expert], min_commits: int) -> None:
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
        console.print(t)


def _print_coverage(thin: list[Coverage], min_commits: int) -> None:
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
    console.print(t)
