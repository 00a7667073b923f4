"""``lodestar demo`` tells its story after the inventory: the verdict's four scores, ``check``'s
per-rule summary, the campaigns' status and the top three actions — the same figures as the
commands it names (``verdict``, ``check``, ``campaigns``), since all read one evaluation."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.demo.demo_run import invoke


def _story(output: str) -> str:
    assert "Against the strategy" in output, output
    return output[output.index("Against the strategy") : output.index("Workspace: ")]


def test_the_story_follows_the_report_and_precedes_the_tries(demo_output: str) -> None:
    assert demo_output.index("Languages by own code") < demo_output.index("Against the strategy")
    story = _story(demo_output)
    for heading in ("Verdict as of", "Findings by rule", "Campaigns", "Top actions (3 of"):
        assert heading in story, heading
    assert "lodestar verdict" in demo_output[demo_output.index("Workspace: ") :]


def test_the_story_shows_what_verdict_and_check_show(demo: Path, demo_output: str) -> None:
    story = _story(demo_output)
    found = json.loads(invoke("-w", str(demo), "verdict", "--json", "--top", "3"))
    for level in found["levels"]:
        shown = f"{level['score']}/100" if level["score"] is not None else "-/100"
        assert re.search(rf"{level['title']}\s+{re.escape(shown)}", story), level["title"]
    drift = json.loads(invoke("-w", str(demo), "check", "-f", "json", code=1))
    counts = drift["summary"]
    totals = re.search(r"(\d+) errors, (\d+) warnings, (\d+) notes", story)
    assert totals is not None
    assert [int(x) for x in totals.groups()] == [counts["error"], counts["warning"], counts["note"]]
    for campaign in json.loads(invoke("-w", str(demo), "campaigns", "--json"))["campaigns"]:
        assert campaign["id"] in story
    shown_actions = sum(len(g["actions"]) for g in found["actions"]["groups"])
    assert shown_actions == 3
    for group in found["actions"]["groups"]:
        for action in group["actions"]:
            assert action["rule"] in story and action["repository"] in story
