"""SPDX licence ids and aliases that carry a version (``gpl-2.0``, ``lgpl-2.1-or-later``).

A file named after one of them (``LGPL-2.1``, ``GPL-3.0.txt``) holds a licence text. The list is
the versioned part of license-expression's SPDX index (keys and aliases, lower case), shipped as
``data/spdx_versioned_ids.txt`` so that telling such a file apart costs a 4 KB read instead of
loading that index (the whole SPDX list, about a hundred milliseconds of a ``lodestar loc``
start). tests/catalog/test_spdx_ids.py regenerates it from the installed library and fails
when the two differ.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["is_versioned_licence_id", "versioned_licence_ids"]

_SHIPPED = Path(__file__).with_name("data") / "spdx_versioned_ids.txt"


@cache
def versioned_licence_ids() -> frozenset[str]:
    """Every versioned SPDX id or alias, lower case."""
    return frozenset(_SHIPPED.read_text("ascii").split())


def is_versioned_licence_id(lowered: str) -> bool:
    """Whether ``lowered`` (lower case) is a versioned SPDX id or alias."""
    return lowered in versioned_licence_ids()
