"""The organisation as one team sees it (the CLI's ``--team``).

Which repositories a team has is :func:`lodestar.analysis.team_filter.repositories_of_team`,
the one filter every ``--team`` and the cockpit's ``?team=`` share. :func:`for_team` narrows an
:class:`~lodestar.analysis.organisation.OrganisationEvaluation` to a set of repositories,
deriving nothing anew that it can filter: the observations, monthly snapshots, end-of-life
exposure and owners of those repositories, the drift findings (and waived findings) about them
(findings about the organisation as a whole, with no repository, belong to no team and are left
out) and, of the history figures, their knowledge risks, deliveries and hotspots. Campaigns are
the one figure that cannot be filtered row by row (a burn-down and a projection are over the
repositories in scope), so each campaign is reported again over the team's repositories by the
same :func:`~lodestar.analysis.campaigns.campaign_report`. Radar coverage, initiatives and the
people figures (skills, activity) are the organisation's and stay as they are.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from lodestar.analysis.campaigns import campaign_report
from lodestar.analysis.drift import Drift
from lodestar.analysis.organisation import HistoryFigures, OrganisationEvaluation
from lodestar.catalog import TechnologyCatalog

__all__ = ["for_team"]


def _drift(drift: Drift | None, keep: frozenset[str]) -> Drift | None:
    if drift is None:
        return None
    return replace(
        drift,
        findings=tuple(f for f in drift.findings if f.repository in keep),
        waived=tuple(w for w in drift.waived if w[0].repository in keep),
        repositories=tuple(r for r in drift.repositories if r in keep),
    )


def _history(history: HistoryFigures | None, keep: frozenset[str]) -> HistoryFigures | None:
    if history is None:
        return None
    return replace(
        history,
        risks=tuple(r for r in history.risks if r.repository in keep),
        deliveries=tuple(d for d in history.deliveries if d.repository in keep),
        hotspots=tuple(h for h in history.hotspots if h[0] in keep),
        repository_hotspots={k: v for k, v in history.repository_hotspots.items() if k in keep},
    )


def for_team(
    evaluation: OrganisationEvaluation,
    repositories: Collection[str],
    *,
    catalog: TechnologyCatalog,
) -> OrganisationEvaluation:
    """``evaluation`` as the team holding ``repositories`` sees it (see the module's doc)."""
    keep = frozenset(repositories)
    observations = tuple(o for o in evaluation.observations if o.repository in keep)
    snapshots = tuple(s for s in evaluation.snapshots if s.repository in keep)
    campaigns = evaluation.campaigns
    if evaluation.strategy is not None:
        campaigns = {
            c.id: campaign_report(
                c, observations, catalog, today=evaluation.today, history=snapshots or None
            )
            for c in evaluation.strategy.campaigns
        }
    return replace(
        evaluation,
        observations=observations,
        snapshots=snapshots,
        eol=tuple(e for e in evaluation.eol if e.repository in keep),
        drift=_drift(evaluation.drift, keep),
        campaigns=campaigns,
        history=_history(evaluation.history, keep),
        owners={k: v for k, v in evaluation.owners.items() if k in keep},
    )
