"""The demo workspace's strategy files: valid, rich enough, and with a radar history in git."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from lodestar.analysis.evaluation import sensitivity
from lodestar.demo.strategy_workspace import build_demo_workspace, strategy_files
from lodestar.settings import init_workspace
from lodestar.strategy import load_strategy, radar_editions, radar_history

TODAY = dt.date(2026, 11, 15)


def test_demo_workspace(tmp_path: Path) -> None:
    root = tmp_path / "northwind"
    init_workspace(root, name="Northwind Labs", sources=["repos"])
    build_demo_workspace(root)
    strategy = load_strategy(root)
    entries = {e.id: e for e in strategy.entries}
    assert len(entries) >= 30
    assert sum(1 for e in entries.values() if e.matchers) >= 30
    rings = Counter(e.ring for e in entries.values())
    assert rings["Hold"] >= 5 and rings["Assess"] >= 3
    assert len(strategy.decisions) >= 12
    statuses = Counter(d.status for d in strategy.decisions)
    assert statuses["superseded"] == 1 and statuses["proposed"] >= 1
    evaluated = [d for d in strategy.decisions if d.evaluation]
    robust = {d.id: sensitivity(d.evaluation).robust for d in evaluated if d.evaluation}
    assert sorted(robust.values()) == [False, True]  # one clear call, one close call
    assert any(d.review_by and d.review_by < TODAY for d in strategy.decisions)
    expiries = [e.expires for e in strategy.policies.exceptions]
    assert any(x < TODAY for x in expiries) and any(x > TODAY for x in expiries)
    assert {p.context for p in strategy.policies.licence} == {"internal", "saas", "distributed"}
    assert strategy.policies.dependency_rules
    assert {c.id for c in strategy.campaigns} == {
        "jvm-logging-on-log4j2",
        "python-3-12-baseline",
        "retire-gitlab-ci",
    }
    assert len(strategy.initiatives) == 2
    assert all(i.milestones and i.objectives for i in strategy.initiatives)

    moves = radar_history(root, config=strategy.radar)
    kinds = Counter(m.kind for m in moves)
    assert kinds["new"] == len(entries)
    assert kinds["moved-in"] >= 3 and kinds["moved-out"] >= 3
    java = [(m.date, m.previous_ring, m.ring, m.kind) for m in moves if m.entry == "java"]
    assert java == [
        (dt.date(2025, 7, 1), None, "Adopt", "new"),
        (dt.date(2026, 2, 2), "Adopt", "Hold", "moved-out"),
    ]
    editions = ["2025-07", "2026-02", "2026-07", "2026-10"]  # one in each of the last quarters
    assert [e.name for e in radar_editions(root)] == editions
    helm = [(m.date, m.previous_ring, m.ring) for m in moves if m.entry == "helm"]
    assert helm[-1] == (dt.date(2026, 7, 6), "Assess", "Trial")
    assert not (root / "radar" / ".gitkeep").exists()


def test_shipped_files_are_the_working_copy(tmp_path: Path) -> None:
    root = tmp_path / "w"
    init_workspace(root, name="Northwind Labs", sources=["repos"])
    build_demo_workspace(root)
    for rel, text in strategy_files().items():
        assert (root / rel).read_text("utf-8") == text
