"""package-lock.json and npm-shrinkwrap.json: what npm resolved (lockfileVersion 1, 2 and 3).

**v2/v3** (npm 7+) keep a flat ``packages`` map keyed by install path: ``""`` is the root
project, ``node_modules/a``, nested duplicates ``node_modules/a/node_modules/b``, scoped
``node_modules/@s/x/node_modules/@t/y``, and workspace member folders (``packages/app``) with
their own non-hoisted ``packages/app/node_modules/z``. The package is what follows the last
``node_modules/`` (or the entry's ``name`` for aliases); the same name at two versions gives two
dependencies. Flags set the scope: ``dev`` → dev, ``optional``/``devOptional`` → optional
(``devOptional`` packages are still installed in production when optional dependencies are),
``peer`` → peer, none → runtime. ``link: true`` entries are workspace members or local folders:
not packages. Direct = what the root or a workspace member folder declares, resolved the way
Node does (the folder's own ``node_modules``, then its ancestors'); their constraint is the spec
declared there.

**v1** (npm 5/6) nests ``dependencies`` maps by install path, with ``dev``/``optional`` flags
and the version field carrying ``npm:real@1.2.3`` for aliases and the git/URL/file spec for
non-registry packages. The lock does not record what the root declares, so direct dependencies
come from the sibling package.json when it is committed (else none are direct).

Registry packages carry an exact version; git, tarball-URL and ``file:`` tarball packages get a
version-less purl with their resolved spec as constraint; ``file:`` directories are local code.
A ``resolved`` https URL counts as a registry tarball when its path has npm's ``/-/`` segment
(any registry mirror) or it comes from GitHub Packages.

**Licences.** v2/v3 entries carry the package's declared ``license`` (npm copies it from the
package's package.json); it becomes the dependency's ``licence`` as an SPDX expression (see
:mod:`lodestar.scan.manifests.licence_field`). v1 locks record no licence: ``None``.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.manifests.licence_field import declared_licence
from lodestar.scan.manifests.npm_common import (
    ECOSYSTEM,
    Collector,
    Kind,
    declared_in,
    decode,
    is_tarball_path,
    key_lines,
    load_json,
    parse_spec,
)
from lodestar.scan.manifests.npm_workspaces import join, read_manifest
from lodestar.scan.manifests.registry import ManifestContext, ManifestParser, register

_PACKAGE_KEY = re.compile(r'^[ \t]*"([^"\n]*node_modules/[^"\n]*)"\s*:\s*\{', re.MULTILINE)
_TOP_KEY = re.compile(r'^    "((?:[^"\\\n]|\\.)*)": \{', re.MULTILINE)
_NM = "node_modules/"
MAX_FOLDER_DEPTH = 256


def _scope(entry: dict[str, object]) -> Scope:
    if entry.get("dev") is True:
        return Scope.DEV
    if entry.get("optional") is True or entry.get("devOptional") is True:
        return Scope.OPTIONAL
    if entry.get("peer") is True:
        return Scope.PEER
    return Scope.RUNTIME


def _source(name: str, resolved: str | None) -> Kind:
    """Where a v2 entry came from, judged by its ``resolved`` field."""
    if not resolved:
        return Kind.REGISTRY
    low = resolved.lower()
    if low.startswith(("http://", "https://")) and ("/-/" in low or "npm.pkg.github.com" in low):
        return Kind.REGISTRY
    kind = parse_spec(name, resolved).kind
    if kind is Kind.FILE and not is_tarball_path(resolved):
        return Kind.LOCAL
    return Kind.URL if kind is Kind.REGISTRY else kind


def _resolve(packages: dict[str, object], folder: str, name: str) -> str | None:
    """The install path Node would load ``name`` from, starting in ``folder``."""
    base = folder
    for _ in range(MAX_FOLDER_DEPTH):
        key = f"{base}/{_NM}{name}" if base else f"{_NM}{name}"
        if key in packages:
            return key
        if not base:
            return None
        parent = posixpath.dirname(base)
        base = parent if parent != base else ""  # "/x" → "/" → "": never loop on a root
    return None


def _packages(path: str, text: str, packages: dict[str, object]) -> list[Dependency]:
    direct: dict[str, str] = {}
    for folder, entry in packages.items():
        local = f"/{_NM}" not in f"/{folder}/"
        if local and isinstance(entry, dict) and entry.get("link") is not True:
            for name, spec, _ in declared_in(entry):
                target = _resolve(packages, folder, name)
                if target is not None:
                    direct.setdefault(target, spec)
    lines = key_lines(text, _PACKAGE_KEY)
    out = Collector(path)
    for key, entry in packages.items():
        cut = key.rfind(_NM)
        if cut < 0 or (cut > 0 and key[cut - 1] != "/") or not isinstance(entry, dict):
            continue
        if entry.get("link") is True:
            continue
        alias = key[cut + len(_NM) :]
        given = entry.get("name")
        real = given if isinstance(given, str) else alias
        version = entry.get("version")
        resolved = entry.get("resolved")
        kind = _source(real, resolved if isinstance(resolved, str) else None)
        if kind is Kind.LOCAL:
            continue
        registry = kind is Kind.REGISTRY
        out.add(
            real,
            version=version if registry and isinstance(version, str) else None,
            scope=_scope(entry),
            direct=key in direct,
            constraint=direct.get(key) or (None if registry else str(resolved)),
            line=lines.get(key),
            order=(key.count(_NM) * 2 + (cut > 0), key),  # hoisted root copies first
            licence=declared_licence(entry.get("license"), entry.get("licenses")),
        )
    return out.result()


def _tree(path: str, text: str, tree: dict[str, object], ctx: ManifestContext) -> list[Dependency]:
    root = read_manifest(ctx, join(posixpath.dirname(path), "package.json"))
    declared = {name: spec for name, spec, _ in declared_in(root)} if root else {}
    lines = key_lines(text, _TOP_KEY)
    out = Collector(path)
    stack: list[tuple[dict[str, object], int, str]] = [(tree, 0, "")]
    while stack:
        mapping, depth, parent = stack.pop()
        for alias, entry in mapping.items():
            if not isinstance(entry, dict):
                continue
            where = f"{parent}/{alias}"
            nested = entry.get("dependencies")
            if isinstance(nested, dict):
                stack.append((nested, depth + 1, where))
            version = entry.get("version")
            if not isinstance(version, str):
                continue
            spec = parse_spec(alias, version)
            if spec.kind is Kind.LOCAL or (spec.kind is Kind.FILE and not is_tarball_path(version)):
                continue
            registry = spec.kind is Kind.REGISTRY
            is_direct = depth == 0 and alias in declared
            exact = spec.version if version.lower().startswith("npm:") else version
            out.add(
                spec.name,
                version=exact if registry else None,
                scope=_scope(entry),
                direct=is_direct,
                constraint=declared[alias] if is_direct else (None if registry else version),
                line=lines.get(alias) if depth == 0 else None,
                order=(depth, where),
            )
    return out.result()


def parse(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    text = decode(path, data)
    doc = load_json(path, text)
    if not isinstance(doc, dict):
        raise ManifestError("lock file is not a JSON object", path=path, line=1)
    packages = doc.get("packages")
    if isinstance(packages, dict) and packages:
        return _packages(path, text, packages)
    tree = doc.get("dependencies")
    if isinstance(tree, dict):
        return _tree(path, text, tree, ctx)
    return []


PARSER = register(
    ManifestParser(
        name="npm-package-lock",
        ecosystem=ECOSYSTEM,
        patterns=("package-lock.json", "npm-shrinkwrap.json"),
        parse=parse,
        lock=True,
    )
)
