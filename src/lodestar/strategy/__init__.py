"""Lodestar strategy layer: workspace strategy files → typed records, with positioned errors.

* :func:`load_strategy` reads radar/, decisions/, policies/, campaigns/ and initiatives/ into a
  :class:`~lodestar.records.Strategy` (or raises StrategyError listing every problem);
* :func:`radar_history` computes ring movement from the workspace's own git history.
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.strategy.history import Edition, radar_editions, radar_history
    from lodestar.strategy.loader import FOLDERS, load_radar_config, load_strategy
    from lodestar.strategy.radar_backstage import backstage_radar, export_backstage

__all__ = [
    "FOLDERS",
    "Edition",
    "backstage_radar",
    "export_backstage",
    "load_radar_config",
    "load_strategy",
    "radar_editions",
    "radar_history",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "Edition": "history",
        "FOLDERS": "loader",
        "backstage_radar": "radar_backstage",
        "export_backstage": "radar_backstage",
        "load_radar_config": "loader",
        "load_strategy": "loader",
        "radar_editions": "history",
        "radar_history": "history",
    },
)
