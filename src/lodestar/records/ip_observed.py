"""What the repositories show that the IP register is checked against.

:class:`IpObservations` is read at evaluation time by :func:`lodestar.ingest.ip_observe.observe_ip`
(through the git door only: ``git log`` of the upstream mirrors, ``ls-tree`` of each
repository's scanned commit, the few notice files' blobs) and judged by
:mod:`lodestar.analysis.drift_ip_observed`:

* :class:`UpstreamProject` — one upstream mirror (``[sources] upstream``) and the commits the
  organisation's people made to it (outbound contributions);
* :class:`RepositoryTree` — one of the organisation's repositories at its scanned commit: every
  blob's path and object id (trade-secret copies are found by blob id), its visibility as the
  forge reported it, and which of its files are patent notices.

Plain frozen records, as :mod:`lodestar.records.ip` holds the register's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["IpObservations", "RepositoryTree", "UpstreamCommit", "UpstreamProject"]


@dataclass(frozen=True, slots=True)
class UpstreamCommit:
    """One commit an organisation person authored in an upstream project."""

    sha: str
    person: str  # person key (the canonical email, lower-cased), or the email on an own domain
    email: str  # as committed
    when: dt.datetime  # author date, aware
    added: int = 0
    deleted: int = 0
    signed_off: bool = False  # a Signed-off-by trailer (the DCO) is present
    subject: str = ""

    @property
    def lines(self) -> int:
        return self.added + self.deleted


@dataclass(frozen=True, slots=True)
class UpstreamProject:
    """One upstream mirror and the organisation's contributions to it."""

    name: str  # the mirror's folder name without ``.git`` (``pip``)
    path: str  # where the mirror is, as configured (workspace-relative when it was)
    url: str | None = None  # its ``remote.origin.url`` when it has one
    commits: tuple[UpstreamCommit, ...] = ()  # by the organisation's people, oldest first
    read: int = 0  # commits read in all (everyone's)
    error: str | None = None  # why it could not be read (the other projects go on)

    @property
    def authors(self) -> tuple[str, ...]:
        """The organisation's people who contributed, most commits first."""
        counts: dict[str, int] = {}
        for commit in self.commits:
            counts[commit.person] = counts.get(commit.person, 0) + 1
        return tuple(sorted(counts, key=lambda p: (-counts[p], p)))

    @property
    def lines(self) -> int:
        return sum(c.lines for c in self.commits)

    @property
    def first(self) -> dt.datetime | None:
        return min((c.when for c in self.commits), default=None)

    @property
    def last(self) -> dt.datetime | None:
        return max((c.when for c in self.commits), default=None)


@dataclass(frozen=True, slots=True)
class RepositoryTree:
    """One of the organisation's repositories at its scanned commit."""

    repository: str
    commit: str
    blobs: dict[str, str] = field(default_factory=dict)  # path -> blob id
    visibility: str | None = None  # as the forge reported it ("public", "private", "internal")
    patent_notices: tuple[str, ...] = ()  # paths of files that are patent notices
    error: str | None = None  # why the tree could not be read


@dataclass(frozen=True, slots=True)
class IpObservations:
    """Everything :mod:`lodestar.analysis.drift_ip_observed` judges the register against."""

    upstream: tuple[UpstreamProject, ...] = ()
    trees: dict[str, RepositoryTree] = field(default_factory=dict)  # by repository name
