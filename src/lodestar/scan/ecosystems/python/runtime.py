"""Python versions a Python project's own files declare, for the EOL checks
(:mod:`lodestar.scan.runtimes`): ``.python-version`` (pyenv; every line, deployed),
``runtime.txt`` (Heroku's ``python-3.11.4``, deployed), ``pyproject.toml`` (``[project]
requires-python``, Poetry's ``[tool.poetry.dependencies] python``: supported), ``Pipfile``
(``[requires] python_version``, ``python_full_version``: deployed), ``setup.cfg`` and
``setup.py`` (``python_requires`` as a literal string: supported)."""

from __future__ import annotations

import configparser
import re

from lodestar.scan.runtimes_files import get, shared_toml, toml_key_line, tool_declared
from lodestar.scan.runtimes_versions import SUPPORTED, Declared, Source, Warn, text_lines

_RUNTIME_TXT = re.compile(r"python-(\d\S*)")
_PYTHON_REQUIRES = re.compile(r"python_requires\s*=\s*(['\"])([^'\"\n]*)\1")
_PYTHON_REQUIRES_LINE = re.compile(r"^[ \t]*python_requires[ \t]*[=:]", re.MULTILINE)


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
