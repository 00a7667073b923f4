"""The verdict as the cockpit shows it: the home page's band and ``GET /api/verdict``.

:func:`cockpit_verdict` hands the cockpit's figures (those of the one evaluation of the
organisation) to :func:`lodestar.analysis.verdict.verdict`, once per cockpit; the home page,
the API and the static site present that one record, as ``lodestar verdict`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lodestar.analysis import presence_windows
from lodestar.analysis.verdict import LevelVerdict, Thresholds, Verdict, thresholds_from, verdict
from lodestar.analysis.verdict import verdict_inputs as make_inputs
from lodestar.catalog import load_eol
from lodestar.render.sparkline import Sparkline, sparkline
from lodestar.settings import Workspace
from lodestar.web.cockpit import Cockpit, VerdictOptions

__all__ = ["LevelCard", "VerdictView", "cockpit_verdict", "verdict_view", "with_verdict_options"]


def with_verdict_options(cockpit: Cockpit, ws: Workspace) -> Cockpit:
    """``cockpit`` with the workspace's verdict thresholds, presence windows and EOL catalog."""
    options = VerdictOptions(
        thresholds_from(ws.settings), presence_windows(ws.settings), load_eol(ws.eol_dirs)
    )
    return replace(cockpit, verdict_options=options)


def cockpit_verdict(cockpit: Cockpit) -> Verdict:
    """The verdict of the cockpit's evaluation (derived once per cockpit)."""

    def derive() -> Verdict:
        options = cockpit.verdict_options or VerdictOptions(
            Thresholds(), presence_windows(None), load_eol()
        )
        data = cockpit.parts.data if cockpit.parts is not None else None
        inputs = make_inputs(
            today=cockpit.today,
            strategy=cockpit.strategy,
            findings=cockpit.findings,
            campaigns=cockpit.campaigns or (),
            risks=cockpit.risks,
            observations=cockpit.observations(),
            data=data,
            moves=cockpit.moves or (),
            editions=tuple((e.name, e.date) for e in cockpit.editions),
            catalog=cockpit.technologies(),
            eol=options.eol,
            windows=options.windows,
            coverage=cockpit.radar_coverage(),
        )
        return verdict(inputs, options.thresholds)

    return cockpit.derived("verdict", derive)


@dataclass(frozen=True, slots=True)
class LevelCard:
    """One level of the verdict band: the level's verdict and its drawn year."""

    level: LevelVerdict
    sparkline: Sparkline


@dataclass(frozen=True, slots=True)
class VerdictView:
    verdict: Verdict
    cards: tuple[LevelCard, ...]
    actions_note: str | None = None  # why there are no findings to act on (no strategy yet)


def verdict_view(cockpit: Cockpit) -> VerdictView:
    """The verdict and a sparkline per level."""
    found = cockpit_verdict(cockpit)
    return VerdictView(
        found,
        tuple(
            LevelCard(
                level,
                sparkline(
                    [(p.month.strftime("%Y-%m"), p.score) for p in level.series],
                    label=f"{level.title} score over the last 12 months",
                ),
            )
            for level in found.levels
        ),
        cockpit.note("drift") if cockpit.findings is None else None,
    )
