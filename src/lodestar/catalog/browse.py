"""Browsing the technology catalog: which ids exist, and what evidence detects each one.

``lodestar catalog list [--category C] [QUERY]`` calls :func:`find_technologies` and
``lodestar catalog show ID`` :func:`technology_card`: the ids a radar entry, a decision or a
campaign names in ``matchers: [{technology: ID}]``, with the packages (purl patterns), files,
container images and languages that reveal each technology in a repository, and the
endoflife.date product whose release cycles judge its versions. An unknown id is a
:class:`~lodestar.errors.NotFoundError` with a did-you-mean; an unknown category a
:class:`~lodestar.errors.UsageError` naming the categories.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from lodestar.catalog.eol_model import EolCatalog
from lodestar.catalog.technologies import TechnologyCatalog
from lodestar.catalog.technology_model import CATEGORY_LABELS, Category, Technology, category_named
from lodestar.errors import NotFoundError, UsageError

__all__ = [
    "CycleRow",
    "TechnologyCard",
    "category_choice",
    "find_technologies",
    "list_command",
    "technology_card",
]

MAX_CYCLES = 5  # the newest release cycles a card lists


@dataclass(frozen=True, slots=True)
class CycleRow:
    """One release cycle as a card lists it."""

    cycle: str
    release_date: dt.date | None
    eol: dt.date | bool | None  # a date, True (reached), False (not announced), None (unknown)
    latest: str | None


@dataclass(frozen=True, slots=True)
class TechnologyCard:
    """One technology as ``catalog show`` presents it: what it is, what reveals it, its EOL."""

    id: str
    name: str
    category: str  # the category's value (``ci-cd``)
    category_label: str  # and its label (``CI/CD``)
    homepage: str
    description: str
    aliases: tuple[str, ...]
    packages: tuple[str, ...]  # purl patterns
    files: tuple[str, ...]  # repository path patterns
    images: tuple[str, ...]  # container image names
    languages: tuple[str, ...]  # languages whose code reveals it
    eol_product: str | None  # the endoflife.date product id
    eol_as_of: str | None  # when that product's data was taken (ISO date)
    cycles: tuple[CycleRow, ...]  # its newest release cycles (at most MAX_CYCLES)
    cycle_count: int


def category_choice(name: str) -> Category:
    """The category called ``name`` (value or label, any case); a UsageError naming them all."""
    found = category_named(name)
    if found is None:
        values = [c.value for c in Category]
        close = difflib.get_close_matches(name.strip().lower(), values, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"unknown category {name!r}{hint} use one of {', '.join(values)}")
    return found


def _text(tech: Technology) -> str:
    words = (tech.id, tech.name, *tech.aliases, *tech.tags, tech.description, *tech.purls)
    return " ".join(words).lower()


def find_technologies(
    catalog: TechnologyCatalog, query: str | None = None, category: str | None = None
) -> list[Technology]:
    """The technologies of ``category`` whose id, name, aliases, tags, description or package
    patterns contain ``query`` (any case), exact id or name first, then by id."""
    wanted = category_choice(category) if category else None
    needle = (query or "").strip().lower()
    found = [
        t
        for t in catalog
        if (wanted is None or t.category == wanted) and (not needle or needle in _text(t))
    ]
    return sorted(found, key=lambda t: (needle not in (t.id, t.name.lower()), t.id))


def list_command(word: str, catalog: TechnologyCatalog | None = None) -> str:
    """The ``lodestar catalog list QUERY`` command that lists the ids near an unknown ``word``:
    its first letters (a misspelt id seldom contains itself), as many as still list something
    in ``catalog`` (when given), at least two."""
    head = "".join(c for c in word.strip().lower().split("-")[0] if c.isalnum())[:5]
    while catalog is not None and len(head) > 2 and not find_technologies(catalog, head):
        head = head[:-1]
    return f"lodestar catalog list {head}" if len(head) >= 2 else "lodestar catalog list"


def _unknown(catalog: TechnologyCatalog, name: str) -> NotFoundError:
    ids = [t.id for t in catalog]
    close = difflib.get_close_matches(name.strip().lower(), ids, n=2, cutoff=0.75)
    hint = f"; did you mean {', '.join(close)}?" if close else ";"
    return NotFoundError(
        f"no technology {name!r} in the catalog{hint} list the ids with "
        f"'{list_command(name, catalog)}' (or add it under the workspace's catalog/)"
    )


def technology_card(catalog: TechnologyCatalog, eol: EolCatalog, name: str) -> TechnologyCard:
    """The technology with id, name or alias ``name``; NotFoundError with a did-you-mean."""
    tech = catalog.get(name) or catalog.find(name)
    if tech is None:
        raise _unknown(catalog, name)
    product = tech.eol
    cycles = eol.cycles(product) if product else ()
    as_of = eol.as_of(product) if product else None
    return TechnologyCard(
        id=tech.id,
        name=tech.name,
        category=tech.category.value,
        category_label=CATEGORY_LABELS[tech.category],
        homepage=tech.homepage,
        description=tech.description,
        aliases=tech.aliases,
        packages=tech.purls,
        files=tech.files,
        images=tech.images,
        languages=tech.languages,
        eol_product=product,
        eol_as_of=as_of.isoformat() if as_of else None,
        cycles=tuple(
            CycleRow(c.cycle, c.release_date, c.eol, c.latest) for c in cycles[:MAX_CYCLES]
        ),
        cycle_count=len(cycles),
    )
