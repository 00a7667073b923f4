"""The one safe door to git.

Every git call Lodestar makes goes through :mod:`lodestar.gitio.safe`. Scans read committed
content from the object database (``ls-tree`` and one streaming ``cat-file --batch``), never the
working tree, and never let a scanned repository's configuration run a command.
"""

from lodestar.gitio.safe import GitRepository, git_environment, is_bare_repository, run_git

__all__ = ["GitRepository", "git_environment", "is_bare_repository", "run_git"]
