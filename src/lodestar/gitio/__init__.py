"""The one safe door to git.

Every git call Lodestar makes goes through :mod:`lodestar.gitio.safe`. Scans read committed
content from the object database (``ls-tree`` and one streaming ``cat-file --batch``), never the
working tree, never let a scanned repository's configuration run a command, and never fetch:
a partial clone's absent blobs are reported (:class:`TreeListing`), not downloaded.
"""

from lodestar.gitio.objects import TreeListing
from lodestar.gitio.safe import (
    GitRepository,
    git_environment,
    is_bare_repository,
    refuse_config_includes,
    run_git,
)

__all__ = [
    "GitRepository",
    "TreeListing",
    "git_environment",
    "is_bare_repository",
    "refuse_config_includes",
    "run_git",
]
