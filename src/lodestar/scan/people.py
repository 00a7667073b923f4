"""Who is who in git history: .mailmap, the workspace people file's records, and bots.

An author as committed (name, email) goes through ``.mailmap`` (git's format, read from the
repository's mined tip) to a proper name and email; entries naming both the commit name and
email win over email-only entries; matching ignores case, as git does. The identities that
result are joined into people by :mod:`lodestar.scan.people_merge`: the workspace people file
(``people.toml``: :class:`PersonAlias`, :class:`PersonSplit`) first, then automatic rules.

A person is a bot when its name or any of its emails matches one of the bot patterns (regular
expressions, searched case-insensitively). Bots are kept in the history and counted as
automation, but left out of people metrics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class PersonSplit:
    """A ``[[split]]`` of the people file: emails that must stay different people."""

    emails: tuple[str, ...]  # lower-cased, two or more
    reason: str | None = None


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
