"""Scan one repository at one commit: a pure function from committed content to a RepoScan.

The tree is listed once (``ls-tree -r -l``) and every blob under the size cap is streamed once
through ``cat-file --batch``; each blob is classified (language, kind, binary), counted, and
looked at for licence evidence. Symbolic links and submodules are recorded by path only: their
targets are never followed. A file that trips a classifier becomes a warning on that path and
the scan goes on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lodestar.catalog.eol import load_eol
from lodestar.catalog.technologies import load_catalog
from lodestar.gitio.safe import GitRepository
from lodestar.records import (
    FileKind,
    FileStat,
    RepoScan,
    RepositoryRef,
    ScanWarning,
    TreeEntry,
)
from lodestar.scan.classify import GitAttributes, classify_kind
from lodestar.scan.dependencies import extract_dependencies, is_fixture_path, is_manifest
from lodestar.scan.languages import detect_language
from lodestar.scan.licences import (
    find_spdx_identifiers,
    is_metadata_file,
    licence_file_role,
    summarise,
)
from lodestar.scan.loc import (
    HEAD_BYTES,
    binary_by_name,
    binary_stat,
    measure,
    read_attributes,
)
from lodestar.scan.manifests import ManifestContext
from lodestar.scan.manifests.registry import MAX_MANIFEST_BYTES
from lodestar.scan.runtimes import detect_runtimes, is_runtime_file
from lodestar.scan.technologies import detect_technologies

# What a stored scan was made with. Bump it when a scan observes something new or differently
# (a new parser, a new field): stored scans of an older version are redone on the next
# 'lodestar scan' even when their commit has not changed, and so are monthly snapshots.
SCANNER_VERSION = 3  # 2: dependency licences from lock files; 3: package-to-package edges

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


def _classify(
    entry: TreeEntry, data: bytes, attrs: GitAttributes | None, evidence: _Evidence
) -> FileStat:
    path = entry.path
    stat = measure(path, entry.size, data, attrs)
    if stat.binary:
        return stat
    if stat.kind is not FileKind.VENDORED:
        for expression in find_spdx_identifiers(data[:HEAD_BYTES]):
            evidence.headers[expression] += 1
        if is_metadata_file(path) and len(data) <= _MAX_METADATA:
            evidence.metadata_files[path] = data
        if len(data) <= MAX_MANIFEST_BYTES and is_manifest(path):
            evidence.manifests[path] = data
        if is_runtime_file(path) and not is_fixture_path(path):
            evidence.runtime_files[path] = data
    if licence_file_role(path) is not None:
        evidence.licence_files[path] = data
    return stat


def _manifest_context(
    git: GitRepository, entries: list[TreeEntry], manifests: dict[str, bytes]
) -> ManifestContext:
    """Lets a parser read any other committed file (an include, a parent POM) on demand."""
    by_path = {e.path: e for e in entries if not e.is_symlink and not e.is_submodule}

    def read(path: str) -> bytes | None:
        if path in manifests:
            return manifests[path]
        entry = by_path.get(path)
        if entry is None or not 0 <= entry.size <= MAX_MANIFEST_BYTES:
            return None
        data = git.run(["cat-file", "blob", entry.oid])
        return None if b"\0" in data[:8192] else data

    return ManifestContext(frozenset(by_path), read)


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
    entries = git.ls_tree(commit)
    attrs = read_attributes(git, entries)
    evidence = _Evidence({}, {}, Counter(), {}, {})
    warnings: list[ScanWarning] = []
    skipped: list[str] = []
    stats: list[FileStat] = []
    wanted: list[TreeEntry] = []
    for entry in entries:
        if entry.is_submodule or entry.is_symlink:
            continue
        # lock files are often larger than source files: they get the manifest cap
        cap = max(max_file_size, MAX_MANIFEST_BYTES) if is_manifest(entry.path) else max_file_size
        if entry.size > cap:
            skipped.append(entry.path)
            warnings.append(
                ScanWarning(
                    entry.path,
                    f"skipped: {entry.size:,} bytes is over the {cap:,}-byte cap "
                    "(raise [scan] max_file_size to count it)",
                )
            )
            kind = classify_kind(entry.path, b"", attrs)
            stats.append(FileStat(entry.path, detect_language(entry.path, b""), kind, entry.size))
            continue
        if binary_by_name(entry.path, entry.size, attrs):  # an image, archive, font: not read
            stats.append(binary_stat(entry.path, entry.size, attrs))
            continue
        wanted.append(entry)
    blobs = git.read_blobs(e.oid for e in wanted)
    for entry, (_oid, data) in zip(wanted, blobs, strict=True):
        try:
            stats.append(_classify(entry, data, attrs, evidence))
        except Exception as exc:  # noqa: BLE001  one odd file must never end a repository's scan
            warnings.append(ScanWarning(entry.path, f"not classified: {exc.__class__.__name__}"))
    licence, licence_warnings = summarise(
        evidence.licence_files, evidence.metadata_files, evidence.headers
    )
    warnings.extend(ScanWarning(path, message) for path, message in licence_warnings)
    dependencies, dependency_warnings = extract_dependencies(
        evidence.manifests, _manifest_context(git, entries, evidence.manifests)
    )
    warnings.extend(dependency_warnings)
    stats.sort(key=lambda s: s.path)
    own = [s for s in stats if s.kind is FileKind.OWN]
    catalog = load_catalog(tuple(Path(d) for d in catalog_dirs))
    eol_dirs = tuple(Path(d) / "eol" for d in catalog_dirs if (Path(d) / "eol").is_dir())
    runtimes, runtime_warnings = detect_runtimes(
        evidence.runtime_files,
        [d for d in dependencies if not d.fixture],
        eol=load_eol(eol_dirs),
        catalog=catalog,
    )
    warnings.extend(ScanWarning(path, message) for path, message in runtime_warnings)
    technologies = detect_technologies(
        catalog,
        paths=[s.path for s in stats if s.kind is not FileKind.VENDORED],
        languages=sorted({s.language for s in own if s.language and s.code}),
        dependencies=dependencies,
    )
    return RepoScan(
        repository=repo,
        ref=rev,
        commit=commit,
        committed_at=committed_at,
        files=tuple(stats),
        licence=licence,
        warnings=tuple(warnings),
        skipped=tuple(skipped),
        dependencies=tuple(dependencies),
        technologies=tuple(technologies),
        runtimes=tuple(runtimes),
    )
