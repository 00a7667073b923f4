"""``lodestar check`` (the CI gate), ``drift``, ``campaigns`` and ``initiatives``.

``check --repo PATH`` scans one repository in memory with the ordinary scan pipeline and holds
it against the workspace's policies, with no database: it is what a repository's own CI runs.
Without ``--repo`` everything comes from the store (the organisation's current scans and, when
mined, its monthly snapshots).
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lodestar.cli.campaign_tables import print_campaign, print_campaigns, print_initiatives
from lodestar.cli.check_output import GroupBy, findings_table, print_findings, print_rule_summary
from lodestar.cli.common import JsonOption, add_commands, load_workspace
from lodestar.cli.dates import AsOfOption, as_of_date
from lodestar.cli.evaluation import Organisation, catalogs, workspace_strategy
from lodestar.cli.output import (
    SafeConsole,
    console,
    err_console,
    handle_errors,
    json_document,
    print_json,
    safe_document,
)
from lodestar.cli.tables import print_table
from lodestar.cli.teams import TeamOption
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lodestar.analysis import Drift
    from lodestar.records import Dependency
    from lodestar.records.vulns import Advisory
    from lodestar.settings import Workspace

from lodestar.cli.campaign_output import campaign_dict, initiatives_dict

commands = typer.Typer()  # this module's commands; register(app) adds them


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Format(StrEnum):
    TEXT = "text"
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    SARIF = "sarif"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="text: one block per finding (path:line, severity, rule, message, fix) and "
        "a per-rule summary; table: a compact table; json, markdown, sarif for machines.",
    ),
]
GroupByOption = Annotated[
    GroupBy | None,
    typer.Option(help="With --format text: group the findings by repository (default) or rule."),
]
NotesOption = Annotated[
    bool,
    typer.Option(
        "--notes", help="With --format text: list the notes too (they are always counted)."
    ),
]


def _check_repository(
    ws: Workspace, path: Path, name: str | None, ref: str | None, today: date
) -> tuple[Drift, dict[str, Path]]:
    from lodestar.analysis import (
        find_drift,
        from_scan,
        repository_owners,
        with_eol_window,
        with_owners,
    )
    from lodestar.ingest import ScanOptions, scan_checkout

    catalog, eol = catalogs(ws)
    strategy = with_eol_window(workspace_strategy(ws, catalog), ws.settings.eol.warn_days)
    options = ScanOptions(
        rev=ref or ws.settings.scan.ref,
        max_file_size=ws.settings.scan.max_file_size,
        catalog_dirs=tuple(ws.catalog_dirs),
    )
    scan, repo = scan_checkout(path, name=name, options=options)
    observed = [from_scan(scan)]
    drift = find_drift(
        observed,
        strategy,
        today=today,
        catalog=catalog,
        eol=eol,
        organisation=False,
        advisories=_stored_advisories(ws, scan.dependencies),
    )
    owners = repository_owners(observed, overrides=ws.settings.repositories.owners, today=today)
    return with_owners(drift, observed, owners), {repo.name: Path(repo.path)}


def _stored_advisories(ws: Workspace, dependencies: Sequence[Dependency]) -> tuple[Advisory, ...]:
    """The advisories the workspace's database holds for these dependencies' packages; none
    when the workspace has no database yet (a repository's CI may check without one)."""
    from lodestar.cli.common import database_url, store
    from lodestar.safeparse import purl_key
    from lodestar.store import load_advisories

    url = database_url(ws)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return ()
    packages = {key for d in dependencies if (key := purl_key(d.purl)) is not None}
    with store(ws) as engine:
        return load_advisories(engine, packages)


def drift_dict(drift: Drift, today: date) -> dict[str, Any]:
    return {
        "as_of": today.isoformat(),
        "organisation": drift.organisation,
        "repositories": list(drift.repositories),
        "summary": drift.counts(),
        "findings": list(drift.findings),
        "waived": [
            {
                "finding": f,
                "exception": {
                    "rule": e.rule,
                    "repository": e.repository,
                    "subject": e.subject,
                    "owner": e.owner,
                    "reason": e.reason,
                    "expires": e.expires.isoformat(),
                    "source": e.source,
                },
            }
            for f, e in drift.waived
        ],
        # vulnerability findings a VEX statement (not_affected, fixed) takes out
        "analysed": [{"finding": f, "vex": statement} for f, statement in drift.analysed],
    }


def _emit(
    drift: Drift,
    fmt: Format,
    output: Path | None,
    today: date,
    ws: Workspace,
    roots: dict[str, Path] | None,
    group_by: GroupBy = GroupBy.REPOSITORY,
    *,
    notes: bool = False,
) -> None:
    import json

    if fmt in {Format.TEXT, Format.TABLE}:
        target = (
            SafeConsole(file=output.open("w", encoding="utf-8"), width=120) if output else console
        )
        _print_terminal(target, drift, fmt, group_by, notes=notes)
        if output:
            target.file.close()
        return
    if fmt is Format.JSON:
        if output is None:
            print_json(drift_dict(drift, today))
            return
        text = json_document(drift_dict(drift, today))
    elif fmt is Format.MARKDOWN:
        from lodestar.render import findings_markdown

        text = findings_markdown(
            drift, title=f"Lodestar check: {ws.settings.organisation.name}", today=today
        )
    else:
        from lodestar.render import to_sarif

        text = json.dumps(to_sarif(drift, workspace=ws.root, repository_roots=roots), indent=2)
    text = safe_document(text, is_json=fmt is not Format.MARKDOWN)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _print_terminal(
    target: SafeConsole, drift: Drift, fmt: Format, group_by: GroupBy, *, notes: bool
) -> None:
    if fmt is Format.TEXT:
        print_findings(target, drift, group_by, notes=notes)
        return
    if drift.findings:
        print_table(target, findings_table(drift.findings, title="Drift findings"))
    print_rule_summary(target, drift)


@commands.command()
@handle_errors
def check(
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            help="Check this one repository (scanned in memory, no database needed) "
            "instead of the organisation's stored scans.",
            file_okay=False,
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            help="With --repo: the repository's name in the policies (default: its folder)."
        ),
    ] = None,
    ref: Annotated[
        str | None, typer.Option(help="With --repo: the revision to check (default HEAD).")
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(help="Exit 1 when a finding is at or above this severity."),
    ] = FailOn.ERROR,
    fmt: FormatOption = Format.TEXT,
    group_by: GroupByOption = None,
    notes: NotesOption = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report to FILE instead of stdout.", dir_okay=False
        ),
    ] = None,
    as_of: AsOfOption = None,
    team: TeamOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Hold the organisation (or one repository) against the workspace's strategy.

    Exit: 0 clean; 1 findings at or above --fail-on; 2 usage or configuration error.
    An invalid workspace is refused with every problem listed. Each finding names the owner of
    what it is about. Example: lodestar check --team payments --format sarif -o check.sarif
    """
    from lodestar.records import Severity

    if as_json:
        if fmt not in {Format.TEXT, Format.JSON}:
            raise UsageError(f"--json and --format {fmt.value} disagree; pass one of them")
        fmt = Format.JSON
    if group_by is not None and fmt is not Format.TEXT:
        raise UsageError(f"--group-by goes with --format text, not --format {fmt.value}")
    ws = load_workspace()
    today = as_of_date(as_of, ws)
    if repo is None:
        if name or ref:
            raise UsageError("--name and --ref go with --repo PATH")
        org = Organisation(ws, today, team=team)
        drift, roots = org.drift, org.roots
    else:
        if team is not None:
            raise UsageError(
                "--team selects among the organisation's repositories; not with --repo"
            )
        drift, roots = _check_repository(ws, repo, name, ref, today)
    _emit(drift, fmt, output, today, ws, roots, group_by or GroupBy.REPOSITORY, notes=notes)
    failing = drift.at_or_above(Severity(fail_on.value))
    if failing:
        if fmt not in {Format.TEXT, Format.TABLE} or output is not None:
            err_console.print(f"{len(failing)} findings at or above {fail_on.value}")
        raise typer.Exit(1)


@commands.command()
@handle_errors
def drift(
    repository: Annotated[
        str | None, typer.Option("--repository", "-r", help="Only this repository.")
    ] = None,
    rule: Annotated[
        str | None, typer.Option(help="Only this rule, or rule family (licence, eol …).")
    ] = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Drift findings of the organisation, from the stored scans (always exits 0)."""
    ws = load_workspace()
    today = as_of_date(as_of, ws)
    result = _only(Organisation(ws, today).drift, repository, rule)
    if as_json:
        print_json(drift_dict(result, today))
        return
    print_findings(console, result)


def _only(result: Drift, repository: str | None, rule: str | None) -> Drift:
    """The findings (and waived ones) of ``repository`` and ``rule`` or its family (any when
    None); UsageError for an unknown rule or repository."""
    from dataclasses import replace

    from lodestar.analysis import RULES

    if rule is not None and rule not in RULES and not any(r.startswith(rule + "-") for r in RULES):
        raise UsageError(f"unknown rule {rule!r}; rules: {', '.join(RULES)}")
    if repository is not None and repository not in result.repositories:
        raise UsageError(f"no scanned repository named {repository!r}; 'lodestar repos' lists them")

    def keep(f: Any) -> bool:
        return (repository is None or f.repository == repository) and (
            rule is None or f.rule == rule or f.rule.startswith(rule + "-")
        )

    return replace(
        result,
        findings=tuple(f for f in result.findings if keep(f)),
        waived=tuple(p for p in result.waived if keep(p[0])),
    )


@commands.command()
@handle_errors
def campaigns(
    campaign: Annotated[
        str | None, typer.Argument(help="A campaign id: show its repositories and burn-down.")
    ] = None,
    as_of: AsOfOption = None,
    team: TeamOption = None,
    as_json: JsonOption = False,
) -> None:
    """Migration campaigns: progress, monthly burn-down and projected finish.

    With --team, each campaign over the team's repositories only: its own progress, burn-down
    and projection. Example: lodestar campaigns --team payments
    """

    ws = load_workspace()
    org = Organisation(ws, as_of_date(as_of, ws), team=team)
    reports = list(org.campaigns.values())
    if campaign is not None:
        if campaign not in org.campaigns:
            known = ", ".join(org.campaigns) or "none declared"
            raise UsageError(f"no campaign {campaign!r}; campaigns: {known}")
        reports = [org.campaigns[campaign]]
    if as_json:
        print_json({"campaigns": [campaign_dict(r) for r in reports]})
        return
    if not reports:
        console.print("No campaign declared: add one under campaigns/ in the workspace.")
        return
    if campaign is None:
        print_campaigns(reports)
    else:
        print_campaign(reports[0])


@commands.command()
@handle_errors
def initiatives(as_of: AsOfOption = None, as_json: JsonOption = False) -> None:
    """R&D initiatives: key results (measured or entered), milestones."""

    ws = load_workspace()
    org = Organisation(ws, as_of_date(as_of, ws))
    if as_json:
        print_json(initiatives_dict(org.initiatives))
        return
    print_initiatives(org.initiatives)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
