"""Import existing decision records: adr-tools (Nygard) and MADR 2 and 3 folders.

Each ``NNNN-title.md`` file of the folder (``README.md``, ``index.md`` and templates skipped) is
recognised by its shape:

adr-tools
    ``# 1. Title``, a ``Date: 2016-02-12`` line, a ``## Status`` section whose first line is the
    status and whose other lines are links (``Superseded by [3. Use X](0003-use-x.md)``,
    ``Supersedes …``, ``Amended by …``, ``Amends …``; any other link text is ``relates-to``), then
    ``## Context``, ``## Decision``, ``## Consequences``.
MADR 2
    no front matter; ``* Status: accepted``, ``* Deciders: …``, ``* Date: …`` bullets under the
    title (status may read ``superseded by [ADR-0005](0005-example.md)``).
MADR 3
    front matter ``status``, ``date``, ``deciders``, ``consulted``, ``informed``.

Each becomes a Lodestar decision file (MADR 4 front matter): id ``ADR-YYYYMMDD-slug`` when the
record has a date (else ``ADR-NNNN-slug``), its links rewritten to the new ids, the original
number and file kept under ``extra``. adr-tools sections are renamed to their MADR 4 titles.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lodestar.errors import ManifestError, Problem, StrategyError
from lodestar.strategy.markdown import MAX_BYTES, first_heading, load_mapping, split_front_matter
from lodestar.strategy.models import DECISION_STATUSES
from lodestar.strategy.writing import dump_front_matter, new_decision_id, plain, slugify

__all__ = ["ImportedDecision", "import_decisions"]

_NUMBERED = re.compile(r"^(\d{1,5})-.+\.md$")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_MADR2_FIELD = re.compile(r"^\s*[*-]\s*(Status|Deciders|Date|Consulted|Informed)\s*:\s*(.*)$", re.I)
_NYGARD_TITLE = re.compile(r"^#\s+\d+\.\s+(.*)$")
_RENAMES = {
    "## context": "## Context and Problem Statement",
    "## decision": "## Decision Outcome",
    "## consequences": "### Consequences",
}
_LINK_KINDS = (
    ("superseded by", "superseded-by"),
    ("supersedes", "supersedes"),
    ("amended by", "amended-by"),
    ("amends", "amends"),
)
_STATUS_WORDS = {
    "accepted": "accepted",
    "proposed": "proposed",
    "draft": "proposed",
    "rejected": "rejected",
    "deprecated": "deprecated",
    "superseded": "superseded",
}


@dataclass(slots=True)
class ImportedDecision:
    source: str  # the imported file
    number: int | None
    kind: str  # "adr-tools" | "madr-2" | "madr-3"
    title: str
    status: str
    date: dt.date | None
    body: str
    people: dict[str, list[str]] = field(default_factory=dict)
    raw_links: list[tuple[str, str]] = field(default_factory=list)  # (kind, target file name)
    id: str = ""
    links: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def path(self) -> str:
        return f"decisions/{self.id}.md"

    def text(self) -> str:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "date": self.date,
            **self.people,
            "links": self.links or None,
            "extra": {
                "imported-from": self.source,
                "format": self.kind,
                **({"number": self.number} if self.number is not None else {}),
            },
        }
        return dump_front_matter(data, self.body)


def _status(text: str, record: ImportedDecision) -> str:
    words = text.strip().strip("*_").lower()
    for word, status in _STATUS_WORDS.items():
        if words.startswith(word):
            return status
    record.notes.append(f"status {text.strip()!r} read as 'proposed'")
    return "proposed"


def _link_kind(text: str) -> str:
    lowered = text.strip().lower()
    for prefix, kind in _LINK_KINDS:
        if lowered.startswith(prefix):
            return kind
    return "relates-to"


def _people(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str):
        return [p.strip() for p in re.split(r",|;|\band\b", value) if p.strip()]
    return []


def _date(value: object) -> dt.date | None:
    found = _DATE.search(str(value or ""))
    if not found:
        return None
    try:
        return dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None


def _links_in(text: str) -> list[tuple[str, str]]:
    found = []
    for line in text.splitlines():
        for match in _LINK.finditer(line):
            before = line[: match.start()].strip()
            found.append((_link_kind(before), Path(match.group(2).split("#")[0]).name))
    return found


def _nygard(text: str, source: str, number: int | None) -> ImportedDecision:
    lines = text.splitlines()
    title = ""
    date: dt.date | None = None
    status = "proposed"
    links: list[tuple[str, str]] = []
    body: list[str] = []
    section = ""
    record = ImportedDecision(source, number, "adr-tools", "", "proposed", None, "")
    status_lines: list[str] = []
    for line in lines:
        heading = line.strip().lower()
        if not title and (match := _NYGARD_TITLE.match(line)):
            title = match.group(1).strip()
            continue
        if not title and line.startswith("# "):
            title = line[2:].strip()
            continue
        if section == "" and line.lower().startswith("date:"):
            date = _date(line)
            continue
        if heading.startswith("## "):
            section = heading
            if section == "## status":
                continue
            body.append(_RENAMES.get(section, line.rstrip()))
            continue
        if section == "## status":
            if line.strip():
                status_lines.append(line.strip())
            continue
        body.append(line.rstrip())
    stated = False
    for line in status_lines:
        if _LINK.search(line):
            links += _links_in(line)
        elif not stated:
            status, stated = _status(line, record), True
    if any(kind == "superseded-by" for kind, _ in links):
        status = "superseded"
    record.title = title or Path(source).stem
    record.status = status
    record.date = date
    record.raw_links = links
    record.body = "# " + record.title + "\n\n" + "\n".join(body).strip() + "\n"
    return record


def _madr2(text: str, source: str, number: int | None) -> ImportedDecision:
    record = ImportedDecision(source, number, "madr-2", "", "proposed", None, "")
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        match = _MADR2_FIELD.match(line) if in_header else None
        if match:
            key, value = match.group(1).lower(), match.group(2).strip()
            if key == "status":
                record.status = _status(_LINK.sub(r"\1", value), record)
                record.raw_links += [(_link_kind(value), t) for _, t in _links_in(value)]
            elif key == "date":
                record.date = _date(value)
            else:
                name = "decision-makers" if key == "deciders" else key
                record.people[name] = _people(value)
            continue
        if line.startswith("## "):
            in_header = False
        body.append(line.rstrip())
    record.title = first_heading(text) or Path(source).stem
    record.body = "\n".join(body).strip() + "\n"
    return record


def _madr3(meta: dict[str, Any], body: str, source: str, number: int | None) -> ImportedDecision:
    record = ImportedDecision(source, number, "madr-3", "", "proposed", None, body.strip() + "\n")
    raw_status = str(meta.get("status") or "proposed")
    record.status = _status(_LINK.sub(r"\1", raw_status), record)
    record.raw_links = [(_link_kind(raw_status), t) for _, t in _links_in(raw_status)]
    record.date = _date(meta.get("date"))
    for key, name in (
        ("deciders", "decision-makers"),
        ("decision-makers", "decision-makers"),
        ("consulted", "consulted"),
        ("informed", "informed"),
    ):
        if meta.get(key):
            record.people[name] = _people(meta[key])
    record.title = str(meta.get("title") or "") or first_heading(body) or Path(source).stem
    return record


def _read(file: Path, number: int | None) -> ImportedDecision:
    if file.stat().st_size > MAX_BYTES:
        raise StrategyError([Problem(str(file), None, None, "larger than 1 MiB; not imported")])
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StrategyError(
            [Problem(str(file), None, None, f"not UTF-8 (byte {exc.start})")]
        ) from None
    parts = split_front_matter(text)
    if parts.yaml is not None:
        try:
            meta = plain(load_mapping(parts.yaml, line_offset=1, path=str(file)))
        except ManifestError as exc:
            raise StrategyError([Problem(str(file), exc.line, exc.column, exc.reason)]) from None
        return _madr3(meta, parts.body, str(file), number)
    if any(_MADR2_FIELD.match(line) for line in text.splitlines()[:15]):
        return _madr2(text, str(file), number)
    return _nygard(text, str(file), number)


def import_decisions(folder: Path, taken: set[str] | None = None) -> list[ImportedDecision]:
    """Every decision record of an adr-tools or MADR folder, with Lodestar ids and links."""
    files = sorted(
        p
        for p in folder.glob("*.md")
        if p.is_file()
        and not p.is_symlink()
        and p.name.lower() not in {"readme.md", "index.md"}
        and "template" not in p.name.lower()
    )
    if not files:
        raise StrategyError([Problem(str(folder), None, None, "no decision records (*.md) here")])
    problems: list[Problem] = []
    records: list[ImportedDecision] = []
    for file in files:
        match = _NUMBERED.match(file.name)
        try:
            records.append(_read(file, int(match.group(1)) if match else None))
        except StrategyError as exc:
            problems += exc.problems
    if problems:
        raise StrategyError(problems)
    used = set(taken or ())
    by_file: dict[str, ImportedDecision] = {}
    for record in records:
        if record.date is not None:
            record.id = new_decision_id(record.title, record.date, used)
        else:
            prefix = f"ADR-{record.number:04d}" if record.number is not None else "ADR"
            base = f"{prefix}-{slugify(record.title, limit=50)}"
            record.id, n = base, 2
            while record.id in used:
                record.id, n = f"{base}-{n}", n + 1
        used.add(record.id)
        by_file[Path(record.source).name] = record
    for record in records:
        for kind, target in record.raw_links:
            other = by_file.get(target)
            if other is None or other is record:
                record.notes.append(f"link to {target!r} dropped: no such record in the folder")
                continue
            record.links.setdefault(kind, [])
            if other.id not in record.links[kind]:
                record.links[kind].append(other.id)
        if record.status not in DECISION_STATUSES:
            record.status = "proposed"
    return records
