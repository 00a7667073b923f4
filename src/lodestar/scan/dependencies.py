"""From a repository's manifest and lock files to one list of dependencies.

Each file is parsed by every registered parser that reads it (see
:mod:`lodestar.scan.ecosystems`). Then, per ecosystem, a manifest is joined with the nearest lock
file of the same ecosystem in its own directory or above (npm, pnpm, yarn and Cargo workspaces
keep one lock at the root):

* a lock in an ancestor directory (a workspace root) resolves a declaration only for a
  workspace member. Where the workspace can be read (npm, pnpm, Yarn and Bun: the root
  ``package.json`` ``workspaces`` or ``pnpm-workspace.yaml``), membership decides; elsewhere
  the lock must record the same declared constraint for the package, unless it records no
  constraints at all (``Cargo.lock``, ``poetry.lock``): then the nearest lock resolves, as
  Cargo does for a workspace member. A manifest under test fixtures or examples is its own
  project and never borrows a lock;
* a package the manifest declares and the lock resolves becomes one dependency: the lock's exact
  version, licence and package-to-package edges (``depends_on``), the manifest's constraint,
  scope and directness, the manifest's path;
* where a lock lists several versions of a declared package, they are all used (npm and Cargo
  copies, uv and Poetry forks by Python version, NuGet versions per target framework), except
  in ``go.sum``, which keeps every version the go command verified: there only the first, the
  one the lock's parser lists as selected, is kept;
* a package only the lock knows is transitive (or whatever directness the lock itself records);
* a package only the manifest declares keeps its constraint and no version.

Dependencies declared under test fixtures, test data or examples are kept but flagged
(``fixture=True``) so organisation totals can leave them out. A file that cannot be parsed is a
warning with its path and line; the other files still count.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from lodestar.errors import ManifestError
from lodestar.records import Dependency, ScanWarning
from lodestar.safeparse import package_key
from lodestar.scan.ecosystems import ManifestContext, ManifestParser, parsers_for
from lodestar.scan.ecosystems.npm.workspaces import join, member_dirs, patterns_of, read_manifest
from lodestar.scan.ecosystems.registry import MAX_MANIFEST_BYTES

_FIXTURE = re.compile(
    r"(^|/)(fixtures?|testdata|test[-_]data|__fixtures__|examples?|samples?|test/resources|"
    r"tests?/data)(/|$)",
    re.IGNORECASE,
)


# Ecosystems whose lock lists versions the build never selected: go.sum keeps every version the
# go command verified while loading the module graph. Other locks list several versions of a
# package only when each is used somewhere (npm and Cargo copies, uv and Poetry forks by marker,
# NuGet per target framework, Gradle per configuration), so all of them are kept.
OVER_APPROXIMATING_LOCKS = frozenset({"golang"})

# (ecosystem, lock directory, manifest directory) → whether the project the lock resolves has
# the manifest's directory as a workspace member; None when the ecosystem's workspace cannot be
# read.
Membership = Callable[[str, str, str], bool | None]


def is_fixture_path(path: str) -> bool:
    """Whether a manifest sits under test fixtures, test data or examples."""
    return bool(_FIXTURE.search(posixpath.dirname(path)))


def is_manifest(path: str) -> bool:
    """Whether any registered parser reads this path."""
    return bool(parsers_for(path))


def _parse_all(
    files: Mapping[str, bytes], ctx: ManifestContext
) -> tuple[list[tuple[ManifestParser, list[Dependency]]], list[ScanWarning]]:
    parsed: list[tuple[ManifestParser, list[Dependency]]] = []
    warnings: list[ScanWarning] = []
    for path in sorted(files):
        data = files[path]
        if len(data) > MAX_MANIFEST_BYTES:
            reason = f"{len(data):,} bytes, larger than the {MAX_MANIFEST_BYTES:,}-byte limit"
            warnings.append(ScanWarning(path, f"{reason} for manifests; not parsed"))
            continue
        for parser in parsers_for(path):
            try:
                deps = parser.parse(path, data, ctx)
            except ManifestError as exc:
                where = f" (line {exc.line})" if exc.line else ""
                warnings.append(ScanWarning(path, f"{parser.name}: {exc.reason}{where}"))
                continue
            except RecursionError:
                warnings.append(ScanWarning(path, f"{parser.name}: nested too deeply"))
                continue
            if deps:
                parsed.append((parser, deps))
    return parsed, warnings


def _nearest_lock(
    directory: str, ecosystem: str, locks: Mapping[tuple[str, str], object]
) -> tuple[str, str] | None:
    current = directory
    while True:
        if (current, ecosystem) in locks:
            return current, ecosystem
        if current in ("", "."):
            return None
        current = posixpath.dirname(current)


def workspace_membership(ctx: ManifestContext) -> Membership:
    """Membership in npm-family workspaces (npm, pnpm, Yarn, Bun), read through ``ctx``."""
    members: dict[str, frozenset[str] | None] = {}

    def is_member(ecosystem: str, lock_directory: str, directory: str) -> bool | None:
        if ecosystem != "npm":
            return None
        if lock_directory not in members:
            root = read_manifest(ctx, join(lock_directory, "package.json"))
            members[lock_directory] = (
                None
                if root is None
                else frozenset(
                    member_dirs(ctx, lock_directory, patterns_of(ctx, lock_directory, root))
                )
            )
        found = members[lock_directory]
        return None if found is None else directory in found

    return is_member


# lock (directory, ecosystem) -> package -> every locked version, in the lock's own order
_Locks = dict[tuple[str, str], dict[str, list[Dependency]]]


def _join(
    dep: Dependency,
    locks: _Locks,
    claimed: set[tuple[tuple[str, str], str]],
    is_member: Membership | None,
) -> Dependency:
    """A declared dependency joined with the version its nearest lock holds (if any)."""
    directory = posixpath.dirname(dep.manifest)
    where = (
        None if is_fixture_path(dep.manifest) else _nearest_lock(directory, dep.ecosystem, locks)
    )
    candidates = locks[where].get(package_key(dep.purl), []) if where else []
    same = [c for c in candidates if dep.constraint and c.constraint == dep.constraint]
    if where is not None and where[0] != directory:  # an ancestor's lock
        member = is_member(dep.ecosystem, where[0], directory) if is_member else None
        if member is False:
            candidates = []
        elif member is None and any(c.constraint for c in candidates):
            candidates = same  # only a copy it locked for this very declaration
    if where is None or not candidates:
        return dep
    # several locked versions (Cargo's syn 1 and 2, a workspace member's own copy): the
    # copy locked for the same declared constraint, else the one the lock lists first
    locked = same[0] if same else candidates[0]
    claimed.add((where, locked.purl))
    if dep.ecosystem in OVER_APPROXIMATING_LOCKS:  # the others were never selected
        claimed.update((where, other.purl) for other in candidates)
    return dataclasses.replace(  # the joined record replaces the declared one
        dep,
        purl=locked.purl,
        version=locked.version,
        licence=locked.licence,
        depends_on=locked.depends_on,
    )


def merge(
    parsed: Iterable[tuple[ManifestParser, list[Dependency]]],
    is_member: Membership | None = None,
) -> list[Dependency]:
    """Join manifests with their lock files (see the module docstring)."""
    locks: _Locks = defaultdict(dict)
    declared: list[Dependency] = []
    for parser, deps in parsed:
        if parser.lock:
            for dep in deps:
                directory = posixpath.dirname(dep.manifest)
                locks[(directory, dep.ecosystem)].setdefault(package_key(dep.purl), []).append(dep)
        else:
            declared.extend(deps)
    claimed: set[tuple[tuple[str, str], str]] = set()  # (lock, purl) joined to a declaration
    out = [_join(dep, locks, claimed, is_member) for dep in declared]
    for where, packages in locks.items():
        for versions in packages.values():
            out.extend(d for d in versions if (where, d.purl) not in claimed)
    unique: dict[tuple[str, str, str, bool], Dependency] = {}
    for dep in out:
        flagged = dataclasses.replace(dep, fixture=is_fixture_path(dep.manifest))
        unique.setdefault(
            (flagged.purl, flagged.scope.value, flagged.manifest, flagged.direct), flagged
        )
    return sorted(unique.values(), key=lambda d: (d.manifest, d.ecosystem, d.name, d.purl))


def extract_dependencies(
    files: Mapping[str, bytes], ctx: ManifestContext | None = None
) -> tuple[list[Dependency], list[ScanWarning]]:
    """Every dependency the manifest and lock files in ``files`` declare, joined and flagged."""
    context = ctx or ManifestContext.of(files)
    parsed, warnings = _parse_all(files, context)
    return merge(parsed, workspace_membership(context)), warnings
