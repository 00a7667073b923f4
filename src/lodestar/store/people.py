"""People in the store: what resolving identities reads and writes, and the people read back.

:func:`lodestar.ingest.people.refresh_people` (the one derivation of the person key every
history figure uses) reads each repository's distinct authors (:func:`author_counts`) and the
``.mailmap`` at its mined tip (:func:`mined_mailmaps`), resolves them, and rewrites
``identities`` (:func:`write_identities`), ``people`` and ``person_links``
(:func:`write_people`) in one transaction. :func:`people_directory` reads them back for
``lodestar people``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Row, delete, func, insert, select

from lodestar.records import Identity
from lodestar.records.people import MergeLink, ResolvedPerson, SeenIdentity
from lodestar.store.schema import (
    commits,
    history_tips,
    identities,
    people,
    person_links,
    repositories,
)

__all__ = [
    "author_counts",
    "mined_mailmaps",
    "people_directory",
    "write_identities",
    "write_people",
]


def mined_mailmaps(conn: Connection) -> list[tuple[int, str, str]]:
    """(repository id, repository name, .mailmap text at its mined tip) of every mined
    repository."""
    tips = conn.execute(
        select(history_tips.c.repository_id, history_tips.c.mailmap, repositories.c.name).join(
            repositories, repositories.c.id == history_tips.c.repository_id
        )
    ).all()
    return [(int(r.repository_id), str(r.name), r.mailmap) for r in tips]


def author_counts(conn: Connection) -> Sequence[Row[Any]]:
    """Every repository's distinct (author name, author email) as committed, with its commits
    (``n``) and its latest authored date (``last``), by repository then identity."""
    c = commits.c
    return conn.execute(
        select(
            c.repository_id,
            c.author_name,
            c.author_email,
            func.count().label("n"),
            func.max(c.authored_at).label("last"),
        )
        .group_by(c.repository_id, c.author_name, c.author_email)
        .order_by(c.repository_id, c.author_name, c.author_email)
    ).all()


def write_identities(conn: Connection, rows: Sequence[dict[str, object]]) -> None:
    """The stored identities (repository id, name, email as committed → person key) become
    ``rows``."""
    conn.execute(delete(identities))
    if rows:
        conn.execute(insert(identities), rows)


def write_people(
    conn: Connection,
    found: Sequence[ResolvedPerson],
    extra: dict[str, list[MergeLink]],
    raw_emails: dict[str, set[str]],
) -> None:
    """The stored people and the links that joined them become ``found`` (``extra``: more links
    by person key, the .mailmap's; ``raw_emails``: emails as committed, by person key)."""
    conn.execute(delete(people))
    conn.execute(delete(person_links))
    if not found:
        return
    conn.execute(
        insert(people),
        [
            {
                "key": p.identity.key,
                "name": p.identity.name,
                "emails": "\n".join(
                    sorted({*p.identity.emails, *raw_emails.get(p.identity.key, ())} - {""})
                ),
                "team": p.identity.team,
                "bot": p.identity.bot,
            }
            for p in found
        ],
    )
    links = [
        {
            "person": p.identity.key,
            "rule": link.rule,
            "value": link.value,
            "left_identity": link.left,
            "right_identity": link.right,
            "applied": link.applied,
        }
        for p in found
        for link in (*extra.get(p.identity.key, ()), *p.links)
    ]
    if links:
        conn.execute(insert(person_links), links)


def people_directory(engine: Engine) -> list[ResolvedPerson]:
    """Every stored person with the identities they commit under (as committed, with commit
    counts and repositories) and the links that joined them; most commits first."""
    c = commits.c
    with engine.connect() as conn:
        everyone = {
            r.key: Identity(
                r.key, r.name, tuple(e for e in r.emails.split("\n") if e), r.team, bool(r.bot)
            )
            for r in conn.execute(select(people))
        }
        counted = conn.execute(
            select(
                identities.c.person,
                identities.c.name,
                identities.c.email,
                repositories.c.name.label("repository"),
                func.count().label("n"),
                func.max(c.authored_at).label("last"),
            )
            .join(
                commits,
                (c.repository_id == identities.c.repository_id)
                & (c.author_name == identities.c.name)
                & (c.author_email == identities.c.email),
            )
            .join(repositories, repositories.c.id == identities.c.repository_id)
            .group_by(
                identities.c.person, identities.c.name, identities.c.email, repositories.c.name
            )
        ).all()
        links: dict[str, list[MergeLink]] = defaultdict(list)
        for r in conn.execute(select(person_links).order_by(person_links.c.id)):
            links[r.person].append(
                MergeLink(r.rule, r.value, r.left_identity, r.right_identity, bool(r.applied))
            )
    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    lasts: dict[tuple[str, str, str], int] = defaultdict(int)
    where: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in counted:
        at = (str(r.person), str(r.name), str(r.email).strip().lower())
        totals[at] += int(r.n)
        lasts[at] = max(lasts[at], int(r.last))
        where[at].add(str(r.repository))
    members: dict[str, list[SeenIdentity]] = defaultdict(list)
    for at, n in totals.items():
        members[at[0]].append(SeenIdentity(at[1], at[2], n, lasts[at], tuple(sorted(where[at]))))
    out = [
        ResolvedPerson(
            identity,
            tuple(
                sorted(members.get(key, ()), key=lambda m: (-m.commits, -m.last, m.email, m.name))
            ),
            tuple(links.get(key, ())),
        )
        for key, identity in everyone.items()
    ]
    return sorted(out, key=lambda p: (-p.commits, p.identity.key))
