"""Read queries over what the current scans observed: dependencies, technologies, runtimes.

Only each repository's current scan counts. Dependencies declared under test fixtures are left
out unless asked for (``include_fixtures``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from lodestar.records import (
    Dependency,
    DependencyUse,
    PackageName,
    RuntimeRow,
    Scope,
    TechnologyEvidence,
)
from lodestar.store.schema import dependencies, repositories, runtimes, technologies


def dependency_record(row: Any) -> Dependency:
    """The records.Dependency of a stored dependency row (a scan's or a snapshot's)."""
    return Dependency(
        purl=row.purl,
        ecosystem=row.ecosystem,
        name=row.name,
        version=row.version,
        constraint=row.constraint,
        scope=Scope(row.scope),
        direct=bool(row.direct),
        manifest=row.manifest,
        line=row.line,
        fixture=bool(row.fixture),
        licence=row.licence,
    )


def find_dependencies(
    engine: Engine,
    *,
    package: str | None = None,
    packages: Collection[str] | None = None,
    ecosystem: str | None = None,
    repository: str | None = None,
    include_fixtures: bool = False,
) -> list[DependencyUse]:
    """Dependencies of the current scans, filtered by package key(s) or ecosystem.

    Which packages a name means is decided above the store (:mod:`lodestar.analysis.packages`),
    from :func:`package_names`; the store compares package keys exactly.
    """
    d = dependencies
    query = select(
        repositories.c.name.label("repository"),
        d.c.purl,
        d.c.package,
        d.c.ecosystem,
        d.c.name,
        d.c.version,
        d.c.constraint,
        d.c.scope,
        d.c.direct,
        d.c.manifest,
        d.c.line,
        d.c.fixture,
        d.c.licence,
    ).join(repositories, repositories.c.current_scan_id == d.c.scan_id)
    if package is not None:
        query = query.where(d.c.package == package)
    if packages is not None:
        query = query.where(d.c.package.in_(sorted(packages)))
    if ecosystem is not None:
        query = query.where(d.c.ecosystem == ecosystem)
    if repository is not None:
        query = query.where(repositories.c.name == repository)
    if not include_fixtures:
        query = query.where(d.c.fixture.is_(False))
    query = query.order_by(repositories.c.name, d.c.package, d.c.version, d.c.manifest)
    with engine.connect() as conn:
        return [DependencyUse(**row._mapping) for row in conn.execute(query)]


def package_names(engine: Engine) -> list[PackageName]:
    """Every (package, ecosystem, written name) of the current scans, fixtures included."""
    d = dependencies
    query = (
        select(d.c.package, d.c.ecosystem, d.c.name)
        .join(repositories, repositories.c.current_scan_id == d.c.scan_id)
        .distinct()
        .order_by(d.c.package, d.c.name)
    )
    with engine.connect() as conn:
        return [PackageName(**row._mapping) for row in conn.execute(query)]


def technology_evidence(engine: Engine, technology: str | None = None) -> list[TechnologyEvidence]:
    """Technology evidence of the current scans (optionally of one technology)."""
    t = technologies
    query = select(
        repositories.c.name.label("repository"), t.c.technology, t.c.via, t.c.evidence, t.c.path
    ).join(repositories, repositories.c.current_scan_id == t.c.scan_id)
    if technology is not None:
        query = query.where(t.c.technology == technology)
    query = query.order_by(t.c.technology, repositories.c.name, t.c.via, t.c.evidence)
    with engine.connect() as conn:
        return [TechnologyEvidence(**row._mapping) for row in conn.execute(query)]


def declared_runtimes(engine: Engine) -> list[RuntimeRow]:
    """Declared runtime, OS, database and framework versions of the current scans."""
    r = runtimes
    query = (
        select(
            repositories.c.name.label("repository"),
            r.c.product,
            r.c.version,
            r.c.declared,
            r.c.path,
            r.c.line,
            r.c.source,
            r.c.intent,
            r.c.allowed,
        )
        .join(repositories, repositories.c.current_scan_id == r.c.scan_id)
        .order_by(repositories.c.name, r.c.product, r.c.path)
    )
    with engine.connect() as conn:
        return [RuntimeRow(**row._mapping) for row in conn.execute(query)]


@dataclass(frozen=True, slots=True)
class PackageCount:
    package: str
    ecosystem: str
    name: str
    repositories: int
    versions: int


def package_counts(
    engine: Engine,
    *,
    ecosystem: str | None = None,
    include_fixtures: bool = False,
    direct_only: bool = True,
) -> list[PackageCount]:
    """Packages by the number of repositories using them (most first)."""
    d = dependencies
    query = (
        select(
            d.c.package,
            d.c.ecosystem,
            func.min(d.c.name).label("name"),
            func.count(func.distinct(d.c.scan_id)).label("repositories"),
            func.count(func.distinct(d.c.version)).label("versions"),
        )
        .join(repositories, repositories.c.current_scan_id == d.c.scan_id)
        .group_by(d.c.package, d.c.ecosystem)
        .order_by(func.count(func.distinct(d.c.scan_id)).desc(), d.c.package)
    )
    if ecosystem is not None:
        query = query.where(d.c.ecosystem == ecosystem)
    if not include_fixtures:
        query = query.where(d.c.fixture.is_(False))
    if direct_only:
        query = query.where(d.c.direct.is_(True))
    with engine.connect() as conn:
        return [PackageCount(**row._mapping) for row in conn.execute(query)]
