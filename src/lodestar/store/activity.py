"""Who changed what, cheaply: each repository's people and their last commit there, and the
organisation's people with their teams — what ownership needs without loading every history
(:func:`lodestar.store.organisation.load_organisation`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import Engine, func, select

from lodestar.records import Identity
from lodestar.store.history import people_index
from lodestar.store.schema import commits, identities, repositories

__all__ = ["known_people", "person_activity"]


def known_people(engine: Engine) -> dict[str, Identity]:
    """Every resolved person (bots included, flagged), by person key, with their team."""
    with engine.connect() as conn:
        return people_index(conn)


def person_activity(
    engine: Engine, people: Mapping[str, Identity] | None = None
) -> dict[str, dict[str, dt.datetime]]:
    """Per repository name: each person's (key's) last authored commit there, in UTC; bots
    (flagged in ``people``, read when not given) are left out."""
    c = commits.c
    people = known_people(engine) if people is None else people
    bots = {key for key, identity in people.items() if identity.bot}
    out: dict[str, dict[str, dt.datetime]] = {}
    with engine.connect() as conn:
        keys = {
            (r.repository_id, r.name, r.email): r.person
            for r in conn.execute(
                select(
                    identities.c.repository_id,
                    identities.c.name,
                    identities.c.email,
                    identities.c.person,
                )
            )
        }
        rows = conn.execute(
            select(
                c.repository_id,
                repositories.c.name.label("repository"),
                c.author_name,
                c.author_email,
                func.max(c.authored_at).label("last"),
            )
            .join(repositories, repositories.c.id == c.repository_id)
            .group_by(c.repository_id, repositories.c.name, c.author_name, c.author_email)
        )
        for row in rows:
            key = keys.get((row.repository_id, row.author_name, row.author_email))
            key = key or str(row.author_email).lower()
            if key in bots:
                continue
            when = dt.datetime.fromtimestamp(int(row.last), dt.UTC)
            seen = out.setdefault(row.repository, {})
            if key not in seen or when > seen[key]:
                seen[key] = when
    return out
