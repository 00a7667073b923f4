"""Writing strategy files: new decisions from the template, and edits that keep the rest intact.

Decision ids are ``ADR-YYYYMMDD-slug`` (the date the record was created and a slug of its
title), for example ``ADR-20261123-postgres-for-ledgers``. There is no shared counter, so two
branches never both take "the next number": two decisions only collide when they are created on
the same day with the same title, and then their files have the same name, which git reports as
a conflict instead of merging two records under one id. :func:`new_decision_id` adds ``-2``,
``-3``… when the id is already taken in the working copy.

Edits (:func:`set_front_matter_key`) replace the lines of one top-level front matter key and
leave every other byte of the file as it was: comments, key order, the body.

:func:`write_decision` and :func:`supersede_decision` are the two steps ``lodestar decision new``
and ``lodestar decision supersede`` take on a workspace's files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from lodestar.catalog import list_command, load_catalog
from lodestar.errors import UsageError
from lodestar.safeparse import YamlList as YList
from lodestar.safeparse import YamlMap as YMap
from lodestar.strategy.history import radar_editions, radar_files_at
from lodestar.strategy.loader import load_radar_config, load_strategy
from lodestar.strategy.markdown import load_mapping, split_front_matter
from lodestar.strategy.models import suggest

if TYPE_CHECKING:
    from lodestar.catalog import TechnologyCatalog
    from lodestar.records import Decision, Strategy
    from lodestar.strategy.adr_io import ImportedDecision

__all__ = [
    "decision_template",
    "dump_front_matter",
    "find_decision",
    "import_decision_folder",
    "import_radar",
    "new_decision_id",
    "plain",
    "set_front_matter_key",
    "slugify",
    "supersede",
    "supersede_decision",
    "write_aoe_editions",
    "write_decision",
    "write_files",
]


def slugify(text: str, *, limit: int = 60) -> str:
    """``Use PostgreSQL 16 (ledgers)!`` → ``use-postgresql-16-ledgers``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("&", " and ").replace("+", " plus ").replace("#", " sharp ")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:limit].rstrip("-")
    return slug or "untitled"


def new_decision_id(title: str, day: dt.date, taken: Iterable[str] = ()) -> str:
    """``ADR-YYYYMMDD-slug``, with ``-2``, ``-3``… when the id is already in ``taken``."""
    base = f"ADR-{day:%Y%m%d}-{slugify(title, limit=50)}"
    used = {t.lower() for t in taken}
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def plain(value: object) -> Any:
    """YMap/YList values as plain dicts and lists (for dumping)."""
    if isinstance(value, YMap):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, YList):
        return [plain(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dt.date, _date)


def _dump(data: dict[str, Any]) -> str:
    """Block style at the top level (one key per line); lists of scalars inline."""
    return "".join(
        yaml.dump(
            {key: value},
            Dumper=_Dumper,
            sort_keys=False,
            default_flow_style=None if isinstance(value, dict | list) else False,
            allow_unicode=True,
            width=100,
        )
        for key, value in data.items()
    )


def dump_front_matter(data: dict[str, Any], body: str) -> str:
    """A markdown file: ``---``, the keys in the given order, ``---``, the body."""
    cleaned = {k: v for k, v in data.items() if v not in (None, [], {}, "")}
    text = "---\n" + _dump(cleaned) + "---\n"
    body = body.strip("\n")
    return text + ("\n" + body + "\n" if body else "")


def set_front_matter_key(text: str, key: str, value: object, *, after: str | None = None) -> str:
    """``text`` with top-level front matter ``key`` set to ``value``, all else unchanged.

    The key's lines (up to the next top-level key) are replaced; a new key goes after the
    ``after`` key's lines, or at the end of the front matter.
    """
    parts = split_front_matter(text)
    if parts.yaml is None:
        raise ValueError("the file has no front matter")
    doc = load_mapping(parts.yaml, line_offset=1)
    lines = text.splitlines(keepends=True)
    fence_end = parts.body_line - 2  # 0-based index of the closing '---' line
    starts = sorted(pos.line - 1 for pos in doc.key_pos.values())

    def block(name: str) -> tuple[int, int]:
        start = doc.key_pos[name].line - 1
        following = [s for s in starts if s > start]
        end = following[0] if following else fence_end
        while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        return start, end

    new = _dump({key: value}).splitlines(keepends=True)
    if key in doc:
        start, end = block(key)
        lines[start:end] = new
    elif after is not None and after in doc:
        _, end = block(after)
        lines[end:end] = new
    else:
        lines[fence_end:fence_end] = new
    return "".join(lines)


def _links(text: str) -> dict[str, list[str]]:
    parts = split_front_matter(text)
    doc = load_mapping(parts.yaml or "", line_offset=1)
    raw = plain(doc.get("links")) or {}
    if not isinstance(raw, dict):
        raise TypeError("'links' is not a mapping")
    return {k: [v] if isinstance(v, str) else list(v or []) for k, v in raw.items()}


def supersede(old_text: str, old_id: str, new_text: str, new_id: str) -> tuple[str, str]:
    """Both files' new texts: the old one superseded by the new, the new one superseding it."""
    links = _links(old_text)
    successors = links.setdefault("superseded-by", [])
    if new_id not in successors:
        successors.append(new_id)
    old_text = set_front_matter_key(old_text, "status", "superseded")
    old_text = set_front_matter_key(old_text, "links", links, after="status")
    links = _links(new_text)
    predecessors = links.setdefault("supersedes", [])
    if old_id not in predecessors:
        predecessors.append(old_id)
    new_text = set_front_matter_key(new_text, "links", links, after="status")
    return old_text, new_text


_TEMPLATE_BODY = """\
# {title}

## Context and Problem Statement

{{Describe the context and problem statement in two or three sentences, or as a question.}}

## Decision Drivers

* {{driver 1, e.g. a force or a concern}}
* {{driver 2}}

## Considered Options

* {{option 1}}
* {{option 2}}

## Decision Outcome

Chosen option: "{{option 1}}", because {{justification}}.

### Consequences

* Good, because {{positive consequence}}
* Bad, because {{negative consequence}}

### Confirmation

{{How compliance is confirmed: `lodestar check` holds the governed technologies to it.}}

## Pros and Cons of the Options

### {{option 1}}

* Good, because {{argument}}
* Bad, because {{argument}}

## More Information

{{Links, the evaluation's sources, when to revisit.}}
"""


def decision_template(
    decision_id: str,
    title: str,
    day: dt.date,
    *,
    status: str = "proposed",
    decision_makers: Iterable[str] = (),
    governs: Iterable[dict[str, str]] = (),
    review_months: int = 12,
) -> str:
    """A MADR 4 record with Lodestar's front matter, ready to fill in."""
    month = day.month - 1 + review_months
    review = dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))
    data: dict[str, Any] = {
        "id": decision_id,
        "status": status,
        "date": day,
        "decision-makers": list(decision_makers) or None,
        "governs": list(governs) or None,
        "review-by": review,
    }
    return dump_front_matter(data, _TEMPLATE_BODY.format(title=title))


def write_decision(
    root: Path,
    title: str,
    day: dt.date,
    *,
    catalog: TechnologyCatalog,
    governs: Sequence[str] = (),
    makers: Sequence[str] = (),
) -> tuple[str, Path]:
    """Write a new decision record under ``root/decisions`` from the template, with a
    branch-safe id; returns the id and the file. ``governs`` holds catalog technology ids or
    ``pkg:`` purl patterns (UsageError, with a did-you-mean, for an unknown technology id)."""
    folder = root / "decisions"
    taken = {p.stem for p in folder.glob("*.md")} if folder.is_dir() else set()
    decision_id = new_decision_id(title, day, taken)
    for tech in governs:
        if not tech.startswith("pkg:") and tech not in catalog:
            found = catalog.find(tech)
            hint = (
                f" (did you mean {found.id!r}?)"
                if found
                else suggest(tech, [t.id for t in catalog])
            )
            raise UsageError(
                f"--governs {tech!r}: unknown technology id{hint}; list the ids with "
                f"'{list_command(tech, catalog)}', or pass a purl (pkg:TYPE/NAME)"
            )
    matchers = [{"purl": g} if g.startswith("pkg:") else {"technology": g} for g in governs]
    text = decision_template(decision_id, title, day, decision_makers=makers, governs=matchers)
    path = folder / f"{decision_id}.md"
    folder.mkdir(exist_ok=True)
    path.write_text(text, "utf-8")
    return decision_id, path


def find_decision(strategy: Strategy, decision_id: str) -> Decision:
    """The decision with this id (UsageError, with a did-you-mean, when there is none)."""
    found = next((d for d in strategy.decisions if d.id == decision_id), None)
    if found is None:
        hint = suggest(decision_id, [d.id for d in strategy.decisions])
        raise UsageError(f"no decision {decision_id!r}{hint}; see 'lodestar decision list'")
    return found


def supersede_decision(root: Path, old: str, new: str, *, accept: bool = False) -> None:
    """Mark decision ``old`` superseded by ``new`` in the workspace at ``root`` and link both
    ways (``accept``: also set ``new``'s status to accepted); the rest of both files is kept.
    The workspace is read before and after: StrategyError when it is (or became) invalid."""
    strategy = load_strategy(root)
    if old == new:
        raise UsageError("a decision cannot supersede itself")
    before, after = find_decision(strategy, old), find_decision(strategy, new)
    assert before.source is not None and after.source is not None  # noqa: S101  set by the loader
    old_path, new_path = root / before.source.path, root / after.source.path
    old_text, new_text = supersede(
        old_path.read_text("utf-8"), old, new_path.read_text("utf-8"), new
    )
    if accept:
        new_text = set_front_matter_key(new_text, "status", "accepted")
    old_path.write_text(old_text, "utf-8")
    new_path.write_text(new_text, "utf-8")
    load_strategy(root)  # the edited files must still be valid


def write_files(
    root: Path, files: dict[str, str], *, overwrite: bool
) -> tuple[list[str], list[str]]:
    """Write ``files`` (path relative to ``root`` → text), keeping those that exist unless
    ``overwrite``; returns the paths written and the paths kept."""
    written, skipped = [], []
    for rel, text in files.items():
        path = root / rel
        if path.exists() and not overwrite:
            skipped.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(rel)
    return written, skipped


def import_decision_folder(
    root: Path, folder: Path, *, overwrite: bool = False
) -> tuple[list[ImportedDecision], list[str], list[str]]:
    """Import an adr-tools or MADR ``folder`` into ``root/decisions`` (ids not taken there unless
    ``overwrite``); returns the records read, the paths written and the paths kept."""
    from lodestar.strategy.adr_io import import_decisions  # noqa: PLC0415  adr_io imports this module

    existing = root / "decisions"
    taken = (
        {p.stem for p in existing.glob("*.md")} if existing.is_dir() and not overwrite else set()
    )
    records = import_decisions(folder, taken)
    written, skipped = write_files(root, {r.path(): r.text() for r in records}, overwrite=overwrite)
    return records, written, skipped


def import_radar(
    root: Path,
    source: Path,
    fmt: str,
    *,
    catalog_dirs: Sequence[Path] = (),
    overwrite: bool = False,
) -> tuple[str, list[str], list[str], int]:
    """Import a BYOR sheet (``byor-csv``, ``byor-json``) or an AOE radar folder (``aoe``;
    ``auto``: told from ``source``) into ``root/radar``; returns the format, the paths written,
    the paths kept (they existed, without ``overwrite``) and how many entries name a catalog
    technology."""
    from lodestar.strategy import radar_io as rio  # noqa: PLC0415  radar_io imports this module

    kind = fmt
    if kind == "auto":
        kind = (
            "aoe"
            if source.is_dir()
            else {".csv": "byor-csv", ".json": "byor-json"}.get(source.suffix.lower(), "")
        )
    readers = {"byor-csv": rio.read_byor_csv, "byor-json": rio.read_byor_json, "aoe": rio.read_aoe}
    if kind not in readers:
        raise UsageError(
            f"cannot tell the format of {source}; pass --format byor-csv, byor-json or aoe"
        )
    if not source.exists():
        raise UsageError(f"{source} does not exist")
    config = load_radar_config(root)
    catalog = load_catalog(tuple(catalog_dirs))
    entries = rio.import_entries(readers[kind](source), config, catalog)
    files = {e.path(): e.text() for e in entries}
    written, skipped = write_files(root, files, overwrite=overwrite)
    matched = sum(1 for e in entries if e.technology)
    return kind, written, skipped, matched


def write_aoe_editions(root: Path, output: Path) -> tuple[list[str], int]:
    """The radar of the workspace at ``root`` in the AOE layout under ``output``, one folder per
    edition of its git history (its tags, else commit dates) with the entries new or changed in
    it; returns the paths written and the number of editions (UsageError without history)."""
    from lodestar.strategy import radar_io as rio  # noqa: PLC0415  radar_io imports this module

    editions = radar_editions(root)
    if not editions:
        raise UsageError("--all-editions needs the workspace's git history; commit radar/ first")
    snapshots = [(e.name.replace("/", "-"), radar_files_at(root, e.commit)) for e in editions]
    written, _ = write_files(output, rio.export_aoe_editions(snapshots), overwrite=True)
    return written, len(editions)
