"""End-of-life exposure: each declared runtime, OS, database and framework version, judged.

A declaration (see :mod:`lodestar.scan.runtimes`) is looked up in the end-of-life catalog on a
given day: *past end of life* (the day after its cycle's EOL date), *ending soon* (within
``warn_days``), *supported*, or *unknown* (no cycle matches, or the cycle has no date). The
verdict depends on the day, so it is computed when asked, never stored. What it cannot see:
versions set only in CI configuration, deployment manifests outside the scanned repositories,
or by platform defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from lodestar.catalog.eol import EolCatalog
from lodestar.store.inventory import declared_runtimes

_ORDER = {"past-eol": 0, "ending-soon": 1, "supported": 2, "unknown": 3}


@dataclass(frozen=True, slots=True)
class Exposure:
    repository: str
    product: str
    version: str
    cycle: str | None
    declared: str
    path: str
    line: int | None
    source: str
    state: str  # past-eol | ending-soon | supported | unknown
    eol: str | None  # ISO date
    days_left: int | None


def eol_exposure(
    engine: Engine, catalog: EolCatalog, *, today: date, warn_days: int = 90
) -> list[Exposure]:
    """Every declaration with its verdict: past end of life first, then soonest to end."""
    out = []
    for row in declared_runtimes(engine):
        status = catalog.status(row.product, row.version, today, warn_days)
        out.append(
            Exposure(
                repository=row.repository,
                product=row.product,
                version=row.version,
                cycle=status.cycle.cycle if status.cycle else None,
                declared=row.declared,
                path=row.path,
                line=row.line,
                source=row.source,
                state=status.state.value,
                eol=status.eol.isoformat() if status.eol else None,
                days_left=status.days_left,
            )
        )
    out.sort(
        key=lambda e: (
            _ORDER[e.state],
            e.days_left if e.days_left is not None else 10**9,
            e.repository,
            e.product,
        )
    )
    return out
