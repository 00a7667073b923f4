"""The live app: pages, JSON API and the security headers on every answer.

Access control is in test_security.py, the static site in test_site.py, the binding checks in
test_server.py and the read-only store in tests/store/test_readonly.py.
"""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from tests.web.test_security import assert_security_headers

from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit

PAGES = (
    "/",
    "/radar/",
    "/radar/django/",
    "/technologies/",
    "/technologies/?q=django&range=%3C4",
    "/repositories/",
    "/repositories/orders-api/",
    "/decisions/",
    "/decisions/0002-database/",
    "/findings/",
    "/campaigns/",
    "/initiatives/",
    "/people/",
)


@pytest.fixture
def client(cockpit: Cockpit) -> TestClient:
    return TestClient(create_app(lambda: cockpit))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_inline_script(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert_security_headers(response)
    body = response.text
    # the only scripts: static files, and JSON data blocks (never executed)
    for tag in re.findall(r"<script[^>]*>", body):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert " style=" not in body
    assert "window.__pwned" not in body.replace("[click](javascript:window.__pwned=3)", "")


def test_pages_show_what_they_are_given(client: TestClient) -> None:
    radar = client.get("/radar/").text
    assert 'aria-label="3. Django: Adopt, Languages &amp; Frameworks (moved in)"' in radar
    assert "strange: Platforms / Sometimes" in radar
    entry = client.get("/radar/django/").text
    assert "Where it is used" in entry and 'href="/repositories/orders-api/"' in entry
    decision = client.get("/decisions/0002-database/").text
    assert "Weighted evaluation" in decision and "the winner holds" in decision
    search = client.get("/technologies/?q=django&range=<4").text
    assert re.search(r"<strong>1</strong> repositories use <code>django</code>", search)
    assert (
        '<th scope="col">Package</th>' in search
        and '<code title="Django (pypi)">pkg:pypi/django</code>' in search
    )


def test_radar_downloads_as_a_standalone_svg(client: TestClient) -> None:
    response = client.get("/radar.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert 'href="/radar/django/"' in response.text and "Test Org technology radar" in response.text
    assert_security_headers(response)
    assert 'href="/radar.svg"' in client.get("/radar/").text
    # a slide: every drawn entry named beside the picture, with the markers' legend
    for name in ("Django", "PostgreSQL", "Kafka"):
        assert f">{name}" in response.text
    assert "Markers:" in response.text and "<script" not in response.text


def test_radar_downloads_as_a_pdf(client: TestClient) -> None:
    response = client.get("/radar.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")  # names: tests/render/test_radar_slide.py
    assert_security_headers(response)
    assert 'href="/radar.pdf"' in client.get("/radar/").text


def test_radar_page_names_entries_beside_the_picture(client: TestClient) -> None:
    page = client.get("/radar/").text
    legend = page[page.index('class="radar-board"') : page.index('id="radar-entries"')]
    # every drawn entry: its number and its name, linked to its page, in its quadrant's list
    assert re.search(
        r'<section class="radar-legend-q" id="radar-q-\d+".*?Languages &amp; Frameworks.*?'
        r'href="/radar/django/" data-id="django"><span class="num rc-0">3</span> '
        r'<span><span class="name">Django</span>',
        legend,
        re.DOTALL,
    )
    cards = re.search(r'<script type="application/json" id="radar-cards">(.*?)</script>', page)
    assert cards is not None
    data = json.loads(cards.group(1))
    assert data["django"]["ring"] == "Adopt" and data["django"]["used_in"] >= 1
    assert data["django"]["movement"].startswith("moved in (from ")
    assert '<th scope="col" data-sort="number">Used in</th>' in page
    assert "<title>3. Django" not in page  # the page shows its own card, not a native tooltip


def test_missing_engines_say_no_data_yet(bare_cockpit: Cockpit) -> None:
    client = TestClient(create_app(lambda: bare_cockpit))
    for path in ("/radar/", "/decisions/", "/findings/", "/people/"):
        body = client.get(path).text
        assert "No data yet." in body, path
    assert "lodestar validate" in client.get("/radar/").text
    assert client.get("/radar/django/").status_code == 404


def test_unknown_pages_and_bad_sorts(client: TestClient) -> None:
    assert client.get("/nothing/").status_code == 404
    assert client.get("/repositories/nope/").status_code == 404
    assert client.get("/repositories/?sort=evil").status_code == 400
    response = client.get("/%2Fevil.example", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/evil.example/"  # never protocol-relative
    assert client.head("/radar/").status_code == 200
    assert client.post("/radar/").status_code == 405
    redirect = client.get("/radar", follow_redirects=False)
    assert redirect.status_code == 308 and redirect.headers["location"] == "/radar/"


def test_api_serves_every_page_and_documents_it(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/repositories", "/api/technologies", "/api/dependencies", "/api/findings",
                 "/api/radar", "/api/decisions", "/api/metrics", "/api/people"):  # fmt: skip
        assert path in spec["paths"], path
        assert "get" in spec["paths"][path] and len(spec["paths"][path]) == 1  # read-only
    repos = client.get("/api/repositories").json()
    assert {r["name"] for r in repos["repositories"]} >= {"billing", "orders-api"}
    deps = client.get("/api/dependencies", params={"limit": 2, "offset": 1}).json()
    assert deps["total"] == 4 and len(deps["items"]) == 2
    assert client.get("/api/dependencies", params={"name": "django"}).json()["total"] == 2
    radar = client.get("/api/radar").json()
    assert len(radar["layout"]["blips"]) == 4
    decision = client.get("/api/decisions/0002-database").json()
    assert decision["evaluation"]["options"][0]["option"] == "PostgreSQL"
    metrics = client.get("/api/metrics").json()
    assert metrics["repositories"] == 3 and metrics["findings"] == {"error": 1, "warning": 1}
    assert client.get("/api/repositories/nope").status_code == 404
    assert client.post("/api/repositories").status_code == 405
    assert_security_headers(client.get("/api/metrics"))
    assert_security_headers(client.get("/static/cockpit.js"))


def test_api_bounds_its_parameters_and_documents_its_statuses(client: TestClient) -> None:
    """What schemathesis found (issue 9): an offset past any integer, a sort the document called
    valid, 404s the document did not list."""
    huge = client.get("/api/dependencies", params={"offset": "8213487908917123116695552"})
    assert huge.status_code == 422 and huge.json()["detail"][0]["loc"] == ["query", "offset"]
    assert client.get("/api/dependencies", params={"name": "\x00"}).status_code == 422
    assert client.get("/api/dependencies", params={"name": "x" * 513}).status_code == 422
    assert client.get("/api/technologies", params={"q": "x" * 513}).status_code == 422
    assert client.get("/api/repositories", params={"sort": "+YÉZR"}).status_code == 422
    assert client.get("/api/repositories", params={"sort": "own_code"}).status_code == 200
    spec = client.get("/api/openapi.json").json()
    sort = next(p for p in spec["paths"]["/api/repositories"]["get"]["parameters"])
    assert sort["name"] == "sort" and "own_code" in sort["schema"]["enum"]
    offset = next(
        p for p in spec["paths"]["/api/dependencies"]["get"]["parameters"] if p["name"] == "offset"
    )
    assert offset["schema"]["minimum"] == 0 and offset["schema"]["maximum"] == 2**31 - 1
    for path in ("/api/repositories/{name}", "/api/radar/{entry}", "/api/decisions/{decision}"):
        answers = spec["paths"][path]["get"]["responses"]
        assert {"200", "401", "404", "422"} <= set(answers), path
        assert answers["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ApiError"
        }
    for name in ("repositories", "radar", "decisions"):
        missing = client.get(f"/api/{name}/nope")
        assert missing.status_code == 404 and set(missing.json()) == {"detail"}  # an ApiError
    assert client.get("/api/decisions/%00").status_code == 422
