"""Ring moves as people read them: the first edition is the baseline, then the latest move.

The radar's history (:func:`lodestar.strategy.radar_history`) lists every entry's moves oldest
first, the first edition's entries as ``new``. Read that way a young radar would show every
entry as new — on the radar page and in the verdict's "changed since" alike — so both views
read the moves through :func:`edition_moves`, which drops the first edition's ``new`` (the
radar's starting point, not a change), and :func:`latest_moves` for each entry's last move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lodestar.records import RadarMove

__all__ = ["edition_moves", "latest_moves"]


def edition_moves(moves: Sequence[RadarMove] | None) -> tuple[RadarMove, ...]:
    """The moves after the first edition (the commit the radar's history starts with): its
    entries are the baseline, not news."""
    if not moves:
        return ()
    first = moves[0].commit
    return tuple(m for m in moves if not (m.kind == "new" and m.commit == first))


def latest_moves(moves: Sequence[RadarMove] | None) -> dict[str, RadarMove]:
    """Each entry's last move. Moves come oldest first (git history); a stable sort by date
    keeps two commits of one day in that order (sorting by commit hash would pick either)."""
    out: dict[str, RadarMove] = {}
    for move in sorted(moves or (), key=lambda m: m.date):
        out[move.entry] = move
    return out
