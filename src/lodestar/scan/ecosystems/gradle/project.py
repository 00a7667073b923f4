"""Where a Gradle script's surroundings are: its root project, version catalog and variables.

A build script sees more than its own text: the root project (the nearest directory at or above
it holding ``settings.gradle(.kts)``) and its ``gradle.properties`` and build script, its own
``gradle.properties``, scripts it applies (``apply from: "$rootDir/gradle/deps.gradle"``, up to
:data:`MAX_APPLIED`, only paths inside the repository) and the ``gradle/libs.versions.toml``
catalog at or above it. All of them are read through the context, statically.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.errors import ManifestError
from lodestar.scan.ecosystems.gradle.catalog import Catalog, read_catalog
from lodestar.scan.ecosystems.gradle.text import STR, Script, Variables, lex
from lodestar.scan.ecosystems.registry import ManifestContext

MAX_APPLIED = 5
_PROJECT_DIR = re.compile(r"^\$\{?(?:projectDir|project\.projectDir)\}?/")
_ROOT_DIR = re.compile(r"^\$\{?(?:rootDir|rootProject\.projectDir)\}?/")
_APPLY_FROM = re.compile(rf"\bapply\s*+(?:\(\s*+)?from\s*+[:=]\s*+({STR})")  # linear


def _ancestors(directory: str) -> list[str]:
    out = [directory]
    while directory:
        directory = posixpath.dirname(directory)
        out.append(directory)
    return out


def _root_dir(directory: str, ctx: ManifestContext) -> str:
    for candidate in _ancestors(directory):
        for name in ("settings.gradle", "settings.gradle.kts"):
            if posixpath.join(candidate, name) in ctx.files:
                return candidate
    return directory


def find_catalog(directory: str, ctx: ManifestContext) -> Catalog:
    for candidate in _ancestors(directory):
        path = posixpath.join(candidate, "gradle", "libs.versions.toml")
        data = ctx.read(path)
        if data is not None:
            try:
                return read_catalog(path, data)
            except ManifestError:
                return Catalog()  # reported when the catalog itself is parsed
    return Catalog()


def _applied(script: Script, directory: str, root: str, variables: Variables) -> list[str]:
    paths: list[str] = []
    for match in _APPLY_FROM.finditer(script.masked):
        literal = script.literal_at(match.start(1))
        if literal is None:
            continue
        target = variables.resolve(literal)
        if "://" in target:
            continue
        if _ROOT_DIR.match(target):
            target = posixpath.join(root, _ROOT_DIR.sub("", target))
        elif _PROJECT_DIR.match(target):
            target = posixpath.join(directory, _PROJECT_DIR.sub("", target))
        elif "$" not in target:
            target = posixpath.join(directory, target)
        paths.append(posixpath.normpath(target))
    return paths[:MAX_APPLIED]


def script_variables(
    path: str, script: Script, ctx: ManifestContext, catalog: Catalog
) -> Variables:
    """Variables a script sees, lowest precedence first (see the module docstring)."""
    directory = posixpath.dirname(path)
    root = _root_dir(directory, ctx)
    variables = Variables()
    variables.catalog_versions = catalog.versions
    variables.add_properties(ctx.read(posixpath.join(root, "gradle.properties")))
    if root != directory:
        for name in ("build.gradle", "build.gradle.kts"):
            data = ctx.read(posixpath.join(root, name))
            if data is not None:
                variables.add_script(lex(data.decode("utf-8", errors="replace")))
        variables.add_properties(ctx.read(posixpath.join(directory, "gradle.properties")))
    for applied in _applied(script, directory, root, variables):
        data = ctx.read(applied) if applied != path else None
        if data is not None:
            variables.add_script(lex(data.decode("utf-8", errors="replace")))
    variables.add_script(script)
    return variables
