"""Gradle build scripts (``build.gradle``, ``build.gradle.kts``, applied ``*.gradle`` scripts).

Read statically — Groovy and Kotlin are never run (see :mod:`gradle_text` for lexing and
variables). Inside ``dependencies { }`` blocks (``buildscript``'s and ``subprojects``' too; not
``constraints { }``, which only constrain versions), a declaration is a configuration name
followed by its arguments, with or without parentheses:

* ``"group:artifact:version"`` (also ``group:artifact``, ``…:classifier``, ``…@ext``), several
  per Groovy call, with ``$v``/``${v}`` from the script's variables, its ``gradle.properties``,
  the root project's script and properties, and scripts applied with ``apply from:``;
* map notation ``group: 'g', name: 'a', version: 'v'`` (Kotlin: ``group = "g", …``);
* ``platform(…)``/``enforcedPlatform(…)`` BOMs (scope ``build``, or ``test`` in a test
  configuration); ``testFixtures(…)`` of an external module; ``kotlin("stdlib")`` (module
  ``org.jetbrains.kotlin:kotlin-stdlib``, version optional);
* version catalog accessors ``libs.foo.bar`` and ``libs.bundles.x``, resolved against the nearest
  ``gradle/libs.versions.toml`` at or above the script (catalogs other than ``libs``, and ones
  built in ``settings.gradle``, are not read);
* a variable naming a coordinate (``implementation deps.junit`` with ``ext.deps = [junit: …]``);
* a following closure's ``version { strictly("…") }``/``require``/``prefer`` as the constraint;
* Kotlin's string-named configurations, ``"integrationTestImplementation"(…)``.

``project(":core")``, ``files(…)``, ``fileTree(…)``, ``gradleApi()`` are not packages, and
constants from ``buildSrc`` Kotlin objects (``Deps.retrofit``) are not resolvable: skipped.

Scopes by configuration: any ``test`` configuration (``testImplementation``,
``androidTestImplementation``, ``kaptTest``, ``testFixturesApi``…) → test; ``developmentOnly``
and ``debug…`` → dev; ``compileOnly``, ``compileOnlyApi``, ``annotationProcessor``,
``kapt``/``ksp``, ``providedCompile``/``providedRuntime``, buildscript ``classpath`` and the
tools' own configurations (``checkstyle``, ``pmd``, ``spotbugs``, ``jacocoAgent`` …; see
:mod:`gradle_configurations`, which also makes ``jmh…`` dev and ``dokka…``/``asciidoctor…``
docs) → build; everything else (``implementation``, ``api``, ``runtimeOnly``, legacy
``compile``, custom configurations) → runtime.

``plugins { }``: ``id("x") version "v"``, ``kotlin("jvm") version "v"`` and
``alias(libs.plugins.x)`` are reported as the plugin marker artifact (``x:x.gradle.plugin``),
scope ``build``, **only when a version is given** (plugins without one are core plugins or get
their version elsewhere, e.g. the root project or ``pluginManagement``).
"""

from __future__ import annotations

import posixpath
import re

from lodestar.records import Dependency, Scope
from lodestar.scan.ecosystems.gradle.catalog import Catalog, Library
from lodestar.scan.ecosystems.gradle.configurations import KNOWN as KNOWN_TOOLS
from lodestar.scan.ecosystems.gradle.configurations import tool_scope
from lodestar.scan.ecosystems.gradle.project import find_catalog, script_variables
from lodestar.scan.ecosystems.gradle.text import STR, Script, Variables, lex
from lodestar.scan.ecosystems.maven.coords import maven_dependency, valid_coordinate
from lodestar.scan.ecosystems.registry import ManifestContext

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_REF = rf"{_IDENT}(?:\.{_IDENT})*(?:\(\))?"
_DEPENDENCIES = re.compile(r"(?<![\w.])dependencies\s*\{")
_CONSTRAINTS = re.compile(r"(?<![\w.])constraints\s*\{")
_PLUGINS = re.compile(r"(?<![\w.])plugins\s*\{")
_DECLARATION = re.compile(rf"(?<![\w.$])({_IDENT}|\"\x01+\")\s*(\(|[ \t]+(?=[\"'A-Za-z_]))")
_KNOWN = frozenset(
    {
        "implementation", "api", "compileOnly", "runtimeOnly", "compileOnlyApi",
        "annotationProcessor", "kapt", "ksp", "developmentOnly", "testImplementation",
        "testApi", "testCompileOnly", "testRuntimeOnly", "testAnnotationProcessor", "compile",
        "runtime", "testCompile", "testRuntime", "classpath", "providedCompile",
        "providedRuntime", "coreLibraryDesugaring", "lintChecks", "detektPlugins",
        "testFixturesApi", "testFixturesImplementation", "agent", "javaagent",
    }
)  # fmt: skip
_SUFFIXES = ("Implementation", "Api", "CompileOnly", "RuntimeOnly", "AnnotationProcessor")
_NOT_CONFIGURATIONS = frozenset(
    {
        "exclude", "because", "version", "strictly", "require", "prefer", "reject", "module",
        "project", "files", "fileTree", "platform", "enforcedPlatform", "testFixtures",
        "kotlin", "println", "id", "apply", "from", "include", "force", "artifact",
        "attributes", "capabilities", "requireCapability", "add", "if", "for", "while",
        "return", "listOf", "setOf", "mapOf", "set", "get", "group", "name", "classifier",
        "def", "val", "var", "ext", "extra", "libs", "new", "else", "in", "is", "as",
    }
)  # fmt: skip
_BUILD = frozenset(
    {"classpath", "providedcompile", "providedruntime", "detektplugins", "lintchecks"}
)
_WRAPPER = re.compile(r"\s*(enforcedPlatform|platform|testFixtures)\s*\(")
_NOT_PACKAGE = re.compile(r"\s*(project|files|fileTree|gradleApi|localGroovy|gradleTestKit)\b")
_KOTLIN = re.compile(rf"\bkotlin\s*\(\s*({STR})\s*(?:,\s*({STR}|{_REF})\s*)?\)")
_MAP_KEY = re.compile(rf"\b(group|name|module|version|classifier|ext)\s*[:=]\s*({STR}|{_REF})")
_CATALOG_REF = re.compile(rf"(?<![\w.])libs\.({_IDENT}(?:\.{_IDENT})*)")
# Blanks are taken whole (\s*+) around an optional parenthesis, never shared between two
# runs: "strictly" + a long run of blanks is scanned once, not once per split of the run.
_RICH = re.compile(rf"\b(strictly|require|prefer)\s*+(?:\(\s*+)?({STR})")
_PLUGIN = re.compile(
    rf"\b(id|kotlin)\s*+(?:\(\s*+)?({STR})\s*+\)?"
    rf"(?:\s*+version\s*+(?:\(\s*+)?({STR}|{_REF})\s*+\)?)?"
)
_PLUGIN_ALIAS = re.compile(rf"\balias\s*\(\s*libs\.plugins\.({_IDENT}(?:\.{_IDENT})*)")
_SPACE = re.compile(r"\s*")


def configuration_scope(name: str) -> Scope:
    """The scope of a dependency declared in the configuration ``name``."""
    low = name.lower()
    tool = tool_scope(name)
    if tool is not None:
        return tool
    if "test" in low:
        return Scope.TEST
    if low.startswith(("debug", "development")):
        return Scope.DEV
    if (
        low in _BUILD
        or low.endswith(("compileonly", "compileonlyapi", "annotationprocessor"))
        or low.startswith(("kapt", "ksp"))
    ):
        return Scope.BUILD
    return Scope.RUNTIME


def _is_configuration(name: str) -> bool:
    return (
        name in _KNOWN
        or name in KNOWN_TOOLS
        or name.endswith(_SUFFIXES)
        or name.startswith(("kapt", "ksp"))
    )


class _Reader:
    """Declarations of one script, with its variables and catalog."""

    def __init__(self, path: str, script: Script, variables: Variables, catalog: Catalog) -> None:
        self.path = path
        self.script = script
        self.variables = variables
        self.catalog = catalog
        self.out: list[Dependency] = []

    def value(self, token: str, offset: int) -> str | None:
        """A literal (interpolated) at ``offset``, or a variable reference's value."""
        literal = self.script.literal_at(offset)
        if literal is not None:
            return self.variables.resolve(literal)
        return self.variables.lookup(token)

    def emit(
        self,
        coordinates: tuple[str, str, str | None, dict[str, str]],
        scope: Scope,
        offset: int,
    ) -> None:
        group, artifact, version, qualifiers = coordinates
        if valid_coordinate(group) and valid_coordinate(artifact):
            line = self.script.line(offset)
            self.out.append(
                maven_dependency(
                    group,
                    artifact,
                    version,
                    scope=scope,
                    manifest=self.path,
                    line=line,
                    qualifiers=qualifiers,
                )
            )

    def library(self, library: Library, scope: Scope, offset: int) -> None:
        self.emit((library.group, library.artifact, library.version, {}), scope, offset)

    def declarations(self) -> None:
        skip = self.script.blocks(_CONSTRAINTS)
        for start, end in self.script.blocks(_DEPENDENCIES):
            resume = start
            for match in _DECLARATION.finditer(self.script.masked, start, end):
                name = match.group(1)
                if name.startswith('"'):  # Kotlin: "integrationTestImplementation"(…)
                    literal = self.script.literal_at(match.start(1))
                    name = literal.raw if literal is not None else ""
                if match.start() < resume or any(a <= match.start() < b for a, b in skip):
                    continue
                region = self.arguments(match, end)
                if region is None:
                    continue
                args_start, args_end, closure, resume = region
                known = _is_configuration(name)
                if not known and (
                    name in _NOT_CONFIGURATIONS or not self.literal_first(args_start, args_end)
                ):
                    resume = match.end()
                    continue
                self.declaration(name, args_start, args_end, closure, match.start(1))

    def literal_first(self, start: int, end: int) -> bool:
        """Whether the arguments start with a coordinate literal (custom configurations)."""
        stripped = self.script.masked[start:end].lstrip()
        offset = end - len(stripped) if stripped else end
        literal = self.script.literal_at(offset)
        return literal is not None and literal.raw.count(":") >= 1

    def arguments(
        self, match: re.Match[str], end: int
    ) -> tuple[int, int, tuple[int, int] | None, int] | None:
        """(start, end) of the arguments, the closure after them, and where to resume."""
        masked = self.script.masked
        if match.group(2) == "(":
            opening = match.end() - 1
            closing = self.script.pairs.get(opening)
            if closing is None or closing > end:
                return None
            args_start, args_end = opening + 1, closing
            after = closing + 1
        else:
            args_start = cursor = match.end()
            last = ""  # the last non-blank character of the arguments so far
            while True:
                newline = masked.find("\n", cursor, end)
                after = end if newline < 0 else newline
                segment = masked[cursor:after].rstrip()
                last = segment[-1] if segment else last
                # a trailing comma continues the arguments on the next line, if there is one;
                # only the new line is looked at, so many such lines stay linear
                if newline < 0 or last != ",":
                    break
                cursor = after + 1
            args_end = after
        closure = None
        space = _SPACE.match(masked, after, end)
        brace = space.end() if space else after
        if brace < end and masked[brace] == "{" and brace in self.script.pairs:
            closure = (brace + 1, self.script.pairs[brace])
            after = closure[1] + 1
        return args_start, args_end, closure, after

    def declaration(
        self, name: str, start: int, end: int, closure: tuple[int, int] | None, at: int
    ) -> None:
        scope = configuration_scope(name)
        masked = self.script.masked
        wrapper = _WRAPPER.match(masked, start, end)
        if wrapper is not None:
            opening = wrapper.end() - 1
            inner_end = self.script.pairs.get(opening, end)
            start, end = opening + 1, min(inner_end, end)
            if wrapper.group(1) != "testFixtures" and scope is not Scope.TEST:
                scope = Scope.BUILD
        if _NOT_PACKAGE.match(masked, start, end):
            return
        rich = self.rich_version(closure)
        found = self.kotlin_modules(start, end, scope, at)
        found = found or self.map_notation(start, end, scope, at, rich)
        found = found or self.catalog_refs(start, end, scope, at)
        if not found:
            self.literals(start, end, scope, at, rich)

    def rich_version(self, closure: tuple[int, int] | None) -> str | None:
        if closure is None:
            return None
        best: str | None = None
        for match in _RICH.finditer(self.script.masked, *closure):
            literal = self.script.literal_at(match.start(2))
            if literal is None:
                continue
            value = self.variables.resolve(literal)
            if match.group(1) == "strictly":
                return f"{value}!!"
            best = best or value
        return best

    def kotlin_modules(self, start: int, end: int, scope: Scope, at: int) -> bool:
        found = False
        for match in _KOTLIN.finditer(self.script.masked, start, end):
            module = self.value(match.group(1), match.start(1))
            version = self.value(match.group(2), match.start(2)) if match.group(2) else None
            if module:
                self.emit(("org.jetbrains.kotlin", f"kotlin-{module}", version, {}), scope, at)
                found = True
        return found

    def map_notation(self, start: int, end: int, scope: Scope, at: int, rich: str | None) -> bool:
        values: dict[str, str | None] = {}
        for match in _MAP_KEY.finditer(self.script.masked, start, end):
            values[match.group(1)] = self.value(match.group(2), match.start(2))
        name = values.get("name") or values.get("module")
        group = values.get("group")
        if not (group and name):
            return False
        qualifiers: dict[str, str] = {}
        if classifier := values.get("classifier"):
            qualifiers["classifier"] = classifier
        if (extension := values.get("ext")) and extension != "jar":
            qualifiers["type"] = extension
        self.emit((group, name, rich or values.get("version"), qualifiers), scope, at)
        return True

    def catalog_refs(self, start: int, end: int, scope: Scope, at: int) -> bool:
        found = False
        for match in _CATALOG_REF.finditer(self.script.masked, start, end):
            parts = match.group(1).split(".")
            while parts and parts[-1] in ("get", "asProvider"):
                parts.pop()
            path = ".".join(parts)
            if path.startswith("bundles."):
                for member in self.catalog.bundles.get(path[len("bundles.") :], []):
                    if member in self.catalog.libraries:
                        self.library(self.catalog.libraries[member], scope, at)
                        found = True
                continue
            while parts and ".".join(parts) not in self.catalog.libraries:
                parts.pop()  # libs.foo.bar where only foo-bar… is an alias: the longest match
            if parts:
                self.library(self.catalog.libraries[".".join(parts)], scope, at)
                found = True
        return found

    def literals(self, start: int, end: int, scope: Scope, at: int, rich: str | None) -> None:
        values = [self.variables.resolve(lit) for _, lit in self.script.literals_in(start, end)]
        if not values:
            reference = self.script.masked[start:end].strip()
            if re.fullmatch(_REF, reference):
                value = self.variables.lookup(reference.removesuffix("()"))
                values = [value] if value else []
        for value in values:
            coordinates = _coordinates(value)
            if coordinates is not None:
                group, artifact, version, qualifiers = coordinates
                self.emit((group, artifact, rich or version, qualifiers), scope, at)

    def plugins(self) -> None:
        for start, end in self.script.blocks(_PLUGINS):
            for match in _PLUGIN.finditer(self.script.masked, start, end):
                plugin = self.value(match.group(2), match.start(2))
                if not plugin or match.group(3) is None:
                    continue
                if match.group(1) == "kotlin":
                    plugin = f"org.jetbrains.kotlin.{plugin}"
                version = self.value(match.group(3), match.start(3))
                self.emit(
                    (plugin, f"{plugin}.gradle.plugin", version, {}), Scope.BUILD, match.start()
                )
            for match in _PLUGIN_ALIAS.finditer(self.script.masked, start, end):
                alias = match.group(1).removesuffix(".get")
                entry = self.catalog.plugins.get(alias)
                if entry is not None and entry.version:
                    self.library(entry, Scope.BUILD, match.start())


def _coordinates(value: str) -> tuple[str, str, str | None, dict[str, str]] | None:
    notation, _, extension = value.strip().partition("@")
    parts = notation.split(":")
    if not 2 <= len(parts) <= 4:
        return None
    qualifiers: dict[str, str] = {}
    if len(parts) == 4 and parts[3]:
        qualifiers["classifier"] = parts[3]
    if extension and extension != "jar":
        qualifiers["type"] = extension
    version = parts[2] if len(parts) >= 3 and parts[2] else None
    return parts[0], parts[1], version, qualifiers


def parse_gradle(path: str, data: bytes, ctx: ManifestContext) -> list[Dependency]:
    """Dependencies and versioned plugins a Gradle build script declares."""
    if posixpath.basename(path).startswith("settings.gradle"):
        return []  # settings scripts declare projects and repositories, not dependencies
    script = lex(data.decode("utf-8", errors="replace"))
    catalog = find_catalog(posixpath.dirname(path), ctx)
    reader = _Reader(path, script, script_variables(path, script, ctx, catalog), catalog)
    reader.plugins()
    reader.declarations()
    unique: dict[tuple[str, Scope], Dependency] = {}
    for dep in sorted(reader.out, key=lambda d: d.line or 0):
        unique.setdefault((dep.purl, dep.scope), dep)  # lombok in compileOnly + annotationProcessor
    return list(unique.values())
