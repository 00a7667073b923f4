"""Names, not ids: what a page shows for a catalog technology, an end-of-life product, a
technology category or a matcher (the ids stay in the API and in titles, for copying).

A technology id is shown as its catalog name (``ruby-on-rails`` → "Ruby on Rails"); an
endoflife.date product as the name of the catalog technology that tracks it (``nodejs`` →
"Node.js"), else the product id; a category as its label (``ai-ml`` → "AI/ML",
:data:`lodestar.catalog.CATEGORY_LABELS`); a matcher as its technology's name or its purl,
with its version range. Ids the catalog does not know are shown as they are.
"""

from __future__ import annotations

from lodestar.catalog import CATEGORY_LABELS, TechnologyCatalog, category_named
from lodestar.records import Matcher


def technology_name(catalog: TechnologyCatalog, tech_id: str) -> str:
    """The catalog name of ``tech_id`` (the id itself when the catalog does not know it)."""
    found = catalog.get(tech_id)
    return found.name if found is not None else tech_id


def product_name(catalog: TechnologyCatalog, product: str) -> str:
    """The name of the technology whose end of life the endoflife.date ``product`` tracks."""
    found = catalog.match_eol(product)
    return found[0].name if found else technology_name(catalog, product)


def category_name(category: str) -> str:
    """The label of a technology category (``ci-cd`` → "CI/CD"); unknown ones as they are."""
    found = category_named(category)
    return CATEGORY_LABELS[found] if found is not None else category


def matcher_name(catalog: TechnologyCatalog, m: Matcher) -> str:
    """A matcher as a person reads it: the technology's name (or the purl) and the range."""
    subject = technology_name(catalog, m.technology) if m.technology else m.purl or "?"
    return f"{subject} {m.versions}" if m.versions else subject
