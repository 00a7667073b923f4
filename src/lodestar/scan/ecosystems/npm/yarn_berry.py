"""yarn.lock of Yarn Berry (v2 and later): YAML with a ``__metadata`` entry.

Each key lists the descriptors that resolved to one package; ``resolution`` names it::

    "@babel/core@npm:^7.0.0, @babel/core@npm:^7.12.3":
      version: 7.23.2
      resolution: "@babel/core@npm:7.23.2"
      dependencies:
        "@babel/types": "npm:^7.23.0"       # Yarn 4; Yarn 2/3 write "^7.23.0" (npm: implied)
      dependenciesMeta:
        fsevents: {optional: true}

Resolutions: ``name@npm:1.2.3`` is a registry package (an alias key such as
``string-width-cjs@npm:string-width@^4`` resolves to the real ``string-width@npm:4.2.3``);
``patch:`` resolutions (Yarn's built-in compat patches of typescript, resolve, fsevents …) are
the same package and version as the unpatched entry, so they collapse into it; git and URL
resolutions get a version-less purl with the resolution as constraint; ``file:`` tarballs are
kept; ``link:``, ``portal:``, ``file:`` directories and ``workspace:`` entries are local code.

``name@workspace:path`` entries are the project's own packages and give the roots: the lock lists
a workspace's dependencies and devDependencies together, so the workspace's committed
package.json says which is which (without it, every root is runtime). Scopes then follow by
reachability (:mod:`npm_graph`); ``dependenciesMeta`` marks optional edges.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import LOCK_YAML, load_yaml
from lodestar.scan.ecosystems.npm.common import (
    Kind,
    declared_in,
    is_tarball_path,
    key_lines,
    parse_spec,
    split_ident,
    str_map,
    stronger,
)
from lodestar.scan.ecosystems.npm.graph import Node, Root, emit
from lodestar.scan.ecosystems.npm.workspaces import join, read_manifest
from lodestar.scan.ecosystems.registry import ManifestContext

_TOP_KEY = re.compile(r'^"?([^\s#"][^"\n]*?)"?:[ \t]*$', re.MULTILINE)
_PROTOCOL = re.compile(r"[a-z][a-z0-9+.-]*:")


def _descriptor(name: str, spec: str) -> str:
    """A dependency as Berry keys it: a bare range means the npm: protocol."""
    return f"{name}@{spec}" if _PROTOCOL.match(spec) else f"{name}@npm:{spec}"


def _classify(ident: str, reference: str) -> tuple[str, Kind]:
    """Real package name and kind of a resolution ``ident@reference``."""
    if reference.startswith("npm:"):
        return ident, Kind.REGISTRY
    if reference.startswith("workspace:"):
        return ident, Kind.LOCAL
    spec = parse_spec(ident, reference)
    if spec.kind is Kind.FILE and not is_tarball_path(reference):
        return spec.name, Kind.LOCAL
    return spec.name, spec.kind


def _as_declared(spec: str) -> str:
    """A workspace dependency as package.json would write it: Berry's ``npm:^1.2.0`` is
    ``^1.2.0``, but an alias ``npm:other@^1`` stays as it is."""
    rest = spec[4:] if spec.startswith("npm:") else None
    if rest is not None and rest.find("@", 1) < 0 and not rest.startswith("@"):
        return rest
    return spec


def _optional_names(entry: dict[object, object]) -> set[str]:
    meta = entry.get("dependenciesMeta")
    if not isinstance(meta, dict):
        return set()
    return {
        split_ident(k)[0] if k.find("@", 1) > 0 else k
        for k, v in meta.items()
        if isinstance(k, str) and isinstance(v, dict) and v.get("optional") is True
    }


def _workspace_scopes(ctx: ManifestContext, directory: str) -> dict[str, tuple[Scope, str]]:
    manifest = read_manifest(ctx, join(directory, "package.json"))
    out: dict[str, tuple[Scope, str]] = {}
    for name, spec, scope in declared_in(manifest or {}):
        old = out.get(name)
        out[name] = (stronger(old[0], scope), old[1]) if old else (scope, spec)
    return out


def parse_text(path: str, text: str, ctx: ManifestContext) -> list[Dependency]:
    docs = load_yaml(path, text, LOCK_YAML)
    doc = docs[-1] if docs else None
    if not isinstance(doc, dict):
        raise ManifestError("yarn.lock is not a YAML mapping", path=path, line=1)
    lines = key_lines(text, _TOP_KEY)
    lock_dir = posixpath.dirname(path)
    index: dict[str, str] = {}
    nodes: dict[str, Node] = {}
    workspaces: list[tuple[str, dict[object, object]]] = []
    deps_of: dict[str, dict[object, object]] = {}
    for key, entry in doc.items():
        if key == "__metadata" or not isinstance(key, str) or not isinstance(entry, dict):
            continue
        resolution = entry.get("resolution")
        if not isinstance(resolution, str):
            continue
        ident, reference = split_ident(resolution)
        name, kind = _classify(ident, reference)
        if reference.startswith("workspace:"):
            workspaces.append((reference[len("workspace:") :], entry))
            continue
        if kind is Kind.LOCAL:
            continue
        version = entry.get("version")
        registry = kind is Kind.REGISTRY
        exact = version if isinstance(version, str) else None
        node_key = f"{name}@{exact}" if registry else resolution
        for descriptor in key.split(","):
            index.setdefault(descriptor.strip(), node_key)
        deps_of.setdefault(node_key, entry)
        nodes.setdefault(
            node_key,
            Node(
                name=name,
                version=exact if registry else None,
                source=None if registry else reference,
                line=lines.get(key),
                order=node_key,
            ),
        )
    for node_key, node in nodes.items():
        entry = deps_of[node_key]
        optional = _optional_names(entry)
        node.edges = [
            (index[d], Scope.OPTIONAL if dep in optional else None)
            for dep, spec in str_map(entry.get("dependencies")).items()
            if (d := _descriptor(dep, spec)) in index
        ]
    roots: list[Root] = []
    for where, entry in workspaces:
        declared = _workspace_scopes(ctx, join(lock_dir, where) if where != "." else lock_dir)
        for dep, spec in str_map(entry.get("dependencies")).items():
            target = index.get(_descriptor(dep, spec))
            if target is None:
                continue
            scope, written = declared.get(dep, (Scope.RUNTIME, _as_declared(spec)))
            roots.append(Root(target, scope, written))
    return emit(path, nodes, roots)
