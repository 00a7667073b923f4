"""Maven ``pom.xml``: declared dependencies, BOM imports, an external parent, and build plugins.

Read statically (Maven is never run), with the parts of the effective model that can be known
from committed files:

* **inheritance**: ``<parent>`` POMs *present in the repository* (``<relativePath>``, default
  ``../pom.xml``, a directory meaning its ``pom.xml``; read through the context, checked to be
  the declared groupId/artifactId, followed up to :data:`MAX_PARENTS` deep, cycles refused)
  contribute properties, ``<dependencyManagement>`` and ``<pluginManagement>``; their own
  ``<dependencies>`` are reported by their own file, not repeated here. A parent not in the
  repository (``spring-boot-starter-parent``) is reported as a dependency, scope ``build``: its
  managed versions are not visible, so a dependency it manages has no version here;
* **interpolation**: ``${…}`` from ``<properties>`` (the child's override its parents'), from
  ``-Dname=value`` in ``.mvn/maven.config`` (CI-friendly ``${revision}``), and the built-ins
  ``project.groupId``/``artifactId``/``version`` and ``project.parent.*`` (``pom.*`` too);
  an unresolvable ``${…}`` leaves the version as written in ``constraint`` and no version;
* **management**: a dependency without ``<version>`` (or ``<scope>``) takes it from
  ``<dependencyManagement>``, keyed by groupId, artifactId, type and classifier. Managed entries
  are not dependencies and are not reported, except ``<scope>import</scope>`` BOMs (scope
  ``build``: they shape versions, nothing of theirs is packaged);
* **profiles**: dependencies declared in ``<profiles>`` are reported (with the profile's
  properties) since some build uses them; whether a profile is active is not known.

Scopes: ``compile`` (the default) and ``runtime`` → runtime; ``test`` → test; ``provided``
(supplied by the platform at run time, e.g. the servlet API or Lombok; never packaged) and
``system`` → build; ``<optional>true</optional>`` on a runtime dependency → optional.

Plugins (``<build><plugins>``) are build tools: reported with scope ``build`` when their version
is known, written or from a ``<pluginManagement>`` of this POM or a local parent (the groupId
defaults to ``org.apache.maven.plugins``, as in Maven); a plugin whose version only an external
parent or Maven's super-POM knows is not reported. Plugin ``<dependencies>``, ``<extensions>``
and ``<reporting>`` are not read. ``type`` (other than jar) and ``classifier`` are purl qualifiers.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from lodestar.errors import ManifestError
from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.maven.coords import maven_dependency, valid_coordinate
from lodestar.scan.ecosystems.maven.pom import Declared, Pom, pom_of, read_pom
from lodestar.scan.ecosystems.registry import ManifestContext

MAX_PARENTS = 10
_PROPERTY = re.compile(r"\$\{([^${}]+)\}")
_SCOPES = {
    "compile": Scope.RUNTIME,
    "runtime": Scope.RUNTIME,
    "test": Scope.TEST,
    "provided": Scope.BUILD,
    "system": Scope.BUILD,
    "import": Scope.BUILD,
}
_DEFINE = re.compile(r"-D([A-Za-z0-9_.-]+)=(\"[^\"]*\"|'[^']*'|\S*)")
DEFAULT_PLUGIN_GROUP = "org.apache.maven.plugins"


def _read(path: str, data: bytes, ctx: ManifestContext) -> Pom:
    """:func:`read_pom`, parsed once per scan: from the scan's document when it holds one."""
    tree = ctx.documents.xml(path, data)
    return read_pom(path, data) if tree is None else pom_of(path, tree)


def _parents(path: str, pom: Pom, ctx: ManifestContext) -> tuple[list[Pom], bool]:
    """Local parent POMs, nearest first, and whether the nearest parent is outside the repo."""
    chain: list[Pom] = []
    seen = {posixpath.normpath(path)}
    current, current_path = pom, path
    while current.parent is not None and len(chain) < MAX_PARENTS:
        ref = current.parent
        if ref.relative_path == "":
            break
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(current_path), ref.relative_path or "../pom.xml")
        )
        if not target.endswith(".xml"):
            target = posixpath.join(target, "pom.xml")
        data = ctx.read(target) if target not in seen else None
        if data is None:
            break
        try:
            parent = _read(target, data, ctx)
        except ManifestError:
            return chain, False  # in the repository but unreadable: reported by its own parse
        parent_group = parent.group or (parent.parent.group if parent.parent else None)
        if (parent_group, parent.artifact) != (ref.group, ref.artifact):
            break  # another module's POM: Maven would look in the repositories
        chain.append(parent)
        seen.add(target)
        current, current_path = parent, target
    external = pom.parent is not None and not chain
    return chain, external


def _maven_config(path: str, ctx: ManifestContext) -> dict[str, str]:
    """``-D`` properties of the nearest ``.mvn/maven.config`` at or above the POM."""
    directory = posixpath.dirname(path)
    while True:
        data = ctx.read(posixpath.join(directory, ".mvn", "maven.config"))
        if data is not None:
            found = _DEFINE.findall(data.decode("utf-8", errors="replace"))
            return {name: value.strip("\"'") for name, value in found}
        if not directory:
            return {}
        directory = posixpath.dirname(directory)


class _Interpolator:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return None
        for _ in range(10):  # properties may refer to properties; a cycle stops here
            replaced = _PROPERTY.sub(lambda m: self.values.get(m.group(1), m.group(0)), text)
            if replaced == text:
                break
            text = replaced
        return text

    def overlay(self, extra: dict[str, str]) -> _Interpolator:
        return _Interpolator({**self.values, **extra}) if extra else self


def _values(pom: Pom, chain: list[Pom], config: dict[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for ancestor in reversed(chain):
        values.update(ancestor.properties)
    values.update(pom.properties)
    parent = pom.parent
    builtins = {
        "groupId": pom.group or (parent.group if parent else None),
        "artifactId": pom.artifact,
        "version": pom.version or (parent.version if parent else None),
        "parent.groupId": parent.group if parent else None,
        "parent.artifactId": parent.artifact if parent else None,
        "parent.version": parent.version if parent else None,
    }
    for key, value in builtins.items():
        if value is not None:
            values[f"project.{key}"] = value
            values[f"pom.{key}"] = value
    values.update(config)
    return values


_Key = tuple[str | None, str | None, str, str | None]


def _key(d: Declared, interpolate: _Interpolator) -> _Key:
    return (interpolate(d.group), interpolate(d.artifact), d.type, interpolate(d.classifier))


def _managed(
    own: Iterable[Declared], chain: list[Pom], interpolate: _Interpolator
) -> dict[_Key, Declared]:
    managed: dict[_Key, Declared] = {}
    for ancestor in reversed(chain):
        managed.update((_key(d, interpolate), d) for d in ancestor.managed)
    managed.update((_key(d, interpolate), d) for d in own)
    return managed


def _scope(written: str | None, optional: bool) -> Scope:
    scope = _SCOPES.get((written or "compile").strip().lower(), Scope.RUNTIME)
    return Scope.OPTIONAL if optional and scope is Scope.RUNTIME else scope


def _qualifiers(d: Declared, interpolate: _Interpolator) -> dict[str, str]:
    qualifiers: dict[str, str] = {}
    classifier = interpolate(d.classifier)
    if classifier:
        qualifiers["classifier"] = classifier
    if d.type != "jar":
        qualifiers["type"] = d.type
    return qualifiers


class _Emitter:
    def __init__(self, path: str, managed: dict[_Key, Declared]) -> None:
        self.path = path
        self.managed = managed
        self.out: list[Dependency] = []

    def add(
        self,
        d: Declared,
        interpolate: _Interpolator,
        scope: Scope | None = None,
        default_group: str | None = None,
    ) -> None:
        group = interpolate(d.group) or default_group
        artifact = interpolate(d.artifact)
        if group is None or artifact is None:
            return
        if not (valid_coordinate(group) and valid_coordinate(artifact)):
            return
        version, written_scope = d.version, d.scope
        managed = self.managed.get(_key(d, interpolate))
        if managed is not None:
            version = version or managed.version
            written_scope = written_scope or managed.scope
        self.out.append(
            maven_dependency(
                group,
                artifact,
                interpolate(version),
                scope=scope or _scope(written_scope, d.optional),
                manifest=self.path,
                line=d.line,
                qualifiers=_qualifiers(d, interpolate),
            )
        )


def parse_pom(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies a ``pom.xml`` declares; see the module docstring."""
    pom = _read(path, data, ctx)
    chain, external_parent = _parents(path, pom, ctx)
    interpolate = _Interpolator(_values(pom, chain, _maven_config(path, ctx)))
    emitter = _Emitter(path, _managed(pom.managed, chain, interpolate))
    if external_parent and pom.parent is not None:
        ref = pom.parent
        parent = Declared(ref.group, ref.artifact, ref.version, None, False, "pom", None, ref.line)
        emitter.add(parent, interpolate, Scope.BUILD)
    for d in pom.dependencies:
        emitter.add(d, interpolate)
    for d in pom.managed:
        if (d.scope or "").strip().lower() == "import":
            emitter.add(d, interpolate, Scope.BUILD)
    for profile in pom.profiles:
        local = interpolate.overlay(profile.properties)
        emitter.managed = {**emitter.managed, **_managed(profile.managed, [], local)}
        for d in profile.dependencies:
            emitter.add(d, local)
        for d in profile.managed:
            if (d.scope or "").strip().lower() == "import":
                emitter.add(d, local, Scope.BUILD)
    _plugins(pom, chain, interpolate, emitter)
    return emitter.out


def _plugins(pom: Pom, chain: list[Pom], interpolate: _Interpolator, emitter: _Emitter) -> None:
    def key(d: Declared) -> tuple[str | None, str | None]:
        return (interpolate(d.group) or DEFAULT_PLUGIN_GROUP, interpolate(d.artifact))

    versions: dict[tuple[str | None, str | None], str] = {}
    for source in [*reversed(chain), pom]:
        versions.update((key(d), d.version) for d in source.managed_plugins if d.version)
    plugin_emitter = _Emitter(emitter.path, {})
    for d in pom.plugins:
        version = d.version or versions.get(key(d))
        if version is None:
            continue
        plugin = Declared(d.group, d.artifact, version, None, False, "jar", None, d.line)
        plugin_emitter.add(plugin, interpolate, Scope.BUILD, DEFAULT_PLUGIN_GROUP)
    emitter.out.extend(plugin_emitter.out)
