"""Resolve ``[sources]`` into the list of remote repositories to mirror.

``urls``, ``lists`` and ``forges`` (:mod:`lodestar.ingest.sources` for the first two,
:mod:`lodestar.ingest.forges` for the third) become one list of
:class:`~lodestar.ingest.sources.Source`: the same mirror folder named twice (a URL and a forge
listing, say) is one source, the forge's metadata kept; two repositories with the same name on
two hosts are told apart by their host (``gitlab.example.com/acme/api``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from lodestar.ingest.forges import list_forge
from lodestar.ingest.sources import Source, Warn, read_url_list, source_for

if TYPE_CHECKING:
    from lodestar.settings import Workspace


def _merge(sources: Sequence[Source]) -> list[Source]:
    """One source per mirror folder (a forge's metadata wins), names unique across hosts."""
    by_mirror: dict[Path, Source] = {}
    for source in sources:
        kept = by_mirror.get(source.mirror)
        if kept is None or (kept.remote.forge is None and source.remote.forge is not None):
            by_mirror[source.mirror] = source
    counts: dict[str, int] = {}
    for source in by_mirror.values():
        counts[source.name] = counts.get(source.name, 0) + 1
    out = []
    for source in by_mirror.values():
        unique = counts[source.name] == 1
        out.append(source if unique else replace(source, name=f"{source.host}/{source.name}"))
    return sorted(out, key=lambda s: (s.name, str(s.mirror)))


def mirrors_folder(ws: Workspace) -> Path:
    """The absolute folder of the workspace's mirrors (``sources.mirrors``)."""
    folder = Path(ws.settings.sources.mirrors).expanduser()
    return Path(os.path.abspath(folder if folder.is_absolute() else ws.root / folder))  # noqa: PTH100  normalises '..' without resolving symlinks


def has_remote_sources(ws: Workspace) -> bool:
    """Whether ``[sources]`` names any remote repository (urls, lists or forges)."""
    sources = ws.settings.sources
    return bool(sources.urls or sources.lists or sources.forges)


def resolve_sources(ws: Workspace, warn: Warn | None = None) -> list[Source]:
    """Every remote repository ``[sources]`` names, each once, sorted by name.

    A bad list line, a forge that cannot be listed or a listed repository whose URL is refused
    is one ``warn`` call (a line naming where and why); the rest are returned.
    """

    def _ignore(_message: str) -> None:
        pass

    say = warn or _ignore
    settings = ws.settings.sources
    mirrors = mirrors_folder(ws)
    found = [source_for(url, mirrors, origin="sources.urls") for url in settings.urls]
    for name in settings.lists:
        path = Path(name).expanduser()
        found += read_url_list(path if path.is_absolute() else ws.root / path, mirrors, say)
    for forge in settings.forges:
        found += list_forge(
            forge, mirrors, timeout=settings.timeout, retries=settings.retries, warn=say
        )
    return _merge(found)
