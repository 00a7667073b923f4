"""People as the history resolves them: committed identities, the links that join them, and
the person they make (see :mod:`lodestar.scan.people_merge` for the rules)."""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.records import Identity

__all__ = ["MergeLink", "ResolvedPerson", "SeenIdentity"]


@dataclass(frozen=True, slots=True)
class SeenIdentity:
    """One committed identity after .mailmap: a name, an email, how often and how lately."""

    name: str
    email: str  # lower-cased
    commits: int
    last: int  # epoch seconds of its latest commit
    repositories: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True, slots=True)
class MergeLink:
    """Why two identities are one person (or, ``applied = False``, why they are not)."""

    rule: str  # people.toml | noreply | name | local-part | mailmap
    value: str  # what they share: the table key, login, normalised name, local part, repo
    left: str  # "Name <email>"
    right: str
    applied: bool = True


@dataclass(frozen=True, slots=True)
class ResolvedPerson:
    """One person: who they are, the identities they commit under, and why those are one."""

    identity: Identity
    members: tuple[SeenIdentity, ...]
    links: tuple[MergeLink, ...] = ()

    @property
    def commits(self) -> int:
        return sum(m.commits for m in self.members)
