"""The real OSV records of ``osv_records/`` as Advisory values, and dependencies to match.

``records()`` reads every JSON file of the folder; ``advisory(id)`` one of them. ``dep()``
builds a :class:`~lodestar.records.Dependency` the way the scanner does (purl from the
ecosystem and name, ``@version`` only when pinned).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

from lodestar.records import Dependency, Scope
from lodestar.records.vulns import (
    Advisory,
    AffectedPackage,
    AffectedRange,
    RangeEvent,
    SeverityVector,
)
from lodestar.safeparse import purl_for

RECORDS = Path(__file__).parent / "osv_records"
PURL_TYPES = {
    "PyPI": "pypi",
    "npm": "npm",
    "Maven": "maven",
    "Go": "golang",
    "crates.io": "cargo",
    "RubyGems": "gem",
    "Packagist": "composer",
    "NuGet": "nuget",
}


def _when(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _affected(entry: dict[str, Any]) -> AffectedPackage:
    package = entry["package"]
    ecosystem, name = package["ecosystem"], package["name"]
    ranges = tuple(
        AffectedRange(
            r["type"],
            tuple(RangeEvent(*next(iter(event.items()))) for event in r["events"]),
            r.get("repo"),
        )
        for r in entry.get("ranges", ())
    )
    return AffectedPackage(
        ecosystem=ecosystem,
        name=name,
        package=purl_for(PURL_TYPES[ecosystem], name),
        ranges=ranges,
        versions=tuple(entry.get("versions") or ()),
    )


def read(path: Path) -> Advisory:
    """One OSV JSON file as an Advisory (a reader for tests; the importer has its own)."""
    data = json.loads(path.read_text("utf-8"))
    modified = _when(data["modified"])
    assert modified is not None
    return Advisory(
        id=data["id"],
        modified=modified,
        published=_when(data.get("published")),
        withdrawn=_when(data.get("withdrawn")),
        aliases=tuple(data.get("aliases") or ()),
        summary=data.get("summary", ""),
        details=data.get("details", ""),
        severity=tuple(SeverityVector(s["type"], s["score"]) for s in data.get("severity") or ()),
        affected=tuple(_affected(entry) for entry in data.get("affected", ())),
        references=tuple(r["url"] for r in data.get("references") or ()),
        database_severity=(data.get("database_specific") or {}).get("severity"),
        source=path.name,
    )


@functools.cache
def records() -> tuple[Advisory, ...]:
    return tuple(read(path) for path in sorted(RECORDS.glob("*.json")))


def advisory(advisory_id: str) -> Advisory:
    return next(a for a in records() if a.id == advisory_id)


def affected_entries(advisory_id: str) -> tuple[AffectedPackage, ...]:
    return advisory(advisory_id).affected


def dep(
    purl_type: str,
    name: str,
    version: str | None = None,
    constraint: str | None = None,
    *,
    manifest: str = "lock",
    line: int | None = None,
    fixture: bool = False,
    direct: bool = True,
    scope: Scope = Scope.RUNTIME,
) -> Dependency:
    return Dependency(
        purl=purl_for(purl_type, name, version),
        ecosystem=purl_type,
        name=name,
        version=version,
        constraint=constraint,
        scope=scope,
        direct=direct,
        manifest=manifest,
        line=line,
        fixture=fixture,
    )
