"""Off-boarding what-if: what the organisation loses if a set of people leave.

Built on the knowledge figures (:mod:`lodestar.analysis.knowledge`: degree of authorship, the
greedy truck factor, presences) and the skills map (:mod:`lodestar.analysis.skills`), so the
"before" of every figure is the one ``lodestar risk`` and ``lodestar experts`` show.

:func:`prepare` derives once what does not depend on who leaves: each repository's file
authors (the expensive part), the presences, the skills, the radar's Adopt/Trial entries, the
strategy's owners and every repository's declared owners. :func:`what_if` then takes the
``leavers`` and only re-runs the greedy truck factor and the island check on the repositories
one of them authors a file in (the others cannot change), so many what-ifs are cheap.

The comparison: *before* counts the leavers as present even when they already departed (so
``--inactive-since`` shows what was already lost), *after* counts them gone. Everyone else
keeps their presence; "gone" is departed (no commit for ``departed_days``) or leaving.

* **Repositories**: active truck factor before and after; listed when it falls to 0 or 1.
* **Islands**: files all of whose authors are gone after but not before (by lines of code), and
  the topmost folders (two files or more) of which the same holds.
* **Technologies**: radar Adopt/Trial entries whose technologies have at most one active expert
  after (an expert: ``MIN_COMMITS`` commits with it and active), when the leavers change that.
* **Strategy**: campaigns, active initiatives and accepted or proposed decisions whose owners
  or decision makers, as resolved to people, are all gone after and not before.
* **Declared owners**: repositories whose declared owners (lodestar.toml, catalog-info.yaml,
  CODEOWNERS) resolve only to people gone after and not before.
* **Protected code**: trade secrets and disclosed inventions (the IP register) whose code's
  knowers (:func:`lodestar.analysis.ip_knowledge.ip_knowledge`) are all gone after and not
  before: nobody left knows the secret or the invention's code.

What it cannot see: knowledge outside git (reviews, operations, design), owner references
that name nobody Lodestar knows, and CODEOWNERS rules narrower than the whole repository.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lodestar.analysis.coverage import RadarCoverage, radar_coverage
from lodestar.analysis.ip_knowledge import IpKnowledge, ip_knowledge
from lodestar.analysis.knowledge import (
    FileAuthorship,
    authorship,
    folder_parents,
    greedy_truck_factor,
)
from lodestar.analysis.owner_directory import Directory, build_directory
from lodestar.analysis.ownership import organisation_owners
from lodestar.analysis.presence import Presence, last_commits, presences
from lodestar.analysis.skills import MIN_COMMITS, Skill, skills_map
from lodestar.analysis.training import cut_histories, entry_skill_keys
from lodestar.catalog import TechnologyCatalog
from lodestar.errors import UsageError
from lodestar.records import Identity, OrganisationData, Strategy
from lodestar.records.owners import RepositoryOwner

__all__ = [
    "Baseline",
    "LostIsland",
    "LostOwner",
    "LostProtected",
    "LostTechnology",
    "RepositoryLoss",
    "SinglePoints",
    "WhatIf",
    "baseline",
    "gravity",
    "inactive_since",
    "prepare",
    "resolve_people",
    "single_points",
    "team_members",
    "what_if",
]

WATCHED_RINGS = ("adopt", "trial")
OPEN_INITIATIVES = ("proposed", "active", "paused")
LIVE_DECISIONS = ("accepted", "proposed")


@dataclass(frozen=True, slots=True)
class _Repo:
    files: tuple[tuple[str, int, frozenset[str]], ...]  # (path, code, authors) with authors
    authors: frozenset[str]  # everyone who authors a file of it


@dataclass(frozen=True, slots=True)
class _Watched:
    """A radar entry, campaign, initiative, decision or repository with the people behind it."""

    kind: str  # "campaign" | "initiative" | "decision" | "owner"
    id: str
    title: str
    people: frozenset[str]  # resolved person keys
    written: tuple[str, ...]  # the references as written


@dataclass(frozen=True, slots=True)
class Baseline:
    """What does not depend on who leaves (:func:`prepare`)."""

    repos: Mapping[str, _Repo]
    status: Mapping[str, Presence]
    names: Mapping[str, str]
    experts: Mapping[tuple[str, str], tuple[Skill, ...]]  # radar technology -> experts
    radar: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...]  # id, title, ring, keys
    watched: tuple[_Watched, ...]
    protected: tuple[IpKnowledge, ...] = ()  # trade secrets and disclosures with their knowers

    def name(self, person: str) -> str:
        return self.names.get(person, person)


@dataclass(frozen=True, slots=True)
class RepositoryLoss:
    repository: str
    before: int  # active truck factor
    after: int
    carried_by: tuple[str, ...]  # leavers among its authors, most files first
    files: int


@dataclass(frozen=True, slots=True)
class LostIsland:
    repository: str
    path: str  # "" for the whole repository
    kind: str  # "file" | "folder"
    code: int
    files: int
    authors: tuple[str, ...]  # who knew it


@dataclass(frozen=True, slots=True)
class LostTechnology:
    entry: str  # radar entry id
    title: str
    ring: str
    before: tuple[str, ...]  # active experts, person keys, best first
    after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LostOwner:
    kind: str  # "campaign" | "initiative" | "decision" | "owner"
    id: str  # campaign, initiative or decision id; repository name for "owner"
    title: str
    written: tuple[str, ...]  # the owners as declared
    people: tuple[str, ...]  # whom they resolve to, all gone after


@dataclass(frozen=True, slots=True)
class LostProtected:
    """A trade secret or disclosed invention whose knowers are all gone after the leavers."""

    kind: str  # "trade-secret" | "disclosure"
    id: str
    title: str
    files: int
    code: int
    knowers: tuple[str, ...]  # who knew its code (person keys), most lines first


@dataclass(frozen=True, slots=True)
class WhatIf:
    leavers: tuple[str, ...]
    repositories: tuple[RepositoryLoss, ...]  # active truck factor down to 0 or 1
    islands: tuple[LostIsland, ...]  # new islands, most code first within each repository
    island_code: int  # lines of code in new island files
    technologies: tuple[LostTechnology, ...]
    owners: tuple[LostOwner, ...]
    names: dict[str, str]  # person key -> display name, for everyone named above
    protected: tuple[LostProtected, ...] = ()  # trade secrets and disclosures nobody knows after


def _repositories(authorships: Mapping[str, Sequence[FileAuthorship]]) -> dict[str, _Repo]:
    out = {}
    for repository, owned in authorships.items():
        files = tuple((f.path, f.code, frozenset(f.authors)) for f in owned if f.authors)
        out[repository] = _Repo(files, frozenset(p for _, _, who in files for p in who))
    return out


def _radar_keys(
    strategy: Strategy | None, catalog: TechnologyCatalog, coverage: RadarCoverage | None
) -> list[tuple[Any, ...]]:
    """The Adopt/Trial entries with the skills that stand for them, as training plans read
    them (:func:`lodestar.analysis.training.entry_skill_keys`)."""
    out: list[tuple[Any, ...]] = []
    for entry in strategy.entries if strategy else ():
        if entry.ring.lower() not in WATCHED_RINGS:
            continue
        keys, _ = entry_skill_keys(entry, coverage, catalog)
        if keys:
            out.append((entry.id, entry.title, entry.ring, tuple(sorted(keys))))
    return out


def _watched(
    strategy: Strategy | None, owners: Mapping[str, RepositoryOwner], directory: Directory
) -> list[_Watched]:
    def people(written: Iterable[str]) -> frozenset[str]:
        return frozenset(p for w in written for p in directory.people_of(directory.resolve(w)))

    items: list[_Watched] = []
    if strategy is not None:
        for c in strategy.campaigns:
            refs: tuple[str, ...] = (c.owner,) if c.owner else ()
            items.append(_Watched("campaign", c.id, c.title, people(refs), refs))
        for i in strategy.initiatives:
            refs = (i.owner,) if i.owner and i.status in OPEN_INITIATIVES else ()
            items.append(_Watched("initiative", i.id, i.title, people(refs), refs))
        for d in strategy.decisions:
            refs = d.decision_makers if d.status in LIVE_DECISIONS else ()
            items.append(_Watched("decision", d.id, d.title, people(refs), refs))
    for name, owner in sorted(owners.items()):
        items.append(_Watched("owner", name, name, frozenset(owner.people), owner.declared))
    return [w for w in items if w.people]


def prepare(
    authorships: Mapping[str, Sequence[FileAuthorship]],
    status: Mapping[str, Presence],
    names: Mapping[str, str],
    skills: Iterable[Skill],
    *,
    strategy: Strategy | None,
    catalog: TechnologyCatalog,
    owners: Mapping[str, RepositoryOwner],
    directory: Directory,
    coverage: RadarCoverage | None = None,
    protected: Sequence[IpKnowledge] = (),
) -> Baseline:
    """Everything :func:`what_if` needs, derived once.

    ``authorships`` maps each repository to :func:`lodestar.analysis.knowledge.authorship` of
    its current files; ``status`` is every person's presence over the organisation;
    ``coverage`` the radar's coverage of what is in use (technologies found by purl matchers);
    ``protected`` the IP register's trade secrets and disclosures with their knowers.
    """
    radar = _radar_keys(strategy, catalog, coverage)
    wanted = {key for *_, keys in radar for key in keys}
    experts: dict[tuple[str, str], list[Skill]] = defaultdict(list)
    for skill in skills:
        key = (skill.kind, skill.technology)
        if key in wanted and skill.commits >= MIN_COMMITS:
            experts[key].append(skill)
    return Baseline(
        repos=_repositories(authorships),
        status=dict(status),
        names=dict(names),
        experts={
            k: tuple(sorted(v, key=lambda s: (-s.score, s.person))) for k, v in experts.items()
        },
        radar=tuple(radar),
        watched=tuple(_watched(strategy, owners, directory)),
        protected=tuple(protected),
    )


def baseline(
    data: OrganisationData,
    strategy: Strategy | None,
    catalog: TechnologyCatalog,
    *,
    now: dt.datetime,
    windows: tuple[int, int],
    overrides: Mapping[str, str] | None = None,
    owners: Mapping[str, RepositoryOwner] | None = None,
    cut: bool = False,
) -> tuple[Baseline, Directory, dict[str, dt.datetime]]:
    """:func:`prepare` from the organisation's records (``load_organisation(history=True)``),
    with the people directory and everyone's last commit (to choose the leavers).

    ``owners``: the repositories' owners when already derived (the cockpit's evaluation: the
    declared owners, which are all the what-if reads of them, do not depend on the knowledge
    figures), else derived here with the ``[repositories] owners`` ``overrides``. ``cut``: the
    history as it stood at ``now`` (an explicit ``--as-of``): commits authored after it count
    neither for presence, nor for file authors (each file's lineage still followed through
    later renames), nor for skills — as the backtest and the training plan read a past day."""
    histories = [h for h in data.histories if h.commits]
    then = cut_histories(histories, now) if cut else histories
    last = last_commits(then)
    status = presences(last, now, active_days=windows[0], departed_days=windows[1])
    authorships = {
        h.repository: authorship(h, data.files[h.repository], until=now if cut else None)
        for h in histories
        if data.files.get(h.repository)
    }
    skills = skills_map(then, data.technologies, catalog, status, now=now)
    if owners is None:
        owners = organisation_owners(
            data, today=now.date(), overrides=overrides, windows=windows, knowledge=()
        )
    directory = build_directory(data.observations, data.identities)
    names = {k: i.name for k, i in data.identities.items()}
    for h in histories:
        for k, i in h.people.items():
            names.setdefault(k, i.name)
    base = prepare(
        authorships,
        status,
        names,
        skills,
        strategy=strategy,
        catalog=catalog,
        owners=owners,
        directory=directory,
        coverage=radar_coverage(data.observations, strategy.entries, catalog) if strategy else None,
        protected=ip_knowledge(strategy.ip, authorships, status) if strategy else (),
    )
    return base, directory, last


def _islands(
    repository: str, repo: _Repo, before: frozenset[str], after: frozenset[str]
) -> list[LostIsland]:
    """Files and topmost folders known only to people gone ``after`` but not ``before``."""
    out: list[LostIsland] = []
    folders: dict[str, list[tuple[str, int, frozenset[str]]]] = defaultdict(list)
    for item in repo.files:
        for folder in folder_parents(item[0]):
            folders[folder].append(item)
        path, code, authors = item
        if authors <= after and not authors <= before:
            out.append(LostIsland(repository, path, "file", code, 1, tuple(sorted(authors))))
    lost = set()
    for folder, inside in folders.items():
        authors = frozenset(a for _, _, who in inside for a in who)
        if len(inside) >= 2 and authors <= after and not authors <= before:
            lost.add(folder)
    for folder in sorted(lost):
        if folder != "" and any(p in lost for p in folder_parents(folder)):
            continue
        inside = folders[folder]
        who = tuple(sorted({a for _, _, w in inside for a in w}))
        out.append(
            LostIsland(repository, folder, "folder", sum(c for _, c, _ in inside), len(inside), who)
        )
    out.sort(key=lambda i: (i.kind != "folder", -i.code, i.path))
    return out


def _repository(
    repository: str, repo: _Repo, before: frozenset[str], after: frozenset[str], leavers: set[str]
) -> RepositoryLoss | None:
    by_file = {path: authors for path, _, authors in repo.files}
    tf_before = greedy_truck_factor(by_file, gone=before).value
    tf_after = greedy_truck_factor(by_file, gone=after).value
    if tf_after > 1 or tf_after >= tf_before:
        return None
    counts: dict[str, int] = defaultdict(int)
    for _, _, authors in repo.files:
        for a in authors & leavers:
            counts[a] += 1
    carried = tuple(sorted(counts, key=lambda p: (-counts[p], p)))
    return RepositoryLoss(repository, tf_before, tf_after, carried, len(by_file))


def _technologies(base: Baseline, leavers: set[str]) -> list[LostTechnology]:
    out = []
    for entry, title, ring, keys in base.radar:
        people = [s for key in keys for s in base.experts.get(key, ())]
        ranked = sorted(people, key=lambda s: (-s.score, s.person))
        before = tuple(
            dict.fromkeys(
                s.person for s in ranked if s.person in leavers or s.presence == Presence.ACTIVE
            )
        )
        after = tuple(p for p in before if p not in leavers)
        if len(after) <= 1 and len(after) < len(before):
            out.append(LostTechnology(entry, title, ring, before, after))
    out.sort(key=lambda t: (len(t.after), t.ring.lower() != "adopt", t.entry))
    return out


def _protected(
    base: Baseline, before: frozenset[str], after: frozenset[str]
) -> list[LostProtected]:
    """Trade secrets and disclosures whose knowers are all gone ``after`` and not ``before``."""
    return [
        LostProtected(p.kind, p.id, p.title, p.files, p.code, p.knowers)
        for p in base.protected
        if p.knowers and set(p.knowers) <= after and not set(p.knowers) <= before
    ]


def what_if(base: Baseline, leavers: Collection[str], *, top: int = 10) -> WhatIf:
    """What is lost when ``leavers`` (person keys) leave; ``top`` islands per repository."""
    leaving = set(leavers)
    departed = {p for p, s in base.status.items() if s == Presence.DEPARTED}
    before = frozenset(departed - leaving)
    after = frozenset(departed | leaving)
    repositories: list[RepositoryLoss] = []
    islands: list[LostIsland] = []
    island_code = 0
    for name, repo in sorted(base.repos.items()):
        if not repo.authors & leaving:
            continue  # nothing they author: no figure of this repository can change
        loss = _repository(name, repo, before, after, leaving)
        if loss is not None:
            repositories.append(loss)
        found = _islands(name, repo, before, after)
        island_code += sum(i.code for i in found if i.kind == "file")
        folders = [i for i in found if i.kind == "folder"]
        files = [i for i in found if i.kind == "file"]
        islands.extend(folders[:top] + files[:top])
    repositories.sort(key=lambda r: (r.after, -r.before, r.repository))
    owners = [
        LostOwner(w.kind, w.id, w.title, w.written, tuple(sorted(w.people)))
        for w in base.watched
        if w.people <= after and not w.people <= before
    ]
    technologies = _technologies(base, leaving)
    protected = _protected(base, before, after)
    named = set(leaving).union(
        *(r.carried_by for r in repositories),
        *(i.authors for i in islands),
        *(t.before for t in technologies),
        *(o.people for o in owners),
        *(lost.knowers for lost in protected),
    )
    return WhatIf(
        leavers=tuple(sorted(leaving)),
        repositories=tuple(repositories),
        islands=tuple(islands),
        island_code=island_code,
        technologies=tuple(technologies),
        owners=tuple(owners),
        names={p: base.name(p) for p in sorted(named)},
        protected=tuple(protected),
    )


def gravity(result: WhatIf) -> tuple[int, ...]:
    """The order of what-ifs, most serious first: repositories left with nobody active who
    knows them, then repositories down to one, lines of code in new islands, thin Adopt/Trial
    entries, orphaned owners (a sort key: smaller is more serious)."""
    zero = sum(1 for r in result.repositories if r.after == 0)
    return (
        -zero,
        -len(result.repositories),
        -result.island_code,
        -len(result.technologies),
        -len(result.owners),
    )


@dataclass(frozen=True, slots=True)
class SinglePoints:
    """The people whose departure alone drops a repository's active truck factor to 0 or 1."""

    examined: int  # people whose departure was computed
    candidates: int  # people not departed who author a current file
    found: tuple[WhatIf, ...]  # one per such person (``leavers`` is them), most serious first


def single_points(base: Baseline, *, examine: int = 500, top: int = 5) -> SinglePoints:
    """:func:`what_if` of each person not departed who authors a current file, alone (the
    ``examine`` who author the most files, when there are more): those whose departure drops
    a repository to an active truck factor of 0 or 1."""
    files: dict[str, int] = defaultdict(int)
    for repo in base.repos.values():
        for _, _, authors in repo.files:
            for person in authors:
                files[person] += 1
    candidates = sorted(
        (p for p in files if base.status.get(p) != Presence.DEPARTED),
        key=lambda p: (-files[p], p),
    )
    found = [r for p in candidates[:examine] if (r := what_if(base, (p,), top=top)).repositories]
    found.sort(key=lambda r: (gravity(r), r.leavers))
    return SinglePoints(min(examine, len(candidates)), len(candidates), tuple(found))


def _did_you_mean(query: str, choices: Iterable[str]) -> str:
    folded = {c.casefold(): c for c in choices}
    close = difflib.get_close_matches(query.casefold(), list(folded), n=1)
    return f" (did you mean {folded[close[0]]!r}?)" if close else ""


def resolve_people(queries: Iterable[str], people: Mapping[str, Identity]) -> tuple[str, ...]:
    """The person keys ``queries`` name: a person key, one of their emails, or their name (any
    case). UsageError with a did-you-mean for a name nobody has, or two people share."""
    by_email: dict[str, str] = {}
    by_name: dict[str, set[str]] = defaultdict(set)
    for key, identity in people.items():
        if identity.bot:
            continue
        for email in (key, *identity.emails):
            by_email[email.casefold()] = key
        by_name[identity.name.casefold()].add(key)
    out: list[str] = []
    for query in queries:
        wanted = query.strip().casefold()
        if wanted in by_email:
            out.append(by_email[wanted])
            continue
        named = sorted(by_name.get(wanted, ()))
        if len(named) > 1:
            raise UsageError(
                f"{query!r} names {len(named)} people ({', '.join(named)}); give an email instead"
            )
        if not named:
            names = [i.name for i in people.values() if not i.bot]
            hint = _did_you_mean(query, [*names, *by_email])
            raise UsageError(
                f"unknown person {query!r}{hint}; give a name, email or key 'lodestar people' lists"
            )
        out.append(named[0])
    return tuple(dict.fromkeys(out))


def team_members(directory: Directory, team: str) -> tuple[str, ...]:
    """The people of ``team`` (people.toml teams and Backstage Groups); UsageError with a
    did-you-mean when no team has the name."""
    found = directory.teams.get(team.casefold())
    if found is None:
        known = sorted(t.name for t in directory.teams.values())
        listed = ", ".join(known[:20]) + (" …" if len(known) > 20 else "") if known else "none"
        raise UsageError(
            f"unknown team {team!r}{_did_you_mean(team, known)}; the teams Lodestar knows: "
            f"{listed} (declare them in people.toml or catalog-info.yaml)"
        )
    return tuple(sorted(found.members))


def inactive_since(
    last: Mapping[str, dt.datetime], people: Mapping[str, Identity], day: dt.date
) -> tuple[str, ...]:
    """The people (bots left out) whose last commit anywhere is before ``day``."""
    return tuple(
        sorted(
            p
            for p, when in last.items()
            if when.date() < day and not (p in people and people[p].bot)
        )
    )
