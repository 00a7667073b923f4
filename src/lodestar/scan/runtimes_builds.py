"""Java and .NET versions declared in build files: Maven POMs, Gradle scripts, MSBuild projects.

A declared **Java release** is checked against :data:`~lodestar.scan.runtimes_versions.
JAVA_NEUTRAL` (Eclipse Temurin's support calendar), since a build names the language level, not
a distribution. A language level (release, target, source, ``java.version``, Kotlin's
``jvmTarget``) is bytecode for that Java and every later one: a *supported* minimum
(``>=17``); a Gradle toolchain names the JDK the build runs on: *deployed*. One release per
build file, the one the compiler obeys:

* ``pom.xml``: the ``maven-compiler-plugin``'s ``<release>``, else the
  ``maven.compiler.release`` property, else ``<target>`` / ``maven.compiler.target``, else
  ``<source>`` / ``maven.compiler.source``, else the ``java.version`` property (Spring Boot's
  convention). ``${…}`` references are resolved from the POM's own ``<properties>``; a value
  inherited from a parent POM (Spring Boot's parent sets ``java.version``) is not seen.
* ``build.gradle``, ``build.gradle.kts``: a toolchain (``JavaLanguageVersion.of(17)``,
  ``jvmToolchain(17)``), else ``options.release``, else ``targetCompatibility``, else
  ``sourceCompatibility`` (``JavaVersion.VERSION_1_8``, ``'11'``), else Kotlin's ``jvmTarget``.
  Lines are searched as text; a version taken from a variable, a version catalog or
  ``gradle.properties`` is not seen.

**.NET** (``*.csproj``, ``*.fsproj``, ``*.vbproj``, ``Directory.Build.props``): every target
framework of ``<TargetFramework>`` and ``<TargetFrameworks>`` (all conditions taken), and the
old ``<TargetFrameworkVersion>``: ``net5.0`` and later (``net8.0-windows`` too) and
``netcoreappX.Y`` are product ``dotnet``; ``net48``, ``net472``, ``v4.7.2`` are ``dotnetfx``
(.NET Framework); ``netstandard`` names an API surface, not a runtime, and is skipped, as are
values built from ``$(…)`` properties.

XML is parsed through :mod:`lodestar.safeparse.xml` (defusedxml, DTDs forbidden); a malformed or
hostile file is a warning.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lodestar.errors import ManifestError
from lodestar.safeparse import load_xml as safe_xml
from lodestar.scan.runtimes_versions import (
    JAVA_NEUTRAL,
    SUPPORTED,
    Declared,
    Source,
    Warn,
    java_release,
    text_lines,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["read_gradle", "read_msbuild", "read_pom"]

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

_JAVA_VALUE = (
    r"(?:JavaVersion\s*\.\s*VERSION_(?P<enum>\d+(?:_\d+)?)"
    r"|JavaVersion\s*\.\s*toVersion\s*\(\s*['\"]?(?P<call>\d+(?:\.\d+)?)['\"]?\s*\)"
    r"|['\"]?(?P<plain>\d+(?:\.\d+)?)\b['\"]?)"
)
_SET = r"\s*(?:=|\.\s*set\s*\()\s*"
_GRADLE = (  # in order of precedence
    re.compile(r"JavaLanguageVersion\s*\.\s*of\s*\(\s*['\"]?(?P<plain>\d+)['\"]?\s*\)"),
    re.compile(r"\bjvmToolchain\s*\(\s*(?P<plain>\d+)\s*\)"),
    re.compile(r"\boptions\s*\.\s*release" + _SET + r"(?P<plain>\d+)"),
    re.compile(r"\btargetCompatibility" + _SET + _JAVA_VALUE),
    re.compile(r"\bsourceCompatibility" + _SET + _JAVA_VALUE),
    re.compile(
        r"\bjvmTarget" + _SET + r"(?:JvmTarget\s*\.\s*JVM_(?P<enum>\d+(?:_\d+)?)"
        r"|['\"](?P<plain>\d+(?:\.\d+)?)['\"])"
    ),
)
_GRADLE_TOOLCHAINS = 2  # the first two patterns name a toolchain, the others a language level
_RELEASE_NUMBER = re.compile(r"\d{1,9}(?:\.\d{1,9}){0,2}")
_TFM_ELEMENT = re.compile(
    r"<\s*(TargetFrameworks?|TargetFrameworkVersion)\b[^>]*>([^<]*)<", re.IGNORECASE
)
_NET = re.compile(r"net(\d{1,9})\.(\d{1,9})(?:-[\w.]*)?", re.IGNORECASE)  # int() stays small
_NETCORE = re.compile(r"netcoreapp(\d+)\.(\d+)", re.IGNORECASE)
_NETFX = re.compile(r"(?:net|v)([1-4])\.?(\d)\.?(\d)?", re.IGNORECASE)


def load_xml(data: bytes, warn: Warn) -> Element | None:
    """The root element, or None with a warning (malformed XML, a DTD, entities)."""
    try:
        return safe_xml("", data)
    except ManifestError as exc:
        warn(exc.reason)
    return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


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
                    found.setdefault(_local(element.tag), element.text.strip())
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
    if _local(root.tag) != "project":
        warn(f"not a POM: root element is <{_local(root.tag)[:40]}>")
        return []
    properties_element = _child(root, "properties")
    properties = {
        _local(p.tag): (p.text or "").strip()
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
        return [_java_level(java_release(value), f"<{name}>{raw}</{name}>", line)]
    return []


def _java_level(release: str, declared: str, line: int | None) -> Declared:
    """A language level (release, target, source): the oldest Java the build runs on, so a
    minimum; a value that is not a plain number is kept as an exact version."""
    if _RELEASE_NUMBER.fullmatch(release):
        return Declared(JAVA_NEUTRAL, f">={release}", declared, line, True, SUPPORTED)
    return Declared(JAVA_NEUTRAL, release, declared, line)


def _java_release(found: re.Match[str]) -> str:
    groups = found.groupdict()
    if groups.get("enum"):
        return groups["enum"].replace("_", ".")
    return groups.get("call") or groups.get("plain") or ""


def read_gradle(source: Source, warn: Warn) -> list[Declared]:
    best: tuple[int, Declared] | None = None
    for number, line in text_lines(source.text, warn):
        if line.startswith(("//", "/*", "*")):
            continue
        for rank, pattern in enumerate(_GRADLE):
            if best is not None and rank >= best[0]:
                break
            found = pattern.search(line)
            if found is not None and _java_release(found):
                release = java_release(_java_release(found))
                if rank < _GRADLE_TOOLCHAINS:  # the JDK the build runs on
                    declared = Declared(JAVA_NEUTRAL, release, found.group(0), number)
                else:
                    declared = _java_level(release, found.group(0), number)
                best = (rank, declared)
                break
    return [best[1]] if best else []


def framework_product(moniker: str) -> tuple[str, str] | None:
    """(product, version) of a target framework moniker; None for netstandard and the like."""
    value = moniker.strip()
    if found := _NETCORE.fullmatch(value):
        return "dotnet", f"{found.group(1)}.{found.group(2)}"
    if (found := _NET.fullmatch(value)) and int(found.group(1)) >= 5:
        return "dotnet", f"{found.group(1)}.{found.group(2)}"
    if found := _NETFX.fullmatch(value):
        return "dotnetfx", ".".join(g for g in found.groups() if g)
    return None


def read_msbuild(source: Source, warn: Warn) -> list[Declared]:
    tree = source.documents.xml(source.path, source.data) if source.documents else None
    root = load_xml(source.data, warn) if tree is None else tree.root  # parsed once per scan
    if root is None:
        return []
    lines: dict[str, int] = {}
    for found in _TFM_ELEMENT.finditer(source.text):
        number = source.text.count("\n", 0, found.start()) + 1
        for moniker in found.group(2).split(";"):
            lines.setdefault(moniker.strip().lower(), number)
    out: list[Declared] = []
    for element in root.iter():
        if _local(element.tag).lower() not in {
            "targetframework",
            "targetframeworks",
            "targetframeworkversion",
        }:
            continue
        for moniker in (element.text or "").split(";"):
            product = framework_product(moniker)
            if product is not None:
                line = lines.get(moniker.strip().lower())
                out.append(Declared(product[0], product[1], moniker.strip(), line))
    return out
