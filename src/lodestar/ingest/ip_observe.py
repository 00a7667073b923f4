"""Read what the IP rules judge, at evaluation time: :func:`observe_ip`.

The register (:class:`~lodestar.records.ip.IpRegister`) is held against what git shows, read
through the git door and never from a working tree:

* the upstream mirrors' commits by the organisation's people (:mod:`lodestar.ingest.upstream`);
* each of the organisation's repositories at its **scanned** commit (the store's current
  scan): one ``git ls-tree -r`` listing paths and blob ids (no blob is read: 4 to 110 ms for
  each of eleven real project mirrors, pip's 1,070 files included), so a trade-secret
  file's blob id can be looked for in every other repository; and the few root files that may
  be a patent notice (``PATENTS*``; a ``NOTICE*`` or ``README*`` is read, 256 KiB at most, for
  the word "patent") of the repositories a granted or pending patent family covers.

Nothing is read when the register is empty and no upstream mirror is configured, so a
workspace without an ``ip/`` folder pays nothing; without trade secrets only the repositories
an export record's notice or a patent family names are listed. A repository git cannot read is a
:class:`~lodestar.records.ip_observed.RepositoryTree` with ``error`` set; the rest goes on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from lodestar.errors import GitError
from lodestar.gitio import GitRepository
from lodestar.ingest.upstream import upstream_projects
from lodestar.records import RepositoryRow
from lodestar.records.ip import IpRegister
from lodestar.records.ip_observed import IpObservations, RepositoryTree
from lodestar.store import known_people, list_repositories

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from lodestar.settings import Workspace

__all__ = [
    "NOTICE_BYTES",
    "covered_repositories",
    "observe_ip",
    "patent_notice_paths",
    "read_tree",
]

NOTICE_BYTES = 256 << 10  # of a NOTICE or README read for the word "patent"
_PATENT_FILE = re.compile(r"patents?(?:\.[a-z]{1,8})?", re.IGNORECASE)
_MAYBE_NOTICE = re.compile(r"(?:notice|readme)(?:[._-][a-z0-9]{1,8})*", re.IGNORECASE)
_PATENT_WORD = re.compile(rb"\bpatent", re.IGNORECASE)


def observe_ip(ws: Workspace, engine: Engine, register: IpRegister) -> IpObservations:
    """What the register is judged against (see the module's docstring)."""
    upstream = upstream_projects(ws, known_people(engine)) if ws.settings.sources.upstream else ()
    trees: dict[str, RepositoryTree] = {}
    covered = covered_repositories(register)
    wanted = covered | {e.repository for e in register.exports if e.notice}
    for row in list_repositories(engine) if not register.empty else ():
        # every repository when trade secrets are declared (a copy may be anywhere)
        if row.commit is not None and (register.trade_secrets or row.name in wanted):
            trees[row.name] = read_tree(row, notices=row.name in covered)
    return IpObservations(upstream, trees)


def covered_repositories(register: IpRegister) -> set[str]:
    """The repositories a granted or pending patent family names."""
    return {
        repository
        for family in register.patents
        if family.status in ("granted", "pending")
        for repository in family.repositories
    }


def read_tree(row: RepositoryRow, *, notices: bool = False) -> RepositoryTree:
    """One repository's blobs at its scanned commit (and, with ``notices``, its patent
    notice files)."""
    visibility = row.remote.visibility if row.remote is not None else None
    assert row.commit is not None  # noqa: S101  callers pass scanned repositories
    try:
        repo = GitRepository(row.path)
        raw = repo.run(["ls-tree", "-r", "-z", "--full-tree", row.commit])
    except GitError as exc:
        return RepositoryTree(row.name, row.commit, visibility=visibility, error=str(exc))
    blobs: dict[str, str] = {}
    for record in raw.split(b"\0"):
        head, _, path = record.partition(b"\t")
        parts = head.split(b" ")
        if len(parts) == 3 and parts[1] == b"blob" and path:
            blobs[path.decode("utf-8", "surrogateescape")] = parts[2].decode("ascii")
    found: tuple[str, ...] = ()
    if notices:
        try:
            found = patent_notice_paths(repo, blobs)
        except GitError:
            found = ()
    return RepositoryTree(row.name, row.commit, blobs, visibility, found)


def patent_notice_paths(repo: GitRepository, blobs: Mapping[str, str]) -> tuple[str, ...]:
    """The root files that are patent notices: ``PATENTS`` (any extension), or a ``NOTICE`` or
    ``README`` whose first 256 KiB mention a patent."""
    named = [p for p in blobs if "/" not in p and _PATENT_FILE.fullmatch(p)]
    maybe = [p for p in blobs if "/" not in p and _MAYBE_NOTICE.fullmatch(p)]
    by_oid: dict[str, list[str]] = {}
    for path in maybe:
        by_oid.setdefault(blobs[path], []).append(path)
    mentioned: list[str] = []
    for oid, data in repo.read_blobs(list(by_oid)):
        if data is not None and _PATENT_WORD.search(data[:NOTICE_BYTES]):
            mentioned += by_oid[oid]
    return tuple(sorted({*named, *mentioned}))
