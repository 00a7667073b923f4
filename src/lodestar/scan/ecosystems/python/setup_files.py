"""setuptools metadata: ``setup.cfg`` and ``setup.py`` (read statically, never executed).

``setup.cfg``: ``[options] install_requires`` (runtime), ``setup_requires`` (build),
``tests_require`` (test) and ``[options.extras_require]`` (scope by extra name, optional by
default; the rule is in :mod:`python_common`). Values are setuptools' "list-semi": one
requirement per line when the value spans lines, else ``;``-separated. ``file: a.txt, b.txt``
reads requirements files through the context (they keep their own path and lines). Interpolation
is off, duplicate sections and keys are tolerated, and a ``#`` after whitespace ends a value.

``setup.py`` is parsed with :mod:`ast`, never run. Every ``setup(...)`` / ``setuptools.setup(...)``
/ ``distutils.core.setup(...)`` call is read for the keywords ``install_requires``,
``setup_requires``, ``tests_require`` and ``extras_require``, given as literals (a list, tuple or
a multi-line string; a dict or ``dict(...)``), as names bound at module level to literals
(``+`` concatenation, ``+=`` and ``*unpacking`` of such names included), or through
``setup(**config)`` with a literal ``config``. Old conditional extras keys (``"test:python_version
< '3'"``, ``":sys_platform == 'win32'"``) count for the extra before ``:`` (runtime when empty).
Anything computed — reading ``requirements.txt``, function calls, loops, branches on the
interpreter version — is skipped without an error: this parser cannot see it. A file that is not
Python 3 syntax (a Python 2 ``print`` statement) is a ManifestError.
"""

from __future__ import annotations

import ast
import configparser
import re
from collections.abc import Iterator

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems import metadata_licence as licence_meta
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.python.common import (
    Lines,
    bounded,
    check_size,
    decode_text,
    scope_for_name,
)
from lodestar.scan.ecosystems.python.pep508 import (
    requirement_dependency,
)
from lodestar.scan.ecosystems.python.requirements import requirements_from_files
from lodestar.scan.ecosystems.registry import ManifestContext

_KEYWORDS = {
    "install_requires": Scope.RUNTIME,
    "setup_requires": Scope.BUILD,
    "tests_require": Scope.TEST,
}
_INLINE_COMMENT = re.compile(r"(?<!\s)\s++#.*$")  # blank runs taken whole: linear
MAX_DEPTH = 32
MAX_VISITS = 100_000


def _extra_scope(key: str) -> Scope:
    extra = key.split(":", 1)[0].strip()
    return scope_for_name(extra, Scope.OPTIONAL) if extra else Scope.RUNTIME


class _Collector:
    def __init__(self, path: str) -> None:
        self.path = path
        self.deps: dict[tuple[str, Scope], Dependency] = {}

    def add(self, text: str, scope: Scope, line: int | None) -> None:
        dep = requirement_dependency(text, path=self.path, line=line, scope=scope)
        if dep is not None:
            self.deps.setdefault((dep.purl, dep.scope), dep)

    def extend(self, deps: list[Dependency]) -> None:
        for dep in deps:
            self.deps.setdefault((dep.purl, dep.scope), dep)


# --- setup.cfg -------------------------------------------------------------------------------


def _cfg_items(value: str) -> list[str]:
    raw = value.splitlines() if "\n" in value.strip() else value.split(";")
    items = [_INLINE_COMMENT.sub("", item).strip() for item in raw]
    return [item for item in items if item]


def _cfg_value(
    key: str,
    value: str,
    scope: Scope,
    start: int,
    *,
    ctx: ManifestContext,
    out: _Collector,
    lines: Lines,
) -> None:
    stripped = value.strip()
    if stripped.startswith("file:"):
        targets = [t.strip() for t in stripped[5:].split(",")]
        out.extend(requirements_from_files(out.path, targets, ctx, scope))
        return
    key_line = lines.key(key, start)
    for item in _cfg_items(value):
        out.add(item, scope, lines.bare(item, key_line or start) or key_line)


@bounded
def parse_setup_cfg(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies of a setuptools ``setup.cfg`` (see the module docstring)."""
    check_size(path, data)
    text = decode_text(path, data)
    config = ctx.documents.config(path, data)  # parsed once per scan
    try:
        if config is None:
            config = configparser.ConfigParser(interpolation=None, strict=False)
            config.read_string(text, source=path)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        errors = getattr(exc, "errors", None)
        if line is None and errors:
            line = errors[0][0]
        reason = exc.message.splitlines()[0] if exc.message else type(exc).__name__
        raise ManifestError(f"invalid setup.cfg: {reason}", path=path, line=line) from None
    lines = Lines(text)
    out = _Collector(path)
    if config.has_section("options"):
        start = lines.header("options")
        for key, scope in _KEYWORDS.items():
            value = config.get("options", key, fallback=None)
            if value:
                _cfg_value(key, value, scope, start, ctx=ctx, out=out, lines=lines)
    if config.has_section("options.extras_require"):
        start = lines.header("options", "extras_require")
        for extra, value in config.items("options.extras_require"):
            if value:
                _cfg_value(extra, value, _extra_scope(extra), start, ctx=ctx, out=out, lines=lines)
    return list(out.deps.values())


# --- setup.py --------------------------------------------------------------------------------


def _lines(value: str, line: int) -> Iterator[tuple[str, int]]:
    """setuptools' reading of a requirement string: one per line, ``#`` comments dropped."""
    for offset, part in enumerate(value.splitlines()):
        text = _INLINE_COMMENT.sub("", part).strip()
        if text and not text.startswith("#"):
            yield text, line + offset


class _Static:
    """Literal values of module-level names, resolved on demand with a depth guard."""

    def __init__(self, tree: ast.Module) -> None:
        self.budget = MAX_VISITS  # against `b = a + a; c = b + b; …` doubling at every name
        self.names: dict[str, list[ast.expr]] = {}
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                self.names[node.targets[0].id] = [node.value]
            elif (
                isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value
            ):
                self.names[node.target.id] = [node.value]
            elif (
                isinstance(node, ast.AugAssign)
                and isinstance(node.op, ast.Add)
                and isinstance(node.target, ast.Name)
            ):
                self.names.setdefault(node.target.id, []).append(node.value)

    def strings(
        self, node: ast.expr, depth: int = 0, seen: frozenset[str] = frozenset()
    ) -> Iterator[tuple[str, int]]:
        """(requirement, line) of a literal list/tuple/set, a multi-line string or a name."""
        self.budget -= 1
        if depth > MAX_DEPTH or self.budget < 0:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield from _lines(node.value, node.lineno)
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            for element in node.elts:
                if isinstance(element, ast.Starred):
                    yield from self.strings(element.value, depth + 1, seen)
                elif isinstance(element, ast.Constant) and isinstance(element.value, str):
                    yield from _lines(element.value, element.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            yield from self.strings(node.left, depth + 1, seen)
            yield from self.strings(node.right, depth + 1, seen)
        elif isinstance(node, ast.Name) and node.id not in seen:
            for value in self.names.get(node.id, []):
                yield from self.strings(value, depth + 1, seen | {node.id})

    def mapping(self, node: ast.expr, depth: int = 0) -> Iterator[tuple[str, ast.expr]]:
        """(key, value) of a literal dict, ``dict(...)`` call or a name bound to one."""
        self.budget -= 1
        if depth > MAX_DEPTH or self.budget < 0:
            return
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    yield from self.mapping(value, depth + 1)
                elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                    yield key.value, value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "dict"
        ):
            for arg in node.args[:1]:
                yield from self.mapping(arg, depth + 1)
            for keyword in node.keywords:
                if keyword.arg is None:
                    yield from self.mapping(keyword.value, depth + 1)
                else:
                    yield keyword.arg, keyword.value
        elif isinstance(node, ast.Name):
            for value in self.names.get(node.id, [])[:1]:
                yield from self.mapping(value, depth + 1)


def _is_setup(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id == "setup") or (
        isinstance(func, ast.Attribute) and func.attr == "setup"
    )


def _keywords(call: ast.Call, static: _Static) -> Iterator[tuple[str, ast.expr]]:
    for keyword in call.keywords:
        if keyword.arg is None:
            yield from static.mapping(keyword.value)
        else:
            yield keyword.arg, keyword.value


@bounded
def parse_setup_py(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies a ``setup.py`` declares as literals (see the module docstring)."""
    check_size(path, data)
    try:
        tree = ast.parse(data, filename=path)
    except SyntaxError as exc:
        raise ManifestError(f"not Python 3 syntax: {exc.msg}", path=path, line=exc.lineno) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ManifestError(f"cannot parse setup.py: {type(exc).__name__}", path=path) from None
    static = _Static(tree)
    out = _Collector(path)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not _is_setup(node):
            continue
        for key, value in _keywords(node, static):
            if key in _KEYWORDS:
                for text, line in static.strings(value):
                    out.add(text, _KEYWORDS[key], line)
            elif key == "extras_require":
                for extra, requirements in static.mapping(value):
                    for text, line in static.strings(requirements):
                        out.add(text, _extra_scope(extra), line)
    return list(out.deps.values())


# --------------------------------------------------------------------------------------------
# The declared licence


def _licence(
    path: str, data: bytes, notes: list[str], shared: configparser.ConfigParser | None
) -> str | None:
    parser = (
        configparser.ConfigParser(interpolation=None, strict=False) if shared is None else shared
    )
    try:
        if shared is None:  # else parsed already in this scan
            parser.read_string(licence_meta.decode_text(path, data), source=path)
    except configparser.MissingSectionHeaderError as exc:
        raise ManifestError(
            "no [section] header before the first key", path=path, line=exc.lineno
        ) from exc
    except configparser.ParsingError as exc:
        line = exc.errors[0][0] if exc.errors else None
        raise ManifestError("invalid INI syntax", path=path, line=line) from exc
    except configparser.Error as exc:
        raise ManifestError(f"invalid INI: {exc.message}", path=path) from exc
    if not parser.has_section("metadata"):
        return None
    meta = parser["metadata"]
    for key in ("license_expression", "license-expression", "license"):
        value = meta.get(key, "").strip()
        if value.startswith(("file:", "attr:")):
            notes.append(f"{path} points elsewhere for its licence ({value})")
        elif value:
            return licence_meta.from_name(value)
    classifiers = meta.get("classifiers", "")
    if classifiers.strip().startswith("file:"):
        return None
    return licence_meta.from_classifiers([c.strip() for c in classifiers.splitlines() if c.strip()])


def declared_licence_of(
    path: str, data: bytes, notes: list[str], documents: Documents | None = None
) -> str | None:
    """The SPDX expression this file declares as its package's licence (None: none), noting
    pointers to licence files in ``notes``; :class:`ManifestError` for a file not read."""
    shared = documents.config(path, data) if documents is not None else None
    return _licence(path, data, notes, shared)
