"""Skills map: languages and catalog technologies per person, scored by recency."""

from __future__ import annotations

import pytest
from tests.analysis.histories import BOT, Log, when

from lodestar.analysis.presence import Presence
from lodestar.analysis.skills import coverage, experts, is_skill_language, language_of, skills_map
from lodestar.catalog.technologies import load_catalog
from lodestar.records import TechnologyUse

ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"

USES = {
    "shop": [
        TechnologyUse("fastapi", "dependency", "pkg:pypi/fastapi", "requirements.txt"),
        TechnologyUse("postgresql", "image", "postgres:15", "docker-compose.yml"),
        TechnologyUse("docker", "language", "Dockerfile", ""),
        TechnologyUse("python", "language", "Python", ""),  # a language: counted from files
    ]
}
STATUS = {ALICE: Presence.DEPARTED, BOB: Presence.ACTIVE, CAROL: Presence.ACTIVE}


def _skills() -> dict[tuple[str, str], tuple[int, float]]:
    log = Log("shop")
    log.commit(ALICE, 0, "app/main.py", "requirements.txt")
    log.commit(ALICE, 365, "app/x.py", "app/y.py")
    log.commit(BOB, 730, "docker-compose.yml")
    log.commit(BOB, 730, "Dockerfile", hour=1)
    log.commit(BOT, 730, "app/main.py", "requirements.txt")
    log.commit(CAROL, 730, "README.md", "vendor/lib.py", "app/schema_pb2.py")
    skills = skills_map([log.history()], USES, load_catalog(), STATUS, now=when(730, 1))
    return {(s.person, s.technology): (s.commits, s.score) for s in skills}


def test_languages_and_technologies_with_recency() -> None:
    got = _skills()
    # alice: two Python commits, 730 and 365 days old: 0.25 + 0.5 = 0.75. The repository
    # depends on FastAPI (a framework, pkg:pypi), so her Python commits count for it too; the
    # first one also changed the manifest that declares it (still one commit).
    assert got[(ALICE, "Python")] == (2, pytest.approx(0.75, abs=1e-3))
    assert got[(ALICE, "fastapi")] == (2, pytest.approx(0.75, abs=1e-3))
    # bob: the compose file naming the postgres image (YAML is data, not a skill); the
    # Dockerfile is both a language and the Docker technology (1 hour old: ~1.0).
    assert got[(BOB, "postgresql")] == (1, pytest.approx(1.0, abs=1e-3))
    assert got[(BOB, "Dockerfile")] == (1, pytest.approx(1.0, abs=1e-3))
    assert got[(BOB, "docker")] == (1, pytest.approx(1.0, abs=1e-3))
    # Languages come from files, not from the catalog's language entries; bots and
    # documentation, vendored or generated files give nothing.
    assert (ALICE, "python") not in got
    assert not any(person in {BOT, CAROL} for person, _ in got)
    assert len(got) == 5


def test_experts_and_thin_coverage() -> None:
    log = Log("shop")
    for day in (0, 10, 20):
        log.commit(ALICE, day, "app/a.py")
    for day in (400, 410):
        log.commit(BOB, day, "app/b.py")
    skills = skills_map([log.history()], USES, load_catalog(), STATUS, now=when(420))
    catalog = load_catalog()
    (python,) = experts(skills, "python", catalog)  # language names and aliases, any case
    assert (python.kind, python.technology) == ("language", "Python")
    # Experts need 3 commits by default: alice only, and she has left.
    assert [s.person for s in python.people] == [ALICE]
    assert python.active == ()
    (fastapi,) = experts(skills, "FastAPI", catalog, min_commits=2)
    assert [s.person for s in fastapi.people] == [BOB, ALICE]  # bob's commits are recent
    assert [s.person for s in fastapi.active] == [BOB]
    assert experts(skills, "cobol", catalog) == []

    in_use = {("language", "Python"): ("Python", 1), ("technology", "fastapi"): ("FastAPI", 1)}
    thin = coverage(skills, in_use)
    assert [(c.technology, c.experts, c.active_experts) for c in thin] == [
        ("Python", 1, ()),
        ("fastapi", 1, ()),
    ]
    thin = coverage(skills, in_use, min_commits=2, max_active=0)
    assert thin == []
    thin = coverage(skills, in_use, min_commits=2)
    assert [(c.technology, c.active_experts) for c in thin] == [
        ("Python", ("Bob",)),
        ("fastapi", ("Bob",)),
    ]


def test_which_languages_are_skills() -> None:
    assert language_of("sql/marts.sql") == "SQL"  # data to linguist, a skill to people
    assert language_of("web/App.tsx") == "TSX"
    assert language_of("infra/main.tf") == "HCL"
    assert language_of("config/app.yaml") is None  # a data format
    assert language_of("docs/guide.md") is None  # documentation
    assert language_of("vendor/lib/x.py") is None  # vendored
    assert is_skill_language("CSS")
    assert not is_skill_language("JSON")
