"""The static site's "who uses X" search: an index precomputed in Python at build time.

The live cockpit answers the search on the server (:func:`lodestar.analysis.inventory.
search_dependencies`). A static site has no server, so ``lodestar site build`` writes, per
package, every use the live search would list (repository, version, constraint, manifest, line,
scope, direct), the package's distinct versions in version order, its major lines (``3.x``)
already matched by the live search's own range module (:func:`lodestar.safeparse.parse_range`,
in the package's ecosystem), and the keys the live search compares a name with
(:func:`lodestar.analysis.packages.identity`: ``react`` is never ``@types/react``). The page
ticks versions instead of typing a range, so no version arithmetic runs in JavaScript and the
answer stays exactly the live one.

The index is a script, not JSON: browsers refuse ``fetch()`` of ``file://`` URLs, but load a
``<script src>`` beside the page (which ``script-src 'self'`` allows) that assigns
``window.LODESTAR_WHO_USES``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine

from lodestar.analysis.packages import identity
from lodestar.records import DependencyUse
from lodestar.safeparse import RangeError, parse_range, parse_version
from lodestar.store import find_dependencies
from lodestar.web.links import Links

GLOBAL = "LODESTAR_WHO_USES"
FILE = "api/who-uses.js"  # beside the pages' JSON, relative to the site's root
UNRESOLVED = -1  # version index of a use with no resolved version


@dataclass(frozen=True, slots=True)
class IndexedUse:
    repository: int  # index into WhoUsesIndex.repositories
    version: int  # index into IndexedPackage.versions, or UNRESOLVED
    constraint: str | None
    manifest: int  # index into WhoUsesIndex.manifests
    line: int | None
    scope: int  # index into WhoUsesIndex.scopes
    direct: bool


@dataclass(frozen=True, slots=True)
class IndexedPackage:
    package: str  # pkg:type/namespace/name, no version
    name: str
    ecosystem: str
    keys: tuple[str, ...]  # the written names as the ecosystem compares them (identity)
    versions: tuple[str, ...]  # distinct resolved versions; comparable ones in order, then the rest
    comparable: int  # how many of ``versions`` (the first ones) parse as versions
    lines: tuple[tuple[str, tuple[int, ...]], ...]  # ("3.x", indices of versions in >=3,<4)
    uses: tuple[IndexedUse, ...]


@dataclass(frozen=True, slots=True)
class WhoUsesIndex:
    repositories: tuple[tuple[str, str], ...]  # (name, link from the technologies page)
    manifests: tuple[str, ...]
    scopes: tuple[str, ...]
    packages: tuple[IndexedPackage, ...]


class _Table:
    """Distinct strings, each stored once and referred to by position."""

    def __init__(self) -> None:
        self.items: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.items.setdefault(text, len(self.items))

    def values(self) -> tuple[str, ...]:
        return tuple(self.items)


def _ordered_versions(uses: list[DependencyUse]) -> tuple[str, ...]:
    distinct = {u.version for u in uses if u.version}
    comparable = sorted(
        (v for v in distinct if parse_version(v) is not None),
        key=lambda v: (parse_version(v), v),
    )
    return (*comparable, *sorted(v for v in distinct if parse_version(v) is None))


def _major_lines(
    versions: tuple[str, ...], ecosystem: str
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Each major line present, with the versions the live search puts in ``N.x``."""
    majors = sorted({p.major for v in versions if (p := parse_version(v)) is not None})
    lines = []
    for major in majors:
        try:
            line = parse_range(f"{major}.x", ecosystem)
        except RangeError:  # a dialect with no x-ranges: no quick button for it
            continue
        inside = tuple(i for i, v in enumerate(versions) if line.contains(v))
        if inside:
            lines.append((f"{major}.x", inside))
    return tuple(lines)


def build_index(engine: Engine) -> WhoUsesIndex:
    """Every use the live search can list (fixtures left out, as there), grouped by package."""
    links = Links(static=True, here="technologies/")
    by_package: dict[str, list[DependencyUse]] = defaultdict(list)
    repositories = _Table()
    manifests = _Table()
    scopes = _Table()
    for use in find_dependencies(engine):
        by_package[use.package].append(use)
    packages = []
    for key in sorted(by_package):
        uses = by_package[key]
        versions = _ordered_versions(uses)
        position = {v: i for i, v in enumerate(versions)}
        packages.append(
            IndexedPackage(
                package=key,
                name=uses[0].name,
                ecosystem=uses[0].ecosystem,
                keys=tuple(sorted({identity(u.ecosystem, u.name) for u in uses})),
                versions=versions,
                comparable=sum(1 for v in versions if parse_version(v) is not None),
                lines=_major_lines(versions, uses[0].ecosystem),
                uses=tuple(
                    IndexedUse(
                        repositories(u.repository),
                        position[u.version] if u.version else UNRESOLVED,
                        u.constraint,
                        manifests(u.manifest),
                        u.line,
                        scopes(u.scope),
                        u.direct,
                    )
                    for u in uses
                ),
            )
        )
    return WhoUsesIndex(
        repositories=tuple((name, links.repository(name)) for name in repositories.values()),
        manifests=manifests.values(),
        scopes=scopes.values(),
        packages=tuple(packages),
    )


def _use_row(u: IndexedUse) -> list[object]:
    return [u.repository, u.version, u.constraint, u.manifest, u.line, u.scope, int(u.direct)]


def index_script(index: WhoUsesIndex) -> str:
    """The index as a script assigning one global; rows are arrays to keep the file small.

    ``packages[i]`` is ``[package, name, ecosystem, versions, comparable, lines, uses, keys]`` and
    each use is ``[repository, version, constraint, manifest, line, scope, direct]`` (indices
    as in :class:`IndexedUse`; direct is 1 or 0).
    """
    data = {
        "repositories": [list(r) for r in index.repositories],
        "manifests": list(index.manifests),
        "scopes": list(index.scopes),
        "packages": [
            [
                p.package,
                p.name,
                p.ecosystem,
                list(p.versions),
                p.comparable,
                [[label, list(members)] for label, members in p.lines],
                [_use_row(u) for u in p.uses],
                list(p.keys),
            ]
            for p in index.packages
        ],
    }
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return f"/* built by 'lodestar site build' */\nwindow.{GLOBAL} = {text};\n"
