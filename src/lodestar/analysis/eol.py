"""End-of-life exposure: each declared runtime, OS, database and framework version, judged.

A declaration (see :mod:`lodestar.scan.runtimes`) is looked up in the end-of-life catalog on a
given day: *past end of life* (the day after its cycle's EOL date), *ending soon* (within
``warn_days``), *supported*, or *unknown* (no cycle matches, or the cycle has no date). The
verdict depends on the day, so it is computed when asked, never stored.

**One "ending soon" window.** :func:`ending_soon_days` is the window every view uses
(``lodestar eol``, ``check``'s ``eol-soon`` rule, the cockpit and the site): the policies'
``eol.warn-days`` when a policy file declares it, else the ``eol.warn_days`` setting of
lodestar.toml (90 days by default). The policy overrides the setting because the policy is the
reviewed declaration a finding cites.

:func:`judge` is the one derivation of a declaration's verdict; the drift rules (``eol-past``,
``eol-soon``, ``eol-range-admits``), ``lodestar eol``, the cockpit and the API all use it. It
reads what the declaration states (its ``intent``):

``deployed`` (``.nvmrc``, ``.python-version``, ``runtime.txt``, an image tag, a lock file …)
    the version that runs: past end of life is an error (``eol-past``; a warning when the
    policy's ``error-past-eol`` is off), ending soon a warning (``eol-soon``).
``development`` (a dev container or Gitpod image)
    what developers run, not production: past end of life is a warning, ending soon a note.
``supported`` (``requires-python``, ``engines.node``, ``rust-version``, a gemspec's
``required_ruby_version``, go.mod's ``go`` line, a Java language level …)
    a range of versions a library or build supports, judged by every release cycle it admits:
    when *every* admitted cycle is past end of life (``>=2.7,<3``, ``~> 2.6``) the range is
    past end of life (``eol-past``, as for a deployed version); when every one is past or
    ending soon, ``eol-soon``; when the range merely still admits an end-of-life version
    beside supported ones (``>=3.8``, ``>= 18``) the state is ``admits-eol`` and the finding
    a note (``eol-range-admits``). A range open above admits the releases to come, so it is
    never wholly past end of life. A minimum only ending soon, in a range that admits
    supported releases, is not reported.

What it cannot see: versions set only in CI configuration, deployment manifests outside the
scanned repositories, or by platform defaults.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from lodestar.catalog import ENDING_SOON_DAYS, Cycle, EolCatalog, EolState, EolStatus
from lodestar.records import Policies, RuntimeDeclaration, RuntimeRow, Severity, Strategy
from lodestar.scan.runtimes_versions import DEVELOPMENT, SUPPORTED, admitted_cycles

__all__ = [
    "ADMITS_EOL",
    "Exposure",
    "Verdict",
    "ending_soon_days",
    "eol_exposure",
    "finding_text",
    "judge",
    "with_eol_window",
]

ADMITS_EOL = "admits-eol"  # a supported range that still admits a version past end of life
_ORDER = {"past-eol": 0, "ending-soon": 1, ADMITS_EOL: 2, "supported": 3, "unknown": 4}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one declaration's end-of-life standing means on one day."""

    state: str  # past-eol | ending-soon | admits-eol | supported | unknown
    rule: str | None  # eol-past | eol-soon | eol-range-admits; None: no finding
    severity: Severity | None
    cycle: Cycle | None  # the declared version's cycle (a range's lowest admitted one)
    eol: date | None  # that cycle's end of life, or a wholly-EOL range's last one
    days_left: int | None
    reason: str  # one line, for people


def _deployed(status: EolStatus, *, error_past: bool, development: bool) -> Verdict:
    where = "a development environment" if development else "what runs"
    if status.state is EolState.PAST_EOL:
        severity = Severity.WARNING if development or not error_past else Severity.ERROR
        return Verdict(
            "past-eol",
            "eol-past",
            severity,
            status.cycle,
            status.eol,
            status.days_left,
            f"past its end of life ({where})",
        )
    if status.state is EolState.ENDING_SOON:
        severity = Severity.NOTE if development else Severity.WARNING
        return Verdict(
            "ending-soon",
            "eol-soon",
            severity,
            status.cycle,
            status.eol,
            status.days_left,
            f"ending soon ({where})",
        )
    return Verdict(
        status.state.value,
        None,
        None,
        status.cycle,
        status.eol,
        status.days_left,
        "supported" if status.state is EolState.SUPPORTED else "not in the end-of-life data",
    )


def _supported(
    catalog: EolCatalog,
    rt: RuntimeDeclaration,
    status: EolStatus,
    today: date,
    warn_days: int,
    *,
    error_past: bool,
) -> Verdict:
    cycles: list[Cycle] = []
    beyond = True
    if rt.allowed:
        try:
            cycles, beyond = admitted_cycles(catalog, rt.product, rt.allowed)
        except ValueError:  # a range the scanner read cannot fail here; a stored one might
            cycles, beyond = [], True
    states = [catalog.status(rt.product, c.cycle, today, warn_days) for c in cycles]
    if states and not beyond:
        ends = [s.eol for s in states if s.eol is not None]
        last = max(ends) if ends else status.eol
        days = (last - today).days if last is not None else None
        if all(s.state is EolState.PAST_EOL for s in states):
            return Verdict(
                "past-eol",
                "eol-past",
                Severity.ERROR if error_past else Severity.WARNING,
                status.cycle,
                last,
                days,
                "every version the range allows is past its end of life",
            )
        if all(s.state in {EolState.PAST_EOL, EolState.ENDING_SOON} for s in states):
            return Verdict(
                "ending-soon",
                "eol-soon",
                Severity.WARNING,
                status.cycle,
                last,
                days,
                "every version the range allows ends soon",
            )
    if status.state is EolState.PAST_EOL:
        return Verdict(
            ADMITS_EOL,
            "eol-range-admits",
            Severity.NOTE,
            status.cycle,
            status.eol,
            status.days_left,
            "the range still allows a version past its end of life",
        )
    state = EolState.UNKNOWN if status.state is EolState.UNKNOWN else EolState.SUPPORTED
    return Verdict(
        state.value,
        None,
        None,
        status.cycle,
        status.eol,
        status.days_left,
        "the range allows supported versions"
        if state is EolState.SUPPORTED
        else "not in the end-of-life data",
    )


def judge(
    catalog: EolCatalog,
    rt: RuntimeDeclaration,
    today: date,
    warn_days: int,
    *,
    error_past: bool = True,
) -> Verdict:
    """The end-of-life verdict of one declaration on ``today`` (see the module docstring)."""
    status = catalog.status(rt.product, rt.version, today, warn_days)
    if rt.intent == SUPPORTED:
        return _supported(catalog, rt, status, today, warn_days, error_past=error_past)
    return _deployed(status, error_past=error_past, development=rt.intent == DEVELOPMENT)


def finding_text(
    repository: str, rt: RuntimeDeclaration, verdict: Verdict, name: str | None = None
) -> tuple[str, str]:
    """The message and fix hint of the finding one judged declaration gives; ``name`` is the
    product's name as a person reads it ("Ruby on Rails" for ``ruby-on-rails``)."""
    when = verdict.eol.isoformat() if verdict.eol else "a past date"
    product = name or rt.product
    if verdict.rule == "eol-range-admits":
        message = (
            f"{repository} still supports {product} {rt.version} ({rt.declared}), past its "
            f"end of life since {when}; the range also allows supported releases"
        )
        return message, f"raise the minimum {product} in {rt.path} when convenient"
    if rt.intent == SUPPORTED:
        verb = "ended" if verdict.state == "past-eol" else "ends"
        message = (
            f"{repository} supports only {product} versions past or near their end of life "
            f"({rt.declared}); the last of them {verb} on {when}"
        )
        return message, f"raise the supported {product} range in {rt.path} to a supported release"
    who = f"{repository}'s development environment" if rt.intent == DEVELOPMENT else repository
    if verdict.rule == "eol-past":
        message = (
            f"{who} declares {product} {rt.version} ({rt.declared}), past its end of life "
            f"since {when}"
        )
        return message, f"upgrade {product} to a supported release"
    message = (
        f"{who} declares {product} {rt.version}, end of life on {when} "
        f"(in {verdict.days_left} days)"
    )
    return message, f"plan the upgrade of {product} before {when}"


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
    state: str  # past-eol | ending-soon | admits-eol | supported | unknown
    eol: str | None  # ISO date
    days_left: int | None
    intent: str = "deployed"  # deployed | supported | development
    allowed: str | None = None  # the range, for a supported one
    severity: str | None = None  # of the finding ``lodestar check`` makes of it; None: none
    reason: str = ""


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
    runtimes: Iterable[RuntimeRow], catalog: EolCatalog, *, today: date, warn_days: int = 90
) -> list[Exposure]:
    """Every declared runtime (:func:`lodestar.store.inventory.declared_runtimes`) with its
    verdict: past end of life first, then soonest to end."""
    out = []
    for row in runtimes:
        verdict = judge(catalog, row.declaration(), today, warn_days)
        out.append(
            Exposure(
                repository=row.repository,
                product=row.product,
                version=row.version,
                cycle=verdict.cycle.cycle if verdict.cycle else None,
                declared=row.declared,
                path=row.path,
                line=row.line,
                source=row.source,
                state=verdict.state,
                eol=verdict.eol.isoformat() if verdict.eol else None,
                days_left=verdict.days_left,
                intent=row.intent,
                allowed=row.allowed,
                severity=verdict.severity.value if verdict.severity else None,
                reason=verdict.reason,
            )
        )
    out.sort(
        key=lambda e: (
            _ORDER.get(e.state, 9),
            e.days_left if e.days_left is not None else 10**9,
            e.repository,
            e.product,
        )
    )
    return out
