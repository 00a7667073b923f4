"""bun.lock: Bun's text lock file (Bun 1.1.39+; the binary ``bun.lockb`` is not read).

JSONC (trailing commas, comments allowed)::

    {
      "lockfileVersion": 1,
      "workspaces": {
        "": { "name": "app", "dependencies": { "react": "^18.3.1" }, "devDependencies": {…} },
        "packages/ui": { "name": "@acme/ui", "dependencies": {…} },
      },
      "packages": {
        "react": ["react@18.3.1", "", { "dependencies": { "loose-envify": "^1.1.0" } }, "sha512-…"],
        "@babel/core/semver": ["semver@6.3.1", "", {…}, "sha512-…"],
        "@acme/ui": ["@acme/ui@workspace:packages/ui"],
      },
    }

``packages`` keys are install paths (``parent/child`` for a nested copy, scoped names keep their
slash; a workspace's own nested copies sit under its name); the first element is the resolution
``name@version`` (the real package for aliases). Registry entries are ``[ident, registry, info,
integrity]``; git, ``github:``, tarball and ``file:`` entries are ``[ident, info, …]``, get a
version-less purl and keep their resolution as constraint. ``workspace:``, ``link:``, ``root:``
and ``file:`` directories are local code.

``workspaces`` give the roots with their sections (dependencies → runtime, devDependencies →
dev, optionalDependencies → optional, peerDependencies → peer); each dependency is resolved like
Node does (the nearest enclosing path first), and scopes follow by reachability
(:mod:`npm_graph`); ``optionalDependencies`` and ``optionalPeers`` are optional edges.
"""

from __future__ import annotations

import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.npm.common import (
    Kind,
    declared_in,
    decode,
    is_tarball_path,
    key_lines,
    load_json,
    parse_spec,
    split_ident,
    str_map,
)
from lodestar.scan.ecosystems.npm.graph import Node, Root, emit
from lodestar.scan.ecosystems.registry import ManifestContext

_PACKAGE_KEY = re.compile(r'^[ \t]*"((?:[^"\\\n]|\\.)*)"\s*:\s*\[', re.MULTILINE)
_LOCAL = ("workspace:", "link:", "root:")


def _parent(key: str) -> str:
    """``@babel/core/semver`` → ``@babel/core``; ``a/b`` → ``a``; ``a`` → ``""``."""
    parts = key.split("/")
    segments: list[str] = []
    i = 0
    while i < len(parts):
        if parts[i].startswith("@") and i + 1 < len(parts):
            segments.append(f"{parts[i]}/{parts[i + 1]}")
            i += 2
        else:
            segments.append(parts[i])
            i += 1
    return "/".join(segments[:-1])


def _resolve(packages: dict[str, object], base: str, name: str) -> str | None:
    for _ in range(256):
        candidate = f"{base}/{name}" if base else name
        if candidate in packages:
            return candidate
        if not base:
            return None
        base = _parent(base)
    return None


def _kind(ident: str, reference: str) -> Kind:
    if reference.startswith(_LOCAL):
        return Kind.LOCAL
    kind = parse_spec(ident, reference).kind
    if kind is Kind.FILE and not is_tarball_path(reference):
        return Kind.LOCAL
    return kind


def _nodes(
    packages: dict[str, object], lines: dict[str, int]
) -> tuple[dict[str, Node], dict[str, dict[str, object]]]:
    """The installed packages (not workspace-local ones), and each one's metadata object."""
    nodes: dict[str, Node] = {}
    infos: dict[str, dict[str, object]] = {}
    for key, value in packages.items():
        if not (isinstance(value, list) and value and isinstance(value[0], str)):
            continue
        ident, reference = split_ident(value[0])
        kind = _kind(ident, reference)
        if kind is Kind.LOCAL:
            continue
        registry = kind is Kind.REGISTRY
        info = value[2 if registry else 1] if len(value) > (2 if registry else 1) else None
        infos[key] = info if isinstance(info, dict) else {}
        nodes[key] = Node(
            name=ident,
            version=reference if registry else None,
            source=None if registry else reference,
            line=lines.get(key),
            order=f"{key.count('/'):04d}{key}",
        )
    return nodes, infos


def _edges(
    packages: dict[str, object], nodes: dict[str, Node], infos: dict[str, dict[str, object]]
) -> None:
    """Each package's edges to the packages its dependencies resolve to."""
    for key, node in nodes.items():
        info = infos[key]
        optional_peers = info.get("optionalPeers")
        lazy = (
            {p for p in optional_peers if isinstance(p, str)}
            if isinstance(optional_peers, list)
            else set()
        )
        sections: tuple[tuple[dict[str, str], Scope | None], ...] = (
            (str_map(info.get("dependencies")), None),
            (str_map(info.get("optionalDependencies")), Scope.OPTIONAL),
            (str_map(info.get("peerDependencies")), Scope.PEER),
        )
        for deps, weakest in sections:
            for dep in deps:
                target = _resolve(packages, key, dep)
                if target is not None and target in nodes:
                    lazy_peer = weakest is Scope.PEER and dep in lazy
                    node.edges.append((target, Scope.OPTIONAL if lazy_peer else weakest))


def parse(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    text = decode(path, data)
    doc = load_json(path, text, jsonc=True)
    if not isinstance(doc, dict):
        raise ManifestError("bun.lock is not a JSON object", path=path, line=1)
    raw_packages = doc.get("packages")
    packages: dict[str, object] = raw_packages if isinstance(raw_packages, dict) else {}
    nodes, infos = _nodes(packages, key_lines(text, _PACKAGE_KEY))
    _edges(packages, nodes, infos)
    roots: list[Root] = []
    workspaces = doc.get("workspaces")
    for where, workspace in workspaces.items() if isinstance(workspaces, dict) else ():
        if not isinstance(workspace, dict):
            continue
        name = workspace.get("name")
        base = "" if where == "" else (name if isinstance(name, str) else "")
        for dep, spec, scope in declared_in(workspace):
            target = _resolve(packages, base, dep)
            if target is not None and target in nodes:
                roots.append(Root(target, scope, spec))
    return emit(path, nodes, roots)
