"""The People page and its API a page at a time: departed owners (``?page=``) and experts
(``?experts_page=``), with totals, links between pages, the last page for a page beyond it,
and every row in the static site."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import _risk

from lodestar.analysis.knowledge import DepartedOwner, KnowledgeRisk
from lodestar.analysis.presence import Presence
from lodestar.analysis.skills import Skill
from lodestar.errors import UsageError
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_home import DEPARTED_PAGE, EXPERTS_PAGE, people_context
from lodestar.web.site import build_site

DEPARTED = 2 * DEPARTED_PAGE + 7  # three pages, the last one short


def _departed(repository: str, n: int) -> tuple[DepartedOwner, ...]:
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return tuple(
        DepartedOwner(
            f"p{repository}{i}@x.org",
            f"Person {repository} {i:03d}",
            when,
            1 + i % 4,
            1000 - i,
            0,
            0,
        )
        for i in range(n)
    )


def _skill(label: str, person: str, score: float) -> Skill:
    return Skill(person, person.title(), "language", label, label, 10, 100, score, 0.0,
                 dt.datetime(2026, 5, 1, tzinfo=dt.UTC), Presence.ACTIVE)  # fmt: skip


@pytest.fixture
def crowded(cockpit: Cockpit) -> Cockpit:
    """Two repositories with 107 departed owners between them; 65 technologies with experts."""
    risks: list[KnowledgeRisk] = [
        replace(_risk("orders-api", 1, ("ann@example.com",)), departed_owners=_departed("o", 90)),
        replace(_risk("billing", 2, ("bob@example.com",)), departed_owners=_departed("b", 17)),
    ]
    skills = tuple(
        _skill(f"Tech{t:02d}", f"dev{d}", float(d + 1)) for t in range(65) for d in range(3)
    )
    return replace(cockpit, risks=tuple(risks), skills=skills, missing={})


def test_departed_owners_a_page_at_a_time(crowded: Cockpit) -> None:
    pages = [people_context(crowded, page=n) for n in (1, 2, 3)]
    assert [len(p.departed) for p in pages] == [DEPARTED_PAGE, DEPARTED_PAGE, 7]
    assert {p.departed_pager.total for p in pages} == {DEPARTED}
    assert [p.departed_pager.pages for p in pages] == [3, 3, 3]
    every = [d for p in pages for d in p.departed]
    assert every == list(people_context(crowded, page="all").departed)  # same order, no gap
    assert len({(d.repository, d.person) for d in every}) == DEPARTED
    assert [d.code for d in every] == sorted((d.code for d in every), reverse=True)


def test_a_page_beyond_the_last_is_the_last_and_nonsense_is_refused(crowded: Cockpit) -> None:
    last = people_context(crowded, page=99)
    assert last.departed_pager.page == 3 and len(last.departed) == 7
    for bad in ("0", "-1", "two"):
        with pytest.raises(UsageError, match="page number"):
            people_context(crowded, page=bad)


def test_experts_are_paged_by_whole_technologies(crowded: Cockpit) -> None:
    first = people_context(crowded, experts_page=1)
    third = people_context(crowded, experts_page=3)
    assert first.experts_pager.total == 65 and first.experts_pager.pages == 3
    assert len({e.technology for e in first.experts}) == EXPERTS_PAGE
    assert len({e.technology for e in third.experts}) == 65 - 2 * EXPERTS_PAGE
    assert len(first.experts) == 3 * EXPERTS_PAGE  # each technology with all its experts


def test_the_api_pages_with_totals(crowded: Cockpit) -> None:
    client = TestClient(create_app(lambda: crowded))
    body = client.get("/api/people", params={"page": 2}).json()
    assert body["departed_pager"] == {
        "param": "page", "page": 2, "pages": 3, "total": DEPARTED, "size": DEPARTED_PAGE,
    }  # fmt: skip
    assert len(body["departed"]) == DEPARTED_PAGE
    assert client.get("/api/people", params={"page": 0}).status_code == 422
    assert client.get("/api/people", params={"page": 99}).json()["departed_pager"]["page"] == 3
    assert client.get("/api/people", params={"experts_page": 3}).json()["experts_pager"] == {
        "param": "experts_page", "page": 3, "pages": 3, "total": 65, "size": EXPERTS_PAGE,
    }  # fmt: skip


def test_the_page_links_its_neighbours_and_stays_small(crowded: Cockpit) -> None:
    client = TestClient(create_app(lambda: crowded))
    whole = len(client.get("/people/", params={"page": "all", "experts_page": "all"}).text)
    middle = client.get("/people/", params={"page": 2})
    assert middle.status_code == 200
    assert "51\u2013100 of 107 departed owners" in middle.text
    links = re.findall(r'rel="(prev|next)" href="([^"]+)"', middle.text)
    assert ("prev", "/people/?page=1") in links
    assert ("next", "/people/?page=3") in links
    assert ("next", "/people/?page=2&amp;experts_page=2") in links  # the other list's page kept
    assert middle.text.count("Person o ") + middle.text.count("Person b ") == DEPARTED_PAGE
    assert len(middle.text) < whole
    assert client.get("/people/", params={"page": "two"}).status_code == 400


def test_the_static_site_shows_every_row(crowded: Cockpit, tmp_path: Path) -> None:
    build_site(crowded, tmp_path / "site")
    html = (tmp_path / "site" / "people" / "index.html").read_text("utf-8")
    assert html.count("Person o ") + html.count("Person b ") == DEPARTED
    assert 'rel="next"' not in html
