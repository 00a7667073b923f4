"""The markup the phone layout and the keyboard rely on, without a browser.

The Menu button controls the navigation and is hidden until cockpit.js shows it (without
JavaScript the list stays open); the table macro's scroll box is a labelled region whose label,
made of a search query, is escaped; the tables read as cards on a phone have a header row to
name each cell; the roadmap and the decision graph, which hold links, are not images.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from lodestar.render.timeline import link_graph_svg
from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.pages import _env


@pytest.fixture
def client(cockpit: Cockpit) -> TestClient:
    return TestClient(create_app(lambda: cockpit))


def test_the_menu_button_controls_the_navigation(client: TestClient) -> None:
    body = client.get("/findings/").text
    button = re.search(r'<button[^>]*id="menu-toggle"[^>]*>', body)
    assert button is not None
    assert 'aria-controls="sections"' in button.group(0)
    assert " hidden" in button.group(0)  # shown by cockpit.js only: no JavaScript, open list
    assert re.search(r'<nav aria-label="Sections" id="sections">', body)
    assert body.index('id="menu-toggle"') < body.index('id="sections"')  # Tab: button, then list


def test_the_scroll_box_is_a_labelled_region_and_escapes_its_label(client: TestClient) -> None:
    body = client.get("/technologies/", params={"q": "react"}).text
    box = re.search(r'<div class="table-scroll" role="region"[^>]*>', body)
    assert box is not None, "the who-uses table is in its scroll box"
    assert 'aria-label="Who uses react (scrolls sideways)"' in box.group(0)
    assert 'tabindex="0"' in box.group(0)
    hostile = '"><img src=x onerror="window.__pwned=1">'
    macro = _env().from_string(
        '{% from "_macros.html" import scroll_box %}'
        "{% call scroll_box(label) %}<table></table>{% endcall %}"
    )
    html = macro.render(label=hostile)
    assert 'aria-label="&#34;&gt;&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;"' in html
    assert "<img" not in html and html.endswith("<table></table></div>")


def test_card_tables_name_their_columns(client: TestClient) -> None:
    # the findings page is a list of one- or two-line findings, not a table (see its own tests)
    for path, table in (("/repositories/", "repositories"),):
        body = client.get(path).text
        match = re.search(rf'<table class="([^"]*)" id="{table}">\s*<thead>', body)
        assert match is not None, path
        assert "cards" in match.group(1).split()


def test_graphs_with_links_are_groups_not_images() -> None:
    svg = link_graph_svg(
        [("a", "Alpha", "accepted"), ("b", "Beta", "superseded")],
        [("a", "b", "supersedes")],
        lambda node: f"/decisions/{node}/",
    )
    assert "<a " in svg
    assert 'role="group" aria-label="Links between decisions"' in svg
    assert 'role="img"' not in svg
