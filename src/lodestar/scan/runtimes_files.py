"""Runtime versions declared in tool-agnostic version-manager files, and the readers' helpers.

Each reader takes one :class:`~lodestar.scan.runtimes_versions.Source` and gives the
:class:`~lodestar.scan.runtimes_versions.Declared` versions it names, with the line they are on
(found by a text search for the key, since the JSON and TOML parsers give no positions), and
what each states (its intent): the version that runs (*deployed*, an exact version) or a range
a library or build supports (*supported*, judged by every version it admits).

The files an ecosystem family owns are read by that family (its ``RUNTIME_FILES`` table, e.g.
:mod:`lodestar.scan.ecosystems.python.runtime` for ``pyproject.toml``, ``Pipfile``,
``setup.cfg``, ``.python-version``); the helpers they share are here. What stays here are the
files no family owns, the version managers of every language:

==============================  ==================================================  =========
file                            read                                                intent
==============================  ==================================================  =========
``.java-version`` (jenv)        ``17``, ``1.8``, ``temurin64-17.0.8``                deployed
``.tool-versions`` (asdf)       every ``tool version…`` line, every version listed  deployed
``mise.toml`` and kin           ``[tools]``: strings, lists, ``{version = …}``       deployed
``.sdkmanrc``                   ``java=17.0.8-tem``, ``maven=…``, ``gradle=…``       deployed
==============================  ==================================================  =========

Nothing is executed or evaluated: a ``python_requires`` built from a variable, a Gemfile
``ruby`` read from a file, or a version only set in CI configuration, a deployment manifest or
an environment variable is not seen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lodestar.errors import ManifestError
from lodestar.safeparse import load_json as safe_json
from lodestar.safeparse import load_toml as safe_toml
from lodestar.scan.runtimes_versions import (
    TOOLS,
    Declared,
    Source,
    Warn,
    java_declared,
    node_version,
    ruby_declared,
    text_lines,
)

__all__ = [
    "BARE_VERSION",
    "FILE_READERS",
    "Reader",
    "first_token",
    "get",
    "json_key_line",
    "load_json",
    "load_toml",
    "read_mise",
    "shared_json",
    "shared_toml",
    "single_version",
    "toml_key_line",
    "tool_declared",
]

Reader = Callable[[Source, Warn], list[Declared]]

_PYTHON = re.compile(r"(?:cpython-|python-?)?(\d[\w.+-]*)", re.IGNORECASE)
BARE_VERSION = re.compile(r"[vV]?\d{1,9}(?:\.\d{1,9}){0,5}")


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


def first_token(source: Source, warn: Warn) -> tuple[int, str] | None:
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


def single_version(tool: str) -> Reader:
    def read(source: Source, warn: Warn) -> list[Declared]:
        first = first_token(source, warn)
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


# ---- package metadata


FILE_READERS: dict[str, Reader] = {
    ".java-version": single_version("java"),
    ".tool-versions": read_tool_versions,
    "mise.toml": read_mise,
    ".mise.toml": read_mise,
    ".sdkmanrc": read_sdkmanrc,
}
