"""Where mirrored repositories come from: the remote columns of ``repositories`` (0012).

:func:`record_remotes` writes a repository's :class:`~lodestar.records.RemoteInfo` (its clone
URL without credentials, and what its forge said of it) when ``lodestar mirror`` or ``scan``
resolves the remote sources; :func:`remote_of` reads it back from a row of ``repositories``
(None for a repository found on disk).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Engine, RowMapping, update

from lodestar.records import RemoteInfo, RepositoryRef
from lodestar.store.schema import repositories
from lodestar.store.writer import ensure_repository

REMOTE_COLUMNS = (
    "remote_url",
    "forge",
    "default_branch",
    "archived",
    "fork",
    "topics",
    "visibility",
    "web_url",
)


def record_remotes(engine: Engine, remotes: Iterable[tuple[RepositoryRef, RemoteInfo]]) -> int:
    """Keep each mirrored repository's origin and forge metadata on its row (created when
    missing); returns how many were written. One transaction for all."""
    written = 0
    with engine.begin() as conn:
        for ref, info in remotes:
            repo_id = ensure_repository(conn, ref)
            conn.execute(
                update(repositories)
                .where(repositories.c.id == repo_id)
                .values(
                    remote_url=info.url,
                    forge=info.forge,
                    default_branch=info.default_branch,
                    archived=info.archived,
                    fork=info.fork,
                    topics=json.dumps(list(info.topics)) if info.topics else None,
                    visibility=info.visibility,
                    web_url=info.web_url,
                )
            )
            written += 1
    return written


def remote_of(row: RowMapping) -> RemoteInfo | None:
    """The RemoteInfo of a ``repositories`` row holding :data:`REMOTE_COLUMNS`, or None."""
    if row["remote_url"] is None:
        return None
    try:
        topics = json.loads(row["topics"]) if row["topics"] else []
    except ValueError:
        topics = []
    return RemoteInfo(
        url=row["remote_url"],
        forge=row["forge"],
        default_branch=row["default_branch"],
        archived=None if row["archived"] is None else bool(row["archived"]),
        fork=None if row["fork"] is None else bool(row["fork"]),
        topics=tuple(t for t in topics if isinstance(t, str)) if isinstance(topics, list) else (),
        visibility=row["visibility"],
        web_url=row["web_url"],
    )
