"""Shared reading of NuGet's XML files (MSBuild projects, packages.config): safely, and plainly.

XML is parsed by the callers through :func:`lodestar.safeparse.load_xml` (defusedxml, DTDs
forbidden: no MSBuild or NuGet file has one), so entity expansion bombs and external entities are
refused as :class:`~lodestar.errors.ManifestError`. MSBuild names (elements, attributes,
metadata, properties) are case-insensitive: this module lowers them.
NuGet versions: a plain version (``13.0.3``, NuGet's "at least, and lowest applicable") and a
bracketed single version (``[13.0.3]``) are exact; ranges (``[1.0,2.0)``) and floating versions
(``6.*``) are constraints only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

ECOSYSTEM = "nuget"
_EXACT = re.compile(
    r"\[?\s*(\d{1,20}(?:\.\d{1,20}){1,3}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\s*\]?"
)


def local(tag: object) -> str:
    """An element's name without its namespace, lower-cased; '' for comments and the like."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def metadata(element: Element) -> dict[str, str]:
    """An item's metadata from its attributes and child elements, keys lower-cased."""
    meta = {key.lower(): value.strip() for key, value in element.attrib.items()}
    for child in element:
        name = local(child.tag)
        if name:
            meta.setdefault(name, (child.text or "").strip())
    return meta


def exact_version(version: str) -> str | None:
    """The version when the requirement pins one (``1.2.3`` or ``[1.2.3]``), else None."""
    stripped = version.strip()
    if stripped.startswith("[") != stripped.endswith("]"):
        return None
    match = _EXACT.fullmatch(stripped)
    return match.group(1) if match else None


def text_of(data: bytes) -> str:
    """The text of an XML file for line lookups (UTF-16 when it has that BOM, else UTF-8)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


class LineFinder:
    """Best-effort line of each ``Include="name"`` / ``id="name"``, searching forward."""

    def __init__(self, data: bytes, attribute: str) -> None:
        self.text = text_of(data)
        self.attribute = attribute
        self.cursor = 0
        self.line = 1

    def find(self, name: str) -> int | None:
        pattern = re.compile(
            rf"""\b{self.attribute}\s*=\s*["']\s*{re.escape(name)}\s*["']""", re.IGNORECASE
        )
        match = pattern.search(self.text, self.cursor)
        if match is None:
            return None
        self.line += self.text.count("\n", self.cursor, match.start())
        self.cursor = match.start()
        return self.line
