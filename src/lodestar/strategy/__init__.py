"""Lodestar strategy layer: workspace strategy files → typed records, with positioned errors.

* :func:`load_strategy` reads radar/, decisions/, policies/, campaigns/ and initiatives/ into a
  :class:`~lodestar.records.Strategy` (or raises StrategyError listing every problem);
* :func:`radar_history` computes ring movement from the workspace's own git history;
* :func:`scaffold_workspace` writes what ``lodestar init`` adds: templates, examples, git.
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.strategy.history import Edition, radar_editions, radar_history
    from lodestar.strategy.loader import FOLDERS, load_radar_config, load_strategy
    from lodestar.strategy.radar_backstage import backstage_radar, export_backstage
    from lodestar.strategy.scaffold import Scaffold, create_workspace, scaffold_workspace

__all__ = [
    "FOLDERS",
    "Edition",
    "Scaffold",
    "backstage_radar",
    "create_workspace",
    "export_backstage",
    "load_radar_config",
    "load_strategy",
    "radar_editions",
    "radar_history",
    "scaffold_workspace",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "Edition": "history",
        "Scaffold": "scaffold",
        "scaffold_workspace": "scaffold",
        "create_workspace": "scaffold",
        "FOLDERS": "loader",
        "backstage_radar": "radar_backstage",
        "export_backstage": "radar_backstage",
        "load_radar_config": "loader",
        "load_strategy": "loader",
        "radar_editions": "history",
        "radar_history": "history",
    },
)
