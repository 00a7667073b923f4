"""``lodestar check``'s terminal output: finding blocks, the compact table, the per-rule summary.

The default output reads like ruff's or eslint's: one block per finding, ``path:line  severity
rule  message`` then an indented ``fix:`` line, grouped under each repository (or each rule,
``--group-by rule``), then the per-rule summary table (:func:`print_rule_summary`, from
:func:`lodestar.analysis.rule_summary`) and the totals line. Every line is wrapped to the
console's width at spaces, continuation lines hang under the message, and no word (a rule id,
an ADR id, a 40-character hash, a path) is ever split unless it is wider than the whole line.
``--format table`` is :func:`findings_table`: severity and rule columns that are never cut, and
one column holding where, message and fix, which wraps at spaces.

All text comes from repositories and workspace files: it is built with
:func:`lodestar.cli.output.plain` (control characters shown as escapes, never markup).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from lodestar.cli.output import count, plain, styled
from lodestar.cli.tables import print_table, wrap_hanging

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console

    from lodestar.analysis import Drift
    from lodestar.records import Finding

__all__ = [
    "GroupBy",
    "findings_table",
    "print_findings",
    "print_rule_summary",
    "summary_line",
]

STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}
_LEAD = 2  # a finding's first line
_HANG = 6  # its continuation lines and its fix line
_ORGANISATION = "(organisation)"


class GroupBy(StrEnum):
    REPOSITORY = "repository"
    RULE = "rule"


def _where(finding: Finding) -> str:
    from lodestar.analysis import evidence_location

    loc = evidence_location(finding)
    if loc is not None:
        return f"{loc[0]}:{loc[1]}" if loc[1] else loc[0]
    decl = finding.declaration
    if decl is not None:
        return decl.path + (f":{decl.line}" if decl.line else "")
    return "-"


def _block(finding: Finding, width: int, *, by_rule: bool) -> list[Text]:
    severity = finding.severity.value
    head = Text()
    if by_rule:
        head.append_text(plain(finding.repository or _ORGANISATION, "bold")).append("  ")
    head.append_text(plain(_where(finding), "bold"))
    head.append("  ").append(severity, STYLE[severity])
    if not by_rule:
        head.append("  ").append(finding.rule, "magenta")
    head.append("  ").append_text(plain(" ".join(finding.message.split())))
    lines = wrap_hanging(head, width, lead=_LEAD, hang=_HANG)
    tail = []
    if finding.hint:
        tail.append(f"fix: {' '.join(finding.hint.split())}")
    if finding.owner:
        tail.append(f"owner: {finding.owner}")
    if tail:
        lines += wrap_hanging(plain("  ·  ".join(tail), "dim"), width, lead=_HANG, hang=_HANG)
    return lines


def _groups(drift: Drift, group_by: GroupBy) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for f in drift.findings:
        key = f.rule if group_by is GroupBy.RULE else f.repository or _ORGANISATION
        groups.setdefault(key, []).append(f)
    if group_by is GroupBy.RULE:
        return groups  # the findings come most severe rule first
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] != _ORGANISATION, kv[0])))


def _group_heading(key: str, findings: list[Finding], group_by: GroupBy) -> Text:
    from lodestar.analysis import RULES

    heading = plain(key, "bold underline")
    if group_by is GroupBy.RULE and key in RULES:
        heading.append("  ").append_text(plain(RULES[key].title, "bold"))
    severities = [f.severity.value for f in findings]
    parts = [count(severities.count(s), s) for s in STYLE if s in severities]
    return heading.append(f"  ({', '.join(parts)})", "dim")


def print_findings(
    console: Console,
    drift: Drift,
    group_by: GroupBy = GroupBy.REPOSITORY,
    *,
    notes: bool = True,
) -> None:
    """Every finding as a block under its repository (or rule), then the per-rule summary and
    the totals line, wrapped to ``console``'s width. ``notes=False`` leaves the notes' blocks
    out (they are counted in the summary, and a line says how to list them)."""
    from dataclasses import replace

    from lodestar.records import Severity

    width = console.width
    shown = drift
    if not notes:
        shown = replace(
            drift, findings=tuple(f for f in drift.findings if f.severity is not Severity.NOTE)
        )
    for key, findings in _groups(shown, group_by).items():
        for line in wrap_hanging(_group_heading(key, findings, group_by), width, lead=0, hang=4):
            console.print(line, soft_wrap=True)
        for finding in findings:
            for line in _block(finding, width, by_rule=group_by is GroupBy.RULE):
                console.print(line, soft_wrap=True)
        console.print()
    hidden = len(drift.findings) - len(shown.findings)
    if hidden:
        console.print(
            f"{count(hidden, 'note')} not listed (in the summary below); --notes lists them.",
            style="dim",
        )
    print_rule_summary(console, drift)


def print_rule_summary(console: Console, drift: Drift) -> None:
    """The per-rule table (rule, severity, findings, waived, what it means) and the totals
    line; the totals line alone when nothing was found or waived."""
    from lodestar.analysis import drift_rule_summary

    rows = drift_rule_summary(drift)
    if rows:
        table = Table(
            title="Findings by rule", title_justify="left", box=None, pad_edge=False, padding=(0, 1)
        )
        table.add_column("rule", no_wrap=True, min_width=max(len(r.rule) for r in rows))
        table.add_column("severity", no_wrap=True)
        table.add_column("findings", justify="right", no_wrap=True)
        table.add_column("waived", justify="right", no_wrap=True)
        table.add_column("what it means")
        for row in rows:
            table.add_row(
                plain(row.rule, "magenta"),
                plain(row.severity.value, STYLE[row.severity.value]),
                str(row.findings),
                str(row.waived) if row.waived else "",
                plain(row.title),
            )
        print_table(console, table)
    console.print(summary_line(drift))


def summary_line(drift: Drift) -> Text:
    """``14 repositories: 33 errors, 30 warnings, 81 notes, 5 waived by exceptions``."""
    c = drift.counts()
    waived = f", {len(drift.waived)} waived by exceptions" if drift.waived else ""
    return styled(
        f"{count(len(drift.repositories), 'repository', 'repositories')}: ",
        (count(c["error"], "error"), "bold red"),
        ", ",
        (count(c["warning"], "warning"), "yellow"),
        ", ",
        (count(c["note"], "note"), "cyan"),
        waived,
    )


def findings_table(findings: Iterable[Finding], *, title: str) -> Table:
    """The compact table (``--format table``): the rule (never cut) over its severity, then
    one column with the repository and where, the message and the fix, wrapped at spaces."""
    rows = list(findings)
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column(
        "rule / severity", no_wrap=True, min_width=max((len(f.rule) for f in rows), default=4)
    )
    table.add_column("finding", overflow="fold")
    for f in rows:
        cell = plain(f.repository or _ORGANISATION, "bold")
        cell.append("  ").append_text(plain(_where(f), "dim"))
        cell.append("\n").append_text(plain(" ".join(f.message.split())))
        if f.hint:
            cell.append("\n").append_text(plain(f"fix: {' '.join(f.hint.split())}", "dim"))
        rule = plain(f.rule)
        rule.append("\n").append(f.severity.value, STYLE[f.severity.value])
        table.add_row(rule, cell)
    return table
