"""R&D activity from stored git history: commits, people and lines, per repository and month.

Definitions (all derived from git alone, so they see commits, not effort or reviews):

* **commits** are non-merge commits; merges are counted apart (``merges``) and carry no lines,
  so work merged from a branch is counted once, on the commits that did it;
* **lines added/removed** are ``git log --numstat`` counts with rename detection (a pure rename
  adds and removes nothing); binary files count no lines;
* a commit's **month** is its author date's month, in UTC;
* people are person keys after .mailmap and ``people.toml``; **bots** (``[history]
  bot_patterns``) are left out of every people figure and counted as ``bot_commits``;
* a person is **active** with a commit in the ``active_days`` before ``now`` (in that
  repository, for repository figures; anywhere, for the organisation), and **departed** after
  ``departed_days`` without a commit anywhere in the organisation;
* a repository is **dormant** when its last commit is older than ``dormant_days``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lodestar.records import Commit, Identity, RepoHistory

ACTIVE_DAYS = 90
DEPARTED_DAYS = 180
DORMANT_DAYS = 180
TOP = 10


@dataclass(frozen=True, slots=True)
class MonthActivity:
    month: dt.date  # first day of the month
    commits: int = 0
    merges: int = 0
    bot_commits: int = 0
    authors: int = 0  # distinct people (bots excluded)
    added: int = 0
    removed: int = 0


@dataclass(frozen=True, slots=True)
class Contributor:
    key: str
    name: str
    team: str | None
    commits: int
    added: int
    removed: int
    first_commit: dt.datetime
    last_commit: dt.datetime
    repositories: tuple[str, ...] = ()
    active: bool = False
    departed: bool = False


@dataclass(frozen=True, slots=True)
class RepoActivity:
    repository: str
    commits: int
    merges: int
    bot_commits: int
    added: int
    removed: int
    people: int  # distinct people who ever committed (bots excluded)
    active_contributors: int
    first_commit: dt.datetime | None
    last_commit: dt.datetime | None
    dormant: bool
    tags: int
    months: tuple[MonthActivity, ...] = ()
    top_contributors: tuple[Contributor, ...] = ()
    bots: tuple[str, ...] = ()  # bot names seen


@dataclass(frozen=True, slots=True)
class OrgActivity:
    now: dt.datetime
    active_days: int
    departed_days: int
    dormant_days: int
    commits: int
    merges: int
    bot_commits: int
    added: int
    removed: int
    repositories: tuple[RepoActivity, ...] = ()
    months: tuple[MonthActivity, ...] = ()
    people: tuple[Contributor, ...] = ()  # every person, most commits first
    active_people: tuple[str, ...] = ()
    departed_people: tuple[str, ...] = ()
    dormant_repositories: tuple[str, ...] = ()
    first_commit: dt.datetime | None = None
    last_commit: dt.datetime | None = None
    teams: dict[str, int] = field(default_factory=dict)  # team → active people


def _month(moment: dt.datetime) -> dt.date:
    utc = moment.astimezone(dt.UTC)
    return dt.date(utc.year, utc.month, 1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _lines(commit: Commit) -> tuple[int, int]:
    added = removed = 0
    for change in commit.changes:
        added += change.added or 0
        removed += change.removed or 0
    return added, removed


def _is_bot(people: dict[str, Identity], key: str) -> bool:
    person = people.get(key)
    return person is not None and person.bot


def monthly(histories: Iterable[RepoHistory]) -> tuple[MonthActivity, ...]:
    """Per-month figures over ``histories``, every month from the first to the last (gaps: 0)."""
    acc: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    authors: dict[dt.date, set[str]] = defaultdict(set)
    for history in histories:
        for c in history.commits:
            month = _month(c.authored_at)
            row = acc[month]
            if c.is_merge:
                row[1] += 1
                continue
            added, removed = _lines(c)
            row[3] += added
            row[4] += removed
            if _is_bot(history.people, c.author_email):
                row[2] += 1
            else:
                row[0] += 1
                authors[month].add(c.author_email)
    if not acc:
        return ()
    out: list[MonthActivity] = []
    month, last = min(acc), max(acc)
    while month <= last:
        row = acc.get(month, [0, 0, 0, 0, 0])
        out.append(
            MonthActivity(
                month, row[0], row[1], row[2], len(authors.get(month, ())), row[3], row[4]
            )
        )
        month = _next_month(month)
    return tuple(out)


@dataclass(slots=True)
class _Person:
    commits: int = 0
    added: int = 0
    removed: int = 0
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    repositories: set[str] = field(default_factory=set)


def _people(histories: Sequence[RepoHistory]) -> dict[str, _Person]:
    acc: dict[str, _Person] = defaultdict(_Person)
    for history in histories:
        for c in history.commits:
            if c.is_merge or _is_bot(history.people, c.author_email):
                continue
            p = acc[c.author_email]
            added, removed = _lines(c)
            p.commits += 1
            p.added += added
            p.removed += removed
            p.first = c.authored_at if p.first is None else min(p.first, c.authored_at)
            p.last = c.authored_at if p.last is None else max(p.last, c.authored_at)
            p.repositories.add(history.repository)
    return acc


def _contributors(
    acc: dict[str, _Person],
    people: dict[str, Identity],
    *,
    now: dt.datetime,
    active_days: int,
    org_last: dict[str, dt.datetime] | None,
    departed_days: int,
) -> list[Contributor]:
    out = []
    for key, p in acc.items():
        assert p.first is not None and p.last is not None  # noqa: S101  set with commits
        person = people.get(key)
        last_anywhere = org_last.get(key, p.last) if org_last is not None else p.last
        out.append(
            Contributor(
                key=key,
                name=person.name if person else key,
                team=person.team if person else None,
                commits=p.commits,
                added=p.added,
                removed=p.removed,
                first_commit=p.first,
                last_commit=p.last,
                repositories=tuple(sorted(p.repositories)),
                active=now - p.last <= dt.timedelta(days=active_days),
                departed=now - last_anywhere > dt.timedelta(days=departed_days),
            )
        )
    out.sort(key=lambda c: (-c.commits, -c.added, c.key))
    return out


def repository_activity(
    history: RepoHistory,
    *,
    now: dt.datetime | None = None,
    active_days: int = ACTIVE_DAYS,
    departed_days: int = DEPARTED_DAYS,
    dormant_days: int = DORMANT_DAYS,
    org_last: dict[str, dt.datetime] | None = None,
    top: int = TOP,
) -> RepoActivity:
    """Activity of one repository; ``org_last`` (person → last commit anywhere) for departures."""
    now = now or dt.datetime.now(dt.UTC)
    commits = [c for c in history.commits if not c.is_merge]
    merges = len(history.commits) - len(commits)
    bots = [c for c in commits if _is_bot(history.people, c.author_email)]
    added = removed = 0
    for c in commits:
        a, r = _lines(c)
        added += a
        removed += r
    people = _contributors(
        _people([history]),
        history.people,
        now=now,
        active_days=active_days,
        org_last=org_last,
        departed_days=departed_days,
    )
    dates = [c.authored_at for c in history.commits]
    last = max(dates) if dates else None
    return RepoActivity(
        repository=history.repository,
        commits=len(commits) - len(bots),
        merges=merges,
        bot_commits=len(bots),
        added=added,
        removed=removed,
        people=len(people),
        active_contributors=sum(1 for p in people if p.active),
        first_commit=min(dates) if dates else None,
        last_commit=last,
        dormant=last is None or now - last > dt.timedelta(days=dormant_days),
        tags=len(history.tags),
        months=monthly([history]),
        top_contributors=tuple(people[:top]),
        bots=tuple(
            sorted(
                {
                    history.people[c.author_email].name
                    for c in bots
                    if c.author_email in history.people
                }
            )
        ),
    )


def organisation_activity(
    histories: Sequence[RepoHistory],
    *,
    now: dt.datetime | None = None,
    active_days: int = ACTIVE_DAYS,
    departed_days: int = DEPARTED_DAYS,
    dormant_days: int = DORMANT_DAYS,
    top: int = TOP,
) -> OrgActivity:
    """Activity of every repository and of the organisation as a whole."""
    now = now or dt.datetime.now(dt.UTC)
    everyone: dict[str, Identity] = {}
    for h in histories:
        everyone.update(h.people)
    acc = _people(histories)
    org_last = {k: p.last for k, p in acc.items() if p.last is not None}
    repos = tuple(
        repository_activity(
            h,
            now=now,
            active_days=active_days,
            departed_days=departed_days,
            dormant_days=dormant_days,
            org_last=org_last,
            top=top,
        )
        for h in histories
    )
    people = _contributors(
        acc,
        everyone,
        now=now,
        active_days=active_days,
        org_last=org_last,
        departed_days=departed_days,
    )
    firsts = [r.first_commit for r in repos if r.first_commit]
    lasts = [r.last_commit for r in repos if r.last_commit]
    return OrgActivity(
        now=now,
        active_days=active_days,
        departed_days=departed_days,
        dormant_days=dormant_days,
        commits=sum(r.commits for r in repos),
        merges=sum(r.merges for r in repos),
        bot_commits=sum(r.bot_commits for r in repos),
        added=sum(r.added for r in repos),
        removed=sum(r.removed for r in repos),
        repositories=repos,
        months=monthly(histories),
        people=tuple(people),
        active_people=tuple(p.key for p in people if p.active),
        departed_people=tuple(p.key for p in people if p.departed),
        dormant_repositories=tuple(r.repository for r in repos if r.dormant),
        first_commit=min(firsts) if firsts else None,
        last_commit=max(lasts) if lasts else None,
        teams=_active_teams(people),
    )


def _active_teams(people: Sequence[Contributor]) -> dict[str, int]:
    """Active people per team, by team name."""
    teams: dict[str, int] = defaultdict(int)
    for p in people:
        if p.active and p.team:
            teams[p.team] += 1
    return dict(sorted(teams.items()))
