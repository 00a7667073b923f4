"""A repository's licence: licence files, package metadata and SPDX headers, side by side.

Pure functions over paths and bytes; the caller reads the blobs (see :mod:`lodestar.scan.pipeline`).

Evidence and how it is read
---------------------------
**Licence files** (:func:`licence_file_role`). ``LICENSE``/``LICENCE``/``COPYING``/``UNLICENSE``
at the repository root, in any case, with a suffix (``.txt``, ``.md``, ``-MIT``,
``.APACHE``, ``-APACHE-2.0``, ``COPYING.LESSER``), and REUSE's ``LICENSES/<SPDX-id>.txt``. Files
under test fixtures, examples, vendored and third-party trees never count. Licence files of
nested packages (``packages/foo/LICENSE``) are recorded as findings but do not make the
repository's *detected* licence. ``NOTICE`` files are attribution notices, not licences: they are
never matched, and a NOTICE alone is "no licence".

**Text matching** (:func:`match_licence_text`). The text is normalised (see
:func:`lodestar.catalog.licences.licence_words`) and cut into overlapping 3-word shingles. A
shipped licence is a candidate when at least ``THRESHOLD`` (80 %) of its shingles are in the
file; a 48-shingle sample checked first keeps the rest cheap. Among candidates the one with the
best Sørensen-Dice coefficient wins (so BSD-3-Clause beats BSD-2-Clause on a BSD-3 text, whose
shingles contain all of BSD-2's, and MIT beats MIT-0). Its shingles are then taken away and the
search repeats on what is left, so a file that concatenates MIT and Apache-2.0 yields both,
while a close relative of a licence already found (no more than half of its text new) does not.
The confidence reported is the share of the licence's text found in the file.

**-only or -or-later.** A GNU licence's text is the same for both; only a project's notice
("either version 3 of the License, or (at your option) any later version") says which. A file
is read as ``-or-later`` when that sentence occurs more often than the licence's own
how-to-apply appendix (which quotes it once as a template), else ``-only``. When the text alone
decided ``-only`` and the package metadata or the SPDX headers name the ``-or-later`` variant,
the detected licence follows them (a note says so).

**Metadata** (:func:`declared_licences`). package.json, pyproject.toml, setup.cfg, Cargo.toml,
composer.json, ``*.gemspec`` (read with a regular expression, never run) and pom.xml, all read
through :mod:`lodestar.safeparse` (XML with defusedxml: no DTDs, no entities). Free-text names
and trove classifiers are mapped to SPDX ids where they can be, else kept as ``LicenseRef-…``.
Lists of licences (composer, legacy npm ``licenses``, gemspec ``licenses``, Maven
``<licenses>``) are read as a choice: ``OR``. Pointers to a file
(``SEE LICENSE IN …``, ``license = {file = …}``, Cargo's ``license-file``) declare nothing.

**Headers** (:func:`find_spdx_identifiers`). ``SPDX-License-Identifier:`` in the first 30 lines
and 4 KiB of a file, counted per expression by the caller.

How the verdict is built (:func:`summarise`)
--------------------------------------------
* *detected*: the licences matched in the root licence files, joined with ``OR`` — several
  licence files (LICENSE-MIT + LICENSE-APACHE) or several texts in one file are, by convention,
  a choice. LGPL-3.0 next to GPL-3.0 is LGPL-3.0 alone (the LGPL is a set of additional
  permissions on top of the GPL, whose text must ship with it). REUSE ``LICENSES/`` texts are
  joined with ``AND``: REUSE says each file names its own licence, so the repository as a whole
  carries them all. A root licence file no text matches adds ``LicenseRef-unknown``, unless
  it is a short note that only names the licences the other root files hold ("dual-licensed
  under the Unlicense and MIT licenses"): then it is noted as a pointer.
* *declared*: the root package metadata. If several root metadata files disagree they are
  joined with ``AND`` and noted. If there is no root metadata, the most common declaration
  among nested packages (monorepos), with a note.
* *status*: ``NONE`` when there is neither a root licence file nor a declaration (SPDX headers
  alone are noted, not a licence); ``UNKNOWN`` when detected holds ``LicenseRef-unknown``;
  ``MISMATCH`` when declared and detected are both there and not equivalent (license-expression
  equivalence, so "MIT OR Apache-2.0" equals "Apache-2.0 OR MIT"; a vague declaration such as
  "BSD" agrees with any BSD licence); else ``OK``.
"""

from __future__ import annotations

import configparser
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from lodestar.catalog import licences as catalog
from lodestar.errors import ManifestError
from lodestar.records import LicenceFinding, LicenceSource, LicenceStatus, RepoLicence
from lodestar.safeparse import decode_text, load_json_object, load_toml, load_xml

THRESHOLD = 0.80  # share of a licence's shingles that must be in a file for it to match
NEW_TEXT = 0.50  # share of a further licence's shingles not already explained by earlier matches
PREFILTER = 0.50  # share of a licence's sample that must be present before a full comparison
MAX_TEXT = 400_000  # characters of a licence file that are read
HEADER_BYTES = 4096
HEADER_LINES = 30
UNKNOWN = "LicenseRef-unknown"

LicenceRole = Literal["root", "reuse", "notice", "package"]

# --------------------------------------------------------------------------------------------
# Paths

_SKIP_DIRS = frozenset(
    {
        "test", "tests", "__tests__", "spec", "specs", "fixture", "fixtures", "__fixtures__",
        "testdata", "test-data", "test_data", "example", "examples", "sample", "samples",
        "demo", "demos", "vendor", "vendored", "_vendor", "node_modules", "bower_components",
        "third_party", "third-party", "thirdparty", "3rdparty", "external", "externals",
        "extern", "deps", "site-packages", ".venv", "venv", "dist", "build", "target", ".git",
    }
)  # fmt: skip
_LICENCE_NAME = re.compile(r"^(licen[cs]e|copying|unlicen[cs]e|notice)(?:[-._](.{1,40}))?$")
_NOT_LICENCE_EXT = frozenset(
    {
        "py", "js", "mjs", "cjs", "ts", "go", "rs", "java", "kt", "rb", "php", "c", "h", "cc",
        "cpp", "hpp", "cs", "swift", "scala", "pl", "pm", "ex", "exs", "erl", "hs", "ml", "lua",
        "r", "sql", "sh", "json", "yml", "yaml", "toml", "xml", "ini", "cfg", "lock", "css",
        "scss", "png", "jpg", "jpeg", "gif", "svg", "pdf", "ico", "tmpl", "j2", "erb", "in",
    }
)  # fmt: skip
_NOT_LICENCE_QUALIFIER = re.compile(r"header|template|tmpl|check|third|3rd|dependenc|bundled")
_REUSE = re.compile(r"^LICENSES/([A-Za-z0-9.+-]+?)(?:\.txt|\.md)?$")
_METADATA_NAMES = frozenset(
    {"package.json", "pyproject.toml", "setup.cfg", "Cargo.toml", "composer.json", "pom.xml"}
)


def _in_skipped_dir(parts: list[str]) -> bool:
    return any(p.lower() in _SKIP_DIRS for p in parts[:-1])


def licence_file_role(path: str) -> LicenceRole | None:
    """What a path is as licence evidence, or None if it is none.

    ``root``: a licence file at the repository root; ``reuse``: ``LICENSES/<id>.txt``;
    ``notice``: a root NOTICE file; ``package``: a licence file of a nested package (not under
    tests, fixtures, examples, vendored or third-party trees).
    """
    parts = path.strip("/").split("/")
    if _in_skipped_dir(parts):
        return None
    if len(parts) == 2 and _REUSE.match(path.strip("/")):
        return "reuse"
    found = _LICENCE_NAME.match(parts[-1].lower())
    if not found:
        return None
    qualifier = found.group(2) or ""
    if qualifier.rsplit(".", 1)[-1] in _NOT_LICENCE_EXT or _NOT_LICENCE_QUALIFIER.search(qualifier):
        return None
    notice = found.group(1) == "notice"
    if len(parts) == 1:
        return "notice" if notice else "root"
    return None if notice else "package"


def is_licence_file(path: str) -> bool:
    """Whether a path is a root licence file, a root NOTICE or a REUSE ``LICENSES/`` text."""
    return licence_file_role(path) in {"root", "reuse", "notice"}


def is_metadata_file(path: str) -> bool:
    """Whether a path is package metadata that may declare a licence (any depth, not in tests)."""
    parts = path.strip("/").split("/")
    name = parts[-1]
    if name not in _METADATA_NAMES and not (name.endswith(".gemspec") and len(name) > 8):
        return False
    return not _in_skipped_dir(parts)


# --------------------------------------------------------------------------------------------
# Metadata


def declared_licences(path: str, data: bytes) -> list[str]:
    """The SPDX expressions a metadata file declares (normally one; [] when it declares none).

    Raises :class:`ManifestError` (with the line where the parser gives one) for a file that
    cannot be parsed, and nothing else.
    """
    return _declared(path, data)[0]


def _declared(path: str, data: bytes) -> tuple[list[str], list[str]]:
    """Expressions and notes of one metadata file."""
    name = path.rsplit("/", 1)[-1]
    notes: list[str] = []
    try:
        if name == "package.json":
            found = _package_json(load_json_object(path, data), notes, path)
        elif name == "composer.json":
            found = _composer_json(load_json_object(path, data))
        elif name == "pyproject.toml":
            found = _pyproject(load_toml(path, data), notes, path)
        elif name == "Cargo.toml":
            found = _cargo(load_toml(path, data), notes, path)
        elif name == "setup.cfg":
            found = _setup_cfg(path, data, notes)
        elif name == "pom.xml":
            found = _pom(path, data, notes)
        elif name.endswith(".gemspec"):
            found = _gemspec(data, notes, path)
        else:
            return [], []
    except RecursionError as exc:
        raise ManifestError("nested too deeply to read", path=path) from exc
    return ([found] if found else []), notes


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _from_name(name: str, url: str | None = None) -> str | None:
    """An expression for a licence name (and URL) from metadata; a known URL beats a vague name."""
    name = name.strip()
    if len(name) > 200 or "\n" in name:
        return _from_text(name)
    found = catalog.normalise_expression(name) if name else None
    by_url = catalog.spdx_for_url(url) if url else None
    if by_url and (
        found is None or (found.startswith("LicenseRef-") and by_url not in catalog.FAMILIES)
    ):
        return by_url
    return found


def _from_text(text: str) -> str | None:
    """A whole licence text pasted into a metadata field."""
    matches = match_licence_text(text)
    if matches:
        return catalog.join_expressions((spdx for spdx, _ in matches), "OR")
    return UNKNOWN if text.strip() else None


def _see_file(value: str, notes: list[str], path: str) -> bool:
    found = re.match(r"^\s*SEE LICEN[CS]E IN\s+(.+)$", value, re.IGNORECASE)
    if found:
        notes.append(f"{path} points to a licence file ({found.group(1).strip()})")
    return bool(found)


def _package_json(doc: dict[str, Any], notes: list[str], path: str) -> str | None:
    found: list[str] = []
    for value in (doc.get("license"), doc.get("licenses")):
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, str):
                if not _see_file(item, notes, path):
                    found.append(catalog.normalise_expression(item) or "")
            elif isinstance(item, dict):
                kind, url = item.get("type"), item.get("url")
                if isinstance(kind, str):
                    found.append(_from_name(kind, url if isinstance(url, str) else None) or "")
                elif isinstance(url, str):
                    found.append(catalog.spdx_for_url(url) or catalog.licence_ref(url))
    return catalog.join_expressions((f for f in found if f), "OR")


def _composer_json(doc: dict[str, Any]) -> str | None:
    names = _strings(doc.get("license"))
    return catalog.join_expressions(
        (e for e in (catalog.normalise_expression(n) for n in names) if e), "OR"
    )


def _classifiers(values: object) -> str | None:
    found = (catalog.spdx_for_classifier(c) for c in _strings(values))
    return catalog.join_expressions((f for f in found if f), "OR")


def _pyproject(doc: dict[str, Any], notes: list[str], path: str) -> str | None:
    project = _dict(doc.get("project"))
    tool = _dict(doc.get("tool"))
    poetry = _dict(tool.get("poetry"))
    flit = _dict(_dict(tool.get("flit")).get("metadata"))
    for table in (project, poetry, flit):
        value = table.get("license")
        if isinstance(value, str) and value.strip():
            return _from_name(value)
        if isinstance(value, dict):
            text, file = value.get("text"), value.get("file")
            if isinstance(text, str) and text.strip():
                return _from_name(text)
            if isinstance(file, str):
                notes.append(f"{path} points to a licence file ({file})")
    for table in (project, poetry, flit):
        found = _classifiers(table.get("classifiers"))
        if found:
            return found
    return None


def _cargo(doc: dict[str, Any], notes: list[str], path: str) -> str | None:
    package = _dict(doc.get("package"))
    workspace_package = _dict(_dict(doc.get("workspace")).get("package"))
    for table in (package, workspace_package):
        value = table.get("license")
        if isinstance(value, str) and value.strip():
            return catalog.normalise_expression(value)
        if isinstance(value, dict) and value.get("workspace") is True:
            notes.append(f"{path} inherits its licence from the workspace")
        file = table.get("license-file")
        if isinstance(file, str):
            notes.append(f"{path} points to a licence file ({file})")
    return None


def _setup_cfg(path: str, data: bytes, notes: list[str]) -> str | None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(decode_text(path, data), source=path)
    except configparser.MissingSectionHeaderError as exc:
        raise ManifestError(
            "no [section] header before the first key", path=path, line=exc.lineno
        ) from exc
    except configparser.ParsingError as exc:
        line = exc.errors[0][0] if exc.errors else None
        raise ManifestError("invalid INI syntax", path=path, line=line) from exc
    except configparser.Error as exc:
        raise ManifestError(f"invalid INI: {exc.message}", path=path) from exc
    if not parser.has_section("metadata"):
        return None
    meta = parser["metadata"]
    for key in ("license_expression", "license-expression", "license"):
        value = meta.get(key, "").strip()
        if value.startswith(("file:", "attr:")):
            notes.append(f"{path} points elsewhere for its licence ({value})")
        elif value:
            return _from_name(value)
    classifiers = meta.get("classifiers", "")
    if classifiers.strip().startswith("file:"):
        return None
    return _classifiers([c.strip() for c in classifiers.splitlines() if c.strip()])


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _pom(path: str, data: bytes, notes: list[str]) -> str | None:
    root = load_xml(path, data)
    if _local(root.tag) != "project":
        return None
    found: list[str] = []
    for block in root:
        if _local(block.tag) != "licenses":
            continue
        for licence in block:
            if _local(licence.tag) != "license":
                continue
            fields = {_local(child.tag): (child.text or "").strip() for child in licence}
            name, url = fields.get("name", ""), fields.get("url", "")
            if "${" in name:
                notes.append(f"{path} names its licence through a property ({name})")
                continue
            expression = _from_name(name, url or None) if name else None
            if expression is None and url:
                expression = catalog.spdx_for_url(url) or catalog.licence_ref(url)
            if expression:
                found.append(expression)
    return catalog.join_expressions(found, "OR")


_GEM_LICENCE = re.compile(r"^[ \t]*\w+\.licenses?[ \t]*=[ \t]*(.+)$", re.MULTILINE)
_GEM_STRING = re.compile(r"\"([^\"\\\n]{1,200})\"|'([^'\\\n]{1,200})'")
_GEM_WORDS = re.compile(r"%[wW]\s*[\[({<]([^\])}>]{0,400})[\])}>]")


def _gemspec(data: bytes, notes: list[str], path: str) -> str | None:
    text = data[:200_000].decode("utf-8", errors="replace")
    found: list[str] = []
    for assignment in _GEM_LICENCE.finditer(text):
        rhs = assignment.group(1)
        names = [a or b for a, b in _GEM_STRING.findall(rhs)]
        for words in _GEM_WORDS.findall(rhs):
            names.extend(words.split())
        if not names:
            notes.append(f"{path} sets its licence from code ({rhs.strip()[:60]}); not read")
        found.extend(e for e in (catalog.normalise_expression(n) for n in names) if e)
    return catalog.join_expressions(found, "OR")


# --------------------------------------------------------------------------------------------
# SPDX headers

_HEADER = re.compile(rb"SPDX-License-Identifier:[ \t]*([^\r\n]*)")
_COMMENT_END = re.compile(
    r"(?<!\s)\s*+(?:\*/|-->|--%>|%>|#}|\*\)|-}|\]\]>|\"\"\"|'''|[\"';,])\s*+$"
)


def find_spdx_identifiers(head: bytes) -> list[str]:
    """The expressions of ``SPDX-License-Identifier:`` lines at the top of a file, normalised."""
    if b"SPDX-License-Identifier" not in head:
        return []
    window = head[:HEADER_BYTES]
    end = -1
    for _ in range(HEADER_LINES):
        end = window.find(b"\n", end + 1)
        if end < 0:
            break
    if end >= 0:
        window = window[:end]
    found: list[str] = []
    for match in _HEADER.finditer(window):
        value = match.group(1).decode("utf-8", errors="replace").strip()
        previous = None
        while value != previous:
            previous, value = value, _COMMENT_END.sub("", value).strip()
        expression = catalog.normalise_expression(value) if value else None
        if expression and expression not in found:
            found.append(expression)
    return found


# --------------------------------------------------------------------------------------------
# Text matching


def _words_text(words: list[str]) -> str:
    return " " + " ".join(words) + " "


def match_licence_text(text: str) -> list[tuple[str, float]]:
    """The SPDX ids of the licences in a text, best first, each with a confidence in 0..1.

    Empty when nothing reaches ``THRESHOLD``. Several results mean several licence texts in one
    file (MIT followed by Apache-2.0), not alternatives for one text.
    """
    words = catalog.licence_words(text[:MAX_TEXT])
    if len(words) < 10:
        return []
    found = catalog.shingles(words)
    size = len(found)
    candidates: list[tuple[catalog.LicenceModel, int]] = []
    for pre in catalog.licence_prefilters():  # models are built only for what passes
        total = pre.shingle_count
        if size < THRESHOLD * total:
            continue  # the file is too short to hold this licence
        if len(pre.sample & found) < PREFILTER * len(pre.sample):
            continue
        model = catalog.licence_model(pre.spdx)
        if model is None:
            continue
        common = len(model.shingles & found)
        if common >= THRESHOLD * total:
            candidates.append((model, common))
    chosen: list[tuple[catalog.LicenceModel, float]] = []
    remaining = set(found)
    while candidates:
        best_index, best_dice = -1, -1.0
        for index, (model, common) in enumerate(candidates):  # in id order: ties go to the first
            new = len(model.shingles & remaining) if chosen else common
            if chosen and new < NEW_TEXT * len(model.shingles):
                continue
            dice = 2 * new / (len(model.shingles) + len(remaining))
            if dice > best_dice:
                best_index, best_dice = index, dice
        if best_index < 0:
            break
        model, common = candidates.pop(best_index)
        chosen.append((model, common / len(model.shingles)))
        remaining -= model.shingles
    if not chosen:
        return []
    flat = _words_text(words)
    out: list[tuple[str, float]] = []
    for model, containment in chosen:
        spdx = model.spdx
        rule = model.or_later
        if rule is not None and _is_or_later(flat, rule):
            spdx = rule.or_later
        out.append((spdx, round(min(containment, 1.0), 3)))
    return out


def _is_or_later(flat: str, rule: catalog.OrLaterRule) -> bool:
    notices = flat.count(f" {rule.notice} ")
    appendices = flat.count(f" {rule.appendix} ")
    return notices > appendices


# --------------------------------------------------------------------------------------------
# Summary


def _decode_licence(data: bytes) -> str | None:
    """The text of a licence file; None for a binary one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        return None
    return data[: MAX_TEXT * 2].decode("utf-8", errors="replace")


def _match_file(text: str) -> list[tuple[str, float]]:
    """Text matches, else an SPDX identifier in the file, else a bare licence name."""
    matches = match_licence_text(text)
    if matches:
        return matches
    identifiers = find_spdx_identifiers(text[:HEADER_BYTES].encode("utf-8", errors="replace"))
    if identifiers:
        return [(identifiers[0], 0.9)]
    short = " ".join(text.split())
    if 0 < len(short) <= 80:
        named = catalog.spdx_for_name(short) or catalog.known_expression(short)
        if named and not named.startswith("LicenseRef-"):
            return [(named, 0.9)]
    return []


_POINTER_MAX = 600  # characters: a licence text is longer, a "see LICENSE-*" note is not
_WORDS = re.compile(r"[a-z0-9]+")


def _points_to(text: str, matched: Sequence[str]) -> bool:
    """Whether a short root file no text matches just names the licences other files hold.

    ripgrep's ``COPYING`` reads "This project is dual-licensed under the Unlicense and MIT
    licenses" next to ``UNLICENSE`` and ``LICENSE-MIT``: a pointer, not an unknown licence.
    Short, mentions licensing, names every matched licence by the first part of its id
    (``MIT``, ``Apache``, ``Unlicense``, ``BSD``) and no other shipped licence.
    """
    if not matched or UNKNOWN in matched or len(text.strip()) > _POINTER_MAX:
        return False
    words = set(_WORDS.findall(text.lower()))
    if not words & {"license", "licenses", "licence", "licences", "licensed", "licenced"}:
        return False
    named = {spdx.split("-", 1)[0].lower() for spdx in matched}
    others = {spdx.split("-", 1)[0].lower() for spdx in catalog.licence_texts()} - named
    return named <= words and not others & words


def _reuse_id(path: str) -> str:
    """The SPDX id a REUSE ``LICENSES/`` file name gives; ``exception:<id>`` for exceptions."""
    found = _REUSE.match(path.strip("/"))
    stem = found.group(1) if found else path
    if catalog.is_exception(stem):
        return f"exception:{stem}"
    return catalog.known_expression(stem) or catalog.licence_ref(stem.removeprefix("LicenseRef-"))


def _score(spdx: str, text: str) -> float | None:
    """How much of a shipped licence's text a file holds; None if the licence is not shipped."""
    base = spdx.replace("-or-later", "-only")
    model = catalog.licence_model(base)
    if model is None:
        return None
    present = catalog.shingles(catalog.licence_words(text[:MAX_TEXT]))
    return round(len(model.shingles & present) / len(model.shingles), 3)


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _or_later_from(spdx: str, hints: set[str]) -> str:
    """``X-or-later`` for a text-only ``X-only`` when metadata or headers say or-later."""
    rule = catalog.OR_LATER.get(spdx)
    if rule and rule.or_later in hints and spdx not in hints:
        return rule.or_later
    return spdx


def _lgpl_over_gpl(ids: list[str]) -> list[str]:
    if any(i.startswith("LGPL-3.0") for i in ids):
        return [i for i in ids if not i.startswith("GPL-3.0")]
    return ids


def _agree(declared: str, detected: str) -> bool:
    if catalog.equivalent(declared, detected):
        return True
    detected_keys = catalog.expression_keys(detected)
    substituted = declared
    for ref, prefixes in catalog.FAMILIES.items():
        if ref not in substituted:
            continue
        member = next((k for k in detected_keys if k.startswith(prefixes)), None)
        if member is None:
            return False
        substituted = re.sub(rf"(?<![\w.-]){re.escape(ref)}(?![\w.-])", member, substituted)
    return substituted != declared and catalog.equivalent(substituted, detected)


def summarise(
    licence_files: Mapping[str, bytes],
    metadata_files: Mapping[str, bytes],
    header_counts: Mapping[str, int],
) -> tuple[RepoLicence, list[tuple[str, str]]]:
    """The repository's licence from its licence files, metadata and SPDX header counts.

    ``licence_files`` maps paths (any of :func:`licence_file_role`'s roles; others are ignored)
    to contents; ``metadata_files`` likewise for :func:`is_metadata_file` paths;
    ``header_counts`` maps header expressions to how many files carry them. Returns the
    verdict and warnings as ``(path, message)`` for files that could not be read.
    """
    findings: list[LicenceFinding] = []
    notes: list[str] = []
    warnings: list[tuple[str, str]] = []

    # declared ---------------------------------------------------------------------------
    root_declared: list[tuple[str, str]] = []
    nested_declared: list[str] = []
    for path in sorted(metadata_files):
        if not is_metadata_file(path):
            continue
        try:
            expressions, file_notes = _declared(path, metadata_files[path])
        except ManifestError as exc:
            where = f"line {exc.line}: " if exc.line is not None else ""
            warnings.append((path, f"{where}{exc.reason}"))
            continue
        notes.extend(file_notes)
        for expression in expressions:
            findings.append(LicenceFinding(expression, LicenceSource.METADATA, path))
            if "/" in path.strip("/"):
                nested_declared.append(expression)
            else:
                root_declared.append((path, expression))
    declared = catalog.join_expressions(_unique(e for _, e in root_declared), "AND")
    if len(_unique(e for _, e in root_declared)) > 1:
        said = "; ".join(f"{p} says {e}" for p, e in root_declared)
        notes.append(f"root metadata files disagree: {said}")
    if declared is None and nested_declared:
        counts = Counter(nested_declared)
        declared = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        notes.append(
            f"no root metadata; declared is the most common of {len(nested_declared)} "
            f"package declarations ({declared} x{counts[declared]})"
        )

    # headers ----------------------------------------------------------------------------
    headers: Counter[str] = Counter()
    for raw, count in header_counts.items():
        normalised = catalog.normalise_expression(raw)
        if normalised and count > 0:
            headers[normalised] += count
    for expression, count in sorted(headers.items(), key=lambda kv: (-kv[1], kv[0])):
        findings.append(LicenceFinding(expression, LicenceSource.HEADER, "", 1.0, count))

    # detected ---------------------------------------------------------------------------
    hints = set(catalog.expression_keys(declared or ""))
    for expression in headers:
        hints.update(catalog.expression_keys(expression))
    root_ids: list[str] = []
    reuse_ids: list[str] = []
    unknown_files: list[str] = []
    notices: list[str] = []
    for path in sorted(licence_files):
        role = licence_file_role(path)
        if role is None:
            continue
        if role == "notice":
            notices.append(path)
            continue
        text = _decode_licence(licence_files[path])
        if text is None:
            warnings.append((path, "licence file is binary; not read"))
            if role == "root":
                unknown_files.append(path)
                findings.append(LicenceFinding(UNKNOWN, LicenceSource.FILE, path, 0.0))
            continue
        if role == "reuse":
            spdx = _reuse_id(path)
            if spdx.startswith("exception:"):
                spdx = spdx.removeprefix("exception:")
                notes.append(f"{path} is a licence exception ({spdx}), not a licence")
                continue
            score = _score(spdx, text)
            if score is not None and score < THRESHOLD:
                notes.append(f"{path}: the text does not look like {spdx} ({score:.0%} of it)")
            confidence = 1.0 if score is None else score
            findings.append(LicenceFinding(spdx, LicenceSource.FILE, path, confidence))
            reuse_ids.append(spdx)
            continue
        matches = _match_file(text)
        if not matches:
            if role == "root":
                unknown_files.append(path)
                findings.append(LicenceFinding(UNKNOWN, LicenceSource.FILE, path, 0.0))
            continue
        if len(matches) > 1 and role == "root":
            notes.append(
                f"{path} holds several licence texts ({', '.join(s for s, _ in matches)}); "
                "read as a choice (OR)"
            )
        for spdx, confidence in matches:
            final = spdx
            if role == "root":
                final = _or_later_from(spdx, hints)
                if final != spdx:
                    notes.append(
                        f"{path}: the licence text cannot tell {spdx} from {final}; "
                        f"taking {final} from the metadata or SPDX headers"
                    )
                root_ids.append(final)
            findings.append(LicenceFinding(final, LicenceSource.FILE, path, confidence))

    root_ids = _lgpl_over_gpl(_unique(root_ids))
    for path in list(unknown_files):
        text = _decode_licence(licence_files[path])
        if text is not None and _points_to(text, root_ids):
            unknown_files.remove(path)
            findings[:] = [f for f in findings if not (f.path == path and f.spdx == UNKNOWN)]
            notes.append(
                f"{path} only points to the other licence files ({', '.join(root_ids)}); "
                "no licence text of its own"
            )
    if unknown_files:
        root_ids.append(UNKNOWN)
        notes.append(f"no shipped licence text matches {', '.join(unknown_files)}; read it by hand")
    detected = catalog.join_expressions(root_ids, "OR")
    extra_reuse = [r for r in _unique(reuse_ids) if r not in root_ids]
    if extra_reuse:
        detected = catalog.join_expressions(
            [*([detected] if detected else []), *extra_reuse], "AND"
        )

    # verdict ----------------------------------------------------------------------------
    if detected is None and declared is None:
        status = LicenceStatus.NONE
        nested = _unique(f.path for f in findings if f.source is LicenceSource.FILE)
        if nested:
            notes.append(f"licence files only in nested packages: {', '.join(nested)}")
        if notices:
            notes.append(f"{', '.join(notices)} is an attribution notice, not a licence")
        if headers:
            top = ", ".join(f"{e} x{n}" for e, n in headers.most_common(3))
            notes.append(f"no licence file or metadata, but source files carry SPDX headers: {top}")
    elif detected is not None and UNKNOWN in catalog.expression_keys(detected):
        status = LicenceStatus.UNKNOWN
    elif detected is not None and declared is not None:
        agree = _agree(declared, detected)
        if not agree and reuse_ids:
            keys = set(catalog.expression_keys(detected))
            agree = set(catalog.expression_keys(declared)) <= keys
        status = LicenceStatus.OK if agree else LicenceStatus.MISMATCH
    else:
        status = LicenceStatus.OK

    covered = set(catalog.expression_keys(detected or "")) | set(
        catalog.expression_keys(declared or "")
    )
    stray = [(e, n) for e, n in headers.items() if not set(catalog.expression_keys(e)) <= covered]
    if stray and (detected or declared):
        listed = ", ".join(f"{e} x{n}" for e, n in sorted(stray, key=lambda x: (-x[1], x[0])))
        notes.append(f"SPDX headers name licences the repository does not declare: {listed}")

    licence = RepoLicence(
        declared=declared,
        detected=detected,
        status=status,
        findings=tuple(findings),
        notes=tuple(_unique(notes)),
    )
    return licence, warnings
