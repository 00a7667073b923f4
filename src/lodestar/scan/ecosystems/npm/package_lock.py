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
:mod:`lodestar.scan.ecosystems.licence_field`). v1 locks record no licence: ``None``.
"""

from __future__ import annotations

import posixpath
import re

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.edges import Budget, edges, forget
from lodestar.scan.ecosystems.licence_field import declared_licence
from lodestar.scan.ecosystems.npm.common import (
    Collector,
    Kind,
    declared_in,
    decode,
    is_tarball_path,
    key_lines,
    load_json,
    npm_purl,
    parse_spec,
    str_map,
)
from lodestar.scan.ecosystems.npm.workspaces import join, read_manifest
from lodestar.scan.ecosystems.registry import ManifestContext

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


def _identity(key: str, entry: object) -> tuple[str, str | None, str | None] | None:
    """(package name, exact version, non-registry source) of a v2/v3 entry; None when the key
    is no installed package (the root, a workspace folder) or the entry is local code."""
    cut = key.rfind(_NM)
    if cut < 0 or (cut > 0 and key[cut - 1] != "/") or not isinstance(entry, dict):
        return None
    if entry.get("link") is True:
        return None
    alias = key[cut + len(_NM) :]
    given = entry.get("name")
    real = given if isinstance(given, str) else alias
    version = entry.get("version")
    resolved = entry.get("resolved")
    kind = _source(real, resolved if isinstance(resolved, str) else None)
    if kind is Kind.LOCAL:
        return None
    if kind is Kind.REGISTRY:
        return real, version if isinstance(version, str) else None, None
    return real, None, str(resolved)


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
    identities = {key: _identity(key, entry) for key, entry in packages.items()}
    purls = {
        key: npm_purl(ident[0], ident[1]) for key, ident in identities.items() if ident is not None
    }
    installed = _Installed(packages, Budget())
    out = Collector(path)
    for key, ident in identities.items():
        entry = packages[key]
        if ident is None or not isinstance(entry, dict):
            continue
        real, version, source = ident
        cut = key.rfind(_NM)
        required = [n for n, _, scope in declared_in(entry) if scope is not Scope.DEV]
        targets = (purls.get(t) for t in installed.resolve_all(key, required))
        out.add(
            real,
            version=version,
            scope=_scope(entry),
            direct=key in direct,
            constraint=direct.get(key) or source,
            line=lines.get(key),
            order=(key.count(_NM) * 2 + (cut > 0), key),  # hoisted root copies first
            licence=declared_licence(entry.get("license"), entry.get("licenses")),
            depends_on=edges(t for t in targets if t is not None),
        )
    return forget(out.result(), installed.budget)


class _Installed:
    """Where Node loads each required name from (:func:`_resolve`), for the edges of a v2/v3
    lock: only names some ``node_modules/`` folder holds are looked up, within a budget."""

    def __init__(self, packages: dict[str, object], budget: Budget) -> None:
        self.packages = packages
        self.budget = budget
        self.names = {key[key.rfind(_NM) + len(_NM) :] for key in packages if _NM in key}

    def resolve_all(self, folder: str, names: list[str]) -> list[str]:
        """The install path of each of ``names`` seen from ``folder`` (an installed package's
        devDependencies are not installed: the caller leaves them out)."""
        wanted = [n for n in names if n in self.names]
        if not wanted or self.budget.exhausted:
            return []
        bases = []
        base = folder
        for _ in range(MAX_FOLDER_DEPTH):
            if not self.budget.spend(1 + len(base) // 64):
                return []
            bases.append(base)
            if not base:
                break
            parent = posixpath.dirname(base)
            base = parent if parent != base else ""
        found = []
        for name in wanted:
            for base in bases:
                if not self.budget.spend(1 + len(base) // 64):
                    return []
                key = f"{base}/{_NM}{name}" if base else f"{_NM}{name}"
                if key in self.packages:
                    found.append(key)
                    break
        return found


def _v1_identity(alias: str, entry: dict[str, object]) -> tuple[str, str | None, str | None] | None:
    """(package name, exact version, non-registry source) of a v1 entry; None for local
    code."""
    version = entry.get("version")
    if not isinstance(version, str):
        return None
    spec = parse_spec(alias, version)
    if spec.kind is Kind.LOCAL or (spec.kind is Kind.FILE and not is_tarball_path(version)):
        return None
    if spec.kind is not Kind.REGISTRY:
        return spec.name, None, version
    return spec.name, spec.version if version.lower().startswith("npm:") else version, None


def _v1_requires(
    entry: dict[str, object],
    chain: tuple[dict[str, object], ...],
    purls: dict[int, str | None],
    budget: Budget,
) -> tuple[str, ...]:
    """What a v1 entry ``requires``, resolved as Node does: its own nested ``dependencies``
    first, then each enclosing level's."""
    found = []
    for name in str_map(entry.get("requires")):
        target = None
        for level in chain:
            if not budget.spend():
                return ()
            if name in level:
                target = level[name]
                break
        purl = purls.get(id(target)) if isinstance(target, dict) else None
        if purl is not None:
            found.append(purl)
    return edges(found)


def _tree(path: str, text: str, tree: dict[str, object], ctx: ManifestContext) -> list[Dependency]:
    root = read_manifest(ctx, join(posixpath.dirname(path), "package.json"))
    declared = {name: spec for name, spec, _ in declared_in(root)} if root else {}
    lines = key_lines(text, _TOP_KEY)
    # (alias, entry, depth, install path, lookup chain innermost first) of every entry
    found: list[tuple[str, dict[str, object], int, str, tuple[dict[str, object], ...]]] = []
    stack: list[tuple[dict[str, object], int, str, tuple[dict[str, object], ...]]] = [
        (tree, 0, "", (tree,))
    ]
    while stack:
        mapping, depth, parent, chain = stack.pop()
        for alias, entry in mapping.items():
            if not isinstance(entry, dict):
                continue
            where = f"{parent}/{alias}"
            nested = entry.get("dependencies")
            inner = (nested, *chain) if isinstance(nested, dict) else chain
            if isinstance(nested, dict):
                stack.append((nested, depth + 1, where, inner))
            found.append((alias, entry, depth, where, inner))
    idents = {id(entry): _v1_identity(alias, entry) for alias, entry, _, _, _ in found}
    purls = {key: npm_purl(i[0], i[1]) if i else None for key, i in idents.items()}
    budget = Budget()
    out = Collector(path)
    for alias, entry, depth, where, chain in found:
        ident = idents[id(entry)]
        if ident is None:
            continue
        name, exact, source = ident
        is_direct = depth == 0 and alias in declared
        out.add(
            name,
            version=exact,
            scope=_scope(entry),
            direct=is_direct,
            constraint=declared[alias] if is_direct else source,
            line=lines.get(alias) if depth == 0 else None,
            order=(depth, where),
            depends_on=_v1_requires(entry, chain, purls, budget),
        )
    return forget(out.result(), budget)


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
