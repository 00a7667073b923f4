"""Growing code: a file rendered from a list of units (an endpoint, a handler, a query).

A feature adds a unit to a :class:`Module`, a fix retunes one; the module with the most units
becomes its repository's hotspot. Content templates render units; the story commits them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = ["Module", "Unit", "runbook", "title"]


@dataclass(slots=True)
class Unit:
    """One piece of a growing module: a name and a tunable number (limit, timeout, size)."""

    name: str
    limit: int


@dataclass(slots=True)
class Module:
    """A source file rendered from its units; features append units, fixes retune them."""

    path: str
    render: Callable[[Sequence[Unit]], str]
    pool: list[str]
    units: list[Unit] = field(default_factory=list)
    feature: str = "Add {title}"
    fixes: tuple[str, ...] = (
        "Fix off-by-one in {title}",
        "Tune default limit for {title}",
        "Handle empty result in {title}",
        "Guard {title} against missing records",
    )

    def content(self) -> str:
        return self.render(self.units)


def title(name: str) -> str:
    return name.replace("_", " ").replace("-", " ")


def runbook(heading: str, intro: str) -> Callable[[Sequence[Unit]], str]:
    """A renderer for a Markdown document that grows one procedure per unit."""

    def render(units: Sequence[Unit]) -> str:
        steps = (
            "1. Announce the work in #ops-announce and link the change ticket.\n"
            "2. Check the dashboards listed in the service catalogue are green.\n"
            "3. Carry out the steps; stop and escalate after {limit} minutes.\n"
            "4. Record what was done in the incident log, even when nothing went wrong.\n"
        )
        body = "".join(
            f"\n## {title(u.name).capitalize()}\n\n" + steps.format(limit=u.limit) for u in units
        )
        return f"# {heading}\n\n{intro}\n{body}"

    return render
