"""``lodestar serve`` refuses unsafe bindings; ``lodestar site build`` writes the site."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from lodestar.cli.app import app

runner = CliRunner()


def test_serve_refuses_a_public_address_without_a_token(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path / "ws")])
    public = "0.0.0.0"  # noqa: S104  the unsafe binding under test
    result = runner.invoke(app, ["-w", str(tmp_path / "ws"), "serve", "--host", public])
    assert result.exit_code == 2
    assert "--token" in result.output and "--trust-proxy-header" in result.output


def test_serve_on_a_port_in_use_is_a_one_line_usage_error(demo_root: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["-w", str(demo_root), "serve", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"cannot listen on http://127.0.0.1:{port}/" in result.output
    assert "pass another --port" in result.output
    assert "Lodestar cockpit" not in result.output  # no address announced for a dead server


def test_the_site_needs_a_scanned_store(tmp_path: Path) -> None:
    """(``serve`` starts before the first scan: tests/web/test_first_hour.py.)"""
    runner.invoke(app, ["init", str(tmp_path / "ws"), "--no-git"])
    result = runner.invoke(app, ["-w", str(tmp_path / "ws"), "site", "build", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert "lodestar scan" in result.output, result.output


def test_site_build_on_the_demo(demo_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = runner.invoke(app, ["-w", str(demo_root), "site", "build", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["pages"] > 60
    assert (out / "index.html").is_file() and (out / "radar" / "index.html").is_file()
    assert json.loads((out / "api" / "metrics.json").read_text())["repositories"] == 14


def test_the_demo_gives_way_to_a_free_port_when_its_port_is_taken() -> None:
    import socket

    import pytest

    from lodestar.errors import UsageError
    from lodestar.web.server import listen

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(UsageError, match="pass another --port"):
            listen("127.0.0.1", port)
        with listen("127.0.0.1", port, or_any=True) as other:
            assert other.getsockname()[1] not in {0, port}
