"""A small tokeniser for the static subset of Ruby that Gemfiles and gemspecs are written in.

Nothing is evaluated. The reader knows string literals (``'…'``, ``"…"`` — with ``#{…}`` they are
dynamic — and ``%q<…>``/``%w[…]``/``%i[…]`` forms), symbols, ``key:`` labels and ``=>`` hash
pairs, arrays, ``true``/``false``, method calls with or without parentheses, ``.freeze``, heredocs
(skipped), ``=begin``/``=end`` comments and ``__END__``. Lines join into one statement while
brackets are open or a line ends with ``,``, ``\\``, ``=>`` or an operator. Anything else (a
constant, a method call, ``ENV.fetch(…)``) is a value the reader cannot know: ``None``.

Unterminated strings raise :class:`ManifestError` (Ruby would refuse the file too); the scan is
linear in the size of the input, and a source over 256 KiB is refused (no hand-written Gemfile or
gemspec comes near it; each token costs Python time).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from lodestar.errors import ManifestError

Value = str | tuple[str, ...] | bool | None
MAX_SOURCE = 256 << 10  # characters; the largest real Gemfiles and gemspecs are tens of KiB

_TOKEN = re.compile(
    r"""
     (?P<nl>\n)
    |(?P<comment>\#[^\n]*)
    |(?P<dstr>"(?:[^"\\]|\\.)*+")
    |(?P<sstr>'(?:[^'\\]|\\.)*+')
    |(?P<pct>%[qQwWiI]?(?:\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|<[^>]*>|\|[^|]*\|))
    |(?P<label>[A-Za-z_]\w*[?!]?:(?!:))
    |(?P<sym>:(?:[A-Za-z_]\w*[?!=]?|"(?:[^"\\]|\\.)*+"))
    |(?P<bad>["']|:"|%[qQwWiI]?[\[({<|])
    |(?P<arrow>=>)
    |(?P<ident>(?:::)?[A-Za-z_]\w*[?!]?(?:(?:::|\.|&\.)[A-Za-z_]\w*[?!]?)*)
    |(?P<num>\d[\w.]*)
    |(?P<punct>[,()\[\]{};])
    |(?P<op>\|\||&&|[-+*/<>=!|&~^.\\])
    |(?P<other>\S)
    |[ \t\r\f\v]+
    """,
    re.VERBOSE,
)
_HEREDOC = re.compile(r"<<([~-]?)([\"'`]?)([A-Za-z_]\w*)\2")
_CONTINUES = frozenset({",", "=>", "\\", "||", "&&", "+", "-", "*", "/", ".", "&", "|", "="})
_PLAIN = frozenset({"ident", "punct", "op", "num", "arrow", "other"})
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")
_JOINERS = frozenset({"punct", "op", "arrow"})
_OPENERS = frozenset({"if", "unless", "case", "while", "until", "begin", "def", "class", "module"})


class Token(NamedTuple):
    """One token: its kind, its value (strings unquoted, symbols without ``:``), its line."""

    kind: str  # str, dyn, sym, label, arrow, ident, num, punct, op, list, other
    value: str
    line: int
    items: tuple[str, ...] = ()  # the words of a %w[…] / %i[…] list


def _strip_heredocs(path: str, text: str) -> str:
    """The text with heredoc bodies, ``=begin`` blocks and what follows ``__END__`` blanked."""
    out: list[str] = []
    pending: list[tuple[bool, str]] = []  # (indented terminator allowed, terminator)
    in_comment = False
    for line in text.split("\n"):
        if pending:
            indented, word = pending[0]
            if (line.strip() if indented else line.rstrip("\r")) == word:
                pending.pop(0)
            out.append("")
        elif in_comment:
            in_comment = not line.startswith("=end")
            out.append("")
        elif line.startswith("=begin"):
            in_comment = True
            out.append("")
        elif line.rstrip() == "__END__":
            break
        else:
            code = line.split("#", 1)[0] if "<<" in line else line
            pending.extend((bool(m.group(1)), m.group(3)) for m in _HEREDOC.finditer(code))
            out.append(_HEREDOC.sub('""', line) if pending else line)
    if pending:
        raise ManifestError(f"heredoc {pending[0][1]} is never closed", path=path)
    return "\n".join(out)


def _unquote(raw: str) -> str:
    return re.sub(r"\\(.)", r"\1", raw[1:-1], flags=re.DOTALL)


def tokens(path: str, text: str) -> Iterator[Token]:
    """The significant tokens of a Ruby source (comments dropped, newlines kept)."""
    if len(text) > MAX_SOURCE:
        raise ManifestError(
            f"over {MAX_SOURCE >> 10} KiB: not a hand-written Gemfile or gemspec", path=path
        )
    text = _strip_heredocs(path, text)
    line = 1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in _PLAIN:
            yield Token(kind, match.group(), line)
        elif kind == "nl":
            yield Token("nl", "\n", line)
            line += 1
        elif kind is None or kind == "comment":
            continue
        elif kind == "bad":
            raise ManifestError("unterminated string", path=path, line=line)
        else:
            raw = match.group()
            yield _literal(kind, raw, line)
            line += raw.count("\n")


def _literal(kind: str, raw: str, line: int) -> Token:
    if kind == "dstr":
        return Token("dyn" if "#{" in raw else "str", _unquote(raw), line)
    if kind == "sstr":
        return Token("str", _unquote(raw), line)
    if kind == "pct":
        return _percent(raw, line)
    if kind == "sym":
        body = raw[1:]
        return Token("sym", _unquote(body) if body.startswith('"') else body, line)
    return Token("label", raw[:-1], line)


def _percent(raw: str, line: int) -> Token:
    letter = raw[1] if raw[1].isalpha() else "Q"
    body = raw[3:-1] if raw[1].isalpha() else raw[2:-1]
    if letter in "wWiI":
        return Token("list", body, line, tuple(body.split()))
    return Token("dyn" if letter == "Q" and "#{" in body else "str", body, line)


def statements(path: str, text: str) -> Iterator[list[Token]]:
    """Logical statements: token lists joined across lines while a statement goes on."""
    current: list[Token] = []
    depth = 0
    for token in tokens(path, text):
        kind = token.kind
        if kind == "punct":
            value = token.value
            if value in _OPEN:
                depth += 1
            elif value in _CLOSE:
                depth = max(depth - 1, 0)
            elif value == ";" and depth == 0:
                if current:
                    yield current
                    current = []
                continue
        elif kind == "nl":
            if depth > 0 or (
                current and current[-1].kind in _JOINERS and current[-1].value in _CONTINUES
            ):
                continue
            if current:
                yield current
                current = []
            continue
        current.append(token)
    if current:
        yield current


def block_effect(statement: list[Token]) -> int:
    """+1 when a statement opens a ``do``/``if``/… block that an ``end`` closes, -1 for ``end``."""
    first = statement[0]
    if first.kind == "ident" and first.value == "end":
        return -1
    last = statement[-1]
    closes = last.kind == "ident" and last.value == "end"
    if first.kind == "ident" and first.value in _OPENERS and not closes:
        return 1
    depth = 0
    for token in statement:
        if token.kind == "punct":
            depth += 1 if token.value in "([{" else -1 if token.value in ")]}" else 0
        elif depth == 0 and token.kind == "ident" and token.value == "do":
            return 0 if closes else 1
    return 0


def _split(tokens_: list[Token]) -> list[list[Token]]:
    """Comma-separated parts at bracket depth 0."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in tokens_:
        if token.kind == "punct" and token.value in "([{":
            depth += 1
        elif token.kind == "punct" and token.value in ")]}":
            depth -= 1
        elif depth == 0 and token.kind == "punct" and token.value == ",":
            parts.append([])
            continue
        parts[-1].append(token)
    return [p for p in parts if p]


def value(tokens_: list[Token]) -> Value:
    """A literal value: a string or symbol, a list of them, true/false; None when not literal."""
    while len(tokens_) >= 2 and tokens_[-2].value == "." and tokens_[-1].kind == "ident":
        tokens_ = tokens_[:-2]  # "x".freeze
    if len(tokens_) == 1:
        token = tokens_[0]
        if token.kind in {"str", "sym"}:
            return token.value
        if token.kind == "list":
            return token.items
        if token.kind == "ident" and token.value in {"true", "false"}:
            return token.value == "true"
        return None
    if len(tokens_) >= 2 and tokens_[0].value == "[" and tokens_[-1].value == "]":
        items = [value(part) for part in _split(tokens_[1:-1])]
        if all(isinstance(item, str) for item in items):
            return tuple(item for item in items if isinstance(item, str))
    return None


def call_args(tokens_: list[Token]) -> tuple[list[Value], dict[str, Value]]:
    """Positional and keyword arguments of a call, given the tokens after the method name."""
    if tokens_ and tokens_[0].kind == "punct" and tokens_[0].value == "(":
        depth = 0
        for index, token in enumerate(tokens_):
            if token.kind == "punct" and token.value in "([{":
                depth += 1
            elif token.kind == "punct" and token.value in ")]}":
                depth -= 1
                if depth == 0:
                    tokens_ = tokens_[1:index]
                    break
    else:
        for index, token in enumerate(tokens_):
            if token.kind == "ident" and token.value in {"if", "unless", "do"}:
                tokens_ = tokens_[:index]
                break
    positional: list[Value] = []
    keywords: dict[str, Value] = {}
    for part in _split(tokens_):
        if part[0].kind == "label":
            keywords[part[0].value] = value(part[1:])
        elif len(part) >= 2 and part[1].kind == "arrow" and part[0].kind in {"sym", "str"}:
            keywords[part[0].value] = value(part[2:])
        else:
            positional.append(value(part))
    return positional, keywords
