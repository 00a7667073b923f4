"""Maven: ``pom.xml`` and the Maven coordinates it shares with Gradle.

The family's parsers and the files each reads, declared once (see
:mod:`lodestar.scan.ecosystems.registry`): this module imports nothing heavy, and a parser's
module is imported only when a file it reads turns up.
"""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "maven-pom", "maven", ("pom.xml",), deferred(__name__, "dependencies.parse_pom")
    ),
)

# metadata files whose package's own licence the family reads
LICENCE_FILES = (("pom.xml", deferred(__name__, "pom.declared_licence_of")),)
