"""The public radar: what ``lodestar radar publish`` may show outside the organisation.

:func:`public_radar` takes the radar's entries (as of the published edition), its ring history
and editions, and keeps only what is safe to publish:

* **entries**: those carrying ``tag`` (``public`` by default: publishing is an explicit opt-in
  per entry); ``tag=None`` publishes every entry;
* **per entry**: id, title, quadrant, ring, tags, the author's text, and the movement in the
  published edition (new, moved in, moved out, measured against the previous edition). The
  owner, review date, decision links, matchers and usage stay internal unless the entry opts
  in with its ``public:`` front-matter key (``owner``, ``decisions``, ``usage``: booleans);
* **editions**: each edition up to the published one, with the published entries that were new,
  moved in or moved out in it (the first edition is the baseline: its entries are not news).

Pure: the caller reads git (:mod:`lodestar.strategy.history`) and the store (usage counts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lodestar.records import RadarConfig, RadarEntry, RadarMove

__all__ = ["EditionMoves", "PublicEdition", "PublicEntry", "PublicRadar", "public_radar"]

DEFAULT_TAG = "public"


@dataclass(frozen=True, slots=True)
class PublicEntry:
    id: str
    title: str
    quadrant: str
    ring: str
    description: str  # markdown, the author's public text (untrusted: render sanitised)
    tags: tuple[str, ...]
    movement: str | None  # new | moved-in | moved-out | None, in the published edition
    previous_ring: str | None  # the ring before a move in the published edition
    owner: str | None = None  # only when the entry opts in (public: {owner: true})
    decisions: tuple[str, ...] = ()  # decision titles, only when opted in
    used_in: int | None = None  # repositories using it, only when opted in


@dataclass(frozen=True, slots=True)
class PublicEdition:
    name: str
    date: str  # ISO date
    new: tuple[str, ...]  # entry ids, by title
    moved_in: tuple[str, ...]
    moved_out: tuple[str, ...]
    first: bool  # the baseline edition


@dataclass(frozen=True, slots=True)
class PublicRadar:
    config: RadarConfig
    edition: str | None  # the published edition (None: the workspace as it is now)
    tag: str | None
    entries: tuple[PublicEntry, ...]  # by quadrant, ring, title
    editions: tuple[PublicEdition, ...]  # oldest first, up to the published one

    @property
    def movements(self) -> dict[str, str]:
        return {e.id: e.movement for e in self.entries if e.movement}


def _kind(before: str | None, after: str, rings: Sequence[str]) -> str | None:
    if before is None:
        return "new"
    if before == after:
        return None
    order = {r: i for i, r in enumerate(rings)}
    return "moved-in" if order.get(after, 99) < order.get(before, 99) else "moved-out"


def _net_moves(
    moves: Sequence[RadarMove], rings: Sequence[str]
) -> dict[str, tuple[str | None, str]]:
    """Entry id → (its ring before these moves, after them); entries that came back to their
    ring are absent."""
    first: dict[str, RadarMove] = {}
    last: dict[str, RadarMove] = {}
    for move in moves:
        first.setdefault(move.entry, move)
        last[move.entry] = move
    out = {}
    for entry, move in last.items():
        before = first[entry].previous_ring if first[entry].kind != "new" else None
        if _kind(before, move.ring, rings) is not None:
            out[entry] = (before, move.ring)
    return out


@dataclass(frozen=True, slots=True)
class EditionMoves:
    """One edition's moves, as the caller read them from git."""

    name: str
    date: str
    moves: tuple[RadarMove, ...]


def _editions(
    editions: Sequence[EditionMoves],
    published: set[str],
    titles: Mapping[str, str],
    rings: Sequence[str],
) -> tuple[PublicEdition, ...]:
    out = []
    for index, edition in enumerate(editions):
        net = _net_moves(edition.moves, rings)
        kinds: dict[str, list[str]] = {"new": [], "moved-in": [], "moved-out": []}
        for entry, (before, after) in net.items():
            kind = _kind(before, after, rings)
            if entry in published and kind is not None and index > 0:
                kinds[kind].append(entry)
        order = sorted(published, key=lambda e: (titles.get(e, e).lower(), e))
        rank = {e: i for i, e in enumerate(order)}
        out.append(
            PublicEdition(
                name=edition.name,
                date=edition.date,
                new=tuple(sorted(kinds["new"], key=rank.__getitem__)),
                moved_in=tuple(sorted(kinds["moved-in"], key=rank.__getitem__)),
                moved_out=tuple(sorted(kinds["moved-out"], key=rank.__getitem__)),
                first=index == 0,
            )
        )
    return tuple(out)


def wants(entry: RadarEntry, tag: str | None) -> bool:
    """Whether ``entry`` is published under ``tag`` (None: every entry); tags match ignoring
    case."""
    return tag is None or tag.lower() in {t.lower() for t in entry.tags}


def public_radar(
    config: RadarConfig,
    entries: Sequence[RadarEntry],
    editions: Sequence[EditionMoves],
    *,
    tag: str | None = DEFAULT_TAG,
    edition: str | None = None,
    decision_titles: Mapping[str, str] | None = None,
    usage: Mapping[str, int] | None = None,
) -> PublicRadar:
    """The public radar of ``entries`` (the radar as of the published edition).

    ``editions`` are the editions up to the published one, oldest first, each with its moves;
    when the workspace has moves after its last edition (``edition`` is None), the caller passes
    them as a last, unnamed edition. The movement shown on each entry is its net move in the
    last of ``editions`` (none in the first: it is the baseline)."""
    chosen = [e for e in entries if wants(e, tag)]
    rings = tuple(config.rings)
    current = _net_moves(editions[-1].moves, rings) if len(editions) > 1 else {}
    q_order = {q: i for i, q in enumerate(config.quadrants)}
    r_order = {r: i for i, r in enumerate(rings)}
    chosen.sort(
        key=lambda e: (q_order.get(e.quadrant, 99), r_order.get(e.ring, 99), e.title.lower())
    )
    decision_titles = decision_titles or {}
    public = []
    for e in chosen:
        before, _ = current.get(e.id, (None, e.ring))
        movement = _kind(before, e.ring, rings) if e.id in current else None
        opted = set(e.public)
        public.append(
            PublicEntry(
                id=e.id,
                title=e.title,
                quadrant=e.quadrant,
                ring=e.ring,
                description=e.description,
                tags=tuple(t for t in e.tags),
                movement=movement,
                previous_ring=before if movement in ("moved-in", "moved-out") else None,
                owner=e.owner if "owner" in opted else None,
                decisions=tuple(decision_titles.get(d, d) for d in e.decisions)
                if "decisions" in opted
                else (),
                used_in=(usage or {}).get(e.id, 0) if "usage" in opted else None,
            )
        )
    titles = {e.id: e.title for e in chosen}
    return PublicRadar(
        config=config,
        edition=edition,
        tag=tag,
        entries=tuple(public),
        editions=_editions(editions, set(titles), titles, rings),
    )
