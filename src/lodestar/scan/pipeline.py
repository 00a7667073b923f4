"""Scan one repository at one commit: a pure function from committed content to a RepoScan.

The tree is listed once (``ls-tree -r -l``) and every blob under the size cap is streamed once
through ``cat-file --batch``; each blob is classified (language, kind, binary), counted, and
looked at for licence evidence. Symbolic links and submodules are recorded by path only: their
targets are never followed. A file that trips a classifier becomes a warning on that path and
the scan goes on; so does an object that is corrupt or, in a partial clone, absent (it is never
fetched). What one repository may cost is bounded by :mod:`lodestar.scan.budgets`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lodestar.catalog import load_catalog, load_eol
from lodestar.gitio import GitRepository, TreeListing
from lodestar.records import (
    FileKind,
    FileStat,
    RepoScan,
    RepositoryRef,
    ScanWarning,
    TreeEntry,
)
from lodestar.scan.budgets import (
    MAX_EVIDENCE_BYTES,
    MAX_TREE_ENTRIES,
    read_budget_warning,
    repository_notes,
    unreadable_warning,
    within_read_budget,
)
from lodestar.scan.classify import classify_kind
from lodestar.scan.dependencies import extract_dependencies, is_fixture_path, is_manifest
from lodestar.scan.ecosystems import Documents, ManifestContext
from lodestar.scan.ecosystems.registry import MAX_MANIFEST_BYTES
from lodestar.scan.gitattributes import GitAttributes
from lodestar.scan.languages import detect_language
from lodestar.scan.licence_summary import summarise
from lodestar.scan.licences import find_spdx_identifiers, is_metadata_file, licence_file_role
from lodestar.scan.loc import (
    HEAD_BYTES,
    binary_by_name,
    binary_stat,
    measure,
    read_attributes,
)
from lodestar.scan.notices import committed_notice_rank, notice_evidence, vendored_file_kind
from lodestar.scan.owners import is_owner_file, read_owners
from lodestar.scan.runtimes import detect_runtimes, is_runtime_file
from lodestar.scan.technologies import detect_technologies

# What a stored scan was made with. Bump it when a scan observes something new or differently
# (a new parser, a new field): stored scans of an older version are redone on the next
# 'lodestar scan' even when their commit has not changed, and so are monthly snapshots.
# 2: dependency licences; 3: runtime intent; 4: package-to-package edges; 5: CODEOWNERS rules
# and Backstage catalog entities; 6: monthly snapshots read no runtime from test fixtures (as a
# scan never did), so a fixture's old runtime is no longer past end of life in every past month;
# 7: third-party notice evidence (vendored components, the committed notice file)
SCANNER_VERSION = 7

DEFAULT_MAX_FILE_SIZE = 2 << 20
_MAX_METADATA = 1 << 20


@dataclass(slots=True)
class _Evidence:
    """What the file walk keeps for the repository-level steps: licence and manifest files."""

    licence_files: dict[str, bytes]
    metadata_files: dict[str, bytes]
    headers: Counter[str]
    manifests: dict[str, bytes]
    runtime_files: dict[str, bytes]
    held: int = 0  # bytes kept in the dicts of evidence, bounded by MAX_EVIDENCE_BYTES
    refused: int = 0  # evidence files not kept once the budget was spent
    owner_files: dict[str, bytes] = field(default_factory=dict)  # CODEOWNERS, catalog-info
    # vendored licence/NOTICE files, vendoring lists, the root notice (scan.notices)
    notice_files: dict[str, bytes] = field(default_factory=dict)

    def keep(self, into: dict[str, bytes], path: str, data: bytes) -> None:
        if self.held + len(data) > MAX_EVIDENCE_BYTES:
            self.refused += 1
            return
        into[path] = data
        self.held += len(data)


def _classify(
    entry: TreeEntry, data: bytes, attrs: GitAttributes | None, evidence: _Evidence
) -> FileStat:
    path = entry.path
    if vendored_file_kind(path) is not None or committed_notice_rank(path) is not None:
        evidence.keep(evidence.notice_files, path, data)
    stat = measure(path, entry.size, data, attrs)
    if stat.binary:
        return stat
    if stat.kind is not FileKind.VENDORED:
        for expression in find_spdx_identifiers(data[:HEAD_BYTES]):
            evidence.headers[expression] += 1
        if is_metadata_file(path) and len(data) <= _MAX_METADATA:
            evidence.keep(evidence.metadata_files, path, data)
        if len(data) <= MAX_MANIFEST_BYTES and is_manifest(path):
            evidence.keep(evidence.manifests, path, data)
        if is_runtime_file(path) and not is_fixture_path(path):
            evidence.keep(evidence.runtime_files, path, data)
    if licence_file_role(path) is not None:
        evidence.keep(evidence.licence_files, path, data)
    if is_owner_file(path):
        evidence.keep(evidence.owner_files, path, data)
    return stat


def _manifest_context(
    git: GitRepository, listing: TreeListing, evidence: _Evidence, documents: Documents
) -> ManifestContext:
    """Lets a parser read any other committed file (an include, a parent POM) on demand; what
    it reads counts against the evidence budget."""
    manifests = evidence.manifests
    by_path = {e.path: e for e in listing.entries if not e.is_symlink and not e.is_submodule}

    def read(path: str) -> bytes | None:
        if path in manifests:
            return manifests[path]
        entry = by_path.get(path)
        if (
            entry is None
            or entry.oid in listing.absent
            or not 0 <= entry.size <= MAX_MANIFEST_BYTES
        ):
            return None
        if evidence.held + entry.size > MAX_EVIDENCE_BYTES:
            evidence.refused += 1
            return None
        data = next((d for _oid, d in git.read_blobs([entry.oid])), None)
        if data is None:
            return None
        evidence.held += len(data)
        return None if b"\0" in data[:8192] else data

    return ManifestContext(frozenset(by_path), read, documents)


@dataclass(slots=True)
class _Walk:
    """What the file walk found: per-file stats, skipped paths, warnings, evidence."""

    stats: list[FileStat]
    skipped: list[str]
    warnings: list[ScanWarning]
    evidence: _Evidence


def _walk(
    git: GitRepository,
    listing: TreeListing,
    attrs: GitAttributes | None,
    max_file_size: int,
    warnings: list[ScanWarning],
) -> _Walk:
    """Classify and count every listed file, reading each blob under the caps once."""
    walk = _Walk([], [], warnings, _Evidence({}, {}, Counter(), {}, {}))
    wanted: list[TreeEntry] = []
    for entry in listing.entries:
        if entry.is_submodule or entry.is_symlink or entry.oid in listing.absent:
            continue
        # lock files are often larger than source files: they get the manifest cap
        cap = max(max_file_size, MAX_MANIFEST_BYTES) if is_manifest(entry.path) else max_file_size
        if entry.size > cap:
            walk.skipped.append(entry.path)
            warnings.append(
                ScanWarning(
                    entry.path,
                    f"skipped: {entry.size:,} bytes is over the {cap:,}-byte cap "
                    "(raise [scan] max_file_size to count it)",
                )
            )
            walk.stats.append(_unread(entry, attrs))
            continue
        if binary_by_name(entry.path, entry.size, attrs):  # an image, archive, font: not read
            walk.stats.append(binary_stat(entry.path, entry.size, attrs))
            continue
        wanted.append(entry)
    wanted, left = within_read_budget(wanted)
    if left:
        warnings.append(read_budget_warning(left))
        walk.stats.extend(_unread(entry, attrs) for entry in left)
    blobs = git.read_blobs(e.oid for e in wanted)
    for entry, (_oid, data) in zip(wanted, blobs, strict=True):
        if data is None:
            warnings.append(unreadable_warning(entry.path))
            continue
        try:
            walk.stats.append(_classify(entry, data, attrs, walk.evidence))
        except Exception as exc:  # noqa: BLE001  one odd file must never end a repository's scan
            warnings.append(ScanWarning(entry.path, f"not classified: {exc.__class__.__name__}"))
    return walk


def _unread(entry: TreeEntry, attrs: GitAttributes | None) -> FileStat:
    """A file listed by size, kind and the language its name gives, without line counts."""
    kind = classify_kind(entry.path, b"", attrs)
    return FileStat(entry.path, detect_language(entry.path, b""), kind, entry.size)


def scan_repository(
    repo: RepositoryRef,
    rev: str = "HEAD",
    *,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    catalog_dirs: tuple[str, ...] = (),
) -> RepoScan:
    """Everything observable about ``repo`` at ``rev`` (GitError when the repo is unreadable).

    ``catalog_dirs`` are workspace folders adding to the shipped technology catalog.
    """
    git = GitRepository(repo.path)
    commit, committed_at = git.resolve(rev)
    listing = git.list_tree(commit, limit=MAX_TREE_ENTRIES)
    attrs = read_attributes(git, listing.entries)
    walk = _walk(git, listing, attrs, max_file_size, repository_notes(git, listing))
    evidence, warnings, stats = walk.evidence, walk.warnings, walk.stats
    documents = Documents()  # each metadata file parsed once: licence, dependencies, runtime
    licence, licence_warnings = summarise(
        evidence.licence_files, evidence.metadata_files, evidence.headers, documents
    )
    warnings.extend(ScanWarning(path, message) for path, message in licence_warnings)
    dependencies, dependency_warnings = extract_dependencies(
        evidence.manifests, _manifest_context(git, listing, evidence, documents)
    )
    warnings.extend(dependency_warnings)
    if evidence.refused:
        warnings.append(
            ScanWarning(
                "",
                f"evidence budget spent: {evidence.refused:,} licence, manifest or runtime "
                f"files not parsed after {MAX_EVIDENCE_BYTES:,} bytes were kept",
            )
        )
    stats.sort(key=lambda s: s.path)
    own = [s for s in stats if s.kind is FileKind.OWN]
    catalog = load_catalog(tuple(Path(d) for d in catalog_dirs))
    eol_dirs = tuple(Path(d) / "eol" for d in catalog_dirs if (Path(d) / "eol").is_dir())
    runtimes, runtime_warnings = detect_runtimes(
        evidence.runtime_files,
        [d for d in dependencies if not d.fixture],
        eol=load_eol(eol_dirs),
        catalog=catalog,
        documents=documents,
    )
    warnings.extend(ScanWarning(path, message) for path, message in runtime_warnings)
    owner_rules, entities, owner_warnings = read_owners(
        evidence.owner_files, {e.path for e in listing.entries}
    )
    warnings.extend(owner_warnings)
    technologies = detect_technologies(
        catalog,
        paths=[s.path for s in stats if s.kind is not FileKind.VENDORED],
        languages=sorted({s.language for s in own if s.language and s.code}),
        dependencies=dependencies,
        runtimes=runtimes,
    )
    notices = notice_evidence(
        evidence.notice_files,
        walk.skipped,
        [e.path for e in listing.entries if e.path.count("/") == 0],
    )
    return RepoScan(
        repository=repo,
        ref=rev,
        commit=commit,
        committed_at=committed_at,
        files=tuple(stats),
        licence=licence,
        warnings=tuple(warnings),
        skipped=tuple(walk.skipped),
        dependencies=tuple(dependencies),
        technologies=tuple(technologies),
        runtimes=tuple(runtimes),
        owner_rules=tuple(owner_rules),
        entities=tuple(entities),
        scanner=SCANNER_VERSION,
        notices=notices,
    )
