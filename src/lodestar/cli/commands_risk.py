"""``lodestar risk``, ``hotspots``, ``releases`` and ``experts``: figures from stored history.

Every command reads the store only (mined history and the current scans); none runs git.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.analysis.delivery import HOTFIX_PATTERN, REVERT_PATTERN
from lodestar.cli import risk_tables
from lodestar.cli.common import JsonOption, add_commands, load_workspace, store
from lodestar.cli.dates import as_of_moment
from lodestar.cli.output import console, handle_errors, plain, print_json, styled
from lodestar.cli.teams import TeamOption, load_owners
from lodestar.errors import UsageError
from lodestar.render.presentation import to_jsonable

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sqlalchemy import Engine

    from lodestar.analysis.hotspots import Coupling, Hotspot
    from lodestar.analysis.knowledge import KnowledgeRisk
    from lodestar.catalog import TechnologyCatalog
    from lodestar.records import RepoHistory, RepositoryRow, TechnologyUse
    from lodestar.settings import Workspace

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
    from lodestar.store import organisation_history

    histories = [h for h in organisation_history(engine) if h.commits]
    if not histories:
        raise UsageError(
            "no mined history in the store yet; run 'lodestar scan' "
            "(history.enabled must be true in lodestar.toml)"
        )
    return histories


def _one_history(engine: Engine, repository: str) -> RepoHistory:
    from lodestar.store import repository_history

    history = repository_history(engine, repository)
    if not history.commits:
        raise UsageError(
            f"{repository}: no mined history yet; run 'lodestar scan' "
            "(history.enabled must be true in lodestar.toml)"
        )
    return history


def _windows(ws: Workspace) -> tuple[int, int]:
    from lodestar.analysis import presence_windows

    return presence_windows(ws.settings)


@commands.command()
@handle_errors
def risk(
    repository: Annotated[
        str | None, typer.Argument(help="Only this repository (default: all).")
    ] = None,
    as_of: AsOfOption = None,
    top: TopOption = 10,
    team: TeamOption = None,
    as_json: JsonOption = False,
) -> None:
    """Knowledge risk: truck factors, knowledge islands and departed owners.

    Truck factor as in Avelino et al. (ICPC 2016) over own code; the active truck factor
    first discounts people with no commit anywhere for history.departed_days (180).
    Example: lodestar risk --team payments
    """
    from lodestar.analysis import knowledge_risks
    from lodestar.store import current_files, list_repositories

    ws = load_workspace()
    now = as_of_moment(as_of, ws)
    active_days, departed_days = _windows(ws)
    with store(ws) as engine:
        mine = load_owners(engine, ws, now.date()).team_repositories(team) if team else None
        histories = _histories(engine)
        files = current_files(engine, repository)
        rows = [r for r in list_repositories(engine) if mine is None or r.name in mine]
        no_history = _without_history(rows, histories, repository)
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
    if mine is not None:  # presence is judged across the organisation, the rows are the team's
        risks = tuple(r for r in risks if r.repository in mine)
        chosen = [h for h in chosen if h.repository in mine]
    unscanned = sorted(h.repository for h in chosen if not files.get(h.repository))
    if as_json:
        print_json(_risk_dict(now, active_days, departed_days, risks, unscanned, no_history))
        return
    _print_risk_report(risks, top, now, departed_days, unscanned, no_history)


def _print_risk_report(
    risks: Sequence[KnowledgeRisk],
    top: int,
    now: dt.datetime,
    departed_days: int,
    unscanned: list[str],
    no_history: list[tuple[str, str]],
) -> None:
    risk_tables.print_risk(risks, top, now, departed_days)
    if unscanned:
        console.print(
            plain(f"Left out, no current scan: {', '.join(unscanned)} (run 'lodestar scan')")
        )
    for name, why in no_history:
        console.print(styled(("no history: ", "yellow"), name, " — ", why))


def _risk_dict(
    now: dt.datetime,
    active_days: int,
    departed_days: int,
    risks: Sequence[KnowledgeRisk],
    unscanned: list[str],
    no_history: list[tuple[str, str]],
) -> dict[str, object]:
    return {
        "as_of": now.isoformat(),
        "active_days": active_days,
        "departed_days": departed_days,
        "repositories": [
            {**to_jsonable(r), "island_share": round(r.island_share, 4)} for r in risks
        ],
        "unscanned": unscanned,
        "no_history": [{"repository": n, "reason": why} for n, why in no_history],
    }


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
    from lodestar.store import current_files

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
        coupling = {
            "min_revisions": min_revisions,
            "min_shared": min_shared,
            "min_degree": min_degree,
            "max_changeset": max_changeset,
        }
        print_json(_hotspots_dict(repository, start, spots, folders, pairs, coupling))
        return
    risk_tables.print_hotspots(repository, spots, folders, pairs)


def _hotspots_dict(
    repository: str,
    start: dt.datetime | None,
    spots: list[Hotspot],
    folders: list[Hotspot],
    pairs: list[Coupling],
    coupling: Mapping[str, object],
) -> dict[str, object]:
    return {
        "repository": repository,
        "since": start,
        "files": spots,
        "directories": folders,
        "coupling": {**coupling, "pairs": pairs},
    }


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
    from lodestar.analysis.delivery import delivery

    ws = load_workspace()
    pattern = tag_pattern or ws.settings.history.release_tag_pattern
    _regular_expressions(
        ("--tag-pattern", pattern),
        ("--revert-pattern", revert_pattern),
        ("--hotfix-pattern", hotfix_pattern),
    )
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
    risk_tables.print_delivery(results, detail=repository is not None)


def _regular_expressions(*options: tuple[str, str]) -> None:
    """UsageError naming the first (option, value) whose value is not a regular expression."""
    import re

    for option, value in options:
        try:
            re.compile(value)
        except re.error as exc:
            raise UsageError(f"{option} {value!r}: not a regular expression ({exc})") from exc


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
    from lodestar.catalog import load_catalog
    from lodestar.store import current_technologies

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
        risk_tables.print_coverage(thin, min_commits)
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
    risk_tables.print_experts(found, min_commits)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)


def _in_use(
    engine: Engine, uses: dict[str, list[TechnologyUse]], catalog: TechnologyCatalog
) -> dict[tuple[str, str], tuple[str, int]]:
    """(kind, key) -> (label, repositories) for the languages and technologies in use now."""
    from lodestar.analysis.skills import is_skill_language
    from lodestar.catalog import Category
    from lodestar.store import organisation_languages

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
