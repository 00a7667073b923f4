"""A repository's licence verdict: licence files, package metadata and SPDX headers weighed.

Pure functions over paths and bytes; the evidence is read by :mod:`lodestar.scan.licences`.

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

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lodestar.catalog import licences as catalog
from lodestar.errors import ManifestError
from lodestar.records import LicenceFinding, LicenceSource, LicenceStatus, RepoLicence
from lodestar.scan.ecosystems.documents import Documents
from lodestar.scan.licences import (
    HEADER_BYTES,
    MAX_TEXT,
    REUSE_FILE,
    THRESHOLD,
    UNKNOWN,
    LicenceRole,
    declared_with_notes,
    find_spdx_identifiers,
    is_metadata_file,
    licence_file_role,
    match_licence_text,
)

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
    found = REUSE_FILE.match(path.strip("/"))
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


@dataclass(slots=True)
class _Verdict:
    """What summarise gathers on its way: findings, notes and warnings, in the order found."""

    findings: list[LicenceFinding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def _declared_licence(
    metadata_files: Mapping[str, bytes], out: _Verdict, documents: Documents | None
) -> str | None:
    """The root metadata's declaration (several joined with AND), else the nested packages'
    most common one."""
    findings, notes, warnings = out.findings, out.notes, out.warnings
    root_declared: list[tuple[str, str]] = []
    nested_declared: list[str] = []
    for path in sorted(metadata_files):
        if not is_metadata_file(path):
            continue
        try:
            expressions, file_notes = declared_with_notes(path, metadata_files[path], documents)
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
    return declared


def _headers(header_counts: Mapping[str, int], out: _Verdict) -> Counter[str]:
    """SPDX header expressions, normalised, with how many files carry each."""
    headers: Counter[str] = Counter()
    for raw, count in header_counts.items():
        normalised = catalog.normalise_expression(raw)
        if normalised and count > 0:
            headers[normalised] += count
    for expression, count in sorted(headers.items(), key=lambda kv: (-kv[1], kv[0])):
        out.findings.append(LicenceFinding(expression, LicenceSource.HEADER, "", 1.0, count))
    return headers


@dataclass(slots=True)
class _Files:
    """What the licence files say, by role."""

    root_ids: list[str] = field(default_factory=list)
    reuse_ids: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _reuse_file(path: str, text: str, files: _Files, out: _Verdict) -> None:
    """A REUSE ``LICENSES/<id>.txt``: the id is the file name; the text only confirms it."""
    findings, notes = out.findings, out.notes
    spdx = _reuse_id(path)
    if spdx.startswith("exception:"):
        spdx = spdx.removeprefix("exception:")
        notes.append(f"{path} is a licence exception ({spdx}), not a licence")
        return
    score = _score(spdx, text)
    if score is not None and score < THRESHOLD:
        notes.append(f"{path}: the text does not look like {spdx} ({score:.0%} of it)")
    confidence = 1.0 if score is None else score
    findings.append(LicenceFinding(spdx, LicenceSource.FILE, path, confidence))
    files.reuse_ids.append(spdx)


def _licence_file(
    path: str, role: LicenceRole, text: str, hints: set[str], *, files: _Files, out: _Verdict
) -> None:
    """A root or nested licence file: the licence texts it holds."""
    findings, notes = out.findings, out.notes
    matches = _match_file(text)
    if not matches:
        if role == "root":
            files.unknown_files.append(path)
            findings.append(LicenceFinding(UNKNOWN, LicenceSource.FILE, path, 0.0))
        return
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
            files.root_ids.append(final)
        findings.append(LicenceFinding(final, LicenceSource.FILE, path, confidence))


def _read_files(licence_files: Mapping[str, bytes], hints: set[str], out: _Verdict) -> _Files:
    files = _Files()
    for path in sorted(licence_files):
        role = licence_file_role(path)
        if role is None:
            continue
        if role == "notice":
            files.notices.append(path)
            continue
        text = _decode_licence(licence_files[path])
        if text is None:
            out.warnings.append((path, "licence file is binary; not read"))
            if role == "root":
                files.unknown_files.append(path)
                out.findings.append(LicenceFinding(UNKNOWN, LicenceSource.FILE, path, 0.0))
            continue
        if role == "reuse":
            _reuse_file(path, text, files, out)
        else:
            _licence_file(path, role, text, hints, files=files, out=out)
    return files


def _detected_licence(
    licence_files: Mapping[str, bytes], hints: set[str], out: _Verdict
) -> tuple[str | None, _Files]:
    """The licences of the root licence files (a choice: OR), and REUSE's (all: AND)."""
    findings, notes = out.findings, out.notes
    files = _read_files(licence_files, hints, out)
    root_ids = _lgpl_over_gpl(_unique(files.root_ids))
    unknown_files = files.unknown_files
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
    extra_reuse = [r for r in _unique(files.reuse_ids) if r not in root_ids]
    if extra_reuse:
        detected = catalog.join_expressions(
            [*([detected] if detected else []), *extra_reuse], "AND"
        )
    return detected, files


def _status(
    declared: str | None,
    detected: str | None,
    headers: Counter[str],
    files: _Files,
    out: _Verdict,
) -> LicenceStatus:
    findings, notes = out.findings, out.notes
    if detected is None and declared is None:
        status = LicenceStatus.NONE
        nested = _unique(f.path for f in findings if f.source is LicenceSource.FILE)
        if nested:
            notes.append(f"licence files only in nested packages: {', '.join(nested)}")
        if files.notices:
            notes.append(f"{', '.join(files.notices)} is an attribution notice, not a licence")
        if headers:
            top = ", ".join(f"{e} x{n}" for e, n in headers.most_common(3))
            notes.append(f"no licence file or metadata, but source files carry SPDX headers: {top}")
    elif detected is not None and UNKNOWN in catalog.expression_keys(detected):
        status = LicenceStatus.UNKNOWN
    elif detected is not None and declared is not None:
        agree = _agree(declared, detected)
        if not agree and files.reuse_ids:
            keys = set(catalog.expression_keys(detected))
            agree = set(catalog.expression_keys(declared)) <= keys
        status = LicenceStatus.OK if agree else LicenceStatus.MISMATCH
    else:
        status = LicenceStatus.OK
    return status


def summarise(
    licence_files: Mapping[str, bytes],
    metadata_files: Mapping[str, bytes],
    header_counts: Mapping[str, int],
    documents: Documents | None = None,
) -> tuple[RepoLicence, list[tuple[str, str]]]:
    """The repository's licence from its licence files, metadata and SPDX header counts.

    ``licence_files`` maps paths (any of :func:`licence_file_role`'s roles; others are ignored)
    to contents; ``metadata_files`` likewise for :func:`is_metadata_file` paths;
    ``header_counts`` maps header expressions to how many files carry them. Returns the
    verdict and warnings as ``(path, message)`` for files that could not be read.
    ``documents`` holds the scan's parsed files (each metadata file is parsed once per scan).
    """
    out = _Verdict()
    declared = _declared_licence(metadata_files, out, documents)
    headers = _headers(header_counts, out)
    hints = set(catalog.expression_keys(declared or ""))
    for expression in headers:
        hints.update(catalog.expression_keys(expression))
    detected, files = _detected_licence(licence_files, hints, out)
    status = _status(declared, detected, headers, files, out)

    covered = set(catalog.expression_keys(detected or "")) | set(
        catalog.expression_keys(declared or "")
    )
    stray = [(e, n) for e, n in headers.items() if not set(catalog.expression_keys(e)) <= covered]
    if stray and (detected or declared):
        listed = ", ".join(f"{e} x{n}" for e, n in sorted(stray, key=lambda x: (-x[1], x[0])))
        out.notes.append(f"SPDX headers name licences the repository does not declare: {listed}")

    licence = RepoLicence(
        declared=declared,
        detected=detected,
        status=status,
        findings=tuple(out.findings),
        notes=tuple(_unique(out.notes)),
    )
    return licence, out.warnings
