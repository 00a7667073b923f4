"""Licence policy verdicts: an SPDX expression against allowed, denied and review lists.

Each licence id is *denied*, *review*, *allowed* or *unlisted* (ids compare without case).
``OR`` takes the best alternative and ``AND`` the worst part (``OR`` binds looser than
``AND``; parentheses group; ``id WITH exception`` is judged as ``id``). A malformed expression
is judged as one opaque id, which no policy lists. A small reader of the grammar rather than
a full SPDX parser: the CI gate judges a handful of expressions per run and should not pay
for building one.
"""

from __future__ import annotations

import re

__all__ = ["licence_verdict"]

_VERDICT_RANK = {"allowed": 0, "unlisted": 1, "review": 2, "denied": 3}


_TOKEN = re.compile(r"\(|\)|[^\s()]+")


def licence_verdict(
    expression: str, allowed: set[str], denied: set[str], review: set[str]
) -> tuple[str, list[str]]:
    """The verdict on an SPDX expression and the licence ids that decide it.

    A small reader of the SPDX expression grammar (``OR`` binds looser than ``AND``;
    parentheses; ``id WITH exception`` is judged as ``id``); a malformed expression is judged
    as one opaque id, which no policy lists.
    """

    def one(key: str) -> tuple[str, list[str]]:
        k = key.lower()
        for verdict, names in (("denied", denied), ("review", review), ("allowed", allowed)):
            if k in names:
                return verdict, [key]
        return "unlisted", [key]

    def combine(parts: list[tuple[str, list[str]]], best: bool) -> tuple[str, list[str]]:
        pick = min if best else max
        verdict = pick((p[0] for p in parts), key=_VERDICT_RANK.__getitem__)
        return verdict, list(dict.fromkeys(k for v, keys in parts if v == verdict for k in keys))

    tokens: list[str] = _TOKEN.findall(expression)
    pos = 0

    def peek() -> str | None:
        return tokens[pos].upper() if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def either() -> tuple[str, list[str]]:
        parts = [both()]
        while peek() == "OR":
            take()
            parts.append(both())
        return combine(parts, best=True) if len(parts) > 1 else parts[0]

    def both() -> tuple[str, list[str]]:
        parts = [single()]
        while peek() == "AND":
            take()
            parts.append(single())
        return combine(parts, best=False) if len(parts) > 1 else parts[0]

    def single() -> tuple[str, list[str]]:
        if peek() == "(":
            take()
            inner = either()
            if take() != ")":
                raise ValueError
            return inner
        if peek() in {None, ")", "AND", "OR", "WITH"}:
            raise ValueError
        found = one(take())
        if peek() == "WITH":
            take()
            if peek() in {None, "(", ")", "AND", "OR"}:
                raise ValueError
            take()
        return found

    try:
        result = either()
    except (ValueError, IndexError):
        return one(expression.strip())
    return result if pos == len(tokens) else one(expression.strip())
