"""pydantic's wording never reaches a person: refused command-line values, ``lodestar.toml``
settings and strategy files are explained in one line, in Lodestar's words (what the value must
be, the allowed values, the value given, where), and a refused value exits 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from typer.testing import CliRunner

from lodestar.cli.app import app
from lodestar.safeparse import validation_message
from lodestar.settings import init_workspace

runner = CliRunner()
PYDANTIC = re.compile(
    r"Value error|Input should be|\w+ should (?:be|have|match)|validation errors? for|"
    r"Field required|Extra inputs|"
    r"type=\w+|pydantic|errors\.pydantic\.dev"
)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LODESTAR_WORKSPACE", raising=False)
    root = tmp_path / "ws"
    init_workspace(root, name="Test", sources=[])
    return root


def _run(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args], env={"COLUMNS": "200"})
    return result.exit_code, " ".join(result.output.replace("│", " ").split())


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["check", "--fail-on", "critical"],
            "must be one of error, warning, note (got 'critical')",
        ),
        (["check", "--format", "yaml"], "must be one of text, table, json, markdown, sarif"),
        (["history", "--months", "0"], "--months': must be at least 1 (got '0')"),
        (["people", "--top", "-1"], "must be at least 0 (got '-1')"),
        (["hotspots", "api", "--min-degree", "abc"], "must be a number (got 'abc')"),
        (["hotspots", "api", "--min-degree", "120"], "must be at most 100"),
        (["serve", "--port", "99999"], "must be at most 65535 (got '99999')"),
        (["vulns", "list", "--severity", "severe"], "must be one of critical, high, medium, low"),
        (["check", "--as-of", "2026-13-01"], "--as-of '2026-13-01': expected a date"),
    ],
)
def test_refused_command_line_values(ws: Path, args: list[str], said: str) -> None:
    code, out = _run(ws, *args)
    assert code == 2, out
    assert said in out
    assert PYDANTIC.findall(out) == []


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        ("warn_days = 90", 'warn_days = "ninety"', "eol.warn_days: must be a whole number"),
        ("workers = 0", "workers = -3", "scan.workers: must be at least 0 (got -3)"),
        ('ref = "HEAD"', 'ref = ["HEAD"]', "scan.ref: must be text"),
        ("[eol]", "[eol]\nwarn_dayz = 3", "unknown setting"),
    ],
)
def test_refused_settings(ws: Path, before: str, after: str, said: str) -> None:
    config = ws / "lodestar.toml"
    text = config.read_text("utf-8")
    assert before in text
    config.write_text(text.replace(before, after, 1), "utf-8")
    code, out = _run(ws, "validate")
    assert code == 2, out
    assert "lodestar.toml:" in out and said in out  # where, and what the value must be
    assert PYDANTIC.findall(out) == []


RADAR = """---
title: Apache Kafka
quadrant: Platforms
ring: {ring}
review-by: {review}
matchers:
  - technology: kafka
---
"""
DECISION = """---
status: {status}
date: 2025-01-01
---
# Use Kafka
"""


@pytest.mark.parametrize(
    ("files", "said"),
    [
        (
            {"radar/kafka.md": RADAR.format(ring="Trail", review="2027-01-01")},
            "did you mean 'Trial'",
        ),
        (
            {"radar/kafka.md": RADAR.format(ring="Trial", review="2026-02-30")},
            "radar/kafka.md:5:12: review-by: must be a date, YYYY-MM-DD (got '2026-02-30')",
        ),
        (
            {"decisions/ADR-20250101-kafka.md": DECISION.format(status="done")},
            "use one of proposed, accepted, rejected, deprecated, superseded",
        ),
        (
            {"policies/vulnerabilities.yaml": "vulnerabilities:\n  error-at: severe\n"},
            "use one of critical, high, medium, low, none",
        ),
        (
            {"policies/exceptions.yaml": "exceptions:\n  - rule: eol\n    owner: ops\n"},
            "missing required key 'reason'",
        ),
    ],
)
def test_refused_strategy_files(ws: Path, files: dict[str, str], said: str) -> None:
    for rel, text in files.items():
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_text(text, "utf-8")
    code, out = _run(ws, "validate")
    assert code != 0, out
    assert said in out
    assert PYDANTIC.findall(out) == []


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int = Field(default=1, ge=1, le=10)
    name: str = ""
    kind: str = Field(default="a", pattern="^[ab]$")
    flag: bool = False


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"count": 0}, "must be at least 1 (got 0)"),
        ({"count": 11}, "must be at most 10 (got 11)"),
        ({"count": "x"}, "must be a whole number (got 'x')"),
        ({"name": 3}, "must be text (got 3)"),
        ({"flag": "maybe"}, "must be true or false (got 'maybe')"),
        ({"other": 1}, "is not a known key"),
        ({"kind": "c"}, "must match the pattern ^[ab]$ (got 'c')"),
    ],
)
def test_validation_message_words_each_kind(data: dict[str, object], said: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Sample.model_validate(data)
    message = validation_message(caught.value.errors()[0])
    assert said in message
    assert PYDANTIC.findall(message) == []
