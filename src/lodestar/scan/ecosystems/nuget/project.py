"""NuGet packages of MSBuild projects: ``*.csproj``, ``*.fsproj``, ``*.vbproj``,
``Directory.Build.props``/``.targets`` (shared by every project below them) and
``Directory.Packages.props`` (central package management).

Projects
    ``<PackageReference Include="Id" Version="1.2.3" />``, with the version as an attribute or a
    nested ``<Version>`` element; ``VersionOverride`` wins over both. A reference without a
    version takes it from central package management: the ``<PackageVersion Include Version>`` of
    the nearest ``Directory.Packages.props`` in the project's directory or above (read through
    the context; when that file lacks the package, the next one up, as an ``<Import>`` of the
    parent file would). ``Update``/``Remove`` items change references declared elsewhere and are
    not dependencies. ``$(Property)`` in a version or id is expanded from the unconditional
    ``<PropertyGroup>`` entries of the same file (the last definition wins, as in MSBuild); one
    that cannot be expanded stays in the constraint, without a version.

    Scope: ``PrivateAssets="all"`` (analyzers, source generators, build tools that do not flow to
    consumers) → build. In a test project (``<IsTestProject>true``, an ``MSTest.Sdk`` project, or
    one referencing ``Microsoft.NET.Test.Sdk``) every other reference → test. Else runtime.

Directory.Packages.props
    Its ``<PackageVersion>`` entries are version constraints for projects, not dependencies: they
    are not reported on their own (the projects that reference them are).
    ``<GlobalPackageReference>`` entries are real references added to every project: reported,
    with build scope (NuGet makes them private assets).

Not seen: conditions on items and property groups (read as if true), properties from other
files and the SDK, ``<Import>``-ed files other than ``Directory.Packages.props``.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl, load_xml
from lodestar.scan.ecosystems.nuget.msbuild_xml import (
    ECOSYSTEM,
    LineFinder,
    exact_version,
    local,
    metadata,
)
from lodestar.scan.ecosystems.registry import ManifestContext

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

CENTRAL = "Directory.Packages.props"
_PROPERTY = re.compile(r"\$\(\s*([A-Za-z_][\w.-]*)\s*\)")
_TEST_SDK = "microsoft.net.test.sdk"


def properties(root: Element) -> dict[str, str]:
    """Unconditional properties of a project, names lower-cased; the last definition wins."""
    props: dict[str, str] = {}
    for group in root:
        if local(group.tag) != "propertygroup" or "Condition" in group.attrib:
            continue
        for prop in group:
            name = local(prop.tag)
            if name and "Condition" not in prop.attrib:
                props[name] = (prop.text or "").strip()
    return props


def expand(value: str, props: dict[str, str]) -> str:
    """``value`` with ``$(Name)`` replaced from ``props`` (a few levels deep); unknown ones stay."""
    for _ in range(8):
        expanded = _PROPERTY.sub(lambda m: props.get(m.group(1).lower(), m.group(0)), value)
        if expanded == value:
            break
        value = expanded
    return value


def central_versions(path: str, ctx: ManifestContext) -> list[dict[str, str]]:
    """PackageVersion id (lower-cased) → version of each Directory.Packages.props, nearest first."""
    found: list[dict[str, str]] = []
    here = posixpath.dirname(path)
    while True:
        candidate = posixpath.join(here, CENTRAL)
        raw = ctx.read(candidate)
        if raw is not None:
            found.append(_package_versions(candidate, raw))
        if here in {"", "."}:
            return found
        here = posixpath.dirname(here)


def _package_versions(path: str, raw: bytes) -> dict[str, str]:
    try:
        root = load_xml(path, raw)
    except ManifestError:
        return {}  # an unreadable props file supplies no versions; its own parse reports it
    props = properties(root)
    versions: dict[str, str] = {}
    for element in root.iter():
        if local(element.tag) == "packageversion":
            meta = metadata(element)
            name, version = meta.get("include"), meta.get("version")
            if name and version:
                versions[expand(name, props).lower()] = expand(version, props)
    return versions


def _is_test_project(root: Element, props: dict[str, str], ids: set[str]) -> bool:
    sdk = root.attrib.get("Sdk", "")
    return (
        props.get("istestproject", "").lower() == "true"
        or sdk.lower().startswith("mstest.sdk")
        or _TEST_SDK in ids
    )


def _dependency(
    path: str, name: str, raw_version: str | None, scope: Scope, line: int | None
) -> Dependency:
    version = exact_version(raw_version) if raw_version and "$(" not in raw_version else None
    return Dependency(
        purl=checked_purl(ECOSYSTEM, path, name, version),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        constraint=raw_version or None,
        scope=scope,
        direct=True,
        manifest=path,
        line=line,
    )


def _root(path: str, data: bytes, ctx: ManifestContext) -> ET.Element:
    """The project's root element: the scan's shared parse (the runtime reader asks for the
    same document), or :func:`~lodestar.safeparse.load_xml`'s refusal when it is unreadable."""
    tree = ctx.documents.xml(path, data)
    return tree.root if tree is not None else load_xml(path, data)


def parse_project(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """PackageReferences of an MSBuild project (see the module docstring)."""
    root = _root(path, data, ctx)
    props = properties(root)
    refs: list[tuple[str, dict[str, str]]] = []
    for element in root.iter():
        if local(element.tag) != "packagereference":
            continue
        meta = metadata(element)
        for part in expand(meta.get("include", ""), props).split(";"):
            name = part.strip()
            if name and "$(" not in name and "@(" not in name and "%(" not in name:
                refs.append((name, meta))
    if not refs:
        return []
    test = _is_test_project(root, props, {name.lower() for name, _meta in refs})
    central: list[dict[str, str]] | None = None
    lines = LineFinder(data, "Include")
    out: list[Dependency] = []
    for name, meta in refs:
        version = meta.get("versionoverride") or meta.get("version")
        if version:
            version = expand(version, props)
        else:
            if central is None:
                central = central_versions(path, ctx)
            version = next((v[name.lower()] for v in central if name.lower() in v), None)
        private = {a.strip().lower() for a in meta.get("privateassets", "").split(";")}
        scope = Scope.BUILD if "all" in private else Scope.TEST if test else Scope.RUNTIME
        out.append(_dependency(path, name, version, scope, lines.find(name)))
    return out


def parse_central(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """GlobalPackageReferences of a Directory.Packages.props (see the module docstring)."""
    root = _root(path, data, ctx)
    props = properties(root)
    lines = LineFinder(data, "Include")
    out: list[Dependency] = []
    for element in root.iter():
        if local(element.tag) != "globalpackagereference":
            continue
        meta = metadata(element)
        name = expand(meta.get("include", ""), props).strip()
        if not name or "$(" in name:
            continue
        version = expand(meta.get("version", ""), props)
        out.append(_dependency(path, name, version, Scope.BUILD, lines.find(name)))
    return out
