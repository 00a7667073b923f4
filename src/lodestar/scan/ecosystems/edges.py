"""Package-to-package edges, as lock files record them: ``Dependency.depends_on``.

A lock file that records which package requires which (npm, pnpm, Yarn, Bun, Cargo, uv, Poetry,
PDM, pylock, Bundler, Composer, NuGet) gives every package it reports the purls of the packages
it requires, resolved the way the package manager resolved them: ``()`` for a package that
requires nothing, never None. Files that record no such edges (manifests, ``go.sum``, Gradle
locks, ``Pipfile.lock``) leave ``depends_on`` None: "not known", which the SBOMs keep apart from
"requires nothing". An edge to a package the lock does not report (the project's own workspace
members, local folders) is left out. Resolving edges is bounded by a :class:`Budget` per file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from lodestar.records import Dependency


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


EDGE_WORK = 2_000_000  # units of work one file's edges may cost (see Budget)


class Budget:
    """The work a parser may spend resolving one file's edges.

    A real lock spends a few units per edge (npm: one per folder level looked at, more for very
    long paths), so the budget covers hundreds of thousands of edges; a hostile file can make
    resolution quadratic (thousands of nested copies, each requiring thousands of names). Past
    the budget a parser stops resolving and reports the file's edges as unknown (None) rather
    than slow down the scan or drop the file's dependencies: deterministic, like every other
    parsing limit, never a clock.
    """

    __slots__ = ("left",)

    def __init__(self, units: int = EDGE_WORK) -> None:
        self.left = units

    def spend(self, units: int = 1) -> bool:
        """Charge ``units``; False once the budget is exhausted."""
        self.left -= units
        return self.left >= 0

    @property
    def exhausted(self) -> bool:
        return self.left < 0


def forget(deps: list[Dependency], budget: Budget) -> list[Dependency]:
    """The records, with their edges unknown if resolving them ran out of budget."""
    if not budget.exhausted:
        return deps
    return [replace(d, depends_on=None) for d in deps]
