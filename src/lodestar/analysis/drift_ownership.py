"""The ownership drift rules, organisation-wide (see :mod:`lodestar.analysis.ownership` for how
owners are declared, resolved and observed):

``owner-missing`` (warning)
    A repository with no declared owner — once the organisation declares owners at all (some
    repository has one, or ``[repositories] owners`` is set): before that every repository
    would be one finding and none would help.
``owner-departed`` (warning)
    A declared owner person who made no commit anywhere for ``history.departed_days``, or a
    declared team all of whose members did.
``owner-team-inactive`` (note)
    A declared team none of whose members changed the repository in the last
    ``history.active_days`` (judged only for repositories with mined history).
``owner-unknown`` (note)
    An owner a CODEOWNERS rule, a catalog-info.yaml entity or ``[repositories] owners`` names
    that Lodestar does not know: no person, no ``people.toml`` team, no Backstage Group or
    User. Judged only once people are known (history mined), with ``path:line`` as evidence.

Exceptions (``rule: owner-departed``, ``repository``, ``subject``: the owner as written) waive
them as any other finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from lodestar.analysis.drift_context import RuleContext
from lodestar.analysis.owner_directory import TEAM, Directory, build_directory
from lodestar.analysis.ownership import SOURCE_SETTINGS, Ownership
from lodestar.records import Finding, Observation, Severity, SourcePosition
from lodestar.records.owners import RepositoryOwner

__all__ = ["ownership_rules"]

_HINT_MISSING = (
    "declare one: a CODEOWNERS rule '* @org/team', a catalog-info.yaml Component with "
    "spec.owner, or [repositories.owners] in lodestar.toml"
)


def ownership_rules(ctx: RuleContext) -> None:
    """Add the ownership findings of every observed repository to ``ctx``."""
    facts = ctx.ownership
    if facts is None or not ctx.organisation:
        return
    directory = build_directory(ctx.observations, facts.people)
    declared_somewhere = bool(facts.overrides) or any(o.declared for o in facts.owners.values())
    for obs in ctx.observations:
        owner = facts.owners.get(obs.repository)
        if owner is None:
            continue
        if not owner.declared:
            if declared_somewhere:
                ctx.add(
                    Finding(
                        "owner-missing",
                        Severity.WARNING,
                        f"{obs.repository} has no declared owner",
                        obs.repository,
                        (f"repository:{obs.repository}",),
                        _HINT_MISSING,
                        _SETTINGS,
                    )
                )
            continue
        _departed(ctx, facts, owner)
        _inactive(ctx, facts, directory, owner)
        if facts.people:
            _unknown(ctx, facts, directory, obs)


# the built-in rules are the workspace's: its lodestar.toml holds the owners it overrides and
# the history windows that judge presence
_SETTINGS = SourcePosition(SOURCE_SETTINGS)


def _where(owner: RepositoryOwner) -> tuple[str, ...]:
    source = owner.source or ""
    if not source or source == SOURCE_SETTINGS:
        return (f"repository:{owner.repository}",)
    return (source,)


def _departed(ctx: RuleContext, facts: Ownership, owner: RepositoryOwner) -> None:
    for written in owner.departed:
        ctx.add(
            Finding(
                "owner-departed",
                Severity.WARNING,
                f"declared owner {written} of {owner.repository} has departed (no commit "
                f"anywhere for {facts.departed_days} days)",
                owner.repository,
                _where(owner),
                "hand the repository to a present team or person"
                + (
                    f" (the history suggests {', '.join(owner.observed)})" if owner.observed else ""
                ),
                _SETTINGS,
                written,
            )
        )


def _inactive(
    ctx: RuleContext, facts: Ownership, directory: Directory, owner: RepositoryOwner
) -> None:
    changes = facts.activity.get(owner.repository)
    if not changes:
        return
    since = dt.datetime.combine(ctx.today, dt.time(23, 59, 59), tzinfo=dt.UTC) - dt.timedelta(
        days=facts.active_days
    )
    for written in owner.declared:
        if written in owner.departed:
            continue
        ref = directory.resolve(written)
        members = directory.people_of(ref)
        if ref.kind != TEAM or not members:
            continue
        if any(changes.get(m) and changes[m] >= since for m in members):
            continue
        ctx.add(
            Finding(
                "owner-team-inactive",
                Severity.NOTE,
                f"declared team {ref.name} of {owner.repository}: no member changed it in the "
                f"last {facts.active_days} days",
                owner.repository,
                _where(owner),
                # the observed owners depend on how much history the caller loaded (check: the
                # activity only; the cockpit: the knowledge figures), so the hint names the
                # command that shows them rather than the people: one finding, every view
                "confirm the team still owns it, or hand it to the people who keep it alive "
                f"(lodestar owners {owner.repository})",
                _SETTINGS,
                written,
            )
        )


def _references(obs: Observation, facts: Ownership) -> Iterator[tuple[str, str]]:
    """(owner as written, where) of every owner the repository's files or the settings name."""
    for rule in obs.owner_rules:
        for written in rule.owners:
            yield written, f"{rule.path}:{rule.line}"
    for entity in obs.entities:
        if entity.owner:
            yield entity.owner, f"{entity.path}:{entity.line}"
    override = facts.owners.get(obs.repository)
    if override is not None and override.source == SOURCE_SETTINGS:
        for written in override.declared:
            yield written, SOURCE_SETTINGS


def _unknown(ctx: RuleContext, facts: Ownership, directory: Directory, obs: Observation) -> None:
    seen: set[str] = set()
    for written, where in _references(obs, facts):
        if written.lower() in seen:
            continue
        seen.add(written.lower())
        if directory.known(directory.resolve(written)):
            continue
        ctx.add(
            Finding(
                "owner-unknown",
                Severity.NOTE,
                f"owner {written} in {obs.repository} names no person or team Lodestar knows",
                obs.repository,
                (f"repository:{obs.repository}",) if where == SOURCE_SETTINGS else (where,),
                "fix the handle, add the person's email or the team to people.toml, or "
                "declare the team as a Backstage Group",
                _SETTINGS,
                written,
            )
        )
