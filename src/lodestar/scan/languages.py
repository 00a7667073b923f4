"""Which language a file is written in, and whether it is binary.

Pure functions of a path and bytes: no I/O, no git. Language definitions and their comment
syntax come from ``lodestar.catalog.languages``.

Detection (``detect_language``) tries, in order: the exact file name (``Makefile``), the
extensions from longest to shortest (``.gradle.kts`` before ``.kts``; exact case, then lower
case), ``Dockerfile.*``-style prefixes, the ``#!`` line (``#!/usr/bin/env -S python3 -u``), and an
XML prolog. An extension several languages share (``.h``, ``.m``, ``.pl``, ``.ts``, ``.v`` …) is
settled by the catalog's heuristics on the first ``HEAD_LIMIT`` bytes only.

Counting lines is :mod:`lodestar.scan.line_counts`.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from lodestar.catalog import LanguageCatalog
from lodestar.catalog.languages import default_catalog

__all__ = ["BINARY_SNIFF_BYTES", "HEAD_LIMIT", "detect_language", "is_binary"]

HEAD_LIMIT = 4096  # heuristics and shebangs look no further than this
MODELINE_LINES = 5  # modelines and shell restarts are looked for in the first lines only
BINARY_SNIFF_BYTES = 8000  # git's buffer_is_binary() looks at the same amount

# --- detection --------------------------------------------------------------------------------

_PREFIXES = (
    ("Dockerfile", "Dockerfile"),
    ("Containerfile", "Dockerfile"),
    ("Makefile", "Makefile"),
    ("Jenkinsfile", "Groovy"),
    ("Vagrantfile", "Ruby"),
)
# from the start of a dotted number only, taken whole: linear on a long run of digits
_VERSION_SUFFIX = re.compile(r"[-.]?(?<!\d)(?<!\d\.)\d++(?:\.\d++)*+$")
_XML_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml\s")
_MODELINE_HINTS = re.compile(rb"-\*-|\b(?:vim?|ex):")  # a cheap test before parsing lines
_MODELINE_LITERALS = (b"-*-", b"vi:", b"vim:", b"ex:")  # one of them is in every match


def is_binary(data: bytes) -> bool:
    """True when a NUL byte occurs in the first 8000 bytes (git's own test)."""
    return data.find(b"\x00", 0, BINARY_SNIFF_BYTES) != -1


def detect_language(
    path: str, head: bytes, *, catalog: LanguageCatalog | None = None
) -> str | None:
    """The language of the file at ``path`` whose content starts with ``head``, if known."""
    cat = catalog or default_catalog()
    name = posixpath.basename(path)
    if not name:
        return None
    head = head[:HEAD_LIMIT]
    found = modeline_language(head, cat) if _may_hold_modeline(head) else None
    if found:
        return found
    found = cat.by_filename.get(name)
    if found:
        return found
    for ext in _extensions(name):
        key = ext if ext in cat.by_extension else ext.lower()
        langs = cat.by_extension.get(key)
        if not langs:
            continue
        heuristic = cat.heuristic_for.get(key)
        if heuristic is None:
            return langs[0]
        return _disambiguate(key, head, cat)
    for prefix, lang in _PREFIXES:
        if name.startswith((prefix + ".", prefix + "-")):
            return lang if lang in cat.by_name else None
    interpreter = shebang_interpreter(head)
    if interpreter:
        found = _interpreter_language(interpreter, cat)
        if found:
            return found
    if _XML_PROLOG.match(head) and "XML" in cat.by_name:
        return "XML"
    return None


def _may_hold_modeline(head: bytes) -> bool:
    """Whether :data:`_MODELINE_HINTS` matches the first 2 KiB, each of its literals looked for
    first (memchr-fast): the expression alone, with its ``\\b``, tries every position."""
    if not any(head.find(literal, 0, 2048) != -1 for literal in _MODELINE_LITERALS):
        return False
    return _MODELINE_HINTS.search(head, 0, 2048) is not None


def _extensions(name: str) -> list[str]:
    """``a.tar.gz`` → ``["tar.gz", "gz"]``; a leading dot is part of the name, not an extension."""
    stem = name.lstrip(".")
    parts = stem.split(".")
    if len(parts) < 2:
        return []
    out = [".".join(parts[i:]) for i in range(max(1, len(parts) - 3), len(parts))]
    return [e for e in out if e]


@lru_cache(maxsize=1024)
def _heuristic_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


def _disambiguate(ext: str, head: bytes, cat: LanguageCatalog) -> str | None:
    heuristic = cat.heuristic_for[ext]
    text = head.decode("latin-1")
    for rule in heuristic.rules:
        if not rule.patterns or any(_heuristic_pattern(p).search(text) for p in rule.patterns):
            return rule.language if rule.language in cat.by_name else None
    return None


def _first_lines(head: bytes, count: int = MODELINE_LINES) -> list[str]:
    """The first ``count`` lines of ``head``, each cut at 512 characters."""
    return [line[:512] for line in head[: count * 1024].decode("latin-1").split("\n")[:count]]


def modeline_language(head: bytes, cat: LanguageCatalog) -> str | None:
    """The language an Emacs or Vim modeline in the first lines names, if the catalog knows it.

    As Linguist reads them, and before any other clue: ``-*- tcl -*-``, ``-*- mode: ruby -*-``,
    ``vim: set ft=python:``, ``vi: filetype=sh``. Only the first :data:`MODELINE_LINES` lines
    are read (Linguist also reads the last five; a scan holds only a file's head).
    """
    for line in _first_lines(head):
        for value in (_emacs_mode(line), _vim_filetype(line)):
            if value:
                found = cat.find(value)
                if found:
                    return found
    return None


def _emacs_mode(line: str) -> str | None:
    start = line.find("-*-")
    end = line.find("-*-", start + 3) if start != -1 else -1
    if end == -1:
        return None
    inner = line[start + 3 : end].strip()
    if ":" not in inner:  # -*- tcl -*-
        return inner or None
    for setting in inner.split(";"):
        key, _, value = setting.partition(":")
        if key.strip().lower() == "mode":
            return value.strip() or None
    return None


def _vim_filetype(line: str) -> str | None:
    words = line.replace(":", " : ").split()
    if not any(w in ("vim", "vi", "ex") for w in words):
        return None
    for word in words:
        key, sep, value = word.partition("=")
        if sep and key in ("ft", "filetype", "syntax"):
            return value.strip() or None
    return None


def shebang_interpreter(head: bytes) -> str | None:
    """The program a ``#!`` line runs: ``#!/usr/bin/env -S python3 -u`` → ``python3``.

    A shell script that restarts itself under another program in its first lines (``exec wish
    "$0" "$@"``, the Tcl idiom) is that program's, as Linguist reads it.
    """
    if not head.startswith(b"#!"):
        return None
    end = head.find(b"\n", 0, 512)
    line = head[2 : end if end != -1 else 512].decode("latin-1").strip()
    words = line.split()
    if not words:
        return None
    program = posixpath.basename(words[0])
    if program == "env":
        program = _env_program(words[1:]) or ""
    if program in ("sh", "bash"):
        return _exec_restart(head) or program
    return program or None


def _env_program(rest: list[str]) -> str | None:
    while rest:
        word = rest[0]
        if word.startswith("-S") and len(word) > 2:  # env -Spython3
            return posixpath.basename(word[2:])
        if word.startswith("-") or "=" in word:
            rest = rest[1:]
            continue
        return posixpath.basename(word)
    return None


def _exec_restart(head: bytes) -> str | None:
    """``exec PROGRAM "$0" ...`` in the first lines of a shell script: PROGRAM."""
    for line in _first_lines(head)[1:]:
        words = line.split()
        if len(words) >= 3 and words[0] == "exec" and words[2].strip("'\"") == "$0":
            return posixpath.basename(words[1]) or None
    return None


def _interpreter_language(interpreter: str, cat: LanguageCatalog) -> str | None:
    found = cat.by_interpreter.get(interpreter)
    if found:
        return found
    bare = _VERSION_SUFFIX.sub("", interpreter)
    return cat.by_interpreter.get(bare) if bare else None
