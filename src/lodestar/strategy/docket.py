"""Read a patent docket export into patent families (``lodestar ip import``).

Two shapes:

``csv``
    One row per deadline of one application (a row with no deadline declares the application
    only). Columns, by header name in any order, case and spacing ignored, with the aliases
    docketing tools and spreadsheets use (:data:`CSV_COLUMNS`): ``family`` (the docket's
    reference; required), ``title``, ``jurisdiction`` (required), ``application``, ``filed``,
    ``grant``, ``status``, ``deadline`` (its type), ``due``, ``hard``, ``done``, ``note``.
``phpip``
    phpIP's exports, as its code writes them (``;``-separated, Latin-1): the matter list
    (``Our Ref``, ``Country``, ``Cat``, ``Status``, ``Title``, ``Filed``, ``FilNo``,
    ``Granted``, ``Grt No``, ``Dead`` …) and the renewals list (``task.detail``,
    ``task.due_date``, ``task.done``, ``matter.caseref``, ``matter.country``, ``fil_num`` …).
    Give both files to one import: matters make the families, renewals their annuities
    (extendable: a renewal has a grace period).

The separator (``,``, ``;`` or tab) is read from the header line; a UTF-8 byte-order mark is
dropped; text that is not UTF-8 is read as Windows-1252 (Excel's and phpIP's) with a warning.
Dates are ISO (``2026-10-23``, a time after it is ignored), ``2026/10/23`` or ``23.10.2026``;
``10/23/2026`` is ambiguous and refused. A bad row is a warning naming the file and the row
(its first line), and the import goes on; a file that cannot be read at all is a
:class:`~lodestar.errors.StrategyError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lodestar.errors import Problem, StrategyError
from lodestar.records.ip import Deadline, PatentFamily, PatentMember
from lodestar.strategy.markdown import MAX_BYTES
from lodestar.strategy.writing import slugify

__all__ = ["CSV_COLUMNS", "FORMATS", "DocketRead", "read_docket"]

FORMATS = ("csv", "phpip")
MAX_DOCKET_BYTES = 16 * MAX_BYTES
MAX_ROWS = 100_000
MAX_CELL = 2000

# column -> the header names that mean it (lower case, blanks and punctuation collapsed)
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "family": ("family", "family id", "family ref", "docket", "docket ref", "case", "caseref",
               "case ref", "our ref", "matter", "reference", "ref", "attorney ref"),
    "title": ("title", "invention title", "short title"),
    "jurisdiction": ("jurisdiction", "country", "country code", "office", "territory"),
    "application": ("application", "application number", "application no", "app no",
                    "appl no", "filno", "fil no", "filing number", "serial number"),
    "filed": ("filed", "filing date", "application date", "date filed"),
    "grant": ("grant", "grant number", "grant no", "grt no", "patent number", "patent no"),
    "status": ("status", "application status", "legal status"),
    "deadline": ("deadline", "deadline type", "action", "task", "due action", "event"),
    "due": ("due", "due date", "deadline date", "date due"),
    "hard": ("hard", "hard deadline", "statutory", "fatal"),
    "extendable": ("extendable", "extensible", "soft"),
    "done": ("done", "completed", "closed"),
    "note": ("note", "notes", "comment", "comments", "remarks"),
}  # fmt: skip
_STATUS = {
    "granted": ("granted", "grant", "issued", "registered", "in force", "allowed", "patented"),
    "lapsed": ("lapsed", "expired", "ceased", "not renewed"),
    "abandoned": ("abandoned", "withdrawn", "refused", "rejected", "dead", "revoked"),
    "pending": ("pending", "filed", "published", "examination", "under examination", "open",
                "entered", "received", "search", "prosecution", "national phase"),
}  # fmt: skip
_TRUE = {"1", "true", "yes", "y", "x", "hard", "done"}
_FALSE = {"", "0", "false", "no", "n", "extendable", "soft", "open"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T].{0,40})?")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
_PATENT_CATEGORIES = ("PAT", "UM", "PRO")  # phpIP: patents, utility models, provisionals


@dataclass(frozen=True, slots=True)
class DocketRead:
    """The families a docket export declares and the warnings met reading it."""

    families: tuple[PatentFamily, ...]
    warnings: tuple[Problem, ...] = ()
    rows: int = 0  # data rows read
    skipped: int = 0  # rows left out (a warning each, or another category in phpIP)


@dataclass(slots=True)
class _Member:
    jurisdiction: str
    status: str = "pending"
    application: str | None = None
    filed: dt.date | None = None
    grant: str | None = None
    deadlines: dict[tuple[str, dt.date], Deadline] = field(default_factory=dict)


@dataclass(slots=True)
class _Family:
    reference: str
    title: str = ""
    members: dict[tuple[str, str | None], _Member] = field(default_factory=dict)

    def member(self, jurisdiction: str, application: str | None) -> _Member:
        key = (jurisdiction, application)
        if key not in self.members:
            loose = (jurisdiction, None)
            if application and loose in self.members:  # a row without the number came first
                found = self.members.pop(loose)
                found.application = application
                self.members[key] = found
            else:
                self.members[key] = _Member(jurisdiction, application=application)
        return self.members[key]


@dataclass(slots=True)
class _Sheet:
    """One file's rows as (first line, {column: cell}), and its warnings."""

    path: str
    header: dict[str, str]  # canonical column -> header as written
    rows: list[tuple[int, dict[str, str]]]
    warnings: list[Problem]
    row_of: dict[int, int] = field(default_factory=dict)  # first line -> data row number

    def warn(self, line: int | None, message: str) -> None:
        row = self.row_of.get(line) if line is not None else None
        prefix = f"row {row}: " if row is not None else ""
        self.warnings.append(Problem(self.path, line, None, prefix + message))


def read_docket(paths: Sequence[Path], fmt: str) -> DocketRead:
    """The families of one or more docket exports of format ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown docket format {fmt!r}")
    families: dict[str, _Family] = {}
    warnings: list[Problem] = []
    rows = skipped = 0
    for path in paths:
        sheet = _read_sheet(path)
        rows += len(sheet.rows)
        reader = _phpip_reader(sheet) if fmt == "phpip" else _csv_row
        for line, cells in sheet.rows:
            if not reader(sheet, line, cells, families):
                skipped += 1
        warnings += sheet.warnings
    return DocketRead(tuple(_record(f) for f in families.values()), tuple(warnings), rows, skipped)


# --- reading a sheet ------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        note = f"not UTF-8 (byte {exc.start}); read as Windows-1252"
        return data.decode("cp1252", errors="replace"), note


def _read_sheet(path: Path) -> _Sheet:
    where = str(path)
    try:
        if path.stat().st_size > MAX_DOCKET_BYTES:
            raise StrategyError(
                [Problem(where, None, None, f"larger than {MAX_DOCKET_BYTES >> 20} MiB")]
            )
        text, note = _decode(path, path.read_bytes())
    except OSError as exc:
        raise StrategyError([Problem(where, None, None, f"cannot read: {exc.strerror}")]) from None
    sheet = _Sheet(where, {}, [], [])
    if note:
        sheet.warn(None, note)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        names = next(reader, [])
        sheet.header = _header(names)
        if not sheet.header:
            raise StrategyError([Problem(where, 1, 1, "no header row of known columns", first)])
        start = reader.line_num + 1
        for cells in reader:
            if len(sheet.rows) >= MAX_ROWS:
                sheet.warn(start, f"more than {MAX_ROWS} rows; the rest is not read")
                break
            if any(c.strip() for c in cells):
                sheet.row_of[start] = len(sheet.rows) + 1
                sheet.rows.append((start, _cells(sheet, start, names, cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise StrategyError(
            [Problem(where, reader.line_num or None, None, f"unreadable CSV: {exc}")]
        ) from None
    return sheet


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def _header(names: list[str]) -> dict[str, str]:
    """Canonical column → the header as written, for csv's aliases and phpIP's captions."""
    found: dict[str, str] = {}
    for name in names:
        key = _key(name.removeprefix("\ufeff"))
        column = next((c for c, aliases in CSV_COLUMNS.items() if key in aliases), None)
        found.setdefault(column or key, name)
    return found


def _cells(sheet: _Sheet, line: int, names: list[str], cells: list[str]) -> dict[str, str]:
    by_name = {}
    for name, cell in zip(names, cells, strict=False):
        clean = _CONTROL.sub(" ", cell.replace("\r\n", "\n").replace("\r", "\n")).strip()
        if len(clean) > MAX_CELL:
            sheet.warn(line, f"a cell of {name!r} is longer than {MAX_CELL} characters; cut")
            clean = clean[:MAX_CELL]
        by_name[name] = clean
    return {column: by_name.get(name, "") for column, name in sheet.header.items()}


# --- values ---------------------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """An ISO, ``YYYY/MM/DD`` or ``DD.MM.YYYY`` date; None when empty; ValueError otherwise."""
    text = text.strip()
    shown = text if len(text) <= 40 else text[:40] + "…"
    if not text or text in {"0000-00-00", "0000-00-00 00:00:00"}:
        return None
    parts: tuple[str, str, str] | None = None
    if match := _ISO.fullmatch(text):
        parts = (match.group(1), match.group(2), match.group(3))
    elif match := _DOTTED.fullmatch(text):
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is not None:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError as exc:
            raise ValueError(f"{shown!r} is not a date ({exc})") from None
    if _SLASHED.fullmatch(text):
        raise ValueError(f"{shown!r} is ambiguous (day/month or month/day?); write 2026-10-23")
    raise ValueError(f"{shown!r} is not a date; write 2026-10-23")


def _status(sheet: _Sheet, line: int, text: str, *, dead: bool = False) -> str:
    """A docket's status (phpIP: several, ``|``-separated, the latest last) as ours."""
    words = [_key(w) for w in text.split("|") if w.strip()]
    for word in reversed(words):
        for ours, aliases in _STATUS.items():
            if word in aliases or any(word.startswith(a + " ") for a in aliases):
                return "abandoned" if dead and ours == "pending" else ours
    if words:
        sheet.warn(line, f"status {text!r} is none Lodestar knows; read as pending")
    return "abandoned" if dead else "pending"


def _flag(sheet: _Sheet, line: int, text: str, column: str, default: bool) -> bool:
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return default if not key else False
    sheet.warn(line, f"{column} {text!r} is not yes/no; read as {'yes' if default else 'no'}")
    return default


def _date_cell(sheet: _Sheet, line: int, cells: dict[str, str], column: str) -> dt.date | None:
    try:
        return parse_date(cells.get(column, ""))
    except ValueError as exc:
        sheet.warn(line, f"{sheet.header.get(column, column)}: {exc}")
        raise


# --- the generic CSV ------------------------------------------------------------------------------


def _csv_row(sheet: _Sheet, line: int, cells: dict[str, str], families: dict[str, _Family]) -> bool:
    reference, jurisdiction = cells.get("family", ""), cells.get("jurisdiction", "")
    if not reference or not re.fullmatch(r"[A-Za-z]{2,4}", jurisdiction):
        what = "family" if not reference else f"jurisdiction {jurisdiction!r}"
        sheet.warn(line, f"row left out: no {what} (a family reference and a country code)")
        return False
    try:
        filed = _date_cell(sheet, line, cells, "filed")
        due = _date_cell(sheet, line, cells, "due")
    except ValueError:
        return False
    family = families.setdefault(reference, _Family(reference))
    family.title = family.title or cells.get("title", "")
    member = family.member(jurisdiction.upper(), cells.get("application") or None)
    member.filed = member.filed or filed
    member.grant = cells.get("grant") or member.grant
    if cells.get("status"):
        member.status = _status(sheet, line, cells["status"])
    elif member.grant:
        member.status = "granted"
    kind = cells.get("deadline", "")
    if due is None and kind:
        sheet.warn(line, f"deadline {kind!r} has no due date; left out")
    if due is not None:
        hard = _flag(sheet, line, cells.get("hard", ""), "hard", True)
        if cells.get("extendable"):
            hard = not _flag(sheet, line, cells["extendable"], "extendable", False)
        done = _flag(sheet, line, cells.get("done", ""), "done", False)
        name = kind or "Deadline"
        member.deadlines[(name, due)] = Deadline(name, due, hard, done, cells.get("note", ""))
    return True


# --- phpIP --------------------------------------------------------------------------------------


_Reader = Callable[[_Sheet, int, dict[str, str], dict[str, _Family]], bool]


def _phpip_reader(sheet: _Sheet) -> _Reader:
    if "task due date" in sheet.header:
        return _phpip_renewal
    if "family" in sheet.header and "jurisdiction" in sheet.header:
        return _phpip_matter  # 'Our Ref' and 'Country' are the aliases of both
    raise StrategyError(
        [
            Problem(
                sheet.path,
                1,
                1,
                "not a phpIP export: a matter list has 'Our Ref;Country;Cat;…', a renewal "
                "list 'task.id;task.detail;task.due_date;…'",
            )
        ]
    )


def _phpip_matter(
    sheet: _Sheet, line: int, cells: dict[str, str], families: dict[str, _Family]
) -> bool:
    category = cells.get("cat", "").upper()
    if category and category not in _PATENT_CATEGORIES:
        return False  # trademarks, designs, agreements … are no patent family
    reference, country = cells.get("family", ""), cells.get("jurisdiction", "").upper()
    if not reference or not re.fullmatch(r"[A-Z]{2,4}", country):
        sheet.warn(line, "row left out: no 'Our Ref' or 'Country'")
        return False
    try:
        filed = _date_cell(sheet, line, cells, "filed")
    except ValueError:
        filed = None
    family = families.setdefault(reference, _Family(reference))
    family.title = family.title or cells.get("title", "") or cells.get("title2", "")
    member = family.member(country, cells.get("application") or None)
    member.filed = filed or member.filed
    member.grant = cells.get("grant") or member.grant
    dead = cells.get("dead", "") in {"1", "true"}
    member.status = _status(sheet, line, cells.get("status", ""), dead=dead)
    if member.grant and member.status == "pending":
        member.status = "granted"
    if dead and member.status == "granted":
        member.status = "lapsed"
    return True


def _phpip_renewal(
    sheet: _Sheet, line: int, cells: dict[str, str], families: dict[str, _Family]
) -> bool:
    if cells.get("category", "").upper() not in ("", *_PATENT_CATEGORIES):
        return False  # a trademark's or a design's renewal
    reference = cells.get("matter caseref", "")
    country = cells.get("matter country", "").upper()
    if not reference or not re.fullmatch(r"[A-Z]{2,4}", country):
        sheet.warn(line, "row left out: no 'matter.caseref' or 'matter.country'")
        return False
    try:
        due = _date_cell(sheet, line, cells, "task due date")
    except ValueError:
        return False
    if due is None:
        sheet.warn(line, "renewal without 'task.due_date'; left out")
        return False
    family = families.setdefault(reference, _Family(reference))
    family.title = family.title or cells.get("short title", "") or cells.get("title", "")
    member = family.member(country, cells.get("fil num") or None)
    detail = cells.get("task detail", "")
    name = f"Annuity {detail}" if detail.isdigit() else (detail or "Annuity")
    done = _flag(sheet, line, cells.get("task done", ""), "task.done", False)
    member.deadlines[(name, due)] = Deadline(name, due, False, done)
    return True


def _record(family: _Family) -> PatentFamily:
    members = tuple(
        PatentMember(
            jurisdiction=m.jurisdiction,
            status=m.status,
            application=m.application,
            filed=m.filed,
            grant=m.grant,
            deadlines=tuple(sorted(m.deadlines.values(), key=lambda d: (d.due, d.type))),
        )
        for m in family.members.values()
    )
    return PatentFamily(
        id=slugify(family.reference, limit=100),
        title=family.title or family.reference,
        members=members,
        reference=family.reference,
    )
