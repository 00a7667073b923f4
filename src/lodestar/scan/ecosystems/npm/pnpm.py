"""pnpm-lock.yaml: what pnpm resolved (lockfileVersion 5.x, 6.x and 9.x).

Package keys by version (peer suffixes distinguish copies of one package resolved against
different peers; they are stripped, so such copies count once):

* 5.x — ``/name/1.2.3`` and ``/name/1.2.3_react@18.2.0`` under ``packages``;
* 6.x — ``/name@1.2.3`` and ``/name@1.2.3(react@18.2.0)``;
* 9.x — ``name@1.2.3`` under ``packages`` (metadata) and ``snapshots`` (the resolved graph,
  keys with peer suffixes such as ``name@1.2.3(react@18.2.0)(typescript@5.4.0)``).

``importers`` (or, in single-project 5.x/6.x files, the top-level ``dependencies``,
``devDependencies``, ``optionalDependencies`` with ``specifiers``) give each project's direct
dependencies and their specifiers; every importer (the root and each workspace member) counts as
the project. References are a version (``1.2.3(peer@x)``), an alias (``string-width@4.2.3``,
``/string-width/4.2.3``), a non-registry key, or ``link:../x`` (a workspace member: skipped).
Scopes follow by reachability from the importers (:mod:`npm_graph`) in every version: 9.x has no
``dev``/``optional`` flags, and one rule for all versions keeps them comparable. Peers resolved
into a snapshot's dependencies are peer edges (optional edges for ``peerDependenciesMeta``
optional peers), as npm's ``peer``/``devOptional`` flags would count them; so a dev-only
TypeScript that a runtime package names as an optional peer is ``optional``, where 5.x/6.x flags
would leave it unflagged.

Non-registry packages (git, tarball URLs, ``file:`` tarballs) carry ``name`` and ``version``
fields and a ``resolution`` with ``repo``/``tarball``; they get a version-less purl with the key
as constraint (9.x: the reference after ``name@``). ``type: directory`` resolutions are local
code.

pnpm 11+ may write two YAML documents: an "env" document (pnpm's own version and
``configDependencies``) and then the lock proper. The last document is the project; from the env
document only ``configDependencies`` (packages pnpm loads to configure itself) are kept, as
``build`` scope.
"""

from __future__ import annotations

import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import LOCK_YAML, load_yaml
from lodestar.scan.ecosystems.npm.common import (
    Kind,
    decode,
    key_lines,
    split_ident,
    str_map,
)
from lodestar.scan.ecosystems.npm.graph import Node, Root, emit
from lodestar.scan.ecosystems.registry import ManifestContext

_PACKAGE_KEY = re.compile(r"""^  ['"]?([^\s'"#][^'"\n]*?)['"]?:[ \t]*$""", re.MULTILINE)
_PACKAGES_AT = re.compile(r"^packages:[ \t]*$", re.MULTILINE)
_PROTOCOL = re.compile(r"[a-z][a-z0-9+.-]*:")
_SECTIONS = (
    ("dependencies", Scope.RUNTIME),
    ("devDependencies", Scope.DEV),
    ("optionalDependencies", Scope.OPTIONAL),
)
_ENV_SECTIONS = (("configDependencies", Scope.BUILD),)


class _Doc:
    """One lock document: its key style and how references turn into node keys."""

    def __init__(self, doc: dict[object, object]) -> None:
        self.doc = doc
        raw = doc.get("lockfileVersion")
        version = str(raw) if raw is not None else ""
        major = version.split(".", 1)[0]
        self.major = int(major) if major.isdigit() and len(major) < 4 else 0
        self.packages = _mapping(doc.get("packages"))
        snapshots = _mapping(doc.get("snapshots"))
        self.v9 = self.major >= 9 or bool(snapshots)
        self.nodes = snapshots if self.v9 and snapshots else self.packages

    def target(self, name: str, ref: str) -> str | None:
        """The node key that dependency ``name: ref`` points at."""
        if ref.startswith("link:"):
            return None
        if self.v9:
            head = ref.split("(", 1)[0]
            alias = head.find("@", 1) > 0 and not _PROTOCOL.match(head)
            return ref if alias else f"{name}@{ref}"
        head = ref.split("(", 1)[0]
        if self.major < 6:
            head = head.split("_", 1)[0]
        if ref.startswith("/") or _PROTOCOL.match(head) or "/" in head:
            return ref
        return f"/{name}@{ref}" if self.major >= 6 else f"/{name}/{ref}"

    def peers(self, key: str) -> dict[str, Scope]:
        """The peer dependencies of a node: optional peers are optional edges, others peer."""
        entry = _mapping(self.packages.get(key.split("(", 1)[0] if self.v9 else key))
        meta = _mapping(entry.get("peerDependenciesMeta"))
        return {
            name: Scope.OPTIONAL if _mapping(meta.get(name)).get("optional") is True else Scope.PEER
            for name in str_map(entry.get("peerDependencies"))
        }

    def identify(self, key: str) -> tuple[str, str | None, str | None] | None:
        """(name, exact version, non-registry source) of a node key; None for local code."""
        bare = key.split("(", 1)[0]
        if key.startswith("/") and self.major < 6 and not self.v9:
            name, _, version = bare[1:].rpartition("/")
            version = version.split("_", 1)[0]
        else:
            name, version = split_ident(bare.removeprefix("/"))
        entry = _mapping(self.packages.get(bare if self.v9 else key))
        if version[:1].isdigit() and name:
            return name, version, None
        kind = _resolution_kind(entry)
        if kind is Kind.LOCAL:
            return None
        real = entry.get("name")
        source = version if self.v9 and version else key
        return (real if isinstance(real, str) else name), None, source


def _mapping(value: object) -> dict[object, object]:
    return value if isinstance(value, dict) else {}


def _resolution_kind(entry: dict[object, object]) -> Kind:
    resolution = _mapping(entry.get("resolution"))
    if resolution.get("type") == "directory" or "directory" in resolution:
        return Kind.LOCAL
    if resolution.get("type") == "git" or "repo" in resolution:
        return Kind.GIT
    tarball = resolution.get("tarball")
    if isinstance(tarball, str) and tarball.startswith("file:"):
        return Kind.FILE
    return Kind.URL


def _importers(doc: dict[object, object]) -> list[dict[object, object]]:
    importers = doc.get("importers")
    if isinstance(importers, dict):
        return [v for v in importers.values() if isinstance(v, dict)]
    return [doc]


def _nodes(doc: _Doc, lines: dict[str, int]) -> dict[str, Node]:
    """Every package of the lock, with its edges to the packages it depends on."""
    nodes: dict[str, Node] = {}
    for key, entry in doc.nodes.items():
        if not isinstance(key, str):
            continue
        ident = doc.identify(key)
        if ident is None:
            continue
        name, version, source = ident
        bare = key.split("(", 1)[0]
        node = Node(
            name=name,
            version=version,
            source=source,
            line=lines.get(bare, lines.get(key)),
            order=bare,
        )
        body = _mapping(entry)
        peers = doc.peers(key)
        for section, weakest in (("dependencies", None), ("optionalDependencies", Scope.OPTIONAL)):
            for dep, ref in str_map(body.get(section)).items():
                target = doc.target(dep, ref)
                if target is not None:
                    node.edges.append((target, peers.get(dep, weakest)))
        nodes[key] = node
    return nodes


def _roots(
    doc: _Doc, raw: dict[object, object], nodes: dict[str, Node], *, env: bool
) -> list[Root]:
    """What the importers (the workspace's projects) declare, pointed at the locked packages."""
    roots: list[Root] = []
    for importer in _importers(raw):
        specifiers = str_map(importer.get("specifiers"))
        for section, scope in _ENV_SECTIONS if env else _SECTIONS:
            for declared, value in _mapping(importer.get(section)).items():
                if not isinstance(declared, str):
                    continue
                pointer: object
                written: object
                if isinstance(value, dict):
                    pointer, written = value.get("version"), value.get("specifier")
                else:
                    pointer, written = value, specifiers.get(declared)
                target = doc.target(declared, pointer) if isinstance(pointer, str) else None
                if target is not None and target in nodes:
                    constraint = written if isinstance(written, str) else None
                    roots.append(Root(target, scope, constraint))
    return roots


def _reached(nodes: dict[str, Node], roots: list[Root]) -> dict[str, Node]:
    """The packages the roots reach."""
    reached = {r.node for r in roots}
    stack = list(reached)
    while stack:
        current = nodes.get(stack.pop())
        for child, _ in current.edges if current is not None else ():
            if child not in reached and child in nodes:
                reached.add(child)
                stack.append(child)
    return {k: v for k, v in nodes.items() if k in reached}


def _document(path: str, text: str, raw: dict[object, object], *, env: bool) -> list[Dependency]:
    doc = _Doc(raw)
    nodes = _nodes(doc, {} if env else _lines(text))
    roots = _roots(doc, raw, nodes, env=env)
    if env:
        nodes = _reached(nodes, roots)
    return emit(path, nodes, roots)


def _lines(text: str) -> dict[str, int]:
    starts = [m.end() for m in _PACKAGES_AT.finditer(text)]
    if not starts:
        return {}
    return key_lines(text, _PACKAGE_KEY, starts[-1])


def parse(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    text = decode(path, data)
    docs = [d for d in load_yaml(path, text, LOCK_YAML) if d is not None]
    if not docs:
        return []
    if not all(isinstance(d, dict) for d in docs):
        raise ManifestError("pnpm-lock.yaml is not a YAML mapping", path=path, line=1)
    mappings = [d for d in docs if isinstance(d, dict)]
    out = _document(path, text, mappings[-1], env=False)
    seen = {d.purl for d in out}
    for env in mappings[:-1]:
        out.extend(d for d in _document(path, text, env, env=True) if d.purl not in seen)
    return out
