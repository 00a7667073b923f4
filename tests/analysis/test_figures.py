"""The cockpit's page inputs, handed out of one evaluation; what is missing, in page order."""

from __future__ import annotations

import datetime as dt

from lodestar.analysis.figures import organisation_figures
from lodestar.analysis.organisation import evaluate_organisation
from lodestar.records import Observation, OrganisationData, Strategy

from .histories import Log, stat

TODAY = dt.date(2025, 6, 1)
DATA = OrganisationData((Observation("api", "c1"),), (), ())


def test_without_strategy_nor_history_everything_is_noted_missing() -> None:
    figures = organisation_figures(evaluate_organisation(DATA, None, today=TODAY))
    assert figures.missing == ("history", "people", "radar-history", "drift", "advisories")
    assert figures.strategy is None and figures.findings is None and figures.campaigns is None
    assert figures.initiatives is None and figures.snapshots is None and figures.risks is None
    assert [o.repository for o in figures.observed] == ["api"]


def test_a_strategy_gives_findings_campaigns_and_initiatives() -> None:
    figures = organisation_figures(evaluate_organisation(DATA, Strategy(), today=TODAY))
    assert figures.missing == ("history", "people", "advisories")
    assert figures.findings == () and figures.campaigns == () and figures.initiatives == ()


def test_history_without_snapshots_still_notes_the_history() -> None:
    log = Log("api")
    log.commit("ann@example.com", 0, "a.py")
    data = OrganisationData(
        DATA.observations, (), (), (log.history(),), {"api": [stat("a.py")]}, people=True
    )
    result = evaluate_organisation(data, Strategy(), today=TODAY, history=(90, 180))
    figures = organisation_figures(result)
    assert figures.missing == ("history", "advisories")  # no monthly snapshots, no advisories
    assert figures.risks is not None and [r.repository for r in figures.risks] == ["api"]
    assert figures.activity is not None and figures.deliveries is not None
