"""Lodestar strategy layer: workspace strategy files → typed records, with positioned errors.

* :func:`load_strategy` reads radar/, decisions/, policies/, campaigns/ and initiatives/ into a
  :class:`~lodestar.records.Strategy` (or raises StrategyError listing every problem);
* :func:`radar_history` computes ring movement from the workspace's own git history.
"""

from __future__ import annotations

from lodestar.strategy.history import Edition, radar_editions, radar_history
from lodestar.strategy.loader import FOLDERS, load_radar_config, load_strategy

__all__ = [
    "FOLDERS",
    "Edition",
    "load_radar_config",
    "load_strategy",
    "radar_editions",
    "radar_history",
]
