"""Reading strategy files: each file's text, its YAML with positions, its pydantic model, and
every problem as ``path:line:column`` with the offending line.

:class:`Reader` walks a workspace folder (skipping ``_``/``.`` files, ``README.md`` and the radar
configuration, refusing symbolic links, more than :data:`MAX_FILES` files and files larger than
:data:`~lodestar.strategy.markdown.MAX_BYTES`), reads YAML files and front matter through
:func:`~lodestar.strategy.markdown.load_mapping`, and validates them against the models of
:mod:`lodestar.strategy.models`, turning each pydantic error into a positioned
:class:`~lodestar.errors.Problem` (unknown keys with a did-you-mean). :mod:`lodestar.strategy.
loader` builds the records from what it parsed.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lodestar.catalog import TechnologyCatalog
from lodestar.errors import ManifestError, Problem
from lodestar.records import RadarConfig
from lodestar.safeparse import Pos, YamlMap, position, validation_message
from lodestar.strategy import models as m
from lodestar.strategy.markdown import MAX_BYTES, load_mapping, split_front_matter

__all__ = ["MAX_FILES", "RADAR_CONFIG", "ModelT", "Parsed", "Reader"]

RADAR_CONFIG = "radar/config.yaml"
MAX_FILES = 5000  # per folder

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(slots=True)
class Parsed:
    """One validated file: its model, its raw YAML (for positions) and where it lives."""

    path: str
    model: Any
    raw: YamlMap
    body: str = ""


@dataclass(slots=True)
class Reader:
    """The files of one workspace, read once, and every problem found in them."""

    root: Path
    catalog: TechnologyCatalog | None
    radar: RadarConfig = field(default_factory=RadarConfig)
    problems: list[Problem] = field(default_factory=list)
    entry_ids: set[str] = field(default_factory=set)  # of every file, valid or not
    decision_ids: set[str] = field(default_factory=set)
    campaign_ids: set[str] = field(default_factory=set)
    _lines: dict[str, list[str]] = field(default_factory=dict)

    # --- reporting ---------------------------------------------------------------------------

    def report(self, path: str, pos: Pos | None, message: str) -> None:
        lines = self._lines.get(path, [])
        line = pos.line if pos else None
        source = lines[line - 1] if line is not None and 0 < line <= len(lines) else None
        self.problems.append(
            Problem(path, line, pos.column if pos else None, message, source_line=source)
        )

    def report_error(self, path: str, exc: ManifestError) -> None:
        """A file the YAML reader refused, at the line and column it names."""
        if exc.line is not None and exc.column is not None:
            self.report(path, Pos(exc.line, exc.column), exc.reason)
        else:
            self.report(path, None, exc.reason)

    # --- files ---------------------------------------------------------------------------------

    def files(self, folder: str, suffixes: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        """(relative path, text) of each file of a folder, in sorted order."""
        base = self.root / folder
        if not base.is_dir() or base.is_symlink():
            return
        count = 0
        for file in sorted(base.rglob("*")):
            rel = file.relative_to(self.root).as_posix()
            name = file.name
            if not name.endswith(suffixes) or name.startswith(("_", ".")) or name == "README.md":
                continue
            if rel == RADAR_CONFIG:
                continue
            if file.is_symlink():
                self.report(rel, None, "symbolic links are not followed; copy the file instead")
                continue
            if not file.is_file():
                continue
            count += 1
            if count > MAX_FILES:
                self.report(rel, None, f"more than {MAX_FILES} files in {folder}/; not read")
                return
            text = self.read(rel, file)
            if text is not None:
                yield rel, text

    def read(self, rel: str, file: Path) -> str | None:
        try:
            size = file.stat().st_size
            if size > MAX_BYTES:
                self.report(rel, None, f"file larger than {MAX_BYTES // 1024} KiB; split it")
                return None
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            self.report(rel, None, f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
            return None
        except OSError as exc:
            self.report(rel, None, f"cannot read: {exc.strerror or exc}")
            return None
        self._lines[rel] = text.splitlines()
        return text

    # --- parsing ----------------------------------------------------------------------------------

    def yaml_file(self, rel: str, text: str) -> YamlMap | None:
        try:
            return load_mapping(text, path=rel)
        except ManifestError as exc:
            self.report_error(rel, exc)
            return None

    def front_matter(self, rel: str, text: str) -> tuple[YamlMap, str] | None:
        parts = split_front_matter(text)
        if parts.yaml is None:
            self.report(
                rel,
                Pos(1, 1),
                "no front matter; the file must start with a '---' line, YAML keys, and '---'",
            )
            return None
        try:
            return load_mapping(parts.yaml, line_offset=1, path=rel), parts.body
        except ManifestError as exc:
            self.report_error(rel, exc)
            return None

    def documents(
        self, folder: str, model: type[BaseModel], noun: str, *, ids: set[str] | None = None
    ) -> list[Parsed]:
        """Every Markdown file of ``folder`` (front matter + body) whose name is a valid id,
        unique, and whose front matter ``model`` accepts; the others are problems. ``ids``
        receives every file's id, valid or not (so references to a broken file do not also
        read as unknown). The radar's entries and the IP register's disclosures."""
        parsed: list[Parsed] = []
        seen: dict[str, str] = {}
        for rel, text in self.files(folder, (".md",)):
            stem = Path(rel).stem
            if ids is not None:
                ids.add(stem)
            found = self.front_matter(rel, text)
            if found is None or self.bad_id(rel, stem):
                continue
            raw, body = found
            if stem in seen:
                self.report(rel, None, f"duplicate {noun} id {stem!r} (also {seen[stem]})")
                continue
            seen[stem] = rel
            valid = self.validate(model, raw, rel)
            if valid is not None:
                parsed.append(Parsed(rel, valid, raw, body))
        return parsed

    def bad_id(self, rel: str, stem: str) -> bool:
        """Whether a file's name is not a valid id (then reported)."""
        if m.is_slug(stem):
            return False
        self.report(
            rel,
            None,
            f"file name {stem!r} is not a valid id: use lower-case letters, digits and single "
            "dashes (e.g. python-3-12.md)",
        )
        return True

    def validate(self, model: type[ModelT], raw: YamlMap, rel: str) -> ModelT | None:
        context = {"radar": self.radar, "catalog": self.catalog}
        try:
            return model.model_validate(raw, context=context)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                self.report(rel, *_explain(model, raw, err))
            return None


def _unwrap(annotation: Any) -> list[Any]:
    """The types an annotation may hold (Optional, list, dict and Annotated opened up)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(annotation) for t in _unwrap(a)]
    if origin in (list, tuple):
        return _unwrap(typing.get_args(annotation)[0])
    if origin is dict:
        return _unwrap(typing.get_args(annotation)[1])
    return [annotation]


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for step in loc:
        if current is None:
            return None
        if isinstance(step, int):
            continue
        by_alias = {(f.alias or name): f for name, f in current.model_fields.items()}
        if step not in by_alias:
            # a dict key (criterion name, repository, …): the value type is already current
            continue
        found = [
            t
            for t in _unwrap(by_alias[step].annotation)
            if isinstance(t, type) and issubclass(t, BaseModel)
        ]
        current = found[0] if found else None
    return current


def _explain(
    model: type[BaseModel], raw: YamlMap, err: Any
) -> tuple[Pos | None, str]:  # err: pydantic ErrorDetails
    loc = tuple(err["loc"])
    kind = err["type"]
    message = validation_message(err)
    if kind == "extra_forbidden":
        holder = _model_at(model, loc[:-1])
        allowed = sorted(f.alias or n for n, f in holder.model_fields.items()) if holder else []
        key = str(loc[-1])
        hint = m.suggest(key, allowed)
        known = f"; known keys: {', '.join(allowed)}" if allowed and not hint else ""
        return (
            position(raw, loc, key=True),
            f"unknown key {key!r}{hint}{known} (free-form data goes under 'extra:')",
        )
    if kind == "missing":
        return position(raw, loc[:-1]), f"missing required key {loc[-1]!r}"
    where = ".".join(str(p) for p in loc)
    prefix = f"{where}: " if where else ""
    return position(raw, loc), f"{prefix}{message}"
