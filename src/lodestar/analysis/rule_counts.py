"""Drift findings counted per rule: the one per-rule summary every view shows.

:func:`rule_summary` derives, from a :class:`~lodestar.analysis.drift.Drift`, one
:class:`RuleCount` per rule that has open or waived findings: its id, the severity its findings
carry (the most severe of them; the rule's default when all are waived), its title, how many
findings are open and how many a live exception waives. Rows come most findings first, then by
rule id. ``lodestar check`` (its per-rule table), the Markdown summary and the cockpit's
findings facets all read this function, so the counts agree everywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lodestar.analysis.drift_rules import RULES
from lodestar.records import Severity

if TYPE_CHECKING:
    from lodestar.analysis.drift import Drift

__all__ = ["RuleCount", "rule_summary"]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """One rule's line of the per-rule summary."""

    rule: str
    severity: Severity
    title: str
    findings: int  # open findings
    waived: int  # findings a live exception waives


def rule_summary(drift: Drift) -> tuple[RuleCount, ...]:
    """One row per rule with open or waived findings, most open findings first, then by id."""
    open_counts = Counter(f.rule for f in drift.findings)
    waived_counts = Counter(f.rule for f, _ in drift.waived)
    worst: dict[str, Severity] = {}
    for f in drift.findings:
        if f.rule not in worst or f.severity.rank > worst[f.rule].rank:
            worst[f.rule] = f.severity
    rows = []
    for rule_id in {*open_counts, *waived_counts}:
        rule = RULES.get(rule_id)
        default = rule.severity if rule else Severity.WARNING
        rows.append(
            RuleCount(
                rule=rule_id,
                severity=worst.get(rule_id, default),
                title=rule.title if rule else rule_id,
                findings=open_counts[rule_id],
                waived=waived_counts[rule_id],
            )
        )
    return tuple(sorted(rows, key=lambda r: (-r.findings, -r.waived, r.rule)))
