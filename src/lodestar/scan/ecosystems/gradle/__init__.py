"""Gradle builds: build scripts, version catalogs, dependency locks."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "gradle-build",
        "maven",
        ("build.gradle", "build.gradle.kts", "*.gradle", "*.gradle.kts"),
        deferred(__name__, "build_script.parse_gradle"),
    ),
    ManifestParser(
        "gradle-version-catalog",
        "maven",
        ("libs.versions.toml", "*.versions.toml"),
        deferred(__name__, "catalog.parse_catalog"),
    ),
    ManifestParser(
        "gradle-lockfile",
        "maven",
        ("*.lockfile",),
        deferred(__name__, "lock.parse_gradle_lock"),
        lock=True,
    ),
)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (
    ("build.gradle", deferred(__name__, "runtime.read_gradle")),
    ("build.gradle.kts", deferred(__name__, "runtime.read_gradle")),
)
