"""How fresh the stored vulnerability data is, per ecosystem: one derivation for every view.

``lodestar vulns status``, the staleness warning of ``lodestar eol`` and the cockpit read
:func:`advisory_freshness` of the stored imports (:func:`lodestar.store.advisory_imports`) and
record counts (:func:`lodestar.store.advisory_counts`). An ecosystem's data is *stale* when its
last import is more than ``vulns.max_age_days`` days before the reference date; an import dated
after it (a pinned ``organisation.as_of``) is zero days old.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lodestar.records.vulns import AdvisoryImport

__all__ = ["AdvisoryFreshness", "advisory_freshness"]


@dataclass(frozen=True, slots=True)
class AdvisoryFreshness:
    """One ecosystem's vulnerability data: its last import and how old it is."""

    ecosystem: str  # OSV's spelling: "PyPI", "npm", "crates.io" …
    imported_at: dt.datetime
    age_days: int
    stale: bool
    stored: int  # records in the store that affect a package of this ecosystem
    imported: int  # records the last import brought
    skipped: int  # records of the last import refused (or naming no package Lodestar reads)
    source: str
    newest: dt.datetime | None  # the newest ``modified`` of the last import


def advisory_freshness(
    imports: Iterable[AdvisoryImport],
    stored: Mapping[str, int],
    *,
    today: dt.date,
    max_age_days: int,
) -> tuple[AdvisoryFreshness, ...]:
    """Each imported ecosystem's freshness, by ecosystem name (case-insensitively)."""
    out = []
    for row in imports:
        age = max((today - row.imported_at.astimezone(dt.UTC).date()).days, 0)
        out.append(
            AdvisoryFreshness(
                ecosystem=row.ecosystem,
                imported_at=row.imported_at,
                age_days=age,
                stale=age > max_age_days,
                stored=stored.get(row.ecosystem, 0),
                imported=row.records,
                skipped=row.skipped,
                source=row.source,
                newest=row.newest,
            )
        )
    return tuple(sorted(out, key=lambda f: (f.ecosystem.lower(), f.ecosystem)))
