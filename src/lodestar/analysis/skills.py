"""Skills map: who knows which language and technology, weighted by how recently they used it.

Evidence, per commit (a commit counts once per technology, whatever number of files it touches;
merges carry no changes; bot commits are left out):

* **Languages**: the language of each changed path (Lodestar's language detection by path;
  programming and markup languages, plus SQL, GraphQL and Protocol Buffers; not data formats
  or prose), when the path is own code by path
  (not vendored, generated or documentation by Lodestar's path rules).
* **Catalog technologies** of the repository's latest scan (``TechnologyUse`` rows):
  a commit changing a technology's evidence path (the manifest declaring it, the Dockerfile or
  compose file naming its image, its configuration file) counts for it; so does a commit
  changing own code, in a language of the technology's package ecosystem (``pkg:pypi`` →
  Python, ``pkg:npm`` → JavaScript/TypeScript, …), of a repository that depends on a framework,
  library, testing or AI/ML technology; and a commit changing files in a language that itself
  reveals a technology there (HCL → Terraform).

**Experience score** = Σ over those commits of ``0.5 ** (age_days / half_life_days)``, with
``age_days`` the days from the commit's authored date to the reference moment and a half-life
of 365 days by default: a commit today weighs 1, one a year ago 0.5, two years ago 0.25.

An **expert** has at least ``min_commits`` (default 3) such commits; whether they are *active*
comes from :mod:`lodestar.analysis.presence`. A technology in use whose active experts number one
or zero is thinly covered.

What it cannot see: knowledge from outside these repositories (other employers, reading,
operating a system without committing to it), and how deep a change was. Technologies are those
of the latest scan, so someone who changed a manifest before a technology was added to it is
credited too (the repository's current technologies are applied to its whole history).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lodestar.analysis.presence import Presence
from lodestar.catalog import CODE_KINDS, Category, TechnologyCatalog
from lodestar.catalog.languages import default_catalog
from lodestar.records import FileKind, RepoHistory, TechnologyUse
from lodestar.scan import classify_kind, detect_language

__all__ = [
    "HALF_LIFE_DAYS",
    "MIN_COMMITS",
    "Coverage",
    "Expert",
    "Skill",
    "coverage",
    "experts",
    "is_skill_language",
    "language_of",
    "skills_map",
]

HALF_LIFE_DAYS = 365.0
MIN_COMMITS = 3

ECOSYSTEM_LANGUAGES: dict[str, tuple[str, ...]] = {
    "pypi": ("Python", "Cython"),
    "npm": ("JavaScript", "TypeScript", "JSX", "TSX", "Vue", "Svelte", "Astro", "CoffeeScript"),
    "maven": ("Java", "Kotlin", "Scala", "Groovy"),
    "gem": ("Ruby",),
    "composer": ("PHP",),
    "nuget": ("C#", "F#", "Visual Basic .NET"),
    "cargo": ("Rust",),
    "golang": ("Go",),
    "hex": ("Elixir", "Erlang"),
    "pub": ("Dart",),
    "swift": ("Swift",),
    "cocoapods": ("Swift", "Objective-C"),
    "conan": ("C", "C++"),
    "cran": ("R",),
}
CODE_CATEGORIES = frozenset(
    {Category.FRAMEWORK, Category.LIBRARY, Category.TESTING, Category.AI_ML}
)
_SKILL_DATA = frozenset({"SQL", "GraphQL", "Protocol Buffer"})  # data to linguist, skills to people


def is_skill_language(name: str) -> bool:
    """Whether a language counts for skills (programming or markup, not data or prose)."""
    definition = default_catalog().by_name.get(name)
    return definition is not None and (definition.kind in CODE_KINDS or name in _SKILL_DATA)


@lru_cache(maxsize=65536)
def language_of(path: str) -> str | None:
    """The programming or markup language of an own-code path (None for anything else)."""
    if classify_kind(path, b"", None) != FileKind.OWN:
        return None
    language = detect_language(path, b"")
    return language if language is not None and is_skill_language(language) else None


@dataclass(frozen=True, slots=True)
class Skill:
    """One person's experience with one language or technology."""

    person: str
    name: str
    technology: str  # a language name, or a catalog technology id
    label: str  # display name
    kind: str  # "language" | "technology"
    commits: int
    score: float
    first: dt.datetime
    last: dt.datetime
    repositories: tuple[str, ...]
    presence: Presence


def _repository_rules(
    uses: Iterable[TechnologyUse], catalog: TechnologyCatalog
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(path -> technologies, language -> technologies) for one repository."""
    by_path: dict[str, set[str]] = defaultdict(set)
    by_language: dict[str, set[str]] = defaultdict(set)
    for use in uses:
        tech = catalog.get(use.technology)
        if tech is not None and tech.category == Category.LANGUAGE:
            continue  # languages are counted from the files themselves
        if use.via == "language":
            by_language[use.evidence].add(use.technology)
            continue
        if use.path:
            by_path[use.path].add(use.technology)
        if use.via == "dependency" and tech is not None and tech.category in CODE_CATEGORIES:
            ecosystem = use.evidence.removeprefix("pkg:").split("/", 1)[0].lower()
            for language in ECOSYSTEM_LANGUAGES.get(ecosystem, ()):
                by_language[language].add(use.technology)
    return by_path, by_language


class _Tally:
    __slots__ = ("commits", "first", "last", "repositories", "score")

    def __init__(self, when: dt.datetime) -> None:
        self.commits = 0
        self.score = 0.0
        self.first = when
        self.last = when
        self.repositories: set[str] = set()

    def add(self, when: dt.datetime, weight: float, repository: str) -> None:
        self.commits += 1
        self.score += weight
        self.first = min(self.first, when)
        self.last = max(self.last, when)
        self.repositories.add(repository)


def skills_map(
    histories: Iterable[RepoHistory],
    technologies: Mapping[str, Sequence[TechnologyUse]],
    catalog: TechnologyCatalog,
    status: Mapping[str, Presence],
    *,
    now: dt.datetime,
    half_life_days: float = HALF_LIFE_DAYS,
) -> list[Skill]:
    """Every (person, language or technology) pair with its commits and score.

    ``technologies`` maps a repository name to its latest scan's technology evidence.
    Sorted by technology, then score (highest first).
    """
    acc: dict[tuple[str, str, str], _Tally] = {}
    names: dict[str, str] = {}
    for history in histories:
        by_path, by_language = _repository_rules(technologies.get(history.repository, ()), catalog)
        bots = {key for key, identity in history.people.items() if identity.bot}
        for commit in history.commits:
            person = commit.author_email
            if person in bots or not commit.changes:
                continue
            found: set[tuple[str, str]] = set()
            for change in commit.changes:
                found.update(("technology", t) for t in by_path.get(change.path, ()))
                language = language_of(change.path)
                if language is not None:
                    found.add(("language", language))
                    found.update(("technology", t) for t in by_language.get(language, ()))
            if not found:
                continue
            identity = history.people.get(person)
            names.setdefault(person, identity.name if identity else person)
            age = max(0.0, (now - commit.authored_at).total_seconds() / 86400)
            weight = 0.5 ** (age / half_life_days)
            for kind, key in found:
                tally = acc.get((person, kind, key))
                if tally is None:
                    tally = acc[(person, kind, key)] = _Tally(commit.authored_at)
                tally.add(commit.authored_at, weight, history.repository)
    out = []
    for (person, kind, key), tally in acc.items():
        tech = catalog.get(key) if kind == "technology" else None
        out.append(
            Skill(
                person=person,
                name=names.get(person, person),
                technology=key,
                label=tech.name if tech else key,
                kind=kind,
                commits=tally.commits,
                score=round(tally.score, 3),
                first=tally.first,
                last=tally.last,
                repositories=tuple(sorted(tally.repositories)),
                presence=status.get(person, Presence.ACTIVE),
            )
        )
    out.sort(key=lambda s: (s.kind, s.technology, -s.score, s.person))
    return out


@dataclass(frozen=True, slots=True)
class Expert:
    technology: str
    label: str
    kind: str
    people: tuple[Skill, ...]  # highest score first, experts only

    @property
    def active(self) -> tuple[Skill, ...]:
        return tuple(s for s in self.people if s.presence == Presence.ACTIVE)


def _matches(skill: Skill, query: str, catalog: TechnologyCatalog) -> bool:
    wanted = query.strip().lower()
    if skill.kind == "language":
        definition = default_catalog().by_name.get(skill.technology)
        aliases = {a.lower() for a in definition.aliases} if definition else set()
        return wanted == skill.technology.lower() or wanted in aliases
    tech = catalog.find(query)
    return tech is not None and tech.id == skill.technology


def experts(
    skills: Iterable[Skill],
    query: str,
    catalog: TechnologyCatalog,
    *,
    min_commits: int = MIN_COMMITS,
) -> list[Expert]:
    """Who knows ``query`` (a language name or alias, or a catalog id, name or alias)."""
    groups: dict[tuple[str, str], list[Skill]] = defaultdict(list)
    labels: dict[tuple[str, str], str] = {}
    for skill in skills:
        if _matches(skill, query, catalog):
            labels[(skill.kind, skill.technology)] = skill.label
            if skill.commits >= min_commits:
                groups[(skill.kind, skill.technology)].append(skill)
    return [
        Expert(
            technology=key,
            label=labels[(kind, key)],
            kind=kind,
            people=tuple(sorted(groups[(kind, key)], key=lambda s: (-s.score, s.person))),
        )
        for kind, key in sorted(labels)
    ]


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many people know a technology the organisation uses."""

    technology: str
    label: str
    kind: str
    repositories: int  # repositories using it now
    experts: int
    active_experts: tuple[str, ...]  # names


def coverage(
    skills: Iterable[Skill],
    in_use: Mapping[tuple[str, str], tuple[str, int]],
    *,
    min_commits: int = MIN_COMMITS,
    max_active: int | None = 1,
) -> list[Coverage]:
    """Technologies in use with at most ``max_active`` active experts (None: every one).

    ``in_use`` maps (kind, key) to (label, repositories using it now).
    """
    people: dict[tuple[str, str], list[Skill]] = defaultdict(list)
    for skill in skills:
        if skill.commits >= min_commits:
            people[(skill.kind, skill.technology)].append(skill)
    out = []
    for (kind, key), (label, repos) in in_use.items():
        known = people.get((kind, key), [])
        active = tuple(sorted(s.name for s in known if s.presence == Presence.ACTIVE))
        if max_active is None or len(active) <= max_active:
            out.append(Coverage(key, label, kind, repos, len(known), active))
    out.sort(key=lambda c: (len(c.active_experts), -c.repositories, c.kind, c.technology))
    return out
