""".NET packages: MSBuild projects, ``packages.config``, ``packages.lock.json``."""

from __future__ import annotations

from lodestar.scan.ecosystems.registry import ManifestParser, deferred

PARSERS = (
    ManifestParser(
        "nuget-packages-lock",
        "nuget",
        ("packages.lock.json",),
        deferred(__name__, "lock.parse_packages_lock"),
        lock=True,
    ),
    ManifestParser(
        "nuget-packages-config",
        "nuget",
        ("packages.config",),
        deferred(__name__, "packages_config.parse_packages_config"),
    ),
    ManifestParser(
        "nuget-project",
        "nuget",
        ("*.csproj", "*.fsproj", "*.vbproj", "Directory.Build.props", "Directory.Build.targets"),
        deferred(__name__, "project.parse_project"),
    ),
    ManifestParser(
        "nuget-central-packages",
        "nuget",
        ("Directory.Packages.props",),
        deferred(__name__, "project.parse_central"),
    ),
)

# files whose declared runtime versions the family reads (lodestar.scan.runtimes)
RUNTIME_FILES = (
    ("global.json", deferred(__name__, "runtime.read_global_json")),
    ("Directory.Build.props", deferred(__name__, "runtime.read_msbuild")),
    ("*.csproj", deferred(__name__, "runtime.read_msbuild")),
    ("*.fsproj", deferred(__name__, "runtime.read_msbuild")),
    ("*.vbproj", deferred(__name__, "runtime.read_msbuild")),
)
