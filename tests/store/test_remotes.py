"""A mirrored repository's origin and forge metadata, kept on its row (migration 0012)."""

from __future__ import annotations

from sqlalchemy import Engine

from lodestar.records import RemoteInfo, RepositoryRef
from lodestar.store import list_repositories, record_remotes, register_repositories
from lodestar.store.db import open_engine


def _engine(database_url: str) -> Engine:
    return open_engine(database_url)


def test_remote_metadata_is_written_read_and_updated(database_url: str) -> None:
    engine = _engine(database_url)
    local = RepositoryRef("tools", "/srv/git/tools")
    mirrored = RepositoryRef("acme/api", "/ws/.lodestar/mirrors/github.com/acme/api.git", True)
    register_repositories(engine, [local])
    info = RemoteInfo(
        url="https://github.com/acme/api.git",
        forge="github",
        default_branch="main",
        archived=False,
        fork=False,
        topics=("python", "api"),
        visibility="private",
        web_url="https://github.com/acme/api",
    )
    assert record_remotes(engine, [(mirrored, info)]) == 1
    rows = {r.name: r for r in list_repositories(engine)}
    assert rows["tools"].remote is None
    assert rows["acme/api"].remote == info
    assert rows["acme/api"].bare
    moved = RemoteInfo(url="https://github.com/acme/api.git", forge="github", archived=True)
    record_remotes(engine, [(mirrored, moved)])
    assert {r.name: r for r in list_repositories(engine)}["acme/api"].remote == moved
    engine.dispose()
