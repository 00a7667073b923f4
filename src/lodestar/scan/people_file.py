"""The workspace people file, ``people.toml``: several identities joined into one person.

Each table is one person, keyed by the email that identifies them from now on::

    ["amara.okafor@northwind-labs.example"]
    name = "Amara Okafor"
    team = "Platform"
    emails = ["amara@gmail.example"]   # other emails they commit with
    names = ["amara", "A. Okafor"]      # names whose commits (any email) are theirs

A missing file means no aliases. A wrong value is a ConfigError naming the file, line and key.
"""

from __future__ import annotations

from pathlib import Path

from lodestar.catalog.toml_positions import load_toml
from lodestar.errors import ConfigError
from lodestar.scan.people import PersonAlias

PEOPLE_FILE = "people.toml"
MAX_PEOPLE_BYTES = 4 << 20
_KEYS = frozenset({"name", "team", "emails", "names"})


def _line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("[") and key in line:
            return number
    return None


def load_people(workspace_root: Path) -> list[PersonAlias]:
    """The people of ``people.toml`` at the workspace root (empty when there is none)."""
    path = workspace_root / PEOPLE_FILE
    if not path.is_file():
        return []
    if path.stat().st_size > MAX_PEOPLE_BYTES:
        raise ConfigError("file is larger than 4 MiB", path=str(path))
    text = path.read_text("utf-8", "replace")
    data = load_toml(text, str(path))
    people: list[PersonAlias] = []
    for key, value in data.items():
        line = _line(text, key)
        if "@" not in key:
            raise ConfigError(
                'each table must be named by the person\'s email, e.g. ["ann@example.com"]',
                path=str(path),
                line=line,
                key=key,
            )
        if not isinstance(value, dict):
            raise ConfigError(
                "expected a table (name, team, emails, names)", path=str(path), line=line, key=key
            )
        unknown = sorted(set(value) - _KEYS)
        if unknown:
            raise ConfigError(
                f"unknown key {unknown[0]!r}; expected name, team, emails, names",
                path=str(path),
                line=line,
                key=key,
            )
        for field in ("emails", "names"):
            items = value.get(field, [])
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise ConfigError(
                    "expected a list of strings", path=str(path), line=line, key=f"{key}.{field}"
                )
        for field in ("name", "team"):
            if field in value and not isinstance(value[field], str):
                raise ConfigError(
                    "expected a string", path=str(path), line=line, key=f"{key}.{field}"
                )
        lowered = key.strip().lower()
        people.append(
            PersonAlias(
                key=lowered,
                name=value.get("name") or key,
                emails=tuple(
                    dict.fromkeys([lowered, *(e.strip().lower() for e in value.get("emails", []))])
                ),
                names=tuple(value.get("names", [])),
                team=value.get("team") or None,
            )
        )
    return people
