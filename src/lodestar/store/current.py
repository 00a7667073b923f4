"""The files and technologies of each repository's current scan, as records (stored data only).

The knowledge-risk, hotspot and skills analyses join these with the stored history.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, select

from lodestar.records import FileKind, FileStat, TechnologyUse
from lodestar.store.schema import file_stats, repositories, technologies

__all__ = ["current_files", "current_technologies"]


def current_files(engine: Engine, repository: str | None = None) -> dict[str, list[FileStat]]:
    """Repository name -> FileStats of its current scan (one repository when named)."""
    fs = file_stats.c
    query = (
        select(
            repositories.c.name,
            fs.path,
            fs.language,
            fs.kind,
            fs.size,
            fs.binary,
            fs.code,
            fs.comment,
            fs.blank,
        )
        .join(repositories, repositories.c.current_scan_id == fs.scan_id)
        .order_by(repositories.c.name, fs.path)
    )
    if repository is not None:
        query = query.where(repositories.c.name == repository)
    out: dict[str, list[FileStat]] = defaultdict(list)
    with engine.connect() as conn:
        for r in conn.execute(query):
            out[r.name].append(
                FileStat(
                    r.path,
                    r.language,
                    FileKind(r.kind),
                    r.size,
                    bool(r.binary),
                    r.code,
                    r.comment,
                    r.blank,
                )
            )
    return dict(out)


def current_technologies(engine: Engine) -> dict[str, list[TechnologyUse]]:
    """Repository name -> technology evidence of its current scan."""
    t = technologies.c
    query = (
        select(repositories.c.name, t.technology, t.via, t.evidence, t.path)
        .join(repositories, repositories.c.current_scan_id == t.scan_id)
        .order_by(repositories.c.name, t.technology)
    )
    out: dict[str, list[TechnologyUse]] = defaultdict(list)
    with engine.connect() as conn:
        for r in conn.execute(query):
            out[r.name].append(TechnologyUse(r.technology, r.via, r.evidence, r.path))
    return dict(out)
