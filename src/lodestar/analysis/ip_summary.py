"""The IP office at a glance: the one derivation that ``lodestar ip``, the cockpit's IP page, the
static site's IP page and the board report read.

:func:`ip_summary` takes the IP register (:class:`lodestar.records.ip.IpRegister`, the
workspace's ``ip/`` folder), the drift findings of the one evaluation, and what the scans show
(which repositories use crypto-tagged technologies), and returns an :class:`IpSummary`:

* the register's counts: disclosures by status (in lifecycle order, zeros kept), patent
  families by status, applications by jurisdiction, outbound projects, trade secrets per
  repository, export records;
* the deadlines to act on: every missed one (past due, not done) first, most overdue first,
  then the open ones due within :data:`WINDOW_DAYS` days, most urgent first, each hard or
  extendable and with the workspace file and line that declares it;
* the IP findings (rules ``ip-*`` and ``notice-*``) as ``lodestar check`` reports them.

What may leave the organisation is decided here too: :func:`publishable` keeps only deadlines
and disclosures (the static site's IP page with ``ip.publish = true``), and
:func:`confidential_rule` names the findings a static site never shows.
Nothing here computes a statutory deadline: the docket declares them, Lodestar reminds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from lodestar.analysis.drift_ip_observed import crypto_inventory, outbound_contributions
from lodestar.analysis.ip_knowledge import IpKnowledge, ip_knowledge, protected_paths
from lodestar.analysis.knowledge import authorship
from lodestar.analysis.presence import last_commits, presences
from lodestar.catalog import TechnologyCatalog
from lodestar.records import Finding, Observation, OrganisationData
from lodestar.records.ip import DISCLOSURE_STATUSES, MEMBER_STATUSES, IpRegister
from lodestar.records.ip_observed import IpObservations
from lodestar.records.strategy import SourcePosition

__all__ = [
    "IP_RULE_PREFIXES",
    "PUBLISHABLE_RULES",
    "WINDOW_DAYS",
    "DeadlineRow",
    "DisclosureRow",
    "ExportRow",
    "FamilyRow",
    "IpSummary",
    "OutboundRow",
    "TradeSecretRow",
    "UpstreamRow",
    "confidential_rule",
    "ip_rule",
    "ip_summary",
    "publishable",
    "quarter_start",
    "register_knowledge",
]

WINDOW_DAYS = 90  # the deadlines shown: missed ones, and the open ones due within this window
IP_RULE_PREFIXES = ("ip-", "notice-")  # the findings the IP views list
# the IP findings a published site may show (with ip.publish = true): deadlines, disclosures
PUBLISHABLE_RULES = frozenset({"ip-deadline-soon", "ip-deadline-missed", "ip-disclosure-undecided"})


def ip_rule(rule: str) -> bool:
    """Whether a finding's rule belongs to the IP office (``ip-*``, ``notice-*``)."""
    return rule.startswith(IP_RULE_PREFIXES)


def confidential_rule(rule: str, *, publish: bool) -> bool:
    """Whether a static site leaves a finding of ``rule`` out: every ``ip-*`` rule unless
    ``publish``, and then every one but the deadline and disclosure rules. The third-party
    notice rules (``notice-*``) are about published dependencies: never confidential."""
    if not rule.startswith("ip-"):
        return False
    return not publish or rule not in PUBLISHABLE_RULES


def register_knowledge(
    register: IpRegister,
    data: OrganisationData,
    now: dt.datetime,
    windows: tuple[int, int],
) -> tuple[IpKnowledge, ...]:
    """Who knows each trade secret's and live disclosure's code
    (:func:`lodestar.analysis.ip_knowledge.ip_knowledge`, as the off-boarding what-if reads
    it), the knowledge map computed only for the repositories the register names; presence
    (active or not) from everyone's last commit anywhere, ``windows`` (active, departed days)."""
    named = {p.repository for _, _, _, paths in protected_paths(register) for p in paths}
    histories = [h for h in data.histories if h.commits]
    status = presences(
        last_commits(histories), now, active_days=windows[0], departed_days=windows[1]
    )
    authorships = {
        h.repository: authorship(h, data.files[h.repository])
        for h in histories
        if h.repository in named and data.files.get(h.repository)
    }
    return ip_knowledge(register, authorships, status)


def _where(source: SourcePosition | None) -> str:
    if source is None:
        return ""
    return source.path + (f":{source.line}" if source.line else "")


def quarter_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s calendar quarter."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True, slots=True)
class DisclosureRow:
    """One invention disclosure as the views list it."""

    id: str
    title: str
    status: str
    date: dt.date
    decision_date: dt.date | None
    review_by: dt.date | None
    inventors: tuple[str, ...]
    repositories: tuple[str, ...]
    undecided_days: int | None  # days since it was disclosed, while undecided; else None
    source: str  # "ip/disclosures/ID.md:LINE"


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """One docketed deadline to act on: missed (past due, not done) or due within the window."""

    family: str
    title: str  # the family's title
    jurisdiction: str
    application: str | None
    type: str
    due: dt.date
    hard: bool
    days: int  # due minus the as-of day: negative when missed
    missed: bool
    note: str
    source: str  # "ip/patents.yaml:LINE"


@dataclass(frozen=True, slots=True)
class FamilyRow:
    """One patent family: its status and its applications' jurisdictions."""

    id: str
    title: str
    status: str
    jurisdictions: tuple[str, ...]
    repositories: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class OutboundRow:
    """One registered upstream project."""

    id: str
    name: str
    url: str | None
    agreement: str
    approved: bool
    approver: str | None
    conditions: str
    source: str


@dataclass(frozen=True, slots=True)
class UpstreamRow:
    """One upstream project the workspace scans (``[sources] upstream``): the organisation's
    observed contributions to it, and the outbound registration that covers it."""

    name: str
    url: str | None
    registered: str | None  # the ip/outbound.yaml project id that covers it; None: none
    approved: bool  # that registration is approved
    commits: int  # by the organisation's people
    lines: int  # added + deleted in those commits
    people: int
    last: dt.date | None  # the last such commit's day
    error: str | None  # why the mirror could not be read


@dataclass(frozen=True, slots=True)
class TradeSecretRow:
    """The trade secrets declared in one repository."""

    repository: str
    secrets: int
    globs: int
    visibility: str | None  # as declared in ip/trade-secrets.yaml; None: not declared


@dataclass(frozen=True, slots=True)
class ExportRow:
    """A repository that uses crypto-tagged technologies or has an export record."""

    repository: str
    crypto: tuple[str, ...]  # the crypto-tagged technologies its scan found
    classification: str | None  # the export record's ECCN or exemption; None: no record
    notice: str | None
    source: str


@dataclass(frozen=True, slots=True)
class IpSummary:
    """The IP office's figures on one day (see the module's doc)."""

    as_of: dt.date
    declared: bool  # the workspace declares an IP register (an ip/ folder with records)
    window_days: int
    disclosures_by_status: tuple[tuple[str, int], ...]  # lifecycle order, zeros kept
    disclosures: tuple[DisclosureRow, ...]
    decided_this_quarter: tuple[str, ...]  # disclosure ids decided since the quarter began
    families_by_status: tuple[tuple[str, int], ...]
    applications_by_jurisdiction: tuple[tuple[str, int], ...]
    families: tuple[FamilyRow, ...]
    deadlines: tuple[DeadlineRow, ...]  # missed first (most overdue first), then the window's
    missed: int
    due_soon: int  # open deadlines due within the window (missed ones not included)
    outbound: tuple[OutboundRow, ...]
    # the upstream projects scanned and the contributions observed; () when the workspace lists
    # no upstream source, None when they were not read (a cockpit built by hand)
    upstream: tuple[UpstreamRow, ...] | None
    trade_secrets: tuple[TradeSecretRow, ...]
    exports: tuple[ExportRow, ...]
    findings: tuple[Finding, ...]  # the ip-* and notice-* findings, most severe first
    findings_by_rule: tuple[tuple[str, int], ...]


def _disclosures(register: IpRegister, today: dt.date) -> tuple[DisclosureRow, ...]:
    rows = [
        DisclosureRow(
            d.id,
            d.title,
            d.status,
            d.date,
            d.decision_date,
            d.review_by,
            d.inventors,
            d.repositories or tuple(dict.fromkeys(p.repository for p in d.paths)),
            (today - d.date).days if d.undecided else None,
            _where(d.source),
        )
        for d in register.disclosures
    ]
    order = {s: i for i, s in enumerate(DISCLOSURE_STATUSES)}
    rows.sort(key=lambda r: (order.get(r.status, len(order)), r.date, r.id))
    return tuple(rows)


def _deadlines(register: IpRegister, today: dt.date, window: int) -> tuple[DeadlineRow, ...]:
    rows = []
    for family, member, deadline in register.open_deadlines():
        days = (deadline.due - today).days
        if days > window:
            continue
        rows.append(
            DeadlineRow(
                family.id,
                family.title,
                member.jurisdiction,
                member.grant or member.application,
                deadline.type,
                deadline.due,
                deadline.hard,
                days,
                days < 0,
                deadline.note,
                _where(deadline.source or member.source or family.source),
            )
        )
    # missed first (most overdue first), then the soonest; a hard one before an extendable one
    rows.sort(key=lambda r: (not r.missed, r.due, not r.hard, r.family, r.type))
    return tuple(rows)


def _counted(values: Iterable[str], order: Sequence[str] = ()) -> tuple[tuple[str, int], ...]:
    counts = Counter(values)
    known = [(k, counts.get(k, 0)) for k in order]
    rest = sorted((k, n) for k, n in counts.items() if k not in order)
    return tuple(known + rest)


def _exports(
    register: IpRegister, observations: Sequence[Observation], catalog: TechnologyCatalog | None
) -> tuple[ExportRow, ...]:
    """The export-control inventory (:func:`~lodestar.analysis.drift_ip_observed.
    crypto_inventory`, the join the export rule reads), technologies by name."""
    if catalog is None:
        return ()
    rows = []
    for repository, uses, record in crypto_inventory(observations, catalog, register):
        names = tuple(sorted((t.name if (t := catalog.get(i)) else i) for i in uses))
        rows.append(
            ExportRow(
                repository,
                names,
                record.classification if record else None,
                record.notice if record else None,
                _where(record.source) if record else "",
            )
        )
    return tuple(rows)


def _upstream(
    register: IpRegister, observed: IpObservations | None
) -> tuple[UpstreamRow, ...] | None:
    if observed is None:
        return None
    rows = []
    for project, entry in outbound_contributions(observed.upstream, register):
        last = project.last
        rows.append(
            UpstreamRow(
                project.name,
                project.url,
                entry.id if entry else None,
                bool(entry and entry.approved),
                len(project.commits),
                project.lines,
                len(project.authors),
                last.date() if last else None,
                project.error,
            )
        )
    return tuple(sorted(rows, key=lambda r: (r.registered is not None, -r.commits, r.name)))


def _trade_secrets(register: IpRegister) -> tuple[TradeSecretRow, ...]:
    by_repo: dict[str, list[int]] = {}
    for secret in register.trade_secrets:
        by_repo.setdefault(secret.repository, []).append(len(secret.globs))
    return tuple(
        TradeSecretRow(
            name,
            len(globs),
            sum(globs),
            v.visibility if (v := register.visibility_of(name)) else None,
        )
        for name, globs in sorted(by_repo.items())
    )


def ip_summary(
    register: IpRegister,
    findings: Iterable[Finding] | None,
    today: dt.date,
    *,
    observations: Sequence[Observation] = (),
    catalog: TechnologyCatalog | None = None,
    observed: IpObservations | None = None,
    window_days: int = WINDOW_DAYS,
) -> IpSummary:
    """The IP office's figures on ``today`` (see the module's doc). ``observations`` and
    ``catalog``: the current scans and the catalog whose ``crypto`` tag makes the export
    inventory (none without a catalog); ``observed``:
    what the evaluation observed for the register (upstream contributions); ``findings``: the
    evaluation's (its ``ip-*`` and ``notice-*`` ones are kept, in the evaluation's order)."""
    disclosures = _disclosures(register, today)
    deadlines = _deadlines(register, today, window_days)
    ip_findings = tuple(f for f in findings or () if ip_rule(f.rule))
    begun = quarter_start(today)
    return IpSummary(
        as_of=today,
        declared=not register.empty,
        window_days=window_days,
        disclosures_by_status=_counted((d.status for d in disclosures), DISCLOSURE_STATUSES),
        disclosures=disclosures,
        decided_this_quarter=tuple(
            d.id
            for d in disclosures
            if d.decision_date is not None and begun <= d.decision_date <= today
        ),
        families_by_status=_counted((f.status for f in register.patents), MEMBER_STATUSES),
        applications_by_jurisdiction=_counted(
            m.jurisdiction for f in register.patents for m in f.members
        ),
        families=tuple(
            FamilyRow(
                f.id,
                f.title,
                f.status,
                tuple(dict.fromkeys(m.jurisdiction for m in f.members)),
                f.repositories,
                _where(f.source),
            )
            for f in register.patents
        ),
        deadlines=deadlines,
        missed=sum(1 for d in deadlines if d.missed),
        due_soon=sum(1 for d in deadlines if not d.missed),
        outbound=tuple(
            OutboundRow(
                o.id,
                o.name,
                o.url,
                o.agreement,
                o.approved,
                o.approver,
                o.conditions,
                _where(o.source),
            )
            for o in register.outbound
        ),
        upstream=_upstream(register, observed),
        trade_secrets=_trade_secrets(register),
        exports=_exports(register, observations, catalog),
        findings=ip_findings,
        findings_by_rule=tuple(sorted(Counter(f.rule for f in ip_findings).items())),
    )


def publishable(summary: IpSummary) -> IpSummary:
    """What a static site may show with ``ip.publish = true``: the deadlines and the
    disclosures (and their findings); never the families' list, trade secrets, outbound
    projects, export records or the other IP findings."""
    kept = tuple(f for f in summary.findings if f.rule in PUBLISHABLE_RULES)
    return replace(
        summary,
        families_by_status=(),
        applications_by_jurisdiction=(),
        families=(),
        outbound=(),
        upstream=None,
        trade_secrets=(),
        exports=(),
        findings=kept,
        findings_by_rule=tuple(sorted(Counter(f.rule for f in kept).items())),
    )
