"""Which commits touched each current file, following renames back through history.

Knowledge risk and hotspots both need "the history of this file", where the file is a path of
the repository's current tree and its history includes the commits made under its earlier names.
:func:`file_touches` walks the commits once, newest to oldest, keeping for every name still being
followed the current files that trace back to it; a change with an ``old_path`` (a rename or a
copy detected by git) moves the following from the new name to the old one. A name renamed
away (and not written in the same commit) stops being followed at that commit, so a path re-used
after a rename does not inherit the history of the file that left it (with copy detection on,
this would cut a copied file's source short: Lodestar mines with renames only).

What it cannot see: ``git log --numstat`` does not say whether a change added, modified or
deleted a file, so a path deleted and later re-created is one file to this walk, and the
oldest touch of a lineage is taken as its creation. Merges carry no changes (see
:class:`lodestar.records.Commit`), so nothing is counted twice. The walk follows the stored
commit order, not the graph: a change made to the old name on another branch *after* the
rename (in that order) and merged later is not attributed to the renamed file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lodestar.records import RepoHistory

__all__ = ["Touch", "file_touches", "is_bot"]


@dataclass(frozen=True, slots=True)
class Touch:
    """One commit changing one file (under the name it had then)."""

    commit: int  # index into ``RepoHistory.commits``
    person: str  # person key (canonical email)
    path: str  # the file's path at that commit


def is_bot(history: RepoHistory, person: str) -> bool:
    """True when the person key names a bot (unknown keys are people)."""
    identity = history.people.get(person)
    return identity is not None and identity.bot


def file_touches(
    history: RepoHistory, paths: Iterable[str], *, include_bots: bool = False
) -> dict[str, list[Touch]]:
    """For each of ``paths`` (current files), its touches oldest first, renames followed.

    Bot commits are followed for renames but left out of the result unless ``include_bots``.
    Paths with no touch in the history map to an empty list.
    """
    wanted = list(dict.fromkeys(paths))
    found: dict[str, list[Touch]] = {p: [] for p in wanted}
    following: dict[str, list[str]] = {p: [p] for p in wanted}
    bots = {key for key, identity in history.people.items() if identity.bot}
    for index in range(len(history.commits) - 1, -1, -1):
        if not following:
            break
        commit = history.commits[index]
        keep = include_bots or commit.author_email not in bots
        moves: list[tuple[str, str, list[str]]] = []
        written = {change.path for change in commit.changes}
        for change in commit.changes:
            # Renamed away here and not written again: the name we follow was created later.
            if change.old_path and change.old_path not in written:
                following.pop(change.old_path, None)
        for change in commit.changes:
            targets = following.get(change.path)
            if not targets:
                continue
            if keep:
                for target in targets:
                    found[target].append(Touch(index, commit.author_email, change.path))
            if change.old_path and change.old_path != change.path:
                moves.append((change.path, change.old_path, targets))
        for new, _old, _targets in moves:
            following.pop(new, None)
        for _new, old, targets in moves:
            names = following.setdefault(old, [])
            names.extend(t for t in targets if t not in names)
    for touches in found.values():
        touches.reverse()
    return found
