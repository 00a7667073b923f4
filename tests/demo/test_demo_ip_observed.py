"""The IP observation rules on the demo: each fires exactly once, on what the demo plants
(:mod:`lodestar.demo.upstream`, the demo's ``ip/`` files and ``policies/ip.yaml``), and the
upstream mirrors never appear among Northwind's repositories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.demo.demo_run import invoke


def _ours(checked: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in checked["findings"] if f["rule"] == rule]


def test_each_observation_rule_fires_once_on_the_demo(checked: dict[str, Any]) -> None:
    (unregistered,) = _ours(checked, "ip-outbound-unregistered")
    assert unregistered["subject"] == "tidewater"
    assert "2 commits" in unregistered["message"] and "by 1 person" in unregistered["message"]
    assert unregistered["evidence"][0] == "repository:tidewater"
    (cla,) = _ours(checked, "ip-outbound-cla-missing")
    assert cla["subject"] == "quayside" and "1 of the organisation's 2 commits" in cla["message"]
    assert cla["declaration"]["path"] == "ip/outbound.yaml" and cla["declaration"]["line"] > 1
    (exposed,) = _ours(checked, "ip-trade-secret-exposed")
    assert (exposed["repository"], exposed["evidence"]) == ("nw-cli", ["src/client.rs"])
    (export,) = _ours(checked, "ip-export-record-missing")
    assert export["repository"] == "mobile-bff"
    assert "technology:crypto-js" in export["evidence"]
    (notice,) = _ours(checked, "ip-patent-notice-missing")
    assert notice["repository"] == "shipping-service"  # data-platform's README names its patent
    assert notice["declaration"]["path"] == "policies/ip.yaml"


def test_the_upstream_mirrors_are_not_northwinds_repositories(
    demo: Path, checked: dict[str, Any]
) -> None:
    assert sorted(p.name for p in (demo / "upstream").iterdir()) == [
        "quayside.git",
        "tidewater.git",
    ]
    repos = json.loads(invoke("-w", str(demo), "repos", "--json"))
    names = {r["name"] for r in (repos["repositories"] if isinstance(repos, dict) else repos)}
    assert names and not names & {"quayside", "tidewater"}
    assert not {"quayside", "tidewater"} & {f.get("repository") for f in checked["findings"]}


def test_the_whatif_names_the_protected_code_hannah_alone_knows(demo: Path) -> None:
    result = json.loads(invoke("-w", str(demo), "whatif", "--leave", "Hannah Kim", "--json"))
    lost = {(p["kind"], p["id"]) for p in result["protected"]}
    assert lost == {
        ("trade-secret", "demand-model-weights"),
        ("disclosure", "distance-weighted-demand-forecast"),
    }
    text = invoke("-w", str(demo), "whatif", "--leave", "Hannah Kim")
    assert "Trade secrets and disclosed inventions whose active knowers all leave" in text
    assert "demand-model-weights" in text
