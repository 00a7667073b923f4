"""``lodestar ip`` (the bare command): the IP office at a glance — the register's counts, the
deadlines to act on, and the IP findings. :mod:`lodestar.cli.commands_ip` makes
:func:`ip_overview` the ``ip`` group's callback, beside ``ip import``.

A thin adapter over :func:`lodestar.analysis.ip_summary.ip_summary`, the derivation the
cockpit's IP page reads too (``/api/ip``'s ``summary`` is this command's ``--json``). The
findings are the one evaluation's (:class:`lodestar.cli.evaluation.Organisation`), printed by
``check``'s own printer, grouped by rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from lodestar.cli.common import JsonOption, load_workspace
from lodestar.cli.dates import AsOfOption, as_of_date
from lodestar.cli.output import console, count, handle_errors, plain, print_json, styled

if TYPE_CHECKING:
    from lodestar.analysis import Drift
    from lodestar.analysis.ip_summary import DeadlineRow, IpSummary

__all__ = ["ip_figures", "ip_overview"]


def ip_figures(as_of: str | None) -> tuple[IpSummary, Drift]:
    """The IP summary of the workspace's register on the as-of day, and the evaluation's drift
    with only its IP findings (and the IP findings a live exception waives)."""
    from dataclasses import replace

    from lodestar.analysis.ip_summary import ip_rule, ip_summary
    from lodestar.cli.evaluation import Organisation

    ws = load_workspace()
    today = as_of_date(as_of, ws)
    org = Organisation(ws, today)
    summary = ip_summary(
        org.strategy.ip,
        org.drift.findings,
        today,
        observations=org.evaluation.observations,
        catalog=org.catalog,
        observed=org.data.ip,
    )
    drift = replace(
        org.drift,
        findings=summary.findings,
        waived=tuple(p for p in org.drift.waived if ip_rule(p[0].rule)),
        analysed=(),
    )
    return summary, drift


@handle_errors
def ip_overview(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """The IP office: register summary, deadlines to act on, and IP findings; import a docket.

    The summary counts disclosures by status, patent families by status and applications by
    jurisdiction, outbound projects, trade secrets and export records (with the repositories
    that use crypto-tagged technologies). The deadlines are the missed ones first, then the
    open ones due within 90 days, most urgent first, hard or extendable, each with the file
    and line that declares it. The findings are the ip-* and notice-* rules, as check shows
    them. 'lodestar ip import' merges a patent docket export into ip/patents.yaml.
    Example: lodestar ip --as-of 2026-12-01
    """
    if ctx.invoked_subcommand is not None:
        return
    summary, drift = ip_figures(as_of)
    if as_json:
        print_json(summary)
        return
    _print_register(summary)
    _print_deadlines(summary)
    _print_findings(drift)


def _counts(pairs: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} {n}" for name, n in pairs if n) or "none"


def _print_register(s: IpSummary) -> None:
    console.print(styled((f"IP register as of {s.as_of.isoformat()}", "bold")))
    if not s.declared:
        console.print(
            "  No IP register declared: add files under ip/ in the workspace (disclosures/, "
            "patents.yaml, outbound.yaml, trade-secrets.yaml, export.yaml)."
        )
    crypto = [e for e in s.exports if e.crypto]
    unrecorded = sum(1 for e in crypto if e.classification is None)
    lines = [
        (
            f"disclosures: {len(s.disclosures)} ({_counts(s.disclosures_by_status)}); decided "
            f"this quarter: {len(s.decided_this_quarter)}"
        ),
        (
            f"patent families: {len(s.families)} ({_counts(s.families_by_status)}); "
            f"applications by jurisdiction: {_counts(s.applications_by_jurisdiction)}"
        ),
        (
            f"outbound projects: {len(s.outbound)} registered, "
            f"{sum(1 for o in s.outbound if o.approved)} approved; {_upstream(s)}"
        ),
        (
            f"trade secrets: {sum(t.secrets for t in s.trade_secrets)} in "
            f"{count(len(s.trade_secrets), 'repository', 'repositories')}"
        ),
        (
            f"export records: {sum(1 for e in s.exports if e.classification is not None)}; "
            f"repositories using crypto: {len(crypto)} ({unrecorded} without an export record)"
        ),
    ]
    for line in lines:
        console.print(styled("  ", plain(line)))


def _upstream(s: IpSummary) -> str:
    if not s.upstream:
        return "no upstream sources configured"
    seen = [u for u in s.upstream if u.commits]
    unregistered = sum(1 for u in seen if not (u.registered and u.approved))
    return (
        f"contributions observed to {len(seen)} of {len(s.upstream)} upstream projects "
        f"scanned, {unregistered} without an approved registration"
    )


def _when(d: DeadlineRow) -> tuple[str, str]:
    if d.missed:
        return (f"MISSED {count(-d.days, 'day')} ago", "bold red")
    if d.days == 0:
        return ("due today", "bold yellow")
    return (f"in {count(d.days, 'day')}", "yellow" if d.days <= 30 else "")


def _print_deadlines(s: IpSummary) -> None:
    console.print()
    console.print(
        styled(
            (f"Deadlines: missed, and due within {s.window_days} days", "bold"),
            (f"  ({s.missed} missed, {s.due_soon} due)", "dim"),
        )
    )
    if not s.deadlines:
        console.print("  none")
        return
    from rich.table import Table

    from lodestar.cli.tables import print_table

    table = Table(show_edge=False, title_justify="left")
    table.add_column("due", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("family", overflow="fold")
    table.add_column("application", overflow="fold")
    table.add_column("deadline", overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("declared in", overflow="fold")
    for d in s.deadlines:
        text, style = _when(d)
        table.add_row(
            d.due.isoformat(),
            styled((text, style)),
            plain(d.family),
            plain(f"{d.jurisdiction} {d.application or ''}".strip()),
            plain(d.type),
            "hard" if d.hard else "extendable",
            plain(d.source),
        )
    print_table(console, table)


def _print_findings(drift: Drift) -> None:
    from lodestar.cli.check_output import GroupBy, print_findings

    console.print()
    console.print(styled(("IP findings (rules ip-* and notice-*)", "bold")))
    print_findings(console, drift, GroupBy.RULE)
