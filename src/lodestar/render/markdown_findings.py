"""Drift findings as a Markdown summary: for a pull-request comment, a CI job summary or a wiki.

Counts by severity, counts by rule (:func:`~lodestar.analysis.rule_counts.rule_summary`,
most severe rule first), then one table per severity (error, warning, note) with the
repository, its owner, the message, where (first evidence) and the fix; long tables are cut (CI job
summaries have a size limit) and point at the JSON or SARIF output for the rest. Every value
comes from scanned repositories or workspace files, so it is escaped: table separators, HTML,
Markdown emphasis, code and links (``[`` and ``]``) cannot break out of a cell; line breaks
become spaces and every other control, format or bidi character is shown as an escape
(:func:`lodestar.render.terminal.terminal_safe`); long cells are cut.
"""

from __future__ import annotations

import re
from datetime import date

from lodestar.analysis import Drift, drift_rule_summary
from lodestar.records import Finding, Severity
from lodestar.render.terminal import terminal_safe

__all__ = ["findings_markdown"]

MAX_CELL = 300
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_HEADINGS = {
    Severity.ERROR: "Errors",
    Severity.WARNING: "Warnings",
    Severity.NOTE: "Notes",
}


def cell(text: str) -> str:
    """One table cell: a single line, Markdown and HTML characters escaped, cut when long."""
    flat = terminal_safe(" ".join(text.split()))
    if len(flat) > MAX_CELL:
        flat = flat[: MAX_CELL - 1] + "…"
    return _SPECIAL.sub(r"\\\1", flat)


def _where(finding: Finding) -> str:
    items = [e for e in finding.evidence if not e.startswith("commit:")]
    shown = items[:3]
    more = len(items) - len(shown)
    text = ", ".join(shown) + (f" (+{more})" if more > 0 and shown else "")
    if not text and finding.declaration is not None:
        decl = finding.declaration
        text = decl.path + (f":{decl.line}" if decl.line else "")
    return cell(text)


def findings_markdown(
    drift: Drift, *, title: str = "Lodestar check", today: date, max_rows: int = 200
) -> str:
    """The Markdown summary of a drift evaluation (at most ``max_rows`` rows per table)."""
    counts = drift.counts()
    scope = (
        "the organisation"
        if drift.organisation
        else ", ".join(drift.repositories) or "no repository"
    )
    lines = [
        f"# {cell(title)}",
        "",
        f"{len(drift.repositories)} repositories evaluated ({cell(scope)}) on "
        f"{today.isoformat()}: **{counts['error']} errors**, {counts['warning']} warnings, "
        f"{counts['note']} notes"
        + (f"; {len(drift.waived)} waived by exceptions." if drift.waived else "."),
        "",
    ]
    if not drift.findings:
        lines.append("No findings: what runs matches what is declared.")
        return "\n".join(lines) + "\n"
    lines += ["| rule | severity | findings | what it means |", "|---|---|---:|---|"]
    lines.extend(
        f"| `{row.rule}` | {row.severity.value} | {row.findings} | {cell(row.title)} |"
        for row in drift_rule_summary(drift)
        if row.findings
    )
    for severity in Severity:
        group = [f for f in drift.findings if f.severity is severity]
        if not group:
            continue
        lines += [
            "",
            f"## {_HEADINGS[severity]} ({len(group)})",
            "",
            "| rule | repository | owner | finding | where | fix |",
            "|---|---|---|---|---|---|",
        ]
        lines.extend(
            f"| `{f.rule}` | {cell(f.repository or '-')} | {cell(f.owner or '-')} | "
            f"{cell(f.message)} | {_where(f)} | {cell(f.hint)} |"
            for f in group[:max_rows]
        )
        if len(group) > max_rows:
            lines.append(f"\n… and {len(group) - max_rows} more (see the JSON or SARIF output).")
    if drift.waived:
        lines += [
            "",
            f"## Waived by exceptions ({len(drift.waived)})",
            "",
            "| rule | repository | finding | exception owner | expires |",
            "|---|---|---|---|---|",
        ]
        lines.extend(
            f"| `{f.rule}` | {cell(f.repository or '-')} | {cell(f.message)} | "
            f"{cell(e.owner)} | {e.expires.isoformat()} |"
            for f, e in drift.waived[:max_rows]
        )
        if len(drift.waived) > max_rows:
            lines.append(f"\n… and {len(drift.waived) - max_rows} more.")
    return "\n".join(lines) + "\n"
