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
through :mod:`lodestar.safeparse` (XML with defusedxml: no DTDs, no entities), each by the
ecosystem family that owns the file (the module that reads its dependencies, under
:mod:`lodestar.scan.ecosystems`). Free-text names and trove classifiers are mapped to SPDX ids
where they can be, else kept as ``LicenseRef-…``. Lists of licences (composer, legacy npm
``licenses``, gemspec ``licenses``, Maven ``<licenses>``) are read as a choice: ``OR``.
Pointers to a file
(``SEE LICENSE IN …``, ``license = {file = …}``, Cargo's ``license-file``) declare nothing.

**Headers** (:func:`find_spdx_identifiers`). ``SPDX-License-Identifier:`` in the first 30 lines
and 4 KiB of a file, counted per expression by the caller.

The verdict is built by :func:`lodestar.scan.licence_summary.summarise`.
"""

from __future__ import annotations

import re
from typing import Literal

from lodestar.catalog import licences as catalog
from lodestar.errors import ManifestError
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.ecosystems.registry import licence_reader

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
REUSE_FILE = re.compile(r"^LICENSES/([A-Za-z0-9.+-]+?)(?:\.txt|\.md)?$")
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
    if len(parts) == 2 and REUSE_FILE.match(path.strip("/")):
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
    return declared_with_notes(path, data)[0]


def declared_with_notes(
    path: str, data: bytes, documents: Documents | None = None
) -> tuple[list[str], list[str]]:
    """Expressions and notes of one metadata file, read by the ecosystem family it belongs to;
    ``documents``: the scan's parsed files, so that a file is parsed once per scan."""
    reader = licence_reader(path.rsplit("/", 1)[-1])
    if reader is None:
        return [], []
    notes: list[str] = []
    try:
        found = reader(path, data, notes, Documents() if documents is None else documents)
    except RecursionError as exc:
        raise ManifestError("nested too deeply to read", path=path) from exc
    return ([found] if found else []), notes


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
