"""Who owns what: declared owners (CODEOWNERS, Backstage, ``lodestar.toml``), teams, and the
owners the history shows.

**Per path** (:func:`path_owners`; :func:`descriptor_owner` for a monorepo's folder
descriptors, used when no CODEOWNERS rule owns the path): the CODEOWNERS rules in file order;
the last rule whose pattern matches the path wins (:mod:`lodestar.analysis.owner_patterns`). In
a GitLab file each section is read on its own (rules before the first section are one more) and
the owners of every section are combined; a section whose last matching rule is an exclusion
(``!pattern``) gives none. A matching rule with no owner leaves the path unowned in its
section.

**Per repository** (:func:`repository_owners`), the first of:

1. ``lodestar.toml`` ``[repositories] owners`` — the repository's name, else the first glob
   that matches it (source ``lodestar.toml``);
2. the ``spec.owner`` of the Backstage Component of the repository's root
   ``catalog-info.yaml``: the one whose ``backstage.io/source-location`` (or
   ``github.com/project-slug``) names the repository, else whose name is the repository's,
   else the first Component (source ``catalog-info.yaml:LINE``); in a monorepo with no root
   Component, the owner its folders' Components agree on (``packages/*/catalog-info.yaml``);
   else the owner of a root System (or Location, as some organisations write one);
3. the CODEOWNERS owners of the repository root: the last rule per section whose pattern is
   ``*``, ``/``, ``/*``, ``**`` or ``/**`` (source ``CODEOWNERS:LINE``, the file's own path).

An owner reference names a **team** or a **person** (:class:`Directory`): ``group:x``,
``group:namespace/x``, ``@org/x`` and ``@group/sub/x`` are team ``x``; a bare ``x`` (Backstage's
default kind for an owner is Group) is a team unless it is a known person; ``user:x`` and
``@x`` are the person whose Backstage User ``x`` gives an email, or whose email's local part,
GitHub noreply login or name (spaces removed) is ``x``; an email is the person with that email.
Team names are matched case-insensitively to ``people.toml`` teams and Backstage Groups.
A team's members are the people whose ``people.toml`` ``team`` it is and the members its
Group lists.

**Observed owners**: the active people among the repository's *active* truck-factor
developers (:mod:`lodestar.analysis.knowledge`), and their teams.

**Status**: ``missing`` (nothing declared), ``departed`` (a declared person, or every member of
a declared team, made no commit anywhere for ``departed_days``), ``mismatch`` (the history
shows owners and none of them is a declared person or a member of a declared team), ``ok``.
What it cannot see: people who own code without committing, and teams declared nowhere.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from lodestar.analysis.knowledge import KnowledgeRisk, knowledge_risk
from lodestar.analysis.owner_directory import Directory, OwnerRef, build_directory
from lodestar.analysis.owner_patterns import compile_pattern
from lodestar.analysis.presence import (
    ACTIVE_DAYS,
    DEPARTED_DAYS,
    Presence,
    last_commits,
    presences,
)
from lodestar.records import FileStat, Identity, Observation, OrganisationData, RepoHistory
from lodestar.records.owners import CatalogEntity, OwnerRule, RepositoryOwner, Team

__all__ = [
    "ROOT_PATTERNS",
    "Directory",
    "OwnerRef",
    "Ownership",
    "activity_of",
    "build_directory",
    "component_of",
    "declared_owner",
    "descriptor_owner",
    "organisation_owners",
    "path_owners",
    "repository_owners",
    "team_of",
    "teams",
]

ROOT_PATTERNS = frozenset({"*", "/", "/*", "**", "/**"})
SOURCE_SETTINGS = "lodestar.toml"


@dataclass(frozen=True, slots=True)
class Ownership:
    """What the ownership drift rules read (:mod:`lodestar.analysis.drift_ownership`)."""

    owners: Mapping[str, RepositoryOwner]
    people: Mapping[str, Identity] = field(default_factory=dict)
    activity: Mapping[str, Mapping[str, dt.datetime]] = field(default_factory=dict)
    overrides: Mapping[str, str] = field(default_factory=dict)
    active_days: int = ACTIVE_DAYS
    departed_days: int = DEPARTED_DAYS


def path_owners(rules: Sequence[OwnerRule], path: str) -> tuple[str, ...]:
    """The owners of ``path`` by the CODEOWNERS ``rules`` (file order): the last match wins,
    per GitLab section, the sections' owners combined; ``()`` when nobody owns it."""
    winners: dict[str | None, OwnerRule] = {}
    order: list[str | None] = []
    for rule in rules:
        key = rule.section.lower() if rule.section else None
        if key not in winners and key not in order:
            order.append(key)
        if compile_pattern(rule.pattern).matches(path):
            winners[key] = rule
    owners: list[str] = []
    for key in order:
        winner = winners.get(key)
        if winner is not None and not winner.pattern.startswith("!"):
            owners.extend(winner.owners)
    return tuple(dict.fromkeys(owners))


def _root_rules(rules: Sequence[OwnerRule]) -> list[OwnerRule]:
    """The last catch-all rule of each section that has owners."""
    last: dict[str | None, OwnerRule] = {}
    for rule in rules:
        if rule.pattern in ROOT_PATTERNS:
            last[rule.section.lower() if rule.section else None] = rule
    return [r for r in last.values() if r.owners]


def _names_repository(entity: CatalogEntity, repository: str) -> bool:
    wanted = repository.lower().rsplit("/", 1)[-1]
    for key, value in entity.annotations:
        if key == "github.com/project-slug":
            if value.lower().rsplit("/", 1)[-1] == wanted:
                return True
        elif key == "backstage.io/source-location":
            parts = [p for p in value.lower().split("/") if p]
            if wanted in parts:
                return True
    return False


def _root(entity: CatalogEntity) -> bool:
    return "/" not in entity.path


def component_of(entities: Sequence[CatalogEntity], repository: str) -> CatalogEntity | None:
    """The Component a repository's descriptor describes it with (see the module's doc)."""
    components = [e for e in entities if e.kind == "Component" and _root(e)]
    for entity in components:
        if _names_repository(entity, repository):
            return entity
    by_name = repository.lower().rsplit("/", 1)[-1]
    found = next(
        (e for e in components if e.name.lower() == by_name),
        components[0] if components else None,
    )
    if found is not None:
        return found
    # a monorepo without a root Component: its packages' Components, when they agree
    nested = [e for e in entities if e.kind == "Component" and e.owner]
    owners = {e.owner.lower() for e in nested if e.owner}
    return nested[0] if len(owners) == 1 else None


def descriptor_owner(entities: Sequence[CatalogEntity], path: str) -> str | None:
    """The owner of ``path`` by the Component of the deepest folder descriptor above it
    (``packages/api/catalog-info.yaml`` owns ``packages/api/…``); None when none does."""
    best: tuple[int, str] | None = None
    for entity in entities:
        if entity.kind != "Component" or not entity.owner or _root(entity):
            continue
        folder = entity.path.rpartition("/")[0] + "/"
        if path.startswith(folder) and (best is None or len(folder) > best[0]):
            best = (len(folder), entity.owner)
    return best[1] if best else None


def _root_owner_entity(entities: Sequence[CatalogEntity]) -> CatalogEntity | None:
    """A root descriptor's System (or Location) with an owner: the repository's umbrella."""
    for kind in ("System", "Location"):
        found = next((e for e in entities if e.kind == kind and e.owner and _root(e)), None)
        if found is not None:
            return found
    return None


def _override(overrides: Mapping[str, str], repository: str) -> str | None:
    if repository in overrides:
        return overrides[repository]
    return next(
        (owner for glob, owner in overrides.items() if fnmatch.fnmatchcase(repository, glob)),
        None,
    )


def declared_owner(
    obs: Observation, overrides: Mapping[str, str] | None = None
) -> tuple[tuple[str, ...], str | None]:
    """The declared owners of a repository as written, and where (precedence above)."""
    override = _override(overrides or {}, obs.repository)
    if override is not None:
        return tuple(override.split()), SOURCE_SETTINGS
    component = component_of(obs.entities, obs.repository) or _root_owner_entity(obs.entities)
    if component is not None and component.owner:
        return (component.owner,), f"{component.path}:{component.line}"
    roots = _root_rules(obs.owner_rules)
    if roots:
        owners = tuple(dict.fromkeys(o for r in roots for o in r.owners))
        return owners, f"{roots[0].path}:{roots[0].line}"
    return (), None


def activity_of(histories: Sequence[RepoHistory]) -> dict[str, dict[str, dt.datetime]]:
    """Per repository: each person's last authored commit there (bots left out)."""
    out: dict[str, dict[str, dt.datetime]] = {}
    for history in histories:
        out[history.repository] = last_commits([history])
    return out


def _observed(risk: KnowledgeRisk | None, status: Mapping[str, Presence]) -> tuple[str, ...]:
    if risk is None:
        return ()
    people = risk.active_truck_factor.people or risk.truck_factor.people
    return tuple(p for p in people if status.get(p) == Presence.ACTIVE)


def _status(
    declared: tuple[str, ...],
    people: set[str],
    departed: tuple[str, ...],
    observed: tuple[str, ...],
) -> str:
    if not declared:
        return "missing"
    if departed:
        return "departed"
    if observed and people and not people & set(observed):
        return "mismatch"
    return "ok"


def repository_owners(
    observations: Sequence[Observation],
    *,
    overrides: Mapping[str, str] | None = None,
    people: Mapping[str, Identity] | None = None,
    histories: Sequence[RepoHistory] | None = None,
    files: Mapping[str, Sequence[FileStat]] | None = None,
    knowledge: Sequence[KnowledgeRisk] | None = None,
    activity: Mapping[str, Mapping[str, dt.datetime]] | None = None,
    today: dt.date,
    active_days: int = ACTIVE_DAYS,
    departed_days: int = DEPARTED_DAYS,
) -> dict[str, RepositoryOwner]:
    """The owner of every observed repository, by name.

    ``people`` are the organisation's people (person key → identity, with their
    ``people.toml`` team); ``activity`` each repository's people and their last commit there
    (:func:`activity_of` of ``histories`` when not given). Presence is judged on ``today``
    over the whole organisation. ``knowledge`` (else computed from ``histories`` and the
    current ``files``) gives the observed owners; without either they are empty, and without
    any activity nobody counts as departed.
    """
    if activity is None and histories is not None:
        activity = activity_of(histories)
    directory = build_directory(observations, people or {})
    now = dt.datetime.combine(today, dt.time(23, 59, 59), tzinfo=dt.UTC)
    last = _last_seen(activity or {})
    status = presences(last, now, active_days=active_days, departed_days=departed_days)
    risks = {k.repository: k for k in knowledge or ()}
    if knowledge is None and histories is not None and files is not None:
        risks = {
            h.repository: knowledge_risk(h, files[h.repository], status, last)
            for h in histories
            if files.get(h.repository)
        }
    out: dict[str, RepositoryOwner] = {}
    for obs in observations:
        declared, source = declared_owner(obs, overrides)
        refs = [directory.resolve(d) for d in declared]
        members = {p for ref in refs for p in directory.people_of(ref)}
        departed = tuple(
            ref.written
            for ref in refs
            if (found := directory.people_of(ref))
            and all(status.get(p) == Presence.DEPARTED for p in found)
        )
        observed = _observed(risks.get(obs.repository), status)
        observed_teams = tuple(
            dict.fromkeys(t for p in observed if (t := directory.team_of_person(p)))
        )
        out[obs.repository] = RepositoryOwner(
            repository=obs.repository,
            declared=declared,
            source=source,
            team=next((t for ref in refs if (t := directory.team_of_ref(ref))), None),
            observed=observed,
            observed_teams=observed_teams,
            status=_status(declared, members, departed, observed),
            people=tuple(sorted(members)),
            departed=departed,
        )
    return out


def organisation_owners(
    data: OrganisationData,
    *,
    today: dt.date,
    overrides: Mapping[str, str] | None = None,
    windows: tuple[int, int] = (ACTIVE_DAYS, DEPARTED_DAYS),
    knowledge: Sequence[KnowledgeRisk] | None = None,
) -> dict[str, RepositoryOwner]:
    """:func:`repository_owners` of everything ``load_organisation`` loaded: observed owners
    from ``knowledge`` when given, else from the whole history when ``data`` holds it."""
    whole = data.people and knowledge is None
    return repository_owners(
        data.observations,
        overrides=overrides,
        people=data.identities,
        histories=data.histories if whole else None,
        files=data.files if whole else None,
        knowledge=knowledge,
        activity=data.activity,
        today=today,
        active_days=windows[0],
        departed_days=windows[1],
    )


def _last_seen(activity: Mapping[str, Mapping[str, dt.datetime]]) -> dict[str, dt.datetime]:
    last: dict[str, dt.datetime] = {}
    for people in activity.values():
        for person, when in people.items():
            if person not in last or when > last[person]:
                last[person] = when
    return last


def team_of(owner: RepositoryOwner) -> str | None:
    """The team a repository belongs to: its declared owner's team — the one rule of every
    ``--team``, ``?team=`` and per-team figure (:mod:`lodestar.analysis.team_filter`). The
    observed owners' teams stay apart (``observed_teams``): they depend on how much history a
    view loaded, and a team's repositories must be one answer."""
    return owner.team


def teams(
    owners: Mapping[str, RepositoryOwner],
    observations: Sequence[Observation],
    people: Mapping[str, Identity] | None = None,
) -> dict[str, Team]:
    """Every team Lodestar knows (``people.toml`` teams, Backstage Groups, declared teams):
    its members (person keys) and the repositories it owns (:func:`team_of`), by name."""
    directory = build_directory(observations, people or {})
    found = {key: replace(team) for key, team in directory.teams.items()}
    repos: dict[str, list[str]] = {}
    for name, owner in sorted(owners.items()):
        team = team_of(owner)
        if team is None:
            continue
        key = team.lower()
        if key not in found:
            found[key] = Team(team, sources=(owner.source or "",))
        repos.setdefault(key, []).append(name)
    return {
        t.name: replace(t, repositories=tuple(repos.get(key, ())))
        for key, t in sorted(found.items())
    }
