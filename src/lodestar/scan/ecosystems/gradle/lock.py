"""Gradle dependency lock files: ``gradle.lockfile`` and the older per-configuration files.

``gradle.lockfile`` (Gradle 6.8+, one per project; ``buildscript-gradle.lockfile`` and
``settings-gradle.lockfile`` beside it) holds one line per resolved module,
``group:artifact:version=configuration1,configuration2``, and a last ``empty=…`` line naming the
locked configurations that resolved to nothing (ignored), after ``#`` comments. The older format
(``gradle/dependency-locks/<configuration>.lockfile``) is one ``group:artifact:version`` per line,
the configuration being the file name.

Every entry is a resolved, exact version, ``direct=False`` (the lock does not say which modules
the build file declares; the merge step takes directness from the build file). Scope from the
configurations that resolved it: any non-test runtime classpath → runtime; otherwise any
non-test compile classpath, annotation processor, buildscript/settings classpath or tool
configuration (``checkstyle``, ``pmd``, ``jacocoAgent`` …: :mod:`gradle_configurations`) → build;
otherwise (only ``test…``/``…Test…`` configurations) → test. ``jmh…`` classpaths are dev,
``dokka…``/``asciidoctor…`` docs.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.gradle.configurations import tool_scope
from lodestar.scan.ecosystems.maven.coords import maven_dependency, valid_coordinate
from lodestar.scan.ecosystems.registry import ManifestContext

_TEST = re.compile(r"(^test|Test)")


def _configuration_scope(name: str) -> Scope:
    tool = tool_scope(name)
    if tool is not None:
        return tool
    if _TEST.search(name):
        return Scope.TEST
    if name.startswith(("debug", "development")):
        return Scope.DEV
    if name == "runtimeClasspath" or name.endswith("RuntimeClasspath"):
        return Scope.RUNTIME
    return Scope.BUILD


_PRIORITY = (Scope.RUNTIME, Scope.BUILD, Scope.DEV, Scope.TEST, Scope.DOCS)


def _scope(configurations: list[str]) -> Scope:
    """The most production-like scope among the configurations that resolved a module."""
    scopes = {_configuration_scope(c) for c in configurations}
    return next((s for s in _PRIORITY if s in scopes), Scope.RUNTIME)


def _is_lockfile(path: str) -> bool:
    base = posixpath.basename(path)
    return base.endswith("gradle.lockfile") or "/dependency-locks/" in f"/{path}"


def parse_gradle_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Resolved modules of a Gradle lock file; see the module docstring."""
    del ctx
    if not _is_lockfile(path):
        return []
    base = posixpath.basename(path)
    per_file = [base.removesuffix(".lockfile")] if not base.endswith("gradle.lockfile") else []
    if base.startswith(("buildscript-", "settings-")):
        per_file = ["classpath"]
    deps: list[Dependency] = []
    text = data.decode("utf-8", errors="replace")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        coordinates, eq, configurations = line.partition("=")
        if coordinates == "empty":
            continue
        parts = coordinates.split(":")
        if len(parts) != 3 or not (valid_coordinate(parts[0]) and valid_coordinate(parts[1])):
            raise ManifestError(
                f"not group:artifact:version: {line[:80]!r}", path=path, line=number
            )
        configs = [c.strip() for c in configurations.split(",") if c.strip()] if eq else per_file
        group, artifact, version = parts
        deps.append(
            maven_dependency(
                group,
                artifact,
                None,
                scope=Scope.BUILD if per_file == ["classpath"] else _scope(configs),
                manifest=path,
                line=number,
                direct=False,
                exact=version or None,
            )
        )
    return deps
