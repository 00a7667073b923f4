"""The keys and glob patterns the technology catalog matches on, compiled once.

Three kinds of observation are matched, each after its own normalisation:

purls
    :func:`lodestar.safeparse.purls.purl_key` keeps ``pkg:type/namespace/name`` and drops
    version, qualifiers and subpath. Matching ignores case; an unencoded npm scope
    (``pkg:npm/@scope/x``) is read as the canonical ``%40scope`` and PyPI names are PEP 503
    normalised, so a pattern written in the canonical form of
    :func:`lodestar.safeparse.purls.purl_for` matches however the purl was spelled. In a
    pattern, ``*`` matches any run of characters, ``/`` included
    (``pkg:golang/github.com/aws/aws-sdk-go*`` matches ``…/aws-sdk-go-v2/service/s3``).
images
    ``image_key`` drops tag and digest, lower-cases, and normalises Docker Hub away
    (``docker.io/library/postgres``, ``index.docker.io/postgres`` and ``library/postgres`` are
    all ``postgres``), as are the Hub mirrors ``public.ecr.aws/docker/library/`` and
    ``mirror.gcr.io/``. ``*`` matches any run of characters, ``/`` included.
paths
    Repository paths, ``/``-separated, with gitignore-like patterns: a pattern without ``/``
    matches the file name at any depth (``Dockerfile``, ``*.tf``); a pattern with ``/`` is
    anchored at the repository root (``.github/workflows/*.yml``) unless it starts with
    ``**/``. ``*`` and ``?`` stay within one path segment, ``**/`` spans any number of
    directories (none included) and a trailing ``/**`` everything below. Case matters.

:class:`PatternIndex` (purls, images) and :class:`PathIndex` (paths) file most patterns under
dict keys, so that an observation that matches nothing (the usual case) costs a few dict
lookups; the few patterns that need a regular expression are compiled on first use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Generic, TypeVar

from lodestar.safeparse import purl_key

__all__ = [
    "GLOB_CHARS",
    "PathIndex",
    "PatternIndex",
    "glob_regex",
    "image_key",
    "is_type_package",
    "path_glob_regex",
]

T = TypeVar("T")

GLOB_CHARS = frozenset("*?[")
_HUB = ("docker.io/", "index.docker.io/", "registry-1.docker.io/", "registry.hub.docker.com/")
_HUB_MIRRORS = ("public.ecr.aws/docker/library/", "mirror.gcr.io/library/", "mirror.gcr.io/")


def is_type_package(purl: str) -> bool:
    """Whether a dependency is a package of type declarations (npm's ``@types/…`` scope,
    ``bun-types``, ``…-types``): it reveals that code targets a technology, but its version is
    the declarations' own, never the version of the runtime or library it describes
    (``@types/node`` 24.13.3 says nothing of the Node.js that runs)."""
    key = purl_key(purl)
    if key is None or not key.startswith("pkg:npm/"):
        return False
    name = key.removeprefix("pkg:npm/")
    return name.startswith("%40types/") or name.endswith("-types")


def image_key(image: str) -> str:
    """An image reference without tag, digest or Docker Hub prefixes, lower-cased."""
    ref = image.strip().lower().split("@", 1)[0]
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        ref = ref[:colon]
    for prefix in _HUB:
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    else:
        for prefix in _HUB_MIRRORS:
            if ref.startswith(prefix):
                ref = ref[len(prefix) :]
                break
    if ref.startswith("library/") and ref.count("/") == 1:
        ref = ref[len("library/") :]
    return ref


def _class(pattern: str, i: int) -> tuple[str, int]:
    """The regex for a ``[...]`` class starting at ``pattern[i]`` and the index after it."""
    j = i + 1
    if j < len(pattern) and pattern[j] in "!^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 1
    if j >= len(pattern):
        return re.escape("["), i + 1
    body = pattern[i + 1 : j]
    if body[:1] in {"!", "^"}:
        body = "^" + body[1:]
    return "[" + body.replace("\\", "\\\\") + "]", j + 1


def glob_regex(pattern: str) -> str:
    """fnmatch-style glob as a regex body: ``*`` is any run, ``/`` included."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append(".*")
            i += 1
        elif char == "?":
            out.append(".")
            i += 1
        elif char == "[":
            part, i = _class(pattern, i)
            out.append(part)
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


def path_glob_regex(pattern: str) -> str:
    """gitignore-like glob as a regex body over a full path (see the module docstring)."""
    anchored = "/" in pattern.removeprefix("**/")
    body = pattern if anchored else pattern.removeprefix("**/")
    out: list[str] = [] if anchored else ["(?:.*/)?"]
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("/**", i) and i + 3 == len(body):
            out.append("/.*")
            i += 3
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        elif body[i] == "[":
            part, i = _class(body, i)
            out.append(part)
        else:
            out.append(re.escape(body[i]))
            i += 1
    return "".join(out)


def _is_glob(pattern: str) -> bool:
    return any(c in GLOB_CHARS for c in pattern)


class PatternIndex(Generic[T]):
    """fnmatch-style patterns split by shape, so that most lookups are dict lookups.

    Exact keys go in a dict; ``literal*`` globs in a dict of prefixes probed once per distinct
    prefix length; the few other globs are compiled into
    regular expressions on first use, behind one combined expression that rejects a key
    matching none of them in one scan. Values come back in registration order, once each.
    """

    __slots__ = ("_compiled", "_exact", "_globs", "_lengths", "_prefixes")

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self._exact: dict[str, list[tuple[int, T]]] = {}
        self._prefixes: dict[str, list[tuple[int, T]]] = {}
        self._globs: list[tuple[str, int, T]] = []
        for order, (pattern, value) in enumerate(entries):
            if not _is_glob(pattern):
                self._exact.setdefault(pattern, []).append((order, value))
            elif pattern.endswith("*") and not _is_glob(pattern[:-1]):
                self._prefixes.setdefault(pattern[:-1], []).append((order, value))
            else:
                self._globs.append((pattern, order, value))
        self._lengths = sorted({len(p) for p in self._prefixes})
        self._compiled: tuple[re.Pattern[str], list[tuple[re.Pattern[str], int, T]]] | None = None

    def _regexes(self) -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], int, T]]]:
        if self._compiled is None:
            bodies = [glob_regex(pattern) for pattern, _, _ in self._globs]
            combined = re.compile("|".join(f"(?:{b})" for b in sorted(set(bodies))))
            each = [
                (re.compile(body), order, value)
                for body, (_, order, value) in zip(bodies, self._globs, strict=True)
            ]
            self._compiled = (combined, each)
        return self._compiled

    def match(self, key: str) -> list[T]:
        """Every value whose pattern matches ``key`` in full."""
        found = list(self._exact.get(key, ()))
        for length in self._lengths:
            if length > len(key):
                break
            found.extend(self._prefixes.get(key[:length], ()))
        if self._globs:
            combined, each = self._regexes()
            if combined.fullmatch(key):
                found.extend((order, value) for rx, order, value in each if rx.fullmatch(key))
        if len(found) > 1:
            found.sort(key=lambda pair: pair[0])
            return _unique([value for _, value in found])
        return [value for _, value in found]


class PathIndex(Generic[T]):
    """Path patterns split by shape, so that a path costs a handful of dict lookups.

    Exact file names, ``*.ext`` suffixes and exact paths are dict keys. Every other glob is
    filed under a literal it cannot match without: the longest wildcard-free segment of a
    pattern with ``/`` (``workflows`` for ``.github/workflows/*.yml``), or the literal start
    of a file-name pattern (``Dockerfile.`` for ``Dockerfile.*``); only the globs filed under a
    segment or file-name prefix the path has are tried, as regular expressions compiled on
    first use. Globs with no such literal are tried on every path.
    """

    __slots__ = (
        "_always",
        "_name_lengths",
        "_name_prefixes",
        "_names",
        "_paths",
        "_segments",
        "_suffixes",
    )

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self._names: dict[str, list[tuple[int, T]]] = {}
        self._suffixes: dict[str, list[tuple[int, T]]] = {}
        self._paths: dict[str, list[tuple[int, T]]] = {}
        self._segments: dict[str, list[tuple[int, T, str]]] = {}
        self._name_prefixes: dict[str, list[tuple[int, T, str]]] = {}
        self._always: list[tuple[int, T, str]] = []
        for order, (raw, value) in enumerate(entries):
            pattern = raw.lstrip("/")
            bare = pattern.removeprefix("**/")
            if "/" not in bare and not _is_glob(bare):
                self._names.setdefault(bare, []).append((order, value))
            elif "/" not in bare and bare.startswith("*.") and not _is_glob(bare[1:]):
                self._suffixes.setdefault(bare[1:], []).append((order, value))
            elif not _is_glob(pattern):
                self._paths.setdefault(pattern, []).append((order, value))
            else:
                self._file_glob(pattern, bare, (order, value, path_glob_regex(pattern)))
        self._name_lengths = sorted({len(p) for p in self._name_prefixes})

    def _file_glob(self, pattern: str, bare: str, item: tuple[int, T, str]) -> None:
        if "/" not in bare:
            literal = bare[: min((bare.find(c) for c in GLOB_CHARS if c in bare), default=0)]
            target = self._name_prefixes.setdefault(literal, []) if literal else self._always
        else:
            literals = [seg for seg in pattern.split("/") if seg and not _is_glob(seg)]
            key = max(literals, key=len) if literals else None
            target = self._segments.setdefault(key, []) if key else self._always
        target.append(item)

    def match(self, path: str) -> list[T]:
        """Every value whose pattern matches ``path``, in registration order."""
        norm = path.replace("\\", "/").removeprefix("./").lstrip("/")
        segments = norm.split("/")
        name = segments[-1]
        found = list(self._names.get(name, ()))
        if self._suffixes:
            dot = name.find(".", 1)
            while dot != -1:
                found.extend(self._suffixes.get(name[dot:], ()))
                dot = name.find(".", dot + 1)
        found.extend(self._paths.get(norm, ()))
        candidates: list[tuple[int, T, str]] = []
        for segment in segments:
            candidates.extend(self._segments.get(segment, ()))
        for length in self._name_lengths:
            if length > len(name):
                break
            candidates.extend(self._name_prefixes.get(name[:length], ()))
        candidates.extend(self._always)
        found.extend(
            (order, value) for order, value, body in candidates if _regex(body).fullmatch(norm)
        )
        if len(found) > 1:
            found.sort(key=lambda pair: pair[0])
            return _unique([value for _, value in found])
        return [value for _, value in found]


@functools.cache
def _regex(body: str) -> re.Pattern[str]:
    return re.compile(body)


def _unique(values: list[T]) -> list[T]:
    seen: set[int] = set()
    out: list[T] = []
    for value in values:
        if id(value) not in seen:
            seen.add(id(value))
            out.append(value)
    return out
