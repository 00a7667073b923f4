"""Read stored history: the contract the history analyses build on (no git access here).

* :func:`repository_history` — one repository's commits (oldest first, by committer date, ties
  in mining order), with per-file line counts and renames, its tags peeled to commits, and
  ``author_email`` replaced by the person key; ``people`` holds an :class:`Identity` for every
  key used.
* :func:`organisation_history` — the same for every repository with mined history.
* :func:`monthly_snapshots` — technologies, dependencies and runtimes at the last commit of
  each month (time travel).

``repository`` is the repository's name as ``lodestar repos`` shows it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache

from sqlalchemy import Connection, Engine, select

from lodestar.errors import UsageError
from lodestar.records import (
    Commit,
    Dependency,
    FileChange,
    Identity,
    MonthlySnapshot,
    RepoHistory,
    RuntimeDeclaration,
    Tag,
)
from lodestar.store.inventory import dependency_record
from lodestar.store.schema import (
    commits,
    file_changes,
    history_tips,
    identities,
    people,
    repositories,
    snapshot_dependencies,
    snapshot_runtimes,
    snapshot_technologies,
    tags,
)
from lodestar.store.schema import (
    monthly_snapshots as snapshots_table,
)

__all__ = [
    "monthly_snapshots",
    "organisation_history",
    "people_index",
    "repository_history",
    "to_datetime",
]


@cache
def _tz(minutes: int) -> dt.timezone:
    return dt.UTC if minutes == 0 else dt.timezone(dt.timedelta(minutes=minutes))


def to_datetime(seconds: int, tz_minutes: int) -> dt.datetime:
    """A stored (epoch seconds, UTC offset minutes) pair as an aware datetime."""
    return dt.datetime.fromtimestamp(seconds, _tz(tz_minutes))


def _repository_ids(conn: Connection, repository: str | None) -> list[tuple[int, str]]:
    query = (
        select(repositories.c.id, repositories.c.name)
        .join(history_tips, history_tips.c.repository_id == repositories.c.id)
        .order_by(repositories.c.name, repositories.c.id)
    )
    if repository is not None:
        query = query.where(repositories.c.name == repository)
    return [(int(r.id), str(r.name)) for r in conn.execute(query)]


def _unknown(conn: Connection, repository: str) -> UsageError:
    known = conn.execute(select(repositories.c.id).where(repositories.c.name == repository)).first()
    if known is None:
        return UsageError(
            f"no repository named {repository!r}; 'lodestar repos' lists the known names"
        )
    return UsageError(
        f"repository {repository!r} has no mined history yet; run 'lodestar scan' (without "
        "--no-history)"
    )


def people_index(conn: Connection) -> dict[str, Identity]:
    """Every resolved person by person key (bots flagged), with their ``people.toml`` team."""
    return {
        r.key: Identity(
            r.key,
            r.name,
            tuple(e for e in r.emails.split("\n") if e),
            r.team,
            bool(r.bot),
        )
        for r in conn.execute(select(people))
    }


def _person_keys(conn: Connection, repo_id: int) -> dict[tuple[str, str], str]:
    """(author name, author email) as committed → person key."""
    return {
        (r.name, r.email): r.person
        for r in conn.execute(
            select(identities.c.name, identities.c.email, identities.c.person).where(
                identities.c.repository_id == repo_id
            )
        )
    }


def _changes(conn: Connection, repo_id: int) -> dict[int, list[FileChange]]:
    """The file changes of each commit, by the commit's mining order (``seq``)."""
    changes: dict[int, list[FileChange]] = defaultdict(list)
    for seq, path, old_path, added, removed in conn.execute(
        select(
            file_changes.c.seq,
            file_changes.c.path,
            file_changes.c.old_path,
            file_changes.c.added,
            file_changes.c.removed,
        ).where(file_changes.c.repository_id == repo_id)
    ):
        changes[seq].append(FileChange(path, added, removed, old_path))
    return changes


def _tags(conn: Connection, repo_id: int) -> tuple[Tag, ...]:
    tag_rows = conn.execute(
        select(tags.c.name, tags.c.sha, tags.c.tagged_at, tags.c.tz)
        .where(tags.c.repository_id == repo_id)
        .order_by(tags.c.tagged_at, tags.c.name)
    )
    return tuple(Tag(t.name, t.sha, to_datetime(t.tagged_at, t.tz)) for t in tag_rows)


def _history(
    conn: Connection, repo_id: int, name: str, everyone: dict[str, Identity]
) -> RepoHistory:
    mapping = _person_keys(conn, repo_id)
    changes = _changes(conn, repo_id)
    used: dict[str, Identity] = {}
    out: list[Commit] = []
    c = commits.c
    rows = conn.execute(
        select(
            c.seq,
            c.sha,
            c.parents,
            c.author_name,
            c.author_email,
            c.authored_at,
            c.author_tz,
            c.committer_email,
            c.committed_at,
            c.committer_tz,
            c.subject,
        )
        .where(c.repository_id == repo_id)
        .order_by(c.committed_at, c.seq)
    )
    for (
        seq,
        sha,
        parents,
        author_name,
        author_email,
        authored_at,
        author_tz,
        committer_email,
        committed_at,
        committer_tz,
        subject,
    ) in rows:
        key = mapping.get((author_name, author_email)) or author_email.lower()
        if key not in used:
            used[key] = everyone.get(key) or Identity(key, author_name, (author_email.lower(),))
        fc = changes.get(seq)
        out.append(
            Commit(
                sha,
                tuple(parents.split()),
                author_name,
                key,
                to_datetime(authored_at, author_tz),
                committer_email,
                to_datetime(committed_at, committer_tz),
                subject,
                tuple(fc) if fc else (),
            )
        )
    return RepoHistory(repository=name, commits=tuple(out), tags=_tags(conn, repo_id), people=used)


def repository_history(engine: Engine, repository: str) -> RepoHistory:
    """The stored history of one repository; UsageError when it is unknown or not mined."""
    with engine.connect() as conn:
        ids = _repository_ids(conn, repository)
        if not ids:
            raise _unknown(conn, repository)
        repo_id, name = ids[0]
        return _history(conn, repo_id, name, people_index(conn))


def organisation_history(engine: Engine) -> list[RepoHistory]:
    """The stored history of every repository that has one, by repository name."""
    with engine.connect() as conn:
        everyone = people_index(conn)
        return [_history(conn, rid, name, everyone) for rid, name in _repository_ids(conn, None)]


def monthly_snapshots(engine: Engine, repository: str | None = None) -> list[MonthlySnapshot]:
    """Stored monthly snapshots (of one repository, or all), by repository then month."""
    s = snapshots_table.c
    with engine.connect() as conn:
        query = (
            select(s.id, s.month, s.commit, repositories.c.name)
            .join(repositories, repositories.c.id == s.repository_id)
            .order_by(repositories.c.name, s.month)
        )
        if repository is not None:
            query = query.where(repositories.c.name == repository)
        rows = list(conn.execute(query))
        if repository is not None and not rows:
            known = conn.execute(
                select(repositories.c.id).where(repositories.c.name == repository)
            ).first()
            if known is None:
                raise _unknown(conn, repository)
        wanted = [r.id for r in rows]
        techs: dict[int, list[str]] = defaultdict(list)
        deps: dict[int, list[Dependency]] = defaultdict(list)
        runs: dict[int, list[RuntimeDeclaration]] = defaultdict(list)
        for chunk in _chunks(wanted):
            for t in conn.execute(
                select(snapshot_technologies)
                .where(snapshot_technologies.c.snapshot_id.in_(chunk))
                .order_by(snapshot_technologies.c.technology)
            ):
                techs[t.snapshot_id].append(t.technology)
            for d in conn.execute(
                select(snapshot_dependencies).where(snapshot_dependencies.c.snapshot_id.in_(chunk))
            ):
                deps[d.snapshot_id].append(dependency_record(d))
            for r in conn.execute(
                select(snapshot_runtimes).where(snapshot_runtimes.c.snapshot_id.in_(chunk))
            ):
                runs[r.snapshot_id].append(
                    RuntimeDeclaration(
                        r.product,
                        r.version,
                        r.declared,
                        r.path,
                        r.line,
                        r.source,
                        r.intent,
                        r.allowed,
                    )
                )
    return [
        MonthlySnapshot(
            repository=r.name,
            month=r.month,
            commit=r.commit,
            technologies=tuple(techs.get(r.id, ())),
            dependencies=tuple(sorted(deps.get(r.id, ()), key=lambda d: (d.manifest, d.purl))),
            runtimes=tuple(sorted(runs.get(r.id, ()), key=lambda x: (x.path, x.product))),
        )
        for r in rows
    ]


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
