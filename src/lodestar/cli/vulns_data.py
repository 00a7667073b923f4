"""The freshness of the vulnerability data as the CLI shows it: ``lodestar vulns status`` and
the staleness warning that ``lodestar eol`` (and every vulnerability view) prints beside the
end-of-life catalog's."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from lodestar.cli.output import err_console, styled

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from lodestar.analysis import AdvisoryFreshness
    from lodestar.settings import Workspace

__all__ = ["freshness", "warn_stale"]


def freshness(ws: Workspace, engine: Engine, today: dt.date) -> tuple[AdvisoryFreshness, ...]:
    """Each imported ecosystem's data: when, from where, how many, how old, stale or not."""
    from lodestar.analysis import advisory_freshness
    from lodestar.store import advisory_counts, advisory_imports

    return advisory_freshness(
        advisory_imports(engine),
        advisory_counts(engine),
        today=today,
        max_age_days=ws.settings.vulns.max_age_days,
    )


def warn_stale(rows: tuple[AdvisoryFreshness, ...], max_age_days: int) -> None:
    """One warning line on stderr naming the ecosystems whose data is stale (none: nothing)."""
    stale = [r for r in rows if r.stale]
    if not stale:
        return
    oldest = max(r.age_days for r in stale)
    names = ", ".join(r.ecosystem for r in stale)
    err_console.print(
        styled(
            ("warning:", "yellow"),
            f" vulnerability data for {names} is older than {max_age_days} days "
            f"(up to {oldest} days old); refresh it: lodestar vulns update --from FILE_OR_URL",
        ),
        soft_wrap=True,
    )
