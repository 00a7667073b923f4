"""An off-boarding what-if (:func:`lodestar.analysis.whatif.what_if`) as one JSON document.

The one shape of ``lodestar whatif --json``, of the ``effect`` of the cockpit's ``/api/whatif``
and of the figures the ``/whatif/`` page and its script draw: typed records whose fields are the
document's keys in order (:func:`lodestar.render.presentation.to_jsonable` writes them). The keys
are documented in the README section "Off-boarding what-if".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from lodestar.analysis.whatif import WhatIf

__all__ = [
    "WhatIfDocument",
    "whatif_document",
]


@dataclass(frozen=True, slots=True)
class Leaver:
    key: str  # person key (their email)
    name: str


@dataclass(frozen=True, slots=True)
class RepositoryRow:
    repository: str
    active_truck_factor_before: int
    active_truck_factor_after: int  # 0 or 1
    carried_by: tuple[str, ...]  # leavers among its authors (person keys), most files first
    files: int  # files with a known author


@dataclass(frozen=True, slots=True)
class IslandRow:
    repository: str
    path: str  # "" for the whole repository
    kind: str  # "file" | "folder"
    code: int  # lines of code
    files: int
    authors: tuple[str, ...]  # everyone who knew it (person keys)


@dataclass(frozen=True, slots=True)
class TechnologyRow:
    entry: str  # radar entry id
    title: str
    ring: str
    experts_before: tuple[str, ...]  # active experts (person keys), best first
    experts_after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OwnerRow:
    kind: str  # "campaign" | "initiative" | "decision" | "owner" (a repository's owners)
    id: str
    title: str
    declared: tuple[str, ...]  # the owners as written
    people: tuple[str, ...]  # whom they resolve to, all gone


@dataclass(frozen=True, slots=True)
class ProtectedRow:
    kind: str  # "trade-secret" | "disclosure"
    id: str
    title: str
    files: int
    code: int
    knowers: tuple[str, ...]  # who knew its code (person keys), most lines first


@dataclass(frozen=True, slots=True)
class WhatIfDocument:
    """What the organisation loses if ``leavers`` leave, as of ``as_of``."""

    as_of: str  # ISO 8601 moment presence is judged at
    active_days: int
    departed_days: int
    leavers: tuple[Leaver, ...]
    repositories: tuple[RepositoryRow, ...]  # active truck factor falls to 0 or 1, 0 first
    island_code: int  # lines of code in files no remaining author knows
    islands: tuple[IslandRow, ...]
    technologies: tuple[TechnologyRow, ...]  # Adopt/Trial left with one active expert or none
    owners: tuple[OwnerRow, ...]  # owned only by people who are gone
    protected: tuple[ProtectedRow, ...]  # trade secrets and disclosures no active knower keeps
    names: dict[str, str]  # person key -> display name, for everyone named above


def whatif_document(result: WhatIf, now: dt.datetime, windows: tuple[int, int]) -> WhatIfDocument:
    """The document of ``result``, presence judged at ``now`` with ``windows`` (active days,
    departed days)."""
    names = result.names
    return WhatIfDocument(
        as_of=now.isoformat(),
        active_days=windows[0],
        departed_days=windows[1],
        leavers=tuple(Leaver(p, names.get(p, p)) for p in result.leavers),
        repositories=tuple(
            RepositoryRow(r.repository, r.before, r.after, r.carried_by, r.files)
            for r in result.repositories
        ),
        island_code=result.island_code,
        islands=tuple(
            IslandRow(i.repository, i.path, i.kind, i.code, i.files, i.authors)
            for i in result.islands
        ),
        technologies=tuple(
            TechnologyRow(t.entry, t.title, t.ring, t.before, t.after) for t in result.technologies
        ),
        owners=tuple(OwnerRow(o.kind, o.id, o.title, o.written, o.people) for o in result.owners),
        protected=tuple(
            ProtectedRow(p.kind, p.id, p.title, p.files, p.code, p.knowers)
            for p in result.protected
        ),
        names=dict(names),
    )
