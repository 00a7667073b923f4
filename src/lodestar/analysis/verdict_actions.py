"""Top actions: the most severe open findings, grouped by who owns them, with their fix.

:func:`top_actions` takes the drift engine's open findings (exceptions already applied: a
waived finding is no action) and keeps the errors and warnings, most severe first; among equal
severities, security and support before conformance (:data:`RULE_ORDER`), then the drift
engine's order. Findings of one rule about one subject in one repository for one owner (a
Node.js version past end of life declared in three files) are one action with a count of
places. The ``limit`` first actions are grouped by owner: the finding's owner
(:mod:`lodestar.analysis.owner_findings`: CODEOWNERS of its evidence, else the repository's
declared owner), else ``NO_OWNER``; groups keep the order of their first action. Notes (such
as ``radar-missing``) are never listed: each rule's notes are one :class:`NoteSummary` line
with a count. The cockpit's home, ``lodestar verdict`` and ``lodestar demo`` present this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lodestar.analysis.drift import evidence_location
from lodestar.records import Finding, Severity

__all__ = [
    "NO_OWNER",
    "RULE_ORDER",
    "Action",
    "ActionGroup",
    "NoteSummary",
    "TopActions",
    "note_sentence",
    "top_actions",
]

NO_OWNER = "no owner declared"
# among findings of one severity, these rules first, in this order; the others after them
RULE_ORDER = (
    "vulnerability",
    "eol-past",
    "decision-violation",
    "radar-hold-new-adoption",
    "dependency-denied",
    "licence-denied",
)
# rule -> (one, many) sentences of its notes
_NOTE_SENTENCES = {
    "radar-missing": (
        "1 technology in use is not on the radar",
        "{n} technologies in use are not on the radar",
    ),
    "radar-unused": (
        "1 radar entry is used by no repository",
        "{n} radar entries are used by no repository",
    ),
    "eol-range-admits": (
        "1 supported version range still admits a version past end of life",
        "{n} supported version ranges still admit a version past end of life",
    ),
    "owner-unknown": (
        "1 repository has an owner Lodestar cannot resolve",
        "{n} repositories have an owner Lodestar cannot resolve",
    ),
    "owner-team-inactive": (
        "1 owning team has no recent activity",
        "{n} owning teams have no recent activity",
    ),
}


@dataclass(frozen=True, slots=True)
class Action:
    rule: str
    severity: str
    message: str
    hint: str  # the fix
    repository: str | None
    evidence: str | None  # the first repository path (path:line) among the evidence
    subject: str | None
    places: int = 1  # findings merged into this action: same rule, repository, subject, owner


@dataclass(frozen=True, slots=True)
class ActionGroup:
    owner: str  # the finding's owner, or NO_OWNER
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class NoteSummary:
    rule: str
    count: int
    sentence: str  # "63 technologies in use are not on the radar"


@dataclass(frozen=True, slots=True)
class TopActions:
    groups: tuple[ActionGroup, ...]
    shown: int  # actions in the groups
    open: int  # open errors and warnings in all (before merging)
    by_severity: dict[str, int]  # severity -> open findings (notes included)
    notes: tuple[NoteSummary, ...]  # one line per rule of notes, most first


def note_sentence(rule: str, count: int) -> str:
    """One line for ``count`` notes of ``rule``."""
    one, many = _NOTE_SENTENCES.get(rule, ("1 " + rule + " note", "{n} " + rule + " notes"))
    return (one if count == 1 else many).format(n=count)


def _rank(finding: Finding) -> tuple[int, int]:
    rule = RULE_ORDER.index(finding.rule) if finding.rule in RULE_ORDER else len(RULE_ORDER)
    return (-finding.severity.rank, rule)


def _action(finding: Finding, places: int) -> Action:
    where = evidence_location(finding)
    evidence = None
    if where is not None:
        evidence = f"{where[0]}:{where[1]}" if where[1] is not None else where[0]
    return Action(
        finding.rule,
        finding.severity.value,
        finding.message,
        finding.hint,
        finding.repository,
        evidence,
        finding.subject,
        places,
    )


def top_actions(findings: Sequence[Finding], *, limit: int = 10) -> TopActions:
    """The ``limit`` most severe open findings grouped by owner, and the notes summarised
    (``findings``: the drift engine's open findings, waived ones left out)."""
    actionable = sorted(
        (f for f in findings if f.severity != Severity.NOTE), key=_rank
    )  # stable: the drift engine's order within a rank
    merged: dict[tuple[str, str, str, str, str], list[Finding]] = {}
    for finding in actionable:
        key = (
            finding.owner or NO_OWNER,
            finding.rule,
            finding.severity.value,
            finding.repository or "",
            finding.subject or finding.message,
        )
        merged.setdefault(key, []).append(finding)
    chosen = list(merged.items())[: max(0, limit)]
    groups: dict[str, list[Action]] = {}
    for key, same in chosen:
        groups.setdefault(key[0], []).append(_action(same[0], len(same)))
    notes = Counter(f.rule for f in findings if f.severity == Severity.NOTE)
    return TopActions(
        tuple(ActionGroup(owner, tuple(actions)) for owner, actions in groups.items()),
        len(chosen),
        len(actionable),
        dict(Counter(f.severity.value for f in findings)),
        tuple(
            NoteSummary(rule, n, note_sentence(rule, n))
            for rule, n in sorted(notes.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
    )
