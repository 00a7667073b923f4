"""The workspace people file, ``people.toml``: who is one person, and who is not.

Each table is one person, keyed by the email that identifies them from now on::

    ["amara.okafor@northwind-labs.example"]
    name = "Amara Okafor"
    team = "Platform"
    emails = ["amara@gmail.example"]   # other emails they commit with
    names = ["amara", "A. Okafor"]      # names whose commits (any email) are theirs

    [[split]]                            # emails that must stay different people,
    emails = ["john@a.example", "john@b.example"]   # whatever the automatic rules find
    reason = "two different Johns"

A missing file means no aliases and no splits. A wrong value is a ConfigError naming the file,
line and key. :func:`people_patch` writes the tables that make automatic merges explicit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lodestar.errors import ConfigError
from lodestar.safeparse import key_line, load_config_toml, table_lines
from lodestar.scan.people import PersonAlias, PersonSplit
from lodestar.scan.people_merge import ResolvedPerson, display_name, is_generic_email

PEOPLE_FILE = "people.toml"
MAX_PEOPLE_BYTES = 4 << 20
SPLIT = "split"
_KEYS = frozenset({"name", "team", "emails", "names"})
_SPLIT_KEYS = frozenset({"emails", "reason"})
_AUTOMATIC = frozenset({"noreply", "name", "local-part"})


@dataclass(frozen=True, slots=True)
class PeopleFile:
    aliases: tuple[PersonAlias, ...] = ()
    splits: tuple[PersonSplit, ...] = ()


def _line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("[") and key in line:
            return number
    return None


def load_people(workspace_root: Path) -> list[PersonAlias]:
    """The people of ``people.toml`` at the workspace root (empty when there is none)."""
    return list(load_people_file(workspace_root).aliases)


def load_people_file(workspace_root: Path) -> PeopleFile:
    """Aliases and splits of ``people.toml`` at the workspace root (empty when there is none)."""
    path = workspace_root / PEOPLE_FILE
    if not path.is_file():
        return PeopleFile()
    if path.stat().st_size > MAX_PEOPLE_BYTES:
        raise ConfigError("file is larger than 4 MiB", path=str(path))
    text = path.read_text("utf-8", "replace")
    data = load_config_toml(str(path), text)
    people = [
        _alias(str(path), _line(text, key), key, value)
        for key, value in data.items()
        if key != SPLIT
    ]
    splits = _splits(str(path), text, data.get(SPLIT, []))
    owner = {e: a.key for a in people for e in a.emails}
    for split, line in zip(splits, table_lines(text, SPLIT), strict=False):
        tables = [owner.get(e) for e in split.emails]
        clash = next((t for t in tables if t is not None and tables.count(t) > 1), None)
        if clash is not None:
            raise ConfigError(
                f"this split keeps apart emails the table [{clash!r}] joins; remove one of them",
                path=str(path),
                line=line,
                key=f"{SPLIT}.emails",
            )
    return PeopleFile(tuple(people), splits)


def _alias(path: str, line: int | None, key: str, value: Any) -> PersonAlias:
    if "@" not in key:
        raise ConfigError(
            'each table must be named by the person\'s email, e.g. ["ann@example.com"]'
            " (or be a [[split]])",
            path=path,
            line=line,
            key=key,
        )
    if not isinstance(value, dict):
        raise ConfigError(
            "expected a table (name, team, emails, names)", path=path, line=line, key=key
        )
    unknown = sorted(set(value) - _KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r}; expected name, team, emails, names",
            path=path,
            line=line,
            key=key,
        )
    for field in ("emails", "names"):
        items = value.get(field, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ConfigError(
                "expected a list of strings", path=path, line=line, key=f"{key}.{field}"
            )
    for field in ("name", "team"):
        if field in value and not isinstance(value[field], str):
            raise ConfigError("expected a string", path=path, line=line, key=f"{key}.{field}")
    lowered = key.strip().lower()
    return PersonAlias(
        key=lowered,
        name=value.get("name") or key,
        emails=tuple(
            dict.fromkeys([lowered, *(e.strip().lower() for e in value.get("emails", []))])
        ),
        names=tuple(value.get("names", [])),
        team=value.get("team") or None,
    )


def _splits(path: str, text: str, value: object) -> tuple[PersonSplit, ...]:
    lines = table_lines(text, SPLIT)
    if not isinstance(value, list):
        raise ConfigError(
            "expected [[split]] tables, each with emails = [...]",
            path=path,
            line=next(
                (n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith(SPLIT)),
                None,
            ),
            key=SPLIT,
        )
    out: list[PersonSplit] = []
    for index, entry in enumerate(value):
        line = lines[index] if index < len(lines) else None
        if not isinstance(entry, dict):
            raise ConfigError("expected a table (emails, reason)", path=path, line=line, key=SPLIT)
        unknown = sorted(set(entry) - _SPLIT_KEYS)
        if unknown:
            raise ConfigError(
                f"unknown key {unknown[0]!r}; expected emails, reason",
                path=path,
                line=key_line(text, line, unknown[0]),
                key=f"{SPLIT}.{unknown[0]}",
            )
        emails = entry.get("emails")
        if (
            not isinstance(emails, list)
            or not all(isinstance(e, str) and "@" in e for e in emails)
            or len({e.strip().lower() for e in emails}) < 2
        ):
            raise ConfigError(
                "expected a list of two or more different emails",
                path=path,
                line=key_line(text, line, "emails"),
                key=f"{SPLIT}.emails",
            )
        reason = entry.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise ConfigError(
                "expected a string",
                path=path,
                line=key_line(text, line, "reason"),
                key=f"{SPLIT}.reason",
            )
        out.append(PersonSplit(tuple(dict.fromkeys(e.strip().lower() for e in emails)), reason))
    return tuple(out)


def toml_string(value: str) -> str:
    """A TOML basic string; control characters escaped, so any text is one safe line."""
    out = []
    for ch in value:
        if ch in {'"', "\\"}:
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:  # C0 controls, DEL and C1 controls
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _list(values: Sequence[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def people_patch(people: Sequence[ResolvedPerson], aliases: Sequence[PersonAlias]) -> str:
    """people.toml tables for every automatic merge, to review and commit.

    A person the file already has gets a complete replacement table (marked so); a person
    whose every email is generic gets no table (a generic email would join strangers), only a
    comment. Empty when there is nothing to suggest.
    """
    tables = {a.key: a for a in aliases}
    parts: list[str] = []
    for person in people:
        rules = [link for link in person.links if link.applied and link.rule in _AUTOMATIC]
        if not rules:
            continue
        why = "; ".join(f"{link.rule} {toml_string(link.value)}" for link in rules)
        block = _table(person, tables.get(person.identity.key), why)
        if block:
            parts.append(block)
    return "\n".join(parts)


def _table(person: ResolvedPerson, table: PersonAlias | None, why: str) -> str:
    identity = person.identity
    personal = sorted(
        (e for e in identity.emails if not is_generic_email(e)), key=lambda e: e != identity.key
    )
    names = sorted({m.name for m in person.members if is_generic_email(m.email)})
    if not personal and table is None:
        return f"# not suggested: {toml_string(identity.name)} commits only under generic emails\n"
    key = table.key if table else personal[0]
    emails = list(dict.fromkeys([*(table.emails if table else ()), *personal]))
    emails = [e for e in emails if e != key]
    names = list(dict.fromkeys([*(table.names if table else ()), *names]))
    if table is not None and set(emails) <= set(table.emails) and set(names) <= set(table.names):
        return ""
    name = table.name if table else display_name(person.members)
    lines = [f"# merged by {why}"]
    if table is not None:
        lines.append("# replaces the existing table of this person")
    lines.append(f"[{toml_string(key)}]")
    lines.append(f"name = {toml_string(name)}")
    if table is not None and table.team:
        lines.append(f"team = {toml_string(table.team)}")
    if emails:
        lines.append(f"emails = {_list(emails)}")
    if names:
        lines.append(f"names = {_list(names)}")
    return "\n".join(lines) + "\n"
