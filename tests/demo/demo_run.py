"""Shared by the demo tests: run the CLI, the reference date, the rules the demo plants."""

from __future__ import annotations

from typer.testing import CliRunner

from lodestar.analysis.drift import RULES
from lodestar.cli.app import app

runner = CliRunner()
AS_OF = "2026-11-15"  # two weeks after the demo's last commit: dates judged reproducibly
# Rules the demo never triggers, on purpose: issue 12 asks that every demo repository declares
# an owner, so owner-missing has nothing to find (tests/analysis cover it). The demo's one
# distributed repository (nw-cli) commits a NOTICE, stale on purpose: notice-missing is covered
# by tests/analysis/test_notices.py.
NOT_IN_THE_DEMO = frozenset({"owner-missing", "notice-missing"})
DEMO_RULES = frozenset(RULES) - NOT_IN_THE_DEMO


def invoke(*args: str, code: int = 0) -> str:
    """``lodestar ARGS``' standard output; fails the test on another exit code."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout
