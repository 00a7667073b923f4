"""A package's own declared licence, as its metadata file states it: the reading families share.

Each ecosystem family reads the licence its metadata file declares (package.json's
``license``, pyproject.toml's ``[project] license``, the ``<licenses>`` of a pom.xml …) in the
module that reads the same file's dependencies; :func:`lodestar.scan.licences.declared_licences`
asks the family for it (see ``LICENCE_FILES`` in :mod:`lodestar.scan.ecosystems.registry`).
Files are loaded through :mod:`lodestar.safeparse` (``load_json`` wants an object).
These helpers turn what the files say into SPDX expressions: free-text names and trove
classifiers are mapped to SPDX ids where they can be, else kept as ``LicenseRef-…``; a pointer
to a file (``SEE LICENSE IN …``) declares nothing and is noted.
"""

from __future__ import annotations

import re
from typing import Any

from lodestar.catalog import licences as catalog
from lodestar.safeparse import decode_text, load_json_object, load_toml
from lodestar.scan.ecosystems.documents import Documents

__all__ = [
    "UNKNOWN",
    "decode_text",
    "from_classifiers",
    "from_name",
    "from_text",
    "json_object",
    "load_json",
    "load_toml",
    "see_file",
    "strings",
    "table",
    "toml_document",
]

UNKNOWN = "LicenseRef-unknown"


def table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def from_name(name: str, url: str | None = None) -> str | None:
    """An expression for a licence name (and URL) from metadata; a known URL beats a vague name."""
    name = name.strip()
    if len(name) > 200 or "\n" in name:
        return from_text(name)
    found = catalog.normalise_expression(name) if name else None
    by_url = catalog.spdx_for_url(url) if url else None
    if by_url and (
        found is None or (found.startswith("LicenseRef-") and by_url not in catalog.FAMILIES)
    ):
        return by_url
    return found


def from_text(text: str) -> str | None:
    """A whole licence text pasted into a metadata field."""
    # licences imports the families' readers only when it reads a metadata file: no cycle
    from lodestar.scan.licences import match_licence_text  # noqa: PLC0415

    matches = match_licence_text(text)
    if matches:
        return catalog.join_expressions((spdx for spdx, _ in matches), "OR")
    return UNKNOWN if text.strip() else None


def see_file(value: str, notes: list[str], path: str) -> bool:
    found = re.match(r"^\s*SEE LICEN[CS]E IN\s+(.+)$", value, re.IGNORECASE)
    if found:
        notes.append(f"{path} points to a licence file ({found.group(1).strip()})")
    return bool(found)


def from_classifiers(values: object) -> str | None:
    found = (catalog.spdx_for_classifier(c) for c in strings(values))
    return catalog.join_expressions((f for f in found if f), "OR")


def local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def load_json(path: str, data: bytes) -> dict[str, Any]:
    """A metadata file's JSON object (ManifestError, positioned, for anything else)."""
    return load_json_object(path, data)


def json_object(path: str, data: bytes, documents: Documents | None) -> dict[str, Any]:
    """:func:`load_json`, parsed once per scan: the scan's document when it holds one."""
    doc = documents.json(path, data) if documents is not None else None
    return doc if isinstance(doc, dict) else load_json(path, data)


def toml_document(path: str, data: bytes, documents: Documents | None) -> dict[str, Any]:
    """:func:`load_toml`, parsed once per scan: the scan's document when it holds one."""
    doc = documents.toml(path, data) if documents is not None else None
    return doc if doc is not None else load_toml(path, data)
