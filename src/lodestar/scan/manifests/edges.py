"""Package-to-package edges, as lock files record them: ``Dependency.depends_on``.

A lock file that records which package requires which (npm, pnpm, Yarn, Bun, Cargo, uv, Poetry,
PDM, pylock, Bundler, Composer, NuGet) gives every package it reports the purls of the packages
it requires, resolved the way the package manager resolved them: ``()`` for a package that
requires nothing, never None. Files that record no such edges (manifests, ``go.sum``, Gradle
locks, ``Pipfile.lock``) leave ``depends_on`` None: "not known", which the SBOMs keep apart from
"requires nothing". An edge to a package the lock does not report (the project's own workspace
members, local folders) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable


def edges(purls: Iterable[str]) -> tuple[str, ...]:
    """The purls sorted, without duplicates: the canonical form of ``depends_on``."""
    return tuple(sorted(set(purls)))


def union(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Edges of two records of one package; None only when neither knows its edges."""
    if a is None:
        return b
    if b is None:
        return a
    return edges((*a, *b))
