"""Internal names in text meant for outside: the public radar's leak guard.

:func:`internal_names` gathers what the workspace and its store know to be internal: repository
names, people's names and emails, and the owners and decision makers the strategy names.
:func:`find_names` finds them in a text as whole words, ignoring case (``orders-api`` is found
in "see orders-api." but not in "orders-apis"; a name shorter than ``MIN_LENGTH`` characters is
never looked for, it would match ordinary words). :func:`redact` replaces them.

One regular expression of escaped literals, longest first, with look-around boundaries: linear
in the text, no backtracking between alternatives beyond the literals themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lodestar.records import Identity, Strategy

__all__ = ["MIN_LENGTH", "REDACTED", "Leak", "find_names", "internal_names", "leaks_in", "redact"]

MIN_LENGTH = 3
REDACTED = "[internal]"
_BOUNDARY_BEFORE = r"(?<![\w@.+-])"
_BOUNDARY_AFTER = r"(?![\w@-]|\.\w)"


@dataclass(frozen=True, slots=True)
class Leak:
    name: str  # as the workspace knows it
    kind: str  # repository | person | email | owner | decision maker
    found: str  # as written in the text


def internal_names(
    repositories: Iterable[str],
    people: Mapping[str, Identity] | Iterable[Identity],
    strategy: Strategy | None = None,
) -> dict[str, str]:
    """Lower-cased name → its kind, for every internal name worth looking for."""
    out: dict[str, str] = {}

    def add(name: str | None, kind: str) -> None:
        text = (name or "").strip()
        if len(text) >= MIN_LENGTH:
            out.setdefault(text.lower(), kind)

    for repo in repositories:
        add(repo, "repository")
        add(repo.rsplit("/", 1)[-1], "repository")
    identities = people.values() if isinstance(people, Mapping) else people
    for person in identities:
        add(person.name, "person")
        for email in (person.key, *person.emails):
            if "@" in email:
                add(email, "email")
    if strategy is not None:
        for entry in strategy.entries:
            add(entry.owner, "owner")
        for decision in strategy.decisions:
            for who in (*decision.decision_makers, *decision.consulted, *decision.informed):
                add(who, "decision maker")
        for item in (*strategy.campaigns, *strategy.initiatives):
            add(getattr(item, "owner", None), "owner")
    return out


@lru_cache(maxsize=4)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(names, key=lambda n: (-len(n), n))
    body = "|".join(re.escape(n) for n in ordered)
    return re.compile(f"{_BOUNDARY_BEFORE}(?:{body}){_BOUNDARY_AFTER}", re.IGNORECASE)


def find_names(text: str, names: Mapping[str, str]) -> list[Leak]:
    """Every internal name in ``text`` (each name once, in order of first appearance)."""
    pattern = _pattern(tuple(sorted(names)))
    if pattern is None:
        return []
    seen: dict[str, Leak] = {}
    for match in pattern.finditer(text):
        key = match.group(0).lower()
        if key not in seen:
            seen[key] = Leak(key, names.get(key, "name"), match.group(0))
    return list(seen.values())


def redact(text: str, names: Mapping[str, str]) -> str:
    """``text`` with every internal name replaced by ``[internal]``."""
    pattern = _pattern(tuple(sorted(names)))
    return text if pattern is None else pattern.sub(REDACTED, text)


def leaks_in(texts: Sequence[tuple[str, str]], names: Mapping[str, str]) -> list[tuple[str, Leak]]:
    """(where, leak) for each internal name in each (where, text)."""
    return [(where, leak) for where, text in texts for leak in find_names(text, names)]
