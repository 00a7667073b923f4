"""``lodestar vulns update`` / ``vulns status``: real records in, freshness out; URLs fetched
only when given, through the environment's proxy; staleness warned where the EOL data's is."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from tests.osv_records import RECORDS, record_bytes
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.records.vulns import AdvisoryImport
from lodestar.settings import init_workspace
from lodestar.store import database, record_import

runner = CliRunner()


@pytest.fixture
def ws(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LODESTAR_DATABASE_URL", database_url)
    init_workspace(tmp_path / "ws", name="Acme", sources=[])
    return tmp_path / "ws"


@pytest.fixture
def osv_zip(tmp_path: Path) -> Path:
    path = tmp_path / "all.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in RECORDS:
            archive.writestr(f"{name}.json", record_bytes(name))
        archive.writestr("broken.json", b'{"id": "GHSA-aaaa-bbbb-cccc",\n "modified": 7}')
    return path


def invoke(ws: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["-w", str(ws), "vulns", *args])
    return result.exit_code, result.stdout, result.stderr


def test_update_from_a_zip_then_status(ws: Path, osv_zip: Path) -> None:
    code, out, err = invoke(ws, "update", "--from", str(osv_zip))
    assert code == 0, out + err
    assert "Imported 5 advisories (5 new or updated, 0 already up to date)" in out
    assert "skipped 1 for ecosystems Lodestar does not scan" in out
    assert f"{osv_zip}!broken.json:2: modified: expected a string, got a number" in err
    code, out, err = invoke(ws, "status", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert [(e["ecosystem"], e["stored"], e["stale"]) for e in doc["ecosystems"]] == [
        ("Maven", 1, False),
        ("npm", 2, False),
        ("PyPI", 2, False),
    ]
    assert doc["max_age_days"] == 7
    code, out, err = invoke(ws, "status")
    assert "PyPI" in out and "warning" not in err


def test_update_json_and_an_unchanged_second_import(ws: Path, osv_zip: Path) -> None:
    invoke(ws, "update", "--from", str(osv_zip))
    code, out, _ = invoke(ws, "update", "--from", str(osv_zip), "--from", str(osv_zip), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["records"] == {"Maven": 2, "PyPI": 4, "npm": 4}
    assert doc["refused"] == 2 and len(doc["warnings"]) == 2
    assert doc["skipped"] == {"Debian": 2}


def test_usage_errors(ws: Path) -> None:
    code, _, err = invoke(ws, "update", "--from", str(ws / "nowhere.zip"))
    assert code == 2 and "no such file or folder" in err
    code, _, err = invoke(ws, "update")
    assert code == 2
    code, _, err = invoke(ws, "update", "--from", "http://127.0.0.1:9/all.zip")
    assert code == 2 and "cannot download" in err and "pass the file" in err


def test_stale_data_is_a_warning_in_status_and_eol(ws: Path, database_url: str) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    with database(database_url) as engine, engine.begin() as conn:
        record_import(conn, AdvisoryImport("PyPI", old, "PyPI/all.zip", 10))
        record_import(conn, AdvisoryImport("npm", dt.datetime.now(dt.UTC), "npm/all.zip", 5))
    code, out, err = invoke(ws, "status")
    assert code == 0
    assert "warning: vulnerability data for PyPI is older than 7 days (up to 30 days old)" in err
    assert "lodestar vulns update --from FILE_OR_URL" in err
    result = runner.invoke(app, ["-w", str(ws), "eol"])
    assert result.exit_code == 0, result.output
    assert "vulnerability data for PyPI is older than 7 days" in result.stderr
    result = runner.invoke(app, ["-w", str(ws), "eol", "--json"])
    assert json.loads(result.stdout)["vulnerability_data_stale"] == ["PyPI"]
    (ws / "lodestar.toml").write_text(
        (ws / "lodestar.toml").read_text().replace("max_age_days = 7", "max_age_days = 60")
    )
    code, out, err = invoke(ws, "status", "--json")
    assert not any(e["stale"] for e in json.loads(out)["ecosystems"])


def test_status_with_nothing_imported(ws: Path) -> None:
    code, out, _ = invoke(ws, "status")
    assert code == 0 and "No advisories imported" in out


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves the zip at any path (a proxy receives the absolute URL as its path)."""

    body = b""
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        if self.path.endswith("/moved"):
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1:9/all.zip")  # urllib would follow it
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(osv_zip: Path) -> Iterator[str]:
    _Handler.body = osv_zip.read_bytes()
    _Handler.seen = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_is_fetched_through_the_environments_proxy(
    ws: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", server)
    monkeypatch.setenv("HTTP_PROXY", server)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    url = "http://osv-vulnerabilities.example.invalid/PyPI/all.zip"
    code, out, err = invoke(ws, "update", "--from", url, "--json")
    assert code == 0, err
    assert _Handler.seen == [url]  # the proxy was asked for the absolute URL
    assert json.loads(out)["records"] == {"Maven": 1, "PyPI": 2, "npm": 2}
    code, out, _ = invoke(ws, "status", "--json")
    assert {e["source"] for e in json.loads(out)["ecosystems"]} == {url}


def test_downloads_have_a_size_cap_and_stay_on_http(
    ws: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    code, _, err = invoke(ws, "update", "--from", f"{server}/moved")
    assert code == 2 and "redirected to a non-http(s) URL" in err
    monkeypatch.setattr("lodestar.cli.commands_vulns.MAX_DOWNLOAD", 100)
    code, _, err = invoke(ws, "update", "--from", f"{server}/all.zip")
    assert code == 2 and "more than 0 MiB; not OSV data" in err
