"""package.json: what an npm, Yarn, pnpm or Bun package declares.

Sections and scopes: ``dependencies`` → runtime, ``devDependencies`` → dev,
``peerDependencies`` → peer (``peerDependenciesMeta`` optional peers stay peer),
``optionalDependencies`` → optional; an optionalDependencies entry replaces a dependencies
entry of the same name, as npm does. Every entry is direct; its constraint is the spec as
written, and only an exact pin (``1.2.3``, ``=1.2.3``) gives a version.

Quirks handled:

* aliases ``"foo": "npm:bar@^1"`` are the package ``bar`` (constraint kept as written);
* ``link:``, ``portal:`` and ``workspace:`` specs are the repository's own code: skipped;
* ``file:`` specs are kept (a vendored tarball is a third-party package), unless they point at a
  committed directory with its own package.json, which is local code: skipped;
* git, GitHub shorthand and tarball-URL specs are kept with a version-less purl;
* workspace members (``workspaces`` globs, or ``pnpm-workspace.yaml``) are not external: the
  root's or a member's dependency on a member's name is skipped, whatever its spec. Each member's
  package.json is parsed on its own.
* ``bundleDependencies``/``bundledDependencies`` name packages already listed in
  ``dependencies``; they add no record (the bundling is not represented in Dependency).
* ``engines``, ``packageManager``, ``overrides``/``resolutions`` are not package dependencies.

What it cannot see: ``catalog:`` specs (pnpm) resolve in pnpm-workspace.yaml, so they stay a
constraint without version; dependencies a build script installs.
"""

from __future__ import annotations

import posixpath
from typing import Any

from lodestar.catalog import licences as catalog
from lodestar.errors import ManifestError
from lodestar.records import Dependency
from lodestar.scan.ecosystems import metadata_licence as licence_meta
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.npm.common import (
    SECTIONS,
    Kind,
    declared_in,
    decode,
    is_tarball_path,
    line_of,
    load_json,
    make_dependency,
    parse_spec,
)
from lodestar.scan.ecosystems.npm.workspaces import local_names
from lodestar.scan.ecosystems.registry import ManifestContext


def _line(text: str, section_at: dict[str, int], section: str, name: str) -> int | None:
    start = section_at.get(section, -1)
    if start < 0:
        return None
    at = text.find(f'"{name}"', start)
    return line_of(text, at) if at >= 0 else None


def _local_file(spec: str, directory: str, ctx: ManifestContext) -> bool:
    """A ``file:`` spec naming a committed directory with a package.json (local code)."""
    target = spec.strip()
    target = target[5:] if target.lower().startswith("file:") else target
    if is_tarball_path(target):
        return False
    joined = posixpath.normpath(posixpath.join(directory, target, "package.json"))
    return joined in ctx.files


def parse(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    text = decode(path, data)
    doc = ctx.documents.json(path, data)  # parsed once per scan
    if doc is None:
        doc = load_json(path, text)
    if not isinstance(doc, dict):
        raise ManifestError("package.json is not a JSON object", path=path, line=1)
    declared = declared_in(doc)
    if not declared:
        return []
    local = local_names(ctx, path, doc)
    directory = posixpath.dirname(path)
    section_of = {scope: section for section, scope in SECTIONS}
    section_at = {section: text.find(f'"{section}"') for section, _ in SECTIONS}
    out: list[Dependency] = []
    for name, spec, scope in declared:
        parsed = parse_spec(name, spec)
        if parsed.kind is Kind.LOCAL or name in local or parsed.name in local:
            continue
        if parsed.kind is Kind.FILE and _local_file(spec, directory, ctx):
            continue
        dep = make_dependency(
            path,
            parsed.name,
            version=parsed.version if parsed.kind is Kind.REGISTRY else None,
            constraint=spec,
            scope=scope,
            direct=True,
            line=_line(text, section_at, section_of[scope], name),
        )
        if dep is not None:
            out.append(dep)
    return out


# --------------------------------------------------------------------------------------------
# The declared licence


def _licence(doc: dict[str, Any], notes: list[str], path: str) -> str | None:
    found: list[str] = []
    for value in (doc.get("license"), doc.get("licenses")):
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, str):
                if not licence_meta.see_file(item, notes, path):
                    found.append(catalog.normalise_expression(item) or "")
            elif isinstance(item, dict):
                kind, url = item.get("type"), item.get("url")
                if isinstance(kind, str):
                    found.append(
                        licence_meta.from_name(kind, url if isinstance(url, str) else None) or ""
                    )
                elif isinstance(url, str):
                    found.append(catalog.spdx_for_url(url) or catalog.licence_ref(url))
    return catalog.join_expressions((f for f in found if f), "OR")


def declared_licence_of(
    path: str, data: bytes, notes: list[str], documents: Documents | None = None
) -> str | None:
    """The SPDX expression this file declares as its package's licence (None: none), noting
    pointers to licence files in ``notes``; :class:`ManifestError` for a file not read."""
    return _licence(licence_meta.json_object(path, data, documents), notes, path)
