"""Findings as CSV, for a spreadsheet: one row per finding, the columns in :data:`COLUMNS`.

The rows are :class:`~lodestar.analysis.finding_facets.ListedFinding` values (the list the
findings page shows, filtered the same way). ``path`` and ``line`` are the first repository
location among the evidence (:func:`~lodestar.analysis.drift.evidence_location`), else the
workspace declaration's; ``expires`` is the waiving exception's expiry date.

Every cell comes from scanned repositories or workspace files, so the export is safe against
CSV (formula) injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is prefixed with ``'`` so that a spreadsheet shows it as text instead of running it
(OWASP's advice); line breaks inside a cell are kept and quoted by the csv module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from lodestar.analysis import ListedFinding, evidence_location

__all__ = ["COLUMNS", "findings_csv", "safe_cell"]

COLUMNS = (
    "severity",
    "rule",
    "repository",
    "path",
    "line",
    "message",
    "fix",
    "owner",
    "team",
    "waived",
    "expires",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value`` as a spreadsheet shows it as text: a leading formula character is escaped."""
    return "'" + value if value.startswith(_FORMULA) else value


def _row(item: ListedFinding) -> list[str]:
    f = item.finding
    where = evidence_location(f)
    if where is not None:
        path, line = where[0], "" if where[1] is None else str(where[1])
    elif f.declaration is not None:
        path, line = f.declaration.path, str(f.declaration.line or "")
    else:
        path, line = "", ""
    return [
        f.severity.value,
        f.rule,
        f.repository or "",
        path,
        line,
        f.message,
        f.hint,
        f.owner or "",
        item.team or "",
        "yes" if item.waived else "no",
        item.waiver.expires.isoformat() if item.waiver else "",
    ]


def findings_csv(items: Iterable[ListedFinding]) -> str:
    """The CSV text (a header row, then one row per finding; CRLF line ends as RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow([safe_cell(cell) for cell in _row(item)])
    return out.getvalue()
