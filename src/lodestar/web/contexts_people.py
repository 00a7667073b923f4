"""The succession pages: the off-boarding what-if (``/whatif/``) and the training plan
(``/training/``).

Both read the one derivation of their figures. The what-if's baseline
(:func:`lodestar.analysis.whatif.baseline`: every repository's file authors, presences, skills,
owners) is prepared once per cockpit build (:meth:`~lodestar.web.cockpit.Cockpit.derived`) from
the records the cockpit loaded, then each request runs :func:`~lodestar.analysis.whatif.what_if`
on it; its effect is :func:`lodestar.render.whatif.whatif_document`, the document of ``lodestar
whatif --json``. The page also lists, without a choice (and on the static site, which cannot
compute), the people whose departure alone drops a repository to an active truck factor of 0 or
1 (:func:`~lodestar.analysis.whatif.single_points`) and the effect of each team leaving.

The training page's context is the plan itself
(:func:`lodestar.analysis.training.organisation_training_plan`), so ``/api/training`` is the
document of ``lodestar training --json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lodestar.analysis import presence_windows
from lodestar.analysis.owner_directory import Directory
from lodestar.analysis.presence import Presence
from lodestar.analysis.skills import MIN_COMMITS
from lodestar.analysis.training import (
    ExpertCoverage,
    TrainingPlan,
    organisation_training_plan,
    previous_quarter_end,
    quarter_end,
)
from lodestar.analysis.whatif import (
    Baseline,
    WhatIf,
    baseline,
    gravity,
    inactive_since,
    resolve_people,
    single_points,
    team_members,
    what_if,
)
from lodestar.errors import UsageError
from lodestar.render.whatif import WhatIfDocument, whatif_document
from lodestar.web.cockpit import HINTS, Cockpit
from lodestar.web.links import slug

MAX_LEAVERS = 50  # people named in one question (a team or a date may bring more)
MAX_TEXT = 512  # characters of one name (as the page table's text parameters)
LISTED = 20  # rows of the single points of failure and of the teams
TOP_ISLANDS = 5  # islands per repository, as 'lodestar whatif' by default
MAX_PEOPLE = 1000  # people offered by the picker, most recently active first


@dataclass(frozen=True, slots=True)
class PersonChoice:
    """Someone the picker offers."""

    key: str  # person key (their email): the value sent as ``leave``
    name: str
    team: str | None  # their people.toml team, when declared
    last_commit: str | None  # day of their last commit anywhere (ISO 8601)
    presence: str  # "active" | "quiet" | "departed"


@dataclass(frozen=True, slots=True)
class LossSummary:
    """The effect of one person or one team leaving, in a line."""

    kind: str  # "person" | "team"
    key: str  # person key or team name (the ``leave`` or ``team`` of its live link)
    label: str  # name to show
    leavers: int
    to_zero: tuple[str, ...]  # repositories left with no active expert
    to_one: tuple[str, ...]  # repositories left with one
    island_code: int  # lines of code no remaining author knows
    technologies: tuple[str, ...]  # radar entry ids left with one active expert or none
    owners: int  # campaigns, initiatives, decisions, repositories left without an owner


@dataclass(frozen=True, slots=True)
class WhatIfContext:
    """The off-boarding what-if: the picker, the effect of the choice, the standing risks."""

    note: str | None  # no history mined yet: nothing below
    people: tuple[PersonChoice, ...]  # the picker's choices, by name
    people_more: int  # people left out of the picker (beyond MAX_PEOPLE)
    teams: tuple[str, ...]  # declared teams, by name
    leave: tuple[str, ...]  # the people asked for, as written
    team: str | None  # the team asked for
    inactive_since: str | None  # the day asked for (YYYY-MM-DD)
    error: str | None  # why the question cannot be answered (unknown person, did you mean)
    effect: WhatIfDocument | None  # the answer: as 'lodestar whatif --json'
    # the pages of what the effect names: "repository:NAME" / "entry:ID" -> page path
    paths: dict[str, str]
    single_points: tuple[LossSummary, ...]  # people whose departure alone drops a repository
    single_points_more: int  # such people not listed (beyond LISTED)
    examined: int  # people whose departure was computed for that list
    candidates: int  # people not departed who author a current file
    team_losses: tuple[LossSummary, ...]  # each declared team leaving, most serious first


def _windows(cockpit: Cockpit) -> tuple[int, int]:
    options = cockpit.verdict_options
    return options.windows if options is not None else presence_windows(None)


def _now(cockpit: Cockpit) -> dt.datetime:
    """The last second of the cockpit's day (as ``--as-of``): commits made that day count."""
    return dt.datetime.combine(cockpit.today, dt.time(23, 59, 59), tzinfo=dt.UTC)


def _history_missing(cockpit: Cockpit) -> str | None:
    parts = cockpit.parts
    if parts is None or not any(h.commits for h in parts.data.histories):
        return cockpit.note("history") or HINTS["history"]
    return None


Prepared = tuple[Baseline, Directory, dict[str, dt.datetime]]


def whatif_baseline(cockpit: Cockpit) -> Prepared | None:
    """The what-if's baseline of this cockpit build (derived once), None without history."""
    if _history_missing(cockpit) is not None or cockpit.parts is None:
        return None
    data = cockpit.parts.data

    def derive() -> Prepared:
        return baseline(
            data,
            cockpit.strategy,
            cockpit.technologies(),
            now=_now(cockpit),
            windows=_windows(cockpit),
            owners=cockpit.owners,
        )

    return cockpit.derived("whatif-baseline", derive)


def _summary(kind: str, key: str, label: str, result: WhatIf) -> LossSummary:
    return LossSummary(
        kind,
        key,
        label,
        len(result.leavers),
        tuple(r.repository for r in result.repositories if r.after == 0),
        tuple(r.repository for r in result.repositories if r.after == 1),
        result.island_code,
        tuple(t.entry for t in result.technologies),
        len(result.owners),
    )


Standing = tuple[tuple[LossSummary, ...], tuple[LossSummary, ...], tuple[int, int]]


def _standing(cockpit: Cockpit, prepared: Prepared) -> Standing:
    """The single points of failure, the teams' losses, (examined, candidates) people: derived
    once per build."""

    def derive() -> Standing:
        base, directory, _ = prepared
        found = single_points(base, top=TOP_ISLANDS)
        people = tuple(
            _summary("person", r.leavers[0], base.name(r.leavers[0]), r) for r in found.found
        )
        teams = []
        for team in directory.teams.values():
            result = what_if(base, team.members, top=TOP_ISLANDS)
            teams.append(
                (gravity(result), team.name, _summary("team", team.name, team.name, result))
            )
        teams.sort(key=lambda t: (t[0], t[1].casefold()))
        return people, tuple(t[2] for t in teams[:LISTED]), (found.examined, found.candidates)

    return cockpit.derived("whatif-standing", derive)


def _choices(
    base: Baseline, cockpit: Cockpit, last: dict[str, dt.datetime]
) -> tuple[tuple[PersonChoice, ...], int]:
    """The picker's people (the ``MAX_PEOPLE`` most recently active, by name) and how many
    more there are."""
    identities = cockpit.parts.data.identities if cockpit.parts is not None else {}
    out = []
    for person, when in sorted(last.items(), key=lambda kv: (kv[1], kv[0]), reverse=True):
        identity = identities.get(person)
        if identity is not None and identity.bot:
            continue
        status = base.status.get(person, Presence.DEPARTED)
        out.append(
            PersonChoice(
                person,
                base.name(person),
                identity.team if identity is not None else None,
                when.date().isoformat(),
                str(status.value),
            )
        )
    shown = sorted(out[:MAX_PEOPLE], key=lambda c: (c.name.casefold(), c.key))
    return tuple(shown), max(len(out) - MAX_PEOPLE, 0)


def _asked(leave: Sequence[str] | str | None) -> tuple[str, ...]:
    if leave is None:
        return ()
    values = (leave,) if isinstance(leave, str) else tuple(leave)
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _leavers(
    cockpit: Cockpit, prepared: Prepared, leave: tuple[str, ...], team: str | None, day: str | None
) -> tuple[str, ...]:
    """Everyone the question names: the people, the team's members, those inactive since the
    day (together); UsageError for a name nobody has, with a did-you-mean."""
    _, directory, last = prepared
    identities = cockpit.parts.data.identities if cockpit.parts is not None else {}
    if len(leave) > MAX_LEAVERS:
        raise UsageError(f"{len(leave)} people named; name at most {MAX_LEAVERS} at a time")
    if any(len(v) > MAX_TEXT or "\x00" in v for v in (*leave, team or "", day or "")):
        raise UsageError(f"a name is longer than {MAX_TEXT} characters or holds NUL")
    found = list(resolve_people(leave, identities)) if leave else []
    if team:
        found += team_members(directory, team)
    if day:
        try:
            since = dt.date.fromisoformat(day)
        except ValueError as exc:
            raise UsageError(f"inactive since {day!r}: expected a date such as 2026-01-01") from exc
        found += inactive_since(last, identities, since)
    return tuple(dict.fromkeys(found))


def _paths(effect: WhatIfDocument | None) -> dict[str, str]:
    """The page of every repository and radar entry the effect names (the script links them)."""
    if effect is None:
        return {}
    out = {}
    for name in [r.repository for r in effect.repositories] + [
        i.repository for i in effect.islands
    ]:
        out[f"repository:{name}"] = f"repositories/{slug(name)}/"
    for t in effect.technologies:
        out[f"entry:{t.entry}"] = f"radar/{slug(t.entry)}/"
    for o in effect.owners:
        if o.kind == "owner":
            out[f"repository:{o.id}"] = f"repositories/{slug(o.id)}/"
        elif o.kind == "decision":
            out[f"decision:{o.id}"] = f"decisions/{slug(o.id)}/"
    return out


def whatif_context(
    cockpit: Cockpit,
    leave: Sequence[str] | str | None = None,
    team: str | None = None,
    inactive_since: str | None = None,
) -> WhatIfContext:
    """The what-if page: with a question (``leave``, ``team``, ``inactive_since``), its effect."""
    asked, team, day = _asked(leave), (team or "").strip() or None, (inactive_since or "").strip()
    prepared = whatif_baseline(cockpit)
    if prepared is None:
        return WhatIfContext(
            _history_missing(cockpit), (), 0, (), asked, team, day or None, None, None,
            {}, (), 0, 0, 0, (),
        )  # fmt: skip
    base, directory, last = prepared
    error, effect = None, None
    if asked or team or day:
        try:
            leavers = _leavers(cockpit, prepared, asked, team, day or None)
        except UsageError as exc:
            error = str(exc)
        else:
            result = what_if(base, leavers, top=TOP_ISLANDS)
            effect = whatif_document(result, _now(cockpit), _windows(cockpit))
    points, teams, (examined, candidates) = _standing(cockpit, prepared)
    people, more = cockpit.derived("whatif-choices", lambda: _choices(base, cockpit, last))
    return WhatIfContext(
        note=None,
        people=people,
        people_more=more,
        teams=tuple(sorted((t.name for t in directory.teams.values()), key=str.casefold)),
        leave=asked,
        team=team,
        inactive_since=day or None,
        error=error,
        effect=effect,
        paths=_paths(effect),
        single_points=tuple(points[:LISTED]),
        single_points_more=max(len(points) - LISTED, 0),
        examined=examined,
        candidates=candidates,
        team_losses=tuple(teams),
    )


def training_context(cockpit: Cockpit) -> TrainingPlan:
    """The training plan of this cockpit build (as ``lodestar training --json``): an empty plan
    before any history is mined (the page then says what to run)."""

    def derive() -> TrainingPlan:
        now = _now(cockpit)
        parts = cockpit.parts
        if parts is None or _history_missing(cockpit) is not None:
            day = now.date()
            none = ExpertCoverage(0, 0, ())
            target = quarter_end(quarter_end(day) + dt.timedelta(days=1))
            return TrainingPlan(
                day, previous_quarter_end(day), target, MIN_COMMITS, (), 0, none, none,
                active_days=_windows(cockpit)[0],
            )  # fmt: skip
        return organisation_training_plan(
            parts.data,
            cockpit.strategy.entries if cockpit.strategy else (),
            cockpit.technologies(),
            teams=cockpit.teams or (),
            now=now,
            windows=_windows(cockpit),
        )

    return cockpit.derived("training-plan", derive)
