"""Resolve every committed identity to a person: the one derivation of the person key.

Every history figure (activity, presence, truck factor, knowledge islands, departed owners,
experts) keys people by what :func:`refresh_people` stores: it reads each repository's distinct
authors with their commit counts, applies the ``.mailmap`` stored at the repository's mined tip
(:mod:`lodestar.scan.people`), joins the identities with
:func:`lodestar.scan.people_merge.resolve_people` (people.toml, then the automatic rules) and
rewrites ``identities``, ``people`` and ``person_links`` in one transaction through
:mod:`lodestar.store.people`, which also reads them back (``people_directory``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from lodestar.records.people import MergeLink, SeenIdentity
from lodestar.scan import DEFAULT_BOT_PATTERNS, PersonAlias, PersonSplit, resolve_people
from lodestar.scan.people import Mailmap, parse_mailmap
from lodestar.store import author_counts, mined_mailmaps, write_identities, write_people

__all__ = ["PeopleRefresh", "refresh_people", "refresh_people_details"]


@dataclass(frozen=True, slots=True)
class PeopleRefresh:
    """What one resolution found: identities, people, and the organisation's own domains."""

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
        write_identities(
            conn,
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
        write_people(conn, resolution.people, extra, raw_emails)
    return PeopleRefresh(len(found.seen), len(resolution.people), resolution.own_domains)


@dataclass(frozen=True, slots=True)
class _Identities:
    seen: list[SeenIdentity]  # after .mailmap, with commit counts
    rows: list[tuple[int, str, str, tuple[str, str]]]  # (repository, name, email) → mapped
    mailmap_links: list[tuple[tuple[str, str], MergeLink]]  # emails .mailmap joined


def _read_identities(conn: Connection) -> _Identities:
    """Every repository's distinct authors through its .mailmap, with commit counts."""
    tips = mined_mailmaps(conn)
    mailmaps = {repo_id: Mailmap(parse_mailmap(text)) for repo_id, _name, text in tips}
    names = {repo_id: name for repo_id, name, _text in tips}
    counted = author_counts(conn)
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
