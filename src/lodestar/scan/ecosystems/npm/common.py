"""Shared pieces of the npm-ecosystem parsers: dependency specs, JSON, scopes, and the collector.

A *spec* is the right-hand side of a ``package.json`` dependency (``^1.2.0``, ``npm:bar@^1``,
``github:user/repo#v1``, ``file:../x``, ``workspace:*``); npm, Yarn, pnpm and Bun share most of
that grammar, so :func:`parse_spec` classifies it once for every parser:

* registry ranges, dist-tags and exact versions (only ``1.2.3`` / ``=1.2.3`` / ``v1.2.3`` pin);
* aliases ``npm:bar@^1`` → the real package ``bar`` (the alias name is not a package);
* Yarn Berry ``patch:bar@npm%3A1.0.0#…`` → the patched package ``bar``;
* git (``git+…``, ``github:``, ``user/repo`` shorthand, ``….git`` URLs), tarball URLs and
  ``file:`` paths: kept, but their purl carries no version (it would not name a registry release);
* ``link:``, ``portal:`` and ``workspace:``: the organisation's own code, never a package.

Lock parsers feed a :class:`Collector`, which keeps one dependency per purl (the most needed
scope, direct if any occurrence is) and orders them shallowest first, so that when the merge step
keeps the first version of a package it keeps the hoisted one.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar
from urllib.parse import unquote

from lodestar.records import SCOPE_RANK, Dependency, Scope
from lodestar.safeparse import decode_text, purl_for
from lodestar.safeparse import load_json as safe_json
from lodestar.scan.ecosystems.edges import union

ECOSYSTEM = "npm"


class Kind(StrEnum):
    """Where a dependency spec points."""

    REGISTRY = "registry"  # a version, range or dist-tag of a registry package (aliases included)
    GIT = "git"  # a git repository (git+…, github:, user/repo, ….git URLs)
    URL = "url"  # a tarball URL
    FILE = "file"  # file: and bare paths: a vendored tarball or a directory
    LOCAL = "local"  # link:, portal:, workspace: — the repository's own code
    OTHER = "other"  # catalog:, jsr:, exec: — resolved somewhere this file does not say


@dataclass(frozen=True, slots=True)
class Spec:
    """A classified dependency spec."""

    name: str  # the real package name (an alias resolved to its target)
    kind: Kind
    version: str | None  # the exact version when a registry spec pins one


_EXACT = re.compile(  # possessive runs: linear in the text
    r"\s*+=?\s*+v?(\d++\.\d++\.\d++(?:-[0-9A-Za-z.-]++)?(?:\+[0-9A-Za-z.-]++)?)\s*+"
)
_NAME = re.compile(r"(?:@[\w.~!'()*-]+/)?[\w.~!'()*-]{1,256}", re.ASCII)  # URL-safe, as npm
_SHORTHAND = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+(?:#\S*)?")
_TARBALL = re.compile(r"\.(?:tgz|tar\.gz|tar)$", re.IGNORECASE)
_RANGE_START = re.compile(r"[\d^~<>=*|\s]|[xX](?:$|[.\s])|v\d")
_GIT_PREFIXES = ("git+", "git:", "git@", "github:", "gitlab:", "bitbucket:", "gist:", "ssh:")
_LOCAL_PREFIXES = ("link:", "portal:", "workspace:")
_OTHER_PREFIXES = ("catalog:", "jsr:", "exec:")
_PATH_PREFIXES = ("./", "../", "/", "~/", ".\\", "..\\")


def exact_version(text: str) -> str | None:
    """``1.2.3``, ``=1.2.3`` or ``v1.2.3`` → ``1.2.3``; any range or tag → None."""
    match = _EXACT.fullmatch(text)
    return match.group(1) if match else None


def valid_name(name: str) -> bool:
    """Whether ``name`` can be an npm package name (scoped or not)."""
    return _NAME.fullmatch(name) is not None


def split_ident(text: str) -> tuple[str, str]:
    """``@scope/name@range`` → (``@scope/name``, ``range``); no ``@`` after the first character
    gives (text, "")."""
    at = text.find("@", 1)
    return (text, "") if at < 0 else (text[:at], text[at + 1 :])


def is_tarball_path(text: str) -> bool:
    return _TARBALL.search(text.split("#", 1)[0].split("::", 1)[0]) is not None


def parse_spec(name: str, spec: str) -> Spec:
    """Classify the spec of dependency ``name`` (see the module docstring)."""
    text = spec.strip()
    low = text.lower()
    if low.startswith("npm:"):
        rest = text[4:]
        if (
            rest.find("@", 1) < 0
            and not rest.startswith("@")
            and (not rest or _RANGE_START.match(rest))
        ):
            return Spec(name, Kind.REGISTRY, exact_version(rest))  # Berry's npm: protocol
        target, target_range = split_ident(rest)
        return Spec(target, Kind.REGISTRY, exact_version(target_range))
    if low.startswith("patch:"):
        target, target_range = split_ident(unquote(text[6:].split("#", 1)[0]))
        if target_range.lower().startswith("patch:"):
            return Spec(target, Kind.OTHER, None)
        inner = parse_spec(target, target_range)
        return Spec(target, inner.kind, inner.version)
    if low.startswith(_LOCAL_PREFIXES):
        return Spec(name, Kind.LOCAL, None)
    if low.startswith(_OTHER_PREFIXES):
        return Spec(name, Kind.OTHER, None)
    if low.startswith("file:") or text.startswith(_PATH_PREFIXES):
        return Spec(name, Kind.FILE, None)
    if low.startswith(_GIT_PREFIXES):
        return Spec(name, Kind.GIT, None)
    if low.startswith(("http://", "https://")):
        plain = low.split("#", 1)[0]
        return Spec(name, Kind.GIT if plain.endswith(".git") else Kind.URL, None)
    if is_tarball_path(low):  # a relative tarball path, as npm-package-arg reads it
        return Spec(name, Kind.FILE, None)
    if _SHORTHAND.fullmatch(text):
        return Spec(name, Kind.GIT, None)
    return Spec(name, Kind.REGISTRY, exact_version(text))


# ---------------------------------------------------------------------------------------------
# Reading text and JSON


def decode(path: str, data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); anything else is a positioned ManifestError."""
    return decode_text(path, data)


def load_json(path: str, text: str, *, jsonc: bool = False) -> object:
    """Parse JSON (or JSONC: comments and trailing commas), every failure a ManifestError."""
    return safe_json(path, text, jsonc=jsonc)


def str_map(value: object) -> dict[str, str]:
    """The string → string entries of a JSON/YAML mapping (anything else is ignored)."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def key_lines(text: str, pattern: re.Pattern[str], start: int = 0) -> dict[str, int]:
    """First line of each key matched by ``pattern`` (group 1) from ``start`` on, counted in one
    pass over the text."""
    lines: dict[str, int] = {}
    line, last = 1 + text.count("\n", 0, start), start
    for match in pattern.finditer(text, start):
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.setdefault(match.group(1), line)
    return lines


# ---------------------------------------------------------------------------------------------
# Scopes


_BY_RANK = sorted(SCOPE_RANK, key=SCOPE_RANK.__getitem__)


def stronger(a: Scope, b: Scope) -> Scope:
    """The scope that makes a package more needed: runtime > peer > optional > build > test >
    dev > docs."""
    return a if SCOPE_RANK[a] <= SCOPE_RANK[b] else b


K = TypeVar("K", bound=Hashable)


def propagate(
    roots: Iterable[tuple[K, Scope]],
    edges: Callable[[K], Iterable[tuple[K, Scope | None]]],
) -> dict[K, Scope]:
    """The scope of every node reachable from ``roots``.

    A node gets the strongest scope over all paths to it; along a path the scope can only weaken:
    a root's scope, then at least ``peer`` after a peer edge and at least ``optional`` after an
    optional edge. ``edges(node)`` yields ``(child, weakest)`` with ``weakest`` None for an
    ordinary edge. Buckets are processed strongest first, so every node is settled the first
    time it is popped: linear in nodes + edges.
    """
    buckets: list[deque[K]] = [deque() for _ in _BY_RANK]
    for node, scope in roots:
        buckets[SCOPE_RANK[scope]].append(node)
    settled: dict[K, Scope] = {}
    for rank, bucket in enumerate(buckets):
        while bucket:
            node = bucket.popleft()
            if node in settled:
                continue
            settled[node] = _BY_RANK[rank]
            for child, weakest in edges(node):
                if child not in settled:
                    bucket_rank = rank if weakest is None else max(rank, SCOPE_RANK[weakest])
                    buckets[bucket_rank].append(child)
    return settled


# ---------------------------------------------------------------------------------------------
# Building dependencies


def make_dependency(
    path: str,
    name: str,
    *,
    version: str | None,
    constraint: str | None,
    scope: Scope,
    direct: bool,
    line: int | None = None,
    licence: str | None = None,
    depends_on: tuple[str, ...] | None = None,
) -> Dependency | None:
    """A Dependency with its purl, or None when ``name`` cannot be a package name."""
    purl = npm_purl(name, version)
    if purl is None:
        return None
    return Dependency(
        purl=purl,
        ecosystem=ECOSYSTEM,
        name=name,
        version=purl_version(version),
        constraint=constraint,
        scope=scope,
        direct=direct,
        manifest=path,
        line=line,
        licence=licence,
        depends_on=depends_on,
    )


def purl_version(version: str | None) -> str | None:
    """The version as it goes into a purl: None for an empty one or one with blanks."""
    if version is not None and (not version or any(c.isspace() for c in version)):
        return None
    return version


def npm_purl(name: str, version: str | None) -> str | None:
    """The purl of an npm package, or None when ``name`` cannot be a package name."""
    if not valid_name(name):
        return None
    try:
        return purl_for(ECOSYSTEM, name, purl_version(version))
    except ValueError:
        return None


@dataclass(slots=True)
class _Held:
    dep: Dependency
    order: tuple[int, str]


class Collector:
    """One dependency per purl for a lock file: the strongest scope, direct if any occurrence
    is, the first constraint, line and licence seen, the edges of every occurrence; shallowest
    (then lexically first) occurrence first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._held: dict[str, _Held] = {}

    def add(
        self,
        name: str,
        *,
        version: str | None,
        scope: Scope,
        direct: bool = False,
        constraint: str | None = None,
        line: int | None = None,
        order: tuple[int, str] = (0, ""),
        licence: str | None = None,
        depends_on: tuple[str, ...] | None = None,
    ) -> None:
        dep = make_dependency(
            self.path,
            name,
            version=version,
            constraint=constraint,
            scope=scope,
            direct=direct,
            line=line,
            licence=licence,
            depends_on=depends_on,
        )
        if dep is None:
            return
        held = self._held.get(dep.purl)
        if held is None:
            self._held[dep.purl] = _Held(dep, order)
            return
        old = held.dep
        held.dep = Dependency(
            purl=old.purl,
            ecosystem=old.ecosystem,
            name=old.name,
            version=old.version,
            constraint=old.constraint if old.constraint is not None else constraint,
            scope=stronger(old.scope, scope),
            direct=old.direct or direct,
            manifest=old.manifest,
            line=old.line if old.line is not None else line,
            licence=old.licence if old.licence is not None else licence,
            depends_on=union(old.depends_on, dep.depends_on),
        )
        held.order = min(held.order, order)

    def result(self) -> list[Dependency]:
        return [h.dep for h in sorted(self._held.values(), key=lambda h: h.order)]


def declared_in(manifest: Mapping[str, object]) -> list[tuple[str, str, Scope]]:
    """(name, spec, scope) of what a package.json-shaped mapping declares, in file order per
    section. An optionalDependencies entry overrides a dependencies entry of the same name (npm's
    rule); a package in both devDependencies and peerDependencies is listed under both."""
    optional = str_map(manifest.get("optionalDependencies"))
    out: list[tuple[str, str, Scope]] = []
    for section, scope in SECTIONS:
        for name, spec in str_map(manifest.get(section)).items():
            if section == "dependencies" and name in optional:
                continue
            out.append((name, spec, scope))
    return out


SECTIONS: tuple[tuple[str, Scope], ...] = (
    ("dependencies", Scope.RUNTIME),
    ("devDependencies", Scope.DEV),
    ("peerDependencies", Scope.PEER),
    ("optionalDependencies", Scope.OPTIONAL),
)
