"""People in the store: resolve every committed identity to a person, and read them back.

:func:`refresh_people` is the one derivation of the person key every history figure uses
(activity, presence, truck factor, knowledge islands, departed owners, experts): it reads each
repository's distinct authors with their commit counts, applies the ``.mailmap`` stored at the
repository's mined tip, joins the identities with :func:`lodestar.scan.people_merge.resolve_people`
(people.toml, then the automatic rules) and rewrites ``identities``, ``people`` and
``person_links`` in one transaction. :func:`people_directory` reads them back for
``lodestar people``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, func, insert, select

from lodestar.records import Identity
from lodestar.scan.people import (
    DEFAULT_BOT_PATTERNS,
    Mailmap,
    PersonAlias,
    PersonSplit,
    parse_mailmap,
)
from lodestar.scan.people_merge import MergeLink, ResolvedPerson, SeenIdentity, resolve_people
from lodestar.store.schema import (
    commits,
    history_tips,
    identities,
    people,
    person_links,
    repositories,
)

__all__ = ["PeopleRefresh", "people_directory", "refresh_people"]


@dataclass(frozen=True, slots=True)
class PeopleRefresh:
    identities: int  # distinct (name, email) after .mailmap
    people: int  # people and bots
    own_domains: tuple[str, ...]


def refresh_people(
    engine: Engine,
    aliases: Sequence[PersonAlias] = (),
    bot_patterns: Sequence[str] = DEFAULT_BOT_PATTERNS,
    *,
    splits: Sequence[PersonSplit] = (),
    own_domains: Sequence[str] = (),
) -> int:
    """Resolve every stored identity to a person; returns the number of people (bots included)."""
    return refresh_people_details(
        engine, aliases, bot_patterns, splits=splits, own_domains=own_domains
    ).people


def refresh_people_details(
    engine: Engine,
    aliases: Sequence[PersonAlias] = (),
    bot_patterns: Sequence[str] = DEFAULT_BOT_PATTERNS,
    *,
    splits: Sequence[PersonSplit] = (),
    own_domains: Sequence[str] = (),
) -> PeopleRefresh:
    """:func:`refresh_people`, with the counts ``lodestar scan`` reports."""
    with engine.begin() as conn:
        found = _read_identities(conn)
        resolution = resolve_people(found.seen, aliases, splits, own_domains, bot_patterns)
        conn.execute(delete(identities))
        if found.rows:
            conn.execute(
                insert(identities),
                [
                    {"repository_id": rid, "name": n, "email": e, "person": resolution.key_of(*p)}
                    for rid, n, e, p in found.rows
                ],
            )
        extra = defaultdict(list)
        for pair, link in found.mailmap_links:
            extra[resolution.key_of(*pair)].append(link)
        raw_emails: dict[str, set[str]] = defaultdict(set)
        for _rid, _n, e, p in found.rows:
            raw_emails[resolution.key_of(*p)].add(e.strip().lower())
        _write_people(conn, resolution.people, extra, raw_emails)
    return PeopleRefresh(len(found.seen), len(resolution.people), resolution.own_domains)


@dataclass(frozen=True, slots=True)
class _Identities:
    seen: list[SeenIdentity]  # after .mailmap, with commit counts
    rows: list[tuple[int, str, str, tuple[str, str]]]  # (repository, name, email) → mapped
    mailmap_links: list[tuple[tuple[str, str], MergeLink]]  # emails .mailmap joined


def _read_identities(conn: Connection) -> _Identities:
    """Every repository's distinct authors through its .mailmap, with commit counts."""
    c = commits.c
    tips = conn.execute(
        select(history_tips.c.repository_id, history_tips.c.mailmap, repositories.c.name).join(
            repositories, repositories.c.id == history_tips.c.repository_id
        )
    ).all()
    mailmaps = {int(r.repository_id): Mailmap(parse_mailmap(r.mailmap)) for r in tips}
    names = {int(r.repository_id): str(r.name) for r in tips}
    counted = conn.execute(
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
    totals: dict[tuple[str, str], int] = defaultdict(int)
    lasts: dict[tuple[str, str], int] = defaultdict(int)
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = []
    links: set[tuple[tuple[str, str], MergeLink]] = set()
    for r in counted:
        repo_id, raw_email = int(r.repository_id), r.author_email.strip().lower()
        mailmap = mailmaps.get(repo_id)
        name, email = (
            mailmap.map(r.author_name, r.author_email) if mailmap else (r.author_name, raw_email)
        )
        pair = (name, email.strip().lower())
        totals[pair] += int(r.n)
        lasts[pair] = max(lasts[pair], int(r.last))
        where[pair].add(names.get(repo_id, ""))
        rows.append((repo_id, r.author_name, r.author_email, pair))
        if pair[1] != raw_email:
            raw = f"{r.author_name} <{raw_email}>"
            links.add(
                (pair, MergeLink(".mailmap", names.get(repo_id, ""), raw, f"{name} <{pair[1]}>"))
            )
    seen = [
        SeenIdentity(n, e, totals[(n, e)], lasts[(n, e)], tuple(sorted(where[(n, e)])))
        for n, e in sorted(totals)
    ]
    return _Identities(seen, rows, sorted(links, key=lambda x: (x[1].value, x[1].left, x[1].right)))


def _write_people(
    conn: Connection,
    found: Sequence[ResolvedPerson],
    extra: dict[str, list[MergeLink]],
    raw_emails: dict[str, set[str]],
) -> None:
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
