"""Access control and security headers: the token, the trusted proxy header, the CSP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from lodestar.web.app import create_app
from lodestar.web.cockpit import Cockpit
from lodestar.web.security import CSP


def assert_security_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_token_is_required_everywhere(cockpit: Cockpit) -> None:
    client = TestClient(create_app(lambda: cockpit, token="s3cret"))  # noqa: S106  a test token
    for path in ("/", "/api/metrics", "/static/cockpit.css", "/api/openapi.json"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert_security_headers(response)
    assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/radar/?token=wrong", follow_redirects=False).status_code == 401
    visit = client.get("/radar/?token=s3cret&x=1", follow_redirects=False)
    assert visit.status_code == 303 and visit.headers["location"] == "/radar/?x=1"
    assert "httponly" in visit.headers["set-cookie"].lower()
    assert client.get("/api/metrics").status_code == 200  # the cookie now lets it in


def test_trusted_proxy_header(cockpit: Cockpit) -> None:
    client = TestClient(create_app(lambda: cockpit, trust_proxy_header="X-Forwarded-User"))
    assert client.get("/").status_code == 401
    assert client.get("/", headers={"X-Forwarded-User": "alice"}).status_code == 200
