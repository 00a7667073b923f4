"""Notice evidence in the store: :class:`~lodestar.records.notices.NoticeEvidence` as the JSON of
``scans.notices`` (migration 0013), written with the scan and read back with its observation."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from lodestar.records.notices import CommittedNotice, NoticeEvidence, VendoredComponent

__all__ = ["notices_from_json", "notices_to_json"]


def notices_to_json(evidence: NoticeEvidence | None) -> str | None:
    """The column value for ``evidence`` (None for none)."""
    if evidence is None:
        return None
    return json.dumps(asdict(evidence), ensure_ascii=False, sort_keys=True)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def notices_from_json(value: str | None) -> NoticeEvidence | None:
    """The evidence stored in a ``scans.notices`` value (written by :func:`notices_to_json`;
    None for NULL or a value that is not such a document)."""
    if not value:
        return None
    try:
        raw = json.loads(value)  # written by notices_to_json: the store's own data
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    vendored = []
    for item in raw.get("vendored") or []:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue
        vendored.append(
            VendoredComponent(
                path=item["path"],
                name=_text(item.get("name")) or item["path"],
                version=_text(item.get("version")),
                licence=_text(item.get("licence")),
                licence_files=_strings(item.get("licence_files")),
                copyrights=_strings(item.get("copyrights")),
                notice=_text(item.get("notice")),
                notice_path=_text(item.get("notice_path")),
                problem=_text(item.get("problem")),
            )
        )
    found = raw.get("committed")
    committed = None
    if isinstance(found, dict) and isinstance(found.get("path"), str):
        committed = CommittedNotice(
            found["path"], _text(found.get("text")) or "", bool(found.get("truncated"))
        )
    return NoticeEvidence(tuple(vendored), committed)
