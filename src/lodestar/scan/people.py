"""Who is who in git history: .mailmap, the workspace people file, and bots.

An author as committed (name, email) becomes one *person key*:

1. ``.mailmap`` (git's format, read from the repository's mined tip) maps it to a proper name
   and email; entries naming both the commit name and email win over email-only entries;
   matching ignores case, as git does;
2. the workspace people file (``people.toml``) joins several emails or names into one person,
   whose key is the email the file lists them under, with a team;
3. otherwise the key is the (mapped) email, lower-cased.

A person is a bot when its name or any of its emails matches one of the bot patterns (regular
expressions, searched case-insensitively). Bots are kept in the history and counted as
automation, but left out of people metrics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lodestar.records import Identity

DEFAULT_BOT_PATTERNS: tuple[str, ...] = (
    r"\[bot\]",
    r"^dependabot",
    r"^renovate",
    r"^github-actions",
    r"^greenkeeper",
    r"^snyk-bot",
)


@dataclass(frozen=True, slots=True)
class MailmapEntry:
    proper_name: str | None
    proper_email: str | None
    commit_name: str | None
    commit_email: str


@dataclass(frozen=True, slots=True)
class PersonAlias:
    """One person of the workspace people file."""

    key: str  # canonical email, lower-cased
    name: str
    emails: tuple[str, ...] = ()  # lower-cased, the key included
    names: tuple[str, ...] = ()
    team: str | None = None


def _comment_or_nothing(text: str) -> bool:
    rest = text.lstrip()
    return not rest or rest.startswith("#")


def _name_and_email(text: str) -> tuple[str, str, str] | None:
    """``Name <email>`` at the start of ``text``: (name, email, the rest); None if absent.

    The name may be empty and holds no ``#``; the email runs to the first ``>``. Plain string
    searches, each character looked at a bounded number of times (a regular expression for
    the whole line backtracked quadratically on a long run of blanks).
    """
    opening = text.find("<")
    closing = text.find(">", opening + 1) if opening >= 0 else -1
    if closing < 0 or "#" in text[:opening]:
        return None
    return text[:opening].strip(), text[opening + 1 : closing], text[closing + 1 :]


def _mailmap_fields(line: str) -> tuple[str, str, str | None, str | None] | None:
    """(proper name, proper email, commit name, commit email) as written, or None."""
    first = _name_and_email(line)
    if first is None:
        return None
    pname, pemail, rest = first
    if _comment_or_nothing(rest):
        return pname, pemail, None, None
    second = _name_and_email(rest)
    if second is None or not _comment_or_nothing(second[2]):
        return None
    return pname, pemail, second[0], second[1]


def parse_mailmap(text: str) -> list[MailmapEntry]:
    """Entries of a .mailmap; lines that do not follow the format are ignored, as git does."""
    entries: list[MailmapEntry] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = _mailmap_fields(stripped)
        if fields is None:
            continue
        pname = fields[0] or None
        pemail = fields[1].strip()
        cname = (fields[2] or "").strip() or None
        cemail = fields[3]
        if cemail is None:  # "Proper Name <commit@email>": the one email is the commit email
            if pname is None:
                continue
            entries.append(MailmapEntry(pname, None, None, pemail.lower()))
        else:
            entries.append(MailmapEntry(pname, pemail or None, cname, cemail.strip().lower()))
    return entries


class Mailmap:
    """Lookup over parsed .mailmap entries (later entries win, as in git)."""

    def __init__(self, entries: Iterable[MailmapEntry]) -> None:
        self._by_email: dict[str, MailmapEntry] = {}
        self._by_name_email: dict[tuple[str, str], MailmapEntry] = {}
        for entry in entries:
            if entry.commit_name is None:
                self._by_email[entry.commit_email] = _merge(
                    self._by_email.get(entry.commit_email), entry
                )
            else:
                key = (entry.commit_name.lower(), entry.commit_email)
                self._by_name_email[key] = _merge(self._by_name_email.get(key), entry)

    def map(self, name: str, email: str) -> tuple[str, str]:
        lowered = email.lower()
        entry = self._by_name_email.get((name.lower(), lowered)) or self._by_email.get(lowered)
        if entry is None:
            return name, email
        return entry.proper_name or name, entry.proper_email or email


def _merge(old: MailmapEntry | None, new: MailmapEntry) -> MailmapEntry:
    """git keeps the name of one line and the email of another for the same commit identity."""
    if old is None:
        return new
    return MailmapEntry(
        new.proper_name or old.proper_name,
        new.proper_email or old.proper_email,
        new.commit_name,
        new.commit_email,
    )


class BotMatcher:
    def __init__(self, patterns: Sequence[str] = DEFAULT_BOT_PATTERNS) -> None:
        self._patterns = [re.compile(p, re.IGNORECASE) for p in patterns]

    def __call__(self, name: str, email: str) -> bool:
        return any(p.search(name) or p.search(email) for p in self._patterns)


class IdentityResolver:
    """Raw (name, email) → person key, and the people seen, as :class:`Identity` values."""

    def __init__(
        self,
        people: Sequence[PersonAlias] = (),
        bot_patterns: Sequence[str] = DEFAULT_BOT_PATTERNS,
    ) -> None:
        self._people = {p.key: p for p in people}
        self._by_email: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        for person in people:
            for email in (person.key, *person.emails):
                self._by_email.setdefault(email.lower(), person.key)
            for alias in person.names:
                self._by_name.setdefault(alias.lower(), person.key)
        self._is_bot = BotMatcher(bot_patterns)
        self._names: dict[str, str] = {}
        self._emails: dict[str, set[str]] = {}
        self._bot: dict[str, bool] = {}

    def resolve(self, name: str, email: str, mailmap: Mailmap | None = None) -> str:
        """The person key of one committed identity; remembers it for :meth:`identities`."""
        raw_email = email.strip().lower()
        if mailmap is not None:
            name, email = mailmap.map(name, email)
        lowered = email.strip().lower()
        key = self._by_email.get(lowered) or self._by_name.get(name.strip().lower())
        if key is None:
            key = (lowered or f"unknown:{name.strip().lower()}")[:512]
        if key not in self._names or key not in self._people:
            self._names.setdefault(key, name)
        self._emails.setdefault(key, set()).update((lowered, raw_email))
        self._bot[key] = self._bot.get(key, False) or self._is_bot(name, email)
        return key

    def identities(self) -> dict[str, Identity]:
        """Every person resolved so far (and every person of the people file)."""
        out: dict[str, Identity] = {}
        for key in sorted(set(self._names) | set(self._people)):
            alias = self._people.get(key)
            emails = set(self._emails.get(key, set()))
            name = self._names.get(key, key)
            team = None
            if alias is not None:
                emails |= {alias.key, *alias.emails}
                name, team = alias.name, alias.team
            bot = self._bot.get(key, False) or self._is_bot(name, key)
            out[key] = Identity(key, name, tuple(sorted(e for e in emails if e)), team, bot)
        return out
