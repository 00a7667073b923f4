"""Lodestar's reference data, shipped in the package, plus a workspace's additions.

* technologies (:func:`load_catalog` → :class:`TechnologyCatalog`): what a purl, an image or a
  path is, with categories and end-of-life product ids;
* end-of-life cycles (:func:`load_eol` → :class:`EolCatalog`): endoflife.date-shaped release
  cycles, judged at a date;
* languages (:class:`LanguageCatalog`): Linguist-like definitions with code kinds;
* the keys and globs the matchers compare (:func:`image_key`, :func:`glob_regex`, …);
* browsing (:func:`find_technologies`, :func:`technology_card`): `lodestar catalog list`/`show`.

Reached by their own path, and not imported here: ``licences`` and ``licence_names`` (SPDX
texts, names and expressions; their import costs the start-up of commands that never read a
licence), ``languages.default_catalog``, ``technology_files`` and ``eol_update`` (the shipped
files, compiled and updated by the maintenance scripts).
"""

from __future__ import annotations

import typing

from lodestar import faces

if typing.TYPE_CHECKING:
    from lodestar.catalog.browse import (
        TechnologyCard,
        category_choice,
        find_technologies,
        list_command,
        technology_card,
    )
    from lodestar.catalog.eol import (
        PRODUCT_ID,
        SNAPSHOT_FILE,
        load_eol,
        parse_cycles,
        parse_snapshot,
    )
    from lodestar.catalog.eol_model import (
        ENDING_SOON_DAYS,
        MAX_AGE_DAYS,
        Cycle,
        EolCatalog,
        EolState,
        EolStatus,
        Snapshot,
        version_from_image_tag,
    )
    from lodestar.catalog.languages import CODE_KINDS, LanguageCatalog, LanguageDef, LanguageKind
    from lodestar.catalog.matchers import (
        GLOB_CHARS,
        PathIndex,
        PatternIndex,
        glob_regex,
        image_key,
        is_type_package,
        path_glob_regex,
    )
    from lodestar.catalog.technologies import TechnologyCatalog, load_catalog
    from lodestar.catalog.technology_model import (
        CATEGORY_LABELS,
        TAGS,
        Category,
        Technology,
        category_named,
    )

__all__ = [
    "CATEGORY_LABELS",
    "CODE_KINDS",
    "ENDING_SOON_DAYS",
    "GLOB_CHARS",
    "MAX_AGE_DAYS",
    "PRODUCT_ID",
    "SNAPSHOT_FILE",
    "TAGS",
    "Category",
    "Cycle",
    "EolCatalog",
    "EolState",
    "EolStatus",
    "LanguageCatalog",
    "LanguageDef",
    "LanguageKind",
    "PathIndex",
    "PatternIndex",
    "Snapshot",
    "Technology",
    "TechnologyCard",
    "TechnologyCatalog",
    "category_choice",
    "category_named",
    "find_technologies",
    "glob_regex",
    "image_key",
    "is_type_package",
    "list_command",
    "load_catalog",
    "load_eol",
    "parse_cycles",
    "parse_snapshot",
    "path_glob_regex",
    "technology_card",
    "version_from_image_tag",
]

__getattr__, __dir__ = faces.lazy_face(
    __name__,
    {
        "CATEGORY_LABELS": "technology_model",
        "CODE_KINDS": "languages",
        "Category": "technology_model",
        "Cycle": "eol_model",
        "ENDING_SOON_DAYS": "eol_model",
        "EolCatalog": "eol_model",
        "EolState": "eol_model",
        "EolStatus": "eol_model",
        "GLOB_CHARS": "matchers",
        "LanguageCatalog": "languages",
        "LanguageDef": "languages",
        "LanguageKind": "languages",
        "MAX_AGE_DAYS": "eol_model",
        "PRODUCT_ID": "eol",
        "PathIndex": "matchers",
        "PatternIndex": "matchers",
        "SNAPSHOT_FILE": "eol",
        "TAGS": "technology_model",
        "Snapshot": "eol_model",
        "Technology": "technology_model",
        "TechnologyCard": "browse",
        "category_choice": "browse",
        "find_technologies": "browse",
        "technology_card": "browse",
        "list_command": "browse",
        "TechnologyCatalog": "technologies",
        "category_named": "technology_model",
        "glob_regex": "matchers",
        "image_key": "matchers",
        "is_type_package": "matchers",
        "load_catalog": "technologies",
        "load_eol": "eol",
        "parse_cycles": "eol",
        "parse_snapshot": "eol",
        "path_glob_regex": "matchers",
        "version_from_image_tag": "eol_model",
    },
)
