"""The paged and counted reads behind the cockpit's JSON API: one page of the current scans'
dependencies, and the headline counts of the current scans.

Both read stored data only and return records (:class:`DependencyList`, :class:`CurrentCounts`);
the API serialises them (:mod:`lodestar.web.api`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from lodestar.store.schema import dependencies, repositories


@dataclass(frozen=True, slots=True)
class DependencyItem:
    repository: str
    purl: str
    ecosystem: str
    name: str
    version: str | None
    constraint: str | None
    scope: str
    direct: bool
    manifest: str
    line: int | None
    licence: str | None = None  # SPDX expression, when the lock file declared one


@dataclass(frozen=True, slots=True)
class DependencyList:
    total: int
    offset: int
    limit: int
    items: tuple[DependencyItem, ...]


@dataclass(frozen=True, slots=True)
class CurrentCounts:
    """Repositories (all and scanned) and the current scans' dependencies (fixtures left out)
    and distinct packages."""

    repositories: int
    scanned: int
    dependencies: int
    packages: int


def dependency_list(
    engine: Engine,
    *,
    name: str | None = None,
    ecosystem: str | None = None,
    repository: str | None = None,
    offset: int = 0,
    limit: int = 100,
    total: int | None = None,
) -> DependencyList:
    """One page of the current scans' dependencies (fixtures left out), in a stable order.
    ``total``: the count of the whole list when the caller knows it already (unfiltered: the
    ``dependencies`` of :func:`current_counts`), which saves counting every row again."""
    d = dependencies
    base = (
        select(repositories.c.name.label("repository"), d.c.purl, d.c.ecosystem, d.c.name,
               d.c.version, d.c.constraint, d.c.scope, d.c.direct, d.c.manifest, d.c.line,
               d.c.licence)
        .join(repositories, repositories.c.current_scan_id == d.c.scan_id)
        .where(d.c.fixture.is_(False))
    )  # fmt: skip
    if name:
        base = base.where(func.lower(d.c.name) == name.lower())
    if ecosystem:
        base = base.where(d.c.ecosystem == ecosystem)
    if repository:
        base = base.where(repositories.c.name == repository)
    with engine.connect() as conn:
        if total is None:
            total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        rows = conn.execute(
            base.order_by(repositories.c.name, d.c.package, d.c.manifest, d.c.version)
            .offset(offset)
            .limit(limit)
        )
        items = tuple(DependencyItem(**row._mapping) for row in rows)
    return DependencyList(int(total), offset, limit, items)


def current_counts(engine: Engine) -> CurrentCounts:
    """The headline counts of the current scans."""
    with engine.connect() as conn:
        repos, scanned = conn.execute(
            select(func.count(repositories.c.id), func.count(repositories.c.current_scan_id))
        ).one()
        deps, packages = conn.execute(
            select(func.count(), func.count(func.distinct(dependencies.c.package)))
            .select_from(dependencies)
            .join(repositories, repositories.c.current_scan_id == dependencies.c.scan_id)
            .where(dependencies.c.fixture.is_(False))
        ).one()
    return CurrentCounts(int(repos), int(scanned), int(deps), int(packages))
