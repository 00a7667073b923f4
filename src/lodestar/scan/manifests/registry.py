"""The registry of manifest parsers, and the context a parser may read other files through."""

from __future__ import annotations

import fnmatch
import importlib
import pkgutil
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


_REGISTRY: dict[str, ManifestParser] = {}
_ANY: list[re.Pattern[str]] = []  # one regex of every pattern: most files are no manifest


def register(parser: ManifestParser) -> ManifestParser:
    """Add (or replace, by name) a parser. Built-in parsers come through here too."""
    _REGISTRY[parser.name] = parser
    _ANY.clear()
    return parser


def _any_pattern() -> re.Pattern[str]:
    if not _ANY:
        patterns = {p for parser in _REGISTRY.values() for p in parser.patterns}
        # a path pattern (with '/') may match anywhere: the gate tests its last segment only
        names = {p.rsplit("/", 1)[-1] for p in patterns}
        joined = "|".join(fnmatch.translate(p) for p in sorted(names)) or "(?!)"
        _ANY.append(re.compile(joined))
    return _ANY[0]


def registered() -> list[ManifestParser]:
    _load_builtins()
    return list(_REGISTRY.values())


def parsers_for(path: str) -> list[ManifestParser]:
    """Every registered parser that reads ``path``."""
    _load_builtins()
    if not _any_pattern().match(posixpath.basename(path)):
        return []
    return [p for p in _REGISTRY.values() if p.matches(path)]


_loaded = False


def _load_builtins() -> None:
    global _loaded  # noqa: PLW0603  one-time import of the built-in parser modules
    if _loaded:
        return
    _loaded = True
    import lodestar.scan.manifests as package  # noqa: PLC0415  the package imports this module

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in {"registry", "purls"} and not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
