"""Container images: Dockerfiles, Compose files, and the image references they share."""

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
