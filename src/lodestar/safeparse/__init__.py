"""Hostile-input parsing that several layers share (see ARCHITECTURE.md, ``safeparse``).

Only the version-range door lives here so far; everything in it bounds its input first.
"""

from __future__ import annotations

from lodestar.safeparse.ranges import (
    MAX_NUMBER_DIGITS,
    MAX_RANGE_CHARS,
    MAX_VERSION_CHARS,
    RangeError,
    VersionRange,
    parse_range,
    parse_version,
    range_examples,
)

__all__ = [
    "MAX_NUMBER_DIGITS",
    "MAX_RANGE_CHARS",
    "MAX_VERSION_CHARS",
    "RangeError",
    "VersionRange",
    "parse_range",
    "parse_version",
    "range_examples",
]
