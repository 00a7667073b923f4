"""The repositories page, the findings page and a repository's dependency rows a page at a time
(``?page=``, ``?deps_page=``): totals, the filters kept in the pager's links, the last page for
a page beyond it; the API and the static site still answer every row. The pages are made small
here (the fixture's organisation is) so that every list has several of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from lodestar.web import contexts_findings, contexts_inventory
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.contexts_findings import findings_context
from lodestar.web.contexts_inventory import (
    find_repository,
    repositories_context,
    repository_context,
)
from lodestar.web.links import slug
from lodestar.web.site import build_site


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(contexts_inventory, "REPOSITORIES_PAGE", 1)
    monkeypatch.setattr(contexts_inventory, "DEPENDENCIES_PAGE", 1)
    monkeypatch.setattr(contexts_findings, "FINDINGS_PAGE", 1)
    return 1


def test_the_repositories_a_page_at_a_time(cockpit: Cockpit, small_pages: int) -> None:
    every = repositories_context(cockpit, "own_code", page="all").repositories
    assert len(every) > small_pages  # the fixture has several pages of them
    seen = []
    for number in range(1, -(-len(every) // small_pages) + 1):
        ctx = repositories_context(cockpit, "own_code", page=number)
        assert ctx.pager.total == len(every) and ctx.pager.page == number
        assert ctx.total_code == sum(r.own_code for r in every)  # of the list, not the page
        seen.extend(ctx.repositories)
    assert tuple(seen) == every  # the pages are the list, in its order
    last = repositories_context(cockpit, "own_code", page=10**6)
    assert (
        last.pager.page == last.pager.pages
        and last.repositories == every[-len(last.repositories) :]
    )


def test_the_pager_keeps_sort_and_team_and_the_api_answers_every_row(
    cockpit: Cockpit, small_pages: int
) -> None:
    client = TestClient(create_app(lambda: cockpit))
    first = client.get("/repositories/", params={"sort": "own_code"})
    assert first.status_code == 200
    links = re.findall(r'rel="(prev|next)" href="([^"]+)"', first.text)
    assert ("next", "/repositories/?sort=own_code&amp;page=2") in links
    every = repositories_context(cockpit, page="all").repositories
    shown = re.findall(r'<td><a href="/repositories/[^"]+/">([^<]+)</a>', first.text)
    assert len(shown) == small_pages
    api = client.get("/api/repositories").json()
    assert len(api["repositories"]) == len(every) and api["pager"]["total"] == len(every)
    paged = client.get("/api/repositories", params={"page": 2}).json()
    assert [r["name"] for r in paged["repositories"]] == [r.name for r in every[1:2]]
    assert client.get("/api/repositories", params={"page": "two"}).status_code == 422
    assert client.get("/repositories/", params={"page": "0"}).status_code == 400


def test_the_findings_a_page_at_a_time(cockpit: Cockpit, small_pages: int) -> None:
    every = findings_context(cockpit, page="all")
    assert len(every.findings) > small_pages
    second = findings_context(cockpit, page=2)
    assert second.findings == every.findings[1:2]
    assert second.by_severity == every.by_severity and second.by_rule == every.by_rule
    assert second.pager.total == len(every.findings)
    client = TestClient(create_app(lambda: cockpit))
    html = client.get("/findings/", params={"page": 2}).text
    assert f"2\u20132 of {len(every.findings)} findings" in html
    assert len(client.get("/api/findings").json()["findings"]) == len(every.findings)


def test_a_repository_s_dependency_rows_a_page_at_a_time(
    cockpit: Cockpit, small_pages: int
) -> None:
    rows = [find_repository(cockpit, r.name) for r in cockpit.repositories()]
    row = max(
        (r for r in rows if r),
        key=lambda r: len(repository_context(cockpit, r, "all").dependencies),
    )
    every = repository_context(cockpit, row, "all").dependencies
    assert len(every) > small_pages
    second = repository_context(cockpit, row, 2)
    assert second.dependencies == every[1:2] and second.dependencies_pager.total == len(every)
    client = TestClient(create_app(lambda: cockpit))
    page = client.get(f"/repositories/{second.summary.slug}/", params={"deps_page": 2}).text
    assert f"Dependencies ({len(every)})" in page
    assert f'href="/repositories/{second.summary.slug}/?deps_page=3"' in page or len(every) <= 2
    api = client.get(f"/api/repositories/{second.summary.slug}").json()
    assert len(api["dependencies"]) == len(every)


def test_the_static_site_shows_every_row(
    cockpit: Cockpit, small_pages: int, tmp_path: Path
) -> None:
    build_site(cockpit, tmp_path / "site")
    html = (tmp_path / "site" / "repositories" / "index.html").read_text("utf-8")
    assert 'rel="next"' not in html
    for r in cockpit.repositories():
        assert f">{escape(r.name)}</a>" in html
    findings = (tmp_path / "site" / "findings" / "index.html").read_text("utf-8")
    assert findings.count('<li class="finding"') == len(cockpit.findings or ())
    for r in cockpit.repositories():
        deps = repository_context(cockpit, r, "all").dependencies
        page = (tmp_path / "site" / "repositories" / slug(r.name) / "index.html").read_text("utf-8")
        assert f"Dependencies ({len(deps)})" in page and 'rel="next"' not in page
