"""``lodestar training`` on the demo: its JSON keys, the Markdown and CSV exports, and the text
at 80 columns (no word split)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.unsplit import columns, split_words
from tests.demo.demo_run import AS_OF, invoke, runner

from lodestar.cli.app import app
from lodestar.render.training import COLUMNS


def test_json_keys_and_the_demo_gaps(demo: Path) -> None:
    plan = json.loads(invoke("-w", str(demo), "training", "--as-of", AS_OF, "--json"))
    assert set(plan) == {
        "as_of",
        "previous",
        "target_date",
        "min_commits",
        "items",
        "subjects",
        "coverage",
        "previous_coverage",
        "last_commit",
        "active_days",
    }
    assert (plan["as_of"], plan["previous"], plan["target_date"]) == (
        "2026-11-15",
        "2026-09-30",
        "2027-03-31",
    )
    assert set(plan["coverage"]) == {"covered", "total", "uncovered"}
    assert plan["coverage"]["covered"] < plan["coverage"]["total"]
    items = {i["subject"]["key"]: i for i in plan["items"]}
    assert set(plan["items"][0]) == {
        "subject",
        "mentors",
        "inactive_experts",
        "learners",
        "more_learners",
        "pairings",
        "needed",
        "target",
        "previous_active_experts",
        "crossed",
    }
    # the demo's Rust expert left this quarter: one active expert of the two there were
    rust = items["language:Rust"]
    assert (len(rust["mentors"]), rust["previous_active_experts"]) == (1, 2)
    assert rust["inactive_experts"] == 1
    assert rust["pairings"][0]["mentor"] == rust["mentors"][0]["person"]
    # Docker images (Adopt, 9 repositories) has no expert at all: external training or hire
    docker = next(i for i in plan["items"] if i["subject"]["label"] == "Docker images")
    assert docker["mentors"] == [] and docker["needed"] == 2
    assert all(p["note"].startswith("no active expert") for p in docker["pairings"])
    # practices (no technology matcher) are not training subjects
    assert "lightweight-adrs" not in items


def test_markdown_and_csv_exports(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    said = invoke("-w", str(demo), "training", "--as-of", AS_OF, "-f", "markdown", "-o", str(out))
    assert "Wrote the plan for" in said
    text = out.read_text("utf-8")
    assert text.startswith("# Training plan\n")
    assert "## Rust (language with own code)" in text
    assert "**Mentors**" in text and "**Suggested pairing**" in text
    sheet = invoke("-w", str(demo), "training", "--as-of", AS_OF, "--format", "csv")
    rows = list(csv.reader(io.StringIO(sheet)))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) > 10
    assert {r[1] for r in rows[1:]} == {"radar", "language"}


def test_usage_errors(demo: Path) -> None:
    both = runner.invoke(app, ["-w", str(demo), "training", "--json", "-f", "csv"])
    assert both.exit_code == 2 and "disagree" in both.output
    text_file = runner.invoke(app, ["-w", str(demo), "training", "-o", "x.txt"])
    assert text_file.exit_code == 2 and "--output goes with" in text_file.output


def test_no_word_is_split_at_80_columns(demo: Path) -> None:
    pages = {}
    for width in (80, 2000):
        with columns(width):
            result = runner.invoke(app, ["-w", str(demo), "training", "--as-of", AS_OF])
        assert result.exit_code == 0, result.output
        pages[width] = result.stdout
    narrow, wide = pages[80], pages[2000]
    assert split_words(narrow, wide) == []
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert narrow.startswith("Adopt entries with >= 2 active experts: ")


def test_a_stale_store_is_named(demo: Path) -> None:
    """Seen on the 11 public projects: their mirrors end in August, so on a December day
    nobody is active and every technology is listed; the text says why and what to pass."""
    page = invoke("-w", str(demo), "training", "--as-of", "2027-06-30")
    assert "warning: the latest commit in the store is 2026-1" in " ".join(page.split())
    assert "nobody counts as active" in " ".join(page.split())
    fresh = invoke("-w", str(demo), "training", "--as-of", AS_OF)
    assert "warning:" not in fresh
