"""What one repository may cost a scan, and the warnings that say when a budget was spent.

A hostile repository can hold a million-entry tree, gigabytes of blobs just under the per-file
cap, or thousands of lock files. Each budget below is per repository and per scan; when one is
spent the scan goes on with what it has and says so in one repository warning (path ``""``):

* :data:`MAX_TREE_ENTRIES` — entries of the tree that are looked at, in tree order; the rest
  are counted but not listed (``ls-tree`` is streamed, so they never sit in memory);
* :data:`MAX_READ_BYTES` — blob bytes read (and inflated) for line counting, in tree order;
  files past the budget are listed with their size and language, without lines;
* :data:`MAX_EVIDENCE_BYTES` — licence, manifest and runtime files kept in memory for the
  repository-level steps (licences, dependencies, runtimes); files past it are not parsed.

Per-file caps stay where they were: ``[scan] max_file_size`` (2 MiB by default) for reading a
file at all, ``MAX_MANIFEST_BYTES`` (8 MiB) for a manifest or lock file.
"""

from __future__ import annotations

from collections.abc import Sequence

from lodestar.gitio import GitRepository, TreeListing
from lodestar.records import ScanWarning, TreeEntry

MAX_TREE_ENTRIES = 500_000
MAX_READ_BYTES = 2 << 30
MAX_EVIDENCE_BYTES = 64 << 20

REPOSITORY = ""  # the path of a warning about the whole repository


def repository_notes(
    git: GitRepository, listing: TreeListing, *, history: bool = True
) -> list[ScanWarning]:
    """Warnings about the repository itself: a cut tree, absent blobs, a cut history (when
    ``history``)."""
    notes: list[ScanWarning] = []
    if listing.truncated:
        notes.append(
            ScanWarning(
                REPOSITORY,
                f"tree has {listing.total:,} entries; only the first {len(listing.entries):,} "
                f"were scanned (the per-repository budget is {MAX_TREE_ENTRIES:,})",
            )
        )
    absent = sum(1 for e in listing.entries if e.oid in listing.absent)
    if absent:
        notes.append(
            ScanWarning(
                REPOSITORY,
                f"partial clone: {absent:,} blobs not present, not counted (Lodestar never "
                "fetches; clone without --filter to count them)",
            )
        )
    if history and git.is_shallow:
        notes.append(
            ScanWarning(
                REPOSITORY,
                "shallow clone: history is partial; history figures cover only the commits "
                "present (git fetch --unshallow to see them all)",
            )
        )
    return notes


def within_read_budget(
    entries: Sequence[TreeEntry], budget: int | None = None
) -> tuple[list[TreeEntry], list[TreeEntry]]:
    """(read, not read): entries in order while their sizes fit in ``budget`` bytes
    (default :data:`MAX_READ_BYTES`)."""
    budget = MAX_READ_BYTES if budget is None else budget
    spent = 0
    for index, entry in enumerate(entries):
        spent += max(entry.size, 0)
        if spent > budget:
            return list(entries[:index]), list(entries[index:])
    return list(entries), []


def read_budget_warning(left: Sequence[TreeEntry], budget: int | None = None) -> ScanWarning:
    budget = MAX_READ_BYTES if budget is None else budget
    size = sum(max(e.size, 0) for e in left)
    return ScanWarning(
        REPOSITORY,
        f"read budget spent: {len(left):,} files ({size:,} bytes) listed without line counts "
        f"after {budget:,} bytes were read",
    )


def unreadable_warning(path: str) -> ScanWarning:
    return ScanWarning(
        path, "not read: the object is missing or corrupt in the repository (git fsck says why)"
    )
