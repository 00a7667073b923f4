"""A workspace's settings as the options of a scan and of a history run.

``lodestar scan`` and a queue worker's job read the same settings the same way: the revision,
the size ceiling and the workspace's catalog for the scan; ``people.toml``, the bot patterns and
the organisation's own domains for the history.
"""

from __future__ import annotations

from lodestar.ingest.runs import HistoryOptions
from lodestar.ingest.scans import ScanOptions
from lodestar.scan import load_people_file
from lodestar.settings import Workspace


def scan_options(
    ws: Workspace, *, rev: str | None = None, force: bool = False, workers: int | None = None
) -> ScanOptions:
    """The scan's options: ``rev`` (default the ``scan.ref`` setting), ``force`` re-scans an
    unchanged commit, ``workers`` processes (default the ``scan.workers`` setting)."""
    return ScanOptions(
        rev=rev or ws.settings.scan.ref,
        force=force,
        workers=ws.settings.scan.workers if workers is None else workers,
        max_file_size=ws.settings.scan.max_file_size,
        catalog_dirs=ws.catalog_dirs,
    )


def history_options(ws: Workspace, *, rev: str, workers: int = 0) -> HistoryOptions:
    """The history run's options: people.toml's aliases and splits, the people and history
    settings; ``workers`` processes at once (0: one per core)."""
    people = load_people_file(ws.root)
    return HistoryOptions(
        rev=rev,
        people=people.aliases,
        splits=people.splits,
        own_domains=tuple(ws.settings.people.own_domains),
        bot_patterns=tuple(ws.settings.history.bot_patterns),
        catalog_dirs=ws.catalog_dirs,
        workers=workers,
    )
