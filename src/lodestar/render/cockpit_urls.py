"""Where the cockpit shows a record: page slugs, and absolute links for exports.

The cockpit (:mod:`lodestar.web`) serves one page per record at ``repositories/{slug}/`` and
``radar/{slug}/``; the static site writes the same paths. :func:`page_slug` is the one slug
function both use, so an export that links to the cockpit (the Backstage catalog and radar)
links to the page the cockpit has.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

__all__ = ["CockpitUrls", "page_slug"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def page_slug(name: str) -> str:
    """A file- and URL-safe name; names that needed changing get a short hash to stay unique."""
    cleaned = _UNSAFE.sub("-", name).strip("-.")
    if cleaned == name and cleaned:
        return cleaned
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned[:80] or 'item'}-{digest}"


@dataclass(frozen=True, slots=True)
class CockpitUrls:
    """Absolute links into a cockpit (or static site) published at ``base``."""

    base: str  # "https://lodestar.example.com/" (a trailing slash is added when missing)

    def _page(self, path: str) -> str:
        return self.base.rstrip("/") + "/" + path

    def repository(self, name: str) -> str:
        return self._page(f"repositories/{page_slug(name)}/")

    def entry(self, entry_id: str) -> str:
        return self._page(f"radar/{page_slug(entry_id)}/")
