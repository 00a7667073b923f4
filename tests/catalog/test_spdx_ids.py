"""The shipped list of versioned SPDX ids is license-expression's, and names licence texts."""

from __future__ import annotations

import pytest

from lodestar.catalog.licences import licensing
from lodestar.catalog.spdx_ids import _SHIPPED, versioned_licence_ids
from lodestar.records import FileKind
from lodestar.scan.classify import classify_kind, is_licence_text_name


def _versioned(lowered: str) -> bool:
    family, sep, version = lowered.partition("-")
    return bool(sep and family.isalpha() and version[:1].isdigit() and len(lowered) <= 60)


def test_the_shipped_list_is_the_versioned_part_of_license_expressions_index() -> None:
    names: set[str] = set()
    for symbol in licensing().known_symbols.values():
        for name in (symbol.key, *getattr(symbol, "aliases", ())):
            if _versioned(str(name).lower()):
                names.add(str(name).lower())
    assert versioned_licence_ids() == names, (
        f"{_SHIPPED} is stale; write these lines into it:\n" + "\n".join(sorted(names))
    )
    assert _SHIPPED.read_text("ascii") == "".join(f"{n}\n" for n in sorted(names))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("LGPL-2.1", True),
        ("GPL-3.0.txt", True),
        ("Apache-2.0.md", True),
        ("AGPL-3.0-or-later", True),
        ("python-3.11", False),
        ("GPL-99.0", False),
        ("README-1.0", False),
    ],
)
def test_a_file_named_after_a_versioned_licence_id_is_a_licence_text(
    name: str, expected: bool
) -> None:
    assert is_licence_text_name(name) is expected
    kind = classify_kind(f"licenses/{name}", b"", None)
    assert (kind == FileKind.DOCUMENTATION) is expected
