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

from lodestar.analysis import presence_windows
from lodestar.analysis.ip_knowledge import IpKnowledge
from lodestar.analysis.ip_summary import (
    DisclosureRow,
    IpSummary,
    ip_summary,
    publishable,
    register_knowledge,
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
    # who knows each trade secret's code (the knowledge map: person names, active ones); None:
    # no history mined (or the published edition, which never shows trade secrets)
    knowers: tuple[IpKnowledge, ...] | None
    note: str | None  # "no data yet": no strategy, or an empty register


def cockpit_ip_summary(cockpit: Cockpit) -> IpSummary:
    """The cockpit's IP summary (derived once per cockpit)."""

    def derive() -> IpSummary:
        register = cockpit.strategy.ip if cockpit.strategy is not None else IpRegister()
        observed = cockpit.parts.data.ip if cockpit.parts is not None else None
        return ip_summary(
            register,
            cockpit.findings,
            cockpit.today,
            observations=cockpit.observations(),
            catalog=cockpit.technologies(),
            observed=observed,
        )

    return cockpit.derived("ip-summary", derive)


def cockpit_ip_knowers(cockpit: Cockpit) -> tuple[IpKnowledge, ...] | None:
    """Who knows the trade secrets' code, with people's names (derived once per cockpit);
    None without mined history."""

    def derive() -> tuple[IpKnowledge, ...] | None:
        data = cockpit.parts.data if cockpit.parts is not None else None
        if data is None or cockpit.strategy is None or not data.histories:
            return None
        options = cockpit.verdict_options
        windows = options.windows if options is not None else presence_windows(None)
        now = dt.datetime.combine(cockpit.today, dt.time(23, 59, 59), tzinfo=dt.UTC)
        found = register_knowledge(cockpit.strategy.ip, data, now, windows)
        names = {k: i.name for k, i in data.identities.items()}

        def named(keys: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(names.get(k, k) for k in keys)

        return tuple(
            replace(k, knowers=named(k.knowers), active=named(k.active))
            for k in found
            if k.kind == "trade-secret"
        )

    return cockpit.derived("ip-knowers", derive)


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
        knowers=cockpit_ip_knowers(cockpit),
        note=note,
    )


def published_ip_context(ctx: IpContext) -> IpContext:
    """The static site's edition of the page (``ip.publish = true``): deadlines and
    disclosures only."""
    summary = publishable(ctx.summary)
    return replace(ctx, summary=summary, published=True, upstream_note=None, knowers=None)
