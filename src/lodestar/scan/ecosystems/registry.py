"""The registry of manifest parsers, and the context a parser may read other files through.

Parsing budget. Manifests come from hostile repositories, so the cost of parsing one is bounded
by construction rather than by a clock: every parser is linear (or close to it) in the bytes it
reads — its regular expressions cannot backtrack super-linearly (``tests/test_regex_budget.py``
runs every pattern of the package against adversarial input), its lines and requirements have
length caps — and a file larger than ``MAX_MANIFEST_BYTES`` is not parsed at all, with a warning
naming it. There is deliberately no time-based kill: a thread cannot interrupt a regular
expression or a C parser, and a watchdog process per file would cost more than the parsing.
Linear-time parsers under a byte cap give the same guarantee, deterministically.
"""

from __future__ import annotations

import fnmatch
import importlib
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lodestar.records import Dependency

MAX_MANIFEST_BYTES = 8 << 20  # a manifest or lock file larger than this is skipped with a warning


@dataclass(frozen=True, slots=True)
class ManifestContext:
    """Read access to other committed files of the same repository and commit.

    Parsers that follow includes (``-r other.txt``), parent POMs or workspace members ask for
    them here; ``read`` returns None for a missing, oversized or binary file. ``files`` lists
    every path of the tree, for globbing workspace members.
    """

    files: frozenset[str] = frozenset()
    reader: Callable[[str], bytes | None] = field(default=lambda _path: None)

    def read(self, path: str) -> bytes | None:
        path = posixpath.normpath(path)
        if path.startswith(("../", "/")) or path == "..":
            return None  # never outside the repository
        return self.reader(path) if path in self.files else None

    @staticmethod
    def of(contents: Mapping[str, bytes]) -> ManifestContext:
        """A context over an in-memory tree (tests, and callers that already hold the files)."""
        return ManifestContext(frozenset(contents), contents.get)


Parse = Callable[[str, bytes, ManifestContext], list[Dependency]]


@dataclass(frozen=True, slots=True)
class ManifestParser:
    """One file format: which paths it reads and how."""

    name: str  # e.g. "npm-package-lock"
    ecosystem: str  # the purl type it produces
    patterns: tuple[str, ...]  # fnmatch patterns: on the base name, or the path if one has '/'
    parse: Parse
    lock: bool = False  # a lock file: resolved versions, transitive dependencies

    def matches(self, path: str) -> bool:
        base = posixpath.basename(path)
        return any(fnmatch.fnmatchcase(path if "/" in p else base, p) for p in self.patterns)


# The built-in parser modules and the file patterns each registers. A scan imports only the
# modules whose files its tree holds (importing all of them costs some 0.13 s, more than parsing
# a typical repository's manifests). tests/scan/ecosystems/test_registry.py checks this table
# against what each module registers; a new parser module must be listed here.
BUILTIN_PATTERNS: dict[str, tuple[str, ...]] = {
    "cargo.lock": ("Cargo.lock",),
    "cargo.manifest": ("Cargo.toml",),
    "ci.github": ("*.yml", "*.yaml", "action.yml", "action.yaml"),
    "ci.gitlab": ("*.yml", "*.yaml"),
    "docker.compose": (
        "docker-compose.yml", "docker-compose.yaml", "docker-compose.*.yml",
        "docker-compose.*.yaml", "docker-compose-*.yml", "docker-compose-*.yaml", "compose.yml",
        "compose.yaml", "compose.*.yml", "compose.*.yaml",
    ),
    "php.composer": ("composer.json", "composer.lock"),
    "docker.dockerfile": (
        "Dockerfile", "dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile",
        "Containerfile", "Containerfile.*", "*.Containerfile",
    ),
    "go.modules": ("go.mod", "go.sum"),
    "gradle.build_script": ("build.gradle", "build.gradle.kts", "*.gradle", "*.gradle.kts"),
    "gradle.catalog": ("libs.versions.toml", "*.versions.toml"),
    "gradle.lock": ("*.lockfile",),
    "kubernetes.helm": (
        "Chart.yaml", "Chart.yml", "requirements.yaml", "requirements.yml", "Chart.lock",
        "values.yaml", "values.yml", "values-*.yaml", "values.*.yaml", "values-*.yml",
    ),
    "kubernetes.manifests": ("*.yaml", "*.yml"),
    "maven.dependencies": ("pom.xml",),
    "npm.bun": ("bun.lock",),
    "npm.package_lock": ("package-lock.json", "npm-shrinkwrap.json"),
    "npm.package_json": ("package.json",),
    "npm.pnpm": ("pnpm-lock.yaml",),
    "npm.yarn": ("yarn.lock",),
    "nuget.lock": ("packages.lock.json",),
    "nuget.packages_config": ("packages.config",),
    "nuget.project": (
        "*.csproj", "*.fsproj", "*.vbproj", "Directory.Build.props", "Directory.Build.targets",
        "Directory.Packages.props",
    ),
    "python.poetry_pdm": ("poetry.lock", "pdm.lock"),
    "python.pipfile": ("Pipfile", "Pipfile.lock"),
    "python.pylock": ("pylock.toml", "pylock.*.toml"),
    "python.pyproject": ("pyproject.toml",),
    "python.requirements": (
        "requirements*.txt", "requirements*.in", "*-requirements.txt", "*_requirements.txt",
        "*-requirements.in", "*_requirements.in", "*requirements/*.txt", "*requirements/*.in",
    ),
    "python.setup_files": ("setup.cfg", "setup.py"),
    "python.uv_lock": ("uv.lock",),
    "ruby.gemfile": ("Gemfile", "gems.rb"),
    "ruby.gemspec": ("*.gemspec",),
    "ruby.lock": ("Gemfile.lock", "gems.locked"),
    "terraform.configuration": ("*.tf", ".terraform.lock.hcl"),
}  # fmt: skip
_PATH_MODULES = [m for m, patterns in BUILTIN_PATTERNS.items() if any("/" in p for p in patterns)]
# Parsers that read the same file report in table order: the order the flat module names of the
# old scan/manifests/ sorted in, so the output of a scan did not change with the move.
_RANK = {f"{__package__}.{name}": rank for rank, name in enumerate(BUILTIN_PATTERNS)}

_REGISTRY: dict[str, ManifestParser] = {}
_PENDING: dict[str, tuple[str, ...]] = dict(BUILTIN_PATTERNS)  # built-ins not imported yet
_GATE_PATTERNS: set[str] = {p for patterns in BUILTIN_PATTERNS.values() for p in patterns}
_ANY: list[re.Pattern[str]] = []  # one regex of every pattern: most files are no manifest


def register(parser: ManifestParser) -> ManifestParser:
    """Add (or replace, by name) a parser. Built-in parsers come through here too."""
    _REGISTRY[parser.name] = parser
    _BY_NAME.clear()
    if not _GATE_PATTERNS.issuperset(parser.patterns):
        _GATE_PATTERNS.update(parser.patterns)
        _ANY.clear()
    return parser


def _name_match(patterns: tuple[str, ...], base: str) -> bool:
    return any(fnmatch.fnmatchcase(base, p) for p in patterns if "/" not in p)


def _path_match(patterns: tuple[str, ...], path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, p) for p in patterns if "/" in p)


# base name → (parsers whose name patterns match it, parsers with path patterns to try); most
# manifests share a handful of names (package.json, *.yml), so each name is matched once.
_BY_NAME: dict[str, tuple[list[ManifestParser], list[ManifestParser]]] = {}


def _for_name(base: str) -> tuple[list[ManifestParser], list[ManifestParser]]:
    found = _BY_NAME.get(base)
    if found is None:
        for module, patterns in list(_PENDING.items()):
            if _name_match(patterns, base):
                _import_builtin(module)
        found = (
            sorted((p for p in _REGISTRY.values() if _name_match(p.patterns, base)), key=_order),
            [p for p in _REGISTRY.values() if any("/" in pattern for pattern in p.patterns)],
        )
        _BY_NAME[base] = found
    return found


def _any_pattern() -> re.Pattern[str]:
    if not _ANY:
        # a path pattern (with '/') may match anywhere: the gate tests its last segment only
        names = {p.rsplit("/", 1)[-1] for p in _GATE_PATTERNS}
        joined = "|".join(fnmatch.translate(p) for p in sorted(names)) or "(?!)"
        _ANY.append(re.compile(joined))
    return _ANY[0]


def _order(parser: ManifestParser) -> int:
    """Built-in parsers in module order (as when all were imported at once), others after."""
    return _RANK.get(parser.parse.__module__, len(_RANK))


def registered() -> list[ManifestParser]:
    _load_builtins()
    return sorted(_REGISTRY.values(), key=_order)


def parsers_for(path: str) -> list[ManifestParser]:
    """Every registered parser that reads ``path``, importing the built-in ones it needs."""
    base = posixpath.basename(path)
    if not _any_pattern().match(base):
        return []
    by_name, by_path = _for_name(base)
    if "/" not in path:
        return list(by_name)
    for module in [m for m in _PATH_MODULES if m in _PENDING]:
        if _path_match(BUILTIN_PATTERNS[module], path):
            _import_builtin(module)
            by_name, by_path = _for_name(base)
    extra = [p for p in by_path if p not in by_name and _path_match(p.patterns, path)]
    return sorted(by_name + extra, key=_order) if extra else list(by_name)


def _import_builtin(module: str) -> None:
    if _PENDING.pop(module, None) is not None:
        importlib.import_module(f"{__package__}.{module}")


def _load_builtins() -> None:
    """Import every built-in parser module (listing them all needs them all)."""
    for module in list(_PENDING):
        _import_builtin(module)
