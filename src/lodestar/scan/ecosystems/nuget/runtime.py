"""The .NET versions an MSBuild project or ``global.json`` declares, for the EOL checks
(:mod:`lodestar.scan.runtimes`).

``*.csproj``, ``*.fsproj``, ``*.vbproj``, ``Directory.Build.props``: every target framework of
``<TargetFramework>`` and ``<TargetFrameworks>`` (all conditions taken), and the old
``<TargetFrameworkVersion>``: ``net5.0`` and later (``net8.0-windows`` too) and
``netcoreappX.Y`` are product ``dotnet``; ``net48``, ``net472``, ``v4.7.2`` are ``dotnetfx``
(.NET Framework); ``netstandard`` names an API surface, not a runtime, and is skipped, as are
values built from ``$(…)`` properties. ``global.json``: ``sdk.version`` (deployed).

XML is parsed through :mod:`lodestar.safeparse.xml` (defusedxml, DTDs forbidden); a malformed or
hostile file is a warning.
"""

from __future__ import annotations

import re

from lodestar.scan.runtimes_builds import load_xml, local
from lodestar.scan.runtimes_files import get, json_key_line, load_json
from lodestar.scan.runtimes_versions import Declared, Source, Warn

_TFM_ELEMENT = re.compile(
    r"<\s*(TargetFrameworks?|TargetFrameworkVersion)\b[^>]*>([^<]*)<", re.IGNORECASE
)
_NET = re.compile(r"net(\d{1,9})\.(\d{1,9})(?:-[\w.]*)?", re.IGNORECASE)  # int() stays small
_NETCORE = re.compile(r"netcoreapp(\d+)\.(\d+)", re.IGNORECASE)
_NETFX = re.compile(r"(?:net|v)([1-4])\.?(\d)\.?(\d)?", re.IGNORECASE)


def read_global_json(source: Source, warn: Warn) -> list[Declared]:
    version = get(load_json(source.text, warn), "sdk", "version")
    if not isinstance(version, str):
        return []
    return [Declared("dotnet", version, version, json_key_line(source.text, "sdk", "version"))]


def framework_product(moniker: str) -> tuple[str, str] | None:
    """(product, version) of a target framework moniker; None for netstandard and the like."""
    value = moniker.strip()
    if found := _NETCORE.fullmatch(value):
        return "dotnet", f"{found.group(1)}.{found.group(2)}"
    if (found := _NET.fullmatch(value)) and int(found.group(1)) >= 5:
        return "dotnet", f"{found.group(1)}.{found.group(2)}"
    if found := _NETFX.fullmatch(value):
        return "dotnetfx", ".".join(g for g in found.groups() if g)
    return None


def read_msbuild(source: Source, warn: Warn) -> list[Declared]:
    tree = source.documents.xml(source.path, source.data) if source.documents else None
    root = load_xml(source.data, warn) if tree is None else tree.root  # parsed once per scan
    if root is None:
        return []
    lines: dict[str, int] = {}
    for found in _TFM_ELEMENT.finditer(source.text):
        number = source.text.count("\n", 0, found.start()) + 1
        for moniker in found.group(2).split(";"):
            lines.setdefault(moniker.strip().lower(), number)
    out: list[Declared] = []
    for element in root.iter():
        if local(element.tag).lower() not in {
            "targetframework",
            "targetframeworks",
            "targetframeworkversion",
        }:
            continue
        for moniker in (element.text or "").split(";"):
            product = framework_product(moniker)
            if product is not None:
                line = lines.get(moniker.strip().lower())
                out.append(Declared(product[0], product[1], moniker.strip(), line))
    return out
