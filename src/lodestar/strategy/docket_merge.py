"""Merge a docket export into ``ip/patents.yaml`` (``lodestar ip import``).

The docket (phpIP, a docketing tool's CSV) is counsel's record of the applications: their
numbers, statuses and deadlines. The register adds what only the organisation knows: which
disclosures, repositories and technologies a family covers, its owner, notes under ``extra:``.
So a merge takes from the docket, per family (matched by ``reference``, else by id):

* the applications (matched by jurisdiction and application number; a member without a number
  takes the docket's): filing date, application and grant numbers and status, when the docket
  gives them;
* the deadlines (matched by type, case ignored, and due date): new ones are added, ``hard`` and
  ``done`` follow the docket; a deadline the docket no longer lists is kept (it may have been
  entered by hand) and reported;

and keeps everything else. Families only in the register are kept and reported. New families
get an id from their reference (``NWL-P-2025-001`` → ``nwl-p-2025-001``).

Nothing is written unless asked (:func:`import_docket` with ``write=True``): the default is a
dry run that lists every change, which is what counsel reviews before a register changes. The
merged file is validated as the loader would before it is written; the leading comment lines
of the existing file are kept, comments further down are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lodestar.errors import Problem, StrategyError, UsageError
from lodestar.records.ip import PatentFamily, PatentMember
from lodestar.strategy.docket import read_docket
from lodestar.strategy.ip_loader import IP_FILES
from lodestar.strategy.ip_models import PatentsFileModel
from lodestar.strategy.markdown import MAX_BYTES
from lodestar.strategy.reader import Reader

__all__ = ["DocketChange", "DocketImport", "import_docket"]

HEADER = (
    "# Patent families, their applications and docketed deadlines. Lodestar holds these dates\n"
    "# and reminds; it computes no statutory deadline. Updated by `lodestar ip import`.\n"
)


@dataclass(frozen=True, slots=True)
class DocketChange:
    """One change a docket import makes (or would make) to the register."""

    family: str  # family id
    kind: str  # new-family | new-application | application | new-deadline | deadline | kept
    detail: str


@dataclass(frozen=True, slots=True)
class DocketImport:
    """What ``lodestar ip import`` did or would do."""

    output: str  # workspace-relative path of the patents file
    changes: tuple[DocketChange, ...]
    warnings: tuple[Problem, ...]
    rows: int
    skipped: int
    families: int  # families in the merged file
    written: bool
    text: str  # the merged file


def import_docket(
    root: Path,
    files: Sequence[Path],
    fmt: str,
    *,
    output: str = IP_FILES["patents"],
    write: bool = False,
) -> DocketImport:
    """Read docket exports of format ``fmt`` and merge them into ``output`` (a YAML file
    inside the workspace at ``root``); write it only with ``write``."""
    rel = _output(root, output)
    read = read_docket(files, fmt)
    existing, header = _existing(root, rel)
    changes: list[DocketChange] = []
    families: list[dict[str, Any]] = list(existing.get("families", []))
    seen: set[int] = set()
    for imported in read.families:
        index = _find_family(families, imported)
        if index is None:
            families.append(_new_family(imported, {f["id"] for f in families}))
            seen.add(len(families) - 1)
            changes.append(DocketChange(families[-1]["id"], "new-family", _family_line(imported)))
            continue
        seen.add(index)
        changes += _merge_family(families[index], imported)
    for index, family in enumerate(families):
        if index not in seen:
            changes.append(DocketChange(family["id"], "kept", "not in the docket; kept as is"))
    data = {**existing, "families": families}
    text = header + _dump(data)
    _validate(root, rel, text)
    useful = [c for c in changes if c.kind != "kept"]
    path = root / rel
    if write and useful:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return DocketImport(
        rel,
        tuple(changes),
        read.warnings,
        read.rows,
        read.skipped,
        len(families),
        bool(write and useful),
        text,
    )


def _output(root: Path, output: str) -> str:
    rel = Path(output)
    if rel.is_absolute():
        try:
            rel = rel.resolve().relative_to(root.resolve())
        except ValueError:
            raise UsageError(
                f"--output {output}: write the patents file inside the workspace "
                f"(e.g. {IP_FILES['patents']})"
            ) from None
    if ".." in rel.parts or rel.suffix not in {".yaml", ".yml"}:
        raise UsageError(
            f"--output {output}: a .yaml file inside the workspace, e.g. {IP_FILES['patents']}"
        )
    return rel.as_posix()


def _existing(root: Path, rel: str) -> tuple[dict[str, Any], str]:
    """The existing file's data (validated: an invalid file is not merged into) and its
    leading comment lines."""
    path = root / rel
    if path.is_symlink():
        raise StrategyError([Problem(rel, None, None, "symbolic links are not followed")])
    if not path.is_file():
        return {}, HEADER
    reader = Reader(root, None)
    text = reader.read(rel, path)
    raw = reader.yaml_file(rel, text) if text is not None else None
    model = reader.validate(PatentsFileModel, raw, rel) if raw is not None else None
    if model is None or text is None:
        raise StrategyError(reader.problems)
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    data = model.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    return data, "".join(lines) or HEADER


def _find_family(families: list[dict[str, Any]], imported: PatentFamily) -> int | None:
    reference = (imported.reference or "").lower()
    for index, family in enumerate(families):
        if reference and str(family.get("reference", "")).lower() == reference:
            return index
    return next((i for i, f in enumerate(families) if f["id"] == imported.id), None)


def _member_dict(member: PatentMember) -> dict[str, Any]:
    values = {
        "jurisdiction": member.jurisdiction,
        "application": member.application,
        "filed": member.filed,
        "status": member.status,
        "grant": member.grant,
    }
    out: dict[str, Any] = {key: value for key, value in values.items() if value is not None}
    if member.deadlines:
        out["deadlines"] = [_deadline_dict(d) for d in member.deadlines]
    return out


def _deadline_dict(deadline: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": deadline.type, "due": deadline.due}
    if not deadline.hard:
        out["hard"] = False
    if deadline.done:
        out["done"] = True
    if deadline.note:
        out["note"] = deadline.note
    return out


def _new_family(imported: PatentFamily, taken: set[str]) -> dict[str, Any]:
    ident, n = imported.id, 2
    while ident in taken:
        ident, n = f"{imported.id}-{n}", n + 1
    out: dict[str, Any] = {"id": ident, "title": imported.title}
    if imported.reference:
        out["reference"] = imported.reference
    out["members"] = [_member_dict(m) for m in imported.members]
    return out


def _family_line(family: PatentFamily) -> str:
    members = ", ".join(
        f"{m.jurisdiction} {m.application or '(no number)'} {m.status}" for m in family.members
    )
    deadlines = sum(len(m.deadlines) for m in family.members)
    return f"{family.title}: {members or 'no application'}; {deadlines} deadline(s)"


def _find_member(members: list[dict[str, Any]], member: PatentMember) -> dict[str, Any] | None:
    same = [m for m in members if m.get("jurisdiction") == member.jurisdiction]
    if member.application:
        exact = [m for m in same if m.get("application") == member.application]
        if exact:
            return exact[0]
        loose = [m for m in same if not m.get("application")]
        return loose[0] if loose else None
    return same[0] if len(same) == 1 else None


def _merge_family(family: dict[str, Any], imported: PatentFamily) -> list[DocketChange]:
    changes: list[DocketChange] = []
    ident = family["id"]
    if imported.reference and not family.get("reference"):
        family["reference"] = imported.reference
    members: list[dict[str, Any]] = family.setdefault("members", [])
    for member in imported.members:
        found = _find_member(members, member)
        if found is None:
            members.append(_member_dict(member))
            where = f"{member.jurisdiction} {member.application or ''}".strip()
            changes.append(DocketChange(ident, "new-application", f"{where} ({member.status})"))
            continue
        changes += _merge_member(ident, found, member)
    return changes


def _merge_member(ident: str, found: dict[str, Any], member: PatentMember) -> list[DocketChange]:
    changes: list[DocketChange] = []
    where = f"{member.jurisdiction} {member.application or found.get('application') or ''}"
    for key in ("application", "filed", "grant", "status"):
        value = getattr(member, key)
        if value is not None and found.get(key) != value:
            before = found.get(key)
            found[key] = value
            was = f"{before} → " if before is not None else ""
            changes.append(
                DocketChange(ident, "application", f"{where.strip()}: {key} {was}{value}")
            )
    deadlines: list[dict[str, Any]] = found.setdefault("deadlines", [])
    keys = {(str(d["type"]).lower(), d["due"]): d for d in deadlines}
    for deadline in member.deadlines:
        new = _deadline_dict(deadline)
        old = keys.get((deadline.type.lower(), deadline.due))
        label = f"{where.strip()}: {deadline.type} due {deadline.due.isoformat()}"
        if old is None:
            deadlines.append(new)
            changes.append(DocketChange(ident, "new-deadline", label))
            continue
        for key, default in (("hard", True), ("done", False)):
            if old.get(key, default) != new.get(key, default):
                old[key] = new.get(key, default)
                changes.append(DocketChange(ident, "deadline", f"{label}: {key} → {old[key]}"))
    deadlines.sort(key=lambda d: (d["due"], str(d["type"])))
    if not deadlines:
        del found["deadlines"]
    return changes


class _Dumper(yaml.SafeDumper):
    pass


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(dt.date, _date)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)


def _validate(root: Path, rel: str, text: str) -> None:
    """The merged file as the loader reads it (a docket that makes it invalid is refused)."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise StrategyError(
            [
                Problem(
                    rel,
                    None,
                    None,
                    f"the merged file would be {size >> 10} KiB, over the {MAX_BYTES >> 10} KiB "
                    "a strategy file may hold (about 800 families of three applications with "
                    "four deadlines each); import the live families only (leave lapsed and "
                    "abandoned ones out of the export), nothing was written",
                )
            ]
        )
    reader = Reader(root, None)
    raw = reader.yaml_file(rel, text)
    if raw is not None:
        reader.validate(PatentsFileModel, raw, rel)
    if reader.problems:
        raise StrategyError(reader.problems)
