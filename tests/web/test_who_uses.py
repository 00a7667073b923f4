"""The static site's "who uses X" index agrees with the live search, row for row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lodestar.settings import Workspace
from lodestar.store.readonly import open_read_only
from lodestar.web.cockpit import Cockpit
from lodestar.web.server import cockpit_builder
from lodestar.web.site import build_site
from lodestar.web.who_uses import GLOBAL, UNRESOLVED, WhoUsesIndex, build_index, index_script

Row = tuple[str, str | None, str | None, str, int | None, str, bool]


@pytest.fixture(scope="module")
def demo(demo_root: Path) -> Cockpit:
    ws = Workspace.load(demo_root)
    return cockpit_builder(ws, open_read_only(ws.database_url))()


@pytest.fixture(scope="module")
def index(demo: Cockpit) -> WhoUsesIndex:
    return build_index(demo.engine)


def _rows(index: WhoUsesIndex, package: str, versions: set[int] | None = None) -> list[Row]:
    p = next(p for p in index.packages if p.package == package)
    return sorted(
        (
            index.repositories[u.repository][0],
            p.versions[u.version] if u.version != UNRESOLVED else None,
            u.constraint,
            index.manifests[u.manifest],
            u.line,
            index.scopes[u.scope],
            u.direct,
        )
        for u in p.uses
        if versions is None or u.version in versions
    )


def _live(demo: Cockpit, query: str, version_range: str | None = None) -> list[Row]:
    found = demo.who_uses(query, version_range)
    return sorted(
        (u.repository, u.version, u.constraint, u.manifest, u.line, u.scope, u.direct)
        for u in found.uses
    )


def test_every_package_and_major_line_is_the_live_answer(
    demo: Cockpit, index: WhoUsesIndex
) -> None:
    assert len(index.packages) >= 20
    for p in index.packages:
        assert _rows(index, p.package) == _live(demo, p.package)
        for label, members in p.lines:
            expected = _live(demo, p.package, label)  # "3.x", read in the package's ecosystem
            assert expected, (p.package, label)
            assert _rows(index, p.package, set(members)) == expected
    assert any(len(p.lines) >= 2 for p in index.packages)  # some packages span several majors
    assert _rows(index, "pkg:pypi/click") == _live(demo, "click")  # a name, as typed live


def test_versions_are_distinct_and_in_version_order(index: WhoUsesIndex) -> None:
    spread = [p for p in index.packages if len(p.versions) >= 3]
    assert spread, "the demo has packages in three or more versions"
    for p in index.packages:
        assert len(set(p.versions)) == len(p.versions)
        assert p.comparable <= len(p.versions)
    by_key = {p.package: p for p in index.packages}
    sqlalchemy = by_key["pkg:pypi/sqlalchemy"]
    assert sqlalchemy.versions == ("1.2.19", "2.0.29", "2.0.30")
    assert sqlalchemy.lines == (("1.x", (0,)), ("2.x", (1, 2)))
    temurin = by_key["pkg:docker/eclipse-temurin"]  # image tags: not comparable, in no line
    assert (temurin.comparable, temurin.lines) == (0, ())
    assert all(link.startswith("../repositories/") for _, link in index.repositories)


def test_the_site_ships_the_index_as_a_script(demo: Cockpit, tmp_path: Path) -> None:
    build_site(demo, tmp_path / "site")
    script = (tmp_path / "site" / "api" / "who-uses.js").read_text("utf-8")
    _, _, body = script.partition(f"window.{GLOBAL} = ")
    data = json.loads(body.rstrip().removesuffix(";"))
    assert data == json.loads(
        index_script(build_index(demo.engine)).partition(" = ")[2].rstrip().removesuffix(";")
    )
    page = (tmp_path / "site" / "technologies" / "index.html").read_text("utf-8")
    assert 'src="../api/who-uses.js"' in page
    assert 'src="../static/who-uses.js"' in page


def test_static_name_keys_select_what_the_live_search_selects(
    demo: Cockpit, index: WhoUsesIndex
) -> None:
    """who-uses.js picks the packages whose keys hold the typed name: the live exact match."""
    for p in index.packages:
        assert p.keys, p.package
        for key in p.keys:
            static = {q.package for q in index.packages if key in q.keys}
            live = {u.package for u in demo.who_uses(key).uses}
            assert p.package in static
            assert static == live, (key, static, live)
