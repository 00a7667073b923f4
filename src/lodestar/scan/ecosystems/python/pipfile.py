"""Pipenv: ``Pipfile`` (TOML) and ``Pipfile.lock`` (JSON).

``Pipfile``: ``[packages]`` (runtime), ``[dev-packages]`` (dev), and Pipenv's custom categories
(any other table but ``source``, ``requires``, ``scripts`` and ``pipenv``: scope by name,
optional by default; the rule is in :mod:`python_common`). A value is a specifier as written
(``"*"``, ``">=2.0"``; only ``==X`` is an exact version) or a table: ``version``, ``git`` +
``ref`` (→ ``vcs_url``), ``file`` (a URL → ``download_url``), ``path`` (a local directory: the
repository's own code, left out), ``index`` naming a ``[[source]]`` (→ ``repository_url`` when
it is not PyPI). Markers and extras are not recorded.

``Pipfile.lock``: every section but ``_meta`` (``default`` → runtime, ``develop`` → dev, custom
categories by name) maps names to ``{"version": "==X", "hashes": […], …}`` or git/file/path
entries like the Pipfile's. The lock does not tell direct from transitive: every record is
``direct=False`` (joined with the Pipfile, the merge step knows better). A package locked in
several sections is reported once, with the most needed scope. Lines are found on Pipenv's own
layout (four-space indentation); other layouts leave ``line`` unset.
"""

from __future__ import annotations

import re
from typing import Any

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.python.common import (
    Lines,
    LockCollector,
    bounded,
    check_size,
    decode_text,
    make_dependency,
    named_urls,
    parse_json,
    parse_toml,
    scope_for_name,
    table,
)
from lodestar.scan.ecosystems.python.pep508 import (
    exact_in_specifier,
    git_qualifiers,
    link_dependency,
    registry_qualifiers,
)
from lodestar.scan.ecosystems.registry import ManifestContext

_NOT_PACKAGES = frozenset({"source", "requires", "scripts", "pipenv"})
_LOCK_PACKAGE = re.compile(
    r'^(?:    "((?:[^"\\]|\\.)*)"|        "((?:[^"\\]|\\.)*)"): \{', re.MULTILINE
)


def _category_scope(name: str) -> Scope:
    if name in {"packages", "default"}:
        return Scope.RUNTIME
    if name in {"dev-packages", "develop"}:
        return Scope.DEV
    return scope_for_name(name.removesuffix("-packages"), Scope.OPTIONAL)


def _entry(
    name: str,
    spec: object,
    *,
    path: str,
    scope: Scope,
    direct: bool,
    line: int | None,
    indexes: dict[str, str],
) -> Dependency | None:
    """One Pipfile or Pipfile.lock entry (a specifier string or a table)."""
    if isinstance(spec, str):
        spec = {"version": spec}
    if not isinstance(spec, dict):
        return None
    common: dict[str, Any] = {"path": path, "scope": scope, "direct": direct, "line": line}
    git = git_qualifiers(spec)
    if git is not None:
        return make_dependency(name, qualifiers=git, **common)
    for key in ("file", "path"):
        if isinstance(spec.get(key), str):
            return link_dependency(spec[key], name=name, **common)
    written = spec.get("version")
    constraint = written if isinstance(written, str) and written.strip() else None
    index = spec.get("index")
    return make_dependency(
        name,
        version=exact_in_specifier(constraint) if constraint else None,
        constraint=constraint if direct else None,
        qualifiers=registry_qualifiers(indexes.get(index)) if isinstance(index, str) else None,
        **common,
    )


@bounded
def parse_pipfile(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies a Pipfile declares (see the module docstring)."""
    check_size(path, data)
    text = decode_text(path, data)
    shared = ctx.documents.toml(path, data)  # parsed once per scan
    doc = parse_toml(path, text) if shared is None else shared
    lines = Lines(text)
    indexes = named_urls(doc.get("source"))
    out: dict[tuple[str, Scope], Dependency] = {}
    for category, packages in doc.items():
        if category in _NOT_PACKAGES or not isinstance(packages, dict):
            continue
        scope = _category_scope(category)
        start = lines.header(category)
        for name, spec in packages.items():
            line = lines.key(name, start + 1) if start >= 0 else None
            dep = _entry(
                name, spec, path=path, scope=scope, direct=True, line=line, indexes=indexes
            )
            if dep is not None:
                out.setdefault((dep.purl, dep.scope), dep)
    return list(out.values())


def _lock_lines(text: str) -> dict[tuple[str, str], int]:
    """(section, package) → line, on Pipenv's four-space layout."""
    found: dict[tuple[str, str], int] = {}
    section = ""
    line = 1
    position = 0
    for match in _LOCK_PACKAGE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if match.group(1) is not None:
            section = match.group(1)
        else:
            found.setdefault((section, match.group(2)), line)
    return found


@bounded
def parse_pipfile_lock(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Every package a Pipfile.lock resolves (see the module docstring)."""
    text = decode_text(path, data)
    doc = parse_json(path, text)
    if not isinstance(doc, dict):
        raise ManifestError("Pipfile.lock is not a JSON object", path=path)
    indexes = named_urls(table(doc.get("_meta")).get("sources"))
    lines = _lock_lines(text)
    out = LockCollector()
    for section, packages in doc.items():
        if section == "_meta" or not isinstance(packages, dict):
            continue
        scope = _category_scope(section)
        for name, spec in packages.items():
            out.add(
                _entry(
                    name,
                    spec,
                    path=path,
                    scope=scope,
                    direct=False,
                    line=lines.get((section, name)),
                    indexes=indexes,
                )
            )
    return out.result()
