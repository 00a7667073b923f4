"""NuGet packages of old-style .NET Framework projects: ``packages.config``.

``<package id="Newtonsoft.Json" version="13.0.3" targetFramework="net48" />``: the version is
exact (what was restored). ``developmentDependency="true"`` → dev; ``allowedVersions="[13,14)"``
becomes the constraint, else the version as written. packages.config flattens the graph: it
lists transitive packages too, with nothing to tell them apart, so every entry is reported as
``direct=True`` — directness is overstated for these projects. The target framework is not
recorded.
"""

from __future__ import annotations

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


def parse_packages_config(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Packages of a packages.config (see the module docstring)."""
    root = load_xml(path, data)
    if local(root.tag) != "packages":
        raise ManifestError("expected a <packages> root element", path=path)
    lines = LineFinder(data, "id")
    out: list[Dependency] = []
    for element in root:
        if local(element.tag) != "package":
            continue
        meta = metadata(element)
        name, written = meta.get("id", ""), meta.get("version", "")
        if not name or not written:
            raise ManifestError("a <package> needs id and version", path=path)
        version = exact_version(written)
        dev = meta.get("developmentdependency", "").lower() == "true"
        out.append(
            Dependency(
                purl=checked_purl(ECOSYSTEM, path, name, version),
                ecosystem=ECOSYSTEM,
                name=name,
                version=version,
                constraint=meta.get("allowedversions") or written,
                scope=Scope.DEV if dev else Scope.RUNTIME,
                direct=True,
                manifest=path,
                line=lines.find(name),
            )
        )
    return out
