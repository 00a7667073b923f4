"""Training plans: who can teach, who is closest to expert, and how far the plan has come.

The subjects are every radar entry in the **Adopt** or **Trial** ring (ring names compared
without regard to case) and every language with own code in a current scan that no such entry
already names. An entry stands for the skills of its matchers' technologies
(:mod:`lodestar.analysis.skills`): a catalog technology, or for a language technology
(``python``) the languages it covers (``Python``, ``Cython``); purl matchers count through the
technologies the radar coverage says they name (:func:`lodestar.analysis.coverage.radar_coverage`).
A person's standing on a subject is their strongest skill among those (most commits, then score).

* An **expert** has at least ``min_commits`` (3) commits on it (the skills map's threshold);
  **active** is :mod:`lodestar.analysis.presence`'s (a commit in the last 90 days by default).
  Entries without a technology matcher (practices) are left out: no commit shows who knows
  them.
* A subject is listed when it has fewer than :data:`TARGET_EXPERTS` (2) active experts.
* **Mentors**: its active experts, highest score first (score and last commit shown).
* **Learners**: active people below the threshold who touched it (highest score first), then
  active members of a team (``people.toml`` teams, Backstage Groups) whose repositories use it
  (score 0); :data:`LEARNERS_SHOWN` at most.
* **Pairings**: the closest learners, as many as active experts are missing, each with a mentor
  in turn; without a mentor the pairing says so ("no active expert: external training or hire").
* **Target**: :data:`TARGET_EXPERTS` active experts by the end of the quarter after the as-of
  date's (a quarter to train, from the next planning cycle).
* **As of**: commits authored after the as-of moment are left out (a plan as of an earlier
  day is the one that day would have shown).
* **Progress**: the skills are computed again on the history cut at the end of the previous
  quarter (commits after it left out, presence judged then): each learner's score growth, the
  people who crossed the threshold since, the active experts then. Scores decay with time (half
  life 365 days), so a learner who stopped has a negative growth.

:func:`adopt_expert_coverage` is the one derivation of "Adopt entries with >= 2 active experts"
(x of y). What it cannot see: knowledge from outside these repositories, courses taken, people
who never commit (designers, operators), and team members who have not committed yet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from lodestar.analysis.coverage import RadarCoverage, radar_coverage
from lodestar.analysis.presence import Presence, last_commits, presences
from lodestar.analysis.skills import (
    HALF_LIFE_DAYS,
    MIN_COMMITS,
    Skill,
    is_skill_language,
    skills_map,
)
from lodestar.catalog import Category, TechnologyCatalog
from lodestar.records import OrganisationData, RadarEntry, RepoHistory, TechnologyUse
from lodestar.records.owners import Team

__all__ = [
    "LEARNERS_SHOWN",
    "NO_MENTOR",
    "TARGET_EXPERTS",
    "TRAINED_RINGS",
    "ExpertCoverage",
    "Learner",
    "Mentor",
    "Pairing",
    "Subject",
    "TrainingItem",
    "TrainingPlan",
    "adopt_expert_coverage",
    "cut_histories",
    "entry_skill_keys",
    "organisation_training_plan",
    "previous_quarter_end",
    "quarter_end",
    "training_plan",
    "training_subjects",
]

TARGET_EXPERTS = 2
LEARNERS_SHOWN = 5
TRAINED_RINGS = ("adopt", "trial")
NO_MENTOR = "no active expert: external training or hire"

SkillKey = tuple[str, str]  # (kind, technology) as in Skill


def quarter_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s calendar quarter."""
    last_month = (day.month - 1) // 3 * 3 + 3
    first_next = dt.date(day.year + last_month // 12, last_month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def previous_quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter before ``day``'s."""
    start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return start - dt.timedelta(days=1)


def cut_histories(histories: Iterable[RepoHistory], moment: dt.datetime) -> list[RepoHistory]:
    """The histories as they stood at ``moment``: commits authored after it left out."""
    return [
        replace(h, commits=tuple(c for c in h.commits if c.authored_at <= moment))
        for h in histories
    ]


@dataclass(frozen=True, slots=True)
class Subject:
    """Something to train people in: a radar entry, or a language with own code."""

    key: str  # the radar entry id, or "language:NAME"
    label: str
    kind: str  # "radar" | "language"
    ring: str | None  # the entry's ring; None for a language
    skills: tuple[SkillKey, ...]
    repositories: tuple[str, ...]  # repositories using it now


def entry_skill_keys(
    entry: RadarEntry, coverage: RadarCoverage | None, catalog: TechnologyCatalog
) -> tuple[set[SkillKey], set[str]]:
    """The skills map's keys that stand for a radar entry (a language technology: each of its
    languages; another: its id), from its technology matchers and the technologies its other
    matchers found in use (``coverage``), with those technology ids. The one reading of "who
    knows this entry" for training plans and the off-boarding what-if."""
    ids = {m.technology for m in entry.matchers if m.technology}
    if coverage is not None:
        ids |= {t for t, c in coverage.technologies.items() if entry.id in c.entries}
    keys: set[SkillKey] = set()
    for tech_id in ids:
        tech = catalog.get(tech_id)
        if tech is not None and tech.category == Category.LANGUAGE:
            keys.update(("language", lang) for lang in tech.languages if is_skill_language(lang))
        else:
            keys.add(("technology", tech_id))
    return keys, ids


def training_subjects(
    entries: Sequence[RadarEntry],
    coverage: RadarCoverage,
    catalog: TechnologyCatalog,
    languages: Mapping[str, Sequence[str]],
) -> list[Subject]:
    """Adopt and Trial entries (declaration order), then the languages with own code that no
    such entry names (most repositories first). ``languages``: language -> repositories."""
    out: list[Subject] = []
    named: set[SkillKey] = set()
    for entry in entries:
        if entry.ring.casefold() not in TRAINED_RINGS:
            continue
        keys, ids = entry_skill_keys(entry, coverage, catalog)
        if not keys:
            continue  # a practice (no technology matcher): no commit shows who knows it
        named |= keys
        repos = set(coverage.users.get(entry.id, ()))
        repos.update(
            r
            for t in ids
            if t in coverage.technologies
            for r in coverage.technologies[t].repositories
        )
        repos.update(
            r for kind, lang in keys if kind == "language" for r in languages.get(lang, ())
        )
        out.append(
            Subject(
                entry.id,
                entry.title,
                "radar",
                entry.ring,
                tuple(sorted(keys)),
                tuple(sorted(repos)),
            )
        )
    for lang, users in sorted(languages.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if ("language", lang) not in named and is_skill_language(lang):
            out.append(
                Subject(
                    f"language:{lang}",
                    lang,
                    "language",
                    None,
                    (("language", lang),),
                    tuple(sorted(users)),
                )
            )
    return out


def _standing(skills: Iterable[Skill]) -> dict[SkillKey, dict[str, Skill]]:
    by_key: dict[SkillKey, dict[str, Skill]] = defaultdict(dict)
    for s in skills:
        by_key[(s.kind, s.technology)][s.person] = s
    return by_key


def _best(by_key: Mapping[SkillKey, Mapping[str, Skill]], subject: Subject) -> dict[str, Skill]:
    """Each person's strongest skill among the subject's (most commits, then score)."""
    best: dict[str, Skill] = {}
    for key in subject.skills:
        for person, skill in by_key.get(key, {}).items():
            seen = best.get(person)
            if seen is None or (skill.commits, skill.score) > (seen.commits, seen.score):
                best[person] = skill
    return best


def _active_experts(best: Mapping[str, Skill], min_commits: int) -> list[Skill]:
    found = [s for s in best.values() if s.commits >= min_commits and s.presence == Presence.ACTIVE]
    return sorted(found, key=lambda s: (-s.score, s.person))


@dataclass(frozen=True, slots=True)
class ExpertCoverage:
    """Adopt entries with at least TARGET_EXPERTS active experts: ``covered`` of ``total``."""

    covered: int
    total: int
    uncovered: tuple[str, ...]  # entry ids, in declaration order


def adopt_expert_coverage(
    entries: Sequence[RadarEntry],
    skills: Iterable[Skill],
    coverage: RadarCoverage,
    catalog: TechnologyCatalog,
    *,
    min_commits: int = MIN_COMMITS,
) -> ExpertCoverage:
    """The one figure "Adopt entries with >= 2 active experts" (CLI, cockpit, board report)."""
    by_key = _standing(skills)
    adopt = []
    uncovered = []
    for entry in entries:
        keys, _ = entry_skill_keys(entry, coverage, catalog)
        if entry.ring.casefold() != TRAINED_RINGS[0] or not keys:
            continue
        adopt.append(entry.id)
        subject = Subject(entry.id, entry.title, "radar", entry.ring, tuple(sorted(keys)), ())
        if len(_active_experts(_best(by_key, subject), min_commits)) < TARGET_EXPERTS:
            uncovered.append(entry.id)
    return ExpertCoverage(len(adopt) - len(uncovered), len(adopt), tuple(uncovered))


@dataclass(frozen=True, slots=True)
class Mentor:
    person: str
    name: str
    score: float
    commits: int
    last: dt.datetime  # last commit on the subject


@dataclass(frozen=True, slots=True)
class Learner:
    person: str
    name: str
    score: float
    commits: int
    via: str  # "commits" (touched it) | "team" (a team whose repositories use it)
    team: str | None
    previous_score: float  # at the end of the previous quarter
    growth: float  # score - previous_score


@dataclass(frozen=True, slots=True)
class Pairing:
    mentor: str | None  # person key; None: no active expert
    mentor_name: str | None
    learner: str | None  # person key; None: nobody to train
    learner_name: str | None
    note: str


@dataclass(frozen=True, slots=True)
class TrainingItem:
    subject: Subject
    mentors: tuple[Mentor, ...]
    inactive_experts: int  # experts who are quiet or departed
    learners: tuple[Learner, ...]
    more_learners: int  # learners beyond LEARNERS_SHOWN
    pairings: tuple[Pairing, ...]
    needed: int  # active experts missing to reach the target
    target: str
    previous_active_experts: int  # at the end of the previous quarter
    crossed: tuple[str, ...]  # names of people who became experts since then


@dataclass(frozen=True, slots=True)
class TrainingPlan:
    as_of: dt.date
    previous: dt.date  # the previous quarter's end: the progress baseline
    target_date: dt.date
    min_commits: int
    items: tuple[TrainingItem, ...]
    subjects: int  # subjects examined (listed or not)
    coverage: ExpertCoverage
    previous_coverage: ExpertCoverage
    last_commit: dt.datetime | None = None  # the organisation's latest, for a stale store
    active_days: int = 90


def _learners(
    subject: Subject,
    best: Mapping[str, Skill],
    before: Mapping[str, Skill],
    team_people: Sequence[tuple[str, str]],
    context: _Context,
) -> list[Learner]:
    touching = sorted(
        (
            s
            for s in best.values()
            if s.commits < context.min_commits and s.presence == Presence.ACTIVE
        ),
        key=lambda s: (-s.score, -s.commits, s.person),
    )
    out = []
    for s in touching:
        prev = before[s.person].score if s.person in before else 0.0
        out.append(
            Learner(
                s.person,
                s.name,
                s.score,
                s.commits,
                "commits",
                context.team_of.get(s.person),
                prev,
                round(s.score - prev, 3),
            )
        )
    for team, person in team_people:
        if person in best or context.status.get(person) != Presence.ACTIVE:
            continue
        if any(x.person == person for x in out):
            continue
        out.append(
            Learner(person, context.names.get(person, person), 0.0, 0, "team", team, 0.0, 0.0)
        )
    return out


def _pairings(mentors: Sequence[Mentor], learners: Sequence[Learner], needed: int) -> list[Pairing]:
    if not mentors:
        chosen: list[Learner | None] = [*learners[:needed]] or [None]
        return [
            Pairing(
                None,
                None,
                lr.person if lr else None,
                lr.name if lr else None,
                f"{NO_MENTOR} (to train: {lr.name})" if lr else NO_MENTOR,
            )
            for lr in chosen
        ]
    out = []
    for i, lr in enumerate(learners[:needed]):
        m = mentors[i % len(mentors)]
        out.append(Pairing(m.person, m.name, lr.person, lr.name, f"{m.name} mentors {lr.name}"))
    if not out:
        m = mentors[0]
        out.append(
            Pairing(
                m.person, m.name, None, None, "no active learner: hire, or ask a team to take it up"
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    min_commits: int
    status: Mapping[str, Presence]
    names: Mapping[str, str]
    team_of: Mapping[str, str]
    target: str


def _item(
    subject: Subject,
    now: Mapping[SkillKey, Mapping[str, Skill]],
    before: Mapping[SkillKey, Mapping[str, Skill]],
    teams: Sequence[Team],
    context: _Context,
) -> TrainingItem | None:
    best = _best(now, subject)
    experts = _active_experts(best, context.min_commits)
    if len(experts) >= TARGET_EXPERTS:
        return None
    prev = _best(before, subject)
    used = set(subject.repositories)
    team_people = [
        (t.name, p) for t in teams if used & set(t.repositories) for p in sorted(t.members)
    ]
    learners = _learners(subject, best, prev, team_people, context)
    mentors = tuple(Mentor(s.person, s.name, s.score, s.commits, s.last) for s in experts)
    needed = TARGET_EXPERTS - len(experts)
    crossed = sorted(
        s.name
        for p, s in best.items()
        if s.commits >= context.min_commits
        and (p not in prev or prev[p].commits < context.min_commits)
    )
    return TrainingItem(
        subject=subject,
        mentors=mentors,
        inactive_experts=sum(1 for s in best.values() if s.commits >= context.min_commits)
        - len(experts),
        learners=tuple(learners[:LEARNERS_SHOWN]),
        more_learners=max(0, len(learners) - LEARNERS_SHOWN),
        pairings=tuple(_pairings(mentors, learners, needed)),
        needed=needed,
        target=context.target,
        previous_active_experts=len(_active_experts(prev, context.min_commits)),
        crossed=tuple(crossed),
    )


def training_plan(
    histories: Sequence[RepoHistory],
    technologies: Mapping[str, Sequence[TechnologyUse]],
    catalog: TechnologyCatalog,
    *,
    subjects: Sequence[Subject],
    entries: Sequence[RadarEntry],
    coverage: RadarCoverage,
    teams: Sequence[Team] = (),
    now: dt.datetime,
    windows: tuple[int, int],
    min_commits: int = MIN_COMMITS,
    half_life_days: float = HALF_LIFE_DAYS,
) -> TrainingPlan:
    """The plan on ``now``'s day, with the progress since the previous quarter's end.

    Commits authored after ``now`` are left out, so a plan as of an earlier day (a quarter's
    end, for a quarter-over-quarter comparison) is the plan that day would have shown.

    ``windows`` = (active_days, departed_days); ``teams`` from :func:`lodestar.analysis.teams`.
    """
    active, departed = windows
    histories = cut_histories(histories, now)  # an earlier day sees only the commits made by then
    day = now.date()
    before_day = previous_quarter_end(day)
    before_moment = dt.datetime.combine(before_day, dt.time(23, 59, 59), tzinfo=dt.UTC)
    past = cut_histories(histories, before_moment)

    def skills_at(
        hs: Sequence[RepoHistory], moment: dt.datetime
    ) -> tuple[list[Skill], dict[str, Presence]]:
        status = presences(last_commits(hs), moment, active_days=active, departed_days=departed)
        return skills_map(
            hs, technologies, catalog, status, now=moment, half_life_days=half_life_days
        ), status

    skills, status = skills_at(histories, now)
    old_skills, _ = skills_at(past, before_moment)
    target_date = quarter_end(quarter_end(day) + dt.timedelta(days=1))
    names = {k: i.name for h in histories for k, i in h.people.items()}
    team_of: dict[str, str] = {}
    for t in teams:
        for p in t.members:
            team_of.setdefault(p, t.name)
    context = _Context(
        min_commits,
        status,
        names,
        team_of,
        f"{TARGET_EXPERTS} active experts by {target_date.isoformat()}",
    )
    by_now, by_before = _standing(skills), _standing(old_skills)
    items = [i for s in subjects if (i := _item(s, by_now, by_before, teams, context)) is not None]
    return TrainingPlan(
        as_of=day,
        previous=before_day,
        target_date=target_date,
        min_commits=min_commits,
        items=tuple(items),
        subjects=len(subjects),
        coverage=adopt_expert_coverage(entries, skills, coverage, catalog, min_commits=min_commits),
        last_commit=max((c.authored_at for h in histories for c in h.commits), default=None),
        active_days=active,
        previous_coverage=adopt_expert_coverage(
            entries, old_skills, coverage, catalog, min_commits=min_commits
        ),
    )


def organisation_training_plan(
    data: OrganisationData,
    entries: Sequence[RadarEntry],
    catalog: TechnologyCatalog,
    *,
    teams: Sequence[Team] = (),
    now: dt.datetime,
    windows: tuple[int, int],
) -> TrainingPlan:
    """:func:`training_plan` of the organisation's records (``load_organisation(history=True)``:
    its histories, current files and technologies, observations): the one plan of ``lodestar
    training`` and of the cockpit's Training page. The subjects are the radar's (``entries``)
    and every language with own code in a current scan."""
    languages: dict[str, set[str]] = {}
    for repository, stats in data.files.items():
        for f in stats:
            if f.kind == "own" and f.language and f.code > 0:
                languages.setdefault(f.language, set()).add(repository)
    coverage = radar_coverage(data.observations, entries, catalog)
    subjects = training_subjects(
        entries, coverage, catalog, {k: sorted(v) for k, v in languages.items()}
    )
    return training_plan(
        [h for h in data.histories if h.commits],
        data.technologies,
        catalog,
        subjects=subjects,
        entries=entries,
        coverage=coverage,
        teams=teams,
        now=now,
        windows=windows,
    )
