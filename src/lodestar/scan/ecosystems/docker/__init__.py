"""Container images: Dockerfiles, Compose files, and the image references they share.

The family's parsers and the files each reads, declared once (see
:mod:`lodestar.scan.ecosystems.registry`): this module imports nothing heavy, and a parser's
module is imported only when a file it reads turns up.
"""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "docker-compose",
        "docker",
        (
            "docker-compose.yml",
            "docker-compose.yaml",
            "docker-compose.*.yml",
            "docker-compose.*.yaml",
            "docker-compose-*.yml",
            "docker-compose-*.yaml",
            "compose.yml",
            "compose.yaml",
            "compose.*.yml",
            "compose.*.yaml",
        ),
        deferred(__name__, "compose.parse_compose"),
    ),
    ManifestParser(
        "dockerfile",
        "docker",
        (
            "Dockerfile",
            "dockerfile",
            "Dockerfile.*",
            "*.Dockerfile",
            "*.dockerfile",
            "Containerfile",
            "Containerfile.*",
            "*.Containerfile",
        ),
        deferred(__name__, "dockerfile.parse_dockerfile"),
    ),
)
