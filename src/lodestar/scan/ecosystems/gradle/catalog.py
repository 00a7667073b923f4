"""Gradle version catalogs (``gradle/libs.versions.toml``), on their own and as a lookup table.

A catalog declares libraries under aliases; build files use them as type-safe accessors,
``libs.<alias>`` with ``-``, ``_`` and ``.`` in the alias all becoming ``.`` (``spring-boot-web``
is ``libs.spring.boot.web``), plus ``libs.bundles.<alias>`` and ``libs.plugins.<alias>``.

Formats read (through :func:`lodestar.safeparse.load_toml`): ``[versions]`` (a string, or a rich
version table ``{ strictly, require, prefer, reject }``); ``[libraries]`` as
``"group:artifact:version"``, or a table with ``module = "group:artifact"`` or
``group``/``name``, and ``version`` as a string, ``version.ref`` or a rich table; ``[bundles]``
(lists of library aliases); ``[plugins]`` with ``id`` and
``version``/``version.ref`` (or ``"id:version"``).

As a manifest, each library is reported (``direct=True``: the catalog is a declaration) with
scope ``runtime`` — a catalog does not say where a library is used (the build files that use it
are reported with their configuration's scope). Plugins with a version are reported as their
Gradle plugin marker artifact (``<id>:<id>.gradle.plugin``), scope ``build``. Rich versions keep
``strictly`` (written ``x!!``), else ``require``, else ``prefer`` as the constraint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lodestar.records import Dependency, Scope
from lodestar.safeparse import decode_text, load_toml
from lodestar.scan.ecosystems.maven.coords import maven_dependency, valid_coordinate
from lodestar.scan.ecosystems.registry import ManifestContext

_SEPARATORS = re.compile(r"[-_.]")
_SECTION = re.compile(r"^\s*\[\s*([A-Za-z]+)\s*\]")
_KEY = re.compile(r"""^\s*["']?([A-Za-z0-9_.-]+)["']?\s*=""")


def accessor(alias: str) -> str:
    """The accessor path of an alias: ``spring-boot_web`` → ``spring.boot.web``."""
    return _SEPARATORS.sub(".", alias)


@dataclass(frozen=True, slots=True)
class Library:
    group: str
    artifact: str
    version: str | None  # the requirement as Gradle writes it (rich versions folded)
    line: int | None


@dataclass(slots=True)
class Catalog:
    """Aliases by accessor path (``spring.boot.web``)."""

    libraries: dict[str, Library] = field(default_factory=dict)
    bundles: dict[str, list[str]] = field(default_factory=dict)
    plugins: dict[str, Library] = field(default_factory=dict)  # group=id, artifact=marker
    versions: dict[str, str] = field(default_factory=dict)


def _rich(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key, suffix in (("strictly", "!!"), ("require", ""), ("prefer", "")):
            if isinstance(value.get(key), str):
                return f"{value[key]}{suffix}"
    return None


def _lines(text: str) -> dict[tuple[str, str], int]:
    """(section, key) → line, for the keys written at the start of a line."""
    found: dict[tuple[str, str], int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _SECTION.match(line)
        if header:
            section = header.group(1)
            continue
        key = _KEY.match(line)
        if key:
            found.setdefault((section, key.group(1)), number)
    return found


def _version_of(spec: dict[str, object], versions: dict[str, str]) -> str | None:
    version = spec.get("version")
    if isinstance(version, dict) and isinstance(version.get("ref"), str):
        return versions.get(accessor(version["ref"]))
    return _rich(version)


def _library(spec: object, versions: dict[str, str], line: int | None) -> Library | None:
    if isinstance(spec, str):
        group, _, rest = spec.partition(":")
        artifact, _, version = rest.partition(":")
        written: str | None = version or None
    elif isinstance(spec, dict):
        module = spec.get("module")
        if isinstance(module, str):
            group, _, artifact = module.partition(":")
        else:
            group, artifact = str(spec.get("group") or ""), str(spec.get("name") or "")
        written = _version_of(spec, versions)
    else:
        return None
    if not (valid_coordinate(group) and valid_coordinate(artifact)):
        return None
    return Library(group, artifact, written, line)


def _plugin(spec: object, versions: dict[str, str], line: int | None) -> Library | None:
    if isinstance(spec, str):
        plugin_id, _, written = spec.partition(":")
        version: str | None = written or None
    elif isinstance(spec, dict) and isinstance(spec.get("id"), str):
        plugin_id, version = str(spec["id"]), _version_of(spec, versions)
    else:
        return None
    if not valid_coordinate(plugin_id):
        return None
    return Library(plugin_id, f"{plugin_id}.gradle.plugin", version, line)


def read_catalog(path: str, data: bytes) -> Catalog:
    """The catalog's aliases; ManifestError for invalid TOML."""
    text = decode_text(path, data, "utf-8")
    table = load_toml(path, text)
    lines = _lines(text)
    catalog = Catalog()

    def section(name: str) -> dict[str, object]:
        value = table.get(name, {})
        return value if isinstance(value, dict) else {}

    for alias, value in section("versions").items():
        written = _rich(value)
        if written is not None:
            catalog.versions[accessor(alias)] = written
    for alias, spec in section("libraries").items():
        library = _library(spec, catalog.versions, lines.get(("libraries", alias)))
        if library is not None:
            catalog.libraries[accessor(alias)] = library
    for alias, members in section("bundles").items():
        if isinstance(members, list):
            catalog.bundles[accessor(alias)] = [accessor(m) for m in members if isinstance(m, str)]
    for alias, spec in section("plugins").items():
        plugin = _plugin(spec, catalog.versions, lines.get(("plugins", alias)))
        if plugin is not None:
            catalog.plugins[accessor(alias)] = plugin
    return catalog


def catalog_dependency(
    library: Library, *, scope: Scope, manifest: str, line: int | None
) -> Dependency:
    return maven_dependency(
        library.group, library.artifact, library.version, scope=scope, manifest=manifest, line=line
    )


def parse_catalog(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Libraries and versioned plugins a version catalog declares."""
    del ctx
    catalog = read_catalog(path, data)
    deps = [
        catalog_dependency(lib, scope=Scope.RUNTIME, manifest=path, line=lib.line)
        for lib in catalog.libraries.values()
    ]
    deps.extend(
        catalog_dependency(plugin, scope=Scope.BUILD, manifest=path, line=plugin.line)
        for plugin in catalog.plugins.values()
        if plugin.version
    )
    return deps
