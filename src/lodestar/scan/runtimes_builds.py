"""What the Java and .NET build readers share: the XML loader and the Java language level.

The readers are their families': Maven POMs in :mod:`lodestar.scan.ecosystems.maven.runtime`,
Gradle scripts in :mod:`lodestar.scan.ecosystems.gradle.runtime`, MSBuild projects in
:mod:`lodestar.scan.ecosystems.nuget.runtime`. A declared **Java release** is checked against
:data:`~lodestar.scan.runtimes_versions.JAVA_NEUTRAL` (Eclipse Temurin's support calendar),
since a build names the language level, not a distribution. A language level (release, target,
source, ``java.version``, Kotlin's ``jvmTarget``) is bytecode for that Java and every later one:
a *supported* minimum (``>=17``); a Gradle toolchain names the JDK the build runs on: *deployed*.
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
    Warn,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["java_level", "load_xml", "local"]


_RELEASE_NUMBER = re.compile(r"\d{1,9}(?:\.\d{1,9}){0,2}")


def load_xml(data: bytes, warn: Warn) -> Element | None:
    """The root element, or None with a warning (malformed XML, a DTD, entities)."""
    try:
        return safe_xml("", data)
    except ManifestError as exc:
        warn(exc.reason)
    return None


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def java_level(release: str, declared: str, line: int | None) -> Declared:
    """A language level (release, target, source): the oldest Java the build runs on, so a
    minimum; a value that is not a plain number is kept as an exact version."""
    if _RELEASE_NUMBER.fullmatch(release):
        return Declared(JAVA_NEUTRAL, f">={release}", declared, line, True, SUPPORTED)
    return Declared(JAVA_NEUTRAL, release, declared, line)
