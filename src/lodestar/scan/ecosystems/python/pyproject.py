"""``pyproject.toml``: PEP 621, PEP 735, build-system and the tools that keep their own tables.

Read tables, each a list of PEP 508 strings unless said otherwise:

* ``[build-system] requires`` → build;
* ``[project] dependencies`` → runtime; ``[project.optional-dependencies]`` → by extra name
  (``test``/``tests``/``testing`` → test, ``dev``/``lint``/``docs``/``typing`` → dev, any other
  extra → optional; the full rule is in :mod:`python_common`). Entries that name the project
  itself (``all = ["myproj[test,docs]"]``; the name is ``[project] name``, else
  ``[tool.poetry] name``) are not dependencies;
* ``[dependency-groups]`` (PEP 735) → by group name, dev by default. ``{include-group = "x"}``
  entries are checked (an unknown group or a cycle is a ManifestError, as uv and pip refuse
  them) but not copied: each requirement is reported once, with the scope of the group that
  writes it;
* Poetry: ``[tool.poetry.dependencies]`` (runtime; ``optional = true`` → optional; ``python``
  is the interpreter, not a package), ``[tool.poetry.dev-dependencies]`` (dev) and
  ``[tool.poetry.group.<g>.dependencies]`` (by group name, dev by default). Values are
  Poetry constraints as written (a bare ``"2.1.0"`` is an exact pin in Poetry), tables
  (``version``, ``git`` + ``rev``/``tag``/``branch``, ``url``, ``path``, ``source`` naming a
  ``[[tool.poetry.source]]``) or lists of tables (constraints joined with ``||``);
* PDM: ``[tool.pdm.dev-dependencies]`` groups (by name, dev by default; ``-e`` entries as pip
  reads them);
* Hatch: ``dependencies`` and ``extra-dependencies`` of ``[tool.hatch.envs.<env>]`` (by env
  name, dev by default: the ``default`` env is the development environment);
* uv: ``[tool.uv] dev-dependencies`` (dev) and ``[tool.uv.sources]``, which re-point declared
  packages: ``workspace = true`` and ``path``/``editable`` directories are the repository's own
  code and dropped; ``git``/``url`` give ``vcs_url``/``download_url``; ``index`` gives the
  index's ``repository_url``;
* files named by ``[tool.setuptools.dynamic]`` (``dependencies``/``optional-dependencies`` with
  ``file = …``) and by the hatch-requirements-txt hook are read through the context.

Environment markers never drop or re-scope a requirement (see :mod:`python_pep508`). One record
per (package, scope), the first one met. Lines come from a light scan for table
headers and quoted strings; unusual layouts (dotted keys, multi-line strings) leave ``line`` unset.
Not seen: what dynamic metadata computed by build back-end plugins adds, and Hatch matrices.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

from packaging.version import Version

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.safeparse import normalise_pypi, purl_for
from lodestar.scan.ecosystems import metadata_licence as licence_meta
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.python.common import (
    ECOSYSTEM,
    Lines,
    bounded,
    check_size,
    decode_text,
    make_dependency,
    named_urls,
    parse_toml,
    scope_for_name,
    strings,
    table,
)
from lodestar.scan.ecosystems.python.pep508 import (
    git_qualifiers,
    link_dependency,
    registry_qualifiers,
    requirement_dependency,
)
from lodestar.scan.ecosystems.python.requirements import requirements_from_files
from lodestar.scan.ecosystems.registry import ManifestContext


class _Collector:
    """Dependencies of one pyproject.toml, one per (package, scope), self-references left out."""

    def __init__(self, path: str, text: str, project_name: object) -> None:
        self.path = path
        self.lines = Lines(text)
        self.own = normalise_pypi(project_name) if isinstance(project_name, str) else None
        self.deps: dict[tuple[str, Scope], Dependency] = {}

    def add(self, dep: Dependency | None) -> None:
        if dep is not None and normalise_pypi(dep.name) != self.own:
            self.deps.setdefault((dep.purl, dep.scope), dep)

    def requirements(self, values: Iterable[str], scope: Scope, start: int) -> None:
        """PEP 508 strings (and PDM's ``-e <link>``) declared after line index ``start``."""
        for value in values:
            line = self.lines.string(value, start)
            if value.startswith("-e"):
                link = value[2:].strip()
                self.add(
                    link_dependency(
                        link, name=None, path=self.path, line=line, scope=scope, direct=True
                    )
                )
            else:
                self.add(requirement_dependency(value, path=self.path, line=line, scope=scope))


def _project(doc: dict[str, Any], out: _Collector) -> None:
    project = table(doc.get("project"))
    header = out.lines.header("project")
    out.requirements(strings(project.get("dependencies")), Scope.RUNTIME, header)
    extras = table(project.get("optional-dependencies"))
    extras_header = out.lines.header("project", "optional-dependencies")
    for extra, values in extras.items():
        start = out.lines.key(extra, extras_header if extras_header >= 0 else header)
        scope = scope_for_name(extra, Scope.OPTIONAL)
        out.requirements(strings(values), scope, start - 1 if start else -1)


def _dependency_groups(doc: dict[str, Any], out: _Collector) -> None:
    groups = table(doc.get("dependency-groups"))
    header = out.lines.header("dependency-groups")
    _check_includes(out.path, groups)
    for group, values in groups.items():
        start = out.lines.key(group, header)
        scope = scope_for_name(group, Scope.DEV)
        out.requirements(strings(values), scope, start - 1 if start else -1)


def _check_includes(path: str, groups: dict[str, Any]) -> None:
    """PEP 735: every ``include-group`` names an existing group, and includes do not cycle.

    An iterative depth-first walk that visits each group once (no recursion, no blow-up on
    diamonds of includes).
    """
    names = {normalise_pypi(g): g for g in groups}

    def includes(key: str) -> Iterator[str]:
        values = groups.get(names[key])
        for entry in values if isinstance(values, list) else []:
            if isinstance(entry, dict):
                target = entry.get("include-group")
                if not isinstance(target, str) or normalise_pypi(target) not in names:
                    raise ManifestError(
                        f"dependency group {names[key]!r} includes unknown {target!r}", path=path
                    )
                yield normalise_pypi(target)

    done: set[str] = set()
    for root in names:
        if root in done:
            continue
        visiting = {root}
        stack = [(root, includes(root))]
        while stack:
            key, pending = stack[-1]
            target = next(pending, None)
            if target is None:
                visiting.discard(key)
                done.add(key)
                stack.pop()
            elif target in visiting:
                raise ManifestError(
                    f"dependency group {names[target]!r} includes itself", path=path
                )
            elif target not in done:
                visiting.add(target)
                stack.append((target, includes(target)))


def _poetry_exact(constraint: str | None) -> str | None:
    """The version of a Poetry exact constraint: ``2.1.0``, ``==2.1.0`` or ``=2.1.0``."""
    if not constraint:
        return None
    candidate = constraint.strip().removeprefix("==").removeprefix("=").strip()
    if not candidate or "*" in candidate or not candidate[0].isdigit():
        return None
    try:
        Version(candidate)
    except ValueError:  # InvalidVersion, or a number too long for int()
        return None
    return candidate


def _poetry_dependency(
    name: str,
    spec: object,
    *,
    out: _Collector,
    scope: Scope,
    line: int | None,
    sources: dict[str, str],
) -> Dependency | None:
    if isinstance(spec, list):
        tables = [s for s in spec if isinstance(s, dict)]
        if not tables:
            return None
        versions = [t["version"] for t in tables if isinstance(t.get("version"), str)]
        first = tables[0]
        if not any(k in first for k in ("git", "url", "path")):
            spec = {**first, "version": " || ".join(versions)} if versions else first
        else:
            spec = first
    if isinstance(spec, str):
        spec = {"version": spec}
    if not isinstance(spec, dict):
        return None
    if spec.get("optional") is True and scope is Scope.RUNTIME:
        scope = Scope.OPTIONAL
    common: dict[str, Any] = {"path": out.path, "scope": scope, "direct": True, "line": line}
    git = git_qualifiers(spec)
    if git is not None:
        return make_dependency(name, qualifiers=git, **common)
    for key in ("url", "path", "file"):
        if isinstance(spec.get(key), str):
            return link_dependency(spec[key], name=name, **common)
    constraint = spec.get("version") if isinstance(spec.get("version"), str) else None
    source = spec.get("source")
    return make_dependency(
        name,
        version=_poetry_exact(constraint),
        constraint=constraint,
        qualifiers=registry_qualifiers(sources.get(source)) if isinstance(source, str) else None,
        **common,
    )


def _poetry(doc: dict[str, Any], out: _Collector) -> None:
    poetry = table(table(doc.get("tool")).get("poetry"))
    if not poetry:
        return
    sources = named_urls(poetry.get("source"))
    tables: list[tuple[tuple[str, ...], Scope, object]] = [
        (("tool", "poetry", "dependencies"), Scope.RUNTIME, poetry.get("dependencies")),
        (("tool", "poetry", "dev-dependencies"), Scope.DEV, poetry.get("dev-dependencies")),
    ]
    for group, body in table(poetry.get("group")).items():
        scope = Scope.RUNTIME if group == "main" else scope_for_name(group, Scope.DEV)
        tables.append(
            (
                ("tool", "poetry", "group", group, "dependencies"),
                scope,
                table(body).get("dependencies"),
            )
        )
    for header, scope, deps in tables:
        start = out.lines.header(*header)
        for name, spec in table(deps).items():
            if name.lower() == "python":
                continue
            line = out.lines.key(name, start + 1) if start >= 0 else None
            out.add(
                _poetry_dependency(name, spec, out=out, scope=scope, line=line, sources=sources)
            )


def _pdm_hatch_uv(doc: dict[str, Any], out: _Collector) -> None:
    tool = table(doc.get("tool"))
    pdm_header = out.lines.header("tool", "pdm", "dev-dependencies")
    for group, values in table(table(tool.get("pdm")).get("dev-dependencies")).items():
        start = out.lines.key(group, pdm_header)
        out.requirements(
            strings(values), scope_for_name(group, Scope.DEV), start - 1 if start else -1
        )
    for env, body in table(table(tool.get("hatch")).get("envs")).items():
        header = out.lines.header("tool", "hatch", "envs", env)
        scope = scope_for_name(env, Scope.DEV)
        for key in ("dependencies", "extra-dependencies"):
            out.requirements(strings(table(body).get(key)), scope, header)
    uv = table(tool.get("uv"))
    out.requirements(strings(uv.get("dev-dependencies")), Scope.DEV, out.lines.header("tool", "uv"))


def _dynamic(path: str, doc: dict[str, Any], ctx: ManifestContext, out: _Collector) -> None:
    """Requirements files that setuptools' dynamic metadata or hatch-requirements-txt name."""
    tool = table(doc.get("tool"))
    dynamic = table(table(tool.get("setuptools")).get("dynamic"))
    targets: list[tuple[object, Scope]] = [
        (table(dynamic.get("dependencies")).get("file"), Scope.RUNTIME)
    ]
    for extra, spec in table(dynamic.get("optional-dependencies")).items():
        targets.append((table(spec).get("file"), scope_for_name(extra, Scope.OPTIONAL)))
    hook = table(
        table(table(table(tool.get("hatch")).get("metadata")).get("hooks")).get("requirements_txt")
    )
    targets.append((hook.get("files"), Scope.RUNTIME))
    for extra, files in table(hook.get("optional-dependencies")).items():
        targets.append((files, scope_for_name(extra, Scope.OPTIONAL)))
    for files, scope in targets:
        names = [files] if isinstance(files, str) else strings(files)
        for dep in requirements_from_files(path, names, ctx, scope):
            out.add(dep)


def _uv_sources(doc: dict[str, Any], deps: list[Dependency]) -> list[Dependency]:
    uv = table(table(doc.get("tool")).get("uv"))
    sources = {normalise_pypi(k): v for k, v in table(uv.get("sources")).items()}
    if not sources:
        return deps
    indexes = named_urls(uv.get("index"))
    out: list[Dependency] = []
    for dep in deps:
        source = sources.get(normalise_pypi(dep.name))
        if isinstance(source, list):
            source = next((s for s in source if isinstance(s, dict)), None)
        if not isinstance(source, dict):
            out.append(dep)
            continue
        moved = _apply_source(dep, source, indexes)
        if moved is not None:
            out.append(moved)
    return out


def _apply_source(
    dep: Dependency, source: dict[str, Any], indexes: dict[str, str]
) -> Dependency | None:
    """``dep`` re-pointed by its ``[tool.uv.sources]`` entry; None for the repository's own code."""
    if source.get("workspace") is True:
        return None  # a member of the same uv workspace
    git = git_qualifiers(source)
    if git is not None:
        return dataclasses.replace(dep, version=None, purl=purl_for(ECOSYSTEM, dep.name, None, git))
    location = source.get("url") or source.get("path")
    if isinstance(location, str):
        return link_dependency(
            location,
            name=dep.name,
            path=dep.manifest,
            line=dep.line,
            scope=dep.scope,
            direct=dep.direct,
            constraint=dep.constraint,
        )
    index = source.get("index")
    qualifiers = registry_qualifiers(indexes.get(index)) if isinstance(index, str) else None
    if qualifiers is None:
        return dep
    return dataclasses.replace(dep, purl=purl_for(ECOSYSTEM, dep.name, dep.version, qualifiers))


@bounded
def parse_pyproject(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies a pyproject.toml declares (see the module docstring)."""
    check_size(path, data)
    text = decode_text(path, data)
    shared = ctx.documents.toml(path, data)  # parsed once per scan
    doc = parse_toml(path, text) if shared is None else shared
    name = table(doc.get("project")).get("name")
    poetry_name = table(table(doc.get("tool")).get("poetry")).get("name")
    out = _Collector(path, text, name if isinstance(name, str) else poetry_name)
    out.requirements(
        strings(table(doc.get("build-system")).get("requires")),
        Scope.BUILD,
        out.lines.header("build-system"),
    )
    _project(doc, out)
    _dependency_groups(doc, out)
    _poetry(doc, out)
    _pdm_hatch_uv(doc, out)
    _dynamic(path, doc, ctx, out)
    declared = [d for d in out.deps.values() if d.manifest == path]
    included = [d for d in out.deps.values() if d.manifest != path]
    return _uv_sources(doc, declared) + included


# --------------------------------------------------------------------------------------------
# The declared licence


def _licence(doc: dict[str, Any], notes: list[str], path: str) -> str | None:
    project = licence_meta.table(doc.get("project"))
    tool = licence_meta.table(doc.get("tool"))
    poetry = licence_meta.table(tool.get("poetry"))
    flit = licence_meta.table(licence_meta.table(tool.get("flit")).get("metadata"))
    for section in (project, poetry, flit):
        value = section.get("license")
        if isinstance(value, str) and value.strip():
            return licence_meta.from_name(value)
        if isinstance(value, dict):
            text, file = value.get("text"), value.get("file")
            if isinstance(text, str) and text.strip():
                return licence_meta.from_name(text)
            if isinstance(file, str):
                notes.append(f"{path} points to a licence file ({file})")
    for section in (project, poetry, flit):
        found = licence_meta.from_classifiers(section.get("classifiers"))
        if found:
            return found
    return None


def declared_licence_of(
    path: str, data: bytes, notes: list[str], documents: Documents | None = None
) -> str | None:
    """The SPDX expression this file declares as its package's licence (None: none), noting
    pointers to licence files in ``notes``; :class:`ManifestError` for a file not read."""
    return _licence(licence_meta.toml_document(path, data, documents), notes, path)
