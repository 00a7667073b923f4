"""OSV records (https://ossf.github.io/osv-schema/) read as :mod:`lodestar.records.vulns` values.

Advisories are hostile input, like any repository file: :func:`read_advisory` refuses a record
with a positioned :class:`~lodestar.errors.ManifestError` (path, line, column of the offending
value, and its JSON path in the message) when it breaks the schema or a budget:

* bytes — a record larger than :data:`MAX_RECORD_BYTES` (real ones are a few KiB; the largest,
  with thousands of listed versions, a few hundred) is refused before it is parsed;
* counts — ``affected`` entries, ``ranges`` per entry, ``events`` per range, ``versions`` per
  entry, aliases, references, severities: each under its cap (:data:`LIMITS`);
* depth — only the schema's fields are walked, each at its fixed depth; the free-form
  ``database_specific``/``ecosystem_specific`` objects are never read (GitHub's
  ``database_specific.severity`` string aside), and nesting deeper than the interpreter
  recurses is refused by :func:`~lodestar.safeparse.json.load_json`;
* syntax — ids (``GHSA-…``, ``CVE-…``, ``PYSEC-…``), RFC 3339 timestamps with an offset, range
  types (``ECOSYSTEM``, ``SEMVER``, ``GIT`` with its ``repo``), event kinds (``introduced``,
  ``fixed``, ``last_affected``, ``limit``; one per event), and string lengths.

Only packages of the ecosystems the scanner reads are kept (:func:`osv_package` gives their
package key, equal to :func:`~lodestar.safeparse.purls.package_key` of the purls the scanner
writes); an entry of another ecosystem (``Debian:12``, ``Alpine:v3.18``, ``OSS-Fuzz``) is
skipped unread, so a record that names none comes back with ``affected == ()`` and the importer
counts it as skipped. :func:`read_advisories` reads a file holding one record or a JSON list of
them, and :func:`advisory_ecosystems` names the ecosystems a record lists (for the counts of
refused and skipped records).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from lodestar.errors import ManifestError
from lodestar.records.vulns import (
    Advisory,
    AffectedPackage,
    AffectedRange,
    RangeEvent,
    SeverityVector,
)
from lodestar.safeparse.json import array_starts, json_offset, load_json, load_json_object
from lodestar.safeparse.purls import package_key, purl_for, split_name
from lodestar.safeparse.text import decode_text

__all__ = [
    "ECOSYSTEMS",
    "LIMITS",
    "MAX_RECORD_BYTES",
    "advisory_ecosystems",
    "osv_package",
    "read_advisories",
    "read_advisory",
]

MAX_RECORD_BYTES = 2 << 20

# OSV's ecosystem name → the purl type the scanner writes for it.
ECOSYSTEMS: dict[str, str] = {
    "PyPI": "pypi",
    "npm": "npm",
    "Maven": "maven",
    "Go": "golang",
    "crates.io": "cargo",
    "RubyGems": "gem",
    "Packagist": "composer",
    "NuGet": "nuget",
    "Pub": "pub",
    "Hex": "hex",
    "GitHub Actions": "github",
}

# Caps on the lists of one record (and on the lengths of its strings).
LIMITS: dict[str, int] = {
    "affected": 2_000,
    "ranges": 200,
    "events": 2_000,
    "versions": 20_000,
    "aliases": 1_000,
    "related": 1_000,
    "references": 2_000,
    "severity": 32,
    "id_chars": 128,
    "name_chars": 512,
    "version_chars": 256,
    "summary_chars": 16_384,
    "url_chars": 4_096,
    "vector_chars": 512,
}

_PLAIN = re.compile(r"[A-Za-z0-9._-]+")  # a purl segment percent-encoding leaves alone
_NOT_PUB = re.compile(r"[^a-z0-9]")
_LOWER_NAMES = frozenset({"github", "pypi", "composer", "npm", "hex", "pub"})  # as packageurl
_LOWER_NAMESPACES = frozenset({"github", "pypi", "composer", "hex"})
_RANGE_TYPES = frozenset({"ECOSYSTEM", "SEMVER", "GIT"})
_EVENT_KINDS = frozenset({"introduced", "fixed", "last_affected", "limit"})
_SEVERITY_TYPES = frozenset({"CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu"})
# "GHSA-x84v-xcm2-53pg", "PYSEC-2018-28", "RHSA-2021:1234": a prefix without "-", then the rest
_ID = re.compile(r"[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9._:\-]+")
# RFC 3339 with an offset; fractions of any length (datetime keeps microseconds)
_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})"
)

_Where = tuple[str | int, ...]


class _Text:
    """A file's text, decoded when a refusal first needs a position, and where the elements
    of its top-level list begin (found once, so that positioning many refusals stays linear)."""

    __slots__ = ("_line", "_starts", "_text", "data", "path")

    def __init__(self, data: bytes | str, path: str) -> None:
        self.data, self.path = data, path
        self._text: str | None = None
        self._starts: list[int] | None = None
        # an offset, its line and where that line begins: refusals come in order, counted on
        self._line = (0, 1, 0)

    @property
    def text(self) -> str:
        if self._text is None:
            data = self.data
            self._text = data if isinstance(data, str) else decode_text(self.path, data)
        return self._text

    def start(self, index: int | None) -> int:
        if index is None:
            return 0
        if self._starts is None:
            self._starts = array_starts(self.text)
        return self._starts[index] if index < len(self._starts) else 0

    def position(self, at: int) -> tuple[int, int]:
        """(line, column) of offset ``at``, counting lines on from the last one asked for."""
        text = self.text
        offset, line, begins = self._line if self._line[0] <= at else (0, 1, 0)
        line += text.count("\n", offset, at)
        newline = text.rfind("\n", offset, at)  # only back to the last position: linear
        begins = newline + 1 if newline >= 0 else begins
        self._line = (at, line, begins)
        return line, at - begins + 1


class _Reader:
    """One record being read: where it came from, for positioned refusals."""

    __slots__ = ("index", "path", "source")

    def __init__(self, source: _Text, index: int | None = None) -> None:
        self.source, self.path, self.index = source, source.path, index

    def refuse(self, where: _Where, what: str) -> ManifestError:
        at = json_offset(self.source.text, where, start=self.source.start(self.index))
        line, column = self.source.position(at)
        shown = ".".join(str(w) if isinstance(w, str) else f"[{w}]" for w in where)
        shown = shown.replace(".[", "[")
        return ManifestError(
            f"{shown or 'record'}: {what}", path=self.path, line=line, column=column
        )

    def items(self, value: object, where: _Where, limit: str) -> list[Any]:
        """A list (absent: empty) under its cap."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.refuse(where, f"expected a list, got {_kind(value)}")
        if len(value) > LIMITS[limit]:
            raise self.refuse(where, f"{len(value):,} entries, more than {LIMITS[limit]:,}")
        return value

    def text(self, value: object, where: _Where, limit: str | None = None) -> str:
        if not isinstance(value, str):
            raise self.refuse(where, f"expected a string, got {_kind(value)}")
        if limit is not None and len(value) > LIMITS[limit]:
            raise self.refuse(where, f"longer than {LIMITS[limit]:,} characters")
        return value

    def optional_text(self, doc: dict[str, Any], key: str, limit: str | None = None) -> str:
        value = doc.get(key)
        return "" if value is None else self.text(value, (key,), limit)

    def ident(self, value: object, where: _Where) -> str:
        text = self.text(value, where, "id_chars")
        if not _ID.fullmatch(text):
            raise self.refuse(where, f"not an advisory id: {text!r} (expected PREFIX-ID)")
        return text

    def timestamp(self, value: object, where: _Where) -> dt.datetime:
        text = self.text(value, where, "id_chars")
        match = _RFC3339.fullmatch(text)
        if match is None:
            raise self.refuse(where, f"not an RFC 3339 time: {text!r}")
        day, clock, fraction, offset = match.groups()
        micro = f".{(fraction or '0')[:6]:0<6}"
        zone = "+00:00" if offset in {"Z", "z"} else offset
        try:
            return dt.datetime.fromisoformat(f"{day}T{clock}{micro}{zone}").astimezone(dt.UTC)
        except ValueError as exc:
            raise self.refuse(where, f"not a valid time: {text!r} ({exc})") from None


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def read_advisory(data: bytes, path: str) -> Advisory:
    """The OSV record ``data`` holds (one JSON object); ManifestError, positioned, if refused."""
    doc = load_json_object(path, data, max_bytes=MAX_RECORD_BYTES)
    return _advisory(_Reader(_Text(data, path)), doc, path)


def read_advisories(
    data: bytes, path: str, *, max_bytes: int = MAX_RECORD_BYTES
) -> tuple[list[Advisory], list[ManifestError]]:
    """The records of a file holding one OSV object or a JSON list of them, and the refusal
    of each bad one (positioned in the file; the others are read). A file that is not JSON, or
    is neither an object nor a list, is refused whole (ManifestError)."""
    doc = load_json(path, data, max_bytes=max_bytes)
    source = _Text(data, path)
    if isinstance(doc, dict):
        return [_advisory(_Reader(source), doc, path)], []
    if not isinstance(doc, list):
        raise ManifestError("expected an OSV record or a list of them", path=path, line=1, column=1)
    found: list[Advisory] = []
    refused: list[ManifestError] = []
    for index, item in enumerate(doc):
        reader = _Reader(source, index)
        try:
            if not isinstance(item, dict):
                raise reader.refuse((), f"expected an OSV record (an object), got {_kind(item)}")
            found.append(_advisory(reader, item, path))
        except ManifestError as exc:
            refused.append(exc)
    return found, refused


def advisory_ecosystems(data: bytes) -> tuple[str, ...]:
    """The ecosystems (without ``:suffix``) a record's ``affected`` entries name, best effort:
    () when it is not a readable record."""
    try:
        doc = load_json_object("", data, max_bytes=MAX_RECORD_BYTES)
    except ManifestError:
        return ()
    found: dict[str, None] = {}
    affected = doc.get("affected")
    for entry in affected[: LIMITS["affected"]] if isinstance(affected, list) else ():
        package = entry.get("package") if isinstance(entry, dict) else None
        ecosystem = package.get("ecosystem") if isinstance(package, dict) else None
        if isinstance(ecosystem, str) and ecosystem:
            found[ecosystem.split(":", 1)[0][:64]] = None
    return tuple(found)


@functools.lru_cache(maxsize=65536)
def osv_package(ecosystem: str, name: str) -> str | None:
    """The package key (purl without version) of an OSV package, as the scanner writes it; None
    for an ecosystem it does not read (and ``Debian:12``-style suffixed ones) or a name that
    makes no purl (a Maven name without ``group:``)."""
    kind = ECOSYSTEMS.get(ecosystem)
    if kind is None or not name or len(name) > LIMITS["name_chars"]:
        return None
    if kind == "maven" and ":" not in name:
        return None
    fast = _plain_key(kind, name)
    if fast is not None:
        return fast
    try:
        return package_key(purl_for(kind, name))
    except ValueError:
        return None


def _plain_key(kind: str, name: str) -> str | None:
    """:func:`package_key` of :func:`purl_for` without packageurl, for a name whose parts need
    no percent-encoding (nearly all; ten times faster, and a test holds it equal)."""
    namespace, short = split_name(kind, name)
    if kind in _LOWER_NAMES:
        short = short.lower()
    scope = ""
    if namespace is not None:
        if kind in _LOWER_NAMESPACES:
            namespace = namespace.lower()
        if kind == "npm" and namespace.startswith("@"):
            scope, namespace = "%40", namespace[1:]
    parts = [*(namespace.split("/") if namespace is not None else ()), short]
    if not all(_PLAIN.fullmatch(part) for part in parts):
        return None
    if kind == "pub":  # packageurl: every character but [a-z0-9] becomes "_"
        parts[-1] = _NOT_PUB.sub("_", parts[-1])
    return f"pkg:{kind}/{scope}" + "/".join(parts)


def _advisory(reader: _Reader, doc: dict[str, Any], path: str) -> Advisory:
    ident = reader.ident(doc.get("id"), ("id",))
    if "modified" not in doc:
        raise reader.refuse((), "no 'modified' time (OSV requires it)")
    severity = _severities(reader, doc.get("severity"), ("severity",))
    affected: list[AffectedPackage] = []
    for index, entry in enumerate(reader.items(doc.get("affected"), ("affected",), "affected")):
        package = _affected(reader, entry, ("affected", index))
        if package is not None:
            affected.append(package[0])
            severity.extend(v for v in package[1] if v not in severity)
    return Advisory(
        id=ident,
        modified=reader.timestamp(doc["modified"], ("modified",)),
        published=_optional_time(reader, doc, "published"),
        withdrawn=_optional_time(reader, doc, "withdrawn"),
        aliases=_ids(reader, doc, "aliases"),
        related=_ids(reader, doc, "related"),
        summary=reader.optional_text(doc, "summary", "summary_chars"),
        details=reader.optional_text(doc, "details"),
        severity=tuple(severity),
        affected=tuple(affected),
        references=_references(reader, doc.get("references")),
        database_severity=_database_severity(reader, doc.get("database_specific")),
        source=path,
    )


def _optional_time(reader: _Reader, doc: dict[str, Any], key: str) -> dt.datetime | None:
    value = doc.get(key)
    return None if value is None else reader.timestamp(value, (key,))


def _ids(reader: _Reader, doc: dict[str, Any], key: str) -> tuple[str, ...]:
    items = reader.items(doc.get(key), (key,), key)
    return tuple(dict.fromkeys(reader.ident(v, (key, i)) for i, v in enumerate(items)))


def _severities(reader: _Reader, value: object, where: _Where) -> list[SeverityVector]:
    found: list[SeverityVector] = []
    for index, item in enumerate(reader.items(value, where, "severity")):
        at = (*where, index)
        if not isinstance(item, dict):
            raise reader.refuse(at, f"expected an object, got {_kind(item)}")
        kind = reader.text(item.get("type"), (*at, "type"), "id_chars")
        score = reader.text(item.get("score"), (*at, "score"), "vector_chars")
        if kind in _SEVERITY_TYPES:  # a type from a newer schema is left out, not refused
            found.append(SeverityVector(kind, score))
    return found


def _references(reader: _Reader, value: object) -> tuple[str, ...]:
    urls: list[str] = []
    for index, item in enumerate(reader.items(value, ("references",), "references")):
        at: _Where = ("references", index)
        if not isinstance(item, dict):
            raise reader.refuse(at, f"expected an object, got {_kind(item)}")
        urls.append(reader.text(item.get("url"), (*at, "url"), "url_chars"))
    return tuple(dict.fromkeys(urls))


def _database_severity(reader: _Reader, value: object) -> str | None:
    """GitHub's ``database_specific.severity`` (``LOW`` … ``CRITICAL``), when a string."""
    if not isinstance(value, dict):
        return None
    severity = value.get("severity")
    if not isinstance(severity, str) or not severity:
        return None
    if len(severity) > 32:  # the column's width
        raise reader.refuse(("database_specific", "severity"), "longer than 32 characters")
    return severity.upper()


def _affected(
    reader: _Reader, entry: object, where: _Where
) -> tuple[AffectedPackage, list[SeverityVector]] | None:
    """One ``affected[]`` entry of a known ecosystem; None for any other (skipped unread)."""
    if not isinstance(entry, dict):
        raise reader.refuse(where, f"expected an object, got {_kind(entry)}")
    package = entry.get("package")
    if package is None:
        return None  # a GIT-only entry (OSS-Fuzz): no package to match
    if not isinstance(package, dict):
        raise reader.refuse((*where, "package"), f"expected an object, got {_kind(package)}")
    ecosystem = reader.text(package.get("ecosystem"), (*where, "package", "ecosystem"), "id_chars")
    if ecosystem not in ECOSYSTEMS:
        return None
    name = reader.text(package.get("name"), (*where, "package", "name"), "name_chars")
    key = osv_package(ecosystem, name)
    if key is None:
        raise reader.refuse((*where, "package", "name"), f"not a {ecosystem} package: {name!r}")
    ranges = tuple(
        _range(reader, item, (*where, "ranges", index))
        for index, item in enumerate(
            reader.items(entry.get("ranges"), (*where, "ranges"), "ranges")
        )
    )
    versions = reader.items(entry.get("versions"), (*where, "versions"), "versions")
    cap = LIMITS["version_chars"]
    if all(type(v) is str and len(v) <= cap for v in versions):  # the common case, at C speed
        listed = tuple(versions)
    else:
        listed = tuple(
            reader.text(v, (*where, "versions", i), "version_chars") for i, v in enumerate(versions)
        )
    severity = _severities(reader, entry.get("severity"), (*where, "severity"))
    return AffectedPackage(ecosystem, name, key, ranges, listed), severity


def _range(reader: _Reader, item: object, where: _Where) -> AffectedRange:
    if not isinstance(item, dict):
        raise reader.refuse(where, f"expected an object, got {_kind(item)}")
    kind = reader.text(item.get("type"), (*where, "type"), "id_chars")
    if kind not in _RANGE_TYPES:
        raise reader.refuse(
            (*where, "type"), f"unknown range type {kind!r} (ECOSYSTEM, SEMVER, GIT)"
        )
    repo = item.get("repo")
    if repo is not None:
        repo = reader.text(repo, (*where, "repo"), "url_chars")
    elif kind == "GIT":
        raise reader.refuse(where, "a GIT range needs its 'repo'")
    raw = reader.items(item.get("events"), (*where, "events"), "events")
    if not raw:
        raise reader.refuse((*where, "events"), "a range needs at least one event")
    events = tuple(_event(reader, e, (*where, "events", i)) for i, e in enumerate(raw))
    return AffectedRange(kind, events, repo)


def _event(reader: _Reader, event: object, where: _Where) -> RangeEvent:
    if not isinstance(event, dict) or len(event) != 1:
        raise reader.refuse(
            where, "an event is one of {'introduced' | 'fixed' | 'last_affected' | 'limit': V}"
        )
    ((kind, version),) = event.items()
    if kind not in _EVENT_KINDS:
        raise reader.refuse(
            where, f"unknown event {kind!r} (introduced, fixed, last_affected, limit)"
        )
    text = reader.text(version, (*where, kind), "version_chars")
    if not text:
        raise reader.refuse((*where, kind), "an empty version")
    return RangeEvent(kind, text)
