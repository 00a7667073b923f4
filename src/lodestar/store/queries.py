"""Read queries over the current scan of every repository.

Everything here reads stored data only: no git access at query time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, RowMapping, func, select

from lodestar.records import LanguageRow, RepositoryRow, StageFailure
from lodestar.store.remotes import REMOTE_COLUMNS, remote_of
from lodestar.store.schema import (
    STAGE_ERRORS,
    language_totals,
    repositories,
    scan_warnings,
    scans,
)


@dataclass(frozen=True, slots=True)
class WarningRow:
    repository: str
    path: str
    message: str


def list_repositories(engine: Engine) -> list[RepositoryRow]:
    """Every known repository with its current scan, by name."""
    with engine.connect() as conn:
        rows: list[RowMapping] = list(
            conn.execute(
                select(
                    repositories.c.name,
                    repositories.c.path,
                    repositories.c.bare,
                    repositories.c.current_scan_id,
                    *(repositories.c[column] for column in STAGE_ERRORS.values()),
                    *(repositories.c[column] for column in REMOTE_COLUMNS),
                    scans.c.commit,
                    scans.c.committed_at,
                    scans.c.scanned_at,
                    scans.c.files,
                    scans.c.own_code,
                    scans.c.licence,
                    scans.c.licence_declared,
                    scans.c.licence_detected,
                    scans.c.licence_status,
                    scans.c.warnings,
                )
                .select_from(
                    repositories.outerjoin(scans, scans.c.id == repositories.c.current_scan_id)
                )
                .order_by(repositories.c.name)
            )
            .mappings()
            .all()
        )
        langs: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for r in conn.execute(
            select(language_totals.c.scan_id, language_totals.c.language, language_totals.c.code)
            .join(repositories, repositories.c.current_scan_id == language_totals.c.scan_id)
            .where(language_totals.c.kind == "own", language_totals.c.code > 0)
            .order_by(language_totals.c.scan_id, language_totals.c.code.desc())
        ):
            langs[r.scan_id].append((r.language, r.code))
    out = []
    for m in rows:
        scan_id = m["current_scan_id"]
        out.append(
            RepositoryRow(
                name=m["name"],
                path=m["path"],
                bare=bool(m["bare"]),
                commit=m["commit"],
                committed_at=m["committed_at"],
                scanned_at=m["scanned_at"].isoformat() if m["scanned_at"] else None,
                files=m["files"] or 0,
                own_code=m["own_code"] or 0,
                languages=tuple(langs.get(scan_id, ())) if scan_id else (),
                licence=m["licence"],
                licence_declared=m["licence_declared"],
                licence_detected=m["licence_detected"],
                licence_status=m["licence_status"],
                warnings=m["warnings"] or 0,
                last_error=m["last_error"],
                remote=remote_of(m),
                failures=tuple(
                    StageFailure(stage, m[column])
                    for stage, column in STAGE_ERRORS.items()
                    if m[column] is not None
                ),
            )
        )
    return out


def organisation_languages(engine: Engine, kind: str | None = "own") -> list[LanguageRow]:
    """Languages summed over every repository's current scan (``kind=None``: all kinds)."""
    lt = language_totals
    query = (
        select(
            lt.c.language,
            func.count(func.distinct(lt.c.scan_id)).label("repos"),
            func.sum(lt.c.files).label("files"),
            func.sum(lt.c.code).label("code"),
            func.sum(lt.c.comment).label("comment"),
            func.sum(lt.c.blank).label("blank"),
        )
        .join(repositories, repositories.c.current_scan_id == lt.c.scan_id)
        .group_by(lt.c.language)
        .order_by(func.sum(lt.c.code).desc(), lt.c.language)
    )
    if kind is not None:
        query = query.where(lt.c.kind == kind)
    with engine.connect() as conn:
        return [
            LanguageRow(
                r.language, int(r.repos), int(r.files), int(r.code), int(r.comment), int(r.blank)
            )
            for r in conn.execute(query)
        ]


def kind_totals(engine: Engine) -> dict[str, int]:
    """Code lines per file kind (own, vendored, generated, documentation) over the organisation."""
    lt = language_totals
    with engine.connect() as conn:
        return {
            r.kind: int(r.code)
            for r in conn.execute(
                select(lt.c.kind, func.sum(lt.c.code).label("code"))
                .join(repositories, repositories.c.current_scan_id == lt.c.scan_id)
                .group_by(lt.c.kind)
            )
        }


def list_warnings(engine: Engine, repository: str | None = None) -> list[WarningRow]:
    """Warnings of the current scans, optionally of one repository."""
    query = (
        select(repositories.c.name, scan_warnings.c.path, scan_warnings.c.message)
        .join(repositories, repositories.c.current_scan_id == scan_warnings.c.scan_id)
        .order_by(repositories.c.name, scan_warnings.c.path)
    )
    if repository is not None:
        query = query.where(repositories.c.name == repository)
    with engine.connect() as conn:
        return [WarningRow(r.name, r.path, r.message) for r in conn.execute(query)]
