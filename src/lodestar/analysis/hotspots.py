"""Hotspots and change coupling: where the effort goes, and which files change together.

**Hotspots.** For each current tracked file (own code in a recognised language, as for the truck
factor), *revisions* is the number of commits that changed it (renames followed back; merges
carry no changes so they never count; bot commits are left out unless asked) and *size* its
lines of code in the latest scan. ``score = revisions * code``: a big file that keeps changing
ranks first. A directory's revisions are the distinct commits changing any of its tracked files,
its size their summed code, its score the product of the two. ``since`` restricts revisions to
commits authored on or after a moment.

**Change coupling** follows code-maat's ``coupling`` analysis (Adam Tornhill): commits that
change more than ``max_changeset`` files (default 30, code-maat's ``--max-changeset-size``)
are dropped first; then for two files *a* and *b* that changed together,
``degree = shared / ((revisions(a) + revisions(b)) / 2) * 100`` (in %), where revisions count
the remaining commits. A pair is listed when the mean revisions are at least ``min_revisions``
(default 5, code-maat's ``--min-revs``), shared commits at least ``min_shared`` (5,
``--min-shared-revs``) and the degree at least ``min_degree`` (30, ``--min-coupling``; the
``--max-coupling`` 100 cap cannot bind). Unlike code-maat, a file is followed through its
renames (one entity, not two) and only current tracked files are paired; bot commits are left
out, as for hotspots.

What it cannot see: effort that leaves no commit, the difficulty of a change (a one-line fix
after two days of debugging counts as one revision), and coupling between repositories.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from lodestar.analysis.knowledge import is_tracked_file
from lodestar.analysis.lineage import file_touches
from lodestar.records import FileStat, RepoHistory

__all__ = [
    "MAX_CHANGESET",
    "MIN_DEGREE",
    "MIN_REVISIONS",
    "MIN_SHARED",
    "Coupling",
    "Hotspot",
    "change_coupling",
    "hotspots",
]

MIN_REVISIONS = 5
MIN_SHARED = 5
MIN_DEGREE = 30.0
MAX_CHANGESET = 30


@dataclass(frozen=True, slots=True)
class Hotspot:
    """A file or directory ranked by revisions * lines of code."""

    path: str
    revisions: int
    code: int
    score: int
    authors: int  # distinct people among those revisions
    last_change: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Coupling:
    """Two files that change together."""

    path: str
    coupled: str
    degree: float  # percent
    shared: int
    mean_revisions: float


def _touches(
    history: RepoHistory, files: Iterable[FileStat], since: dt.datetime | None, include_bots: bool
) -> tuple[dict[str, FileStat], dict[str, list[int]]]:
    stats = {f.path: f for f in files if is_tracked_file(f)}
    commits = history.commits
    touched = {
        path: sorted(
            {t.commit for t in lineage if since is None or commits[t.commit].authored_at >= since}
        )
        for path, lineage in file_touches(history, stats, include_bots=include_bots).items()
    }
    return stats, touched


def _spot(history: RepoHistory, path: str, indexes: Iterable[int], code: int) -> Hotspot:
    found = sorted(set(indexes))
    commits = [history.commits[i] for i in found]
    return Hotspot(
        path=path,
        revisions=len(found),
        code=code,
        score=len(found) * code,
        authors=len({c.author_email for c in commits}),
        last_change=max((c.authored_at for c in commits), default=None),
    )


def hotspots(
    history: RepoHistory,
    files: Iterable[FileStat],
    *,
    top: int = 20,
    since: dt.datetime | None = None,
    include_bots: bool = False,
) -> tuple[list[Hotspot], list[Hotspot]]:
    """The ``top`` files and directories by revisions * code (highest first; score 0 left out)."""
    stats, touched = _touches(history, files, since, include_bots)
    spots = [_spot(history, p, touched[p], stats[p].code) for p in stats]
    by_folder: dict[str, set[int]] = defaultdict(set)
    folder_code: Counter[str] = Counter()
    for path in stats:
        folder = posixpath.dirname(path)
        while folder:
            by_folder[folder].update(touched[path])
            folder_code[folder] += stats[path].code
            folder = posixpath.dirname(folder)
    folders = [_spot(history, f, by_folder[f], folder_code[f]) for f in by_folder]

    def rank(items: list[Hotspot]) -> list[Hotspot]:
        kept = [h for h in items if h.score > 0]
        kept.sort(key=lambda h: (-h.score, -h.revisions, h.path))
        return kept[:top]

    return rank(spots), rank(folders)


def change_coupling(
    history: RepoHistory,
    files: Iterable[FileStat],
    *,
    min_revisions: float = MIN_REVISIONS,
    min_shared: int = MIN_SHARED,
    min_degree: float = MIN_DEGREE,
    max_changeset: int = MAX_CHANGESET,
    since: dt.datetime | None = None,
    include_bots: bool = False,
    top: int | None = 20,
) -> list[Coupling]:
    """Pairs of files that change together, strongest first (code-maat's rules, see above)."""
    _stats, touched = _touches(history, files, since, include_bots)
    per_commit: dict[int, list[str]] = defaultdict(list)
    for path, indexes in touched.items():
        for index in indexes:
            per_commit[index].append(path)
    revisions: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    for index, paths in per_commit.items():
        if len(history.commits[index].changes) > max_changeset:
            continue
        revisions.update(paths)
        shared.update(combinations(sorted(paths), 2))
    out = []
    for (a, b), together in shared.items():
        mean = (revisions[a] + revisions[b]) / 2
        degree = together / mean * 100
        if mean >= min_revisions and together >= min_shared and degree >= min_degree:
            out.append(Coupling(a, b, round(degree, 1), together, mean))
    out.sort(key=lambda c: (-c.degree, -c.shared, c.path, c.coupled))
    return out if top is None else out[:top]
