"""The repositories and technologies pages' typed contexts, from a real store and records."""

from __future__ import annotations

import pytest

from lodestar.errors import UsageError
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_inventory import (
    find_repository,
    repositories_context,
    repository_context,
    technologies_context,
)
from lodestar.web.contexts_strategy import (
    find_entry,
    radar_entry_context,
)
from lodestar.web.links import Links, slug


def test_repositories_sort_and_missing_history(cockpit: Cockpit) -> None:
    ctx = repositories_context(cockpit, "own_code")
    assert [r.name for r in ctx.repositories][:2] == ["orders-api", "billing"]
    assert ctx.total_code == 2050
    assert all(r.truck_factor is None for r in ctx.repositories)
    assert ctx.history_note and "lodestar scan" in ctx.history_note
    assert {r.name: r.findings for r in ctx.repositories}["orders-api"] == 1
    with pytest.raises(UsageError):
        repositories_context(cockpit, "nonsense")


def test_repository_page_has_everything_known(cockpit: Cockpit) -> None:
    row = find_repository(cockpit, "orders-api")
    assert row is not None
    ctx = repository_context(cockpit, row)
    assert {d.name for d in ctx.dependencies} == {"Django", "psycopg2"}
    assert {t.technology for t in ctx.technologies} == {"django", "postgresql"}
    assert [(r.product, r.state) for r in ctx.runtimes] == [("python", "past-eol")]
    # the entries it uses: Django 3.2.1 is "Django before 4" (Hold) too, as its finding says
    assert {m.entry for m in ctx.radar} == {"django", "old-django", "postgresql"}
    assert ctx.findings is not None and ctx.findings[0].rule == "radar-hold-in-use"
    assert ctx.history is None


def test_hostile_repository_name_gets_a_safe_slug(cockpit: Cockpit) -> None:
    name = '<b onmouseover="x">evil</b>/repo'
    assert find_repository(cockpit, slug(name)) is not None
    assert "/" not in slug(name) and "<" not in slug(name)
    assert Links(static=True, here="repositories/").repository(name).startswith("../repositories/")


def test_who_uses_with_a_version_range(cockpit: Cockpit) -> None:
    ctx = technologies_context(cockpit, "django", "<4")
    assert ctx.search is not None and ctx.search.error is None
    assert ctx.search.repositories == ("orders-api",)
    assert ctx.search.spread_chart is not None and ctx.search.spread_chart.labels == ("3.2.1",)
    every = technologies_context(cockpit, "django")
    assert every.search is not None and every.search.repositories == ("billing", "orders-api")
    bad = technologies_context(cockpit, "django", ">>>nope")
    assert bad.search is not None and bad.search.error
    tech = {t.id: t for t in ctx.technologies}
    assert tech["django"].repositories == 2 and tech["django"].ring == "Adopt"
    assert tech["react"].ring is None


def test_who_uses_names_the_package_and_suggests_for_unknown_names(cockpit: Cockpit) -> None:
    ctx = technologies_context(cockpit, "Django", "~=3.2")
    assert ctx.search is not None and ctx.search.error is None
    assert {(u.package, u.name, u.ecosystem) for u in ctx.search.uses} == {
        ("pkg:pypi/django", "Django", "pypi")
    }
    assert ctx.search.packages == ("pkg:pypi/django",) and not ctx.search.ambiguous
    unknown = technologies_context(cockpit, "djagno")
    assert unknown.search is not None and unknown.search.error is not None
    assert "did you mean 'Django'" in unknown.search.error


def test_purl_glob_with_range_finds_only_old_versions(cockpit: Cockpit) -> None:
    entry = find_entry(cockpit, "old-django")
    assert entry is not None
    ctx = radar_entry_context(cockpit, entry)
    assert ctx.repositories == ("orders-api",)
    assert ctx.versions_chart.labels == ("3.2.1",)
