"""yarn.lock: Yarn classic (v1, its own format) and Yarn Berry (v2+, YAML).

**Classic** is a line format, read line by line here::

    "@babel/core@^7.0.0", "@babel/core@^7.1.0":
      version "7.1.2"
      resolved "https://registry.yarnpkg.com/@babel/core/-/core-7.1.2.tgz#…"
      dependencies:
        "@babel/types" "^7.1.2"
      optionalDependencies:
        fsevents "~2.3.2"

A header lists every descriptor (``name@range``, quoted when needed) that resolved to the entry;
dependencies point back at descriptors, so the file is a graph. Aliases
(``"string-width-cjs@npm:string-width@^4.2.0"``) are the real package; git, URL and ``file:``
tarball entries get a version-less purl with their spec as constraint; ``file:`` directories and
``link:`` are local code. Workspace members never appear in a classic lock.

**Berry** files start with ``__metadata:`` and are YAML (see :mod:`npm_yarn_berry`).

Neither format records dev versus production, nor (classic) what the project declares: the
sibling package.json and its workspace members, when committed, give the roots, and scopes follow
by reachability (:mod:`npm_graph`). Without them every package is runtime and none is direct.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import load_json
from lodestar.scan.ecosystems.npm import yarn_berry as npm_yarn_berry
from lodestar.scan.ecosystems.npm.common import (
    Kind,
    declared_in,
    decode,
    is_tarball_path,
    parse_spec,
    split_ident,
)
from lodestar.scan.ecosystems.npm.graph import Node, Root, emit
from lodestar.scan.ecosystems.npm.workspaces import importers
from lodestar.scan.ecosystems.registry import ManifestContext

_BERRY = re.compile(r"^__metadata:", re.MULTILINE)
_FIELD = re.compile(r'( +)("(?:[^"\\]|\\.)*"|[^\s"]+)(?:[ \t]+(.+))?')  # on right-stripped lines
_DESCRIPTOR = re.compile(r'\s*("(?:[^"\\,]|\\.)*"?|[^,\s](?:[^,]*[^,\s])?)\s*(?:,|$)')
_DEP_BLOCKS: dict[str, Scope | None] = {
    "dependencies": None,
    "optionalDependencies": Scope.OPTIONAL,
}


def _unquote(token: str) -> str:
    if len(token) >= 2 and token[0] == '"' and token[-1] == '"':
        try:
            value = load_json("yarn.lock", token)
        except ManifestError:
            return token[1:-1]
        return value if isinstance(value, str) else token[1:-1]
    return token


class _Entry:
    __slots__ = ("deps", "descriptors", "line", "resolved", "version")

    def __init__(self, descriptors: list[str], line: int) -> None:
        self.descriptors = descriptors
        self.line = line
        self.version: str | None = None
        self.resolved: str | None = None
        self.deps: list[tuple[str, Scope | None]] = []  # (descriptor, edge kind)


def _read_classic(path: str, text: str) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    block: str | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.endswith(":"):
                raise ManifestError(
                    "expected an entry header ending in ':'", path=path, line=number
                )
            descriptors = [_unquote(m.group(1)) for m in _DESCRIPTOR.finditer(line[:-1])]
            current = _Entry([d for d in descriptors if d], number)
            entries.append(current)
            block = None
            continue
        match = _FIELD.fullmatch(line)
        if current is None or match is None:
            raise ManifestError("unexpected line in yarn.lock", path=path, line=number)
        indent, key, value = len(match.group(1)), match.group(2), match.group(3)
        if indent <= 2:
            block = None
            if value is None and key.endswith(":"):
                block = key[:-1]
            elif value is not None and key == "version":
                current.version = _unquote(value)
            elif value is not None and key == "resolved":
                current.resolved = _unquote(value)
        elif block in _DEP_BLOCKS and value is not None:
            current.deps.append((f"{_unquote(key)}@{_unquote(value)}", _DEP_BLOCKS[block]))
    return entries


def _classic(path: str, text: str, ctx: ManifestContext) -> list[Dependency]:
    index: dict[str, str] = {}
    nodes: dict[str, Node] = {}
    entries = _read_classic(path, text)
    for entry in entries:
        if not entry.descriptors:
            continue
        alias, spec_text = split_ident(entry.descriptors[0])
        spec = parse_spec(alias, spec_text)
        local = spec.kind is Kind.LOCAL or (
            spec.kind is Kind.FILE and not is_tarball_path(spec_text)
        )
        if local:
            continue
        key = entry.descriptors[0]
        for descriptor in entry.descriptors:
            index.setdefault(descriptor, key)
        registry = spec.kind is Kind.REGISTRY
        nodes[key] = Node(
            name=spec.name,
            version=entry.version if registry else None,
            source=None if registry else spec_text,
            line=entry.line,
            order=f"{spec.name}@{entry.version}",
        )
    for entry in entries:
        node = nodes.get(entry.descriptors[0]) if entry.descriptors else None
        if node is not None:
            node.edges = [(index[d], opt) for d, opt in entry.deps if d in index]
    roots = [
        Root(index[f"{name}@{spec}"], scope, spec)
        for imp in importers(ctx, posixpath.dirname(path))
        for name, spec, scope in declared_in(imp.manifest)
        if f"{name}@{spec}" in index
    ]
    return emit(path, nodes, roots)


def parse(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    text = decode(path, data)
    if _BERRY.search(text):
        return npm_yarn_berry.parse_text(path, text, ctx)
    return _classic(path, text, ctx)
