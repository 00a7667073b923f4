"""Runtime versions declared in version-manager files and package metadata.

Each reader takes one :class:`~lodestar.scan.runtimes_versions.Source` and gives the
:class:`~lodestar.scan.runtimes_versions.Declared` versions it names, with the line they are on
(found by a text search for the key, since the JSON and TOML parsers give no positions), and
what each states (its intent): the version that runs (*deployed*, an exact version) or a range
a library or build supports (*supported*, judged by every version it admits). What each file
is read for:

==============================  ==================================================  =========
file                            read                                                intent
==============================  ==================================================  =========
``.python-version`` (pyenv)     every line (``3.11.4``, ``3.12``; PyPy, conda and   deployed
                                ``system`` skipped)
``runtime.txt`` (Heroku)        ``python-3.11.4``                                   deployed
``.nvmrc``, ``.node-version``   the first line (``v18.17.0``, ``18``,               deployed
                                ``lts/hydrogen``; ``node``, ``lts/*`` skipped)
``.ruby-version``               ``3.2.2``, ``ruby-3.2.2``, ``jruby-9.4.5.0``         deployed
``.java-version`` (jenv)        ``17``, ``1.8``, ``temurin64-17.0.8``                deployed
``.go-version``,                the first line                                      deployed
``.terraform-version``,
``.php-version``
``.tool-versions`` (asdf)       every ``tool version…`` line, every version listed  deployed
``mise.toml`` and kin           ``[tools]``: strings, lists, ``{version = …}``       deployed
``.sdkmanrc``                   ``java=17.0.8-tem``, ``maven=…``, ``gradle=…``       deployed
``rust-toolchain[.toml]``       the channel when it is a version (``1.75.0``)       deployed
``pyproject.toml``              ``[project] requires-python``; Poetry's             supported
                                ``[tool.poetry.dependencies] python``
``Pipfile``                     ``[requires] python_version``,                      deployed
                                ``python_full_version``
``setup.cfg``, ``setup.py``     ``python_requires``, as a literal string            supported
``package.json``                ``engines.node`` (supported); ``volta.node``
                                (deployed)
``composer.json``               ``require.php`` (supported);
                                ``config.platform.php`` (deployed)
``Gemfile``, ``gems.rb``        ``ruby "3.2.2"`` (deployed), ``ruby "~> 3.2",
                                "< 3.4"`` (supported)
``*.gemspec``                   ``required_ruby_version = ">= 2.7"`` (also ``[…]``  supported
                                and ``Gem::Requirement.new(…)``)
``Cargo.toml``                  ``rust-version`` of ``[package]`` or                supported
                                ``[workspace.package]`` (the MSRV: 1.72 and later)
``go.mod``, ``go.work``         ``go 1.21`` (the oldest Go it builds with: a
                                minimum, supported); ``toolchain go1.22.1``
                                (deployed)
``global.json``                 ``sdk.version``                                     deployed
==============================  ==================================================  =========

Nothing is executed or evaluated: a ``python_requires`` built from a variable, a Gemfile
``ruby`` read from a file, or a version only set in CI configuration, a deployment manifest or
an environment variable is not seen.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Callable, Iterator

from lodestar.errors import ManifestError
from lodestar.safeparse import load_json as safe_json
from lodestar.safeparse import load_toml as safe_toml
from lodestar.scan.runtimes_versions import (
    SUPPORTED,
    TOOLS,
    Declared,
    Source,
    Warn,
    java_declared,
    node_version,
    ruby_declared,
    text_lines,
)

__all__ = ["FILE_READERS", "Reader", "read_gemspec", "read_mise", "read_rust_toolchain"]

Reader = Callable[[Source, Warn], list[Declared]]

_RUNTIME_TXT = re.compile(r"python-(\d\S*)")
_PYTHON = re.compile(r"(?:cpython-|python-?)?(\d[\w.+-]*)", re.IGNORECASE)
_GO = re.compile(r"go\s+(\S+)")
_TOOLCHAIN = re.compile(r"toolchain\s+go(\d\S*)")
_PYTHON_REQUIRES = re.compile(r"python_requires\s*=\s*(['\"])([^'\"\n]*)\1")
_PYTHON_REQUIRES_LINE = re.compile(r"^[ \t]*python_requires[ \t]*[=:]", re.MULTILINE)
_GEMFILE_RUBY = re.compile(r"ruby\s*+(?:\(\s*+)?(?=['\"])")  # blanks taken whole
_QUOTED = re.compile(r"\s*(['\"])([^'\"]*)\1\s*,?")
_GEMSPEC_RUBY = re.compile(r"\.required_ruby_version\s*=\s*(?:Gem::Requirement\.new\s*\(\s*)?\[?")
_BARE_VERSION = re.compile(r"[vV]?\d{1,9}(?:\.\d{1,9}){0,5}")
_LEADING_VERSION = re.compile(r"\d{1,9}(?:\.\d{1,9}){0,5}")


# ---- shared helpers


def load_toml(text: str, warn: Warn) -> dict[str, object] | None:
    """The parsed document, or None with a warning."""
    try:
        return safe_toml("", text)
    except ManifestError as exc:
        warn(_at_line(exc))
    return None


def load_json(text: str, warn: Warn) -> object | None:
    """The parsed document, or None with a warning."""
    try:
        doc: object = safe_json("", text)
    except ManifestError as exc:
        warn(_at_line(exc))
        return None
    return doc


def shared_toml(source: Source, warn: Warn) -> dict[str, object] | None:
    """:func:`load_toml` of the file, parsed once per scan: the scan's document if it holds one."""
    shared = source.documents.toml(source.path, source.data) if source.documents else None
    return load_toml(source.text, warn) if shared is None else shared


def shared_json(source: Source, warn: Warn) -> object | None:
    """:func:`load_json` of the file, parsed once per scan: the scan's document if it holds one."""
    shared = source.documents.json(source.path, source.data) if source.documents else None
    return load_json(source.text, warn) if shared is None else shared


def _at_line(exc: ManifestError) -> str:
    return f"{exc.reason} (line {exc.line})" if exc.line is not None else exc.reason


def get(doc: object, *keys: str) -> object:
    """``doc[k1][k2]…`` through nested dicts; None when a step is missing or not a table."""
    for key in keys:
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def toml_key_line(text: str, table: str, key: str) -> int | None:
    """The line of ``key = …`` inside ``[table]``, found in the text."""
    current = ""
    wanted = re.compile(rf"""^["']?{re.escape(key)}["']?\s*=""")
    for number, line in text_lines(text, lambda _: None):
        if line.startswith("["):
            current = re.sub(r"\s|\"|'", "", line.lstrip("[").split("]", 1)[0])
        elif current == table and wanted.match(line):
            return number
    return None


def json_key_line(text: str, *keys: str) -> int | None:
    """The line of the last of ``keys``, each searched for after the one before it."""
    position = -1
    for key in keys:
        position = text.find(f'"{key}"', position + 1)
        if position < 0:
            return None
    return text.count("\n", 0, position) + 1


def _first_token(source: Source, warn: Warn) -> tuple[int, str] | None:
    for number, line in text_lines(source.text, warn):
        if line and not line.startswith("#"):
            return number, line.split()[0]
    return None


def tool_declared(tool: str, version: str, declared: str, line: int | None) -> Declared | None:
    """A version-manager entry (asdf, mise, SDKMAN!) as a declaration, when the tool is known."""
    name = tool.lower()
    if name == "java":
        java = java_declared(version)
        return Declared(java[0], java[1], declared, line) if java else None
    if name == "ruby":
        ruby = ruby_declared(version)
        return Declared(ruby[0], ruby[1], declared, line) if ruby else None
    if name in {"nodejs", "node"}:
        node = node_version(version)
        return Declared("nodejs", node, declared, line) if node else None
    if name == "python":
        python = _PYTHON.fullmatch(version)
        return Declared("python", python.group(1), declared, line) if python else None
    product = TOOLS.get(name)
    return Declared(product, version, declared, line) if product else None


# ---- version-manager files


def read_python_version(source: Source, warn: Warn) -> list[Declared]:
    out: list[Declared] = []
    for number, line in text_lines(source.text, warn):
        if line and not line.startswith("#"):
            found = tool_declared("python", line.split()[0], line.split()[0], number)
            if found:
                out.append(found)
    return out


def read_runtime_txt(source: Source, warn: Warn) -> list[Declared]:
    for number, line in text_lines(source.text, warn):
        found = _RUNTIME_TXT.fullmatch(line)
        if found:
            return [Declared("python", found.group(1), line, number)]
    return []


def _single(tool: str) -> Reader:
    def read(source: Source, warn: Warn) -> list[Declared]:
        first = _first_token(source, warn)
        if first is None:
            return []
        found = tool_declared(tool, first[1], first[1], first[0])
        return [found] if found else []

    return read


def read_tool_versions(source: Source, warn: Warn) -> list[Declared]:
    out: list[Declared] = []
    for number, line in text_lines(source.text, warn):
        tokens = line.split("#", 1)[0].split()
        for version in tokens[1:]:
            found = tool_declared(tokens[0], version, f"{tokens[0]} {version}", number)
            if found:
                out.append(found)
    return out


def _mise_versions(value: object) -> Iterator[str]:
    items = value if isinstance(value, list) else [value]
    for item in items:
        version = item.get("version") if isinstance(item, dict) else item
        if isinstance(version, str):
            yield version


def read_mise(source: Source, warn: Warn) -> list[Declared]:
    """mise's ``[tools]`` table; a backend prefix (``core:``, ``aqua:hashicorp/``) is dropped."""
    tools = get(load_toml(source.text, warn), "tools")
    if not isinstance(tools, dict):
        return []
    out: list[Declared] = []
    for key, value in tools.items():
        tool = key.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        line = toml_key_line(source.text, "tools", key)
        for version in _mise_versions(value):
            found = tool_declared(tool, version, f"{key} {version}", line)
            if found:
                out.append(found)
    return out


def read_sdkmanrc(source: Source, warn: Warn) -> list[Declared]:
    out: list[Declared] = []
    for number, line in text_lines(source.text, warn):
        tool, equals, version = line.partition("=")
        if equals and not tool.startswith("#") and version.strip():
            found = tool_declared(tool.strip(), version.strip(), line, number)
            if found:
                out.append(found)
    return out


def read_rust_toolchain(source: Source, warn: Warn) -> list[Declared]:
    """``rust-toolchain.toml``'s ``[toolchain] channel``, or the legacy file's one line."""
    if source.name.endswith(".toml") or source.text.lstrip().startswith("["):
        channel = get(load_toml(source.text, warn), "toolchain", "channel")
        if not isinstance(channel, str):
            return []
        return [
            Declared("rust", channel, channel, toml_key_line(source.text, "toolchain", "channel"))
        ]
    first = _first_token(source, warn)
    return [Declared("rust", first[1], first[1], first[0])] if first else []


# ---- package metadata


def read_pyproject(source: Source, warn: Warn) -> list[Declared]:
    doc = shared_toml(source, warn)
    out: list[Declared] = []
    requires = get(doc, "project", "requires-python")
    if isinstance(requires, str):
        line = toml_key_line(source.text, "project", "requires-python")
        out.append(Declared("python", requires, requires, line, True, SUPPORTED))
    poetry = get(doc, "tool", "poetry", "dependencies", "python")
    if isinstance(poetry, dict):
        poetry = poetry.get("version")
    if isinstance(poetry, str):
        line = toml_key_line(source.text, "tool.poetry.dependencies", "python")
        out.append(Declared("python", poetry, poetry, line, True, SUPPORTED))
    return out


def read_pipfile(source: Source, warn: Warn) -> list[Declared]:
    doc = shared_toml(source, warn)
    out: list[Declared] = []
    for key in ("python_full_version", "python_version"):
        value = get(doc, "requires", key)
        if isinstance(value, str):
            line = toml_key_line(source.text, "requires", key)
            out.append(Declared("python", value, value, line))
    return out


def read_setup_cfg(source: Source, warn: Warn) -> list[Declared]:
    shared = source.documents.config(source.path, source.data) if source.documents else None
    parser = (
        configparser.ConfigParser(interpolation=None, strict=False) if shared is None else shared
    )
    try:
        if shared is None:  # else parsed already in this scan
            parser.read_string(source.text)
    except configparser.Error as exc:
        warn(f"invalid setup.cfg: {str(exc).splitlines()[0][:200]}")
        return []
    value = parser.get("options", "python_requires", fallback=None)
    if not value or not value.strip():
        return []
    found = _PYTHON_REQUIRES_LINE.search(source.text)
    line = source.text.count("\n", 0, found.start()) + 1 if found else None
    return [Declared("python", value.strip(), value.strip(), line, True, SUPPORTED)]


def read_setup_py(source: Source, warn: Warn) -> list[Declared]:
    for number, line in text_lines(source.text, warn):
        found = _PYTHON_REQUIRES.search(line)
        if found:
            return [Declared("python", found.group(2), found.group(2), number, True, SUPPORTED)]
    return []


def read_package_json(source: Source, warn: Warn) -> list[Declared]:
    doc = shared_json(source, warn)
    out: list[Declared] = []
    engine = get(doc, "engines", "node")
    if isinstance(engine, str):
        line = json_key_line(source.text, "engines", "node")
        out.append(Declared("nodejs", engine, engine, line, True, SUPPORTED))
    volta = get(doc, "volta", "node")
    if isinstance(volta, str):
        out.append(Declared("nodejs", volta, volta, json_key_line(source.text, "volta", "node")))
    return out


def read_composer_json(source: Source, warn: Warn) -> list[Declared]:
    doc = shared_json(source, warn)
    out: list[Declared] = []
    required = get(doc, "require", "php")
    if isinstance(required, str):
        line = json_key_line(source.text, "require", "php")
        out.append(Declared("php", required, required, line, True, SUPPORTED))
    platform = get(doc, "config", "platform", "php")
    if isinstance(platform, str):
        line = json_key_line(source.text, "config", "platform", "php")
        out.append(Declared("php", platform, platform, line))
    return out


def _quoted_requirements(rest: str) -> list[str]:
    """The quoted strings at the start of ``rest`` (``"~> 3.2", "< 3.4"``), up to the first
    thing that is not one (a keyword argument, a closing bracket)."""
    requirements = []
    while (quoted := _QUOTED.match(rest)) is not None:
        requirements.append(quoted.group(2))
        rest = rest[quoted.end() :]
    return requirements


def _ruby_requirement(text: str, number: int) -> Declared:
    """A Ruby requirement: exact (``"3.2.2"``, what the app runs on) or a range it supports."""
    if _BARE_VERSION.fullmatch(text):
        return Declared("ruby", text, text, number)
    return Declared("ruby", text, text, number, True, SUPPORTED)


def read_gemfile(source: Source, warn: Warn) -> list[Declared]:
    """The ``ruby`` directive's requirement strings, up to its first keyword argument."""
    for number, line in text_lines(source.text, warn):
        found = _GEMFILE_RUBY.match(line)
        if found is None:
            continue
        requirements = _quoted_requirements(line[found.end() :])
        if requirements:
            return [_ruby_requirement(", ".join(requirements), number)]
    return []


def read_gemspec(source: Source, warn: Warn) -> list[Declared]:
    """``required_ruby_version = ">= 2.7.8"`` (also ``[…]`` and ``Gem::Requirement.new(…)``):
    the Rubies a gem supports."""
    for number, line in text_lines(source.text, warn):
        found = _GEMSPEC_RUBY.search(line)
        if found is None:
            continue
        requirements = _quoted_requirements(line[found.end() :])
        if requirements:
            text = ", ".join(requirements)
            return [Declared("ruby", text, text, number, True, SUPPORTED)]
    return []


def read_cargo_toml(source: Source, warn: Warn) -> list[Declared]:
    """``rust-version`` of ``[package]`` or ``[workspace.package]``: the oldest Rust (MSRV) the
    crate builds with, so a minimum (``1.72`` admits 1.72 and later)."""
    doc = shared_toml(source, warn)
    for table in ("package", "workspace.package"):
        value = get(doc, *table.split("."), "rust-version")
        if isinstance(value, str) and _BARE_VERSION.fullmatch(value.strip()):
            line = toml_key_line(source.text, table, "rust-version")
            return [Declared("rust", f">={value.strip()}", value, line, True, SUPPORTED)]
    return []


def read_go_mod(source: Source, warn: Warn) -> list[Declared]:
    """``go 1.21`` is the oldest Go the module builds with (a minimum since Go 1.21);
    ``toolchain go1.22.1`` the toolchain its builds use."""
    out: list[Declared] = []
    for number, line in text_lines(source.text, warn):
        code = line.split("//", 1)[0].strip()
        if (found := _TOOLCHAIN.fullmatch(code)) is not None:
            out.append(Declared("go", found.group(1), code, number))
        elif (found := _GO.fullmatch(code)) is not None:
            version = _LEADING_VERSION.match(found.group(1))  # 1.21rc1 is a 1.21
            if version is not None:
                minimum = f">={version.group(0)}"
                out.append(Declared("go", minimum, code, number, True, SUPPORTED))
    return out


def read_global_json(source: Source, warn: Warn) -> list[Declared]:
    version = get(load_json(source.text, warn), "sdk", "version")
    if not isinstance(version, str):
        return []
    return [Declared("dotnet", version, version, json_key_line(source.text, "sdk", "version"))]


FILE_READERS: dict[str, Reader] = {
    ".python-version": read_python_version,
    "runtime.txt": read_runtime_txt,
    ".nvmrc": _single("nodejs"),
    ".node-version": _single("nodejs"),
    ".ruby-version": _single("ruby"),
    ".java-version": _single("java"),
    ".go-version": _single("go"),
    ".terraform-version": _single("terraform"),
    ".php-version": _single("php"),
    ".tool-versions": read_tool_versions,
    "mise.toml": read_mise,
    ".mise.toml": read_mise,
    ".sdkmanrc": read_sdkmanrc,
    "rust-toolchain": read_rust_toolchain,
    "rust-toolchain.toml": read_rust_toolchain,
    "pyproject.toml": read_pyproject,
    "Pipfile": read_pipfile,
    "setup.cfg": read_setup_cfg,
    "setup.py": read_setup_py,
    "package.json": read_package_json,
    "composer.json": read_composer_json,
    "Gemfile": read_gemfile,
    "gems.rb": read_gemfile,
    "go.mod": read_go_mod,
    "go.work": read_go_mod,
    "Cargo.toml": read_cargo_toml,
    "global.json": read_global_json,
}
