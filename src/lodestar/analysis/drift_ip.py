"""The IP register's declaration rules, organisation-wide (see :mod:`lodestar.analysis.drift`).
They read only what ``ip/`` declares (:class:`~lodestar.records.ip.IpRegister`), the day, and
who and what Lodestar knows; the rules that join the register to the code are elsewhere.

``ip-disclosure-undecided`` (warning)
    An invention disclosure still ``draft``, ``submitted`` or ``under-review`` more than
    ``ip.undecided_days`` (90) after its ``date``, or past its ``review-by`` date. Counsel has
    a filing decision to make before anything about it is published.
``ip-deadline-soon`` (warning)
    A docketed deadline, not ``done``, due within ``ip.deadline_warn_days`` (30) days, of an
    application still pending or granted.
``ip-deadline-missed`` (error when ``hard``, warning when extendable)
    A docketed deadline, not ``done``, whose due date has passed.
``ip-reference-unknown`` (warning)
    An inventor the people directory does not know (``people.toml`` and the mined history's
    people), or a repository the register names that no scan has seen. Judged only once people
    are known and repositories scanned.

Lodestar computes no statutory deadline: the dates are counsel's, held and reminded. Each
finding's subject is the disclosure or family id, so an exception (``rule: ip-deadline-soon``,
``subject: demand-forecasting``) waives it as any other finding; ``rule: ip`` waives them all.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from lodestar.analysis.drift_context import RuleContext
from lodestar.records import Finding, Severity, SourcePosition
from lodestar.records.ip import Deadline, IpRegister, PatentFamily, PatentMember

__all__ = ["ip_rules"]

_DECISIONS = "filed, published-defensively, trade-secret or abandoned"


def ip_rules(ctx: RuleContext) -> None:
    """Every IP declaration rule (organisation-wide: a one-repository check skips them)."""
    register = ctx.strategy.ip
    if register.empty:
        return
    _undecided(ctx, register)
    for family, member, deadline in register.open_deadlines():
        _deadline(ctx, register, family, member, deadline)
    _unknown_people(ctx, register)
    _unknown_repositories(ctx, register)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _undecided(ctx: RuleContext, register: IpRegister) -> None:
    for disclosure in register.disclosures:
        if not disclosure.undecided:
            continue
        age = (ctx.today - disclosure.date).days
        review_due = disclosure.review_by is not None and disclosure.review_by < ctx.today
        if age <= register.undecided_days and not review_due:
            continue
        why = (
            f"its review-by date {disclosure.review_by.isoformat()} has passed"
            if review_due and disclosure.review_by is not None
            else f"longer than ip.undecided_days ({register.undecided_days})"
        )
        ctx.add(
            Finding(
                "ip-disclosure-undecided",
                Severity.WARNING,
                f"invention disclosure {disclosure.id} ({disclosure.title}) has been "
                f"{disclosure.status} for {_days(age)} since {disclosure.date.isoformat()}: "
                f"{why}",
                None,
                (
                    f"disclosure:{disclosure.id}",
                    *(f"repository:{r}" for r in disclosure.repositories),
                    *(f"commit:{c}" for c in disclosure.commits),
                ),
                f"have counsel decide: set `status` to {_DECISIONS} with a `decision-date`, "
                "or a later `review-by` while the review goes on",
                disclosure.source,
                disclosure.id,
            )
        )


def _where(family: PatentFamily, member: PatentMember) -> str:
    number = f" {member.application}" if member.application else ""
    return f"{member.jurisdiction}{number} of family {family.id}"


def _deadline(
    ctx: RuleContext,
    register: IpRegister,
    family: PatentFamily,
    member: PatentMember,
    deadline: Deadline,
) -> None:
    left = (deadline.due - ctx.today).days
    kind = "hard" if deadline.hard else "extendable"
    evidence = (
        f"family:{family.id}",
        *((f"application:{member.application}",) if member.application else ()),
        *(f"repository:{r}" for r in family.repositories),
    )
    if left < 0:
        ctx.add(
            Finding(
                "ip-deadline-missed",
                Severity.ERROR if deadline.hard else Severity.WARNING,
                f"{deadline.type} ({_where(family, member)}) was due "
                f"{deadline.due.isoformat()}, {_days(-left)} ago, and is not marked done "
                f"({kind})",
                None,
                evidence,
                "ask counsel at once whether the right is saved (further processing, "
                "re-establishment, extension); record what was done with `done: true`, or the "
                "new date in `due`",
                deadline.source or family.source,
                family.id,
            )
        )
    elif left <= register.deadline_warn_days:
        ctx.add(
            Finding(
                "ip-deadline-soon",
                Severity.WARNING,
                f"{deadline.type} ({_where(family, member)}) is due "
                f"{deadline.due.isoformat()}, in {_days(left)} ({kind})",
                None,
                evidence,
                "confirm with counsel who acts and when; mark it `done: true` once filed",
                deadline.source or family.source,
                family.id,
            )
        )


def _unknown_people(ctx: RuleContext, register: IpRegister) -> None:
    people = ctx.ownership.people if ctx.ownership is not None else {}
    if not people:
        return  # no history mined: nobody is known yet, so nobody is unknown
    known = {k.lower() for k in people} | {
        e.lower() for identity in people.values() for e in identity.emails
    }
    known |= {identity.name.lower() for identity in people.values()}
    for disclosure in register.disclosures:
        for inventor in disclosure.inventors:
            if inventor.lower() in known:
                continue
            ctx.add(
                Finding(
                    "ip-reference-unknown",
                    Severity.WARNING,
                    f"inventor {inventor} of disclosure {disclosure.id} is nobody Lodestar "
                    "knows (people.toml, or an author in the mined history)",
                    None,
                    (f"disclosure:{disclosure.id}",),
                    "write the inventor as their people.toml key or commit email, or add "
                    "them to people.toml with their `emails`",
                    disclosure.source,
                    inventor,
                )
            )


def _named_repositories(register: IpRegister) -> Iterator[tuple[str, SourcePosition | None]]:
    for disclosure in register.disclosures:
        for name in disclosure.repositories:
            yield name, disclosure.source
    for family in register.patents:
        for name in family.repositories:
            yield name, family.source
    for secret in register.trade_secrets:
        yield secret.repository, secret.source
    for record in register.exports:
        yield record.repository, record.source
    for visibility in register.visibility:
        yield visibility.pattern, visibility.source


def _unknown_repositories(ctx: RuleContext, register: IpRegister) -> None:
    names = {o.repository for o in ctx.observations}
    if not names:
        return  # nothing scanned yet
    reported: set[str] = set()
    for name, source in _named_repositories(register):
        if name in reported or any(fnmatch.fnmatchcase(n, name) for n in names):
            continue
        reported.add(name)
        ctx.add(
            Finding(
                "ip-reference-unknown",
                Severity.WARNING,
                f"repository {name} named in the IP register matches no scanned repository",
                None,
                (f"repository:{name}",),
                "check the name against `lodestar repos`, or add the repository's location "
                "to [sources] in lodestar.toml",
                source,
                name,
            )
        )
