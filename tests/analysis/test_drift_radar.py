"""The radar and decision rules' own helpers (moved from test_drift.py)."""

from __future__ import annotations

from dataclasses import replace

from lodestar.analysis.drift_radar import forbidden_matchers
from lodestar.catalog.technologies import load_catalog
from lodestar.records import Decision, Matcher


def test_decision_violation_governs_and_chosen() -> None:
    catalog = load_catalog()
    both = Decision(
        "ADR-0003",
        "Use PostgreSQL",
        "accepted",
        governs=(Matcher(technology="postgresql"), Matcher(technology="mysql")),
        chosen="PostgreSQL",
    )
    assert forbidden_matchers(both, catalog) == (Matcher(technology="mysql"),)
    on_rds = replace(both, chosen="PostgreSQL on RDS")
    assert forbidden_matchers(on_rds, catalog) == (Matcher(technology="mysql"),)
    assert forbidden_matchers(replace(both, status="superseded"), catalog) == ()
    assert forbidden_matchers(replace(both, status="proposed"), catalog) == ()
    assert forbidden_matchers(replace(both, chosen=None), catalog) == ()
