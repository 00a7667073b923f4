"""The queue commands refuse SQLite clearly (the queue needs PostgreSQL); the rest of their
behaviour is tested on PostgreSQL in tests/ingest/test_queue.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import make_repo
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.settings import init_workspace


@pytest.mark.parametrize(
    "command", [["scan", "--queue"], ["worker", "--once"], ["queue", "--json"]]
)
def test_queue_commands_refuse_sqlite_with_exit_2(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_repo(tmp_path / "repos" / "one", {"a.py": "print(1)\n"})
    ws = init_workspace(tmp_path / "ws", name="Local", sources=["../repos"])
    monkeypatch.delenv("LODESTAR_DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, ["--workspace", str(ws.root), *command])
    assert result.exit_code == 2, result.output
    assert "the queue needs PostgreSQL; set [database] url" in result.output


def test_scan_queue_refuses_workers(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", name="Local", sources=[])
    result = CliRunner().invoke(
        app, ["--workspace", str(ws.root), "scan", "--queue", "--workers", "2"]
    )
    assert result.exit_code == 2
    assert "lodestar worker --concurrency" in result.output
