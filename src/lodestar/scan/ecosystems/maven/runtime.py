"""The Java release a Maven POM declares, for the EOL checks (:mod:`lodestar.scan.runtimes`).

It is checked against :data:`~lodestar.scan.runtimes_versions.JAVA_NEUTRAL` (Eclipse Temurin's
support calendar), since a build names the language level, not a distribution; a language level
is a *supported* minimum (:func:`lodestar.scan.runtimes_builds.java_level`). One release per
POM, the one the compiler obeys: the ``maven-compiler-plugin``'s ``<release>``, else the
``maven.compiler.release`` property, else ``<target>`` / ``maven.compiler.target``, else
``<source>`` / ``maven.compiler.source``, else the ``java.version`` property (Spring Boot's
convention). ``${…}`` references are resolved from the POM's own ``<properties>``; a value
inherited from a parent POM (Spring Boot's parent sets ``java.version``) is not seen.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lodestar.scan.runtimes_builds import java_level, load_xml, local
from lodestar.scan.runtimes_versions import Declared, Source, Warn, java_release

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_PROPERTY = re.compile(r"\$\{([^}]+)\}")
_POM_ORDER = (
    ("release", True),
    ("maven.compiler.release", False),
    ("target", True),
    ("maven.compiler.target", False),
    ("source", True),
    ("maven.compiler.source", False),
    ("java.version", False),
)  # (name, is a compiler-plugin configuration element rather than a property)


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if local(c.tag) == name), None)


def _path(element: Element | None, *names: str) -> Element | None:
    for name in names:
        if element is None:
            return None
        element = _child(element, name)
    return element


def _compiler_configuration(root: Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for plugins in (
        _path(root, "build", "plugins"),
        _path(root, "build", "pluginManagement", "plugins"),
    ):
        for plugin in plugins if plugins is not None else ():
            artifact = _child(plugin, "artifactId")
            configuration = _child(plugin, "configuration")
            if artifact is None or (artifact.text or "").strip() != "maven-compiler-plugin":
                continue
            for element in configuration if configuration is not None else ():
                if element.text and element.text.strip():
                    found.setdefault(local(element.tag), element.text.strip())
    return found


def _substitute(value: str, properties: dict[str, str]) -> str:
    for _ in range(5):
        replaced = _PROPERTY.sub(lambda m: properties.get(m.group(1), m.group(0)), value)
        if replaced == value:
            break
        value = replaced
    return value


def _text_line(text: str, tag: str, value: str) -> int | None:
    found = re.search(rf"<{re.escape(tag)}>\s*{re.escape(value)}\s*<", text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def read_pom(source: Source, warn: Warn) -> list[Declared]:
    tree = source.documents.xml(source.path, source.data) if source.documents else None
    root = load_xml(source.data, warn) if tree is None else tree.root  # parsed once per scan
    if root is None:
        return []
    if local(root.tag) != "project":
        warn(f"not a POM: root element is <{local(root.tag)[:40]}>")
        return []
    properties_element = _child(root, "properties")
    properties = {
        local(p.tag): (p.text or "").strip()
        for p in (properties_element if properties_element is not None else ())
    }
    configuration = _compiler_configuration(root)
    for name, in_plugin in _POM_ORDER:
        raw = (configuration if in_plugin else properties).get(name)
        if not raw:
            continue
        value = _substitute(raw, properties)
        if "${" in value:
            continue  # defined in a parent POM or on the command line: not seen here
        line = _text_line(source.text, name, raw)
        return [java_level(java_release(value), f"<{name}>{raw}</{name}>", line)]
    return []
