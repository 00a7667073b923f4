"""``lodestar demo``: build the synthetic organisation, scan it and report."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lodestar.cli.common import add_commands, store
from lodestar.cli.output import console, handle_errors, plain, styled
from lodestar.errors import UsageError

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Engine

    from lodestar.ingest import HistorySummary
    from lodestar.settings import Workspace

ADVISORIES = "advisories"  # the demo workspace's folder of OSV records

commands = typer.Typer()  # this module's commands; register(app) adds them

# the demo's upstream mirrors (lodestar.demo.upstream): read for outbound contributions only
UPSTREAM_SETTING = (
    "# Upstream open-source projects Northwind contributes to (outbound contributions):\n"
    'upstream = ["upstream/*.git"]'
)


@commands.command()
@handle_errors
def demo(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Where to build the demo (default: a new temporary folder)."),
    ] = None,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve", help="End by serving the cockpit on 127.0.0.1 (Ctrl+C stops)."
        ),
    ] = True,
    port: Annotated[
        int | None,
        typer.Option(
            min=0,
            max=65535,
            help="Port of the cockpit with --serve (default: 8000, or a free one if taken).",
        ),
    ] = None,
) -> None:
    """Build a synthetic organisation of a dozen repositories, scan it and print the report."""
    from lodestar.analysis import build_report
    from lodestar.cli.report_tables import print_report
    from lodestar.cli.scanning import scan_workspace
    from lodestar.demo import build_demo_organisation
    from lodestar.demo.cast import WINDOW_END
    from lodestar.demo.strategy_workspace import build_demo_workspace
    from lodestar.demo.upstream import build_demo_upstream
    from lodestar.settings import CONFIG_NAME, Workspace, init_workspace
    from lodestar.store import kind_totals, list_repositories, organisation_languages

    root = directory or Path(tempfile.mkdtemp(prefix="lodestar-demo-"))
    if (root / CONFIG_NAME).exists():
        raise UsageError(f"{root} already holds a workspace; pass an empty or new folder")
    console.print(styled("Building the demo organisation in ", (str(root), "bold"), " …"))
    repos = build_demo_organisation(root)
    build_demo_upstream(root)  # upstream/*.git: open-source projects Northwind contributes to
    # The demo's story ends on 31 October 2026: pin its reference date so that who is active,
    # review dates and schedules read the same whatever day it is run.
    init_workspace(root, name="Northwind Labs", sources=["repos"], as_of=WINDOW_END.date())
    config = root / CONFIG_NAME
    text = config.read_text("utf-8").replace("[sources]\n", f"[sources]\n{UPSTREAM_SETTING}\n")
    config.write_text(text, "utf-8")
    ws = Workspace.load(root)
    build_demo_workspace(root)  # radar, decisions, policies … with three radar editions
    console.print(f"{len(repos)} repositories built; scanning …")
    histories: list[HistorySummary] = []
    summary = scan_workspace(ws, [], on_history=histories.append)
    console.print(f"Scanned {summary.count('scanned')} repositories in {summary.seconds:.1f}s.")
    _print_histories(histories)
    with store(ws) as engine:
        _import_advisories(engine, root / ADVISORIES, WINDOW_END)
        rows, languages = list_repositories(engine), organisation_languages(engine)
        print_report(
            build_report(ws.settings.organisation.name, rows, languages, kind_totals(engine))
        )
    console.print()
    _print_story(ws)
    console.print()
    _print_tries(root)
    if serve:
        from lodestar.cli.commands_web import serve_cockpit

        console.print("\nServing the cockpit now (Ctrl+C to stop):")
        serve_cockpit(ws, port=8000 if port is None else port, any_port_if_taken=port is None)


def _import_advisories(engine: Engine, folder: Path, now: datetime) -> None:
    """The workspace's planted OSV records, imported as ``vulns update --from`` imports them,
    dated the demo's last day so that the data is never stale on the day it is shown."""
    from lodestar.ingest import import_advisories

    report = import_advisories(engine, [folder], now=now)
    ecosystems = ", ".join(f"{name} {count}" for name, count in sorted(report.records.items()))
    console.print(
        f"Imported {report.written} OSV advisories from {ADVISORIES}/ ({ecosystems}), "
        f"dated {now.date().isoformat()}."
    )
    for warning in report.warnings:
        console.print(plain(f"warning: {warning}"))


def _print_histories(histories: list[HistorySummary]) -> None:
    for history in histories:
        snapshots = sum(o.snapshots.computed for o in history.outcomes if o.snapshots)
        console.print(
            f"Mined {history.commits:,} commits of history and {snapshots} monthly "
            f"snapshots ({history.people} people and bots) in {history.seconds:.1f}s."
        )


def _print_story(ws: Workspace) -> None:
    """What the inventory means against the strategy: the verdict, ``check``'s per-rule
    summary, the campaigns' status and the top three actions, all from the one evaluation every
    command shows (:class:`lodestar.cli.evaluation.Organisation`)."""
    from lodestar.cli.campaign_tables import print_campaigns
    from lodestar.cli.check_output import print_rule_summary
    from lodestar.cli.commands_verdict import organisation_verdict, print_actions, print_levels
    from lodestar.cli.dates import as_of_date
    from lodestar.cli.evaluation import Organisation

    today = as_of_date(None, ws)
    org = Organisation(ws, today, history=True)
    found = organisation_verdict(ws, today, actions=3, org=org)
    console.rule(styled(("Against the strategy", "bold")))
    print_levels(found)
    console.print()
    print_rule_summary(console, org.drift)
    console.print()
    print_campaigns(list(org.campaigns.values()))
    print_actions(found.actions)


def _print_tries(root: Path) -> None:
    console.print(plain(f"Workspace: {root}"))
    console.print(styled("Try, with ", (f"-w {root}", "bold"), ":"))
    tries = (
        ("tech", "technologies with their evidence"),
        ("eol", "runtimes past or near end of life"),
        ("verdict", "the four scores, what changed, the top actions"),
        ("check", "drift: the strategy files against what runs"),
        ("vulns", "advisories: who is exposed, since when, the fix"),
        ("owners", "who owns each repository, and who keeps it alive"),
        ("risk", "truck factors, departed owners"),
        ("hotspots orders-api", "where the effort goes"),
        ("trend pkg:npm/react", "a package, month by month"),
        ("campaigns", "migrations, burn-downs, projected finish"),
        ("serve", "the cockpit in a browser"),
    )
    for command, what in tries:
        console.print(f"  lodestar {command:<21} {what}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    add_commands(app, commands)
