"""Write scans: one transaction per (repository, commit).

A scan and everything it observed land together or not at all. Re-running on an unchanged
commit is skipped unless forced; a forced re-run replaces the old rows in the same transaction
that writes the new ones, so a crash at any point leaves either the old scan or the new one.
A scan is stored with the scanner version it carries (``RepoScan.scanner``), which
:func:`scanned_commit` compares with the version the job asks for.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Table, delete, insert, select, update

from lodestar.records import FileKind, LanguageTotal, RepoScan, RepositoryRef
from lodestar.store.dependency_graph import edge_rows
from lodestar.store.notices import notices_to_json
from lodestar.store.schema import (
    STAGE_ERRORS,
    catalog_entities,
    dependencies,
    dependency_edges,
    dependency_row,
    file_stats,
    language_totals,
    licence_findings,
    owner_rules,
    repositories,
    runtime_row,
    runtimes,
    scan_warnings,
    scans,
    technologies,
)


def ensure_repository(conn: Connection, ref: RepositoryRef) -> int:
    """The id of the repository at ``ref.path``, inserting it (or renaming it) as needed."""
    row = conn.execute(
        select(repositories.c.id, repositories.c.name).where(repositories.c.path == ref.path)
    ).first()
    if row is not None:
        if row.name != ref.name:
            conn.execute(
                update(repositories).where(repositories.c.id == row.id).values(name=ref.name)
            )
        return int(row.id)
    result = conn.execute(
        insert(repositories).values(
            name=ref.name, path=ref.path, bare=ref.bare, first_seen=datetime.now(UTC)
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def register_repositories(engine: Engine, refs: list[RepositoryRef]) -> dict[str, int]:
    """Ensure every discovered repository has a row; returns path → id."""
    with engine.begin() as conn:
        return {ref.path: ensure_repository(conn, ref) for ref in refs}


def forget_repositories(engine: Engine, paths: Iterable[str]) -> list[str]:
    """Delete the repositories stored at ``paths`` with everything stored about them (scans,
    history, snapshots: every table refers to its repository ON DELETE CASCADE); returns the
    names forgotten, sorted."""
    wanted = sorted(set(paths))
    if not wanted:
        return []
    with engine.begin() as conn:
        rows = conn.execute(
            select(repositories.c.id, repositories.c.name).where(repositories.c.path.in_(wanted))
        ).all()
        if rows:
            conn.execute(delete(repositories).where(repositories.c.id.in_([r.id for r in rows])))
    return sorted(str(r.name) for r in rows)


def scanned_commit(engine: Engine, path: str, scanner: int) -> str | None:
    """The commit of the current scan of the repository at ``path``, if any and if it was made
    by the scanner version ``scanner`` or a later one (an older scanner's scan is redone,
    whatever its commit)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(scans.c.commit, scans.c.scanner)
            .select_from(repositories.join(scans, scans.c.id == repositories.c.current_scan_id))
            .where(repositories.c.path == path)
        ).first()
    if row is None or row.scanner < scanner:
        return None
    return str(row.commit)


def record_error(
    engine: Engine, ref: RepositoryRef, message: str | None, stage: str = "inventory"
) -> None:
    """Remember that the last run of ``stage`` (a key of STAGE_ERRORS) failed on a repository,
    and why; ``message=None`` forgets it (the stage succeeded). What the stage stored before
    (the previous scan, the mined history) stays."""
    column = STAGE_ERRORS[stage]
    with engine.begin() as conn:
        if message is None:  # common case, one statement: most repositories never failed
            conn.execute(
                update(repositories)
                .where(repositories.c.path == ref.path, repositories.c[column].is_not(None))
                .values({column: None})
            )
            return
        repo_id = ensure_repository(conn, ref)
        conn.execute(
            update(repositories).where(repositories.c.id == repo_id).values({column: message})
        )


def save_scan(engine: Engine, scan: RepoScan, duration_ms: int) -> int:
    """Store one repository's scan in a single transaction and make it current."""
    totals = scan.totals()
    with engine.begin() as conn:
        repo_id = ensure_repository(conn, scan.repository)
        conn.execute(
            delete(scans).where(scans.c.repository_id == repo_id, scans.c.commit == scan.commit)
        )
        scan_id = int(
            conn.execute(
                insert(scans).values(_scan_values(scan, totals, repo_id, duration_ms))
            ).inserted_primary_key[0]  # type: ignore[index]
        )
        _insert(conn, file_stats, _file_rows(scan, scan_id))
        _insert(conn, language_totals, _total_rows(totals, scan_id))
        _insert(conn, licence_findings, _licence_rows(scan, scan_id))
        _insert(conn, dependencies, [dependency_row(d, scan_id=scan_id) for d in scan.dependencies])
        _insert(conn, dependency_edges, edge_rows(scan.dependencies, scan_id=scan_id))
        _insert(conn, technologies, _technology_rows(scan, scan_id))
        _insert(conn, runtimes, _runtime_rows(scan, scan_id))
        _insert(conn, owner_rules, _owner_rule_rows(scan, scan_id))
        _insert(conn, catalog_entities, _entity_rows(scan, scan_id))
        _insert(
            conn,
            scan_warnings,
            [{"scan_id": scan_id, "path": w.path, "message": w.message} for w in scan.warnings],
        )
        conn.execute(
            update(repositories)
            .where(repositories.c.id == repo_id)
            .values(current_scan_id=scan_id, last_error=None)
        )
    return scan_id


def _scan_values(
    scan: RepoScan, totals: tuple[LanguageTotal, ...], repo_id: int, duration_ms: int
) -> dict[str, object]:
    """The ``scans`` row of ``scan``: what it saw in sum, and the scanner version that made it."""
    return {
        "repository_id": repo_id,
        "commit": scan.commit,
        "ref": scan.ref,
        "scanner": scan.scanner,
        "committed_at": scan.committed_at,
        "scanned_at": datetime.now(UTC),
        "duration_ms": duration_ms,
        "files": len(scan.files),
        "own_code": sum(t.code for t in totals if t.kind is FileKind.OWN),
        "licence": scan.licence.expression,
        "licence_declared": scan.licence.declared,
        "licence_detected": scan.licence.detected,
        "licence_status": scan.licence.status.value,
        "warnings": len(scan.warnings),
        "notices": notices_to_json(scan.notices),
    }


def _file_rows(scan: RepoScan, scan_id: int) -> Iterator[dict[str, object]]:
    return (
        {
            "scan_id": scan_id,
            "path": f.path,
            "language": f.language,
            "kind": f.kind.value,
            "size": f.size,
            "binary": f.binary,
            "code": f.code,
            "comment": f.comment,
            "blank": f.blank,
        }
        for f in scan.files
    )


def _total_rows(totals: tuple[LanguageTotal, ...], scan_id: int) -> list[dict[str, object]]:
    return [
        {
            "scan_id": scan_id,
            "language": t.language,
            "kind": t.kind.value,
            "files": t.files,
            "code": t.code,
            "comment": t.comment,
            "blank": t.blank,
        }
        for t in totals
    ]


def _licence_rows(scan: RepoScan, scan_id: int) -> list[dict[str, object]]:
    return [
        {
            "scan_id": scan_id,
            "spdx": lf.spdx,
            "source": lf.source.value,
            "path": lf.path,
            "confidence": lf.confidence,
            "count": lf.count,
        }
        for lf in scan.licence.findings
    ]


def _technology_rows(scan: RepoScan, scan_id: int) -> list[dict[str, object]]:
    return [
        {
            "scan_id": scan_id,
            "technology": t.technology,
            "via": t.via,
            "evidence": t.evidence,
            "path": t.path,
        }
        for t in scan.technologies
    ]


def _runtime_rows(scan: RepoScan, scan_id: int) -> list[dict[str, object]]:
    return [runtime_row(r, scan_id=scan_id) for r in scan.runtimes]


def _owner_rule_rows(scan: RepoScan, scan_id: int) -> list[dict[str, object]]:
    return [
        {
            "scan_id": scan_id,
            "path": r.path,
            "line": r.line,
            "pattern": r.pattern,
            "owners": " ".join(r.owners),
            "section": r.section,
        }
        for r in scan.owner_rules
    ]


def _entity_rows(scan: RepoScan, scan_id: int) -> list[dict[str, object]]:
    return [
        {
            "scan_id": scan_id,
            "path": e.path,
            "line": e.line,
            "kind": e.kind,
            "namespace": e.namespace,
            "name": e.name,
            "owner": e.owner,
            "system": e.system,
            "type": e.type,
            "lifecycle": e.lifecycle,
            "members": " ".join(e.members),
            "parent": e.parent,
            "email": e.email,
            "display_name": e.display_name,
            "tags": " ".join(e.tags),
            "annotations": json.dumps(dict(e.annotations), sort_keys=True),
        }
        for e in scan.entities
    ]


_CHUNK = 5000  # rows per executemany: a 500,000-file scan never holds all its rows at once


def _insert(conn: Connection, table: Table, rows: Iterable[dict[str, object]]) -> None:
    """Insert ``rows`` (a list or a generator) in chunks of :data:`_CHUNK`."""
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, _CHUNK)):
        conn.execute(insert(table), chunk)
