"""History records: commits, tags, people as history resolves them, monthly snapshots.

Re-exported by :mod:`lodestar.records`; import them from there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lodestar.records import Dependency, RuntimeDeclaration

__all__ = [
    "Commit",
    "FileChange",
    "HistoryWarning",
    "Identity",
    "MonthlySnapshot",
    "RepoHistory",
    "Tag",
]


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file touched by one commit, as ``git log --numstat`` reports it (renames resolved)."""

    path: str  # path after the commit
    added: int | None  # None for binary files
    removed: int | None
    old_path: str | None = None  # the path before, when git detected a rename or copy


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of a repository's history. Dates are timezone-aware.

    For a merge, ``changes`` is empty: its changes are already counted on the merged side.
    """

    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    authored_at: dt.datetime
    committer_email: str
    committed_at: dt.datetime
    subject: str
    changes: tuple[FileChange, ...] = ()

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag that names a commit, with the date of the tag (annotated) or of its commit."""

    name: str
    sha: str  # the commit it points to (peeled)
    date: dt.datetime


@dataclass(frozen=True, slots=True)
class HistoryWarning:
    """Something odd in one commit or tag of one repository's history; mining goes on.

    ``message`` says what was read, how it was read, and keeps the raw value.
    """

    repository: str
    item: str  # "commit <sha>" or "tag <name>"
    message: str

    def __str__(self) -> str:
        return f"{self.repository}: {self.item}: {self.message}"


@dataclass(frozen=True, slots=True)
class Identity:
    """One person (or bot) after .mailmap and the workspace people file are applied."""

    key: str  # stable id: the canonical email, lower-cased
    name: str
    emails: tuple[str, ...]
    team: str | None = None
    bot: bool = False


@dataclass(frozen=True, slots=True)
class RepoHistory:
    """A repository's stored history, ready for analyses (no git access needed).

    ``commits`` are oldest first; their ``author_email`` is already the person key (the canonical
    email after .mailmap and the workspace people file), so ``people[commit.author_email]``
    always exists.
    """

    repository: str
    commits: tuple[Commit, ...]
    tags: tuple[Tag, ...] = ()
    people: dict[str, Identity] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MonthlySnapshot:
    """What a repository used at the last commit of a month (time travel)."""

    repository: str
    month: dt.date  # first day of the month
    commit: str  # last commit of that month
    technologies: tuple[str, ...] = ()  # catalog ids
    dependencies: tuple[Dependency, ...] = ()
    runtimes: tuple[RuntimeDeclaration, ...] = ()
