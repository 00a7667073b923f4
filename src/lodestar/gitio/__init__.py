"""The one safe door to git.

Every git call Lodestar makes goes through :mod:`lodestar.gitio.safe`. Scans read committed
content from the object database (``ls-tree`` and one streaming ``cat-file --batch``), never the
working tree, never let a scanned repository's configuration run a command, and never fetch:
a partial clone's absent blobs are reported (:class:`TreeListing`), not downloaded.
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.gitio.objects import TreeListing
    from lodestar.gitio.remote import MirrorUpdate, check_remote_url, update_mirror
    from lodestar.gitio.safe import (
        GitRepository,
        git_environment,
        init_repository,
        is_bare_repository,
        refuse_config_includes,
        run_git,
    )

__all__ = [
    "GitRepository",
    "MirrorUpdate",
    "TreeListing",
    "check_remote_url",
    "git_environment",
    "init_repository",
    "is_bare_repository",
    "refuse_config_includes",
    "run_git",
    "update_mirror",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "MirrorUpdate": "remote",
        "check_remote_url": "remote",
        "update_mirror": "remote",
        "GitRepository": "safe",
        "TreeListing": "objects",
        "git_environment": "safe",
        "init_repository": "safe",
        "is_bare_repository": "safe",
        "refuse_config_includes": "safe",
        "run_git": "safe",
    },
)
