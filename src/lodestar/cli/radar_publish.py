"""``lodestar radar publish``: read the radar (now, or as of an edition) and its history from the
workspace's git repository, the usage counts the entries opt into from the store, hand them to
:func:`lodestar.analysis.public_radar.public_radar` and write
:func:`lodestar.render.public_site.public_site` into a folder.

The folder must be new, empty, or a previous public radar (it holds the marker
``.lodestar-public-radar``); a rebuild replaces it whole, so an entry no longer published does
not linger there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lodestar.errors import UsageError
from lodestar.render.output_folder import prepare_output

if TYPE_CHECKING:
    from lodestar.analysis.public_radar import EditionMoves, PublicRadar
    from lodestar.records import RadarConfig, RadarEntry, RadarMove, Strategy
    from lodestar.settings import Workspace
    from lodestar.strategy import Edition

MARKER = ".lodestar-public-radar"
NEXT_EDITION = "next edition"  # the moves after the last edition, when publishing the present


def _pick(value: object, names: tuple[str, ...]) -> str:
    text = str(value or "").strip()
    return next((n for n in names if n.lower() == text.lower()), text)


def _entries_at(root: Path, commit: str, config: RadarConfig) -> list[RadarEntry]:
    """The radar entries as committed in ``commit``, read leniently (history is what was)."""
    from lodestar.records import RadarEntry
    from lodestar.strategy.history import radar_files_at

    out = []
    for entry_id, (meta, body) in radar_files_at(root, commit).items():
        tags, decisions = meta.get("tags"), meta.get("decisions")
        public = meta.get("public")
        opted = public if isinstance(public, dict) else {}
        out.append(
            RadarEntry(
                id=entry_id,
                title=str(meta.get("title") or entry_id),
                quadrant=_pick(meta.get("quadrant"), config.quadrants),
                ring=_pick(meta.get("ring"), config.rings),
                description=body.strip(),
                tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
                owner=str(meta["owner"]) if meta.get("owner") else None,
                decisions=tuple(str(d) for d in decisions if d)
                if isinstance(decisions, list)
                else (),
                public=tuple(k for k in ("owner", "decisions", "usage") if opted.get(k) is True),
            )
        )
    return out


def _editions(
    editions: tuple[Edition, ...],
    moves: tuple[RadarMove, ...],
    names: dict[str, str],
    upto: int | None,
) -> list[EditionMoves]:
    """Each edition with its moves, up to index ``upto`` (None: all, and the moves after the
    last edition as the next one)."""
    from lodestar.analysis.public_radar import EditionMoves

    chosen = editions if upto is None else editions[: upto + 1]
    out = [
        EditionMoves(
            e.name, e.date.isoformat(), tuple(m for m in moves if names.get(m.commit) == e.name)
        )
        for e in chosen
    ]
    later = tuple(m for m in moves if m.commit not in names)
    if upto is None and later and (out or len({m.commit for m in later}) > 0):
        out.append(EditionMoves(NEXT_EDITION, later[-1].date.isoformat(), later))
    return out


def _usage(ws: Workspace, entries: list[RadarEntry]) -> dict[str, int]:
    """Entry id → repositories using it, for the entries that opt into showing it."""
    wanted = [e for e in entries if "usage" in e.public]
    if not wanted:
        return {}
    from lodestar.analysis import package_index, where_used
    from lodestar.catalog import load_catalog
    from lodestar.cli.common import store
    from lodestar.store import load_observations

    catalog = load_catalog(tuple(Path(d) for d in ws.catalog_dirs))
    with store(ws) as engine:
        observations = load_observations(engine)
    index = package_index(observations)
    return {
        e.id: len({u.repository for u in where_used(observations, e.matchers, catalog, index)})
        for e in wanted
    }


def build_public_radar(
    ws: Workspace, strategy: Strategy, *, tag: str | None, edition: str | None
) -> PublicRadar:
    """The public radar of the workspace, now or as of ``edition``."""
    from lodestar.analysis.public_radar import public_radar, wants
    from lodestar.strategy import radar_editions, radar_history
    from lodestar.strategy.history import edition_of

    root = ws.root
    moves = radar_history(root, config=strategy.radar)
    editions = radar_editions(root)
    names = edition_of(root, moves, editions)
    entries: list[RadarEntry] = list(strategy.entries)
    upto = None
    if edition is not None:
        known = [e.name for e in editions]
        if edition not in known:
            listed = ", ".join(known) or "none (tag a commit of the workspace)"
            raise UsageError(f"--edition {edition!r}: no such edition; the radar has {listed}")
        upto = known.index(edition)
        entries = _entries_at(root, editions[upto].commit, strategy.radar)
    chosen = [e for e in entries if wants(e, tag)]
    return public_radar(
        strategy.radar,
        entries,
        _editions(editions, moves, names, upto),
        tag=tag,
        edition=edition,
        decision_titles={d.id: d.title for d in strategy.decisions},
        usage=_usage(ws, chosen),
    )


def workspace_names(
    ws: Workspace, strategy: Strategy, allow: tuple[str, ...] = ()
) -> dict[str, str]:
    """Every internal name the store and the strategy know (:mod:`lodestar.analysis.leak_scan`),
    but the names of catalog technologies (a repository called ``laravel`` cannot be told from
    Laravel in prose, and the technology is public) and the ``allow``ed ones."""
    from lodestar.analysis.leak_scan import internal_names
    from lodestar.catalog import load_catalog
    from lodestar.cli.common import store
    from lodestar.store import known_people, list_repositories

    with store(ws) as engine:
        repositories = [r.name for r in list_repositories(engine)]
        people = known_people(engine)
    names = internal_names(repositories, people, strategy)
    catalog = load_catalog(tuple(Path(d) for d in ws.catalog_dirs))
    public = {n.lower() for t in catalog for n in (t.id, t.name)} | {a.lower() for a in allow}
    return {name: kind for name, kind in names.items() if name not in public}


def entry_texts(radar: PublicRadar) -> list[tuple[str, str]]:
    """(where, text) of every text an author wrote that the public radar shows; what an entry
    opted into (its owner, its decisions) is meant to be public and is left out."""
    out = []
    for e in radar.entries:
        where = f"radar/{e.id}.md"
        out += [(f"{where} title", e.title), (f"{where} tags", " ".join(e.tags))]
        out.append((f"{where} text", e.description))
    return out


def redacted(radar: PublicRadar, names: dict[str, str]) -> PublicRadar:
    """``radar`` with every internal name in its entries' titles, tags and texts replaced."""
    from dataclasses import replace

    from lodestar.analysis.leak_scan import redact

    entries = tuple(
        replace(
            e,
            title=redact(e.title, names),
            tags=tuple(redact(t, names) for t in e.tags),
            description=redact(e.description, names),
        )
        for e in radar.entries
    )
    return replace(radar, entries=entries)


def write_public_radar(out: Path, files: dict[str, bytes]) -> list[str]:
    """Write ``files`` under ``out`` (replacing a previous public radar); the paths written."""
    note = "Written by 'lodestar radar publish'; a rebuild replaces it.\n"
    prepare_output(out, MARKER, what="a public radar", note=note)
    for rel, data in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return sorted(files)
