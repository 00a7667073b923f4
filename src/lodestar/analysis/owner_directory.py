"""Who an owner reference names: the people and teams Lodestar knows, and the resolution rules
of :mod:`lodestar.analysis.ownership` (its docstring states them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lodestar.records import Identity, Observation
from lodestar.records.owners import Team

__all__ = ["Directory", "OwnerRef", "build_directory"]

TEAM, PERSON, ROLE, UNKNOWN = "team", "person", "role", "unknown"


@dataclass(frozen=True, slots=True)
class OwnerRef:
    """One owner reference as written, and what it names."""

    written: str
    # "team" | "person" | "role" (GitLab's @@maintainer: no one in particular) | "unknown"
    kind: str
    name: str  # the team's name, the person key, or the reference's name part


@dataclass(slots=True)
class Directory:
    """The organisation's people and teams, indexed for resolving owner references."""

    people: Mapping[str, Identity]
    teams: dict[str, Team] = field(default_factory=dict)  # lower-case name -> team
    handles: dict[str, str] = field(default_factory=dict)  # lower-case handle -> person key
    emails: dict[str, str] = field(default_factory=dict)  # lower-case email -> person key

    def person(self, handle: str) -> str | None:
        return self.handles.get(handle.lower())

    def resolve(self, written: str) -> OwnerRef:
        """What an owner reference names (``@org/team``, ``group:x``, ``@user``, email …)."""
        text = written.strip()
        lower = text.lower()
        kind, sep, rest = lower.partition(":")
        if sep and "@" not in kind and kind in {"group", "user"}:
            name = rest.rsplit("/", 1)[-1]
            if kind == "group":
                return self._team(text, name)
            key = self.person(name)
            return OwnerRef(text, PERSON, key) if key else OwnerRef(text, UNKNOWN, name)
        if sep and "@" not in lower:
            return OwnerRef(text, UNKNOWN, rest)  # another kind: component:x, …
        if lower.startswith("@@"):
            return OwnerRef(text, ROLE, lower[2:])
        if lower.startswith("@"):
            parts = lower[1:].split("/")
            if len(parts) > 1:
                return self._team(text, parts[-1])
            key = self.person(parts[0])
            if key:
                return OwnerRef(text, PERSON, key)
            return (
                self._team(text, parts[0])
                if parts[0] in self.teams
                else OwnerRef(text, UNKNOWN, parts[0])
            )
        if "@" in lower:
            key = self.emails.get(lower)
            return OwnerRef(text, PERSON, key) if key else OwnerRef(text, UNKNOWN, lower)
        if lower in self.teams:
            return self._team(text, lower)
        key = self.person(lower)
        return OwnerRef(text, PERSON, key) if key else OwnerRef(text, UNKNOWN, lower)

    def _team(self, written: str, name: str) -> OwnerRef:
        team = self.teams.get(name.lower())
        if team is None:
            return OwnerRef(written, UNKNOWN, name)
        return OwnerRef(written, TEAM, team.name)

    def people_of(self, ref: OwnerRef) -> tuple[str, ...]:
        """The person keys a reference stands for: the person, or the team's members."""
        if ref.kind == PERSON:
            return (ref.name,)
        if ref.kind == TEAM:
            return self.teams[ref.name.lower()].members
        return ()

    def team_of_person(self, person: str) -> str | None:
        identity = self.people.get(person)
        if identity is not None and identity.team:
            team = self.teams.get(identity.team.lower())
            return team.name if team else identity.team
        return next((t.name for t in self.teams.values() if person in t.members), None)

    def team_of_ref(self, ref: OwnerRef) -> str | None:
        """The team a reference is, or the team of the person it is; for an unknown team
        reference (``@org/x``, ``group:x``), its name as written."""
        if ref.kind == TEAM:
            return ref.name
        if ref.kind == PERSON:
            return self.team_of_person(ref.name)
        lower = ref.written.lower()
        if lower.startswith("group:") or (lower.startswith("@") and "/" in lower):
            return ref.name
        return None

    def known(self, ref: OwnerRef) -> bool:
        return ref.kind != UNKNOWN


def _handles(people: Mapping[str, Identity]) -> dict[str, str]:
    """Handles a person may be named by in CODEOWNERS: email local parts, GitHub noreply
    logins, the name without spaces; a handle two people share names neither."""
    seen: dict[str, set[str]] = {}
    for key, identity in people.items():
        if identity.bot:
            continue
        names = {identity.name.lower().replace(" ", "")} if identity.name else set()
        for email in (key, *identity.emails):
            local, _, domain = email.lower().partition("@")
            names.add(local.split("+", 1)[-1] if domain.endswith("noreply.github.com") else local)
        for handle in names - {""}:
            seen.setdefault(handle, set()).add(key)
    return {h: next(iter(keys)) for h, keys in seen.items() if len(keys) == 1}


def build_directory(
    observations: Sequence[Observation], people: Mapping[str, Identity]
) -> Directory:
    """The people, ``people.toml`` teams and every repository's Backstage Groups and Users."""
    directory = Directory(people, handles=_handles(people))
    for key, identity in people.items():
        for email in (key, *identity.emails):
            directory.emails.setdefault(email.lower(), key)
    members: dict[str, list[str]] = {}
    for key, identity in sorted(people.items()):
        if identity.team and not identity.bot:
            team = directory.teams.setdefault(
                identity.team.lower(), Team(identity.team, sources=("people.toml",))
            )
            members.setdefault(team.name.lower(), []).append(key)
    entities = [e for obs in observations for e in obs.entities]
    for entity in (e for e in entities if e.kind == "User"):
        found = directory.emails.get(entity.email.lower()) if entity.email else None
        if found is not None:
            directory.handles[entity.name.lower()] = found
    for obs in observations:
        for entity in (e for e in obs.entities if e.kind == "Group"):
            lower = entity.name.lower()
            source = f"{obs.repository}:{entity.path}:{entity.line}"
            known = directory.teams.get(lower)
            directory.teams[lower] = (
                Team(entity.name, sources=(source,))
                if known is None
                else Team(known.name, sources=(*known.sources, source))
            )
            for member in entity.members:
                person = directory.person(member.rsplit(":", 1)[-1].rsplit("/", 1)[-1])
                if person:
                    members.setdefault(lower, []).append(person)
    for lower, team in directory.teams.items():
        directory.teams[lower] = Team(
            team.name, tuple(dict.fromkeys(members.get(lower, ()))), (), team.sources
        )
    return directory
