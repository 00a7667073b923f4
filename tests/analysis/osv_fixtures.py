"""The real OSV records of ``osv_records/`` as Advisory values, and dependencies to match.

``records()`` reads every JSON file of the folder with the importer's reader
(:func:`lodestar.safeparse.read_advisory`); ``advisory(id)`` one of them. ``dep()``
builds a :class:`~lodestar.records.Dependency` the way the scanner does (purl from the
ecosystem and name, ``@version`` only when pinned).
"""

from __future__ import annotations

import functools
from pathlib import Path

from lodestar.records import Dependency, Scope
from lodestar.records.vulns import Advisory, AffectedPackage
from lodestar.safeparse import purl_for, read_advisory

RECORDS = Path(__file__).parent / "osv_records"


def read(path: Path) -> Advisory:
    """One OSV JSON file through the importer's reader."""
    return read_advisory(path.read_bytes(), path.name)


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
