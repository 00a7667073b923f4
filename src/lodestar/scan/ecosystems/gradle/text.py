"""Static reading of Gradle build scripts (Groovy and Kotlin DSL): text, blocks and variables.

Nothing is executed. A script is lexed once with one regular expression into string literals and
comments; the result is a *masked* copy of the text of the same length in which comments are
blanked (newlines kept, so offsets and lines still match) and string contents are replaced by
``\\x01``, so brackets and keywords can be searched for without being fooled by strings or
comments. String values are kept by their offset.

Variables are collected from simple, static forms, most explicit first:
``val x = "1.2"`` / ``def x = '1.2'`` / ``String x = …``, ``ext.x = …``, ``ext["x"] = …``,
``extra["x"] = …``, ``set("x", …)``, ``val x by extra("…")``; then plain ``x = "…"`` (in
``ext { }`` blocks); then Groovy map entries ``x: "…"`` (``ext.libs = [junit: "…"]``).
Double-quoted values interpolate ``$x``/``${x}`` (Groovy GString, Kotlin template) when looked
up; single-quoted Groovy strings are literal. Anything computed (method calls, conditionals,
``System.getenv``) is not seen.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

MASK = "\x01"
_LEX = re.compile(
    r"""
    (?P<s3>\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?''')
    |(?P<dq>"(?:\\.|\$\{(?:[^{}"\n]|"[^"\n]*")*+\}|[^"\\\n])*+")
    |(?P<sq>'(?:\\.|[^'\\\n])*')
    |(?P<lc>//[^\n]*)
    |(?P<bc>/\*[\s\S]*?(?:\*/|\Z))
    """,
    re.VERBOSE,
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_BRACKETS = re.compile(r"[{}()\[\]]")
_CLOSERS = {"}": "{", ")": "(", "]": "["}
STR = r"""(?:"\x01*"|'\x01*')"""
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_EXPLICIT = (
    re.compile(
        # one keyword before the name (the last of "final String x"): a run of keywords is not
        # rescanned from each of its words
        rf"\b(?:val|var|def|String|final|const)\s++({_IDENT})\s*+(?::\s*+String\s*+)?=\s*+({STR})"
    ),
    re.compile(rf"\b(?:project\.|rootProject\.)?ext\.({_IDENT})\s*=\s*({STR})"),
    re.compile(rf"\b(?:ext|extra)\s*\[\s*({STR})\s*\]\s*=\s*({STR})"),
    re.compile(rf"\bset\s*\(\s*({STR})\s*,\s*({STR})\s*\)"),
    re.compile(rf"\bval\s+({_IDENT})\s*(?::\s*String\s*)?by\s+extra\s*\(\s*({STR})\s*\)"),
)
_ASSIGNMENT = re.compile(rf"(?<![\w.$])({_IDENT})\s*=\s*({STR})")
_MAP_ENTRY = re.compile(rf"(?<![\w.$])({_IDENT})\s*:\s*({STR})")
_MAP_ASSIGNMENT = re.compile(rf"(?<![\w.$])(?:{_IDENT}\.)*({_IDENT})\s*=\s*\[")
_SCOPES = ("project.", "rootProject.", "ext.", "extra.")
# ${ x }: the braces' content whole (lookup strips it); linear on a long run of blanks
_INTERPOLATION = re.compile(r"\$\{([^{}]++)\}|\$([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")
_QUOTED_NAME = re.compile(r"""["']([\w.-]+)["']""")
MAX_DEPTH = 5


@dataclass(frozen=True, slots=True)
class Literal:
    quote: str  # ", ' (Groovy: no interpolation) or """ / '''
    raw: str  # the contents as written, escapes and templates untouched

    @property
    def interpolates(self) -> bool:
        return self.quote.startswith('"')


@dataclass(slots=True)
class Script:
    """A lexed build script: original text, masked text, literals by offset, bracket pairs."""

    text: str
    masked: str
    literals: dict[int, Literal]
    pairs: dict[int, int]  # offset of an opening bracket → offset of its closing bracket
    newlines: list[int] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # of the literals, ascending

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.newlines, offset) + 1

    def literal_at(self, offset: int) -> Literal | None:
        return self.literals.get(offset)

    def literals_in(self, start: int, end: int) -> Iterator[tuple[int, Literal]]:
        first = bisect.bisect_left(self.offsets, start)
        for offset in self.offsets[first : bisect.bisect_left(self.offsets, end)]:
            yield offset, self.literals[offset]

    def blocks(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """(start, end) of the ``{ … }`` body after each match of ``pattern`` (ending in ``{``)."""
        spans: list[tuple[int, int]] = []
        for match in pattern.finditer(self.masked):
            opening = match.end() - 1
            if opening in self.pairs:
                spans.append((opening + 1, self.pairs[opening]))
        return spans


def lex(text: str) -> Script:
    pieces: list[str] = []
    literals: dict[int, Literal] = {}
    last = 0
    for match in _LEX.finditer(text):
        token = match.group(0)
        pieces.append(text[last : match.start()])
        kind = match.lastgroup
        if kind in ("lc", "bc"):
            pieces.append(_NOT_NEWLINE.sub(" ", token))
        else:
            quote = token[:3] if kind == "s3" else token[0]
            width = len(quote)
            literals[match.start()] = Literal(quote, token[width:-width])
            pieces.append(quote + MASK * (len(token) - 2 * width) + quote)
        last = match.end()
    pieces.append(text[last:])
    masked = "".join(pieces)
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for match in _BRACKETS.finditer(masked):
        char = match.group(0)
        if char in "{([":
            stack.append((char, match.start()))
        elif stack and stack[-1][0] == _CLOSERS[char]:
            pairs[stack.pop()[1]] = match.start()
    newlines = [m.start() for m in re.finditer("\n", text)]
    return Script(text, masked, literals, pairs, newlines, sorted(literals))


class Variables:
    """Layered name → literal table, looked up with interpolation (see the module docstring)."""

    def __init__(self) -> None:
        self.values: dict[str, Literal] = {}
        self.catalog_versions: dict[str, str] = {}

    def add_properties(self, data: bytes | None) -> None:
        """``gradle.properties`` (``key=value`` / ``key: value``)."""
        if not data:
            return
        for raw in data.decode("utf-8", errors="replace").splitlines():
            line = raw.strip()
            if not line or line[0] in "#!":
                continue
            match = re.match(r"([^=:\s]+)\s*[=:]\s*(.*)", line)
            if match:
                self.values[match.group(1)] = Literal("'", match.group(2).strip())

    def add_script(self, script: Script) -> None:
        def literal(offset: int) -> Literal | None:
            return script.literals.get(offset)

        layers: list[dict[str, Literal]] = [{}, {}, {}]
        for match in _MAP_ENTRY.finditer(script.masked):
            if (value := literal(match.start(2))) is not None:
                layers[0][match.group(1)] = value
        for match in _MAP_ASSIGNMENT.finditer(script.masked):  # ext.deps = [junit: "…"]
            opening = match.end() - 1
            closing = script.pairs.get(opening, opening)
            for entry in _MAP_ENTRY.finditer(script.masked, opening, closing):
                if (value := literal(entry.start(2))) is not None:
                    layers[2][f"{match.group(1)}.{entry.group(1)}"] = value
        for match in _ASSIGNMENT.finditer(script.masked):
            if (value := literal(match.start(2))) is not None:
                layers[1][match.group(1)] = value
        for pattern in _EXPLICIT:
            for match in pattern.finditer(script.masked):
                name_literal = literal(match.start(1))
                name = name_literal.raw if name_literal is not None else match.group(1)
                if (value := literal(match.start(2))) is not None:
                    layers[2][name] = value
        for layer in layers:
            self.values.update(layer)

    def lookup(self, expression: str, depth: int = 0) -> str | None:
        """The value of ``x``, ``ext.x``, ``rootProject.ext.x``, ``deps.junit`` (a map entry),
        ``property("x")``, ``extra["x"]``, ``libs.versions.x.get()``…, or None."""
        expr = expression.strip().removesuffix(".get()").removesuffix("!!").strip()
        if expr.startswith("libs.versions."):
            return self.catalog_versions.get(expr[len("libs.versions.") :])
        quoted = _QUOTED_NAME.search(expr)
        if quoted:
            names = [quoted.group(1)]
        else:
            while expr.startswith(_SCOPES):
                expr = expr.split(".", 1)[1]
            names = [expr, expr.rsplit(".", 1)[-1]]
        for name in names:
            literal = self.values.get(name)
            if literal is not None:
                return self.resolve(literal, depth + 1)
        return None

    def resolve(self, literal: Literal, depth: int = 0) -> str:
        """A literal's value, with ``$x``/``${x}`` interpolated when its quotes allow it."""
        if not literal.interpolates or "$" not in literal.raw or depth > MAX_DEPTH:
            return literal.raw

        def one(match: re.Match[str]) -> str:
            value = self.lookup(match.group(1) or match.group(2), depth)
            return value if value is not None and "$" not in value else match.group(0)

        return _INTERPOLATION.sub(one, literal.raw)
