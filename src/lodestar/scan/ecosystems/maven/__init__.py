"""Maven: ``pom.xml`` and the Maven coordinates it shares with Gradle."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "maven-pom", "maven", ("pom.xml",), deferred(__name__, "dependencies.parse_pom")
    ),
)

# metadata files whose package's own licence the family reads
LICENCE_FILES = (("pom.xml", deferred(__name__, "pom.declared_licence_of")),)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (("pom.xml", deferred(__name__, "runtime.read_pom")),)
