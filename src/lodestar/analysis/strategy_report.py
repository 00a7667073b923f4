"""The whole strategy held against the organisation's store, in one call.

:func:`evaluate_strategy` reads the current scans and (when mined) the monthly snapshots once,
and returns the drift findings, every campaign's progress, burn-down and projection, and every
initiative's key results: what ``lodestar check``/``drift``/``campaigns``/``initiatives`` and
the cockpit show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from lodestar.analysis.campaigns import CampaignReport, campaign_report
from lodestar.analysis.drift import Drift, find_drift
from lodestar.analysis.initiatives import (
    Figures,
    InitiativeReport,
    initiative_reports,
    stored_truck_factor,
)
from lodestar.analysis.observed import Observation, from_store
from lodestar.catalog.eol import EolCatalog, load_eol
from lodestar.catalog.technologies import TechnologyCatalog, load_catalog
from lodestar.records import MonthlySnapshot, RadarMove, Strategy
from lodestar.store.history import monthly_snapshots

__all__ = ["StrategyReport", "evaluate_strategy"]


@dataclass(frozen=True, slots=True)
class StrategyReport:
    today: date
    observations: tuple[Observation, ...]
    history: tuple[MonthlySnapshot, ...]  # empty when the history was not mined
    drift: Drift
    campaigns: dict[str, CampaignReport]  # by campaign id, in declaration order
    initiatives: tuple[InitiativeReport, ...]


def evaluate_strategy(
    engine: Engine,
    strategy: Strategy,
    *,
    today: date,
    catalog: TechnologyCatalog | None = None,
    eol: EolCatalog | None = None,
    moves: Sequence[RadarMove] = (),
) -> StrategyReport:
    """Drift, campaigns and initiatives of the organisation on ``today``.

    ``moves`` is the radar's ring history (:func:`lodestar.strategy.radar_history`), for the
    date each entry was put on Hold.
    """
    catalog = catalog or load_catalog()
    observations = from_store(engine)
    history = monthly_snapshots(engine)
    drift = find_drift(
        observations,
        strategy,
        today=today,
        history=history or None,
        catalog=catalog,
        eol=eol or load_eol(),
        organisation=True,
        moves=moves,
    )
    campaigns = {
        c.id: campaign_report(c, observations, catalog, today=today, history=history or None)
        for c in strategy.campaigns
    }
    figures = Figures(drift, campaigns, observations, stored_truck_factor(engine))
    initiatives = initiative_reports(strategy.initiatives, figures, today=today)
    return StrategyReport(
        today,
        tuple(observations),
        tuple(history),
        drift,
        campaigns,
        tuple(initiatives),
    )
