"""NuGet packages resolved by restore: ``packages.lock.json`` (``RestorePackagesWithLockFile``).

``dependencies`` maps each target framework (``net8.0``, and runtime-specific ones such as
``net8.0/win-x64``) to packages with a ``type``:

* ``Direct`` — referenced by the project: ``direct=True``, ``requested`` (``[13.0.3, )``) as the
  constraint;
* ``Transitive`` — pulled in by another package: ``direct=False``;
* ``CentralTransitive`` — transitive, pinned by central package management: ``direct=False``,
  with the central ``requested`` range as constraint;
* ``Project`` — another project of the repository: not an external package, left out.

``resolved`` is the exact version. A package resolved alike for several frameworks is reported
once (direct if it is direct for any of them); different versions for different frameworks are
each reported. Ids are matched case-insensitively, as NuGet does. The lock does not say which
references are build-only or test-only: every scope is runtime (the merge step takes the
project's).

Each entry's ``dependencies`` (id → range) name the packages it requires; the version resolved
for the same target framework becomes its ``depends_on`` (the union over frameworks; edges to
``Project`` entries are left out).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl, load_json_object
from lodestar.scan.ecosystems.edges import edges
from lodestar.scan.ecosystems.nuget.msbuild_xml import ECOSYSTEM
from lodestar.scan.ecosystems.registry import ManifestContext


def _object(value: Any, what: str, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ManifestError(f"{what} must be an object", path=path)
    return value


def parse_packages_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every package a packages.lock.json resolves (see the module docstring)."""
    doc = load_json_object(path, data)
    frameworks = _object(doc.get("dependencies", {}), "dependencies", path)
    found: dict[tuple[str, str], Dependency] = {}  # (id, version) lower-cased → record
    requires: dict[tuple[str, str], set[str]] = {}  # (id, version) → purls it requires
    for framework, packages in frameworks.items():
        entries = _object(packages, f"dependencies.{framework}", path)
        resolved_here: dict[str, str] = {}  # id lower-cased → purl, in this framework
        for name, entry in entries.items():
            info = _object(entry, f"{framework}.{name}", path)
            kind = info.get("type")
            if kind == "Project":
                continue
            resolved, requested = info.get("resolved"), info.get("requested")
            if not isinstance(resolved, str) or not resolved:
                raise ManifestError(f"{framework}.{name} has no resolved version", path=path)
            key = (name.lower(), resolved.lower())
            before = found.get(key)
            if before is None or (kind == "Direct" and not before.direct):
                found[key] = Dependency(
                    purl=checked_purl(ECOSYSTEM, path, name, resolved),
                    ecosystem=ECOSYSTEM,
                    name=name,
                    version=resolved,
                    constraint=requested if isinstance(requested, str) else None,
                    scope=Scope.RUNTIME,
                    direct=kind == "Direct",
                    manifest=path,
                )
            resolved_here[name.lower()] = found[key].purl
        for name, entry in entries.items():
            info = entry if isinstance(entry, dict) else {}
            resolved = info.get("resolved")
            if info.get("type") == "Project" or not isinstance(resolved, str):
                continue
            wanted = info.get("dependencies")
            targets = requires.setdefault((name.lower(), resolved.lower()), set())
            for other in wanted if isinstance(wanted, dict) else {}:
                purl = resolved_here.get(other.lower()) if isinstance(other, str) else None
                if purl is not None:
                    targets.add(purl)
    return [replace(d, depends_on=edges(requires.get(k, ()))) for k, d in found.items()]
