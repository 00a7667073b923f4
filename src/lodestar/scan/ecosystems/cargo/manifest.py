"""Rust crates: ``Cargo.toml``, the package manifest.

Read tables: ``[dependencies]`` (runtime), ``[dev-dependencies]`` (dev), ``[build-dependencies]``
(build), their pre-2018 spellings with ``_``, and the same three under
``[target.'cfg(…)'.…]`` (the target is not recorded). A dependency is a requirement string
(``"1.0"`` means ``^1.0``; only ``"=1.2.3"`` is an exact version) or a table:

* ``package = "real-name"`` renames: the record carries the real crate name;
* ``optional = true`` → optional scope (dev-dependencies cannot be optional);
* ``path = "…"`` (with or without a version) is a crate of the same repository or checkout: not
  an external package, left out;
* ``git = "…"`` (with ``rev``/``tag``/``branch``) → a ``vcs_url`` qualifier
  (``git+https://…@rev``), no exact version;
* ``workspace = true`` inherits the entry of ``[workspace.dependencies]`` in the workspace root:
  this file when it holds ``[workspace]``, else ``package.workspace`` when set, else the nearest
  ``Cargo.toml`` with ``[workspace]`` in a parent directory (read through the context). When the
  root cannot be read the dependency is kept without a constraint.

``[workspace.dependencies]`` alone declares nothing: it only supplies versions to members that
inherit them, and those members report the dependency. ``[patch.*]`` and ``[replace]`` override
where crates come from and declare no dependency (the lock file shows the result).
``registry = "name"`` (an alternative registry) cannot be resolved to a URL without
``.cargo/config.toml`` and is not recorded. Lines come from a light scan of table headers and
keys; unusual layouts may leave ``line`` unset.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from lodestar.catalog import licences as catalog
from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import checked_purl, vcs_url
from lodestar.safeparse import load_toml as safe_toml
from lodestar.scan.ecosystems import metadata_licence as licence_meta
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.registry import ManifestContext

ECOSYSTEM = "cargo"

_KINDS: tuple[tuple[str, Scope], ...] = (
    ("dependencies", Scope.RUNTIME),
    ("dev-dependencies", Scope.DEV),
    ("dev_dependencies", Scope.DEV),
    ("build-dependencies", Scope.BUILD),
    ("build_dependencies", Scope.BUILD),
)
_EXACT = re.compile(r"=\s*(\d{1,20}\.\d{1,20}\.\d{1,20}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)")
_HEADER = re.compile(r"\s*\[([^\[\]]+)\]\s*(?:#.*)?")
_KEY_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")
_FIRST_KEY = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[.=]""")


def load_toml(path: str, data: bytes) -> dict[str, Any]:
    """A TOML document, or a ManifestError at the line and column tomllib names."""
    return safe_toml(path, data)


def _key_parts(text: str) -> tuple[str, ...] | None:
    parts: list[str] = []
    pos = 0
    while pos < len(text):
        match = _KEY_PART.match(text, pos)
        if match is None:
            return None
        parts.append(next(g for g in match.groups() if g is not None))
        pos = match.end()
        if pos < len(text):
            if text[pos] != ".":
                return None
            pos += 1
    return tuple(parts)


def toml_key_lines(text: str) -> dict[tuple[tuple[str, ...], str], int]:
    """(table header parts, first key) → 1-based line, from a light scan of the text.

    ``[dependencies.serde]`` also maps ``(("dependencies",), "serde")`` to its header line.
    """
    lines: dict[tuple[tuple[str, ...], str], int] = {}
    table: tuple[str, ...] = ()
    for lineno, line in enumerate(text.splitlines(), 1):
        header = _HEADER.fullmatch(line)
        if header is not None:
            table = _key_parts(header.group(1)) or ("\0",)
            if len(table) > 1:
                lines.setdefault((table[:-1], table[-1]), lineno)
            continue
        key = _FIRST_KEY.match(line)
        if key is not None:
            name = next(g for g in key.groups() if g is not None)
            lines.setdefault((table, name), lineno)
    return lines


def _dependency_tables(doc: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], Scope, Any]]:
    for kind, scope in _KINDS:
        if kind in doc:
            yield (kind,), scope, doc[kind]
    targets = doc.get("target")
    if isinstance(targets, dict):
        for cfg, table in targets.items():
            if not isinstance(table, dict):
                continue
            for kind, scope in _KINDS:
                if kind in table:
                    yield ("target", cfg, kind), scope, table[kind]


def _workspace_table(path: str, doc: dict[str, Any], ctx: ManifestContext) -> dict[str, Any]:
    """``[workspace.dependencies]`` of the workspace root, or {} when it cannot be read."""
    if isinstance(doc.get("workspace"), dict):
        candidates = [path]
    else:
        package = doc.get("package")
        explicit = package.get("workspace") if isinstance(package, dict) else None
        here = posixpath.dirname(path)
        if isinstance(explicit, str):
            candidates = [posixpath.join(here, explicit, "Cargo.toml")]
        else:
            candidates = []
            while here not in {"", "."}:
                here = posixpath.dirname(here)
                candidates.append(posixpath.join(here, "Cargo.toml"))
    for candidate in candidates:
        root = doc if candidate == path else _read_toml(candidate, ctx)
        workspace = root.get("workspace") if root is not None else None
        if isinstance(workspace, dict):
            deps = workspace.get("dependencies")
            return deps if isinstance(deps, dict) else {}
    return {}


def _document(path: str, data: bytes, ctx: ManifestContext) -> dict[str, Any]:
    """:func:`load_toml`, parsed once per scan: the scan's document when it holds one."""
    shared = ctx.documents.toml(path, data)
    return load_toml(path, data) if shared is None else shared


def _read_toml(path: str, ctx: ManifestContext) -> dict[str, Any] | None:
    raw = ctx.read(path)
    if raw is None:
        return None
    try:
        return _document(path, raw, ctx)
    except ManifestError:
        return None


def _spec_table(spec: Any, name: str, path: str) -> dict[str, Any]:
    if isinstance(spec, str):
        return {"version": spec}
    if isinstance(spec, dict):
        return spec
    raise ManifestError(f"dependency {name!r}: expected a requirement string or a table", path=path)


def parse_cargo_toml(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies a Cargo.toml declares (see the module docstring)."""
    doc = _document(path, data, ctx)
    lines = toml_key_lines(data.decode("utf-8-sig"))
    workspace: dict[str, Any] | None = None
    out: list[Dependency] = []
    for table_key, scope, table in _dependency_tables(doc):
        if not isinstance(table, dict):
            raise ManifestError(f"[{'.'.join(table_key)}] is not a table", path=path)
        for key, raw in table.items():
            spec = _spec_table(raw, key, path)
            if spec.get("workspace") is True:
                if workspace is None:
                    workspace = _workspace_table(path, doc, ctx)
                inherited = workspace.get(key)
                base = _spec_table(inherited, key, path) if inherited is not None else {}
                spec = {**base, "optional": spec.get("optional", base.get("optional"))}
            if "path" in spec and "git" not in spec:
                continue  # a crate of this repository: not an external package
            dep = _dependency(path, key, spec, scope, lines.get((table_key, key)))
            out.append(dep)
    return out


def _dependency(
    path: str, key: str, spec: dict[str, Any], scope: Scope, line: int | None
) -> Dependency:
    name = spec.get("package", key)
    constraint = spec.get("version")
    if not isinstance(name, str) or not (constraint is None or isinstance(constraint, str)):
        raise ManifestError(f"dependency {key!r}: package and version must be strings", path=path)
    qualifiers: dict[str, str] = {}
    git = spec.get("git")
    version: str | None = None
    if isinstance(git, str):
        ref = next((r for r in (spec.get(k) for k in ("rev", "tag", "branch")) if r), None)
        qualifiers["vcs_url"] = vcs_url(
            git, ref if isinstance(ref, str) else None, scp_as_ssh=True, scrub=False
        )
    elif constraint is not None:
        exact = _EXACT.fullmatch(constraint.strip())
        version = exact.group(1) if exact else None
    if spec.get("optional") is True and scope is not Scope.DEV:
        scope = Scope.OPTIONAL
    return Dependency(
        purl=checked_purl(ECOSYSTEM, path, name, version, qualifiers, line=line),
        ecosystem=ECOSYSTEM,
        name=name,
        version=version,
        constraint=constraint,
        scope=scope,
        direct=True,
        manifest=path,
        line=line,
    )


# --------------------------------------------------------------------------------------------
# The declared licence


def _licence(doc: dict[str, Any], notes: list[str], path: str) -> str | None:
    package = licence_meta.table(doc.get("package"))
    workspace_package = licence_meta.table(licence_meta.table(doc.get("workspace")).get("package"))
    for table in (package, workspace_package):
        value = table.get("license")
        if isinstance(value, str) and value.strip():
            return catalog.normalise_expression(value)
        if isinstance(value, dict) and value.get("workspace") is True:
            notes.append(f"{path} inherits its licence from the workspace")
        file = table.get("license-file")
        if isinstance(file, str):
            notes.append(f"{path} points to a licence file ({file})")
    return None


def declared_licence_of(
    path: str, data: bytes, notes: list[str], documents: Documents | None = None
) -> str | None:
    """The SPDX expression this file declares as its package's licence (None: none), noting
    pointers to licence files in ``notes``; :class:`ManifestError` for a file not read."""
    return _licence(licence_meta.toml_document(path, data, documents), notes, path)
