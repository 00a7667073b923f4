"""The registry of manifest parsers, and the context a parser may read other files through.

Built-in parsers come through the same door as a workspace's own: :func:`register`. Each
ecosystem family package (``lodestar.scan.ecosystems.npm`` …, listed in
:data:`DEFAULT_ECOSYSTEMS` like datasette's ``DEFAULT_PLUGINS``) declares its parsers once, in
its ``PARSERS`` table: name, purl type, file patterns and the parse function as a
:class:`Deferred` reference; and, in ``LICENCE_FILES``, the metadata files whose own licence it
reads (:func:`licence_reader`); and, in ``RUNTIME_FILES``, the files whose declared runtime
versions it reads (:func:`runtime_reader`, used by :mod:`lodestar.scan.runtimes`). The registry
reads those tables (small modules that import nothing heavy) and imports a parser (or reader)
module only when a file it reads turns up: importing all of them costs some 0.3 s, more than
parsing a typical repository's manifests, and a scan of a Python project should not load the
Gradle lexer.

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
from dataclasses import dataclass, field, replace
from typing import cast

from lodestar.records import Dependency
from lodestar.scan.ecosystems.documents import Documents

MAX_MANIFEST_BYTES = 8 << 20  # a manifest or lock file larger than this is skipped with a warning


@dataclass(frozen=True, slots=True)
class ManifestContext:
    """Read access to other committed files of the same repository and commit.

    Parsers that follow includes (``-r other.txt``), parent POMs or workspace members ask for
    them here; ``read`` returns None for a missing, oversized or binary file. ``files`` lists
    every path of the tree, for globbing workspace members. ``documents`` holds the files
    already parsed in this scan, shared with the licence and runtime readers
    (:mod:`lodestar.scan.ecosystems.documents`).
    """

    files: frozenset[str] = frozenset()
    reader: Callable[[str], bytes | None] = field(default=lambda _path: None)
    documents: Documents = field(default_factory=Documents)

    def read(self, path: str) -> bytes | None:
        path = posixpath.normpath(path)
        if path.startswith(("../", "/")) or path == "..":
            return None  # never outside the repository
        return self.reader(path) if path in self.files else None

    @staticmethod
    def of(contents: Mapping[str, bytes], documents: Documents | None = None) -> ManifestContext:
        """A context over an in-memory tree (tests, and callers that already hold the files)."""
        return ManifestContext(
            frozenset(contents), contents.get, documents if documents is not None else Documents()
        )


Parse = Callable[[str, bytes, ManifestContext], list[Dependency]]
# (path, data, notes, documents) -> the SPDX expression a metadata file declares for its own
# package; documents: the scan's parsed files (lodestar.scan.ecosystems.documents)
LicenceReader = Callable[[str, bytes, list[str], Documents], str | None]


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


@dataclass(frozen=True, slots=True)
class Deferred:
    """A built-in parse function by name, imported when first needed."""

    module: str
    function: str

    def target(self) -> object:
        return getattr(importlib.import_module(self.module), self.function)

    def load(self) -> Parse:
        return cast("Parse", self.target())

    def __call__(self, path: str, data: bytes, context: ManifestContext) -> list[Dependency]:
        return self.load()(path, data, context)


def deferred(package: str, target: str) -> Deferred:
    """``deferred(__name__, "lock.parse_cargo_lock")``: a function of a module of ``package``."""
    module, function = target.rsplit(".", 1)
    return Deferred(f"{package}.{module}", function)


# The ecosystem family packages whose PARSERS are built in. Parsers that read the same file
# report in this order (the families', then each table's), which is the order the parsers had
# in the flat scan/manifests/ folder the families came from.
DEFAULT_ECOSYSTEMS = (
    "cargo", "ci", "docker", "go", "gradle", "kubernetes", "maven", "npm", "nuget", "php",
    "python", "ruby", "terraform",
)  # fmt: skip


class _Registry:
    """The parsers by name, and the indexes a lookup needs, rebuilt when a parser is added.

    One instance, :data:`_PARSERS`, is the registry (the state :func:`register` changes); its
    indexes are derived from the parsers it holds and dropped whenever a parser is added: the
    gate (one regular expression of every pattern: most files are no manifest) and the lookup
    by base name (most manifests share a handful of names: package.json, ``*.yml``).
    """

    def __init__(self) -> None:
        self.parsers: dict[str, ManifestParser] = {}
        self.rank: dict[str, int] = {}  # built-in parsers in declaration order, others after
        self.loaded = False
        self.licence_files: list[tuple[str, Deferred]] = []  # (name pattern, reader)
        self.runtime_names: dict[str, Deferred] = {}  # base name -> runtime reader
        self.runtime_globs: list[tuple[str, Deferred]] = []  # (name pattern, runtime reader)
        self._gate: re.Pattern[str] | None = None
        self._by_name: dict[str, tuple[list[ManifestParser], list[ManifestParser]]] = {}

    def add(self, parser: ManifestParser) -> None:
        self.parsers[parser.name] = parser
        self.rank.pop(parser.name, None)
        self._gate = None
        self._by_name.clear()

    def load_defaults(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        for family in DEFAULT_ECOSYSTEMS:
            package = importlib.import_module(f"{__package__}.{family}")
            self.licence_files.extend(getattr(package, "LICENCE_FILES", ()))
            for pattern, reader in getattr(package, "RUNTIME_FILES", ()):
                if any(c in pattern for c in "*?["):
                    self.runtime_globs.append((pattern, reader))
                else:
                    self.runtime_names.setdefault(pattern, reader)
            for parser in cast("tuple[ManifestParser, ...]", package.PARSERS):
                if parser.name not in self.parsers:  # a workspace parser by that name wins
                    register(parser)
                    self.rank[parser.name] = len(self.rank)

    def order(self, parser: ManifestParser) -> int:
        return self.rank.get(parser.name, len(self.rank))

    def gate(self) -> re.Pattern[str]:
        if self._gate is None:
            # a path pattern (with '/') may match anywhere: the gate tests its last segment only
            names = {p.rsplit("/", 1)[-1] for q in self.parsers.values() for p in q.patterns}
            joined = "|".join(fnmatch.translate(p) for p in sorted(names)) or "(?!)"
            self._gate = re.compile(joined)
        return self._gate

    def for_name(self, base: str) -> tuple[list[ManifestParser], list[ManifestParser]]:
        """(parsers whose name patterns match ``base``, parsers with path patterns to try)."""
        found = self._by_name.get(base)
        if found is None:
            found = (
                sorted(
                    (
                        self.resolve(p)
                        for p in self.parsers.values()
                        if _name_match(p.patterns, base)
                    ),
                    key=self.order,
                ),
                [p for p in self.parsers.values() if any("/" in q for q in p.patterns)],
            )
            self._by_name[base] = found
        return found

    def resolve(self, parser: ManifestParser) -> ManifestParser:
        """The parser with its parse function imported (a built-in is imported when needed)."""
        current = self.parsers.get(parser.name, parser)
        if isinstance(current.parse, Deferred):
            current = replace(current, parse=current.parse.load())
            self.parsers[current.name] = current
        return current


_PARSERS = _Registry()


def register(parser: ManifestParser) -> ManifestParser:
    """Add (or replace, by name) a parser. Built-in parsers come through here too."""
    _PARSERS.add(parser)
    return parser


def _name_match(patterns: tuple[str, ...], base: str) -> bool:
    return any(fnmatch.fnmatchcase(base, p) for p in patterns if "/" not in p)


def _path_match(patterns: tuple[str, ...], path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, p) for p in patterns if "/" in p)


def _any_pattern() -> re.Pattern[str]:
    _PARSERS.load_defaults()
    return _PARSERS.gate()


def licence_reader(name: str) -> LicenceReader | None:
    """How to read the licence a metadata file named ``name`` declares for its own package:
    the family that owns the file says (its ``LICENCE_FILES``); None for no metadata file."""
    _PARSERS.load_defaults()
    for pattern, reader in _PARSERS.licence_files:
        if fnmatch.fnmatchcase(name, pattern):
            return cast("LicenceReader", reader.target())
    return None


def runtime_reader(name: str) -> Deferred | None:
    """The reader of the runtime versions a file named ``name`` declares, not yet imported
    (:meth:`Deferred.target` imports it): the family that owns the file says (its
    ``RUNTIME_FILES``); None for a file no family reads."""
    _PARSERS.load_defaults()
    found = _PARSERS.runtime_names.get(name)
    if found is not None:
        return found
    for pattern, reader in _PARSERS.runtime_globs:
        if fnmatch.fnmatchcase(name, pattern):
            return reader
    return None


def registered() -> list[ManifestParser]:
    """Every parser, built-in ones imported (listing them all needs them all)."""
    _PARSERS.load_defaults()
    parsers = [_PARSERS.resolve(p) for p in list(_PARSERS.parsers.values())]
    return sorted(parsers, key=_PARSERS.order)


def parsers_for(path: str) -> list[ManifestParser]:
    """Every registered parser that reads ``path``, importing the built-in ones it needs."""
    base = posixpath.basename(path)
    if not _any_pattern().match(base):
        return []
    by_name, by_path = _PARSERS.for_name(base)
    if "/" not in path:
        return list(by_name)
    names = {p.name for p in by_name}
    extra = [
        _PARSERS.resolve(p)
        for p in by_path
        if p.name not in names and _path_match(p.patterns, path)
    ]
    return sorted(by_name + extra, key=_PARSERS.order) if extra else list(by_name)
