"""Where a declaration's matchers meet observed reality: repositories, evidence, versions.

A technology matcher matches the scans' technology evidence; with a version range it keeps the
repositories whose declared runtime of that product (``python``, ``nodejs`` …) is in the range.
A purl matcher is a glob over ``pkg:type/namespace/name`` (see :mod:`lodestar.catalog.matchers`)
with an optional range over the resolved version. Dependencies without a resolved version cannot
be placed in a range and are left out of ranged matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select

from lodestar.analysis.inventory import parse_range, parse_version
from lodestar.catalog.matchers import glob_regex
from lodestar.errors import UsageError
from lodestar.records import Matcher
from lodestar.scan.dependencies import package_key
from lodestar.store.inventory import (
    DependencyUse,
    declared_runtimes,
    find_dependencies,
    technology_evidence,
)
from lodestar.store.schema import dependencies, repositories


@dataclass(frozen=True, slots=True)
class Use:
    repository: str
    via: str  # dependency | image | file | language | runtime
    evidence: str
    version: str | None
    path: str


def _in_range(version: str | None, versions: str | None) -> bool:
    if not versions:
        return True
    parsed = parse_version(version)
    if parsed is None:
        return False
    try:
        return parse_range(versions).contains(parsed, prereleases=True)
    except UsageError:
        return False


def matcher_label(m: Matcher) -> str:
    subject = m.technology or m.purl or "?"
    return f"{subject} {m.versions}" if m.versions else subject


def where_used(engine: Engine, matchers: Sequence[Matcher]) -> tuple[Use, ...]:
    """Every observed use matching any of ``matchers``, by repository."""
    found: dict[tuple[str, str, str, str], Use] = {}
    runtimes = None
    for m in matchers:
        if m.technology:
            rows = technology_evidence(engine, m.technology)
            if m.versions:
                runtimes = runtimes if runtimes is not None else declared_runtimes(engine)
                for r in runtimes:
                    if r.product == m.technology and _in_range(r.version, m.versions):
                        use = Use(r.repository, "runtime", r.declared, r.version, r.path)
                        found[(use.repository, use.via, use.evidence, use.path)] = use
            else:
                for row in rows:
                    use = Use(row.repository, row.via, row.evidence, None, row.path)
                    found[(use.repository, use.via, use.evidence, use.path)] = use
        if m.purl:
            key = m.purl.strip().lower()
            if not key.startswith("pkg:"):
                continue
            if "*" not in key and "?" not in key:
                deps = find_dependencies(engine, package=package_key(m.purl.strip()))
            else:
                pattern = re.compile(glob_regex(key), re.IGNORECASE)
                prefix = key.split("*", 1)[0].split("?", 1)[0]
                deps = [d for d in _with_prefix(engine, prefix) if pattern.fullmatch(d.package)]
            for d in deps:
                if _in_range(d.version, m.versions):
                    use = Use(d.repository, "dependency", d.purl, d.version, d.manifest)
                    found[(use.repository, use.via, use.evidence, use.path)] = use
    return tuple(sorted(found.values(), key=lambda u: (u.repository, u.via, u.evidence, u.path)))


def _with_prefix(engine: Engine, prefix: str) -> list[DependencyUse]:
    """Current, non-fixture dependencies whose package starts with ``prefix`` (any case)."""
    d = dependencies
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = (
        select(
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
        )
        .join(repositories, repositories.c.current_scan_id == d.c.scan_id)
        .where(d.c.package.ilike(escaped + "%", escape="\\"), d.c.fixture.is_(False))
        .order_by(repositories.c.name, d.c.package, d.c.version, d.c.manifest)
    )
    with engine.connect() as conn:
        return [DependencyUse(**row._mapping) for row in conn.execute(query)]
