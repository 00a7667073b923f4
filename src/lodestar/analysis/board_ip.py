"""The board report's IP section: deadlines missed and due, disclosures decided in the quarter,
open IP findings — read from :func:`lodestar.analysis.ip_summary.ip_summary` (the figures
``lodestar ip`` and the cockpit's IP page show), through the report's section list
(:data:`lodestar.analysis.board.SECTIONS`).

No previous-quarter figure: the register's past states would have to be read from the
workspace's git history, which this section does not do (the report shows no change).
"""

from __future__ import annotations

from lodestar.analysis.board_model import BoardInputs, Evidence, Figure, Section, Table
from lodestar.analysis.ip_summary import IpSummary, ip_summary
from lodestar.records.ip import IpRegister

__all__ = ["ip_section"]

_MAX_ROWS = 12  # deadlines listed (the cockpit's IP page has them all)
_PAGE = Evidence("page", "ip/", "IP office")


def _figure(  # noqa: PLR0917  a figure's fields in the record's order
    key: str, title: str, value: int, display: str, better: str, reading: str,
    evidence: tuple[Evidence, ...],
) -> Figure:  # fmt: skip
    return Figure(key, "ip", title, float(value), display, None, None, better, reading, evidence)


def _deadline_table(s: IpSummary) -> Table:
    rows = s.deadlines[:_MAX_ROWS]
    return Table(
        f"Deadlines: missed, and due within {s.window_days} days",
        ("due", "when", "family", "application", "deadline", "kind"),
        tuple(
            (
                d.due.isoformat(),
                f"missed {-d.days} days ago" if d.missed else f"in {d.days} days",
                d.title,
                f"{d.jurisdiction} {d.application or ''}".strip(),
                d.type,
                "hard" if d.hard else "extendable",
            )
            for d in rows
        ),
        tuple(Evidence("file", d.source, d.type) if d.source else None for d in rows),
    )


def ip_section(inputs: BoardInputs) -> Section | None:
    """The IP office's section, or None when the workspace declares no IP register and no IP
    finding is open."""
    ev = inputs.evaluation
    register = ev.strategy.ip if ev.strategy is not None else IpRegister()
    s = ip_summary(register, ev.drift.findings if ev.drift else (), inputs.as_of)
    if not s.declared and not s.findings:
        return None
    missed = [d for d in s.deadlines if d.missed]
    figures = (
        _figure(
            "ip-deadlines-missed",
            "Docketed deadlines missed",
            s.missed,
            f"{s.missed} missed",
            "down",
            "Every docketed deadline is met or marked done."
            if not missed
            else f"{s.missed} past due and not marked done, the oldest on "
            f"{missed[0].due.isoformat()} ({missed[0].type}).",
            tuple(Evidence("file", d.source, d.type) for d in missed if d.source) or (_PAGE,),
        ),
        _figure(
            "ip-deadlines-due",
            f"Deadlines due within {s.window_days} days",
            s.due_soon,
            f"{s.due_soon} due",
            "none",
            f"{sum(1 for d in s.deadlines if not d.missed and d.hard)} of them hard.",
            (_PAGE,),
        ),
        _figure(
            "ip-disclosures-decided",
            "Invention disclosures decided this quarter",
            len(s.decided_this_quarter),
            f"{len(s.decided_this_quarter)} of {len(s.disclosures)}",
            "up",
            f"{sum(1 for d in s.disclosures if d.undecided_days is not None)} still undecided.",
            (_PAGE,),
        ),
        _figure(
            "ip-findings",
            "Open IP findings",
            len(s.findings),
            f"{len(s.findings)} open",
            "down",
            (", ".join(f"{rule} {n}" for rule, n in s.findings_by_rule) + ".")
            if s.findings
            else "None open.",
            (_PAGE,),
        ),
    )
    return Section(
        "ip",
        "IP office",
        "Are the docket's deadlines met, and are inventions decided on?",
        figures,
        (_deadline_table(s),) if s.deadlines else (),
        (
            "Lodestar holds the docket's dates and reminds; it computes no statutory deadline.",
            "No change since last quarter is shown: the register's past states are not read.",
        ),
    )
