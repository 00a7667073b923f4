"""The cockpit's policies page (``/policies``, ``/api/policies``): what the workspace's
``policies/*.yaml`` declare, in plain words, and what each rule family yields today.

Each section (licence, lifecycle, radar, vulnerabilities, dependencies, IP) lists its
declarations with the ``path:line`` that declares them (the strategy records' source
positions), and the open findings of its rules as :func:`lodestar.analysis.rule_summary` counts
them over the cockpit's findings (the findings page and ``lodestar check`` read the same
summary). The exceptions (waivers) come with their expiry: expired, or expiring within
:data:`EXPIRING_DAYS` days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lodestar.analysis import RULES, RuleCount, rule_summary
from lodestar.records import Matcher, Policies, PolicyException, SourcePosition
from lodestar.web.cockpit import Cockpit

__all__ = [
    "EXPIRING_DAYS",
    "FAMILIES",
    "PoliciesContext",
    "PolicyItem",
    "PolicySection",
    "RuleYield",
    "Waiver",
    "policies_context",
]

EXPIRING_DAYS = 30  # an exception expiring within this many days is flagged
# each policy section's rule family: the drift rules its declarations give findings for
FAMILIES: dict[str, tuple[str, ...]] = {
    "licence": ("licence-denied", "licence-review", "licence-not-allowed"),
    "eol": ("eol-past", "eol-soon", "eol-range-admits"),
    "radar": ("radar-hold-in-use", "radar-hold-new-adoption", "radar-assess-outside-scope"),
    "vulnerabilities": ("vulnerability",),
    "dependencies": ("dependency-denied",),
    "ip": ("ip-patent-notice-missing",),
    "exceptions": ("exception-expired",),
}
_TITLES = {
    "licence": "Licences",
    "eol": "Lifecycle (end of life)",
    "radar": "Radar",
    "vulnerabilities": "Vulnerabilities",
    "dependencies": "Dependencies",
    "ip": "IP: patent notices",
    "exceptions": "Exceptions (waivers)",
}


@dataclass(frozen=True, slots=True)
class RuleYield:
    """One rule of a family and its findings today (the per-rule summary's row; 0 without)."""

    rule: str
    title: str
    severity: str | None  # the worst open finding's; None: no finding
    findings: int  # open
    waived: int  # waived by a live exception


@dataclass(frozen=True, slots=True)
class PolicyItem:
    """One declaration in plain words, with the ``path:line`` that declares it."""

    label: str
    text: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class PolicySection:
    """One policy section: what it declares and what its rules yield."""

    key: str  # licence, eol, radar, vulnerabilities, dependencies, ip, exceptions
    title: str
    source: str | None  # where the section is declared (path:line); None: not declared
    items: tuple[PolicyItem, ...]
    rules: tuple[RuleYield, ...]
    note: str | None = None  # what applies when it is not declared


@dataclass(frozen=True, slots=True)
class Waiver:
    """One policy exception and how close its expiry is."""

    rule: str
    repository: str | None  # None: every repository
    subject: str | None
    owner: str
    reason: str
    expires: dt.date
    days: int  # until its expiry (negative: expired that many days ago)
    state: str  # "expired" | "expiring" (within EXPIRING_DAYS) | "live"
    waives: int  # findings it waives today
    source: str | None


@dataclass(frozen=True, slots=True)
class PoliciesContext:
    """The policies page: each section, then the exceptions."""

    as_of: dt.date
    sections: tuple[PolicySection, ...]
    waivers: tuple[Waiver, ...]
    expired: int
    expiring: int
    files: tuple[str, ...] = field(default=())  # the policy files that declare something
    note: str | None = None  # no strategy, or no policy declared


def _at(source: SourcePosition | None) -> str | None:
    if source is None:
        return None
    return source.path + (f":{source.line}" if source.line else "")


_Where = Callable[[str], "str | None"]


def _where(p: Policies) -> _Where:
    """The ``path:line`` of a policy key (``eol.warn-days``); its section's when the key is not
    written (its default applies), None when the section is not declared either."""

    def at(key: str) -> str | None:
        return _at(p.sections.get(key) or p.sections.get(key.split(".", 1)[0]))

    return at


def _line(where: str | None) -> int:
    tail = (where or "").rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _ids(values: tuple[str, ...]) -> str:
    return ", ".join(values) if values else "none"


def _matcher(m: Matcher) -> str:
    what = m.purl or (f"technology {m.technology}" if m.technology else "anything")
    return what + (f" {m.versions}" if m.versions else "")


def _licence(p: Policies, at: _Where) -> tuple[PolicyItem, ...]:
    items = [
        PolicyItem(
            f"{c.context} context",
            f"allowed: {_ids(c.allowed)}; review: {_ids(c.review)}; denied: {_ids(c.denied)}",
            at("licence.contexts." + c.context),
        )
        for c in p.licence
    ]
    by: dict[str, list[str]] = {}
    for repo, ctx in sorted(p.licence_context.items()):
        by.setdefault(ctx, []).append(repo)
    for ctx, repos in sorted(by.items()):
        first = min(repos, key=lambda r: _line(at("licence.repositories." + r)))
        where = at("licence.repositories." + first)
        items.append(PolicyItem(f"{ctx} repositories", ", ".join(repos), where))
    default = f"{p.default_licence_context} context"
    items.append(PolicyItem("every other repository", default, at("licence.default-context")))
    return tuple(items)


def _eol(p: Policies, at: _Where) -> tuple[PolicyItem, ...]:
    past = (
        "an error once a version is past its end of life"
        if p.eol_error_past
        else "not an error once a version is past its end of life"
    )
    soon = (
        f"a warning {p.eol_warn_days} days before the end of life"
        if p.eol_warn_days is not None
        else "the warning window is not declared: the eol.warn_days setting decides"
    )
    return (
        PolicyItem("past end of life", past, at("eol.error-past-eol")),
        PolicyItem("ending soon", soon, at("eol.warn-days")),
    )


def _radar(p: Policies, at: _Where) -> tuple[PolicyItem, ...]:
    since = p.radar_hold_no_new_since
    hold = (
        f"no new adoption of a Hold technology since {since.isoformat()}"
        if since
        else "no date declared: a new Hold adoption is not an error"
    )
    assess = (
        "Assess technologies only in " + ", ".join(p.radar_assess_only_in)
        if p.radar_assess_only_in
        else "no restriction declared"
    )
    return (
        PolicyItem("Hold", hold, at("radar.hold-no-new-since")),
        PolicyItem("Assess", assess, at("radar.assess-only-in")),
    )


def _vulnerabilities(p: Policies, at: _Where) -> tuple[PolicyItem, ...]:
    v = p.vulnerabilities
    ignored = f"advisories below {v.ignore_below}" if v.ignore_below else "none"
    unpinned = "an unpinned match is a note" if v.may_be_affected else "unpinned matches ignored"
    items = [
        PolicyItem(
            "error",
            f"an advisory of severity {v.error_at} or above",
            at("vulnerabilities.error-at"),
        ),
        PolicyItem(
            "warning",
            f"an advisory of severity {v.warning_at} or above",
            at("vulnerabilities.warning-at"),
        ),
        PolicyItem("ignored", ignored, at("vulnerabilities.ignore-below")),
        PolicyItem("may be affected", unpinned, at("vulnerabilities.may-be-affected")),
    ]
    items += [
        PolicyItem(
            f"VEX {s.advisory}",
            f"{s.status} in {s.repository or 'every repository'}"
            + (f" ({s.package})" if s.package else "")
            + (f": {s.justification}" if s.justification else ""),
            _at(s.source),
        )
        for s in v.statements
    ]
    return tuple(items)


def _dependencies(p: Policies) -> tuple[PolicyItem, ...]:
    return tuple(
        PolicyItem(
            f"{r.action} ({r.severity.value})" if r.action == "deny" else r.action,
            _matcher(r.matcher) + (f": {r.reason}" if r.reason else ""),
            _at(r.source),
        )
        for r in p.dependency_rules
    )


def _ip(p: Policies, at: _Where) -> tuple[PolicyItem, ...]:
    text = (
        "a repository a granted or pending patent family covers carries a patent notice at "
        "its root (PATENTS, or a NOTICE or README naming the patent)"
        if p.ip_patent_notice
        else "patent notices are not required"
    )
    return (PolicyItem("patent notice", text, at("ip.patent-notice")),)


def _yields(summary: dict[str, RuleCount], key: str) -> tuple[RuleYield, ...]:
    out = []
    for rule in FAMILIES[key]:
        row = summary.get(rule)
        known = RULES.get(rule)
        out.append(
            RuleYield(
                rule,
                known.title if known else rule,
                row.severity.value if row and row.findings else None,
                row.findings if row else 0,
                row.waived if row else 0,
            )
        )
    return tuple(out)


def cockpit_rule_summary(cockpit: Cockpit) -> tuple[RuleCount, ...]:
    """The per-rule summary of the cockpit's open and waived findings (once per cockpit)."""
    return cockpit.derived(
        "rule-summary",
        lambda: rule_summary(cockpit.findings or (), (f for f, _ in cockpit.waived or ())),
    )


def _waivers(cockpit: Cockpit, exceptions: tuple[PolicyException, ...]) -> tuple[Waiver, ...]:
    waives = Counter(e for _, e in cockpit.waived or ())
    rows = []
    for e in exceptions:
        days = (e.expires - cockpit.today).days
        state = "expired" if days < 0 else "expiring" if days <= EXPIRING_DAYS else "live"
        rows.append(
            Waiver(
                e.rule, e.repository, e.subject, e.owner, e.reason, e.expires, days, state,
                waives[e], _at(e.source),
            )
        )  # fmt: skip
    return tuple(sorted(rows, key=lambda w: (w.expires, w.rule)))


def policies_context(cockpit: Cockpit) -> PoliciesContext:
    strategy = cockpit.strategy
    p = strategy.policies if strategy is not None else Policies()
    summary = {row.rule: row for row in cockpit_rule_summary(cockpit)}
    at = _where(p)
    declared = {
        "licence": _licence(p, at) if p.licence or p.licence_context else (),
        "eol": _eol(p, at),
        "radar": _radar(p, at),
        "vulnerabilities": _vulnerabilities(p, at),
        "dependencies": _dependencies(p),
        "ip": _ip(p, at),
    }
    sections = []
    for key, items in declared.items():
        source = _at(p.sections.get(key))
        if key == "dependencies":
            source = _at(p.dependency_rules[0].source) if p.dependency_rules else None
        note = None
        if source is None:
            note = "not declared: the defaults apply" if items else "nothing declared"
        sections.append(
            PolicySection(key, _TITLES[key], source, items, _yields(summary, key), note)
        )
    waivers = _waivers(cockpit, p.exceptions)
    sources = [*p.sections.values(), *(r.source for r in p.dependency_rules)]
    sources += [e.source for e in p.exceptions]
    files = tuple(sorted({s.path for s in sources if s is not None}))
    note = None
    if strategy is None:
        note = cockpit.note("strategy")
    elif not files:
        note = (
            "no policy declared yet: add YAML files under policies/ in the workspace (licence, "
            "eol, radar, vulnerabilities, dependencies, exceptions, ip), then run "
            "'lodestar validate'"
        )
    return PoliciesContext(
        as_of=cockpit.today,
        sections=(
            *sections,
            PolicySection(
                "exceptions",
                _TITLES["exceptions"],
                _at(p.exceptions[0].source) if p.exceptions else None,
                (),
                _yields(summary, "exceptions"),
                None if waivers else "no exception declared",
            ),
        ),
        waivers=waivers,
        expired=sum(1 for w in waivers if w.state == "expired"),
        expiring=sum(1 for w in waivers if w.state == "expiring"),
        files=files,
        note=note,
    )
