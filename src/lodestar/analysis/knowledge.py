"""Knowledge risk: truck factor, knowledge islands and departed owners, from git history alone.

**Truck factor** follows Avelino, Passos, Hora and Valente, "A novel approach for estimating
truck factors" (ICPC 2016):

* The files are the repository's current *own* files with a recognised language (the latest
  scan's ``FileStat`` rows of kind ``own``; vendored, generated and documentation files, binaries
  and files of no known language are left out), each followed back through its renames
  (:mod:`lodestar.analysis.lineage`).
* For developer *d* and file *f*: **FA** = 1 when *d* created *f* (the oldest commit of its
  lineage), else 0; **DL** = the number of later commits by *d* to *f* (a rename counts as one);
  **AC** = the number of later commits to *f* by others. The degree of authorship is
  ``DOA = 3.293 + 1.098·FA + 0.164·DL - 0.321·ln(1 + AC)``.
* *d* is an **author** of *f* when ``DOA / max DOA on f > 0.75`` and ``DOA ≥ 3.293``.
* Greedy heuristic: while at least 50% of the files have an author among the remaining
  developers, remove the developer who authors the most files (ties: the smaller person key).
  The truck factor is the number removed.

Bots (``Identity.bot``) count for nothing: their commits are neither deliveries nor acceptances
for anyone, and a file a bot created has no first author. Differences from the reference tool
(aserg-ufmg/Truck-Factor), stated so no one is surprised: it also counts a first author or a
"second creator" as an author below DOA 3.293, and keeps files with no commit in the total;
here the ICPC rule is applied as written and a current file with no commit in the stored
history is left out (counted in ``untracked_files``). A path deleted and re-created later is
one file (``git log --numstat`` does not say which change deleted it).

**Active truck factor** applies the same greedy heuristic after first removing every departed
author (see :mod:`lodestar.analysis.presence`): how many *more* people can leave before half of
the code has no author. 0 means more than half of the files are already authored only by
people who left.

**Knowledge islands** are files whose authors are one person, or only departed people, and
directories whose files' authors together are one person or only departed people (at least two
files; only the topmost such directory is listed; ``""`` is the whole repository). They are
weighted by lines of code (the scan's ``code`` count of each file).

What it cannot see: knowledge that never reached git (reviews, pairing, design, operations),
squashed or rewritten history, and co-authors named only in commit trailers.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from lodestar.analysis.lineage import file_touches, is_bot
from lodestar.analysis.presence import Presence
from lodestar.records import FileKind, FileStat, RepoHistory

__all__ = [
    "Authorship",
    "DepartedOwner",
    "FileAuthorship",
    "Island",
    "KnowledgeRisk",
    "TruckFactor",
    "authorship",
    "degree_of_authorship",
    "folder_parents",
    "greedy_truck_factor",
    "is_tracked_file",
    "knowledge_risk",
]

DOA_BASE = 3.293
DOA_FIRST_AUTHOR = 1.098
DOA_DELIVERY = 0.164
DOA_ACCEPTANCE = 0.321
AUTHOR_NORMALISED = 0.75
COVERAGE_LIMIT = 0.5


def degree_of_authorship(first_author: bool, deliveries: int, acceptances: int) -> float:
    """DOA = 3.293 + 1.098·FA + 0.164·DL - 0.321·ln(1 + AC)."""
    return (
        DOA_BASE
        + DOA_FIRST_AUTHOR * (1 if first_author else 0)
        + DOA_DELIVERY * deliveries
        - DOA_ACCEPTANCE * math.log1p(acceptances)
    )


@dataclass(frozen=True, slots=True)
class Authorship:
    """One developer's standing on one file."""

    person: str
    first_author: bool
    deliveries: int
    acceptances: int
    doa: float
    normalised: float
    author: bool


@dataclass(frozen=True, slots=True)
class FileAuthorship:
    """A current file, its size and who authors it."""

    path: str
    code: int
    commits: int  # human commits in its lineage, creation included
    authors: tuple[str, ...]  # highest DOA first
    developers: tuple[Authorship, ...]  # everyone who touched it, highest DOA first


def is_tracked_file(stat: FileStat) -> bool:
    """Whether a scanned file counts for knowledge risk and hotspots: own code in a language."""
    return stat.kind == FileKind.OWN and not stat.binary and stat.language is not None


def authorship(
    history: RepoHistory, files: Iterable[FileStat], *, until: dt.datetime | None = None
) -> list[FileAuthorship]:
    """DOA of every developer on every tracked file that has history, by path.

    With ``until``, only the commits authored by then count (the file's lineage is still
    followed through later renames, so a file renamed since keeps its earlier history)."""
    stats = {f.path: f for f in files if is_tracked_file(f)}
    touches = file_touches(history, stats, include_bots=True)
    out: list[FileAuthorship] = []
    for path in sorted(stats):
        lineage = touches[path]
        if until is not None:
            lineage = [t for t in lineage if history.commits[t.commit].authored_at <= until]
        if not lineage:
            continue
        creator = lineage[0].person
        first = None if is_bot(history, creator) else creator
        deliveries: Counter[str] = Counter(
            t.person for t in lineage[1:] if not is_bot(history, t.person)
        )
        total = sum(deliveries.values())
        people = sorted({*deliveries, *([first] if first else [])})
        raw = {
            p: degree_of_authorship(p == first, deliveries[p], total - deliveries[p])
            for p in people
        }
        best = max(raw.values(), default=0.0)
        developers = sorted(
            (
                Authorship(
                    person=p,
                    first_author=p == first,
                    deliveries=deliveries[p],
                    acceptances=total - deliveries[p],
                    doa=raw[p],
                    normalised=raw[p] / best if best > 0 else 0.0,
                    author=best > 0 and raw[p] / best > AUTHOR_NORMALISED and raw[p] >= DOA_BASE,
                )
                for p in people
            ),
            key=lambda a: (-a.doa, a.person),
        )
        out.append(
            FileAuthorship(
                path=path,
                code=stats[path].code,
                commits=total + (1 if first else 0),
                authors=tuple(a.person for a in developers if a.author),
                developers=tuple(developers),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class TruckFactor:
    """The result of the greedy heuristic."""

    value: int
    people: tuple[str, ...]  # removed, in order: the truck-factor developers
    files: int
    coverage: tuple[float, ...]  # share of files with an author before each removal, and after


def greedy_truck_factor(
    file_authors: Mapping[str, Collection[str]], *, gone: Collection[str] = ()
) -> TruckFactor:
    """Remove top authors until fewer than 50% of the files have an author.

    ``gone`` people are removed before the count starts (and are not counted).
    """
    total = len(file_authors)
    if total == 0:
        return TruckFactor(0, (), 0, ())
    away = set(gone)
    owned: dict[str, set[str]] = defaultdict(set)
    for path, authors in file_authors.items():
        for person in authors:
            if person not in away:
                owned[person].add(path)
    removed: list[str] = []
    coverage: list[float] = []
    while owned:
        covered = set().union(*owned.values())
        share = len(covered) / total
        coverage.append(share)
        if share < COVERAGE_LIMIT:
            break
        top = max(sorted(owned), key=lambda p: len(owned[p]))
        removed.append(top)
        del owned[top]
    else:
        coverage.append(0.0)
    return TruckFactor(len(removed), tuple(removed), total, tuple(coverage))


@dataclass(frozen=True, slots=True)
class Island:
    """A file or directory whose knowledge sits with one person or only with departed people."""

    path: str  # "" for the whole repository
    code: int
    files: int
    authors: tuple[str, ...]
    reason: str  # "single-author" | "departed"


@dataclass(frozen=True, slots=True)
class DepartedOwner:
    """A departed person who still authors current files."""

    person: str
    name: str
    last_commit: dt.datetime | None
    files: int
    code: int
    sole_files: int  # files all of whose authors have departed
    sole_code: int


@dataclass(frozen=True, slots=True)
class KnowledgeRisk:
    """Knowledge risk of one repository."""

    repository: str
    files: int  # tracked files with history
    code: int
    truck_factor: TruckFactor
    active_truck_factor: TruckFactor
    island_files: tuple[Island, ...]  # most code first
    island_directories: tuple[Island, ...]
    island_code: int  # code lines in island files
    departed_owners: tuple[DepartedOwner, ...]
    orphan_files: int  # files nobody authors (e.g. touched only by bots)
    untracked_files: int  # tracked current files with no commit in the stored history
    names: dict[str, str]  # person key -> display name, for everyone named above

    @property
    def island_share(self) -> float:
        return self.island_code / self.code if self.code else 0.0


def _island_reason(authors: Collection[str], status: Mapping[str, Presence]) -> str | None:
    if not authors:
        return None
    if all(status.get(a) == Presence.DEPARTED for a in authors):
        return "departed"
    if len(authors) == 1:
        return "single-author"
    return None


def folder_parents(path: str) -> list[str]:
    """Every folder above ``path``, innermost first, the root (``""``) last."""
    out = []
    folder = posixpath.dirname(path)
    while folder:
        out.append(folder)
        folder = posixpath.dirname(folder)
    out.append("")
    return out


def _directory_islands(
    files: Sequence[FileAuthorship], status: Mapping[str, Presence]
) -> list[Island]:
    members: dict[str, list[FileAuthorship]] = defaultdict(list)
    for f in files:
        for folder in folder_parents(f.path):
            members[folder].append(f)
    reasons: dict[str, tuple[str, tuple[str, ...]]] = {}
    for folder, inside in members.items():
        authors = tuple(sorted({a for f in inside for a in f.authors}))
        reason = _island_reason(authors, status)
        if reason and len(inside) >= 2:
            reasons[folder] = (reason, authors)
    out = []
    for folder, (reason, authors) in reasons.items():
        parent = None if folder == "" else posixpath.dirname(folder)
        if parent is not None and parent in reasons:
            continue
        inside = members[folder]
        out.append(Island(folder, sum(f.code for f in inside), len(inside), authors, reason))
    out.sort(key=lambda i: (-i.code, i.path))
    return out


def _island_files(owned: Sequence[FileAuthorship], status: Mapping[str, Presence]) -> list[Island]:
    """Files only absent people know, largest first."""
    island_files = []
    for f in owned:
        reason = _island_reason(f.authors, status)
        if reason:
            island_files.append(Island(f.path, f.code, 1, f.authors, reason))
    island_files.sort(key=lambda i: (-i.code, i.path))
    return island_files


def _departed_owners(
    history: RepoHistory,
    owned: Sequence[FileAuthorship],
    departed: set[str],
    last_seen: Mapping[str, dt.datetime] | None,
) -> list[DepartedOwner]:
    """The departed people who own files, most code left to nobody else first."""
    owners = []
    for person in sorted({a for f in owned for a in f.authors} & departed):
        mine = [f for f in owned if person in f.authors]
        sole = [f for f in mine if all(a in departed for a in f.authors)]
        identity = history.people.get(person)
        owners.append(
            DepartedOwner(
                person=person,
                name=identity.name if identity else person,
                last_commit=(last_seen or {}).get(person),
                files=len(mine),
                code=sum(f.code for f in mine),
                sole_files=len(sole),
                sole_code=sum(f.code for f in sole),
            )
        )
    owners.sort(key=lambda o: (-o.sole_code, -o.code, o.person))
    return owners


def knowledge_risk(
    history: RepoHistory,
    files: Iterable[FileStat],
    status: Mapping[str, Presence],
    last_seen: Mapping[str, dt.datetime] | None = None,
) -> KnowledgeRisk:
    """Truck factors, knowledge islands and departed owners of one repository.

    ``status`` gives each person's presence over the whole organisation (people missing from it
    count as present); ``last_seen`` their last commit anywhere, for display.
    """
    stats = [f for f in files if is_tracked_file(f)]
    owned = authorship(history, stats)
    by_file = {f.path: f.authors for f in owned}
    departed = {p for p, s in status.items() if s == Presence.DEPARTED}
    tf = greedy_truck_factor(by_file)
    active_tf = greedy_truck_factor(by_file, gone=departed)

    island_files = _island_files(owned, status)
    owners = _departed_owners(history, owned, departed, last_seen)
    named = {p for f in owned for p in f.authors} | set(tf.people) | set(active_tf.people)
    names = {p: (history.people[p].name if p in history.people else p) for p in sorted(named)}
    return KnowledgeRisk(
        repository=history.repository,
        files=len(owned),
        code=sum(f.code for f in owned),
        truck_factor=tf,
        active_truck_factor=active_tf,
        island_files=tuple(island_files),
        island_directories=tuple(_directory_islands(owned, status)),
        island_code=sum(i.code for i in island_files),
        departed_owners=tuple(owners),
        orphan_files=sum(1 for f in owned if not f.authors),
        untracked_files=len(stats) - len(owned),
        names=names,
    )
