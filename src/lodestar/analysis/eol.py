"""End-of-life exposure: each declared runtime, OS, database and framework version, judged.

A declaration (see :mod:`lodestar.scan.runtimes`) is looked up in the end-of-life catalog on a
given day: *past end of life* (the day after its cycle's EOL date), *ending soon* (within
``warn_days``), *supported*, or *unknown* (no cycle matches, or the cycle has no date). The
verdict depends on the day, so it is computed when asked, never stored. What it cannot see:
versions set only in CI configuration, deployment manifests outside the scanned repositories,
or by platform defaults.

**One "ending soon" window.** :func:`ending_soon_days` is the window every view uses
(``lodestar eol``, ``check``'s ``eol-soon`` rule, the cockpit and the site): the policies'
``eol.warn-days`` when a policy file declares it, else the ``eol.warn_days`` setting of
lodestar.toml (90 days by default). The policy overrides the setting because the policy is the
reviewed declaration a finding cites.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine

from lodestar.catalog.eol import ENDING_SOON_DAYS, EolCatalog
from lodestar.records import Policies, Strategy
from lodestar.store.inventory import declared_runtimes

__all__ = ["Exposure", "ending_soon_days", "eol_exposure", "with_eol_window"]

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


def ending_soon_days(policies: Policies | None, setting: int = ENDING_SOON_DAYS) -> int:
    """The one "ending soon" window: the policies' ``eol.warn-days``, else the setting."""
    if policies is not None and policies.eol_warn_days is not None:
        return policies.eol_warn_days
    return setting


def with_eol_window(strategy: Strategy, setting: int) -> Strategy:
    """The strategy with its "ending soon" window resolved against the setting."""
    days = ending_soon_days(strategy.policies, setting)
    return replace(strategy, policies=replace(strategy.policies, eol_warn_days=days))


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
