"""Package-to-package edges of Python lock files that name their dependencies by name and range.

``poetry.lock`` (``[package.dependencies]``: ``name = "range"``, a table with ``version``, or a
list of such tables, one per marker) and ``pdm.lock`` (``dependencies = ["name>=1; marker"]``)
name what each package requires, not which locked version it got. :class:`LockIndex` resolves a
name to the locked records of that package: the only one, or, when the lock holds several
versions (forks by Python version), those the range admits (all of them when the range does not
parse as PEP 440 or admits none). Markers are not evaluated: an edge for any platform counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from lodestar.records import Dependency
from lodestar.safeparse import RangeError, normalise_pypi, parse_range
from lodestar.scan.ecosystems.edges import Budget

MAX_RANGE = 1024  # characters; a longer range is not parsed (the packaging parser is superlinear)


class LockIndex:
    """The records of one lock file by normalised package name."""

    def __init__(self, records: Iterable[Dependency]) -> None:
        self.budget = Budget()
        self.by_name: dict[str, list[Dependency]] = {}
        for record in records:
            self.by_name.setdefault(normalise_pypi(record.name), []).append(record)

    def resolve(self, name: str, requirement: str | None) -> list[str]:
        """The purls of the locked records ``name`` with ``requirement`` points at."""
        candidates = self.by_name.get(normalise_pypi(name), [])
        if not self.budget.spend(1 + len(candidates)):
            return []
        if len(candidates) > 1 and requirement and len(requirement) <= MAX_RANGE:
            if not self.budget.spend(len(requirement) * len(candidates)):
                return []
            admitted = _admitted(requirement, candidates)
            candidates = admitted or candidates
        return [c.purl for c in candidates]


def _admitted(requirement: str, candidates: list[Dependency]) -> list[Dependency]:
    """The candidates whose version the range admits (all when it does not parse)."""
    try:
        allowed = parse_range(requirement, "pypi")
    except RangeError:
        return candidates
    return [c for c in candidates if c.version is None or allowed.contains(c.version)]
