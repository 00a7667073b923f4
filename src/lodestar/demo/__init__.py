"""Lodestar demo layer: a git repository factory and the Northwind Labs demo organisation.

* :mod:`lodestar.demo.factory` builds repositories deterministically with one
  ``git fast-import`` each (for tests and for the demo).
* :mod:`lodestar.demo.organisation` builds the demo organisation that ``lodestar demo`` scans.
"""

from __future__ import annotations

from lodestar.demo.factory import (
    Author,
    Commit,
    build_repository,
    linear_history,
    repository_with_files,
)
from lodestar.demo.organisation import REPOSITORIES, build_demo_organisation

__all__ = [
    "REPOSITORIES",
    "Author",
    "Commit",
    "build_demo_organisation",
    "build_repository",
    "linear_history",
    "repository_with_files",
]
