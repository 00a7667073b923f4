"""Time travel: what a repository used at one past commit, from its manifests alone.

A snapshot lists the tree at the commit (``ls-tree``, no file content), then reads only the
manifest, lock and runtime files (``cat-file --batch``) and runs the same dependency parsers,
runtime readers and technology matching as a full scan. Two shortcuts keep a run over years of
months cheap:

* blob contents are cached by object id, so a file unchanged since the previous month is never
  read again;
* when the manifest and runtime files of a month are the very same blobs as the previous
  month's, its dependencies and runtimes are reused without parsing anything.

Differences from a full scan, by design: languages (for technology matching) are taken from
file names, not from line counts, and vendoring is decided by path (no ``.gitattributes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lodestar.catalog import EolCatalog, TechnologyCatalog
from lodestar.gitio import GitRepository, TreeListing
from lodestar.records import Dependency, FileKind, RuntimeDeclaration, TreeEntry
from lodestar.records.snapshots import Snapshot
from lodestar.scan.budgets import MAX_TREE_ENTRIES, repository_notes, unreadable_warning
from lodestar.scan.classify import classify_kind
from lodestar.scan.dependencies import extract_dependencies, is_fixture_path, is_manifest
from lodestar.scan.ecosystems import Documents, ManifestContext
from lodestar.scan.ecosystems.registry import MAX_MANIFEST_BYTES
from lodestar.scan.languages import detect_language
from lodestar.scan.pipeline import SCANNER_VERSION
from lodestar.scan.runtimes import detect_runtimes, is_runtime_file
from lodestar.scan.technologies import detect_technologies

MAX_CACHED_BYTES = 256 << 20


@dataclass(slots=True)
class SnapshotCache:
    """Blob contents by object id, and the last parse keyed by its input files."""

    blobs: dict[str, bytes] = field(default_factory=dict)
    size: int = 0
    last_key: tuple[tuple[str, str], ...] | None = None
    last_result: tuple[tuple[Dependency, ...], tuple[RuntimeDeclaration, ...]] | None = None
    paths: dict[str, tuple[FileKind, str | None]] = field(default_factory=dict)  # kind, language
    parses: int = 0  # how many times the parsers actually ran (for tests and figures)
    blob_reads: int = 0

    def remember(self, oid: str, data: bytes) -> None:
        if self.size + len(data) > MAX_CACHED_BYTES:
            self.blobs.clear()
            self.size = 0
        self.blobs[oid] = data
        self.size += len(data)


def _read(git: GitRepository, entries: Sequence[TreeEntry], cache: SnapshotCache) -> set[str]:
    """Read the blobs of ``entries`` not cached yet; returns the oids that could not be read."""
    missing = [e.oid for e in entries if e.oid not in cache.blobs]
    unreadable: set[str] = set()
    for oid, data in git.read_blobs(dict.fromkeys(missing)):
        cache.blob_reads += 1
        if data is None:  # absent (partial clone) or corrupt: never fetched
            unreadable.add(oid)
        else:
            cache.remember(oid, data)
    return unreadable


def _context(
    git: GitRepository, entries: Sequence[TreeEntry], cache: SnapshotCache
) -> ManifestContext:
    """Lets a parser read any other file of the tree (an include, a parent POM), cached."""
    by_path = {e.path: e for e in entries}

    def read(path: str) -> bytes | None:
        entry = by_path.get(path)
        if entry is None or not 0 <= entry.size <= MAX_MANIFEST_BYTES:
            return None
        if entry.oid not in cache.blobs and _read(git, [entry], cache):
            return None
        data = cache.blobs.get(entry.oid, b"")
        return None if b"\0" in data[:8192] else data

    return ManifestContext(frozenset(by_path), read, Documents())


_Parsed = tuple[tuple[Dependency, ...], tuple[RuntimeDeclaration, ...]]


def _parse(
    git: GitRepository,
    listing: TreeListing,
    wanted: Sequence[TreeEntry],
    context: ManifestContext,
    cache: SnapshotCache,
    *,
    catalog: TechnologyCatalog,
    eol: EolCatalog,
    warnings: list[tuple[str, str]],
) -> _Parsed:
    """Dependencies and runtimes of the wanted manifests and runtime files."""
    unreadable = _read(git, wanted, cache)
    for e in wanted:
        if e.oid in unreadable and e.oid not in listing.absent:
            warning = unreadable_warning(e.path)
            warnings.append((warning.path, warning.message))
    readable = [e for e in wanted if e.oid not in unreadable]
    manifests = {
        e.path: cache.blobs.get(e.oid, b"")
        for e in readable
        if is_manifest(e.path) and b"\0" not in cache.blobs.get(e.oid, b"")[:8192]
    }
    runtime_files = {  # a manifest under test fixtures declares no runtime, as in a scan
        e.path: cache.blobs.get(e.oid, b"")
        for e in readable
        if is_runtime_file(e.path) and not is_fixture_path(e.path)
    }
    deps, dep_warnings = extract_dependencies(manifests, context)
    warnings.extend((w.path, w.message) for w in dep_warnings)
    found, runtime_warnings = detect_runtimes(
        runtime_files,
        [d for d in deps if not d.fixture],
        eol=eol,
        catalog=catalog,
        documents=context.documents,  # each file parsed once: dependencies, then runtime
    )
    warnings.extend(runtime_warnings)
    cache.parses += 1
    return tuple(deps), tuple(found)


def snapshot_at(
    git: GitRepository,
    commit: str,
    *,
    catalog: TechnologyCatalog,
    eol: EolCatalog,
    cache: SnapshotCache,
) -> Snapshot:
    """Technologies, dependencies and declared runtimes of the tree at ``commit``."""
    listing = git.list_tree(commit, limit=MAX_TREE_ENTRIES)
    entries = [e for e in listing.entries if not e.is_symlink and not e.is_submodule]
    known = cache.paths
    for e in entries:
        if e.path not in known:
            known[e.path] = (classify_kind(e.path, b"", None), detect_language(e.path, b""))
    kinds = {e.path: known[e.path][0] for e in entries}
    wanted = [
        e
        for e in entries
        if kinds[e.path] is not FileKind.VENDORED
        and 0 <= e.size <= MAX_MANIFEST_BYTES
        and (is_manifest(e.path) or (is_runtime_file(e.path) and not is_fixture_path(e.path)))
    ]
    key = tuple(sorted((e.path, e.oid) for e in wanted))
    warnings = [(w.path, w.message) for w in repository_notes(git, listing, history=False)]
    if cache.last_key == key and cache.last_result is not None:
        dependencies, runtimes = cache.last_result
    else:
        context = _context(git, entries, cache)
        dependencies, runtimes = _parse(
            git, listing, wanted, context, cache, catalog=catalog, eol=eol, warnings=warnings
        )
        cache.last_key, cache.last_result = key, (dependencies, runtimes)
    own_paths = [p for p, k in kinds.items() if k is not FileKind.VENDORED]
    languages = sorted(
        {lang for p, k in kinds.items() if k is FileKind.OWN and (lang := known[p][1]) is not None}
    )
    uses = detect_technologies(
        catalog,
        paths=own_paths,
        languages=languages,
        dependencies=dependencies,
        runtimes=runtimes,
    )
    return Snapshot(
        commit=commit,
        technologies=tuple(sorted({u.technology for u in uses})),
        dependencies=dependencies,
        runtimes=runtimes,
        warnings=tuple(warnings),
        scanner=SCANNER_VERSION,
    )
