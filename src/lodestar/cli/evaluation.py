"""The CLI's door to the one evaluator of the organisation (``check``, ``drift``, ``campaigns``,
``initiatives``, ``eol``): the workspace's catalogs, strategy and ring history, evaluated once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from lodestar.cli.common import store
from lodestar.cli.output import err_console, styled

if TYPE_CHECKING:
    from lodestar.catalog import EolCatalog, TechnologyCatalog
    from lodestar.records import Strategy
    from lodestar.settings import Workspace


def catalogs(ws: Workspace) -> tuple[TechnologyCatalog, EolCatalog]:
    from lodestar.catalog import load_catalog, load_eol

    return load_catalog(tuple(Path(d) for d in ws.catalog_dirs)), load_eol(ws.eol_dirs)


def workspace_strategy(ws: Workspace, catalog: TechnologyCatalog) -> Strategy:
    """The workspace's strategy (StrategyError, exit 2, with every problem when invalid)."""
    from lodestar.strategy import load_strategy

    return load_strategy(ws.root, catalog=catalog)


class Organisation:
    """Everything the organisation-wide commands show: the one evaluation of the organisation.

    ``warn_days`` (``lodestar eol --warn-days``) replaces the "ending soon" window for this one
    report; otherwise the policies' ``eol.warn-days`` applies, else the ``eol.warn_days``
    setting. ``team`` (``--team``) narrows the evaluation to the team's repositories
    (:func:`lodestar.analysis.for_team`); an unknown team is a usage error. ``history`` also
    evaluates the history figures (knowledge, skills), as the cockpit does (``lodestar verdict``).
    """

    def __init__(
        self,
        ws: Workspace,
        today: date,
        *,
        warn_days: int | None = None,
        team: str | None = None,
        history: bool = False,
    ) -> None:
        from dataclasses import replace

        from lodestar.analysis import (
            evaluate_organisation,
            presence_windows,
            truck_factor_repositories,
        )
        from lodestar.ingest import observe_ip
        from lodestar.store import list_repositories, load_organisation
        from lodestar.strategy import radar_history

        catalog, eol = catalogs(ws)
        strategy = workspace_strategy(ws, catalog)
        if warn_days is not None:
            policies = replace(strategy.policies, eol_warn_days=warn_days)
            strategy = replace(strategy, policies=policies)
        moves = radar_history(ws.root, config=strategy.radar)
        windows = presence_windows(ws.settings)
        with store(ws) as engine:
            data = load_organisation(
                engine, history=history, truck_factors=truck_factor_repositories(strategy)
            )
            data = replace(data, ip=observe_ip(ws, engine, strategy.ip))
            self.evaluation = evaluate_organisation(
                data,
                strategy,
                today=today,
                catalog=catalog,
                eol=eol,
                moves=moves,
                eol_warn_days=ws.settings.eol.warn_days,
                owners=ws.settings.repositories.owners,
                presence=windows,
                history=windows if history else None,
            )
            self.roots = {r.name: Path(r.path) for r in list_repositories(engine)}
        self.strategy = strategy  # as declared (with the eol window of --warn-days)
        self.catalog = catalog
        self.data = data  # the records evaluated (every history with ``history``)
        self.windows = windows  # (active_days, departed_days)
        self.moves = moves  # the radar's ring history
        self.people = data.identities  # what team names are checked against (cli.teams)
        if team is not None:
            from lodestar.analysis import for_team
            from lodestar.cli.teams import team_repositories

            ev = self.evaluation
            mine = team_repositories(ev.owners, ev.observations, data.identities, team)
            self.evaluation = for_team(ev, mine, catalog=catalog)
        assert self.evaluation.drift is not None  # noqa: S101  a strategy was given: drift ran
        self.drift = self.evaluation.drift
        self.campaigns = self.evaluation.campaigns
        self.initiatives = list(self.evaluation.initiatives)
        if not self.evaluation.observations:
            err_console.print(
                styled(
                    ("warning:", "yellow"),
                    " no scanned repository in the store; run 'lodestar scan'",
                )
            )
