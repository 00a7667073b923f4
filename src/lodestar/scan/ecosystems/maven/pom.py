"""Reading one ``pom.xml`` into a plain model, safely: no inheritance, no interpolation yet.

XML is parsed only through :mod:`lodestar.safeparse.xml` (defusedxml, DTDs forbidden: a POM never
has one), so entity expansion bombs and external entities are a :class:`ManifestError`, like any
other malformed XML.
Element names are matched on their local name, so POMs with or without the
``http://maven.apache.org/POM/4.0.0`` namespace read the same. Every dependency and plugin keeps
the line of its element (expat's position, recorded while the tree is built).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from lodestar.catalog import licences as catalog
from lodestar.errors import ManifestError
from lodestar.safeparse import XmlTree, load_xml, load_xml_lines
from lodestar.scan.ecosystems import metadata_licence as licence_meta
from lodestar.scan.ecosystems.documents import Documents


@dataclass(frozen=True, slots=True)
class Declared:
    """A ``<dependency>`` or ``<plugin>`` as written (strings not yet interpolated)."""

    group: str | None
    artifact: str | None
    version: str | None
    scope: str | None
    optional: bool
    type: str
    classifier: str | None
    line: int


@dataclass(frozen=True, slots=True)
class ParentRef:
    group: str | None
    artifact: str | None
    version: str | None
    relative_path: str | None  # None: Maven's default ../pom.xml; "": do not look locally
    line: int


@dataclass(slots=True)
class Profile:
    id: str | None
    properties: dict[str, str] = field(default_factory=dict)
    dependencies: list[Declared] = field(default_factory=list)
    managed: list[Declared] = field(default_factory=list)


@dataclass(slots=True)
class Pom:
    group: str | None
    artifact: str | None
    version: str | None
    parent: ParentRef | None
    properties: dict[str, str] = field(default_factory=dict)
    dependencies: list[Declared] = field(default_factory=list)
    managed: list[Declared] = field(default_factory=list)
    plugins: list[Declared] = field(default_factory=list)
    managed_plugins: list[Declared] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) == name] if element is not None else []


def _path(element: ET.Element | None, *names: str) -> ET.Element | None:
    for name in names:
        element = _child(element, name)
    return element


def _text(element: ET.Element | None, name: str) -> str | None:
    child = _child(element, name)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


class _Reader:
    def __init__(self, tree: XmlTree) -> None:
        self.tree = tree

    def declared(self, element: ET.Element) -> Declared:
        return Declared(
            group=_text(element, "groupId"),
            artifact=_text(element, "artifactId"),
            version=_text(element, "version"),
            scope=_text(element, "scope"),
            optional=(_text(element, "optional") or "").lower() == "true",
            type=_text(element, "type") or "jar",
            classifier=_text(element, "classifier"),
            line=self.tree.line_of(element),
        )

    def dependencies(self, container: ET.Element | None) -> list[Declared]:
        return [
            self.declared(e) for e in _children(_child(container, "dependencies"), "dependency")
        ]

    def plugins(self, build: ET.Element | None) -> list[Declared]:
        return [self.declared(e) for e in _children(_child(build, "plugins"), "plugin")]


def _properties(element: ET.Element | None) -> dict[str, str]:
    if element is None:
        return {}
    return {_local(p.tag): (p.text or "").strip() for p in element if _local(p.tag)}


def read_pom(path: str, data: bytes) -> Pom:
    """The POM's own declarations; ManifestError for malformed or hostile XML."""
    return pom_of(path, load_xml_lines(path, data))


def pom_of(path: str, tree: XmlTree) -> Pom:
    """The POM's own declarations in a parsed tree (the scan's shared document, or
    :func:`read_pom`'s); ManifestError when it is not a POM."""
    root = tree.root
    if _local(root.tag) != "project":
        raise ManifestError(f"not a POM: root element is <{_local(root.tag)}>", path=path, line=1)
    reader = _Reader(tree)
    parent_element = _child(root, "parent")
    parent = None
    if parent_element is not None:
        relative = _child(parent_element, "relativePath")
        parent = ParentRef(
            group=_text(parent_element, "groupId"),
            artifact=_text(parent_element, "artifactId"),
            version=_text(parent_element, "version"),
            relative_path=None if relative is None else (relative.text or "").strip(),
            line=tree.line_of(parent_element),
        )
    build = _child(root, "build")
    return Pom(
        group=_text(root, "groupId"),
        artifact=_text(root, "artifactId"),
        version=_text(root, "version"),
        parent=parent,
        properties=_properties(_child(root, "properties")),
        dependencies=reader.dependencies(root),
        managed=reader.dependencies(_child(root, "dependencyManagement")),
        plugins=reader.plugins(build),
        managed_plugins=reader.plugins(_child(build, "pluginManagement")),
        profiles=[
            Profile(
                id=_text(p, "id"),
                properties=_properties(_child(p, "properties")),
                dependencies=reader.dependencies(p),
                managed=reader.dependencies(_child(p, "dependencyManagement")),
            )
            for p in _children(_path(root, "profiles"), "profile")
        ],
    )


# --------------------------------------------------------------------------------------------
# The declared licence


def _licence(path: str, root: ET.Element, notes: list[str]) -> str | None:
    if licence_meta.local_name(root.tag) != "project":
        return None
    found: list[str] = []
    for block in root:
        if licence_meta.local_name(block.tag) != "licenses":
            continue
        for licence in block:
            if licence_meta.local_name(licence.tag) != "license":
                continue
            fields = {
                licence_meta.local_name(child.tag): (child.text or "").strip() for child in licence
            }
            name, url = fields.get("name", ""), fields.get("url", "")
            if "${" in name:
                notes.append(f"{path} names its licence through a property ({name})")
                continue
            expression = licence_meta.from_name(name, url or None) if name else None
            if expression is None and url:
                expression = catalog.spdx_for_url(url) or catalog.licence_ref(url)
            if expression:
                found.append(expression)
    return catalog.join_expressions(found, "OR")


def declared_licence_of(
    path: str, data: bytes, notes: list[str], documents: Documents | None = None
) -> str | None:
    """The SPDX expression this file declares as its package's licence (None: none), noting
    pointers to licence files in ``notes``; :class:`ManifestError` for a file not read."""
    tree = documents.xml(path, data) if documents is not None else None
    return _licence(path, load_xml(path, data) if tree is None else tree.root, notes)
