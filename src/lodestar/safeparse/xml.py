"""The one door to XML: defusedxml, with DTDs, entities and external references forbidden.

Used by the scanner's XML manifests and metadata (Maven ``pom.xml``, MSBuild projects,
``packages.config``, ``Directory.Packages.props``) and the build files the runtime readers
and the licence reader look into.

No POM, MSBuild or NuGet file has a DTD, so refusing one outright makes entity expansion
("billion laughs", quadratic blow-up) and external entities impossible rather than budgeted.
Every failure is a :class:`~lodestar.errors.ManifestError` with the path and, where expat
says it, the line and column: malformed XML, a refused construct (``XML refused:
DTDForbidden``), an encoding Python does not know, a document larger than ``max_bytes``.
:func:`load_xml_lines` also gives the line each element starts on.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser

from lodestar.errors import ManifestError

__all__ = ["XmlTree", "load_xml", "load_xml_lines"]


@dataclass(frozen=True, slots=True)
class XmlTree:
    """A parsed document: its root element and the 1-based line each element starts on."""

    root: ET.Element
    lines: Mapping[int, int]  # id(element) → line

    def line_of(self, element: ET.Element) -> int:
        """The line ``element`` starts on (0 when it is not of this tree)."""
        return self.lines.get(id(element), 0)


class _LineBuilder(ET.TreeBuilder):
    """A TreeBuilder that remembers the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: XMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def load_xml(path: str, data: bytes, *, max_bytes: int | None = None) -> ET.Element:
    """The root element of ``data``; ManifestError for malformed or hostile XML."""
    return _parse(path, data, ET.TreeBuilder(), max_bytes)


def load_xml_lines(path: str, data: bytes, *, max_bytes: int | None = None) -> XmlTree:
    """:func:`load_xml`, with the line each element starts on."""
    builder = _LineBuilder()
    root = _parse(path, data, builder, max_bytes)
    return XmlTree(root, builder.lines)


def _parse(path: str, data: bytes, builder: ET.TreeBuilder, max_bytes: int | None) -> ET.Element:
    if max_bytes is not None and len(data) > max_bytes:
        raise ManifestError(f"larger than {max_bytes:,} bytes: refused", path=path)
    parser = XMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    if isinstance(builder, _LineBuilder):
        builder.parser = parser
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", None) or (None, None)
        raise ManifestError(
            f"invalid XML: {exc}",
            path=path,
            line=line,
            column=column + 1 if column is not None else None,
        ) from None
    except DefusedXmlException as exc:
        raise ManifestError(f"XML refused: {type(exc).__name__}", path=path) from None
    except LookupError as exc:  # an XML declaration naming an encoding Python does not know
        raise ManifestError(f"invalid XML: {exc}", path=path, line=1) from None
    except (ValueError, RecursionError) as exc:
        raise ManifestError(f"invalid XML: {type(exc).__name__}", path=path) from None
    return root
