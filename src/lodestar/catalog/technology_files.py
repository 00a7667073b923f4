"""Reading technology catalog files: the shipped ones, their compiled form, a workspace's.

The reviewed sources are ``data/technologies/<category>.toml``. Parsing some 200 KB of TOML
takes longer than a catalog load may (tomllib is pure Python), so the package also ships
``data/technologies.json``, the same entries already parsed, stamped with the SHA-256 of the
sources it was compiled from. :func:`load_shipped` uses it only while that stamp matches the
TOML files it sits next to, and falls back to parsing them otherwise, so an edit without a
recompile is slow, never wrong; ``scripts/compile_catalogs.py`` (and a test) keep the
two in step.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import TypeAdapter, ValidationError

from lodestar.catalog.technology_model import Technology
from lodestar.errors import ConfigError
from lodestar.safeparse import key_line, load_config_toml, table_lines, validation_message

__all__ = [
    "COMPILED",
    "TABLE",
    "Entry",
    "compile_shipped",
    "load_shipped",
    "merge",
    "parse_file",
    "parse_shipped",
    "shipped_files",
    "sources_digest",
]

TABLE = "technology"
COMPILED = "technologies.json"
_SHIPPED_DIR = "lodestar/catalog/data/technologies"
_TECHNOLOGIES: TypeAdapter[list[Technology]] = TypeAdapter(list[Technology])


@dataclass(frozen=True, slots=True)
class Entry:
    """A parsed ``[[technology]]`` table: a technology, or the removal of an id."""

    id: str
    technology: Technology | None
    path: str
    line: int | None


def parse_file(text: str, path: str, *, allow_remove: bool) -> list[Entry]:
    """The ``[[technology]]`` entries of one catalog file."""
    doc = load_config_toml(path, text)
    raw = doc.get(TABLE, [])
    if not isinstance(raw, list):
        raise ConfigError("expected an array of [[technology]] tables", path=path, key=TABLE)
    lines = table_lines(text, TABLE)
    entries: list[Entry] = []
    for index, body in enumerate(raw):
        line = lines[index] if index < len(lines) else None
        if not isinstance(body, dict):
            raise ConfigError("expected a table", path=path, line=line, key=TABLE)
        entries.append(_entry(body, text, path, line, allow_remove=allow_remove))
    return entries


def _entry(
    body: dict[str, Any], text: str, path: str, line: int | None, *, allow_remove: bool
) -> Entry:
    tech_id = body.get("id")
    if not isinstance(tech_id, str):
        raise ConfigError("every entry needs an id", path=path, line=line, key="id")
    remove = body.get("remove", False)
    if remove is not False:
        if not allow_remove or remove is not True:
            message = "expected true" if allow_remove else "only a workspace may remove entries"
            raise ConfigError(message, path=path, line=key_line(text, line, "remove"), key="remove")
        extra = sorted(set(body) - {"id", "remove"})
        if extra:
            raise ConfigError(
                f"a removal holds only id and remove, not {', '.join(extra)}",
                path=path,
                line=key_line(text, line, extra[0]),
                key=extra[0],
            )
        return Entry(tech_id, None, path, line)
    try:
        tech = Technology.model_validate(body)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [str(part) for part in error["loc"]]
        key = loc[0] if loc else None
        reason = "unknown key" if error["type"] == "extra_forbidden" else validation_message(error)
        raise ConfigError(
            f"{tech_id}: {reason}",
            path=path,
            line=key_line(text, line, key) if key else line,
            key=".".join(loc) or None,
        ) from exc
    return Entry(tech_id, tech, path, line)


def shipped_files() -> list[tuple[str, str]]:
    """(file name, text) of every shipped technology file, sorted by name."""
    folder = resources.files("lodestar.catalog") / "data" / "technologies"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [(f.name, f.read_text("utf-8")) for f in files]


def sources_digest(files: Iterable[tuple[str, str]]) -> str:
    """SHA-256 over the names and texts of catalog files."""
    digest = hashlib.sha256()
    for name, text in files:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()


def parse_shipped(files: Iterable[tuple[str, str]]) -> list[Technology]:
    """Every entry of the shipped files; an id defined twice is a ConfigError."""
    seen: dict[str, Entry] = {}
    for name, text in files:
        path = f"{_SHIPPED_DIR}/{name}"
        for entry in parse_file(text, path, allow_remove=False):
            if entry.id in seen:
                first = seen[entry.id]
                raise ConfigError(
                    f"duplicate technology id {entry.id!r} (first at {first.path}:{first.line})",
                    path=path,
                    line=key_line(text, entry.line, "id"),
                    key="id",
                )
            seen[entry.id] = entry
    return [e.technology for e in seen.values() if e.technology is not None]


def compile_shipped(files: Sequence[tuple[str, str]] | None = None) -> str:
    """The text of ``data/technologies.json`` for the given (default: shipped) files."""
    sources = shipped_files() if files is None else list(files)
    technologies = parse_shipped(sources)
    head = {
        "generated_by": "scripts/compile_catalogs.py; do not edit, edit the .toml files",
        "sources_sha256": sources_digest(sources),
    }
    rows = [
        json.dumps(t.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)
        for t in technologies
    ]  # one entry per line, so that diffs of the generated file stay readable
    return json.dumps(head)[:-1] + ', "technologies": [\n' + ",\n".join(rows) + "\n]}\n"


def load_shipped() -> list[Technology]:
    """The shipped entries: from the compiled file while it is current, else from the TOML."""
    files = shipped_files()
    compiled = resources.files("lodestar.catalog") / "data" / COMPILED
    if compiled.is_file():
        doc = json.loads(compiled.read_bytes())  # shipped and compiled by us: trusted
        if doc.get("sources_sha256") == sources_digest(files):
            return _TECHNOLOGIES.validate_python(doc["technologies"])
    return parse_shipped(files)


def merge(base: Sequence[Technology], entries: Sequence[Entry]) -> list[Technology]:
    """``base`` with workspace entries applied: add, replace by id, or remove."""
    merged: dict[str, Technology] = {t.id: t for t in base}
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in seen:
            first = seen[entry.id]
            raise ConfigError(
                f"technology {entry.id!r} is defined twice (first at {first.path}:{first.line})",
                path=entry.path,
                line=entry.line,
                key="id",
            )
        seen[entry.id] = entry
        if entry.technology is not None:
            merged[entry.id] = entry.technology
        elif merged.pop(entry.id, None) is None:
            raise ConfigError(
                f"cannot remove {entry.id!r}: no such technology",
                path=entry.path,
                line=entry.line,
                key="id",
            )
    return list(merged.values())
