"""Findings counted per rule: the one per-rule summary every view shows.

:func:`rule_summary` derives one :class:`RuleCount` per rule that has open or waived findings:
its id, the severity its open findings carry (the most severe of them; the rule's default when
all are waived), its title, how many findings are open (and how many of each severity) and how
many a live exception waives. Rows come most severe rule first, then the most open findings,
then the most waived, then by rule id. ``lodestar check`` (its per-rule table), the Markdown
summary, the cockpit's findings page (its rule groups) and the demo's closing story all read
this function, so the counts and the order agree everywhere.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lodestar.analysis.drift_rules import RULES
from lodestar.records import Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lodestar.analysis.drift import Drift
    from lodestar.records import Finding

__all__ = ["RuleCount", "drift_rule_summary", "rule_summary"]


@dataclass(frozen=True, slots=True)
class RuleCount:
    """One rule's line of the per-rule summary."""

    rule: str
    severity: Severity  # the worst open finding's; the rule's default when all are waived
    title: str  # the rule's title (its id for a rule the table does not know)
    findings: int  # open findings
    waived: int  # findings a live exception waives
    by_severity: tuple[tuple[Severity, int], ...] = ()  # open, most severe first, non-zero only


def rule_summary(
    findings: Iterable[Finding], waived: Iterable[Finding] = ()
) -> tuple[RuleCount, ...]:
    """One row per rule with open or waived findings, most severe rule first, then the most
    open findings, then the most waived, then by id."""
    open_by: dict[str, Counter[Severity]] = {}
    for f in findings:
        open_by.setdefault(f.rule, Counter())[f.severity] += 1
    waived_counts = Counter(f.rule for f in waived)
    rows = []
    for rule_id in {*open_by, *waived_counts}:
        rule = RULES.get(rule_id)
        by = open_by.get(rule_id, Counter())
        severities = tuple((s, by[s]) for s in Severity if by[s])
        default = rule.severity if rule else Severity.WARNING
        rows.append(
            RuleCount(
                rule=rule_id,
                severity=severities[0][0] if severities else default,
                title=rule.title if rule else rule_id,
                findings=sum(by.values()),
                waived=waived_counts[rule_id],
                by_severity=severities,
            )
        )
    return tuple(sorted(rows, key=lambda r: (-r.severity.rank, -r.findings, -r.waived, r.rule)))


def drift_rule_summary(drift: Drift) -> tuple[RuleCount, ...]:
    """:func:`rule_summary` of a drift's open findings and the ones its exceptions waive."""
    return rule_summary(drift.findings, (f for f, _ in drift.waived))
