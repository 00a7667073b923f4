"""The demo's three people stories, pinned with the figures the commands print (issue 15).

1. **A departing expert**: Dmitri Volkov carries orders-api and is the one active expert of
   Apache Kafka (Trial) since he published order events with confluent-kafka (January 2026);
   Oliver Brennan really stopped committing (last commit 2026-05-15), so ``--inactive-since``
   and a backtest have a real leaver.
2. **A training gap with progress**: Kafka has one active expert (Dmitri, the mentor) and a
   learner who grew this quarter (Chloé Dubois, a second Kafka commit in October); Chloé crossed
   the expert threshold on Kubernetes (Adopt) in October, which had no active expert at the end
   of September.
3. **Two quarters to compare**: a radar edition in each of 2026Q3 (2026-07: Helm and distroless
   to Trial) and 2026Q4 (2026-10), a decision dated in Q4 (ADR-20261001-kafka-in-kraft-mode),
   the Retire GitLab CI campaign's first repository done in October (partner-portal) and a
   vulnerability fixed in October (CVE-2021-23337 in storefront-web).

The dates are the demo's: ``organisation.as_of`` 2026-10-31 (the end of its story) and the
previous quarter's end 2026-09-30.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.demo.demo_run import invoke

from lodestar.demo.strategy_workspace import EDITIONS
from lodestar.strategy.history import radar_editions, radar_history

NOW, Q3_END = "2026-10-31", "2026-09-30"
DMITRI = "dmitri.volkov@northwind-labs.example"
CHLOE = "chloe.dubois@northwind-labs.example"
OLIVER = "oliver.brennan@northwind-labs.example"
GREGOR = "gregor.lindqvist@northwind-labs.example"


def _json(demo: Path, *args: str) -> Any:
    return json.loads(invoke("-w", str(demo), *args, "--json"))


def _items(demo: Path, as_of: str) -> dict[str, Any]:
    plan = _json(demo, "training", "--as-of", as_of)
    return {i["subject"]["key"]: i for i in plan["items"]}


def test_dmitri_leaving_takes_orders_api_and_the_only_kafka_expert(demo: Path) -> None:
    data = _json(demo, "whatif", "--leave", "Dmitri Volkov", "--as-of", NOW)
    repos = {
        r["repository"]: (r["active_truck_factor_before"], r["active_truck_factor_after"])
        for r in data["repositories"]
    }
    assert repos == {"orders-api": (1, 0)}
    assert data["island_code"] == 478
    assert {i["path"] for i in data["islands"] if i["kind"] == "folder"} == {"src", ".github"}
    techs = {
        t["entry"]: (t["ring"], t["experts_before"], t["experts_after"])
        for t in data["technologies"]
    }
    assert techs["kafka"] == ("Trial", [DMITRI], [])  # he is the only active Kafka expert
    assert techs["go"][0] == "Adopt" and len(techs["go"][2]) == 1  # an Adopt entry left with one
    assert [o["id"] for o in data["owners"]] == ["orders-api"]


def test_oliver_really_stopped_committing(demo: Path) -> None:
    data = _json(demo, "whatif", "--inactive-since", "2026-06-01", "--as-of", NOW)
    assert [p["key"] for p in data["leavers"]] == [GREGOR, OLIVER]
    repos = {r["repository"]: r["carried_by"] for r in data["repositories"]}
    assert repos == {"mirrors/legacy-billing": [GREGOR], "pricing-engine": [OLIVER]}
    # his last commit is on 2026-05-15: inactive since the 16th, not since the 15th
    before = _json(demo, "whatif", "--inactive-since", "2026-05-15", "--as-of", NOW)
    assert [p["key"] for p in before["leavers"]] == [GREGOR]
    assert [
        p["key"] for p in _json(demo, "whatif", "--inactive-since", "2026-05-16")["leavers"]
    ] == [
        GREGOR,
        OLIVER,
    ]


def test_kafka_training_gap_with_a_learner_growing(demo: Path) -> None:
    now, before = _items(demo, NOW)["kafka"], _items(demo, Q3_END)["kafka"]
    assert now["subject"]["ring"] == "Trial"
    assert now["subject"]["repositories"] == ["orders-api", "platform-infra"]
    assert [(m["person"], m["commits"]) for m in now["mentors"]] == [(DMITRI, 8)]
    assert (now["needed"], now["previous_active_experts"]) == (1, 1)
    chloe = now["learners"][0]
    assert (chloe["person"], chloe["commits"], chloe["via"]) == (CHLOE, 2, "commits")
    assert (chloe["previous_score"], chloe["score"], chloe["growth"]) == (0.536, 1.471, 0.935)
    assert [(p["mentor"], p["learner"]) for p in now["pairings"]] == [(DMITRI, CHLOE)]
    # at the end of September she had one Kafka commit and was not the closest learner yet
    assert [(lr["person"], lr["commits"]) for lr in before["learners"][:2]] == [
        ("amara.okafor@northwind-labs.example", 2),
        (CHLOE, 1),
    ]


def test_chloe_crossed_the_threshold_on_kubernetes_in_october(demo: Path) -> None:
    now, before = _items(demo, NOW)["kubernetes"], _items(demo, Q3_END)["kubernetes"]
    assert now["subject"]["ring"] == "Adopt"
    assert now["crossed"] == ["Chloé Dubois"]
    assert (now["previous_active_experts"], [m["person"] for m in now["mentors"]]) == (0, [CHLOE])
    assert before["mentors"] == [] and before["crossed"] == []
    learner = next(lr for lr in before["learners"] if lr["person"] == CHLOE)
    assert learner["commits"] == 1 and learner["growth"] > 0  # her August commit


def test_a_radar_edition_in_each_quarter(demo: Path) -> None:
    editions = [(e.name, e.date.isoformat()) for e in radar_editions(demo)]
    assert editions[-2:] == [("2026-07", "2026-07-06"), ("2026-10", "2026-10-05")]
    assert len(editions) == len(EDITIONS) == 4
    by_quarter: dict[str, set[tuple[str, str]]] = {"Q3": set(), "Q4": set()}
    for move in radar_history(demo):
        if move.date.year == 2026 and move.date.month >= 7:
            by_quarter["Q3" if move.date.month <= 9 else "Q4"].add((move.entry, move.kind))
    assert by_quarter["Q3"] == {("helm", "moved-in"), ("distroless", "moved-in")}
    assert ("sbom-per-release", "moved-in") in by_quarter["Q4"]
    assert ("uv", "new") in by_quarter["Q4"]


def test_a_decision_in_the_last_quarter(demo: Path) -> None:
    decisions = _json(demo, "decision", "list")
    dated = {d["id"]: d["date"] for d in decisions["decisions"]}
    q4 = sorted(i for i, d in dated.items() if d >= "2026-10-01")
    assert q4 == ["ADR-20261001-kafka-in-kraft-mode"]
    assert any("2026-07-01" <= d <= Q3_END for d in dated.values())  # and one in Q3 (uv)


def test_the_gitlab_campaign_moved_between_the_quarter_ends(demo: Path) -> None:
    page = invoke("-w", str(demo), "campaigns", "retire-gitlab-ci", "--as-of", NOW)
    burn = {
        line.split()[0]: line.split()[-2]
        for line in page.splitlines()
        if line.startswith("2026-") and line.endswith("remaining")
    }
    assert (burn["2026-09"], burn["2026-10"]) == ("3", "2")
    assert "partner-portal" in page


def test_a_vulnerability_fixed_in_the_last_quarter(demo: Path) -> None:
    history = _json(demo, "vulns", "history", "--as-of", NOW)
    fixed = [
        (e["first"], e["last"], e["fixed"], e["status"], e["days"])
        for e in history["exposures"]
        if e["repository"] == "storefront-web"
    ]
    # exposed at the end of September (Q3), fixed in October (Q4)
    assert fixed == [("2026-04-01", "2026-09-01", "2026-10-01", "fixed", 183)]
    web = next(r for r in history["remediation"] if r["team"] == "web")
    assert (web["fixed"], web["open"]) == (1, 2)
