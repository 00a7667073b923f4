"""Shared pieces of the Python-ecosystem parsers: decoding, records, scopes and lines.

PEP 508 requirements and direct references are read in :mod:`python_pep508`.

**Scopes from names.** Extras, dependency groups, Poetry/PDM/Hatch groups and requirements file
names are matched word by word (split on ``-``, ``_``, ``.``): a test word (test, tests, testing,
pytest, tox, nox, coverage, cov, ci, e2e) gives ``test``; a documentation word (docs, doc,
documentation, sphinx, mkdocs) gives ``docs``; a development word (dev, develop, development,
lint, linting, linters, typing, types, mypy, style, format, formatting, fmt, check, checks, qa,
quality, precommit, pre-commit, tools, tooling, debug, bench, benchmark, benchmarks, profiling,
release) gives ``dev``; ``build`` gives ``build``; anything else gives the caller's default
(``optional`` for extras, ``dev`` for groups, ``runtime`` for requirements files). A
requirements file whose name says nothing takes the scope of the nearest enclosing folder whose
whole name is one of those words (``docs/requirements.txt`` → docs, ``tests/requirements.txt``
→ test; ``dev-portal/`` is not a ``dev`` folder).

**Limits against hostile input.** Every parser runs under :func:`bounded`: a budget of work per
file (lines, requirement characters, records; see :func:`spend`) that real files stay far below
and that keeps any 8 MiB input to a couple of seconds. Hand-written manifests (pyproject.toml,
Pipfile, setup.cfg, setup.py) over 1 MiB are refused, as are TOML locks with more than 600,000
separators (the pure-Python tomllib would take seconds) and PEP 508 strings over 4,096
characters (the ``packaging`` parser is superlinear on long specifier lists). Documents are read
through :mod:`lodestar.safeparse`, so deep nesting and integers too long to convert are
positioned ManifestErrors, never RecursionError or ValueError.
"""

from __future__ import annotations

import bisect
import codecs
import dataclasses
import functools
import re
from contextvars import ContextVar
from typing import Any

from lodestar.errors import ManifestError
from lodestar.records import SCOPE_RANK, Dependency, Scope
from lodestar.safeparse import decode_text as safe_text
from lodestar.safeparse import load_json as safe_json
from lodestar.safeparse import load_toml as safe_toml
from lodestar.safeparse import purl_for
from lodestar.scan.ecosystems.edges import union
from lodestar.scan.ecosystems.registry import ManifestContext, Parse

ECOSYSTEM = "pypi"
MAX_ENTRIES = 200_000  # units of work per file: see spend()
MAX_TOML_SEPARATORS = 600_000
MAX_MANIFEST_BYTES = 1 << 20  # a pyproject.toml, Pipfile, setup.cfg or setup.py larger is refused
_BUDGET: ContextVar[list[int] | None] = ContextVar("python_manifest_budget", default=None)

NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?")
_TEST_WORDS = frozenset(
    {"test", "tests", "testing", "pytest", "tox", "nox", "coverage", "cov", "ci", "e2e"}
)
_DEV_WORDS = frozenset(
    {
        "dev", "devel", "develop", "development", "lint", "linting", "linters", "typing",
        "types", "mypy", "style", "format", "formatting", "fmt", "check", "checks", "qa",
        "quality", "precommit", "pre-commit", "tools", "tooling",
        "debug", "bench", "benchmark", "benchmarks", "profiling", "release",
    }
)  # fmt: skip
DOCS_WORDS = frozenset({"docs", "doc", "documentation", "sphinx", "mkdocs"})
_WORD = re.compile(r"[-_.\s]+")


def scope_for_name(name: str, default: Scope) -> Scope:
    """The scope an extra, group or requirements file name implies (rule in the module doc)."""
    words = set(_WORD.split(name.lower()))
    if "pre" in words and "commit" in words:
        words.add("precommit")
    if words & _TEST_WORDS:
        return Scope.TEST
    if words & DOCS_WORDS:
        return Scope.DOCS
    if words & _DEV_WORDS:
        return Scope.DEV
    if "build" in words:
        return Scope.BUILD
    return default


def folder_scope(directory: str) -> Scope | None:
    """The scope of the nearest folder of ``directory`` whose whole name is a scope word."""
    for segment in reversed(directory.lower().split("/")):
        if segment and _WORD.search(segment) is None:
            scope = scope_for_name(segment, Scope.RUNTIME)
            if scope is not Scope.RUNTIME:
                return scope
    return None


def decode_text(path: str, data: bytes) -> str:
    """Text of a file: UTF-8 (with or without BOM), or UTF-16/32 when a BOM says so."""
    encoding = "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # e.g. `pip freeze > requirements.txt` in Windows PowerShell
    return safe_text(path, data, encoding)


def load_toml(path: str, data: bytes) -> dict[str, Any]:
    """A TOML document, or a ManifestError at the line and column tomllib names."""
    return safe_toml(path, decode_text(path, data))


def parse_toml(path: str, text: str) -> dict[str, Any]:
    """A TOML document from text, or a ManifestError at the line and column tomllib names."""
    return safe_toml(path, text)


def lock_packages(path: str, data: bytes) -> tuple[list[dict[str, Any]], str]:
    """The ``[[package]]`` tables of a TOML lock (poetry.lock, pdm.lock, uv.lock), and its text.

    Before parsing, the separators (``,`` ``=`` and newlines) are counted: real locks have well
    under 300,000 even at 8 MiB, while the pure-Python tomllib takes seconds on a few million
    (``a = [1,1,1,…]``); more than MAX_TOML_SEPARATORS is refused. Each package costs budget.
    """
    text = decode_text(path, data)
    packages = safe_toml(path, text, max_separators=MAX_TOML_SEPARATORS).get("package", [])
    if not isinstance(packages, list):
        raise ManifestError("'package' is not an array of tables", path=path)
    spend(path, None, len(packages))
    return [p for p in packages if isinstance(p, dict)], text


def load_json(path: str, data: bytes) -> Any:
    """A JSON document, or ManifestError (bad syntax, nesting too deep, gigantic numbers)."""
    return safe_json(path, decode_text(path, data))


def parse_json(path: str, text: str) -> Any:
    """A JSON document from text, or ManifestError."""
    return safe_json(path, text)


def table(value: object) -> dict[str, Any]:
    """``value`` when it is a table, else an empty one (wrong shapes declare nothing)."""
    return value if isinstance(value, dict) else {}


def strings(value: object) -> list[str]:
    """The strings of a list (other items ignored), or [] when ``value`` is not a list."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def named_urls(value: object) -> dict[str, str]:
    """name → url of an array of ``{name = …, url = …}`` tables (package indexes, sources)."""
    if not isinstance(value, list):
        return {}
    return {
        item["name"]: item["url"]
        for item in value
        if isinstance(item, dict)
        and isinstance(item.get("name"), str)
        and isinstance(item.get("url"), str)
    }


def bounded(parse: Parse) -> Parse:
    """``parse`` with a work budget: MAX_ENTRIES units per file (see :func:`spend`).

    Real manifests and locks hold a few thousand entries; 8 MiB of one-letter requirements
    would otherwise cost a minute. Nested calls (included files) share the outer budget.
    """

    @functools.wraps(parse)
    def run(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
        if _BUDGET.get() is not None:
            return parse(path, data, ctx)
        token = _BUDGET.set([MAX_ENTRIES])
        try:
            return parse(path, data, ctx)
        finally:
            _BUDGET.reset(token)

    return run


def spend(path: str, line: int | None = None, units: int = 1) -> None:
    """Count work against the budget of :func:`bounded`.

    A line of a requirements file or a locked package costs one unit, a PEP 508 string one per 4
    characters (the ``packaging`` parser costs about a microsecond per character), a record four
    (building its purl costs some 20 microseconds).
    """
    budget = _BUDGET.get()
    if budget is None:
        return
    budget[0] -= units
    if budget[0] < 0:
        raise ManifestError(
            f"more than {MAX_ENTRIES:,} units of work (lines, requirements, packages): refused",
            path=path,
            line=line,
        )


def check_size(path: str, data: bytes) -> None:
    """Refuse a hand-written manifest larger than MAX_MANIFEST_BYTES (lock files are not capped)."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"larger than {MAX_MANIFEST_BYTES:,} bytes: refused", path=path)


def make_dependency(
    name: str,
    *,
    path: str,
    scope: Scope,
    direct: bool,
    version: str | None = None,
    constraint: str | None = None,
    line: int | None = None,
    qualifiers: dict[str, str] | None = None,
) -> Dependency:
    """A PyPI dependency record; ManifestError when ``name`` is not a valid project name."""
    spend(path, line, 4)
    if NAME.fullmatch(name) is None:
        raise ManifestError(f"invalid package name {name[:80]!r}", path=path, line=line)
    try:
        purl = purl_for(ECOSYSTEM, name, version, qualifiers)
    except ValueError as exc:
        raise ManifestError(
            f"cannot build a purl for {name!r}: {exc}", path=path, line=line
        ) from None
    return Dependency(purl, ECOSYSTEM, name, version, constraint, scope, direct, path, line)


class LockCollector:
    """Records of one lock file: one per purl, with the most needed scope, direct if any is,
    and the edges of all of them."""

    def __init__(self) -> None:
        self.deps: dict[str, Dependency] = {}

    def add(self, dep: Dependency | None) -> None:
        if dep is None:
            return
        old = self.deps.get(dep.purl)
        if old is None:
            self.deps[dep.purl] = dep
            return
        best = dep if SCOPE_RANK[dep.scope] < SCOPE_RANK[old.scope] else old
        self.deps[dep.purl] = dataclasses.replace(
            best, direct=old.direct or dep.direct, depends_on=union(old.depends_on, dep.depends_on)
        )

    def result(self) -> list[Dependency]:
        return list(self.deps.values())


_PACKAGE_HEADER = re.compile(
    r'^\[\[package\]\][ \t]*\r?\nname[ \t]*=[ \t]*"([^"\n]*)"[ \t]*\r?\n'
    r'(?:version[ \t]*=[ \t]*"([^"\n]*)")?',
    re.MULTILINE,
)


def package_lines(text: str) -> dict[tuple[str, str | None], int]:
    """(name, version) → line of ``[[package]]`` in poetry.lock, pdm.lock and uv.lock layouts.

    One regex pass over the text (the tools write ``name`` then ``version`` right after the
    header); any other layout simply finds no lines.
    """
    found: dict[tuple[str, str | None], int] = {}
    line, position = 1, 0
    for match in _PACKAGE_HEADER.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        found.setdefault((match.group(1), match.group(2)), line)
    return found


_QUOTED = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'""")
_KEY = re.compile(
    r"""^[ \t]*(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*[=.:]""", re.MULTILINE
)
_HEADER = re.compile(r"^[ \t]*\[([^\[\]\n]+)\][ \t]*(?:[#;][^\n]*)?$", re.MULTILINE)
_HEADER_PART = re.compile(r""""([^"]*)"|'([^']*)'|([^.\s"']+)""")
# A line's value without its blanks and its " # comment": words and inner blank runs, each taken
# whole, a blank run only when neither "#" nor the line end follows it. (A lazy "[^\n]*?" with
# blanks on both sides backtracked quadratically on a long run of blanks.)
_BARE = re.compile(
    r"^[ \t]*+((?:[^ \t\n]++|[ \t]++(?!#|$))*+)[ \t]*+(?:#[^\n]*+)?$",
    re.MULTILINE,
)


def _index(pattern: re.Pattern[str], text: str) -> dict[str, list[int]]:
    """First non-empty group of every match → the 0-based line indexes it occurs on, in order."""
    found: dict[str, list[int]] = {}
    line, position = 0, 0
    for match in pattern.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        value = next((g for g in match.groups() if g is not None), "")
        found.setdefault(value, []).append(line)
    return found


class Lines:
    """Cheap line lookups in a TOML or INI text: table headers, keys, quoted strings, values.

    Each kind is indexed once by a regex pass over the text, so a lookup costs a dictionary access
    and a bisection, not a scan (a 1 MiB manifest can hold a hundred thousand entries). ``start``
    arguments are 0-based line indexes; lookups return 1-based line numbers, or None.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._strings: dict[str, list[int]] | None = None
        self._keys: dict[str, list[int]] | None = None
        self._bare: dict[str, list[int]] | None = None
        self._headers: dict[tuple[str, ...], list[int]] = {}
        line, position = 0, 0
        for match in _HEADER.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            parts = tuple(
                next(g for g in m.groups() if g is not None)
                for m in _HEADER_PART.finditer(match.group(1))
            )
            self._headers.setdefault(parts, []).append(line)

    @staticmethod
    def _first(indexes: list[int] | None, start: int) -> int | None:
        if start < 0 or not indexes:
            return None  # a header that was not found finds nothing: no line beats a wrong one
        at = bisect.bisect_left(indexes, start)
        return indexes[at] + 1 if at < len(indexes) else None

    def header(self, *parts: str) -> int:
        """0-based index of the first ``[a.b]`` header (quotes and spacing tolerated), or -1."""
        found = self._headers.get(parts)
        return found[0] if found else -1

    def string(self, value: str, start: int = 0) -> int | None:
        """Line of the first quoted string equal to ``value`` at or after ``start``."""
        if self._strings is None:
            self._strings = _index(_QUOTED, self.text)
        return self._first(self._strings.get(value), start)

    def key(self, name: str, start: int = 0) -> int | None:
        """Line of ``name =`` (a bare or quoted TOML key, or an INI ``name =``/``name:``)."""
        if self._keys is None:
            self._keys = _index(_KEY, self.text)
        return self._first(self._keys.get(name), start)

    def bare(self, value: str, start: int = 0) -> int | None:
        """Line whose whole content (an INI value line, comment dropped) is ``value``."""
        if self._bare is None:
            self._bare = _index(_BARE, self.text)
        return self._first(self._bare.get(value), start)
