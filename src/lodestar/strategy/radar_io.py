"""Radar import and export: Thoughtworks Build-Your-Own-Radar (CSV, JSON) and the AOE layout.

**BYOR CSV** has a header row ``name,ring,quadrant,isNew,status,description`` (column order
free, names matched without regard to case). ``status`` is BYOR's optional movement column
(``New``, ``Moved In``, ``Moved Out``, ``No Change``, any case; BYOR prefers it to ``isNew``
when both are there): on import it is checked and kept under the entry's ``extra`` (movement on
Lodestar's radar comes from the workspace's git history); on export it says how each entry
moved in the latest edition, and ``isNew`` is kept for older BYOR versions, which read only it.
**BYOR JSON** is a list of objects with the same keys.

**AOE technology radar**: one folder per edition (``radar/2024-03-01/``), one markdown file per
entry and edition, front matter ``title``, ``ring``, ``quadrant``, ``tags``, ``featured``; the
file name is the entry id. Editions are read in name order: the latest ring, title, quadrant and
tags win, and the latest non-empty text is the description.

Importing maps quadrants and rings onto the workspace's radar (ignoring case and punctuation,
with the usual synonyms: AOE's ``methods-and-patterns`` is Techniques), gives each entry an id
(the slug of its name, or the AOE file name) and, when its name is a technology of the catalog,
a matcher for it. Problems are reported like any strategy file's, with the row's line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lodestar.catalog import TechnologyCatalog
from lodestar.errors import ManifestError, Problem, StrategyError
from lodestar.records import RadarConfig, RadarMove, Strategy
from lodestar.safeparse import load_json
from lodestar.strategy.markdown import MAX_BYTES, load_mapping, split_front_matter
from lodestar.strategy.models import suggest
from lodestar.strategy.writing import dump_front_matter, slugify

__all__ = [
    "ImportedEntry",
    "export_aoe",
    "export_aoe_editions",
    "export_byor_csv",
    "export_byor_json",
    "import_entries",
    "read_aoe",
    "read_byor_csv",
    "read_byor_json",
]

MAX_IMPORT_BYTES = 8 * MAX_BYTES
BYOR_COLUMNS = ("name", "ring", "quadrant", "isNew", "status", "description")
# BYOR's status values (README "Want to show blip movement information?"), by Lodestar's move kind
BYOR_STATUS = {"new": "New", "moved-in": "Moved In", "moved-out": "Moved Out", None: "No Change"}

_SYNONYMS = {
    "Techniques": ("techniques", "methods-and-patterns", "methods", "patterns", "practices"),
    "Tools": ("tools",),
    "Platforms": (
        "platforms",
        "platforms-and-aoe-services",
        "platforms-and-operations",
        "platforms-and-services",
        "infrastructure",
    ),
    "Languages & Frameworks": ("languages-and-frameworks", "languages", "frameworks"),
}


@dataclass(frozen=True, slots=True)
class Row:
    """One entry as read from a foreign format, before mapping."""

    name: str
    ring: str
    quadrant: str
    description: str
    where: str  # path
    line: int | None
    entry_id: str | None = None
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    status: str = ""  # BYOR's status cell, as written


@dataclass(frozen=True, slots=True)
class ImportedEntry:
    id: str
    title: str
    quadrant: str
    ring: str
    description: str
    tags: tuple[str, ...] = ()
    technology: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def path(self) -> str:
        return f"radar/{self.id}.md"

    def text(self) -> str:
        data: dict[str, Any] = {
            "title": self.title,
            "quadrant": self.quadrant,
            "ring": self.ring,
            "tags": list(self.tags),
            "matchers": [{"technology": self.technology}] if self.technology else None,
            "extra": self.extra,
        }
        return dump_front_matter(data, self.description)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", "and")).strip("-")


def _read_text(path: Path) -> str:
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise StrategyError(
            [Problem(str(path), None, None, f"larger than {MAX_IMPORT_BYTES >> 20} MiB")]
        )
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StrategyError(
            [Problem(str(path), None, None, f"not UTF-8 text (byte {exc.start})")]
        ) from None


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in {"true", "yes"})


def read_byor_csv(path: Path) -> list[Row]:
    """The rows of a BYOR CSV file."""
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    except csv.Error as exc:
        raise StrategyError([Problem(str(path), 1, None, f"unreadable CSV: {exc}")]) from None
    missing = [c for c in ("name", "ring", "quadrant") if c not in header]
    if missing:
        raise StrategyError(
            [
                Problem(
                    str(path),
                    1,
                    1,
                    f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                    f"a BYOR sheet has the columns {','.join(BYOR_COLUMNS)}",
                    text.splitlines()[0] if text else None,
                )
            ]
        )
    rows = []
    try:
        for record in reader:

            def cell(name: str, record: dict[str | Any, str | Any] = record) -> str:
                value = record.get(header.get(name.lower(), name))
                return value.strip() if isinstance(value, str) else ""

            if not any(cell(c) for c in ("name", "ring", "quadrant")):
                continue
            rows.append(
                Row(
                    name=cell("name"),
                    ring=cell("ring"),
                    quadrant=cell("quadrant"),
                    description=cell("description"),
                    where=str(path),
                    line=reader.line_num,
                    extra={"is-new": True} if _truthy(cell("isnew")) else {},
                    status=cell("status"),
                )
            )
    except csv.Error as exc:
        raise StrategyError(
            [Problem(str(path), reader.line_num or None, None, f"unreadable CSV: {exc}")]
        ) from None
    return rows


def read_byor_json(path: Path) -> list[Row]:
    """The entries of a BYOR JSON file (a list of objects)."""
    try:
        data = load_json(str(path), _read_text(path))
    except ManifestError as exc:  # a refusal without a position is the file's: line 1
        problem = Problem(str(path), exc.line or 1, exc.column or 1, exc.reason)
        raise StrategyError([problem]) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise StrategyError(
            [
                Problem(
                    str(path), 1, 1, "a BYOR JSON file is a list of {name, ring, quadrant} objects"
                )
            ]
        )
    rows = []
    for index, item in enumerate(data):
        lowered = {str(k).lower(): v for k, v in item.items()}

        def value(key: str, lowered: dict[str, Any] = lowered) -> str:
            found = lowered.get(key.lower())
            return str(found).strip() if found is not None else ""

        rows.append(
            Row(
                name=value("name"),
                ring=value("ring"),
                quadrant=value("quadrant"),
                description=value("description"),
                where=f"{path}[{index}]",
                line=None,
                extra={"is-new": True} if _truthy(lowered.get("isnew")) else {},
                status=value("status"),
            )
        )
    return rows


def read_aoe(folder: Path) -> list[Row]:
    """The entries of an AOE radar: ``folder`` holds edition folders (or a ``radar/`` that does)."""
    if (folder / "radar").is_dir():
        folder = folder / "radar"
    editions = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    if not editions:
        raise StrategyError(
            [Problem(str(folder), None, None, "no edition folders (e.g. radar/2024-03-01/*.md)")]
        )
    return [_aoe_row(entry_id, state) for entry_id, state in _aoe_merged(editions).items()]


def _aoe_merged(editions: list[Path]) -> dict[str, dict[str, Any]]:
    """Each entry's front matter and description, later editions overriding earlier ones."""
    merged: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for edition in editions:
        for file in sorted(edition.glob("*.md")):
            if file.is_symlink() or not file.is_file():
                continue
            try:
                text = _read_text(file)
                parts = split_front_matter(text)
                meta = load_mapping(parts.yaml or "", line_offset=1, path=str(file))
            except ManifestError as exc:
                problems.append(Problem(str(file), exc.line, exc.column, exc.reason))
                continue
            except StrategyError as exc:
                problems.extend(exc.problems)
                continue
            state = merged.setdefault(file.stem, {"where": str(file), "edition": edition.name})
            state["where"] = str(file)
            state["last-edition"] = edition.name
            for key in ("title", "ring", "quadrant", "tags", "featured"):
                if meta.get(key) not in (None, ""):
                    state[key] = meta[key]
            if parts.body.strip():
                state["description"] = parts.body.strip()
    if problems:
        raise StrategyError(problems)
    return merged


def _aoe_row(entry_id: str, state: dict[str, Any]) -> Row:
    tags = state.get("tags") or []
    extra: dict[str, Any] = {"aoe-first-edition": state["edition"]}
    if state.get("featured") is False or state.get("featured") == "false":
        extra["featured"] = False
    return Row(
        name=str(state.get("title") or entry_id),
        ring=str(state.get("ring") or ""),
        quadrant=str(state.get("quadrant") or ""),
        description=str(state.get("description") or ""),
        where=str(state["where"]),
        line=1,
        entry_id=entry_id,
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (str(tags),),
        extra=extra,
    )


def _map(value: str, choices: tuple[str, ...], synonyms: bool) -> str | None:
    wanted = _norm(value)
    for choice in choices:
        if wanted == _norm(choice):
            return choice
        if synonyms and wanted in _SYNONYMS.get(choice, ()):
            return choice
    return None


def _status_extra(row: Row) -> tuple[dict[str, Any], Problem | None]:
    """The row's ``extra`` with its BYOR status kept (``byor-status``; ``New`` also sets
    ``is-new``), or a problem naming the values BYOR knows."""
    if not row.status:
        return row.extra, None
    known = {v.lower(): v for v in BYOR_STATUS.values()}
    status = known.get(" ".join(row.status.lower().split()))
    if status is None:
        choices = list(known.values())
        return row.extra, Problem(
            row.where,
            row.line,
            None,
            f"{row.name}: unknown status {row.status!r}{suggest(row.status, choices)}; BYOR's "
            f"statuses are {', '.join(choices)}",
        )
    extra = {**row.extra, "byor-status": status}
    if status == "New":
        extra["is-new"] = True
    return extra, None


def import_entries(
    rows: Iterable[Row],
    config: RadarConfig,
    catalog: TechnologyCatalog | None = None,
    taken: Iterable[str] = (),
) -> list[ImportedEntry]:
    """Map foreign rows onto the workspace radar; StrategyError lists each row that does not fit."""
    problems: list[Problem] = []
    entries: list[ImportedEntry] = []
    used = set(taken)
    seen: dict[str, str] = {}
    for row in rows:
        where = f"{row.where}:{row.line}" if row.line else row.where
        quadrant = _map(row.quadrant, config.quadrants, synonyms=True)
        ring = _map(row.ring, config.rings, synonyms=False)
        if not row.name:
            problems.append(Problem(row.where, row.line, None, "entry without a name"))
            continue
        if quadrant is None:
            problems.append(
                Problem(
                    row.where,
                    row.line,
                    None,
                    f"{row.name}: unknown quadrant {row.quadrant!r}"
                    f"{suggest(row.quadrant, list(config.quadrants))}; "
                    f"the radar's quadrants are {', '.join(config.quadrants)}",
                )
            )
        if ring is None:
            problems.append(
                Problem(
                    row.where,
                    row.line,
                    None,
                    f"{row.name}: unknown ring {row.ring!r}{suggest(row.ring, list(config.rings))}"
                    f"; the radar's rings are {', '.join(config.rings)}",
                )
            )
        extra, bad_status = _status_extra(row)
        if bad_status is not None:
            problems.append(bad_status)
        if quadrant is None or ring is None or bad_status is not None:
            continue
        entry_id = slugify(row.entry_id or row.name)
        if entry_id in seen:
            problems.append(
                Problem(
                    row.where, row.line, None, f"{row.name}: listed twice (also {seen[entry_id]})"
                )
            )
            continue
        seen[entry_id] = where
        candidate, n = entry_id, 2
        while candidate in used:
            candidate, n = f"{entry_id}-{n}", n + 1
        used.add(candidate)
        tech = catalog.find(row.name) if catalog is not None else None
        entries.append(
            ImportedEntry(
                id=candidate,
                title=row.name,
                quadrant=quadrant,
                ring=ring,
                description=row.description,
                tags=row.tags,
                technology=tech.id if tech is not None else None,
                extra=extra,
            )
        )
    if problems:
        raise StrategyError(problems)
    return entries


def _latest_statuses(moves: Iterable[RadarMove], rings: tuple[str, ...]) -> dict[str, str]:
    """Entry id → how it moved in the latest edition (the date of the newest move): ``new``,
    ``moved-in`` or ``moved-out``; entries that did not move (or came back to the ring they had
    before it) are absent."""
    moves = list(moves)
    if not moves:
        return {}
    last = max(m.date for m in moves)
    first: dict[str, RadarMove] = {}
    final: dict[str, RadarMove] = {}
    for move in moves:
        if move.date == last:
            first.setdefault(move.entry, move)
            final[move.entry] = move
    order = {ring: i for i, ring in enumerate(rings)}
    statuses = {}
    for entry, move in final.items():
        before = first[entry].previous_ring
        if before is None or any(m.kind == "new" for m in (first[entry], move)):
            statuses[entry] = "new"
        elif order.get(move.ring, len(rings)) < order.get(before, len(rings)):
            statuses[entry] = "moved-in"
        elif order.get(move.ring, len(rings)) > order.get(before, len(rings)):
            statuses[entry] = "moved-out"
    return statuses


def _byor_rows(strategy: Strategy, moves: Iterable[RadarMove]) -> list[dict[str, str]]:
    """The sheet's rows; without any ring history (a workspace outside git) ``status`` is left
    empty rather than claiming "No Change"."""
    moves = list(moves)
    statuses = _latest_statuses(moves, strategy.radar.rings)
    return [
        {
            "name": e.title,
            "ring": e.ring,
            "quadrant": e.quadrant,
            "isNew": "TRUE" if statuses.get(e.id) == "new" else "FALSE",
            "status": BYOR_STATUS[statuses.get(e.id)] if moves else "",
            "description": e.description,
        }
        for e in sorted(strategy.entries, key=lambda e: (e.quadrant, e.ring, e.title.lower()))
    ]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert_cell(value: str) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading quote
    (OWASP's advice against CSV injection; the radar's text comes from anyone's pull request)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_byor_csv(strategy: Strategy, moves: Iterable[RadarMove] = ()) -> str:
    """The radar as a BYOR CSV sheet: ``status`` says how each entry moved in the latest
    edition (New, Moved In, Moved Out, No Change), ``isNew`` marks the new ones.

    Cells that a spreadsheet would read as formulas are quoted (see :func:`_inert_cell`)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=BYOR_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {key: _inert_cell(value) for key, value in row.items()}
        for row in _byor_rows(strategy, moves)
    )
    return out.getvalue()


def export_byor_json(strategy: Strategy, moves: Iterable[RadarMove] = ()) -> str:
    """The radar as a BYOR JSON list."""
    return json.dumps(_byor_rows(strategy, moves), indent=2, ensure_ascii=False) + "\n"


def export_aoe(strategy: Strategy, edition: str) -> dict[str, str]:
    """``radar/EDITION/ID.md`` files in the AOE layout (relative path → text)."""
    files = {}
    for entry in strategy.entries:
        data = {
            "title": entry.title,
            "ring": _norm(entry.ring),
            "quadrant": _norm(entry.quadrant),
            "tags": list(entry.tags),
            "featured": True,
        }
        files[f"radar/{edition}/{entry.id}.md"] = dump_front_matter(data, entry.description)
    return files


def export_aoe_editions(
    editions: list[tuple[str, dict[str, tuple[dict[str, object], str]]]],
) -> dict[str, str]:
    """AOE edition folders from the radar as committed at each edition, oldest first.

    As in an AOE radar, an edition folder holds the entries that are new in it or whose ring,
    quadrant or text changed since the previous edition; the others carry over.
    """
    files: dict[str, str] = {}
    previous: dict[str, tuple[str, str, str, str]] = {}
    for name, entries in editions:
        for entry_id, (meta, body) in entries.items():
            ring, quadrant = str(meta.get("ring") or ""), str(meta.get("quadrant") or "")
            title = str(meta.get("title") or entry_id)
            state = (_norm(ring), _norm(quadrant), title, body.strip())
            if previous.get(entry_id) == state:
                continue
            tags = meta.get("tags")
            data = {
                "title": title,
                "ring": state[0],
                "quadrant": state[1],
                "tags": [str(t) for t in tags] if isinstance(tags, list) else [],
                "featured": True,
            }
            files[f"radar/{name}/{entry_id}.md"] = dump_front_matter(data, body)
            previous[entry_id] = state
    return files
