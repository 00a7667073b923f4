"""Languages as a person reads them: code first, data and prose beside.

GitHub Linguist, which most engineers have seen on every repository page, draws its language
bar from programming and markup languages only; data (JSON, YAML, SVG, CSV, SQL …) and prose
(Markdown, Gettext catalogs, plain text …) are left out of it, since 365,000 lines of
translations do not make a project a Gettext project. Lodestar's "top languages" and language
shares follow the same rule, with the kinds Linguist gives (``catalog/data/languages.toml``).
The data and prose lines are still counted and shown, beside the languages, never among them.

This module is the one derivation: ``repos``, ``report``, the cockpit, the site and the API
all split languages through :func:`split_languages`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from lodestar.catalog import LanguageCatalog
from lodestar.catalog.languages import default_catalog
from lodestar.records import RepositoryRow

__all__ = ["split_languages", "with_code_languages"]

T = TypeVar("T")


def split_languages(
    items: Iterable[T],
    name: Callable[[T], str],
    catalog: LanguageCatalog | None = None,
) -> tuple[tuple[T, ...], tuple[T, ...]]:
    """``items`` split into (code languages, data and prose languages), order kept."""
    languages = catalog or default_catalog()
    code: list[T] = []
    other: list[T] = []
    for item in items:
        (code if languages.is_code(name(item)) else other).append(item)
    return tuple(code), tuple(other)


def with_code_languages(
    rows: Sequence[RepositoryRow], catalog: LanguageCatalog | None = None
) -> list[RepositoryRow]:
    """Repository rows whose ``languages`` are code only, data and prose in ``data_languages``."""
    out = []
    for row in rows:
        if row.data_languages:  # already split
            out.append(row)
            continue
        code, other = split_languages(row.languages, lambda pair: pair[0], catalog)
        out.append(dataclasses.replace(row, languages=code, data_languages=other))
    return out
