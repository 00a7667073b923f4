"""Resolve ``[sources]`` into the list of remote repositories to mirror.

``urls``, ``lists`` and ``forges`` (:mod:`lodestar.ingest.sources` for the first two,
:mod:`lodestar.ingest.forges` for the third) become one list of
:class:`~lodestar.ingest.sources.Source`: the same mirror folder named twice (a URL and a forge
listing, say) is one source, the forge's metadata kept; two repositories with the same name on
two hosts are told apart by their host (``gitlab.example.com/acme/api``).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from lodestar.ingest.forges import list_forge
from lodestar.ingest.sources import Source, Warn, read_url_list, source_for
from lodestar.records import RepositoryRef
from lodestar.scan.discover import discover

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


def _name_of_mirror(relative: Path) -> tuple[str, str]:
    """(host folder, repository name) of a mirror folder ``HOST/OWNER/…/NAME.git``, named as
    :class:`~lodestar.safeparse.GitUrl` names it (a ``local`` mirror: its last segment)."""
    parts = relative.as_posix().removesuffix(".git").split("/")
    host = parts[0]
    return host, parts[-1] if host == "local" else "/".join(parts[1:])


def mirrored_refs(ws: Workspace) -> list[RepositoryRef]:
    """The mirrors already on disk (``scan --no-fetch``: no network), named like their sources
    (``acme/api``; ``HOST/acme/api`` when two hosts have one); an interrupted clone
    (``*.partial``) is not a mirror."""
    root = mirrors_folder(ws)
    if not root.is_dir():
        return []
    found = []
    for ref in discover([root], max_depth=12):
        path = Path(ref.path)
        if not ref.bare or path.name.endswith(".partial") or path.parent == root:
            continue
        found.append((*_name_of_mirror(path.relative_to(root)), ref.path))
    counts = Counter(name for _, name, _ in found)
    refs = [
        RepositoryRef(name if counts[name] == 1 else f"{host}/{name}", path, bare=True)
        for host, name, path in found
    ]
    return sorted(refs, key=lambda r: (r.name, r.path))
