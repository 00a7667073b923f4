"""Adversarial inputs for a regular expression, built from the pattern's own characters.

A backtracking engine goes super-linear when a repeated item can match the same run of text
in more than one way and what follows then fails: ``\\s+#`` searched over a long run of spaces,
``(\\S+)\\s+-`` over a long word, ``[^<]*?\\s*<`` over spaces. So for every repeat of the parsed
pattern (``*``, ``+``, ``{m,n}``, lazy or not) the inputs here are: the text that leads to the
repeat (a minimal example of everything before it), then a long run of each character the
repeated item accepts, of the repeated item's own minimal example, and of pairs of those
characters interleaved, then a character that makes the match fail. Inputs are deduplicated
and capped per pattern so that sweeping every pattern of the package stays cheap.

This is a heuristic, not a proof: it finds the classic shapes (adjacent or nested repeats over
overlapping characters), which is what hostile files have exploited in this project.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from re import _constants as c
from re import _parser as parser
from typing import Any

_CATEGORY_CHARS: dict[Any, str] = {
    c.CATEGORY_DIGIT: "1",
    c.CATEGORY_NOT_DIGIT: "a ",
    c.CATEGORY_SPACE: " \t",
    c.CATEGORY_NOT_SPACE: "a1",
    c.CATEGORY_WORD: "a1_",
    c.CATEGORY_NOT_WORD: " -",
    c.CATEGORY_LINEBREAK: "\n",
    c.CATEGORY_NOT_LINEBREAK: "a ",
}
_CANDIDATES = "a1 -._/:=<>#@\"'\\\t,;()[]{}*+?|^$!~"
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_MAX_CHARS = 8  # characters taken from one repeated item
MAX_INPUTS = 30  # inputs per pattern


def _in_set(items: list[tuple[Any, Any]], char: str) -> bool:
    code = ord(char)
    for op, av in items:
        if op is c.LITERAL and av == code:
            return True
        if op is c.RANGE and av[0] <= code <= av[1]:
            return True
        if op is c.CATEGORY and char in _CATEGORY_CHARS.get(av, ""):
            return True
    return False


def _set_chars(items: list[tuple[Any, Any]]) -> str:
    if items and items[0][0] is c.NEGATE:
        rest = items[1:]
        return "".join(ch for ch in _CANDIDATES if not _in_set(rest, ch))
    out: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.RANGE:
            out.extend((chr(av[0]), chr(av[1])))
        elif op is c.CATEGORY:
            out.append(_CATEGORY_CHARS.get(av, ""))
    return "".join(out)


def _chars(node: list[tuple[Any, Any]] | Any) -> str:
    """Every character an item can start or continue with (approximately)."""
    out: list[str] = []
    for op, av in node:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
            out.append(" " if av != ord(" ") else "-")
        elif op is c.ANY:
            out.append("a \n")
        elif op is c.IN:
            out.append(_set_chars(av))
        elif op is c.SUBPATTERN:
            out.append(_chars(av[-1]))
        elif op is c.ATOMIC_GROUP:
            out.append(_chars(av))
        elif op is c.BRANCH:
            out.extend(_chars(b) for b in av[1])
        elif op in _REPEATS:
            out.append(_chars(av[2]))
    return "".join(dict.fromkeys("".join(out)))


def example(node: list[tuple[Any, Any]] | Any) -> str:
    """A short string that the items match (best effort; assertions match nothing)."""
    out: list[str] = []
    for op, av in node:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is c.ANY:
            out.append("a")
        elif op is c.IN:
            out.append(_set_chars(av)[:1] or "a")
        elif op is c.SUBPATTERN:
            out.append(example(av[-1]))
        elif op is c.ATOMIC_GROUP:
            out.append(example(av))
        elif op is c.BRANCH:
            out.append(example(av[1][0]))
        elif op in _REPEATS:
            out.append(example(av[2]) * max(av[0], 0))
    return "".join(out)


def _pumps(node: list[tuple[Any, Any]] | Any, prefix: str) -> Iterator[tuple[str, str, str]]:
    """(prefix, characters of the repeated item, the item's own example) for every repeat."""
    items = list(node)
    for i, (op, av) in enumerate(items):
        before = prefix + example(items[:i])
        if op in _REPEATS:
            yield before, _chars(av[2]), example(av[2])
            yield from _pumps(av[2], before)
        elif op is c.SUBPATTERN:
            yield from _pumps(av[-1], before)
        elif op is c.ATOMIC_GROUP:
            yield from _pumps(av, before)
        elif op is c.BRANCH:
            for branch in av[1]:
                yield from _pumps(branch, before)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            yield from _pumps(av[1], before)


def adversarial_inputs(pattern: re.Pattern[Any], length: int) -> list[str | bytes]:
    """Long failing inputs made of the pattern's repeated characters."""
    source = pattern.pattern
    text = source.decode("latin-1") if isinstance(source, bytes) else source
    flags = pattern.flags & ~(re.UNICODE if isinstance(source, bytes) else 0)
    tree = parser.parse(text, flags)
    found: dict[str, None] = {}
    for prefix, chars, unit in _pumps(tree, ""):
        units = [*chars[:_MAX_CHARS], unit]
        units += [a + b for a, b in itertools.combinations(chars[:4], 2)]
        for piece in units:
            if piece:
                body = piece * (length // len(piece))
                # fail at the end; fail past a line end ("." and "$" stop there); or make the
                # run a middle part, after a character the repeat before it must take
                found.setdefault(prefix + body + "\x00", None)
                found.setdefault(prefix + body + "\n\x00", None)
                found.setdefault(prefix + "\x00" + body + "\x00", None)
    inputs = list(found)[:MAX_INPUTS]
    if isinstance(source, bytes):
        return [s.encode("latin-1", "replace") for s in inputs]
    return list(inputs)
