"""Time travel: what one past commit of a repository used, as a snapshot reads it from its
manifests alone (see :mod:`lodestar.scan.snapshots`)."""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.records import Dependency, RuntimeDeclaration

__all__ = ["Snapshot"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The technologies, dependencies and runtimes of one commit, and the scanner that read them."""

    commit: str
    technologies: tuple[str, ...]
    dependencies: tuple[Dependency, ...]
    runtimes: tuple[RuntimeDeclaration, ...]
    warnings: tuple[tuple[str, str], ...] = ()
    scanner: int = 0  # the scanner version that made it (scan.pipeline.SCANNER_VERSION)
