"""How many lines of code, comment and blank a file holds, in the language it is written in.

Pure functions of bytes: no I/O, no git. Comment syntax comes from ``lodestar.catalog.languages``;
the language from :func:`lodestar.scan.languages.detect_language`.

Counting (``count_lines``) follows cloc's conventions so totals can be compared with it:

* lines are ``\\n``-separated physical lines; a last line without a newline counts; a UTF-8
  byte-order mark is ignored; ``\\r`` before ``\\n`` is whitespace;
* a blank line holds only spaces, tabs, ``\\r``, ``\\f`` or ``\\v``;
* a comment line holds comment text and blanks only; a line with any code on it is code, even
  with a trailing comment;
* comment text is removed from the whole buffer with regular expressions (no per-character
  Python loop): block comments first-match (or nested, for languages whose comments nest), line
  comments, and string literals for languages that declare them, so ``"http://x"`` or ``"/*"``
  do not open comments;
* when a block comment with code on both sides spans lines (``a = 1; /* x`` … ``y */ b = 2;``),
  the two ends are joined and count as one line of code, the way cloc counts them;
* Python-style triple-quoted strings are comments (cloc's ``docstring_to_C``), whatever their
  role; full-line ``#`` comments are removed first so a ``\"\"\"`` inside them is ignored;
* a first ``#!`` line is code.

It works on the raw bytes (every comment marker is ASCII), so UTF-8, Latin-1 and the like count
alike and no byte sequence can make it fail; UTF-16 files hold NUL bytes and are binary here, as
to git. Work is linear in the input: block-comment patterns are possessive, and string literals
are only tokenised when a quote precedes a block opener on some line.

Where it departs from cloc on purpose: string literals are honoured where declared (cloc 1.96
ignores them unless told ``--strip-str-comments``, so ``"refs/heads/*"`` opens a comment for
it); every POD block is a comment (cloc only knows POD that starts at ``=head1``); CMake bracket
comments are comments; a Python line holding ``/*`` or ``*/`` is code (cloc drops such lines);
a blank line after a line ending in ``\\`` is blank (cloc counts it as code).

What it cannot see: it does not tokenise, so a comment marker in a literal it does not declare
(JavaScript regular expressions and template literals) is taken for a comment, as cloc takes
it; preprocessor branches (``#if 0``) are code; a line comment ending in a backslash does not
continue onto the next line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lodestar.catalog import LanguageCatalog, LanguageDef
from lodestar.catalog.languages import default_catalog
from lodestar.errors import ManifestError
from lodestar.records import LineCounts
from lodestar.safeparse import load_json

__all__ = ["count_lines"]

# --- counting ---------------------------------------------------------------------------------
#
# Every buffer is "framed": each line is a b"\n" followed by its content, so a line start is
# found by a literal newline and a last line without a newline needs no special case. All the
# work below is regular expressions and bytes methods, which run in C.

_WS = rb"[ \t\r\f\v]"
_BLANK = re.compile(rb"\n" + _WS + rb"*+$", re.MULTILINE)
_BOM = b"\xef\xbb\xbf"
_NEVER = rb"((?!))"  # a group that never matches, to keep group numbers fixed
_STRADDLE = 4096  # longest stretch of a line after the last block closer that is rescanned


def count_lines(
    language: str, data: bytes, *, catalog: LanguageCatalog | None = None
) -> LineCounts:
    """Code, comment and blank lines of ``data`` written in ``language`` (see the module doc).

    An unknown language counts every non-blank line as code. Never raises on any bytes.
    """
    cat = catalog or default_catalog()
    definition = cat.get(language)
    counter = _counter_for(definition) if definition else _count_plain
    if data.startswith(_BOM):
        data = data[3:]
    if not data:
        return LineCounts()
    return counter(data)


def _framed(data: bytes) -> bytes:
    return b"\n" + (data[:-1] if data.endswith(b"\n") else data)


def _nonblank(text: bytes) -> int:
    return text.count(b"\n") - len(_BLANK.findall(text))


def _count_plain(data: bytes) -> LineCounts:
    text = _framed(data)
    total = text.count(b"\n")
    blank = len(_BLANK.findall(text))
    return LineCounts(total - blank, 0, blank)


_COUNTERS: dict[int, tuple[LanguageDef, Callable[[bytes], LineCounts]]] = {}


def _counter_for(definition: LanguageDef) -> Callable[[bytes], LineCounts]:
    """The compiled counter of ``definition``, built once (keyed by identity: hashing a whole
    definition on every call would cost more than a small file's count)."""
    cached = _COUNTERS.get(id(definition))
    if cached is not None and cached[0] is definition:
        return cached[1]
    if len(_COUNTERS) > 2048:
        _COUNTERS.clear()
    counter = _count_notebook if definition.name == "Jupyter Notebook" else None
    if counter is None:
        counter = _Plan.build(definition).count
    _COUNTERS[id(definition)] = (definition, counter)
    return counter


def _block_pattern(opener: str, closer: str) -> bytes:
    """``opener … closer``, shortest, written so that an unclosed opener fails in linear time."""
    o = re.escape(opener.encode())
    if opener == "{-":  # Haskell pragmas ({-# … #-}) are code, as cloc counts them
        o += rb"(?!#)"
    return o + _up_to(closer)


def _up_to(closer: str) -> bytes:
    """Anything up to the first ``closer``, unrolled and possessive (no backtracking)."""
    first, rest = closer.encode()[:1], closer.encode()[1:]
    not_first = b"[^" + re.escape(first) + b"]"
    if not rest:
        return not_first + b"*+" + re.escape(first)
    return (
        b"(?:"
        + not_first
        + b"++|"
        + re.escape(first)
        + b"(?!"
        + re.escape(rest)
        + b"))*+"
        + re.escape(closer.encode())
    )


def _string_pattern(quote: str) -> bytes:
    q = re.escape(quote.encode())
    if _multiline_quote(quote):  # raw and triple-quoted literals span lines, without escapes
        return q + _up_to(quote)
    # An unterminated literal runs to the end of its line: the pattern never fails, so no
    # quote is scanned twice (linear time), and a stray quote hides nothing past its line.
    body = b"[^\\\n" + q + b"]"
    return q + body + b"*+(?:\\.(?:" + body + b")*+)*+(?:" + q + rb"|(?=\n)|\Z)"


def _multiline_quote(quote: str) -> bool:
    return len(quote) >= 3 or quote == "`"


def _string_risk(d: LanguageDef, quotes: list[str]) -> re.Pattern[bytes]:
    """Over the *reversed* text: from each block opener back to a quote or the line start.

    String literals can only change a count when one hides a block opener; a quote before an
    opener on its line is the sign of that (a line marker inside a string only removes the rest
    of a line that already holds code). Starting from the rare opener rather than from every
    quote is what makes the test cheap; the scan always matches and consumes, so a line is
    never rescanned. Group 1 is the quote found, or a newline / nothing.
    """
    qs = re.escape("".join(quotes).encode())
    opener = b"|".join(re.escape(o.encode()[::-1]) for o, _ in d.block_comment)
    return re.compile(b"(?:" + opener + b")[^" + qs + rb"\n]*+([" + qs + rb"]|\n|\Z)")


def _line_markers(d: LanguageDef) -> tuple[bytes, bytes]:
    """(literal markers, column-one patterns) as regular-expression alternations."""
    literal = b"|".join(re.escape(m.encode()) for m in d.line_comment)
    patterns = b"|".join(p.encode() for p in d.line_comment_patterns)
    return literal, patterns


def _line_start_comment(d: LanguageDef) -> bytes:
    """A comment that fills a line from its start: blanks and a marker, or a pattern."""
    literal, patterns = _line_markers(d)
    alts = []
    if literal:
        alts.append(_WS + b"*+(?:" + literal + b")")
    if patterns:
        alts.append(b"(?:" + patterns + b")")
    return b"|".join(alts)


def _line_parts(literal: bytes, patterns: bytes) -> list[bytes]:
    """Line-comment patterns: anywhere on a line a literal marker, at a line start the others."""
    line_parts = [b"(?:" + literal + rb")[^\n]*"] if literal else []
    if patterns:
        line_parts.append(rb"(?<=\n)(?:" + patterns + rb")[^\n]*")
    return line_parts


def _nested_tokens(
    d: LanguageDef, literal: bytes, patterns: bytes, string_group: bytes, line_parts: list[bytes]
) -> _Nested:
    """The token patterns of a language whose block comments nest."""
    m = re.MULTILINE
    openers = [
        re.escape(o.encode()) + (rb"(?!#)" if o == "{-" else b"") for o, _ in d.block_comment
    ]
    any_open = b"(" + b"|".join(openers) + b")"
    any_close = b"(" + b"|".join(re.escape(c.encode()) for _, c in d.block_comment) + b")"
    marker_alts = [literal] if literal else []
    if patterns:
        marker_alts.append(rb"(?<=\n)(?:" + patterns + b")")
    markers = b"(" + b"|".join(marker_alts) + b")" if marker_alts else _NEVER
    # Openers before line markers: "#[" must not be taken for "#" (Nim), "--[[" for "--".
    outer = b"|".join([string_group or _NEVER, any_open, markers])
    lead = [string_group] if string_group else []
    rest = re.compile(b"|".join([*lead, *line_parts]), m) if lead or line_parts else None
    return _Nested(re.compile(outer, m), re.compile(any_open + b"|" + any_close), rest)


def _whole_line_blocks(
    d: LanguageDef,
) -> tuple[re.Pattern[bytes] | None, re.Pattern[bytes] | None, re.Pattern[bytes] | None]:
    """Documentation blocks (POD), the end-of-code markers (``__END__``), docstrings."""
    m = re.MULTILINE
    doc_blocks = None
    if d.doc_blocks:
        alts = [
            b"(?:" + _at_line_start(s) + rb")[\s\S]*?(?:" + _at_line_start(e) + rb"|\Z)"
            for s, e in d.doc_blocks
        ]
        doc_blocks = re.compile(b"|".join(alts), m)
    end_marker = None
    if d.end_markers:
        end_marker = re.compile(b"|".join(_at_line_start(x) for x in d.end_markers), m)
    docstrings = None
    if d.docstrings:
        docstrings = re.compile(rb"(?:\"\"\"|''')(?:[^\"']++|\"(?!\"\")|'(?!''))*+(?:\"\"\"|''')")
    return doc_blocks, end_marker, docstrings


@dataclass(frozen=True, slots=True)
class _Nested:
    """Token patterns for block comments that nest."""

    outer: re.Pattern[bytes]  # 1: string literal, 2: any opener, 3: line-comment marker
    inner: re.Pattern[bytes]  # 1: opener, 2: closer (inside a comment nothing else matters)
    rest: re.Pattern[bytes] | None  # (string literal, kept) | line comment: after an unclosed one


@dataclass(frozen=True, slots=True)
class _Plan:
    """One language's compiled counting steps."""

    full_line: re.Pattern[bytes] | None  # only line comments: blanks and comments in one pass
    strip_full_lines: re.Pattern[bytes] | None  # full-line comments, removed before docstrings
    end_marker: re.Pattern[bytes] | None
    doc_blocks: re.Pattern[bytes] | None
    comments: re.Pattern[bytes] | None  # block comment | line comment
    with_strings: re.Pattern[bytes] | None  # (string literal, kept) | block | line comment
    tail: re.Pattern[bytes] | None  # line comments (and strings) only: after the last closer
    tail_with_strings: re.Pattern[bytes] | None
    string_risk: re.Pattern[bytes] | None  # over reversed text: a quote before an opener
    multiline_quotes: tuple[bytes, ...]
    single_quotes: tuple[bytes, ...]
    closers: tuple[bytes, ...]
    nested: _Nested | None
    docstrings: re.Pattern[bytes] | None
    hash_shebang: bool

    @classmethod
    def build(cls, d: LanguageDef) -> _Plan:
        m = re.MULTILINE
        literal, patterns = _line_markers(d)
        line_parts = _line_parts(literal, patterns)
        quotes = sorted(d.strings, key=len, reverse=True)
        string_group = (
            b"(" + b"|".join(_string_pattern(q) for q in quotes) + b")" if quotes else b""
        )
        blocks = [_block_pattern(o, c) for o, c in d.block_comment]
        simple = not (blocks or d.docstrings or d.doc_blocks or d.end_markers)
        start_comment = _line_start_comment(d)

        full_line = strip_full_lines = comments = with_strings = tail = tail_str = None
        risk = None
        nested = None
        if simple and start_comment:
            full_line = re.compile(rb"\n(?:" + _WS + rb"*+$|(" + start_comment + b"))", m)
        elif start_comment and not blocks:
            strip_full_lines = re.compile(rb"\n(?:" + start_comment + rb")[^\n]*", m)
        if blocks and d.nested:
            nested = _nested_tokens(d, literal, patterns, string_group, line_parts)
        elif blocks:
            # Block openers before line markers: "////" is not "//", "--[[" is not "--".
            comments = re.compile(b"|".join(blocks + line_parts), m)
            if line_parts:
                tail = re.compile(b"|".join(line_parts), m)
            if quotes:
                with_strings = re.compile(b"|".join([string_group, *blocks, *line_parts]), m)
                tail_str = re.compile(b"|".join([string_group, *line_parts]), m)
                single = [q for q in quotes if not _multiline_quote(q)]
                if single:
                    risk = _string_risk(d, single)
        doc_blocks, end_marker, docstrings = _whole_line_blocks(d)
        return cls(
            full_line=full_line,
            strip_full_lines=strip_full_lines,
            end_marker=end_marker,
            doc_blocks=doc_blocks,
            comments=comments,
            with_strings=with_strings,
            tail=tail,
            tail_with_strings=tail_str,
            string_risk=risk,
            multiline_quotes=tuple(q.encode() for q in quotes if _multiline_quote(q)),
            single_quotes=tuple(q.encode() for q in quotes if not _multiline_quote(q)),
            closers=tuple(c.encode() for _, c in d.block_comment),
            nested=nested,
            docstrings=docstrings,
            hash_shebang="#" in d.line_comment,
        )

    def count(self, data: bytes) -> LineCounts:
        text = _framed(data)
        total = text.count(b"\n")
        if self.full_line is not None:
            found = self.full_line.findall(text)
            blank = found.count(b"")
            comment = len(found) - blank
            code = total - blank - comment
        else:
            blank = len(_BLANK.findall(text))
            code = _nonblank(self.strip(text))
            comment = total - blank - code
        if self.hash_shebang and comment > 0 and data.startswith(b"#!"):
            code += 1
            comment -= 1
        return LineCounts(code, comment, blank)

    def strip(self, text: bytes) -> bytes:
        """``text`` without comment text; block comments take their newlines with them."""
        if self.end_marker is not None:
            found = self.end_marker.search(text)
            if found:
                text = text[: found.start()]
        if self.doc_blocks is not None:
            text = self.doc_blocks.sub(b"", text)
        if self.strip_full_lines is not None:
            text = self.strip_full_lines.sub(b"\n", text)
        if self.nested is not None:
            text = _strip_nested(text, self.nested)
        elif self.comments is not None:
            text = self._strip_flat(text)
        if self.docstrings is not None and b'"""' in text:
            text = _strip_docstrings(text, self.docstrings)
        elif self.docstrings is not None and b"'''" in text:
            text = self.docstrings.sub(b"", text)
        return text

    def _needs_strings(self, text: bytes) -> bool:
        """Whether a string literal might hide a comment marker (else strings can be ignored)."""
        if any(q in text for q in self.multiline_quotes):
            return True
        if self.string_risk is None:
            return False
        found = self.string_risk.findall(text[::-1])
        return any(q in found for q in self.single_quotes)

    def _strip_flat(self, text: bytes) -> bytes:
        comments, tail = self.comments, self.tail
        if self.with_strings is not None and self._needs_strings(text):
            comments, tail = self.with_strings, self.tail_with_strings
        assert comments is not None  # noqa: S101  built together with self.comments
        if not self.closers:
            return _sub(comments, text)
        # No block comment can be complete after the line of the last closer: the rest is
        # stripped of line comments only, so unclosed openers there cost nothing.
        last = max((text.rfind(c) + len(c) for c in self.closers), default=0)
        cut = text.find(b"\n", last)
        if cut == -1:
            cut = len(text)
        if cut - last > _STRADDLE:
            # Openers after the last closer fail, each after a scan to the end of the head:
            # on a giant line cut at the closer instead (exact unless that closer sits in a
            # line comment or a string on a line this long).
            cut = last
        rest = text[cut:]
        return _sub(comments, text[:cut]) + (_sub(tail, rest) if tail is not None else rest)


def _strip_docstrings(text: bytes, pattern: re.Pattern[bytes]) -> bytes:
    """Drop triple-quoted strings; with only one kind of quote, ``bytes.split`` does it."""
    if b"'''" in text:
        return pattern.sub(b"", text)
    parts = text.split(b'"""')
    if len(parts) % 2 == 0:  # the last one is never closed: it stays, as code
        parts[-1] = b'"""' + parts[-1]
        return b"".join(parts[0:-1:2]) + parts[-1]
    return b"".join(parts[0::2])


def _at_line_start(pattern: str) -> bytes:
    """``^x`` as ``\\nx``: the same on framed text, and a literal the engine can scan for."""
    return b"\n" + pattern[1:].encode() if pattern.startswith("^") else pattern.encode()


def _sub(pattern: re.Pattern[bytes], text: bytes) -> bytes:
    """Remove every match of ``pattern`` but keep its group 1 (string literals), all in C."""
    if not pattern.groups:
        return pattern.sub(b"", text)
    # split() yields text, group 1, text, group 1 …; group 1 is None where a comment matched.
    return b"".join(filter(None, pattern.split(text)))


def _strip_nested(text: bytes, tokens: _Nested) -> bytes:
    """Remove nested block comments and line comments, scanning from token to token."""
    out: list[bytes] = []
    keep_from = pos = 0
    search_outer = tokens.outer.search
    search_inner = tokens.inner.search
    while found := search_outer(text, pos):
        group = found.lastindex
        if group == 1:  # a string literal: skip it whole
            pos = found.end()
        elif group == 3:  # a line comment: drop the rest of the line
            out.append(text[keep_from : found.start()])
            end = text.find(b"\n", found.end())
            keep_from = pos = end if end != -1 else len(text)
        else:
            depth, scan = 1, found.end()
            while depth and (token := search_inner(text, scan)):
                depth += 1 if token.lastindex == 1 else -1
                scan = token.end()
            if depth:
                # Never closed: not a comment, as a regular expression would see it, and no
                # later opener can close either; what is left has line comments at most.
                rest = text[keep_from:]
                out.append(_sub(tokens.rest, rest) if tokens.rest is not None else rest)
                return b"".join(out)
            out.append(text[keep_from : found.start()])
            keep_from = pos = scan
    out.append(text[keep_from:])
    return b"".join(out)


# --- notebooks --------------------------------------------------------------------------------


def _count_notebook(data: bytes) -> LineCounts:
    """Lines of the code cells of a Jupyter notebook, counted as Python; JSON around them is not.

    cloc counts notebooks the same way (code cells only). A notebook that is not valid JSON is
    counted as plain lines.
    """
    try:
        doc = load_json("notebook", data)
    except ManifestError:
        return _count_plain(data)
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        return _count_plain(data)
    python = _counter_for(default_catalog().by_name["Python"])
    code = comment = blank = 0
    for cell in doc["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str) or not source:
            continue
        counts = python(source.encode("utf-8", "replace"))
        code += counts.code
        comment += counts.comment
        blank += counts.blank
    return LineCounts(code, comment, blank)
