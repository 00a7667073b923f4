"""A small, careful reader of HCL's structure (Terraform ``*.tf``, ``.terraform.lock.hcl``).

Not an HCL evaluator: it reads *bodies* — attributes (``name = expression``) and blocks
(``type "label" … { body }``) — and keeps only the values a dependency reader needs: a literal
string (``"~> 5.0"``, no ``${…}`` interpolation) is ``str``, an object constructor
(``{ source = "hashicorp/aws", version = "~> 5.0" }``) is a ``dict`` of the same, and anything
else (references, function calls, templates, numbers, tuples) is ``None``.

Tokenising is careful where HCL is subtle: ``#``, ``//`` and ``/* */`` comments; strings whose
``${ … }``/``%{ … }`` interpolations nest braces and further strings; ``$${`` escapes;
heredocs (``<<EOF``/``<<-EOF`` … ``EOF``); an attribute's expression runs to the end of the line
unless brackets are open. Malformed input (an unterminated string or heredoc, unbalanced
braces, nesting deeper than :data:`MAX_DEPTH`) is a :class:`ManifestError` with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lodestar.errors import ManifestError

MAX_DEPTH = 100
Value = str | dict[str, "Value"] | None

_TOKEN = re.compile(
    r"""
    [ \t\r\f]*
    (?:
    (?P<nl>\n)
    |(?P<comment>\#[^\n]*|//[^\n]*|/\*[\s\S]*?\*/)
    |(?P<heredoc><<-?[ \t]*(?P<marker>[A-Za-z_][\w-]*)[ \t]*\r?\n)
    |(?P<literal>"(?:[^"\\$%\n]|\\[^\n]|\$\$\{|%%\{|\$(?!\{)|%(?!\{))*+")
    |(?P<quote>")
    |(?P<ident>[A-Za-z_][\w-]*)
    |(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    |(?P<open>[{\[(])
    |(?P<close>[}\])])
    |(?P<op>==|!=|<=|>=|&&|\|\||=>|\.\.\.|[=,:?.!<>+\-*/%&|;~])
    |(?P<end>\Z)
    )
    """,
    re.VERBOSE,
)
_STRING_RUN = re.compile(r'(?:[^"\\$%\n]|\\.|\$\$\{|%%\{|\$(?!\{)|%(?!\{))*')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)|\$\$\{|%%\{")
_PAIRS = {"{": "}", "[": "]", "(": ")"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # nl, string, template, ident, number, open, close, op
    text: str  # the literal value of a string; the source text otherwise
    line: int


@dataclass(slots=True)
class Block:
    """``type "label" … { body }``; ``attributes`` map a name to (value, line)."""

    type: str
    labels: tuple[str, ...]
    line: int
    attributes: dict[str, tuple[Value, int]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def value(self, name: str) -> Value:
        return self.attributes[name][0] if name in self.attributes else None

    def children(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.type == kind]


def _unescape(raw: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)[1:]  # $${ → ${, %%{ → %{
        return _ESCAPES.get(match.group(1), match.group(0))

    return _ESCAPE.sub(one, raw)


class _Lexer:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.pos = 0
        self.line = 1
        self.tokens: list[Token] = []

    def fail(self, message: str) -> ManifestError:
        return ManifestError(message, path=self.path, line=self.line)

    def run(self) -> list[Token]:
        while self.next_token():
            pass
        return self.tokens

    def next_token(self) -> bool:
        """Lex one token (after blanks); False at the end of the text."""
        match = _TOKEN.match(self.text, self.pos)
        if match is None:
            self.pos += len(self.text[self.pos :]) - len(self.text[self.pos :].lstrip(" \t\r\f"))
            raise self.fail(f"unexpected character {self.text[self.pos]!r}")
        kind = match.lastgroup or ""
        start_line = self.line
        self.pos = match.end()
        if kind == "literal":
            self.tokens.append(Token("string", _unescape(match.group(kind)[1:-1]), start_line))
        elif kind == "quote":
            literal, value = self.string()
            self.tokens.append(Token("string" if literal else "template", value, start_line))
        elif kind == "heredoc":
            self.line += 1
            self.heredoc(match.group("marker"))
            self.tokens.append(Token("template", "", start_line))
        elif kind == "nl":
            self.tokens.append(Token(kind, "\n", start_line))
            self.line += 1
        elif kind == "comment":
            self.line += match.group(kind).count("\n")
        elif kind == "end":
            return False
        else:
            self.tokens.append(Token(kind, match.group(kind), start_line))
        return True

    def string(self) -> tuple[bool, str]:
        """After an opening quote: (whether it is a plain literal, its value)."""
        parts: list[str] = []
        literal = True
        while True:
            run = _STRING_RUN.match(self.text, self.pos)
            assert run is not None  # noqa: S101  the pattern matches the empty string
            parts.append(run.group(0))
            self.pos = run.end()
            rest = self.text[self.pos : self.pos + 2]
            if rest[:1] == '"':
                self.pos += 1
                return literal, _unescape("".join(parts)) if literal else ""
            if rest in ("${", "%{"):
                literal = False
                self.pos += 2
                self.interpolation()
                continue
            raise self.fail("unterminated string")

    def interpolation(self) -> None:
        """Skip a ``${ … }`` to its closing brace (braces and strings may nest inside)."""
        depth = 1
        while depth:
            match = _TOKEN.match(self.text, self.pos)
            if match is None or match.lastgroup in ("end", "heredoc"):
                raise self.fail("unterminated interpolation")
            self.pos = match.end()
            kind = match.lastgroup
            if kind == "quote":
                self.string()
            elif kind == "open" and match.group(kind) == "{":
                depth += 1
            elif kind == "close" and match.group(kind) == "}":
                depth -= 1
            if depth > MAX_DEPTH:
                raise self.fail(f"nested deeper than {MAX_DEPTH} levels")
            self.line += match.group(0).count("\n")

    def heredoc(self, marker: str) -> None:
        ending = re.compile(rf"^[ \t]*{re.escape(marker)}[ \t]*\r?$", re.MULTILINE)
        match = ending.search(self.text, self.pos)
        if match is None:
            raise self.fail(f"unterminated heredoc <<{marker}")
        self.line += self.text.count("\n", self.pos, match.end())
        self.pos = match.end()


class _Parser:
    def __init__(self, path: str, tokens: list[Token], keep: frozenset[str] | None = None) -> None:
        self.path = path
        self.tokens = tokens
        self.keep = keep  # top-level block types worth reading; others are skipped
        self.i = 0

    def fail(self, message: str, line: int | None = None) -> ManifestError:
        if line is None:
            line = self.tokens[min(self.i, len(self.tokens) - 1)].line if self.tokens else 1
        return ManifestError(message, path=self.path, line=line)

    def peek(self, offset: int = 0) -> Token | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def body(self, into: Block, depth: int) -> None:
        """Attributes and blocks up to a closing ``}`` (consumed) or, at the top, the end."""
        if depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH} levels")
        while True:
            token = self.peek()
            if token is None:
                if depth:
                    raise self.fail(f"block {into.type} opened on line {into.line} is not closed")
                return
            if token.kind == "nl" or token.text in (",", ";"):
                self.i += 1
            elif token.text == "}":
                if not depth:
                    raise self.fail("unbalanced '}'", token.line)
                self.i += 1
                return
            elif token.kind in ("ident", "string") and (nxt := self.peek(1)) is not None:
                if nxt.text in ("=", ":"):
                    self.i += 2
                    into.attributes[token.text] = (self.expression(depth), token.line)
                else:
                    self.block(into, depth)
            else:
                raise self.fail(f"unexpected {token.text!r}", token.line)

    def block(self, parent: Block, depth: int) -> None:
        head = self.tokens[self.i]
        self.i += 1
        labels: list[str] = []
        while (token := self.peek()) is not None and token.kind in ("ident", "string"):
            labels.append(token.text)
            self.i += 1
        if token is None or token.text != "{":
            raise self.fail(f"expected '{{' after {head.text}", head.line)
        self.i += 1
        if self.keep is not None and depth == 0 and head.text not in self.keep:
            self.skip(head)
            return
        block = Block(head.text, tuple(labels), head.line)
        self.body(block, depth + 1)
        parent.blocks.append(block)

    def skip(self, head: Token) -> None:
        """Past the ``}`` closing a block whose contents are not needed."""
        depth = 1
        tokens = self.tokens
        for i in range(self.i, len(tokens)):
            text = tokens[i].text
            if text == "{" and tokens[i].kind == "open":
                depth += 1
            elif text == "}" and tokens[i].kind == "close":
                depth -= 1
                if not depth:
                    self.i = i + 1
                    return
        raise self.fail(f"block {head.text} opened on line {head.line} is not closed", head.line)

    def expression(self, depth: int) -> Value:
        """Tokens up to the end of the line (brackets balanced), as a Value."""
        start = self.i
        stack: list[str] = []
        while (token := self.peek()) is not None:
            if not stack and (token.kind == "nl" or token.text in (",", "}")):
                break
            if token.kind == "open":
                stack.append(_PAIRS[token.text])
                if len(stack) + depth > MAX_DEPTH:
                    raise self.fail(f"nested deeper than {MAX_DEPTH} levels", token.line)
            elif token.kind == "close" and (not stack or stack.pop() != token.text):
                raise self.fail(f"unbalanced {token.text!r}", token.line)
            self.i += 1
        if stack:
            raise self.fail("unclosed bracket in expression", self.tokens[start].line)
        return self.value(self.tokens[start : self.i], depth)

    def value(self, tokens: list[Token], depth: int) -> Value:
        if len(tokens) == 1 and tokens[0].kind == "string":
            return tokens[0].text
        if len(tokens) >= 2 and tokens[0].text == "{" and tokens[-1].text == "}":
            inner = _Parser(self.path, tokens[1:-1])
            holder = Block("{", (), tokens[0].line)
            try:
                inner.body(holder, 0)
            except ManifestError:
                return None  # a for-expression or another non-object form
            return {k: v for k, (v, _line) in holder.attributes.items()}
        return None


def read_hcl(path: str, data: bytes, keep: frozenset[str] | None = None) -> Block:
    """The file's top-level body, as a Block of type ``""``.

    ``keep`` names the top-level block types to read; the others are only checked for balanced
    braces (a ``resource`` body is not needed to find providers and modules).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ManifestError(f"not UTF-8: {exc.reason}", path=path) from None
    tokens = _Lexer(path, text.lstrip("\ufeff")).run()
    root = Block("", (), 1)
    _Parser(path, tokens, keep).body(root, 0)
    return root
