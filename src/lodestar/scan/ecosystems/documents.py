"""Each metadata file parsed once per scan: the parsed documents the three readers share.

A ``pom.xml``, ``pyproject.toml``, ``setup.cfg``, ``package.json``, ``composer.json`` or
``Cargo.toml`` is asked three questions in one scan: its dependencies (the family's parser), its
package's own licence (the family's ``LICENCE_FILES`` reader) and its declared runtime
(:mod:`lodestar.scan.runtimes`); a ``Pipfile`` the first and the last.
A :class:`Documents` record, made once per scan (and per snapshot) and carried by the
:class:`~lodestar.scan.ecosystems.registry.ManifestContext` and handed to the licence and runtime
readers, parses each file the first time one of them asks and gives the others the same
document.

What a document is does not depend on who asks: the JSON or TOML (through
:mod:`lodestar.safeparse`) or the INI (``setup.cfg``) of the file's UTF-8 text (a BOM dropped),
the XML tree of its bytes (:func:`lodestar.safeparse.load_xml_lines`, with the line each element
starts on). Each reader
keeps its own checks and its own words for a file it cannot read: when the shared parse fails,
or the bytes are not UTF-8, :class:`Documents` says None and the reader falls back to its own
loader, whose error (path, line, wording) is the one it always gave — so a broken file is still
parsed once per reader, and a good one once in all. Documents are shared, never copied:
readers must not change them.
"""

from __future__ import annotations

import configparser
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lodestar.errors import ManifestError
from lodestar.safeparse import XmlTree, load_json, load_toml, load_xml_lines

__all__ = ["Documents"]

_FAILED = object()  # the shared parse of this file failed: each reader uses its own loader
# the toolkit's refusals, and what a decoder may still raise (UnicodeDecodeError is a ValueError)
_ERRORS = (ManifestError, ValueError, RecursionError)


@dataclass(slots=True)
class Documents:
    """The parsed documents of one scan's metadata files, by (format, path).

    ``parses`` counts the parses actually run, by format (for tests and figures).
    """

    parsed: dict[tuple[str, str], tuple[bytes, object]] = field(default_factory=dict)
    parses: Counter[str] = field(default_factory=Counter)

    def json(self, path: str, data: bytes) -> object | None:
        """The JSON document of ``data``; None when it is not UTF-8 JSON."""
        return self._get("json", path, data, _json)

    def toml(self, path: str, data: bytes) -> dict[str, object] | None:
        """The TOML document of ``data``; None when it is not UTF-8 TOML."""
        doc = self._get("toml", path, data, _toml)
        return doc if isinstance(doc, dict) else None

    def config(self, path: str, data: bytes) -> configparser.ConfigParser | None:
        """The INI document of ``data`` (setup.cfg: no interpolation, duplicates allowed);
        None when it is not UTF-8 INI."""
        doc = self._get("config", path, data, _config)
        return doc if isinstance(doc, configparser.ConfigParser) else None

    def xml(self, path: str, data: bytes) -> XmlTree | None:
        """The XML tree of ``data``; None when it is malformed or refused."""
        doc = self._get("xml", path, data, _xml)
        return doc if isinstance(doc, XmlTree) else None

    def _get(
        self, kind: str, path: str, data: bytes, parse: Callable[[bytes], object]
    ) -> object | None:
        key = (kind, path)
        held = self.parsed.get(key)
        if held is None or (held[0] is not data and held[0] != data):
            self.parses[kind] += 1
            held = (data, parse(data))
            self.parsed[key] = held
        return None if held[1] is _FAILED else held[1]


def _json(data: bytes) -> object:
    try:
        return load_json("", data.decode("utf-8-sig"))
    except _ERRORS:
        return _FAILED


def _toml(data: bytes) -> object:
    try:
        return load_toml("", data.decode("utf-8-sig"))
    except _ERRORS:
        return _FAILED


def _config(data: bytes) -> object:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(data.decode("utf-8-sig"))
    except (configparser.Error, UnicodeDecodeError):
        return _FAILED
    return parser


def _xml(data: bytes) -> object:
    try:
        return load_xml_lines("", data)
    except ManifestError:
        return _FAILED
