"""The drift rules of the radar and the decisions (see :mod:`lodestar.analysis.drift`):
``radar-hold-in-use``, ``radar-hold-new-adoption``, ``radar-assess-outside-scope`` and
``decision-violation``."""

from __future__ import annotations

import fnmatch
import re
from datetime import date

from lodestar.analysis.campaigns import month_start
from lodestar.analysis.drift_context import RuleContext
from lodestar.analysis.observed import from_snapshot, match, match_any
from lodestar.catalog import TechnologyCatalog
from lodestar.records import Decision, Finding, Matcher, Observation, RadarEntry, Severity, Strategy
from lodestar.safeparse import purl_key

__all__ = ["decision_rules", "forbidden_matchers", "hold_since", "names_option", "radar_rules"]


# --- radar ----------------------------------------------------------------------------------


def _ring(strategy: Strategy, name: str) -> str | None:
    return next((r for r in strategy.radar.rings if r.lower() == name), None)


def _entry_subjects(entry: RadarEntry) -> list[str]:
    return [entry.id, *(m.technology or m.purl or "" for m in entry.matchers)]


def radar_rules(ctx: RuleContext) -> None:
    rings = ctx.strategy.radar.rings
    hold = rings[-1] if rings else None
    assess = _ring(ctx.strategy, "assess")
    policies = ctx.strategy.policies
    titles = {e.id: e.title for e in ctx.strategy.entries}
    for entry in ctx.strategy.entries:
        if entry.ring not in {hold, assess} or not entry.matchers:
            continue
        for obs in ctx.observations:
            evidence = match_any(obs, entry.matchers, ctx.catalog)
            if not evidence:
                continue
            commit = (f"commit:{obs.commit}",) if obs.commit else ()
            if entry.ring == hold:
                replacement = titles.get(entry.replaced_by or "", entry.replaced_by)
                hint = (
                    f"replace with {replacement}" if replacement else "plan a replacement"
                ) + f" (radar: {entry.title} is on {hold})"
                adopted = _adopted_since(ctx, obs, entry)
                if adopted is not None:
                    ctx.add(
                        Finding(
                            "radar-hold-new-adoption",
                            Severity.ERROR,
                            f"{obs.repository} adopted {entry.title} (on {hold}) after "
                            f"{hold_since(ctx, entry)}",
                            obs.repository,
                            (*evidence, *adopted),
                            hint,
                            entry.source,
                            entry.id,
                        ),
                        *_entry_subjects(entry),
                    )
                    continue
                ctx.add(
                    Finding(
                        "radar-hold-in-use",
                        Severity.WARNING,
                        f"{obs.repository} uses {entry.title}, which the radar puts on {hold}",
                        obs.repository,
                        (*evidence, *commit),
                        hint,
                        entry.source,
                        entry.id,
                    ),
                    *_entry_subjects(entry),
                )
            elif policies.radar_assess_only_in and not any(
                fnmatch.fnmatchcase(obs.repository, p) for p in policies.radar_assess_only_in
            ):
                ctx.add(
                    Finding(
                        "radar-assess-outside-scope",
                        Severity.WARNING,
                        f"{obs.repository} uses {entry.title} ({assess}) outside the trial "
                        f"repositories ({', '.join(policies.radar_assess_only_in)})",
                        obs.repository,
                        (*evidence, *commit),
                        f"keep {entry.title} to the trial repositories until it moves to Trial, "
                        "or add this repository to the policy's `radar.assess-only-in`",
                        entry.source or ctx.policy_source("radar"),
                        entry.id,
                    ),
                    *_entry_subjects(entry),
                )


def hold_since(ctx: RuleContext, entry: RadarEntry) -> date | None:
    """Since when adopting a Hold entry is a violation: the policy date, or the entry's move
    to Hold when the radar history says it came later; None when the policy sets no date."""
    since = ctx.strategy.policies.radar_hold_no_new_since
    if since is None:
        return None
    moved = [
        m.date
        for m in ctx.moves
        if m.entry == entry.id and m.ring == entry.ring and m.date <= ctx.today
    ]
    return max([since, *moved])


def _adopted_since(ctx: RuleContext, obs: Observation, entry: RadarEntry) -> tuple[str, ...] | None:
    """Evidence of adoption after :func:`hold_since` (first commit seen), else None."""
    since = hold_since(ctx, entry)
    if since is None or not ctx.history:
        return None
    snaps = ctx.snapshots(obs.repository)
    if not snaps:
        return None  # history not mined for this repository: cannot tell
    cutoff = month_start(since)
    before = [s for s in snaps if s.month < cutoff]
    if before and match_any(from_snapshot(before[-1]), entry.matchers, ctx.catalog):
        return None
    first = next(
        (
            s
            for s in snaps
            if s.month >= cutoff and match_any(from_snapshot(s), entry.matchers, ctx.catalog)
        ),
        None,
    )
    if first is None:
        return (f"commit:{obs.commit}",) if obs.commit else ()
    return (f"commit:{first.commit}", f"since:{first.month:%Y-%m}")


# --- decisions ------------------------------------------------------------------------------

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def _names(matcher: Matcher, catalog: TechnologyCatalog) -> set[str]:
    names: set[str] = set()
    if matcher.technology:
        names.add(matcher.technology)
        tech = catalog.get(matcher.technology)
        if tech is not None:
            names.update((tech.name, *tech.aliases))
    if matcher.purl:
        key = purl_key(matcher.purl) or matcher.purl
        names.add(key.rstrip("*/").rsplit("/", 1)[-1])
    return {s for s in map(_slug, names) if s}


def names_option(matcher: Matcher, option: str, catalog: TechnologyCatalog) -> bool:
    """Whether a governed matcher is the chosen option (see the module docstring)."""
    chosen = _slug(option)
    return any(chosen == n or chosen.startswith(n + "-") for n in _names(matcher, catalog))


def forbidden_matchers(decision: Decision, catalog: TechnologyCatalog) -> tuple[Matcher, ...]:
    """The governed matchers an accepted decision rules out (empty when it enforces nothing)."""
    if decision.status.lower() != "accepted" or not decision.chosen:
        return ()
    chosen = decision.chosen
    return tuple(m for m in decision.governs if not names_option(m, chosen, catalog))


def decision_rules(ctx: RuleContext) -> None:
    for decision in ctx.strategy.decisions:
        forbidden = forbidden_matchers(decision, ctx.catalog)
        for matcher in forbidden:
            what = matcher.technology or matcher.purl or "?"
            tech = ctx.catalog.get(matcher.technology) if matcher.technology else None
            label = tech.name if tech else what
            for obs in ctx.observations:
                evidence = match(obs, matcher, ctx.catalog)
                if not evidence:
                    continue
                ctx.add(
                    Finding(
                        "decision-violation",
                        Severity.ERROR,
                        f"{obs.repository} uses {label}, against decision {decision.id} "
                        f"“{decision.title}” (chosen: {decision.chosen})",
                        obs.repository,
                        tuple(evidence),
                        f"move to {decision.chosen} as decided in {decision.id}, or propose a "
                        "decision that supersedes it",
                        decision.source,
                        what,
                    ),
                    decision.id,
                )
