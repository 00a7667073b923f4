"""The cockpit's IP page (``/ip``, ``/api/ip``): the IP office's one summary, as it is drawn.

The figures are :func:`lodestar.analysis.ip_summary.ip_summary` of the cockpit's strategy
(its ``ip/`` register), its evaluation's findings and its scans (the repositories that use
crypto-tagged technologies): ``summary`` is exactly what ``lodestar ip --json`` prints. The
page adds the window of its deadline timeline and the disclosures in lifecycle columns.

The static site shows the page only with ``ip.publish = true`` and then
:func:`published_ip_context` (deadlines and disclosures only: see
:func:`lodestar.analysis.ip_summary.publishable`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from lodestar.analysis.ip_summary import (
    DisclosureRow,
    IpSummary,
    crypto_uses,
    ip_summary,
    publishable,
)
from lodestar.records.ip import DISCLOSURE_STATUSES, IpRegister
from lodestar.web.cockpit import Cockpit

IP_PATH = "ip/"
TIMELINE_BEFORE = 30  # days of the timeline before today (a missed deadline further back
# sits at its left edge, labelled "missed")


@dataclass(frozen=True, slots=True)
class LifecycleColumn:
    """One status of the disclosure lifecycle and the disclosures in it."""

    status: str
    disclosures: tuple[DisclosureRow, ...]


@dataclass(frozen=True, slots=True)
class IpContext:
    """The IP page: the summary (as ``lodestar ip --json``) and how the page lays it out."""

    summary: IpSummary
    published: bool  # the static site's edition: deadlines and disclosures only
    timeline_start: dt.date
    timeline_end: dt.date
    columns: tuple[LifecycleColumn, ...]  # the disclosures by status, in lifecycle order
    upstream_note: str | None  # why no outbound contribution is observed (no upstream source)
    note: str | None  # "no data yet": no strategy, or an empty register


def cockpit_ip_summary(cockpit: Cockpit) -> IpSummary:
    """The cockpit's IP summary (derived once per cockpit)."""

    def derive() -> IpSummary:
        register = cockpit.strategy.ip if cockpit.strategy is not None else IpRegister()
        crypto = crypto_uses(cockpit.observations(), cockpit.technologies())
        observed = cockpit.parts.data.ip if cockpit.parts is not None else None
        return ip_summary(
            register, cockpit.findings, cockpit.today, crypto=crypto, observed=observed
        )

    return cockpit.derived("ip-summary", derive)


def _columns(summary: IpSummary) -> tuple[LifecycleColumn, ...]:
    return tuple(
        LifecycleColumn(status, tuple(d for d in summary.disclosures if d.status == status))
        for status in DISCLOSURE_STATUSES
    )


def _upstream_note(summary: IpSummary) -> str | None:
    if summary.upstream is None:
        return "upstream contributions not read for this cockpit"
    if not summary.upstream:
        return (
            "no upstream sources configured: Lodestar observes the organisation's commits to "
            "the upstream projects listed under [sources] upstream in lodestar.toml, and it "
            "lists none"
        )
    return None


def ip_context(cockpit: Cockpit) -> IpContext:
    summary = cockpit_ip_summary(cockpit)
    today = cockpit.today
    note = None
    if cockpit.strategy is None:
        note = cockpit.note("strategy")
    elif not summary.declared:
        note = (
            "no IP register yet: add files under ip/ in the workspace (disclosures/ID.md, "
            "patents.yaml, outbound.yaml, trade-secrets.yaml, export.yaml), then run "
            "'lodestar validate'"
        )
    return IpContext(
        summary=summary,
        published=False,
        timeline_start=today - dt.timedelta(days=TIMELINE_BEFORE),
        timeline_end=today + dt.timedelta(days=summary.window_days),
        columns=_columns(summary),
        upstream_note=_upstream_note(summary),
        note=note,
    )


def published_ip_context(ctx: IpContext) -> IpContext:
    """The static site's edition of the page (``ip.publish = true``): deadlines and
    disclosures only."""
    summary = publishable(ctx.summary)
    return replace(ctx, summary=summary, published=True, upstream_note=None)
