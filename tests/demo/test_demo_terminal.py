"""The demo at 80 columns: ``check`` (blocks, compact table, by rule) and the tables of ids a
person types next (repositories, radar entries, decisions) split no word; ``check`` ends with
the per-rule summary and the totals."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli.unsplit import columns, split_words
from tests.demo.demo_run import AS_OF, DEMO_RULES, runner

from lodestar.cli.app import app

COMMANDS = [
    ["check", "--as-of", AS_OF],
    ["check", "--as-of", AS_OF, "--notes", "--group-by", "rule"],
    ["check", "--as-of", AS_OF, "--format", "table"],
    ["drift", "--as-of", AS_OF],
    ["repos"],
    ["radar", "list"],
    ["radar", "history"],
    ["decision", "list"],
    ["campaigns", "--as-of", AS_OF],
    ["history"],
]


def _page(demo: Path, args: list[str], width: int) -> str:
    with columns(width):
        result = runner.invoke(app, ["-w", str(demo), *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_word_is_split_at_80_columns(demo: Path, args: list[str]) -> None:
    narrow, wide = _page(demo, args, 80), _page(demo, args, 2000)
    assert split_words(narrow, wide) == []
    assert max(len(line) for line in narrow.splitlines()) <= 80


def test_check_blocks_then_the_per_rule_summary(demo: Path) -> None:
    page = _page(demo, ["check", "--as-of", AS_OF, "--notes"], 80)
    blocks, _, summary = page.partition("Findings by rule")
    # a block: where, severity, rule, message, then the fix indented under it
    assert "  Jenkinsfile  error  decision-violation  mirrors/legacy-billing uses Jenkins" in blocks
    assert "\n      fix: move to GitHub Actions as decided in" in blocks
    assert "ADR-20250512-github-actions-for-ci" in blocks  # whole, never "ADR-202505 / 12-github-"
    summary_rules = {line.split()[0] for line in summary.splitlines()[2:-1] if line[:1].isalpha()}
    assert summary_rules | {"owner-missing"} >= DEMO_RULES
    assert summary.splitlines()[-1].startswith("14 repositories: 3")  # 3x errors, …
    # without --notes the notes are counted, not listed
    quiet = _page(demo, ["check", "--as-of", AS_OF], 80)
    assert "radar-missing  Technology" not in quiet.partition("Findings by rule")[0]
    assert "notes not listed (in the summary below); --notes lists them." in quiet
    # a bound that catches a runaway listing; the IP register (issue 16) added about 20 lines
    assert len(quiet.splitlines()) < len(page.splitlines()) < 800
