"""Ownership as repositories declare it: CODEOWNERS rules and Backstage catalog entities.

The scanner reads them at the scanned commit (:mod:`lodestar.scan.owners`), the store keeps them
per scan, and :mod:`lodestar.analysis.ownership` turns them (with ``lodestar.toml`` overrides,
``people.toml`` teams and the history's active people) into :class:`RepositoryOwner` values.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OWNER_STATUSES", "CatalogEntity", "OwnerRule", "RepositoryOwner", "Team"]

# what `lodestar owners` says of a repository
# (:func:`lodestar.analysis.ownership.repository_owners` documents each)
OWNER_STATUSES = ("ok", "missing", "departed", "mismatch")


@dataclass(frozen=True, slots=True)
class OwnerRule:
    """One rule of a CODEOWNERS file (GitHub or GitLab syntax), in file order."""

    path: str  # the CODEOWNERS file: "CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"
    line: int
    pattern: str  # as written: "*", "/docs/", "*.js", "!/vendor/" (GitLab negation)
    owners: tuple[str, ...]  # "@org/team", "@user", "user@example.com"; empty: no owner
    section: str | None = None  # GitLab's [Section] the rule belongs to


@dataclass(frozen=True, slots=True)
class CatalogEntity:
    """One Backstage entity of a ``catalog-info.yaml`` (kinds Component, System, Group, User …)."""

    path: str
    line: int
    kind: str
    name: str
    namespace: str = "default"
    owner: str | None = None  # spec.owner as written: "group:payments", "team-a", "user:jane"
    system: str | None = None
    type: str | None = None
    lifecycle: str | None = None
    members: tuple[str, ...] = ()  # Group spec.members
    parent: str | None = None  # Group spec.parent
    email: str | None = None  # User spec.profile.email
    display_name: str | None = None
    tags: tuple[str, ...] = ()
    annotations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RepositoryOwner:
    """Who owns a repository: as declared (and where), and as observed in its history."""

    repository: str
    declared: tuple[str, ...] = ()  # owners as declared: team or person references
    source: str | None = None  # "lodestar.toml", "catalog-info.yaml:7", "CODEOWNERS:3"
    team: str | None = None  # the team the declared owner is or belongs to, when known
    observed: tuple[str, ...] = ()  # person keys: active knowledge holders, most first
    observed_teams: tuple[str, ...] = ()
    # "ok", "missing" (nothing declared), "departed" (the declared person, or every member of
    # the declared team, departed), "mismatch" (no declared person or team member among the
    # observed owners)
    status: str = "missing"
    people: tuple[str, ...] = ()  # person keys the declared owners resolve to (team members too)
    departed: tuple[str, ...] = ()  # declared owners (as written) whose people all departed


@dataclass(frozen=True, slots=True)
class Team:
    """A team as people.toml (``team``) and Backstage Group entities declare it."""

    name: str  # as first declared: people.toml spelling, else the Group's name
    members: tuple[str, ...] = ()  # person keys
    repositories: tuple[str, ...] = ()  # repositories whose declared owner is the team
    sources: tuple[str, ...] = ()  # "people.toml", "REPO:catalog-info.yaml:LINE"
