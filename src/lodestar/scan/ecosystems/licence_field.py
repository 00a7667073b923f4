"""A dependency's declared licence, as a lock file records it, turned into an SPDX expression.

Only two lock formats carry each package's licence: npm's ``package-lock.json`` /
``npm-shrinkwrap.json`` v2/v3 (``packages[…].license``, copied from the package's own
package.json) and ``composer.lock`` (``packages[].license``, a list). The others Lodestar reads
(package-lock v1, yarn, pnpm, bun, Pipfile.lock, poetry.lock, uv.lock, pdm.lock, pylock.toml,
Cargo.lock, Gemfile.lock, go.sum, gradle.lockfile, packages.lock.json, .terraform.lock.hcl) do
not record licences, so their dependencies keep ``licence=None`` (unknown).

What a value becomes (:func:`declared_licence`):

- an SPDX expression (``MIT``, ``(MIT OR Apache-2.0)``, ``GPL-2.0+``) → its canonical form
  (deprecated ids become their successors: ``GPL-2.0-or-later``);
- a licence name the catalog knows (``Apache 2.0``, ``The MIT License``) → its SPDX id;
  npm's ``UNLICENSED`` and composer's ``proprietary`` → ``LicenseRef-Proprietary``;
- anything else (``BSD``, ``SEE LICENSE IN LICENSE.md``, ``Custom``) → kept as declared, as
  ``LicenseRef-<the text>``: no policy lists it, so a policy with an allow list flags it as
  not allowed instead of letting it pass unseen;
- a list (composer, legacy npm ``licenses``) → its items joined with ``OR`` (composer's
  meaning: the user may choose); an object ``{"type": …, "url": …}`` → its type, else its URL
  when the URL is a well-known licence page;
- nothing usable (null, numbers, empty strings, deeper nesting) → None.

Hostile values stay cheap: strings longer than ``MAX_CHARS`` are cut before reading (a pasted
licence text becomes a ``LicenseRef-`` of its first words), only the first ``MAX_ITEMS`` items
of a list count, and nesting deeper than one list of objects is ignored.
"""

from __future__ import annotations

from lodestar.catalog import licences as catalog

__all__ = ["MAX_CHARS", "MAX_ITEMS", "declared_licence"]

MAX_CHARS = 300
MAX_ITEMS = 16


def _one(value: object) -> str | None:
    if isinstance(value, str):
        text = value[:MAX_CHARS]
        return catalog.normalise_expression(text) if text.strip() else None
    if isinstance(value, dict):
        kind, url = value.get("type"), value.get("url")
        if isinstance(kind, str) and kind.strip():
            return catalog.normalise_expression(kind[:MAX_CHARS])
        if isinstance(url, str) and url.strip():
            return catalog.spdx_for_url(url[:MAX_CHARS]) or catalog.licence_ref(url[:MAX_CHARS])
    return None


def declared_licence(*values: object) -> str | None:
    """The SPDX expression for a package's ``license`` (and legacy ``licenses``) field values."""
    found: list[str] = []
    for value in values:
        items = value[:MAX_ITEMS] if isinstance(value, list) else [value]
        found.extend(e for e in map(_one, items) if e)
    return catalog.join_expressions(found, "OR")
